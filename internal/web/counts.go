package web

import (
	"net/http"
	"time"

	"cnht/internal/apperr"
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
	// Typed is the date box's content: what was typed when it was refused.
	Typed string
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
	today := s.Registry.Today()
	date, typed, status := today, "", http.StatusOK
	if q := r.URL.Query().Get("date"); q != "" {
		typed = q
		d, err := vn.ParseDate(q)
		if err != nil {
			b.Errors = map[string]string{"date": b.P.T("field.date")}
		} else {
			date = d
		}
	}
	c, err := s.Registry.CountAsOf(r.Context(), date, enterprise.Filter{})
	if apperr.CodeOf(err) == apperr.Invalid {
		// A day in the future: say so on the form, and show today.
		b.Errors = b.P.FieldErrors(err)
		date = today
		c, err = s.Registry.CountAsOf(r.Context(), date, enterprise.Filter{})
	}
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	p := CountsPage{Base: b, Date: date, DateStr: vn.FormatDate(date), Counts: c, Sectors: enterprise.KeySectorChoices(), Typed: vn.FormatDate(date)}
	if len(b.Errors) > 0 {
		// The refused text stays in the box; the figures are today's.
		status, p.Typed = http.StatusUnprocessableEntity, typed
	}
	s.render(w, r, status, "counts", p)
}
