package app_test

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"os"
	"strings"
	"testing"

	"cnht/internal/actor"
	"cnht/internal/app"
	"cnht/internal/config"
	"cnht/internal/db"
	"cnht/internal/db/dbtest"
)

func TestMain(m *testing.M) { os.Exit(dbtest.Main(m)) }

// env is a fully wired app behind a real HTTP server, with demo data.
type env struct {
	t   *testing.T
	app *app.App
	srv *httptest.Server
}

func newEnv(t *testing.T, d *db.DB) *env {
	t.Helper()
	cfg := config.Default()
	cfg.Workers = 0
	a, err := app.New(cfg, slog.New(slog.NewTextHandler(logOut(), nil)), d)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := a.LoadDemo(context.Background()); err != nil {
		t.Fatal(err)
	}
	if err := a.Search.Load(context.Background()); err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(a.Handler)
	t.Cleanup(srv.Close)
	return &env{t: t, app: a, srv: srv}
}

// client returns an HTTP client that does not follow redirects, signed in
// as the demo user of role (the public when role is empty).
func (e *env) client(role actor.Role) *http.Client {
	e.t.Helper()
	jar, _ := cookiejar.New(nil)
	c := &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	if role == actor.Public {
		return c
	}
	res, err := c.PostForm(e.srv.URL+"/login", url.Values{"email": {demoEmail(role)}, "password": {app.DemoPassword}})
	if err != nil {
		e.t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != http.StatusSeeOther {
		e.t.Fatalf("login as %s: status %d", role, res.StatusCode)
	}
	return c
}

func demoEmail(r actor.Role) string {
	return map[actor.Role]string{
		actor.Admin: "admin@cnht.demo", actor.Officer: "canbo@cnht.demo", actor.Association: "hiephoi@cnht.demo",
		actor.Enterprise: "doanhnghiep@cnht.demo", actor.Buyer: "buyer@cnht.demo", actor.Council: "hoidong@cnht.demo",
		actor.Inspector: "kiemtra@cnht.demo",
	}[r]
}

func (e *env) get(c *http.Client, path string) (*http.Response, string) {
	e.t.Helper()
	res, err := c.Get(e.srv.URL + path)
	if err != nil {
		e.t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return res, string(b)
}

func (e *env) post(c *http.Client, path string, form url.Values) (*http.Response, string) {
	e.t.Helper()
	res, err := c.PostForm(e.srv.URL+path, form)
	if err != nil {
		e.t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return res, string(b)
}

func TestHomePerRole(t *testing.T) {
	e := newEnv(t, dbtest.SQLite(t))
	cases := []struct {
		role actor.Role
		want []string
	}{
		{actor.Public, []string{`lang="vi"`, "Cổng thông tin công nghiệp hỗ trợ", "Đăng nhập"}},
		{actor.Admin, []string{"Xin chào, Quản trị hệ thống", `href="/admin/users"`}},
		{actor.Officer, []string{"Xin chào, Nguyễn Thị Hương", `href="/jobs"`}},
		{actor.Enterprise, []string{"Xin chào, Lê Minh Tuấn", "Công ty TNHH Cơ khí Chính xác Đông Anh", "nộp báo cáo thống kê"}},
		{actor.Buyer, []string{"Sarah Nguyen", "Tìm nhà cung cấp"}},
		{actor.Association, []string{"Đề xuất nội dung hỗ trợ"}},
		{actor.Council, []string{"chấm điểm"}},
		{actor.Inspector, []string{"kiểm tra"}},
	}
	for _, c := range cases {
		t.Run(string(c.role)+"home", func(t *testing.T) {
			res, body := e.get(e.client(c.role), "/")
			if res.StatusCode != 200 {
				t.Fatalf("status %d", res.StatusCode)
			}
			for _, w := range c.want {
				if !strings.Contains(body, w) {
					t.Errorf("home of %q lacks %q", c.role, w)
				}
			}
			if c.role != actor.Admin && strings.Contains(body, `href="/admin/users"`) {
				t.Errorf("%q sees the admin link", c.role)
			}
		})
	}
}

func TestLanguageSwitchPersists(t *testing.T) {
	e := newEnv(t, dbtest.SQLite(t))
	c := e.client(actor.Public)
	res, _ := e.get(c, "/lang/en?next=/login")
	if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != "/login" {
		t.Fatalf("switch: %d %s", res.StatusCode, res.Header.Get("Location"))
	}
	_, body := e.get(c, "/")
	if !strings.Contains(body, `lang="en"`) || !strings.Contains(body, "Supporting industry portal") {
		t.Fatal("English not kept on the next page")
	}
	// An outside address is never a redirect target.
	res, _ = e.get(c, "/lang/vi?next=//evil.example/")
	if loc := res.Header.Get("Location"); loc != "/" {
		t.Fatalf("open redirect to %q", loc)
	}
}

func TestLoginErrorsInUsersLanguage(t *testing.T) {
	e := newEnv(t, dbtest.SQLite(t))
	c := e.client(actor.Public)
	res, body := e.post(c, "/login", url.Values{"email": {"canbo@cnht.demo"}, "password": {"sai mật khẩu"}})
	if res.StatusCode != http.StatusUnauthorized || !strings.Contains(body, "Email hoặc mật khẩu không đúng.") || !strings.Contains(body, `value="canbo@cnht.demo"`) {
		t.Fatalf("wrong password: %d, Vietnamese message and typed e-mail kept expected", res.StatusCode)
	}
	// The same words for a user who does not exist: no hint.
	_, body2 := e.post(c, "/login", url.Values{"email": {"khongco@cnht.demo"}, "password": {"x"}})
	if !strings.Contains(body2, "Email hoặc mật khẩu không đúng.") {
		t.Fatal("unknown user answered differently")
	}
	e.get(c, "/lang/en")
	_, body = e.post(c, "/login", url.Values{"email": {"canbo@cnht.demo"}, "password": {"wrong"}})
	if !strings.Contains(body, "The e-mail address or password is not correct.") {
		t.Fatal("English error expected after switching")
	}
}

func TestSecurityHeadersAndCookies(t *testing.T) {
	e := newEnv(t, dbtest.SQLite(t))
	jar, _ := cookiejar.New(nil)
	c := &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	res, _ := e.post(c, "/login", url.Values{"email": {"canbo@cnht.demo"}, "password": {app.DemoPassword}})
	var session *http.Cookie
	for _, ck := range res.Cookies() {
		if ck.Name == "cnht_session" {
			session = ck
		}
	}
	if session == nil || !session.HttpOnly || session.SameSite != http.SameSiteLaxMode {
		t.Fatalf("session cookie: %+v", session)
	}
	res, _ = e.get(c, "/")
	csp := res.Header.Get("Content-Security-Policy")
	for _, want := range []string{"default-src 'self'", "script-src 'self'", "frame-ancestors 'none'"} {
		if !strings.Contains(csp, want) {
			t.Errorf("CSP %q lacks %q", csp, want)
		}
	}
	if res.Header.Get("X-Content-Type-Options") != "nosniff" {
		t.Error("no nosniff")
	}
}

// A form posted from another site is refused even with a valid session.
func TestCrossOriginPostRefused(t *testing.T) {
	e := newEnv(t, dbtest.SQLite(t))
	c := e.client(actor.Admin)
	req, _ := http.NewRequest("POST", e.srv.URL+"/admin/orgs", strings.NewReader("kind=buyer&name=Evil"))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Origin", "https://evil.example")
	req.Header.Set("Sec-Fetch-Site", "cross-site")
	res, err := c.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != http.StatusForbidden {
		t.Fatalf("cross-site POST: status %d", res.StatusCode)
	}
	var n int
	e.app.DB.QueryRowContext(context.Background(), `SELECT COUNT(*) FROM organisations WHERE name = 'Evil'`).Scan(&n)
	if n != 0 {
		t.Fatal("cross-site POST wrote a row")
	}
}

// A failed save shows every field's error and keeps what was typed.
func TestAdminFormKeepsInput(t *testing.T) {
	e := newEnv(t, dbtest.SQLite(t))
	c := e.client(actor.Admin)
	res, body := e.post(c, "/admin/users", url.Values{"name": {"Hoàng Văn Ánh"}, "email": {"khong-hop-le"}, "role": {"officer"}, "password": {"ngắn"}})
	if res.StatusCode != http.StatusUnprocessableEntity {
		t.Fatalf("status %d", res.StatusCode)
	}
	for _, want := range []string{`value="Hoàng Văn Ánh"`, `value="khong-hop-le"`, "Địa chỉ email không hợp lệ.", "Mật khẩu phải có ít nhất 10 ký tự.", "Vui lòng chọn một giá trị trong danh sách."} {
		if !strings.Contains(body, want) {
			t.Errorf("page lacks %q", want)
		}
	}
}

func TestErrorPagesBothLanguages(t *testing.T) {
	e := newEnv(t, dbtest.SQLite(t))
	c := e.client(actor.Buyer)
	res, body := e.get(c, "/khong-co-trang-nay")
	if res.StatusCode != 404 || !strings.Contains(body, "Không tìm thấy") {
		t.Fatalf("404 vi: %d", res.StatusCode)
	}
	res, body = e.get(c, "/admin/users")
	if res.StatusCode != 403 || !strings.Contains(body, "Bạn không có quyền thực hiện thao tác này.") {
		t.Fatalf("403 vi: %d", res.StatusCode)
	}
	e.get(c, "/lang/en")
	_, body = e.get(c, "/admin/users")
	if !strings.Contains(body, "You are not allowed to do this.") {
		t.Fatal("403 en")
	}
}

func TestHealthAndMetrics(t *testing.T) {
	e := newEnv(t, dbtest.SQLite(t))
	c := e.client(actor.Public)
	if res, body := e.get(c, "/healthz"); res.StatusCode != 200 || body != "ok\n" {
		t.Fatalf("healthz: %d %q", res.StatusCode, body)
	}
	e.get(c, "/")
	_, body := e.get(c, "/metrics")
	if !strings.Contains(body, `cnht_http_requests_total{route="GET /{$}",status="200"} 1`) || !strings.Contains(body, "cnht_http_request_duration_seconds_bucket") {
		t.Fatalf("metrics:\n%s", body)
	}
}

// logOut shows the app's log when CNHT_TEST_LOG is set.
func logOut() io.Writer {
	if os.Getenv("CNHT_TEST_LOG") != "" {
		return os.Stderr
	}
	return io.Discard
}
