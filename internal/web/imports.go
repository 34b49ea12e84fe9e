package web

import (
	"bytes"
	"net/http"
	"strconv"

	"cnht/internal/actor"
	"cnht/internal/apperr"
	"cnht/internal/enterprise"
	"cnht/internal/importer"
	"cnht/internal/job"
	"cnht/internal/vn"
)

// ImportKind is the job kind that writes a confirmed import.
const ImportKind = "enterprise.import"

// ImportsPage is the upload form with the latest imports.
type ImportsPage struct {
	Base
	Recent []importer.Import
	MaxMB  int64
}

func (s *Server) importsList(w http.ResponseWriter, r *http.Request) {
	if !s.requireRole(w, r, actor.Admin, actor.Officer) {
		return
	}
	s.renderImports(w, r, http.StatusOK, s.base(r, "import.title"))
}

func (s *Server) renderImports(w http.ResponseWriter, r *http.Request, status int, b Base) {
	recent, err := s.Importer.Recent(r.Context(), 20)
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	s.render(w, r, status, "imports", ImportsPage{Base: b, Recent: recent, MaxMB: s.Importer.Limits().MaxBytes >> 20})
}

// importUpload stores an uploaded file and shows its preview.
func (s *Server) importUpload(w http.ResponseWriter, r *http.Request) {
	if !s.requireRole(w, r, actor.Admin, actor.Officer) {
		return
	}
	r.Body = http.MaxBytesReader(w, r.Body, s.Importer.Limits().MaxBytes+(1<<20))
	if err := r.ParseMultipartForm(1 << 20); err != nil {
		s.importFormError(w, r, apperr.Errorf(apperr.Invalid, "import.too_large", "max_mb", s.Importer.Limits().MaxBytes>>20))
		return
	}
	f, h, err := r.FormFile("file")
	if err != nil {
		var v apperr.Validation
		v.Add("file", "field.required")
		s.importFormError(w, r, v.Err())
		return
	}
	defer f.Close()
	im, err := s.Importer.Upload(r.Context(), h.Filename, f)
	if err != nil {
		s.importFormError(w, r, err)
		return
	}
	http.Redirect(w, r, "/imports/"+strconv.FormatInt(im.ID, 10), http.StatusSeeOther)
}

func (s *Server) importFormError(w http.ResponseWriter, r *http.Request, err error) {
	s.formError(w, r, err, func(b Base) {
		if len(b.Errors) == 0 {
			b.Errors = map[string]string{"file": b.Error}
		}
		s.renderImports(w, r, apperr.HTTPStatus(err), b)
	}, "import.title")
}

// ImportPage is an import's preview: columns, detected encodings, what
// each row will do; or, once confirmed, its job and result.
type ImportPage struct {
	Base
	Preview   importer.Preview
	Fields    []importer.Field
	Encodings []vn.LegacyEncoding
	Refused   []RefusedRow
	Updates   []enterprise.ImportOutcome
	Similar   []enterprise.ImportOutcome
	Job       *job.Job
}

// RefusedRow is a refused row as the preview lists it.
type RefusedRow struct {
	Line    int
	TaxCode string
	Name    string
	Reasons []string
}

// Writes is how many rows a confirmation writes: enterprises created or
// updated, certificates added or updated.
func (p ImportPage) Writes() int {
	pl := p.Preview.Plan
	return pl.Creates + pl.Updates + pl.CertCreates + pl.CertUpdates
}

// reason renders a refusal with the column it came from.
func (s *Server) reason(b Base, column string, p apperr.FieldError) string {
	msg := b.P.Error(&apperr.Error{Code: apperr.Invalid, Key: p.Key, Args: p.Args})
	if column == "" {
		return msg
	}
	return b.P.T("import.in_column", "column", column, "message", msg)
}

func (s *Server) importShow(w http.ResponseWriter, r *http.Request) {
	id, ok := s.pathID(w, r)
	if !ok || !s.requireRole(w, r, actor.Admin, actor.Officer) {
		return
	}
	s.renderImport(w, r, id, http.StatusOK, s.base(r, "import.preview_title"))
}

func (s *Server) renderImport(w http.ResponseWriter, r *http.Request, id int64, status int, b Base) {
	pv, err := s.Importer.Preview(r.Context(), id)
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	p := ImportPage{Base: b, Preview: pv, Fields: importer.Fields(), Encodings: []vn.LegacyEncoding{vn.EncodingUnicode, vn.EncodingTCVN3, vn.EncodingVNI}}
	for _, o := range pv.Plan.Outcomes {
		switch o.Action {
		case enterprise.ImportRefused:
			if len(p.Refused) == 500 {
				continue
			}
			rr := RefusedRow{Line: o.Line, TaxCode: o.TaxCode, Name: o.Name}
			for _, pr := range o.Problems {
				rr.Reasons = append(rr.Reasons, s.reason(b, pv.Result.ColumnFor(pr.Field), pr))
			}
			p.Refused = append(p.Refused, rr)
		case enterprise.ImportUpdate:
			if len(p.Updates) < 200 {
				p.Updates = append(p.Updates, o)
			}
		case enterprise.ImportCreate:
			if o.Similar != nil && len(p.Similar) < 200 {
				p.Similar = append(p.Similar, o)
			}
		}
	}
	if pv.Import.JobID != 0 {
		if j, err := s.Jobs.Find(r.Context(), pv.Import.JobID); err == nil {
			p.Job = &j
		}
	}
	if pv.Import.Status == importer.StatusQueued {
		// The progress bar moves by itself; the page reloads to show the
		// result once the job has written it.
		p.Refresh = 3
	}
	s.render(w, r, status, "import_preview", p)
}

// importOptions records the user's corrections to the column mapping and
// the encodings, then shows the preview again.
func (s *Server) importOptions(w http.ResponseWriter, r *http.Request) {
	id, ok := s.pathID(w, r)
	if !ok || !s.requireRole(w, r, actor.Admin, actor.Officer) || !s.parseForm(w, r) {
		return
	}
	n, _ := strconv.Atoi(r.PostFormValue("columns"))
	if n < 0 || n > 500 {
		n = 0
	}
	opt := importer.Options{Mapping: make(importer.Mapping, n), Encodings: map[int]vn.LegacyEncoding{}}
	for i := range n {
		opt.Mapping[i] = importer.Field(r.PostFormValue("map_" + strconv.Itoa(i)))
		if e := r.PostFormValue("enc_" + strconv.Itoa(i)); e != "" && e != "auto" {
			opt.Encodings[i] = vn.LegacyEncoding(e)
		}
	}
	if err := s.Importer.SetOptions(r.Context(), id, opt); err != nil {
		s.formError(w, r, err, func(b Base) { s.renderImport(w, r, id, apperr.HTTPStatus(err), b) }, "import.preview_title")
		return
	}
	s.flash(w, r, "import.options_saved")
	http.Redirect(w, r, "/imports/"+strconv.FormatInt(id, 10), http.StatusSeeOther)
}

// importConfirm queues the job that writes the import, all or nothing.
func (s *Server) importConfirm(w http.ResponseWriter, r *http.Request) {
	id, ok := s.pathID(w, r)
	if !ok || !s.requireRole(w, r, actor.Admin, actor.Officer) || !s.parseForm(w, r) {
		return
	}
	if err := s.Importer.CheckDraft(r.Context(), id); err != nil {
		s.formError(w, r, err, func(b Base) { s.renderImport(w, r, id, apperr.HTTPStatus(err), b) }, "import.preview_title")
		return
	}
	err := s.Importer.MarkQueued(r.Context(), id, func() (int64, error) {
		j, err := s.Jobs.Enqueue(r.Context(), ImportKind, map[string]int64{"import_id": id})
		return j.ID, err
	})
	if err != nil {
		s.formError(w, r, err, func(b Base) { s.renderImport(w, r, id, apperr.HTTPStatus(err), b) }, "import.preview_title")
		return
	}
	http.Redirect(w, r, "/imports/"+strconv.FormatInt(id, 10), http.StatusSeeOther)
}

// importRefused sends the refused rows as an XLSX with a reason column.
func (s *Server) importRefused(w http.ResponseWriter, r *http.Request) {
	id, ok := s.pathID(w, r)
	if !ok || !s.requireRole(w, r, actor.Admin, actor.Officer) {
		return
	}
	pv, err := s.Importer.Preview(r.Context(), id)
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	b := s.base(r, "")
	var buf bytes.Buffer
	err = importer.WriteRefused(&buf, pv.File, pv.Result, pv.Plan, b.P.T("import.line"), b.P.T("import.reason"), func(column string, p apperr.FieldError) string {
		return s.reason(b, column, p)
	})
	if err != nil {
		s.renderError(w, r, apperr.Wrap(err, "write refused rows"))
		return
	}
	w.Header().Set("Content-Type", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
	w.Header().Set("Content-Disposition", `attachment; filename="dong-bi-tu-choi-`+strconv.FormatInt(id, 10)+`.xlsx"`)
	w.Header().Set("Cache-Control", "no-store")
	_, _ = w.Write(buf.Bytes())
}
