package account_test

import (
	"context"
	"os"
	"testing"
	"time"

	"cnht/internal/account"
	"cnht/internal/actor"
	"cnht/internal/apperr"
	"cnht/internal/db"
	"cnht/internal/db/dbtest"
)

func TestMain(m *testing.M) { os.Exit(dbtest.Main(m)) }

func setup(t *testing.T, d *db.DB) (*account.Service, account.User) {
	t.Helper()
	s := account.NewService(d)
	ctx := actor.SystemContext(context.Background())
	org, err := s.CreateOrganisation(ctx, account.NewOrganisation{Kind: account.KindOffice, Name: "Sở Công Thương Hà Nội"})
	if err != nil {
		t.Fatal(err)
	}
	u, err := s.CreateUser(ctx, account.NewUser{Email: "Can.Bo@SCT.hanoi.gov.vn", Name: "Nguyễn Văn An", Role: actor.Officer, OrgID: org.ID, Password: "mật-khẩu-đủ-dài"})
	if err != nil {
		t.Fatal(err)
	}
	return s, u
}

func TestLoginSessionLogout(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		s, u := setup(t, d)
		ctx := context.Background()
		if u.Email != "can.bo@sct.hanoi.gov.vn" {
			t.Fatalf("e-mail not normalised: %q", u.Email)
		}
		got, err := s.Authenticate(ctx, " can.bo@sct.hanoi.gov.vn ", "mật-khẩu-đủ-dài", "1.2.3.4")
		if err != nil || got.ID != u.ID {
			t.Fatalf("login: %v", err)
		}
		tok, err := s.StartSession(ctx, u.ID, "1.2.3.4", "test")
		if err != nil {
			t.Fatal(err)
		}
		if su, err := s.SessionUser(ctx, tok); err != nil || su.ID != u.ID {
			t.Fatalf("session: %v", err)
		}
		// The database holds only the hash of the session secret.
		var n int
		d.QueryRowContext(ctx, `SELECT COUNT(*) FROM sessions WHERE id = $1`, tok).Scan(&n)
		if n != 0 {
			t.Fatal("session secret stored in clear")
		}
		if err := s.EndSession(ctx, tok); err != nil {
			t.Fatal(err)
		}
		if _, err := s.SessionUser(ctx, tok); !apperr.Is(err, apperr.Unauthenticated) {
			t.Fatalf("after logout: %v", err)
		}
	})
}

func TestSessionExpires(t *testing.T) {
	d := dbtest.SQLite(t)
	s, u := setup(t, d)
	now := time.Now()
	s.SetClock(func() time.Time { return now })
	tok, _ := s.StartSession(context.Background(), u.ID, "", "")
	now = now.Add(account.SessionTTL + time.Minute)
	if _, err := s.SessionUser(context.Background(), tok); !apperr.Is(err, apperr.Unauthenticated) {
		t.Fatalf("expired session accepted: %v", err)
	}
}

// A wrong password and an unknown user are refused alike, and repeated
// failures lock the address out, whether or not it exists.
func TestThrottleGivesNoHint(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		s, _ := setup(t, d)
		ctx := context.Background()
		for _, email := range []string{"can.bo@sct.hanoi.gov.vn", "khong.ton.tai@example.vn"} {
			for i := range account.MaxFailures {
				_, err := s.Authenticate(ctx, email, "sai-mat-khau", "5.6.7.8")
				if e := apperr.As(err); e.Code != apperr.Unauthenticated || e.Key != "login.failed" {
					t.Fatalf("%s attempt %d: %v", email, i, err)
				}
			}
			_, err := s.Authenticate(ctx, email, "mật-khẩu-đủ-dài", "5.6.7.8")
			if !apperr.Is(err, apperr.TooMany) {
				t.Fatalf("%s: not throttled: %v", email, err)
			}
		}
	})
}

func TestPermissions(t *testing.T) {
	d := dbtest.SQLite(t)
	s, u := setup(t, d)
	officer := actor.NewContext(context.Background(), u.Actor(""))
	if _, err := s.CreateUser(officer, account.NewUser{Email: "x@y.vn", Name: "X", Role: actor.Admin, OrgID: u.OrgID, Password: "0123456789"}); !apperr.Is(err, apperr.Forbidden) {
		t.Fatalf("officer created a user: %v", err)
	}
	if _, err := s.Users(context.Background()); !apperr.Is(err, apperr.Unauthenticated) {
		t.Fatalf("public listed users: %v", err)
	}
}

func TestCreateUserReportsEveryField(t *testing.T) {
	d := dbtest.SQLite(t)
	s, _ := setup(t, d)
	_, err := s.CreateUser(actor.SystemContext(context.Background()), account.NewUser{Email: "not-an-email", Role: "king", Password: "short"})
	e := apperr.As(err)
	got := map[string]string{}
	for _, f := range e.Fields {
		got[f.Field] = f.Key
	}
	want := map[string]string{"email": "field.email", "name": "field.required", "role": "field.choose", "password": "password.too_short", "org_id": "field.choose"}
	for f, k := range want {
		if got[f] != k {
			t.Errorf("field %s: got %q, want %q", f, got[f], k)
		}
	}
}

func TestTokens(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		s, u := setup(t, d)
		ctx := actor.NewContext(context.Background(), u.Actor(""))
		secret, tok, err := s.CreateToken(ctx, 0, "báo cáo tự động")
		if err != nil {
			t.Fatal(err)
		}
		if got, err := s.TokenUser(ctx, secret); err != nil || got.ID != u.ID {
			t.Fatalf("token: %v", err)
		}
		if err := s.RevokeToken(ctx, tok.ID); err != nil {
			t.Fatal(err)
		}
		if _, err := s.TokenUser(ctx, secret); !apperr.Is(err, apperr.Unauthenticated) {
			t.Fatalf("revoked token accepted: %v", err)
		}
	})
}

func TestChangePassword(t *testing.T) {
	d := dbtest.SQLite(t)
	s, u := setup(t, d)
	ctx := actor.NewContext(context.Background(), u.Actor(""))
	err := s.ChangePassword(ctx, "sai", "ngắn", "")
	e := apperr.As(err)
	if len(e.Fields) != 2 {
		t.Fatalf("want both fields reported: %v", err)
	}
	if err := s.ChangePassword(ctx, "mật-khẩu-đủ-dài", "mật-khẩu-mới-2026", ""); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Authenticate(context.Background(), u.Email, "mật-khẩu-mới-2026", ""); err != nil {
		t.Fatal(err)
	}
}
