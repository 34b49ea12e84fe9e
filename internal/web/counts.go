package web

import (
	"net/http"
	"time"

	"cnht/internal/enterprise"
	"cnht/internal/vn"
)

// CountsPage shows the registry's counts on any date: how many active
// supporting-industry enterprises, and how many of them met international
// standards, by key sector and by ward.
type CountsPage struct {
	Base
	Date    time.Time
	DateStr string
	Counts  enterprise.Counts
	Sectors []enterprise.Choice
}

// Share renders numerator over denominator as a percentage, or "—".
func (p CountsPage) Share(num, den int64) string {
	s, ok := vn.FormatShare(num, den, 1)
	if !ok {
		return "—"
	}
	return s
}

func (s *Server) registryCounts(w http.ResponseWriter, r *http.Request) {
	b := s.base(r, "counts.title")
	date := s.Registry.Today()
	if q := r.URL.Query().Get("date"); q != "" {
		d, err := vn.ParseDate(q)
		if err != nil {
			b.Errors = map[string]string{"date": b.P.T("field.date")}
		} else {
			date = d
		}
	}
	c, err := s.Registry.CountAsOf(r.Context(), date, enterprise.Filter{})
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, "counts", CountsPage{Base: b, Date: date, DateStr: vn.FormatDate(date), Counts: c, Sectors: enterprise.KeySectorChoices()})
}
