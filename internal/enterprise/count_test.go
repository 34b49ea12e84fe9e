package enterprise_test

import (
	"testing"
	"time"

	"cnht/internal/apperr"
	"cnht/internal/db"
	"cnht/internal/db/dbtest"
	"cnht/internal/enterprise"
)

// countFixture builds six enterprises whose counts are worked out by hand
// in TestCountAsOf.
func countFixture(t *testing.T, e *env) {
	t.Helper()
	iso, iatf, oeko, ems, tcvn := standardID(t, e, "iso9001"), standardID(t, e, "iatf16949"), standardID(t, e, "oekotex100"), standardID(t, e, "iso14001"), standardID(t, e, "tcvn")
	type cert struct {
		std             int64
		issued, expires time.Time
	}
	type status struct {
		s  enterprise.Status
		on time.Time
	}
	mk := func(seq int, name, ward string, sectors []enterprise.KeySector, joined time.Time, statuses []status, certs []cert) {
		t.Helper()
		p := profile(taxCode(t, seq), name)
		p.WardCode, p.KeySectors = ward, sectors
		id := e.create(p, joined).Public.ID
		for _, st := range statuses {
			if err := e.s.SetStatus(e.officer, id, st.s, st.on, ""); err != nil {
				t.Fatal(err)
			}
		}
		for i, c := range certs {
			if _, err := e.s.AddCertification(e.officer, id, enterprise.CertificationInput{StandardID: c.std, Number: name + string(rune('A'+i)), Body: "SGS Việt Nam", IssuedOn: c.issued, ExpiresOn: c.expires}); err != nil {
				t.Fatal(err)
			}
		}
	}
	comp, ht, tex := enterprise.SectorComponents, enterprise.SectorHighTech, enterprise.SectorTextile
	// E1: Đông Anh, components, since 2019; ISO 9001 to 1/1/2025, renewed
	// only on 1/3/2025 (a gap).
	mk(1000001, "E1", "00454", []enterprise.KeySector{comp}, date(2019, 5, 1), nil,
		[]cert{{iso, date(2022, 1, 1), date(2025, 1, 1)}, {iso, date(2025, 3, 1), date(2028, 3, 1)}})
	// E2: Quang Minh, high-tech and components, joined 1/2/2024; IATF.
	mk(1100001, "E2", "08974", []enterprise.KeySector{ht, comp}, date(2024, 2, 1), nil,
		[]cert{{iatf, date(2023, 6, 1), date(2026, 6, 1)}})
	// E3: Đông Anh, textile, suspended 1/6/2023 – 15/1/2024; OEKO-TEX for
	// 2023 only.
	mk(1200001, "E3", "00454", []enterprise.KeySector{tex}, date(2019, 1, 1),
		[]status{{enterprise.StatusSuspended, date(2023, 6, 1)}, {enterprise.StatusActive, date(2024, 1, 15)}},
		[]cert{{oeko, date(2023, 1, 1), date(2024, 1, 1)}})
	// E4: Sơn Tây, components, closed on 31/12/2023; ISO 14001 valid.
	mk(1300001, "E4", "09574", []enterprise.KeySector{comp}, date(2020, 1, 1),
		[]status{{enterprise.StatusClosed, date(2023, 12, 31)}},
		[]cert{{ems, date(2021, 1, 1), date(2027, 1, 1)}})
	// E5: Đông Anh, components, joined on 31/12/2023; national
	// conformity only.
	mk(1400001, "E5", "00454", []enterprise.KeySector{comp}, date(2023, 12, 31), nil,
		[]cert{{tcvn, date(2023, 1, 1), date(2026, 12, 1)}})
	// E6: Quang Minh, high-tech, since 2021; ISO 9001 from 1/1/2024.
	mk(1500001, "E6", "08974", []enterprise.KeySector{ht}, date(2021, 1, 1), nil,
		[]cert{{iso, date(2024, 1, 1), date(2027, 1, 1)}})
}

func TestCountAsOf(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		countFixture(t, e)
		type want struct {
			total         [2]int64
			comp, ht, tex [2]int64
			wards         map[string][2]int64
		}
		cases := []struct {
			name string
			day  time.Time
			f    enterprise.Filter
			want want
		}{
			// E1 (intl), E5 (joined that day, not intl), E6 (cert not yet
			// issued). E2 not joined; E3 suspended; E4 closed that day.
			{"31/12/2023", date(2023, 12, 31), enterprise.Filter{}, want{[2]int64{3, 1}, [2]int64{2, 1}, [2]int64{1, 0}, [2]int64{0, 0},
				map[string][2]int64{"00454": {2, 1}, "08974": {1, 0}}}},
			// E6's certificate counts from its issue day; E3's expires
			// that day and E3 is still suspended.
			{"01/01/2024", date(2024, 1, 1), enterprise.Filter{}, want{[2]int64{3, 2}, [2]int64{2, 1}, [2]int64{1, 1}, [2]int64{0, 0},
				map[string][2]int64{"00454": {2, 1}, "08974": {1, 1}}}},
			// E1's certificate stopped counting on its expiry day (gap
			// before the renewal); E2 and E3 are in.
			{"01/01/2025", date(2025, 1, 1), enterprise.Filter{}, want{[2]int64{5, 2}, [2]int64{3, 1}, [2]int64{2, 2}, [2]int64{1, 0},
				map[string][2]int64{"00454": {3, 0}, "08974": {2, 2}}}},
			{"today", time.Time{}, enterprise.Filter{}, want{[2]int64{5, 3}, [2]int64{3, 2}, [2]int64{2, 2}, [2]int64{1, 0},
				map[string][2]int64{"00454": {3, 1}, "08974": {2, 2}}}},
			{"high-tech on 01/01/2025", date(2025, 1, 1), enterprise.Filter{KeySector: enterprise.SectorHighTech}, want{[2]int64{2, 2}, [2]int64{1, 1}, [2]int64{2, 2}, [2]int64{0, 0},
				map[string][2]int64{"08974": {2, 2}}}},
			{"Đông Anh on 01/01/2025", date(2025, 1, 1), enterprise.Filter{WardCode: "00454"}, want{[2]int64{3, 0}, [2]int64{2, 0}, [2]int64{0, 0}, [2]int64{1, 0},
				map[string][2]int64{"00454": {3, 0}}}},
			{"IATF holders on 01/01/2025", date(2025, 1, 1), enterprise.Filter{StandardID: standardID(t, e, "iatf16949")}, want{[2]int64{1, 1}, [2]int64{1, 1}, [2]int64{1, 1}, [2]int64{0, 0},
				map[string][2]int64{"08974": {1, 1}}}},
		}
		// TotalsAsOf counts the same days in one pass (the sector filter
		// through the join, IATF day by day), and again after a change.
		var days []time.Time
		for _, c := range cases {
			days = append(days, c.day)
		}
		for _, f := range []enterprise.Filter{{}, {KeySector: enterprise.SectorHighTech}, {StandardID: standardID(t, e, "iatf16949")}} {
			totals, err := e.s.TotalsAsOf(e.public, days, f)
			if err != nil {
				t.Fatal(err)
			}
			for i, c := range cases {
				one, _ := e.s.CountAsOf(e.public, c.day, f)
				if totals[i] != one.Total {
					t.Errorf("TotalsAsOf %+v on %s = %+v, CountAsOf %+v", f, c.name, totals[i], one.Total)
				}
			}
		}
		for _, c := range cases {
			got, err := e.s.CountAsOf(e.public, c.day, c.f)
			if err != nil {
				t.Fatalf("%s: %v", c.name, err)
			}
			pair := func(x enterprise.Count) [2]int64 { return [2]int64{x.Active, x.International} }
			if pair(got.Total) != c.want.total {
				t.Errorf("%s: total %v, want %v", c.name, pair(got.Total), c.want.total)
			}
			for i, w := range [][2]int64{c.want.comp, c.want.ht, c.want.tex} {
				if pair(got.BySector[i].Count) != w {
					t.Errorf("%s: %s %v, want %v", c.name, got.BySector[i].Sector, pair(got.BySector[i].Count), w)
				}
			}
			if len(got.ByWard) != len(c.want.wards) {
				t.Errorf("%s: wards %+v", c.name, got.ByWard)
			}
			for _, w := range got.ByWard {
				if pair(w.Count) != c.want.wards[w.WardCode] {
					t.Errorf("%s: ward %s %v, want %v", c.name, w.WardCode, pair(w.Count), c.want.wards[w.WardCode])
				}
			}
		}
		// Largest ward first, with its name.
		got, _ := e.s.CountAsOf(e.public, date(2025, 1, 1), enterprise.Filter{})
		if got.ByWard[0].WardName != "Xã Đông Anh" {
			t.Errorf("first ward %+v", got.ByWard[0])
		}
		_, err := e.s.CountAsOf(e.public, now.AddDate(0, 0, 5), enterprise.Filter{})
		wantCode(t, err, apperr.Invalid, "count in the future")
		// A kept answer is not given after the registry changed (the
		// clock is fixed: updated_at would not tell).
		before, _ := e.s.TotalsAsOf(e.public, []time.Time{date(2025, 6, 1)}, enterprise.Filter{})
		p, err := e.s.FindEnterprises(e.officer, enterprise.Filter{Limit: 1, WardCode: "08974"})
		if err != nil || len(p.Items) == 0 {
			t.Fatal(err)
		}
		if err := e.s.SetStatus(e.officer, p.Items[0].ID, enterprise.StatusClosed, date(2025, 3, 1), "giải thể"); err != nil {
			t.Fatal(err)
		}
		after, _ := e.s.TotalsAsOf(e.public, []time.Time{date(2025, 6, 1)}, enterprise.Filter{})
		if after[0].Active != before[0].Active-1 {
			t.Errorf("after closing one: %+v, before %+v", after[0], before[0])
		}
		// A merge, an edit of the survivor and the merge undone: the
		// survivor's certificates go back, and the kept counts follow.
		agree := func(step string) {
			t.Helper()
			for _, day := range []time.Time{date(2024, 12, 31)} {
				got, err := e.s.TotalsAsOf(e.public, []time.Time{day}, enterprise.Filter{})
				if err != nil {
					t.Fatal(err)
				}
				want, _ := e.s.CountAsOf(e.public, day, enterprise.Filter{})
				if got[0] != want.Total {
					t.Errorf("%s, %s: kept %+v, counted %+v", step, day.Format(time.DateOnly), got[0], want.Total)
				}
			}
		}
		all, err := e.s.FindEnterprises(e.officer, enterprise.Filter{Limit: 10})
		if err != nil || len(all.Items) < 2 {
			t.Fatal(err)
		}
		// E5 meets no international standard; E2 holds IATF 16949.
		var survivor, other int64
		for _, it := range all.Items {
			switch it.Name {
			case "E5":
				survivor = it.ID
			case "E2":
				other = it.ID
			}
		}
		// A clock that moves an hour at each reading: changes far apart,
		// as in real use (with a still clock every profile looks changed).
		tick := now
		e.s.SetClock(func() time.Time { tick = tick.Add(time.Hour); return tick })
		defer e.s.SetClock(func() time.Time { return now })
		agree("before the merge")
		m, err := e.s.MergeEnterprises(e.officer, survivor, other)
		if err != nil {
			t.Fatal(err)
		}
		agree("merged")
		pf, err := e.s.ProfileForEdit(e.officer, survivor)
		if err != nil {
			t.Fatal(err)
		}
		pf.Phone = "024 3999 0000"
		if _, err := e.s.Update(e.officer, survivor, pf); err != nil {
			t.Fatal(err)
		}
		agree("survivor edited")
		// Another profile changes later: the survivor's change is older
		// than the newest one read.
		for _, it := range all.Items {
			if it.Name == "E6" {
				p6, err := e.s.ProfileForEdit(e.officer, it.ID)
				if err != nil {
					t.Fatal(err)
				}
				p6.Phone = "024 3999 1111"
				if _, err := e.s.Update(e.officer, it.ID, p6); err != nil {
					t.Fatal(err)
				}
			}
		}
		agree("another edited")
		if err := e.s.UndoMerge(e.officer, m.ID); err != nil {
			t.Fatal(err)
		}
		agree("merge undone after an edit")
	})
}
