package e2e

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

// build is the cnht binary, built once per test binary by the first test
// that needs it and removed by TestMain. It is this package's one piece of
// process-wide state: building per test would cost seconds each.
var build struct {
	once sync.Once
	dir  string
	path string
	root string
	err  error
}

func TestMain(m *testing.M) {
	code := m.Run()
	if build.dir != "" {
		os.RemoveAll(build.dir)
	}
	os.Exit(code)
}

// inCI reports whether the tests run under CI, where a missing tool is a
// failure rather than a reason to skip.
func inCI() bool { return os.Getenv("CI") == "true" }

// moduleRoot returns the folder of go.mod.
func moduleRoot(tb testing.TB) string {
	tb.Helper()
	binary(tb)
	return build.root
}

// binary returns the path of a freshly built cnht.
func binary(tb testing.TB) string {
	tb.Helper()
	build.once.Do(func() {
		out, err := exec.Command("go", "env", "GOMOD").Output()
		if err != nil {
			build.err = fmt.Errorf("go env GOMOD: %w", err)
			return
		}
		gomod := strings.TrimSpace(string(out))
		if gomod == "" || gomod == os.DevNull {
			build.err = errors.New("go env GOMOD: not inside the cnht module")
			return
		}
		build.root = filepath.Dir(gomod)
		build.dir, err = os.MkdirTemp("", "cnht-e2e-")
		if err != nil {
			build.err = err
			return
		}
		build.path = filepath.Join(build.dir, "cnht")
		cmd := exec.Command("go", "build", "-o", build.path, "./cmd/cnht")
		cmd.Dir = build.root
		if b, err := cmd.CombinedOutput(); err != nil {
			build.err = fmt.Errorf("go build ./cmd/cnht: %w\n%s", err, b)
		}
	})
	if build.err != nil {
		tb.Fatal(build.err)
	}
	return build.path
}

// cleanEnv is the environment for cnht processes: this process's, less
// any CNHT_ setting that would change what the tests expect.
func cleanEnv() []string {
	var env []string
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, "CNHT_") {
			env = append(env, kv)
		}
	}
	return append(env, "CNHT_LOG_FORMAT=text")
}

// runCLI runs a one-shot cnht command and returns its standard output,
// failing the test when it exits non-zero.
func runCLI(tb testing.TB, args ...string) string {
	tb.Helper()
	out, code, stderr := runCLIExit(tb, args...)
	if code != 0 {
		tb.Fatalf("cnht %s: exit %d\nstdout:\n%s\nstderr:\n%s", strings.Join(args, " "), code, out, stderr)
	}
	return out
}

// runCLIExit runs a one-shot cnht command and returns its standard
// output, exit code and standard error.
func runCLIExit(tb testing.TB, args ...string) (stdout string, code int, stderr string) {
	tb.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, binary(tb), args...)
	cmd.Env = cleanEnv()
	var o, e bytes.Buffer
	cmd.Stdout, cmd.Stderr = &o, &e
	err := cmd.Run()
	var ee *exec.ExitError
	switch {
	case err == nil:
	case errors.As(err, &ee):
		code = ee.ExitCode()
	default:
		tb.Fatalf("cnht %s: %v", strings.Join(args, " "), err)
	}
	return o.String(), code, e.String()
}

// server is a running cnht serve or cnht demo process.
type server struct {
	tb   testing.TB
	cmd  *exec.Cmd
	URL  string // http://127.0.0.1:PORT
	out  *watchWriter
	logs *lockedBuffer
	done chan struct{} // closed when the process has exited
	err  error         // from Wait, valid after done
}

var addrRE = regexp.MustCompile(`http://(127\.0\.0\.1:[0-9]+)`)

// start runs cnht with args (which must listen on 127.0.0.1:0), waits for
// it to print its address and answer /healthz, and kills it when the test
// ends. The process's log is shown when the test fails.
func start(tb testing.TB, args ...string) *server {
	tb.Helper()
	s := &server{tb: tb, out: newWatchWriter(addrRE), logs: &lockedBuffer{}, done: make(chan struct{})}
	s.cmd = exec.Command(binary(tb), args...)
	s.cmd.Env = cleanEnv()
	s.cmd.Stdout = s.out
	s.cmd.Stderr = s.logs
	s.cmd.WaitDelay = 5 * time.Second
	if err := s.cmd.Start(); err != nil {
		tb.Fatalf("start cnht %s: %v", strings.Join(args, " "), err)
	}
	go func() {
		s.err = s.cmd.Wait()
		close(s.done)
	}()
	tb.Cleanup(func() {
		s.Kill()
		if tb.Failed() {
			tb.Logf("cnht %s log:\n%s", strings.Join(args, " "), tail(s.logs.String(), 8000))
		}
	})
	select {
	case <-s.out.found:
		s.URL = "http://" + s.out.match()
	case <-s.done:
		tb.Fatalf("cnht %s exited before serving (%v)\nstdout:\n%s\nstderr:\n%s", strings.Join(args, " "), s.err, s.out.String(), s.logs.String())
	case <-time.After(20 * time.Second):
		tb.Fatalf("cnht %s printed no address in 20 s\nstdout:\n%s\nstderr:\n%s", strings.Join(args, " "), s.out.String(), s.logs.String())
	}
	s.waitHealthy()
	return s
}

// waitHealthy waits until /healthz answers 200.
func (s *server) waitHealthy() {
	s.tb.Helper()
	c := &http.Client{Timeout: time.Second}
	deadline := time.Now().Add(10 * time.Second)
	var last string
	for time.Now().Before(deadline) {
		resp, err := c.Get(s.URL + "/healthz")
		if err == nil {
			b, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return
			}
			last = fmt.Sprintf("%s: %s", resp.Status, b)
		} else {
			last = err.Error()
		}
		select {
		case <-s.done:
			s.tb.Fatalf("cnht exited while waiting for /healthz: %v", s.err)
		case <-time.After(20 * time.Millisecond):
		}
	}
	s.tb.Fatalf("%s/healthz not healthy in 10 s: %s", s.URL, last)
}

// Kill sends SIGKILL, unless the process has exited, and waits for it.
func (s *server) Kill() {
	select {
	case <-s.done:
		return
	default:
	}
	_ = s.cmd.Process.Signal(syscall.SIGKILL)
	<-s.done
}

// Signal sends sig to the process.
func (s *server) Signal(sig os.Signal) {
	s.tb.Helper()
	if err := s.cmd.Process.Signal(sig); err != nil {
		s.tb.Fatalf("signal %v: %v", sig, err)
	}
}

// Wait waits up to timeout for the process to exit and returns its exit
// code (-1 when a signal ended it).
func (s *server) Wait(timeout time.Duration) int {
	s.tb.Helper()
	select {
	case <-s.done:
	case <-time.After(timeout):
		s.tb.Fatalf("cnht did not exit within %v", timeout)
	}
	var ee *exec.ExitError
	switch {
	case s.err == nil:
		return 0
	case errors.As(s.err, &ee):
		return ee.ExitCode()
	}
	s.tb.Fatalf("wait for cnht: %v", s.err)
	return -1
}

// Stop sends SIGTERM and expects a clean exit.
func (s *server) Stop() {
	s.tb.Helper()
	s.Signal(syscall.SIGTERM)
	if code := s.Wait(40 * time.Second); code != 0 {
		s.tb.Fatalf("cnht exited %d after SIGTERM\n%s", code, tail(s.logs.String(), 4000))
	}
}

// seedAdmin loads the demo data into the SQLite file at path (by running
// cnht demo on it briefly) and returns a new API token of the demo admin.
func seedAdmin(tb testing.TB, path string) string {
	tb.Helper()
	demo := start(tb, "demo", "-addr", "127.0.0.1:0", "-db", path, "-workers", "0")
	demo.Stop()
	out := runCLI(tb, "token", "create", "-db", path, "--email", "admin@cnht.demo", "--name", "e2e")
	lines := strings.Fields(out)
	if len(lines) == 0 {
		tb.Fatalf("cnht token create printed no token")
	}
	return lines[len(lines)-1]
}

// apiClient calls the JSON API with a Bearer token.
type apiClient struct {
	base, token string
	http        *http.Client
}

func newAPIClient(base, token string) *apiClient {
	return &apiClient{base: base, token: token, http: &http.Client{Timeout: 10 * time.Second}}
}

// do sends a request with a JSON body (when in is not nil) and decodes a
// JSON answer into out (when not nil). It returns the status code.
func (c *apiClient) do(ctx context.Context, method, path string, in, out any) (int, error) {
	var body io.Reader
	if in != nil {
		b, err := json.Marshal(in)
		if err != nil {
			return 0, err
		}
		body = bytes.NewReader(b)
	}
	req, err := http.NewRequestWithContext(ctx, method, c.base+path, body)
	if err != nil {
		return 0, err
	}
	req.Header.Set("Authorization", "Bearer "+c.token)
	req.Header.Set("Accept", "application/json")
	if in != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	resp, err := c.http.Do(req)
	if err != nil {
		return 0, err
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		return resp.StatusCode, err
	}
	if out != nil && resp.StatusCode < 300 {
		if err := json.Unmarshal(b, out); err != nil {
			return resp.StatusCode, fmt.Errorf("%s %s: decode %q: %w", method, path, b, err)
		}
	}
	if resp.StatusCode >= 300 {
		return resp.StatusCode, fmt.Errorf("%s %s: %s: %s", method, path, resp.Status, bytes.TrimSpace(b))
	}
	return resp.StatusCode, nil
}

// lockedBuffer is a bytes.Buffer safe for a process's output goroutine
// and the test reading it.
type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

// watchWriter keeps what is written and closes found once re matches it.
type watchWriter struct {
	lockedBuffer
	re    *regexp.Regexp
	found chan struct{}
	hit   string
}

func newWatchWriter(re *regexp.Regexp) *watchWriter {
	return &watchWriter{re: re, found: make(chan struct{})}
}

func (w *watchWriter) Write(p []byte) (int, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	n, err := w.b.Write(p)
	if w.hit == "" {
		if m := w.re.FindStringSubmatch(w.b.String()); m != nil {
			w.hit = m[1]
			close(w.found)
		}
	}
	return n, err
}

func (w *watchWriter) match() string {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.hit
}

// tail returns the last n bytes of s.
func tail(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return "…" + s[len(s)-n:]
}
