package plan_test

import (
	"context"
	"sort"
	"sync"
	"testing"

	"cnht/internal/apperr"
	"cnht/internal/db"
	"cnht/internal/db/dbtest"
	"cnht/internal/plan"
)

// The data set's filings (today 10/03/2026):
//
//	2023 (due 15/04/2024): E1, E2 submitted; E3 a draft (filed though not
//	     yet in the registry at the year's end): late.
//	2025 (due 15/04/2026): E1 a draft, E2 nothing, E3 submitted by an
//	     officer; E4 closed in 2023 is not expected.
func TestFilings(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		e.fileAll()
		e.file(e.officer, e.p2023, e.e3, 1*bn, 1*bn, 0, 5, false)
		p2025 := must(e.s.OpenPeriod(e.officer, plan.Period{Year: 2025, OpensOn: day(2026, 1, 1), DueOn: day(2026, 4, 15)}))
		e.file(e.entA, p2025, e.e1, 13*bn, 15*bn, 4*bn, 56, false)
		e.file(e.officer, p2025, e.e3, 9*bn, 10*bn, 2*bn, 31, true)

		states := func(pg plan.FilingPage) map[int64]string {
			out := map[int64]string{}
			for _, f := range pg.Items {
				out[f.EnterpriseID] = f.State
			}
			return out
		}
		pg := must(e.s.Filings(e.officer, e.p2023.ID, plan.FilingFilter{}))
		if c := pg.Counts; c.Expected != 3 || c.Submitted != 2 || c.Late != 1 || c.Draft != 0 || c.NotStarted != 0 {
			t.Errorf("2023 counts = %+v", c)
		}
		if s := states(pg); s[e.e1] != plan.FilingSubmitted || s[e.e2] != plan.FilingSubmitted || s[e.e3] != plan.FilingLate {
			t.Errorf("2023 states = %v", s)
		}
		for _, f := range pg.Items {
			if f.EnterpriseID == e.e3 && !f.HasDraft {
				t.Errorf("late E3 has no draft: %+v", f)
			}
		}
		pg = must(e.s.Filings(e.officer, p2025.ID, plan.FilingFilter{}))
		if c := pg.Counts; c.Expected != 3 || c.Submitted != 1 || c.Draft != 1 || c.NotStarted != 1 || c.Late != 0 {
			t.Errorf("2025 counts = %+v", c)
		}
		s := states(pg)
		if s[e.e1] != plan.FilingDraft || s[e.e2] != plan.FilingNotStarted || s[e.e3] != plan.FilingSubmitted || s[e.e4] != "" {
			t.Errorf("2025 states = %v", s)
		}
		for _, f := range pg.Items {
			if f.EnterpriseID == e.e3 && (!f.OnBehalf || f.SubmittedAt.IsZero()) {
				t.Errorf("E3's filing = %+v, want submitted on its behalf", f)
			}
		}
		// Filters: a state, a name without diacritics, a tax-code prefix, a page.
		pg = must(e.s.Filings(e.officer, p2025.ID, plan.FilingFilter{State: plan.FilingDraft}))
		if len(pg.Items) != 1 || pg.Items[0].EnterpriseID != e.e1 || pg.Total != 1 {
			t.Errorf("drafts = %+v", pg.Items)
		}
		pg = must(e.s.Filings(e.officer, p2025.ID, plan.FilingFilter{Text: "nhua hai"}))
		if len(pg.Items) != 1 || pg.Items[0].EnterpriseID != e.e2 || pg.Counts.Expected != 1 {
			t.Errorf("search nhua hai = %+v", pg.Items)
		}
		pg = must(e.s.Filings(e.officer, p2025.ID, plan.FilingFilter{Text: taxCode(t, 3000)[:8]}))
		if len(pg.Items) != 1 || pg.Items[0].EnterpriseID != e.e3 {
			t.Errorf("search by tax code = %+v", pg.Items)
		}
		pg = must(e.s.Filings(e.officer, p2025.ID, plan.FilingFilter{Limit: 1, Offset: 1}))
		if len(pg.Items) != 1 || pg.Total != 3 {
			t.Errorf("page 2 of 1 = %d items of %d", len(pg.Items), pg.Total)
		}
		// The period list counts them too.
		sums := must(e.s.PeriodSummaries(e.officer))
		if len(sums) != 3 || sums[0].Period.ID != p2025.ID || sums[0].Counts.Draft != 1 || !sums[2].Late || sums[2].Counts.Late != 1 {
			t.Errorf("summaries = %+v", sums)
		}
		// An enterprise sees its own periods.
		mine := must(e.s.MyFilings(e.entA))
		if len(mine) != 3 || mine[0].Period.ID != p2025.ID || mine[0].State != plan.FilingDraft || mine[1].State != plan.FilingSubmitted {
			t.Errorf("A's filings = %+v", mine)
		}
		// Only officers and admins see who filed.
		for name, ctx := range map[string]context.Context{"enterprise": e.entA, "buyer": e.buyer, "public": e.pub} {
			if _, err := e.s.Filings(ctx, p2025.ID, plan.FilingFilter{}); err == nil {
				t.Errorf("%s listed the filings", name)
			}
			if _, err := e.s.PeriodSummaries(ctx); err == nil {
				t.Errorf("%s counted the filings", name)
			}
		}
		if _, err := e.s.MyFilings(e.buyer); err == nil {
			t.Error("a buyer has filings")
		}
	})
}

// notifier records the reminders sent.
type notifier struct {
	mu    sync.Mutex
	calls []string
}

func (n *notifier) NotifyOrganisation(_ context.Context, org int64, title, body string, args map[string]any, link string) (int, error) {
	n.mu.Lock()
	defer n.mu.Unlock()
	n.calls = append(n.calls, title+" "+args["name"].(string)+" "+link)
	return 1, nil
}

func TestReminders(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		n := &notifier{}
		e.s.SetNotifier(n, func(p, ent int64) string { return "/statistics/x" })
		// Due in 10 days: the reminder before; due 5 days ago: the one after.
		soon := must(e.s.OpenPeriod(e.officer, plan.Period{Year: 2025, Quarter: 4, OpensOn: day(2026, 1, 1), DueOn: day(2026, 3, 20)}))
		must(e.s.OpenPeriod(e.officer, plan.Period{Year: 2025, Quarter: 3, OpensOn: day(2025, 10, 1), DueOn: day(2026, 3, 5)}))
		// E2 has submitted for the coming one: not reminded of it.
		e.file(e.entB, soon, e.e2, 1*bn, 1*bn, 0, 20, true)
		if _, err := e.s.SendReminders(e.officer); apperr.CodeOf(err) != apperr.Forbidden {
			t.Errorf("an officer sent reminders: %v", err)
		}
		res := must(e.s.SendReminders(e.sys))
		// E1 (organisation A) for both; E2 (B) for the late one; E3 has
		// no organisation; E4 is closed; 2023 and 2024 are long past.
		if res.Before != 1 || res.After != 2 || res.Users != 3 {
			t.Errorf("first run = %+v", res)
		}
		sort.Strings(n.calls)
		want := []string{
			"stat.remind_after.title Công ty TNHH Cơ khí Một /statistics/x",
			"stat.remind_after.title Công ty TNHH Nhựa Hai /statistics/x",
			"stat.remind_before.title Công ty TNHH Cơ khí Một /statistics/x",
		}
		if len(n.calls) != len(want) {
			t.Fatalf("calls = %q", n.calls)
		}
		for i := range want {
			if n.calls[i] != want[i] {
				t.Errorf("call %d = %q, want %q", i, n.calls[i], want[i])
			}
		}
		// Not twice.
		if res := must(e.s.SendReminders(e.sys)); res != (plan.RemindResult{}) {
			t.Errorf("second run = %+v", res)
		}
	})
}
