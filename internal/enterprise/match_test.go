package enterprise_test

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"

	"cnht/internal/db/dbtest"
	"cnht/internal/enterprise"
	"cnht/internal/vn"
)

func TestNameWords(t *testing.T) {
	for _, c := range []struct{ name, want string }{
		{"Công ty TNHH Cơ khí Chính xác Đông Anh", "co khi chinh xac dong anh"},
		{"CÔNG TY CỔ PHẦN NHỰA THĂNG LONG", "nhua thang long"},
		{"Cty CP Nhựa Thăng Long", "nhua thang long"},
		{"Thang Long Plastic JSC", "thang long plastic"},
		{"Công ty TNHH MTV SX & TM Thành Công", "san xuat thuong mai thanh cong"},
		{"Công ty TNHH Một thành viên Sản xuất và Thương mại Thành Công", "san xuat thuong mai thanh cong"},
		{"Hop tac xa Det may Phu Xuyen", "det may phu xuyen"},
	} {
		if got := strings.Join(enterprise.NameWords(c.name), " "); got != c.want {
			t.Errorf("%q: %q, want %q", c.name, got, c.want)
		}
	}
}

// pair is a labelled pair: two records and whether they are one
// enterprise.
type pair struct {
	a, b enterprise.MatchCandidate
	same bool
	how  string
}

// TestMatcherPrecisionRecall measures the matcher on labelled pairs made
// from the demo registry: duplicates are an enterprise against a copy
// typed differently (diacritics lost, legal form and abbreviations
// changed, typos, a moved address, an old or missing ward, the phone
// written otherwise or missing); non-duplicates are each enterprise
// against the most similar other enterprise of the registry — the hard
// cases, which differ by one word of a name.
func TestMatcherPrecisionRecall(t *testing.T) {
	e := newEnv(t, dbtest.SQLite(t))
	if err := enterprise.LoadDemo(e.system, e.s, 11, 700); err != nil {
		t.Fatal(err)
	}
	var all []enterprise.MatchCandidate
	if err := e.s.Export(e.system, enterprise.Filter{}, func(it enterprise.ExportItem) error {
		all = append(all, enterprise.MatchCandidate{Name: it.Profile.Name, Street: it.Profile.Street, WardCode: it.Profile.WardCode, Phone: it.Profile.Phone})
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	u, _ := units()
	wards := u.Wards("01", vn.ReformDate())
	rng := rand.New(rand.NewPCG(2025, 11))
	var pairs []pair
	parsed := make([]enterprise.Name, len(all))
	for i, c := range all {
		parsed[i] = enterprise.ParseName(c.Name)
	}
	for i, c := range all {
		if i%2 == 0 {
			v, how := vary(rng, c, wards)
			pairs = append(pairs, pair{c, v, true, how})
		}
		// The most similar other enterprise.
		best, bestScore := -1, -1.0
		for j := range all {
			if j == i {
				continue
			}
			if s := parsed[i].Similarity(parsed[j]); s > bestScore {
				best, bestScore = j, s
			}
		}
		if i%2 == 1 || bestScore > 0.6 {
			o := all[best]
			if rng.IntN(4) == 0 {
				o.Phone = "" // a record without a phone gives less to go on
			}
			pairs = append(pairs, pair{c, o, false, fmt.Sprintf("nearest other (%.2f)", bestScore)})
		}
	}
	var same, diff int
	for _, p := range pairs {
		if p.same {
			same++
		} else {
			diff++
		}
	}
	if same < 250 || diff < 250 {
		t.Fatalf("%d duplicate and %d distinct pairs: too few", same, diff)
	}
	report := func(name string, predicted func(enterprise.Match) bool) (precision, recall float64) {
		var tp, fp, fn int
		shown := 0
		for _, p := range pairs {
			m := enterprise.MatchScore(p.a, p.b)
			got := predicted(m)
			switch {
			case got && p.same:
				tp++
			case got && !p.same:
				fp++
			case !got && p.same:
				fn++
			}
			if got != p.same && shown < 8 {
				shown++
				t.Logf("%s miss: %v %.2f (%s) %q | %q", name, p.same, m.Score, p.how, p.a.Name, p.b.Name)
			}
		}
		precision = float64(tp) / float64(max(1, tp+fp))
		recall = float64(tp) / float64(max(1, tp+fn))
		t.Logf("%s: %d pairs (%d duplicates): precision %.3f, recall %.3f (tp %d, fp %d, fn %d)", name, len(pairs), same, precision, recall, tp, fp, fn)
		return precision, recall
	}
	p, r := report("same or review", func(m enterprise.Match) bool { return m.Decision != enterprise.MatchDifferent })
	if p < 0.95 || r < 0.95 {
		t.Errorf("precision %.3f, recall %.3f: want both ≥ 0.95", p, r)
	}
	p, _ = report("matched without asking", func(m enterprise.Match) bool { return m.Decision == enterprise.MatchSame })
	if p < 0.99 {
		t.Errorf("automatic matches: precision %.3f, want ≥ 0.99", p)
	}
}

// vary types an enterprise's record again, the way another office would.
func vary(r *rand.Rand, c enterprise.MatchCandidate, wards []vn.Unit) (enterprise.MatchCandidate, string) {
	v := c
	var how []string
	name := c.Name
	if r.IntN(3) == 0 {
		name, how = vn.Fold(name), append(how, "no diacritics")
		if r.IntN(2) == 0 {
			name = strings.ToUpper(name)
		}
	}
	forms := [][2]string{
		{"Công ty TNHH", "Cty TNHH"}, {"Công ty TNHH", "Công ty Trách nhiệm hữu hạn"}, {"Công ty Cổ phần", "Cty CP"},
		{"Công ty Cổ phần", "CTCP"}, {"Sản xuất và Thương mại", "SX & TM"}, {"Sản xuất và Thương mại", "SX-TM"},
		{"Kỹ thuật và Thương mại", "KT và TM"},
	}
	for _, f := range forms {
		if strings.Contains(name, f[0]) && r.IntN(2) == 0 {
			name, how = strings.Replace(name, f[0], f[1], 1), append(how, "abbreviation")
		}
	}
	if strings.HasPrefix(name, "Công ty TNHH ") && r.IntN(5) == 0 {
		name, how = strings.TrimPrefix(name, "Công ty TNHH ")+" Co., Ltd", append(how, "English legal form")
	}
	if r.IntN(3) == 0 {
		name, how = typo(r, name), append(how, "typo")
	}
	v.Name = name
	switch k := r.IntN(20); {
	case k < 12: // same ward, perhaps typed from an old address that maps to it
		if k < 4 {
			how = append(how, "old ward name mapped")
		}
	case k < 16:
		v.WardCode, v.Street, how = wards[r.IntN(len(wards))].Code, "Số "+fmt.Sprint(1+r.IntN(200))+" đường mới", append(how, "moved")
	default:
		v.WardCode, how = "", append(how, "no ward")
	}
	switch k := r.IntN(10); {
	case k < 4:
		v.Phone = strings.ReplaceAll(c.Phone, " ", ".")
	case k < 6:
		v.Phone = "+84 " + strings.TrimPrefix(strings.ReplaceAll(c.Phone, " ", ""), "0")
	case k < 8:
		v.Phone, how = "", append(how, "no phone")
	case k < 9 && v.WardCode == c.WardCode && v.WardCode != "":
		v.Phone, how = "0912 "+fmt.Sprint(100000+r.IntN(899999)), append(how, "new phone")
	}
	return v, strings.Join(how, ", ")
}

// typo changes one letter of one long word of a name (not its legal form).
func typo(r *rand.Rand, name string) string {
	words := strings.Fields(name)
	for tries := 0; tries < 10; tries++ {
		i := r.IntN(len(words))
		w := []rune(words[i])
		if len(w) < 5 || strings.EqualFold(words[i], "TNHH") {
			continue
		}
		k := 1 + r.IntN(len(w)-2)
		switch r.IntN(3) {
		case 0:
			w = append(w[:k], w[k+1:]...) // a letter dropped
		case 1:
			w[k], w[k+1] = w[k+1], w[k] // two letters swapped
		default:
			w = append(w[:k], append([]rune{w[k]}, w[k:]...)...) // a letter doubled
		}
		words[i] = string(w)
		return strings.Join(words, " ")
	}
	return name
}
