package web

import (
	"errors"
	"html/template"
	"io"
	"math"
	"mime"
	"net/http"
	"strconv"
	"strings"
	"time"

	"cnht/internal/actor"
	"cnht/internal/apperr"
	"cnht/internal/plan"
	"cnht/internal/vn"
)

// PlanReportKind is the job kind that generates a plan's yearly
// implementation report.
const PlanReportKind = "plan.report"

// PlansPage lists the plans.
type PlansPage struct {
	Base
	Plans     []plan.Plan
	CanManage bool
}

func canManagePlans(r *http.Request) bool {
	a := actor.From(r.Context())
	return a.Role == actor.Officer || a.Role == actor.Admin
}

func (s *Server) plansList(w http.ResponseWriter, r *http.Request) {
	ps, err := s.Plans.Plans(r.Context())
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, "plan_list", PlansPage{Base: s.base(r, "plan.list_title"), Plans: ps, CanManage: canManagePlans(r)})
}

// planCurrent opens the dashboard of the plan in force (the public home
// page links here).
func (s *Server) planCurrent(w http.ResponseWriter, r *http.Request) {
	p, err := s.Plans.CurrentPlan(r.Context())
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	http.Redirect(w, r, "/plans/"+strconv.FormatInt(p.ID, 10), http.StatusSeeOther)
}

// PlanFormPage creates or edits a plan.
type PlanFormPage struct {
	Base
	ID         int64
	Plan       plan.Plan
	Raw        map[string]string
	Programmes []plan.Programme
	Statuses   []plan.Status
}

func (s *Server) planNew(w http.ResponseWriter, r *http.Request) {
	if !s.requireRole(w, r, actor.Admin, actor.Officer) {
		return
	}
	y := time.Now().Year()
	s.renderPlanForm(w, r, http.StatusOK, s.base(r, "plan.new_title"), 0, plan.Plan{Programme: plan.ProgrammeCNHT, Status: plan.StatusDraft, YearFrom: y, YearTo: y}, nil)
}

func (s *Server) renderPlanForm(w http.ResponseWriter, r *http.Request, status int, b Base, id int64, p plan.Plan, raw map[string]string) {
	if raw == nil {
		raw = map[string]string{"year_from": strconv.Itoa(p.YearFrom), "year_to": strconv.Itoa(p.YearTo), "doc_date": b.P.Date(p.DocDate)}
		if p.Budget > 0 {
			raw["budget"] = vn.FormatInt(p.Budget)
		}
	}
	s.render(w, r, status, "plan_form", PlanFormPage{Base: b, ID: id, Plan: p, Raw: raw, Programmes: plan.Programmes, Statuses: plan.Statuses})
}

// planFromForm reads the plan form; field errors of the input's own form
// (dates, numbers) come with the service's.
func planFromForm(r *http.Request) (plan.Plan, map[string]string, apperr.Validation) {
	f := r.PostForm
	raw := map[string]string{"year_from": f.Get("year_from"), "year_to": f.Get("year_to"), "doc_date": f.Get("doc_date"), "budget": f.Get("budget")}
	p := plan.Plan{Programme: plan.Programme(f.Get("programme")), DocNumber: f.Get("doc_number"), Title: f.Get("title"), Status: plan.Status(f.Get("status")),
		Notes: f.Get("notes"), BudgetApprox: f.Get("budget_approx") != ""}
	var v apperr.Validation
	year := func(field string) int {
		n, err := strconv.Atoi(strings.TrimSpace(f.Get(field)))
		if err != nil {
			v.Add(field, "field.year")
		}
		return n
	}
	p.YearFrom, p.YearTo = year("year_from"), year("year_to")
	if d := strings.TrimSpace(f.Get("doc_date")); d != "" {
		t, err := vn.ParseDate(d)
		if err != nil {
			v.Add("doc_date", "field.date")
		}
		p.DocDate = t
	}
	if b := strings.TrimSpace(f.Get("budget")); b != "" {
		n, err := vn.ParseInt(b)
		if err != nil {
			v.Add("budget", "field.number")
		}
		p.Budget = n
	}
	return p, raw, v
}

// checkThenSave saves only a form whose own checks (dates, numbers)
// passed: a half-read form must not reach the service, which would store
// the zero values standing for what could not be read.
func checkThenSave(form apperr.Validation, save func() error) error {
	if err := form.Err(); err != nil {
		return err
	}
	return save()
}

func (s *Server) planCreate(w http.ResponseWriter, r *http.Request) {
	if !s.requireRole(w, r, actor.Admin, actor.Officer) || !s.parseForm(w, r) {
		return
	}
	s.savePlanForm(w, r, 0)
}

func (s *Server) planEdit(w http.ResponseWriter, r *http.Request) {
	id, ok := s.pathID(w, r)
	if !ok || !s.requireRole(w, r, actor.Admin, actor.Officer) {
		return
	}
	p, err := s.Plans.FindPlanByID(r.Context(), id)
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	s.renderPlanForm(w, r, http.StatusOK, s.base(r, "plan.edit_title"), id, p, nil)
}

func (s *Server) planUpdate(w http.ResponseWriter, r *http.Request) {
	id, ok := s.pathID(w, r)
	if !ok || !s.requireRole(w, r, actor.Admin, actor.Officer) || !s.parseForm(w, r) {
		return
	}
	s.savePlanForm(w, r, id)
}

// savePlanForm saves the posted plan form (a new plan when id is 0), or
// shows it again with the errors and what was typed.
func (s *Server) savePlanForm(w http.ResponseWriter, r *http.Request, id int64) {
	p, raw, v := planFromForm(r)
	p.ID = id
	title := "plan.edit_title"
	var saved plan.Plan
	err := checkThenSave(v, func() error {
		var err error
		if id == 0 {
			saved, err = s.Plans.CreatePlan(r.Context(), p)
		} else {
			saved, err = s.Plans.UpdatePlan(r.Context(), p)
		}
		return err
	})
	if id == 0 {
		title = "plan.new_title"
	}
	if err != nil {
		s.formError(w, r, err, func(b Base) { s.renderPlanForm(w, r, apperr.HTTPStatus(err), b, id, p, raw) }, title)
		return
	}
	s.flash(w, r, "plan.saved")
	http.Redirect(w, r, "/plans/"+strconv.FormatInt(saved.ID, 10), http.StatusSeeOther)
}

// RowView is one target of the dashboard as the page shows it.
type RowView struct {
	plan.TargetRow
	Name, How   string
	TargetText  string
	Value       string
	State       string
	StateLabel  string
	Projection  string
	Chart       template.HTML
	YearStates  []YearView
	ShowYears   bool
	Baseline    string
	IndicatorID string
}

// YearView is a yearly target's state in one year.
type YearView struct {
	Year       int
	Value      string
	State      string
	StateLabel string
}

// DashboardPage is a plan's targets against actual values.
type DashboardPage struct {
	Base
	D         plan.Dashboard
	Rows      []RowView
	Counts    map[string]int
	CanManage bool
	// Target form (officers).
	Indicators []plan.Indicator
	Kinds      []plan.Kind
	Reports    []plan.ReportFile
	FileMax    int64
}

// TV is what a target form's field shows: what was typed when that form
// (named by its prefix) was refused, else the target's value (t is a
// plan.Target, or nil for the form that adds one).
func (d DashboardPage) TV(prefix string, t any, field string) string {
	if d.Refused(prefix) {
		return d.Form.Get(field)
	}
	tg, ok := t.(plan.Target)
	if !ok {
		if field == "year" {
			return strconv.Itoa(d.D.Plan.YearTo)
		}
		return ""
	}
	flag := func(b bool) string {
		if b {
			return "1"
		}
		return ""
	}
	switch field {
	case "indicator":
		return tg.Indicator
	case "kind":
		return string(tg.Kind)
	case "low":
		if tg.Kind == plan.Ceiling {
			return ""
		}
		return plan.Milli(tg.Low).Format(d.Lang, 3)
	case "high":
		if tg.High == 0 {
			return ""
		}
		return plan.Milli(tg.High).Format(d.Lang, 3)
	case "year":
		return strconv.Itoa(tg.Year)
	case "note":
		return tg.Note
	case "baseline":
		if tg.BaselineYear == 0 {
			return ""
		}
		return plan.Milli(tg.Baseline).Format(d.Lang, 3)
	case "baseline_year":
		if tg.BaselineYear == 0 {
			return ""
		}
		return strconv.Itoa(tg.BaselineYear)
	case "approx":
		return flag(tg.Approx)
	case "per_year":
		return flag(tg.PerYear)
	}
	return ""
}

func (s *Server) planShow(w http.ResponseWriter, r *http.Request) {
	id, ok := s.pathID(w, r)
	if !ok {
		return
	}
	s.renderPlanShow(w, r, id, http.StatusOK, s.base(r, ""))
}

func (s *Server) renderPlanShow(w http.ResponseWriter, r *http.Request, id int64, status int, b Base) {
	d, err := s.Plans.Dashboard(r.Context(), id)
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	b.Title = d.Plan.Title
	p, lang := b.P, b.Lang
	page := DashboardPage{Base: b, D: d, Counts: map[string]int{}, CanManage: canManagePlans(r), Indicators: plan.Indicators, Kinds: plan.Kinds, FileMax: s.Config.UploadMaxBytes >> 20}
	for _, row := range d.Rows {
		u := row.Indicator.Unit
		rv := RowView{TargetRow: row, Name: p.T("indicator." + row.Target.Indicator), How: p.T("indicator." + row.Target.Indicator + ".how"),
			TargetText: row.Target.Text(p, lang), Value: row.Target.ValueText(p, lang, row.Headline.Actual.Value),
			State: string(row.Headline.State), StateLabel: p.T("state." + string(row.Headline.State)), IndicatorID: row.Target.Indicator,
			ShowYears: row.Target.PerYear}
		if pr := row.Headline.Projection; pr != nil {
			rv.Projection = p.T("plan.projection", "year", strconv.Itoa(pr.Year), "v", plan.FormatValue(p, lang, plan.Milli(int64(math.Round(pr.Value*1000))), u),
				"low", plan.FormatValue(p, lang, plan.Milli(int64(math.Round(pr.Low*1000))), u), "high", plan.FormatValue(p, lang, plan.Milli(int64(math.Round(pr.High*1000))), u),
				"conf", pr.Confidence)
		}
		if row.Target.BaselineYear != 0 {
			rv.Baseline = p.T("plan.baseline", "v", plan.FormatMilli(p, lang, row.Target.Baseline, u), "year", strconv.Itoa(row.Target.BaselineYear))
		}
		for _, ys := range row.Years {
			rv.YearStates = append(rv.YearStates, YearView{Year: ys.Year, Value: row.Target.ValueText(p, lang, ys.Actual.Value), State: string(ys.State), StateLabel: p.T("state." + string(ys.State))})
		}
		rv.Chart = chartSVG(row, d.Years, d.Today, p, lang)
		page.Counts[rv.State]++
		page.Rows = append(page.Rows, rv)
	}
	if page.CanManage {
		page.Reports, _ = s.Plans.Reports(r.Context(), id)
	}
	s.render(w, r, status, "plan_show", page)
}

// targetFromForm reads a target form: bounds typed in the indicator's
// unit, in the page's language ("16,5", "1.000" in Vietnamese).
func targetFromForm(r *http.Request, planID int64) (plan.Target, apperr.Validation) {
	lang := langOf(r)
	f := r.PostForm
	t := plan.Target{PlanID: planID, Indicator: f.Get("indicator"), Kind: plan.Kind(f.Get("kind")), PerYear: f.Get("per_year") != "", Approx: f.Get("approx") != "",
		Note: f.Get("note")}
	var v apperr.Validation
	if y, err := strconv.Atoi(strings.TrimSpace(f.Get("year"))); err == nil {
		t.Year = y
	} else if !t.PerYear {
		v.Add("year", "field.year")
	}
	milli := func(field string, required bool) int64 {
		s := strings.TrimSpace(f.Get(field))
		if s == "" {
			if required {
				v.Add(field, "field.required")
			}
			return 0
		}
		m, err := parseMilli(s, lang)
		if err != nil {
			v.Add(field, "plan.number_invalid")
		}
		return m
	}
	needLow := t.Kind != plan.Ceiling
	needHigh := t.Kind == plan.Range || t.Kind == plan.Ceiling
	t.Low, t.High = milli("low", needLow), milli("high", needHigh)
	t.Baseline = milli("baseline", false)
	if by := strings.TrimSpace(f.Get("baseline_year")); by != "" {
		n, err := strconv.Atoi(by)
		if err != nil {
			v.Add("baseline_year", "field.year")
		}
		t.BaselineYear = n
	}
	return t, v
}

// parseMilli reads a decimal number typed in the page's language, as
// thousandths: in Vietnamese '.' groups thousands and ',' marks decimals
// ("1.234,5"), in English the other way round ("1,234.5"); spaces are
// ignored. What the form shows (the "milli" template function) reads back
// as the same number.
func parseMilli(s, lang string) (int64, error) {
	thou, dec := ".", ","
	if lang == "en" {
		thou, dec = ",", "."
	}
	s = strings.ReplaceAll(strings.TrimSpace(s), " ", "")
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	intPart, frac, _ := strings.Cut(s, dec)
	groups := strings.Split(intPart, thou)
	for i, g := range groups {
		if g == "" || i > 0 && len(g) != 3 || i == 0 && len(groups) > 1 && len(g) > 3 {
			return 0, errors.New("number")
		}
	}
	intPart = strings.Join(groups, "")
	if len(frac) > 3 || strings.Contains(frac, thou) {
		return 0, errors.New("number")
	}
	for len(frac) < 3 {
		frac += "0"
	}
	for _, c := range intPart + frac {
		if c < '0' || c > '9' {
			return 0, errors.New("number")
		}
	}
	n, err := strconv.ParseInt(intPart+frac, 10, 64)
	if err != nil || n > math.MaxInt64/2 {
		return 0, errors.New("number")
	}
	if neg {
		n = -n
	}
	return n, nil
}

func (s *Server) targetCreate(w http.ResponseWriter, r *http.Request) {
	id, ok := s.pathID(w, r)
	if !ok || !s.requireRole(w, r, actor.Admin, actor.Officer) || !s.parseForm(w, r) {
		return
	}
	s.saveTarget(w, r, id, 0)
}

func (s *Server) targetUpdate(w http.ResponseWriter, r *http.Request) {
	id, ok := s.pathID(w, r)
	if !ok || !s.requireRole(w, r, actor.Admin, actor.Officer) || !s.parseForm(w, r) {
		return
	}
	old, err := s.Plans.FindTarget(r.Context(), id)
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	s.saveTarget(w, r, old.PlanID, id)
}

// saveTarget saves the posted target form (a new target when id is 0),
// showing the plan again with the errors and what was typed when refused.
func (s *Server) saveTarget(w http.ResponseWriter, r *http.Request, planID, id int64) {
	t, v := targetFromForm(r, planID)
	t.ID = id
	err := checkThenSave(v, func() error {
		_, err := s.Plans.SaveTarget(r.Context(), t)
		return err
	})
	if err != nil {
		s.formError(w, r, err, func(b Base) {
			b.Form = r.PostForm
			s.renderPlanShow(w, r, planID, apperr.HTTPStatus(err), b)
		}, "")
		return
	}
	s.flash(w, r, "plan.target_saved")
	http.Redirect(w, r, "/plans/"+strconv.FormatInt(planID, 10)+"#targets", http.StatusSeeOther)
}

func (s *Server) targetDelete(w http.ResponseWriter, r *http.Request) {
	id, ok := s.pathID(w, r)
	if !ok || !s.requireRole(w, r, actor.Admin, actor.Officer) || !s.parseForm(w, r) {
		return
	}
	old, err := s.Plans.FindTarget(r.Context(), id)
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	planID := old.PlanID
	if err := s.Plans.DeleteTarget(r.Context(), id); err != nil {
		s.renderError(w, r, err)
		return
	}
	s.flash(w, r, "plan.target_deleted")
	http.Redirect(w, r, "/plans/"+strconv.FormatInt(planID, 10)+"#targets", http.StatusSeeOther)
}

// planFileUpload attaches the plan's legal document.
func (s *Server) planFileUpload(w http.ResponseWriter, r *http.Request) {
	id, ok := s.pathID(w, r)
	if !ok || !s.requireRole(w, r, actor.Admin, actor.Officer) || !s.parseMultipart(w, r) {
		return
	}
	up, err := s.readUpload(r, "file")
	var content []byte
	name := ""
	if err == nil && up != nil {
		name = up.Filename
		content, err = io.ReadAll(up.Content)
	}
	if err == nil {
		err = s.Plans.SetPlanFile(r.Context(), id, name, content)
	}
	if err != nil {
		s.formError(w, r, err, func(b Base) { s.renderPlanShow(w, r, id, apperr.HTTPStatus(err), b) }, "")
		return
	}
	s.flash(w, r, "plan.file_saved")
	http.Redirect(w, r, "/plans/"+strconv.FormatInt(id, 10), http.StatusSeeOther)
}

func (s *Server) planFileDownload(w http.ResponseWriter, r *http.Request) {
	id, ok := s.pathID(w, r)
	if !ok {
		return
	}
	name, ctype, content, err := s.Plans.PlanFile(r.Context(), id)
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	sendFile(w, name, ctype, content)
}

// planReport queues the job that generates the yearly report.
func (s *Server) planReport(w http.ResponseWriter, r *http.Request) {
	id, ok := s.pathID(w, r)
	if !ok || !s.requireRole(w, r, actor.Admin, actor.Officer) || !s.parseForm(w, r) {
		return
	}
	lang := r.PostFormValue("lang")
	if lang != "en" {
		lang = "vi"
	}
	j, err := s.Jobs.Enqueue(r.Context(), PlanReportKind, map[string]any{"plan_id": id, "lang": lang})
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	http.Redirect(w, r, "/jobs/"+strconv.FormatInt(j.ID, 10), http.StatusSeeOther)
}

func (s *Server) planReportDownload(w http.ResponseWriter, r *http.Request) {
	id, ok := s.pathID(w, r)
	if !ok {
		return
	}
	format := r.PathValue("format")
	f, ctype, content, err := s.Plans.OpenReport(r.Context(), id, format)
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	sendFile(w, f.Filename+"."+format, ctype, content)
}

// sendFile answers with a file to save (never shown inline: a document
// is not a page of this site).
func sendFile(w http.ResponseWriter, name, ctype string, content []byte) {
	w.Header().Set("Content-Type", ctype)
	w.Header().Set("Content-Disposition", mime.FormatMediaType("attachment", map[string]string{"filename": name}))
	w.Header().Set("X-Content-Type-Options", "nosniff")
	w.Header().Set("Cache-Control", "private, no-store")
	_, _ = w.Write(content)
}
