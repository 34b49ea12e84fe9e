package watch_test

import (
	"bufio"
	"context"
	"io"
	"log/slog"
	"mime"
	"net"
	"net/url"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	"cnht/internal/account"
	"cnht/internal/actor"
	"cnht/internal/apperr"
	"cnht/internal/db"
	"cnht/internal/db/dbtest"
	"cnht/internal/enterprise"
	"cnht/internal/i18n"
	"cnht/internal/search"
	"cnht/internal/vn"
	"cnht/internal/watch"
)

func TestMain(m *testing.M) { os.Exit(dbtest.Main(m)) }

// mail is one message the fake server took.
type mail struct{ to, data string }

// smtpSink is a mail server on localhost that keeps what it is sent.
type smtpSink struct {
	addr string
	mu   sync.Mutex
	got  []mail
}

func newSMTPSink(t *testing.T) *smtpSink {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ln.Close() })
	s := &smtpSink{addr: ln.Addr().String()}
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			go s.serve(c)
		}
	}()
	return s
}

func (s *smtpSink) serve(c net.Conn) {
	defer c.Close()
	r := bufio.NewReader(c)
	say := func(line string) { _, _ = io.WriteString(c, line+"\r\n") }
	say("220 sink")
	var m mail
	for {
		line, err := r.ReadString('\n')
		if err != nil {
			return
		}
		cmd := strings.ToUpper(strings.TrimSpace(line))
		switch {
		case strings.HasPrefix(cmd, "EHLO"), strings.HasPrefix(cmd, "HELO"):
			say("250 sink")
		case strings.HasPrefix(cmd, "MAIL FROM"):
			say("250 ok")
		case strings.HasPrefix(cmd, "RCPT TO"):
			m.to = strings.Trim(strings.TrimSpace(line[len("RCPT TO:"):]), "<>")
			say("250 ok")
		case cmd == "DATA":
			say("354 go on")
			var b strings.Builder
			for {
				l, err := r.ReadString('\n')
				if err != nil || l == ".\r\n" {
					break
				}
				b.WriteString(l)
			}
			m.data = b.String()
			s.mu.Lock()
			s.got = append(s.got, m)
			s.mu.Unlock()
			say("250 kept")
		case cmd == "QUIT":
			say("221 bye")
			return
		default:
			say("250 ok")
		}
	}
}

func (s *smtpSink) mails() []mail {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]mail(nil), s.got...)
}

// instance is one cnht instance's search and watcher over a database.
type instance struct {
	search *search.Service
	watch  *watch.Service
}

func newInstance(t *testing.T, d *db.DB, reg *enterprise.Service, acc *account.Service, mailer watch.Mailer) instance {
	t.Helper()
	bundle, err := i18n.Load()
	if err != nil {
		t.Fatal(err)
	}
	logger := slog.New(slog.NewTextHandler(io.Discard, nil))
	s := search.NewService(reg, logger)
	if err := s.Load(context.Background()); err != nil {
		t.Fatal(err)
	}
	w := watch.NewService(d, s, acc, bundle, logger, watch.Options{Mailer: mailer, PublicURL: "https://cnht.example.vn",
		DirectoryURL: func(lang string, q url.Values) string { return "/" + lang + "/nha-cung-cap?" + q.Encode() },
		ProfileURL:   func(lang string, id int64, name string) string { return "/" + lang + "/nha-cung-cap/" + name }})
	return instance{s, w}
}

// A buyer saves "moulds with IATF"; when an officer records an IATF
// certificate for a mould maker, the buyer is told once — in cnht and by
// e-mail — even with two instances watching; a change that does not match
// tells nobody; nobody else sees or deletes the buyer's searches.
func TestSavedSearchAlerts(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		sys := actor.SystemContext(ctx)
		u, err := vn.LoadUnits()
		if err != nil {
			t.Fatal(err)
		}
		reg := enterprise.NewService(d, u, enterprise.Options{})
		if err := enterprise.LoadDemo(sys, reg, 1, 300); err != nil {
			t.Fatal(err)
		}
		acc := account.NewService(d)
		org, _ := acc.CreateOrganisation(sys, account.NewOrganisation{Kind: account.KindBuyer, Name: "Canon Việt Nam"})
		office, _ := acc.CreateOrganisation(sys, account.NewOrganisation{Kind: account.KindOffice, Name: "Sở Công Thương"})
		mk := func(email string, role actor.Role, orgID int64) context.Context {
			usr, err := acc.CreateUser(sys, account.NewUser{Email: email, Name: "Người dùng", Role: role, OrgID: orgID, Password: "mat-khau-thu-nghiem"})
			if err != nil {
				t.Fatal(err)
			}
			a, err := acc.ActorOf(sys, usr.ID)
			if err != nil {
				t.Fatal(err)
			}
			return actor.NewContext(ctx, a)
		}
		buyer := mk("mua.hang@canon.example", actor.Buyer, org.ID)
		other := mk("khac@canon.example", actor.Buyer, org.ID)
		officer := mk("canbo@sct.example", actor.Officer, office.ID)
		sink := newSMTPSink(t)
		one := newInstance(t, d, reg, acc, watch.SMTP{Addr: sink.addr, From: "cnht@sct.example", Timeout: 5 * time.Second})
		two := newInstance(t, d, reg, acc, watch.SMTP{Addr: sink.addr, From: "cnht@sct.example", Timeout: 5 * time.Second})

		if _, err := one.watch.Save(actor.NewContext(ctx, actor.Actor{UserID: 99, Role: actor.Enterprise}), "x", "q=khuon", "vi", true); apperr.CodeOf(err) != apperr.Forbidden {
			t.Fatalf("an enterprise user saved a search: %v", err)
		}
		if _, err := one.watch.Save(buyer, "", "", "vi", true); err == nil {
			t.Fatal("a search with no name and no words was saved")
		} else if f := apperr.As(err).Fields; len(f) != 2 || f[0].Key != "field.required" || f[1].Key != "watch.query_empty" {
			t.Fatalf("refused with %+v", f)
		}
		saved, err := one.watch.Save(buyer, "Khuôn mẫu có IATF", "q=khuon+mau&cert=iatf16949&page=3", "vi", true)
		if err != nil {
			t.Fatal(err)
		}
		if strings.Contains(saved.Query, "page") {
			t.Errorf("the page was kept: %q", saved.Query)
		}

		// A mould maker without IATF.
		p := one.search.Search(ctx, search.Query{Text: "khuon mau", Limit: 300})
		var target *search.CardHit
		for i, h := range p.Hits {
			if h.Phrase && !strings.Contains(strings.Join(h.CertsValidOn(reg.Today()), ","), "IATF") {
				target = &p.Hits[i]
				break
			}
		}
		if target == nil {
			t.Fatal("no mould maker without IATF in the demo")
		}
		stds, _ := reg.Standards(officer, false)
		var iatf int64
		for _, s := range stds {
			if s.Code == "iatf16949" {
				iatf = s.ID
			}
		}
		if _, err := reg.AddCertification(officer, target.ID, enterprise.CertificationInput{StandardID: iatf, Number: "IATF-2026-77", Body: "TÜV Rheinland",
			IssuedOn: reg.Today().AddDate(0, -1, 0), ExpiresOn: reg.Today().AddDate(3, 0, 0)}); err != nil {
			t.Fatal(err)
		}
		for _, in := range []instance{one, two, one} {
			if err := in.search.Refresh(ctx); err != nil {
				t.Fatal(err)
			}
		}
		notes, unread, err := one.watch.Notifications(buyer, 10)
		if err != nil {
			t.Fatal(err)
		}
		if len(notes) != 1 || unread != 1 || !strings.Contains(notes[0].Body, target.Name) || !strings.Contains(notes[0].Title, "Khuôn mẫu có IATF") ||
			!strings.Contains(notes[0].Link, "cert=iatf16949") {
			t.Fatalf("the buyer's notifications: %+v (unread %d)", notes, unread)
		}
		deadline := time.Now().Add(5 * time.Second)
		for len(sink.mails()) == 0 && time.Now().Before(deadline) {
			time.Sleep(20 * time.Millisecond)
		}
		time.Sleep(100 * time.Millisecond) // a second mail would have come by now
		mails := sink.mails()
		if len(mails) != 1 || mails[0].to != "mua.hang@canon.example" {
			t.Fatalf("mails: %+v", mails)
		}
		subject := ""
		for _, l := range strings.Split(mails[0].data, "\r\n") {
			if strings.HasPrefix(l, "Subject: ") {
				subject, _ = new(mime.WordDecoder).DecodeHeader(strings.TrimPrefix(l, "Subject: "))
			}
		}
		if !strings.Contains(subject, "Khuôn mẫu có IATF") || !strings.Contains(mails[0].data, "https://cnht.example.vn/vi/nha-cung-cap/") {
			t.Errorf("the mail: subject %q\n%s", subject, mails[0].data)
		}
		if n, _, _ := one.watch.Notifications(other, 10); len(n) != 0 {
			t.Error("another buyer was told")
		}

		// A change that does not match: nobody is told.
		rest := one.search.Search(ctx, search.Query{Text: "det may", Limit: 1})
		pr, err := reg.ProfileForEdit(officer, rest.Hits[0].ID)
		if err != nil {
			t.Fatal(err)
		}
		pr.Website = "https://dệt-may.example.vn"
		if _, err := reg.Update(officer, rest.Hits[0].ID, pr); err != nil {
			t.Fatal(err)
		}
		if err := one.search.Refresh(ctx); err != nil {
			t.Fatal(err)
		}
		if notes, _, _ := one.watch.Notifications(buyer, 10); len(notes) != 1 {
			t.Errorf("%d notifications after an unrelated change", len(notes))
		}

		if list, _ := one.watch.List(other); len(list) != 0 {
			t.Error("another buyer sees the saved search")
		}
		if err := one.watch.Delete(other, saved.ID); apperr.CodeOf(err) != apperr.NotFound {
			t.Errorf("another buyer deleted it: %v", err)
		}
		if err := one.watch.MarkRead(buyer); err != nil {
			t.Fatal(err)
		}
		if n, _ := one.watch.Unread(buyer); n != 0 {
			t.Errorf("%d unread after reading", n)
		}
		if err := one.watch.Delete(buyer, saved.ID); err != nil {
			t.Fatal(err)
		}
	})
}
