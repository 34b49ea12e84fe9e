package web

import (
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"cnht/internal/actor"
	"cnht/internal/apperr"
	"cnht/internal/i18n"
	"cnht/internal/plan"
	"cnht/internal/vn"
)

// StatisticsFormURL is the address of an enterprise's report form for a
// period (reminders link to it).
func StatisticsFormURL(periodID, enterpriseID int64) string {
	return "/statistics/" + strconv.FormatInt(periodID, 10) + "/enterprises/" + strconv.FormatInt(enterpriseID, 10)
}

// periodLabel names a period: "2025" or "Q1/2025".
func periodLabel(p plan.Period) string {
	if p.Quarter == 0 {
		return strconv.Itoa(p.Year)
	}
	return "Q" + strconv.Itoa(p.Quarter) + "/" + strconv.Itoa(p.Year)
}

// StatisticsPage is the list of reporting periods: officers see every
// period with its filings counted and open new ones; an enterprise's
// members see their own periods.
type StatisticsPage struct {
	Base
	Officer   bool
	Summaries []plan.PeriodSummary
	Mine      []plan.MyFiling
	Today     time.Time
}

// Quarters are the quarters a period may be.
func (StatisticsPage) Quarters() []string { return []string{"1", "2", "3", "4"} }

// Label names a period.
func (StatisticsPage) Label(p plan.Period) string { return periodLabel(p) }

// FormURL is the report form's address.
func (StatisticsPage) FormURL(periodID, enterpriseID int64) string {
	return StatisticsFormURL(periodID, enterpriseID)
}

func (s *Server) statisticsList(w http.ResponseWriter, r *http.Request) {
	if !s.requireRole(w, r, actor.Admin, actor.Officer, actor.Enterprise) {
		return
	}
	s.renderStatistics(w, r, http.StatusOK, s.base(r, "stat.title"))
}

func (s *Server) renderStatistics(w http.ResponseWriter, r *http.Request, status int, b Base) {
	pg := StatisticsPage{Base: b, Today: s.Plans.Today()}
	var err error
	if b.Role == actor.Enterprise {
		pg.Mine, err = s.Plans.MyFilings(r.Context())
	} else {
		pg.Officer = true
		pg.Summaries, err = s.Plans.PeriodSummaries(r.Context())
	}
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	s.render(w, r, status, "statistics", pg)
}

// statisticsOpen opens a reporting period.
func (s *Server) statisticsOpen(w http.ResponseWriter, r *http.Request) {
	if !s.requireRole(w, r, actor.Admin, actor.Officer) || !s.parseForm(w, r) {
		return
	}
	var v apperr.Validation
	p := plan.Period{}
	year, err := strconv.Atoi(strings.TrimSpace(r.PostFormValue("year")))
	if err != nil {
		v.Add("year", "field.range", "min", 1990, "max", 2100)
	}
	p.Year = year
	if q := strings.TrimSpace(r.PostFormValue("quarter")); q != "" {
		if p.Quarter, err = strconv.Atoi(q); err != nil {
			v.Add("quarter", "field.range", "min", 0, "max", 4)
		}
	}
	for _, f := range []struct {
		name string
		to   *time.Time
	}{{"opens_on", &p.OpensOn}, {"due_on", &p.DueOn}} {
		raw := strings.TrimSpace(r.PostFormValue(f.name))
		if raw == "" {
			v.Add(f.name, "field.required")
			continue
		}
		d, err := vn.ParseDate(raw)
		if err != nil {
			v.Add(f.name, "field.date")
			continue
		}
		*f.to = d
	}
	err = v.Err()
	if err == nil {
		p, err = s.Plans.OpenPeriod(r.Context(), p)
	}
	if err != nil {
		s.formError(w, r, err, func(b Base) {
			b.Form = r.PostForm
			s.renderStatistics(w, r, apperr.HTTPStatus(err), b)
		}, "stat.title")
		return
	}
	s.flash(w, r, "stat.period_opened")
	http.Redirect(w, r, "/statistics/"+strconv.FormatInt(p.ID, 10), http.StatusSeeOther)
}

// PeriodPage is a period's filings as officers follow them.
type PeriodPage struct {
	Base
	Page   plan.FilingPage
	Label  string
	State  string
	Query  string
	States []string
	Late   bool
	Prev   string
	Next   string
}

// FormURL is the report form's address.
func (PeriodPage) FormURL(periodID, enterpriseID int64) string {
	return StatisticsFormURL(periodID, enterpriseID)
}

// StateCount is the count of a state.
func (pg PeriodPage) StateCount(state string) int { return pg.Page.Counts.Of(state) }

// StateURL is the list filtered by a state, keeping the search.
func (pg PeriodPage) StateURL(state string) string {
	q := url.Values{}
	if state != "" {
		q.Set("state", state)
	}
	if pg.Query != "" {
		q.Set("q", pg.Query)
	}
	u := "/statistics/" + strconv.FormatInt(pg.Page.Period.ID, 10)
	if len(q) > 0 {
		u += "?" + q.Encode()
	}
	return u
}

const filingsPerPage = 50

func (s *Server) statisticsPeriod(w http.ResponseWriter, r *http.Request) {
	id, ok := s.pathID(w, r)
	if !ok || !s.requireRole(w, r, actor.Admin, actor.Officer) {
		return
	}
	q := r.URL.Query()
	offset, _ := strconv.Atoi(q.Get("offset"))
	state := q.Get("state")
	if !slices.Contains(plan.FilingStates, state) {
		state = ""
	}
	text := strings.TrimSpace(q.Get("q"))
	page, err := s.Plans.Filings(r.Context(), id, plan.FilingFilter{State: state, Text: text, Limit: filingsPerPage, Offset: max(offset, 0)})
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	b := s.base(r, "")
	label := periodLabel(page.Period)
	b.Title = b.P.T("stat.period_title", "period", label)
	pg := PeriodPage{Base: b, Page: page, Label: label, State: state, Query: text, States: plan.FilingStates, Late: page.Period.Late(s.Plans.Today())}
	link := func(off int) string {
		v := url.Values{}
		if state != "" {
			v.Set("state", state)
		}
		if text != "" {
			v.Set("q", text)
		}
		v.Set("offset", strconv.Itoa(off))
		return "/statistics/" + strconv.FormatInt(id, 10) + "?" + v.Encode()
	}
	if page.Offset > 0 {
		pg.Prev = link(max(page.Offset-page.Limit, 0))
	}
	if page.Offset+len(page.Items) < page.Total {
		pg.Next = link(page.Offset + page.Limit)
	}
	s.render(w, r, http.StatusOK, "statistics_period", pg)
}

// reportFields are the report's amounts, in the form's order.
var reportFields = []struct {
	Name, Label string
	Money       bool
}{
	{"output_value", "stat.output_value", true},
	{"revenue", "stat.revenue", true},
	{"export_turnover", "stat.export_turnover", true},
	{"employees", "stat.employees", false},
}

// minItemRows is how many product rows the form shows at least (empty
// ones to fill in); "add rows" adds itemRowsStep more.
const (
	minItemRows  = 5
	itemRowsStep = 3
	maxItemRows  = 60
)

// AmountField is one amount of the report form.
type AmountField struct {
	Name, Label, Value, Previous, Error, Hint string
}

// UnitOption is a unit a quantity may be given in.
type UnitOption struct {
	Code, Label string
}

// ProductOption is a basket product to choose.
type ProductOption struct {
	Code, Name, Unit, UnitLabel string
}

// ItemRow is one product row of the report form.
type ItemRow struct {
	Index                           int
	Product, Unit, Quantity         string
	Units                           []UnitOption
	ProductError, UnitError, QError string
	Previous                        string
	BasketUnit                      string
}

// ReportFormPage is an enterprise's report for a period, to fill in.
type ReportFormPage struct {
	Base
	Form      plan.ReportForm
	Label     string
	Action    string
	Amounts   []AmountField
	Items     []ItemRow
	Products  []ProductOption
	Submitted bool
	// Jump is true when the service asked for a confirmation of values far
	// from last year's; Confirm keeps the box ticked.
	Jump    bool
	Confirm bool
	// Messages are every error, each naming its field.
	Messages []FieldMessage
	Back     string
}

// FieldMessage is an error with the field it is about.
type FieldMessage struct {
	Field, Label, Message string
}

func unitLabel(p *i18n.Printer, u string) string { return p.T("stat.unit." + u) }

// reportFormIDs reads the period and enterprise of the form's address.
func (s *Server) reportFormIDs(w http.ResponseWriter, r *http.Request) (int64, int64, bool) {
	id, ok := s.pathID(w, r)
	if !ok {
		return 0, 0, false
	}
	eid, err := strconv.ParseInt(r.PathValue("eid"), 10, 64)
	if err != nil || eid <= 0 {
		s.notFound(w, r)
		return 0, 0, false
	}
	return id, eid, true
}

func (s *Server) statisticsForm(w http.ResponseWriter, r *http.Request) {
	id, eid, ok := s.reportFormIDs(w, r)
	if !ok || !s.requireRole(w, r, actor.Admin, actor.Officer, actor.Enterprise) {
		return
	}
	f, err := s.Plans.ReportForm(r.Context(), id, eid)
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	s.renderReportForm(w, r, http.StatusOK, s.base(r, ""), f, nil, 0)
}

// renderReportForm shows the form: from the report filed so far, or from
// what was typed (form) when a save was refused or rows were added.
func (s *Server) renderReportForm(w http.ResponseWriter, r *http.Request, status int, b Base, f plan.ReportForm, form url.Values, extraRows int) {
	p := b.P
	label := periodLabel(f.Period)
	b.Title = p.T("stat.form_title", "period", label)
	pg := ReportFormPage{Base: b, Form: f, Label: label, Action: StatisticsFormURL(f.Period.ID, f.EnterpriseID)}
	pg.Submitted = f.Report != nil && f.Report.Status == plan.ReportSubmitted
	if b.Role == actor.Enterprise {
		pg.Back = "/statistics"
	} else {
		pg.Back = "/statistics/" + strconv.FormatInt(f.Period.ID, 10)
	}
	basketUnit := map[string]string{}
	for _, it := range f.Products {
		name := it.NameVI
		if b.Lang == "en" && it.NameEN != "" {
			name = it.NameEN
		}
		basketUnit[it.Code] = it.Unit
		pg.Products = append(pg.Products, ProductOption{Code: it.Code, Name: name, Unit: it.Unit, UnitLabel: unitLabel(p, it.Unit)})
	}
	prevQ := map[string]plan.Item{}
	if f.Previous != nil {
		for _, it := range f.Previous.Items {
			prevQ[it.ProductCode] = it
		}
	}
	for _, fd := range reportFields {
		a := AmountField{Name: fd.Name, Label: p.T(fd.Label), Error: b.Errors[fd.Name]}
		if fd.Money {
			a.Hint = p.T("stat.money_hint")
		}
		var cur, prev int64
		has := false
		if f.Report != nil {
			cur, has = reportValue(*f.Report, fd.Name), true
		}
		if form != nil {
			a.Value = form.Get(fd.Name)
		} else if has {
			a.Value = vn.FormatInt(cur)
		}
		if f.Previous != nil {
			prev = reportValue(*f.Previous, fd.Name)
			if fd.Money {
				a.Previous = p.Money(prev)
			} else {
				a.Previous = p.Int(prev)
			}
		}
		pg.Amounts = append(pg.Amounts, a)
	}
	var rows []ItemRow
	if form != nil {
		for i := 0; i < maxItemRows; i++ {
			pre := "items." + strconv.Itoa(i) + "."
			if _, ok := form[pre+"product_code"]; !ok {
				break
			}
			rows = append(rows, ItemRow{Product: form.Get(pre + "product_code"), Unit: form.Get(pre + "unit"), Quantity: form.Get(pre + "quantity")})
		}
		pg.Confirm = form.Get("confirm_jump") == "1"
	} else if f.Report != nil {
		for _, it := range f.Report.Items {
			rows = append(rows, ItemRow{Product: it.ProductCode, Unit: it.Unit, Quantity: vn.FormatInt(it.Quantity)})
		}
	}
	n := max(len(rows)+extraRows, minItemRows)
	if extraRows == 0 && len(rows) >= minItemRows && form == nil {
		n = len(rows) + 1 // a saved report with many rows gets one empty row more
	}
	for len(rows) < min(n, maxItemRows) {
		rows = append(rows, ItemRow{})
	}
	for i := range rows {
		row := &rows[i]
		row.Index = i
		pre := "items." + strconv.Itoa(i) + "."
		row.ProductError, row.UnitError, row.QError = b.Errors[pre+"product_code"], b.Errors[pre+"unit"], b.Errors[pre+"quantity"]
		units := plan.Units()
		if bu, ok := basketUnit[row.Product]; ok {
			units = plan.UnitsLike(bu)
			row.BasketUnit = unitLabel(p, bu)
			if row.Unit == "" {
				row.Unit = bu
			}
		}
		for _, u := range units {
			row.Units = append(row.Units, UnitOption{Code: u, Label: unitLabel(p, u)})
		}
		if it, ok := prevQ[row.Product]; ok {
			row.Previous = p.Int(it.Quantity) + " " + unitLabel(p, it.Unit)
		}
	}
	pg.Items = rows
	// Every error, naming its field, at the top; the jump asks for the box.
	order := []string{}
	for _, fd := range reportFields {
		order = append(order, fd.Name)
	}
	for i := range rows {
		pre := "items." + strconv.Itoa(i) + "."
		order = append(order, pre+"product_code", pre+"unit", pre+"quantity")
	}
	order = append(order, "submit", "confirm_jump")
	for _, k := range order {
		msg, ok := b.Errors[k]
		if !ok {
			continue
		}
		pg.Messages = append(pg.Messages, FieldMessage{Field: k, Label: reportFieldLabel(p, k), Message: msg})
	}
	pg.Jump = b.Form != nil && b.Form.Get("_jump") == "1"
	s.render(w, r, status, "statistics_form", pg)
}

func reportValue(r plan.Report, name string) int64 {
	switch name {
	case "output_value":
		return r.OutputValue
	case "revenue":
		return r.Revenue
	case "export_turnover":
		return r.ExportTurnover
	}
	return r.Employees
}

// reportFieldLabel names a field of the report form in the reader's
// language: "Doanh thu", "Sản phẩm dòng 2 – số lượng".
func reportFieldLabel(p *i18n.Printer, field string) string {
	for _, fd := range reportFields {
		if fd.Name == field {
			return p.T(fd.Label)
		}
	}
	if rest, ok := strings.CutPrefix(field, "items."); ok {
		idx, part, _ := strings.Cut(rest, ".")
		n, _ := strconv.Atoi(idx)
		return p.T("stat.item_field", "row", strconv.Itoa(n+1), "part", p.T("stat.item."+part))
	}
	if field == "confirm_jump" {
		return p.T("stat.confirm_jump_label")
	}
	return p.T("stat.report")
}

func (s *Server) statisticsSave(w http.ResponseWriter, r *http.Request) {
	id, eid, ok := s.reportFormIDs(w, r)
	if !ok || !s.requireRole(w, r, actor.Admin, actor.Officer, actor.Enterprise) {
		return
	}
	f, err := s.Plans.ReportForm(r.Context(), id, eid)
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	if !s.parseForm(w, r) {
		return
	}
	action := r.PostFormValue("action")
	if action == "add_rows" {
		b := s.base(r, "")
		b.Form = r.PostForm
		s.renderReportForm(w, r, http.StatusOK, b, f, r.PostForm, itemRowsStep)
		return
	}
	in := plan.ReportInput{PeriodID: id, EnterpriseID: eid, Submit: action == "submit", ConfirmJump: r.PostFormValue("confirm_jump") == "1"}
	// What cannot be read as a number is refused here, naming the field;
	// the rest is the service's to judge.
	var v apperr.Validation
	for _, fd := range reportFields {
		raw := strings.TrimSpace(r.PostFormValue(fd.Name))
		var n int64
		if raw != "" {
			var err error
			if n, err = vn.ParseInt(raw); err != nil {
				key := "stat.bad_count"
				if fd.Money {
					key = "stat.bad_amount"
				}
				v.Add(fd.Name, key)
				continue
			}
		}
		switch fd.Name {
		case "output_value":
			in.OutputValue = n
		case "revenue":
			in.Revenue = n
		case "export_turnover":
			in.ExportTurnover = n
		case "employees":
			in.Employees = n
		}
	}
	for i := 0; i < maxItemRows; i++ {
		pre := "items." + strconv.Itoa(i) + "."
		if _, ok := r.PostForm[pre+"product_code"]; !ok {
			break
		}
		it := plan.Item{ProductCode: strings.TrimSpace(r.PostFormValue(pre + "product_code")), Unit: r.PostFormValue(pre + "unit")}
		if raw := strings.TrimSpace(r.PostFormValue(pre + "quantity")); raw != "" {
			q, err := vn.ParseInt(raw)
			if err != nil {
				v.Add(pre+"quantity", "stat.bad_quantity")
			}
			it.Quantity = q
		}
		if it.ProductCode == "" && it.Quantity == 0 {
			it.Unit = "" // an empty row
		}
		in.Items = append(in.Items, it)
	}
	err = v.Err()
	if err == nil {
		_, err = s.Plans.SaveReport(r.Context(), in)
	}
	if err != nil {
		s.formError(w, r, err, func(b Base) {
			b.Form = r.PostForm
			jump := false
			for _, fe := range apperr.As(err).Fields {
				jump = jump || fe.Key == "plan.jump"
			}
			if jump {
				b.Form = cloneValues(r.PostForm)
				b.Form.Set("_jump", "1")
				b.Error = b.P.T("stat.jump_intro")
			}
			s.renderReportForm(w, r, apperr.HTTPStatus(err), b, f, r.PostForm, 0)
		}, "")
		return
	}
	if in.Submit {
		s.flash(w, r, "stat.submitted_flash")
		if actor.From(r.Context()).Role == actor.Enterprise {
			http.Redirect(w, r, "/statistics", http.StatusSeeOther)
		} else {
			http.Redirect(w, r, "/statistics/"+strconv.FormatInt(id, 10), http.StatusSeeOther)
		}
		return
	}
	s.flash(w, r, "stat.draft_flash")
	http.Redirect(w, r, StatisticsFormURL(id, eid), http.StatusSeeOther)
}

func cloneValues(v url.Values) url.Values {
	out := url.Values{}
	for k, vs := range v {
		out[k] = slices.Clone(vs)
	}
	return out
}
