package watch_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"cnht/internal/account"
	"cnht/internal/actor"
	"cnht/internal/db"
	"cnht/internal/db/dbtest"
	"cnht/internal/enterprise"
	"cnht/internal/vn"
	"cnht/internal/watch"
)

// An organisation's enabled users are told, each in their own language,
// in cnht and by e-mail; a disabled user is not.
func TestNotifyOrganisation(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		sys := actor.SystemContext(ctx)
		u, err := vn.LoadUnits()
		if err != nil {
			t.Fatal(err)
		}
		reg := enterprise.NewService(d, u, enterprise.Options{})
		acc := account.NewService(d)
		org, _ := acc.CreateOrganisation(sys, account.NewOrganisation{Kind: account.KindEnterprise, Name: "Công ty TNHH Cơ khí Một"})
		mk := func(email string) int64 {
			usr, err := acc.CreateUser(sys, account.NewUser{Email: email, Name: "Người dùng", Role: actor.Enterprise, OrgID: org.ID, Password: "mat-khau-thu-nghiem"})
			if err != nil {
				t.Fatal(err)
			}
			return usr.ID
		}
		vi, en, off := mk("vi@mot.example"), mk("en@mot.example"), mk("off@mot.example")
		if _, err := d.ExecContext(ctx, `UPDATE users SET lang = 'en' WHERE id = $1`, en); err != nil {
			t.Fatal(err)
		}
		if _, err := d.ExecContext(ctx, `UPDATE users SET disabled = TRUE WHERE id = $1`, off); err != nil {
			t.Fatal(err)
		}
		sink := newSMTPSink(t)
		w := newInstance(t, d, reg, acc, watch.SMTP{Addr: sink.addr, From: "cnht@sct.example", Timeout: 5 * time.Second}).watch
		due := time.Date(2026, 4, 15, 0, 0, 0, 0, time.UTC)
		n, err := w.NotifyOrganisation(ctx, org.ID, "stat.remind_before.title", "stat.remind_before.body",
			map[string]any{"period": "2025", "due": due, "name": "Công ty TNHH Cơ khí Một"}, "/statistics/1/enterprises/2")
		if err != nil || n != 2 {
			t.Fatalf("told %d: %v", n, err)
		}
		titles := map[int64]string{}
		rows, err := d.QueryContext(ctx, `SELECT user_id, title, body, link FROM notifications ORDER BY id`)
		if err != nil {
			t.Fatal(err)
		}
		for rows.Next() {
			var id int64
			var title, body, link string
			if err := rows.Scan(&id, &title, &body, &link); err != nil {
				t.Fatal(err)
			}
			titles[id] = title
			if !strings.Contains(body, "15/04/2026") || link != "/statistics/1/enterprises/2" {
				t.Errorf("notification of %d: %q %q", id, body, link)
			}
		}
		rows.Close()
		if titles[vi] != "Sắp đến hạn nộp báo cáo thống kê 2025" || titles[en] != "Statistics report 2025 due soon" || titles[off] != "" {
			t.Errorf("titles = %v", titles)
		}
		deadline := time.Now().Add(5 * time.Second)
		for len(sink.mails()) < 2 && time.Now().Before(deadline) {
			time.Sleep(20 * time.Millisecond)
		}
		if m := sink.mails(); len(m) != 2 {
			t.Errorf("mails = %d, want 2", len(m))
		}
	})
}
