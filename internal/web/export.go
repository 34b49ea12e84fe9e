package web

import (
	"bufio"
	"encoding/json"
	"net/http"
	"strconv"
	"time"

	"cnht/internal/actor"
	"cnht/internal/enterprise"
	"cnht/internal/i18n"
	"cnht/internal/importer"
	"cnht/internal/vn"
)

// ExportHeader names export columns in Vietnamese, whatever the reader's
// language: the files circulate among the city's offices, and import back.
func ExportHeader(b *i18n.Bundle) func(importer.Field) string {
	p := b.Printer("vi")
	return func(f importer.Field) string { return p.T("import.field." + string(f)) }
}

// ExportKind is the job kind that writes an export too large for one
// request.
const ExportKind = "enterprise.export"

// ExportName is the file name, without extension, of an export made on
// a day: base-yyyymmdd.
func ExportName(base string, day time.Time) string {
	stamp := vn.FormatDate(day)
	return base + "-" + stamp[6:] + stamp[3:5] + stamp[:2]
}

// OfficersExport is the base of the officers' export file names.
const OfficersExport = "doanh-nghiep-cnht"

// enterpriseExportJob queues the job that writes a long list, with its
// filters, as a file to download from the job's page.
func (s *Server) enterpriseExportJob(w http.ResponseWriter, r *http.Request) {
	if !s.requireRole(w, r, actor.Admin, actor.Officer) || !s.parseForm(w, r) {
		return
	}
	format := r.PostFormValue("format")
	if format != "csv" {
		format = "xlsx"
	}
	j, err := s.Jobs.Enqueue(r.Context(), ExportKind, map[string]string{"format": format, "query": r.PostFormValue("query")})
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	http.Redirect(w, r, "/jobs/"+strconv.FormatInt(j.ID, 10), http.StatusSeeOther)
}

// exportDownload sends a file an export job made.
func (s *Server) exportDownload(w http.ResponseWriter, r *http.Request) {
	id, ok := s.pathID(w, r)
	if !ok || !s.requireRole(w, r, actor.Admin, actor.Officer) {
		return
	}
	f, content, err := s.Importer.OpenExport(r.Context(), id)
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	if f.Format == "xlsx" {
		w.Header().Set("Content-Type", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
	} else {
		w.Header().Set("Content-Type", "text/csv; charset=utf-8")
	}
	w.Header().Set("Content-Disposition", `attachment; filename="`+f.Filename+`"`)
	w.Header().Set("Content-Length", strconv.Itoa(len(content)))
	_, _ = w.Write(content)
}

// writeExport streams the enterprises f selects as CSV or XLSX.
func (s *Server) writeExport(w http.ResponseWriter, r *http.Request, f enterprise.Filter, format, name string, private bool) {
	cols := importer.ExportColumns(private)
	var rw importer.RowWriter
	var err error
	file := ExportName(name, s.Registry.Today())
	switch format {
	case "xlsx":
		w.Header().Set("Content-Type", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
		w.Header().Set("Content-Disposition", `attachment; filename="`+file+`.xlsx"`)
		rw, err = importer.NewXLSXWriter(w, cols, ExportHeader(s.Bundle))
	default:
		w.Header().Set("Content-Type", "text/csv; charset=utf-8")
		w.Header().Set("Content-Disposition", `attachment; filename="`+file+`.csv"`)
		rw, err = importer.NewCSVWriter(w, cols, ExportHeader(s.Bundle))
	}
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	// Once rows stream, the status is sent: a failure can only cut the
	// file short, and is logged.
	if err := s.Registry.Export(r.Context(), f, rw.Write); err != nil {
		s.Logger.Error("export", "err", err)
		return
	}
	if err := rw.Close(); err != nil {
		s.Logger.Error("export", "err", err)
	}
}

// enterpriseExport sends the officers' list, with its filters, as CSV or
// XLSX, every field included.
func (s *Server) enterpriseExport(format string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		if !s.requireRole(w, r, actor.Admin, actor.Officer) {
			return
		}
		f := FilterFromQuery(r.URL.Query())
		s.writeExport(w, r, f, format, OfficersExport, true)
	}
}

// OpenDataPage describes the open data: what it holds, its licence, its
// date.
type OpenDataPage struct {
	Base
	Date   string
	Active int64
}

// OpenDataLicence is the licence the open data is published under.
const OpenDataLicence = "CC BY 4.0"

func (s *Server) openData(w http.ResponseWriter, r *http.Request) {
	c, err := s.Registry.CountAsOf(r.Context(), time.Time{}, enterprise.Filter{})
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, "open_data", OpenDataPage{Base: s.base(r, "opendata.title"), Date: vn.FormatDate(s.Registry.Today()), Active: c.Total.Active})
}

// openDataCSV sends the public fields of active enterprises.
func (s *Server) openDataCSV(w http.ResponseWriter, r *http.Request) {
	ctx := actor.NewContext(r.Context(), actor.Actor{IP: actor.From(r.Context()).IP}) // the public view, whoever asks
	s.writeExport(w, r.WithContext(ctx), enterprise.Filter{}, "csv", "du-lieu-mo-doanh-nghiep-cnht", false)
}

// openDataJSON sends the same as JSON, with its licence and date.
func (s *Server) openDataJSON(w http.ResponseWriter, r *http.Request) {
	ctx := actor.NewContext(r.Context(), actor.Actor{IP: actor.From(r.Context()).IP})
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	bw := bufio.NewWriterSize(w, 64<<10)
	defer bw.Flush()
	meta, _ := json.Marshal(map[string]string{
		"title": s.Bundle.Printer("vi").T("opendata.title"), "publisher": s.Config.OfficeName,
		"licence": OpenDataLicence, "licence_url": "https://creativecommons.org/licenses/by/4.0/", "date": vn.FormatDate(s.Registry.Today()),
	})
	bw.WriteString(`{"meta":`)
	bw.Write(meta)
	bw.WriteString(`,"enterprises":[`)
	first := true
	err := s.Registry.Export(ctx, enterprise.Filter{}, func(it enterprise.ExportItem) error {
		if !first {
			bw.WriteByte(',')
		}
		first = false
		b, err := json.Marshal(openRecord(it))
		if err != nil {
			return err
		}
		_, err = bw.Write(b)
		return err
	})
	if err != nil {
		s.Logger.Error("open data", "err", err)
		return
	}
	bw.WriteString("]}\n")
}

// openEnterprise is one enterprise in the open data.
type openEnterprise struct {
	TaxCode    string   `json:"tax_code"`
	Name       string   `json:"name"`
	NameEN     string   `json:"name_en,omitempty"`
	ShortName  string   `json:"short_name,omitempty"`
	Street     string   `json:"street,omitempty"`
	WardCode   string   `json:"ward_code,omitempty"`
	WardName   string   `json:"ward_name,omitempty"`
	Phone      string   `json:"phone,omitempty"`
	Email      string   `json:"email,omitempty"`
	Website    string   `json:"website,omitempty"`
	KeySectors []string `json:"key_sectors"`
	Employees  *int64   `json:"employees,omitempty"`
	Founded    int      `json:"founded_year,omitempty"`
	JoinedOn   string   `json:"joined_on"`
}

func openRecord(it enterprise.ExportItem) openEnterprise {
	p := it.Profile
	o := openEnterprise{TaxCode: p.TaxCode, Name: p.Name, NameEN: p.NameEN, ShortName: p.ShortName, Street: p.Street, WardCode: p.WardCode,
		WardName: it.WardName, Phone: p.Phone, Email: p.Email, Website: p.Website, Employees: p.Employees, Founded: p.FoundedYear,
		JoinedOn: it.JoinedOn.Format(time.DateOnly), KeySectors: []string{}}
	for _, k := range p.KeySectors {
		o.KeySectors = append(o.KeySectors, string(k))
	}
	return o
}
