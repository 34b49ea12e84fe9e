package web

import (
	"net/http"
	"strconv"

	"cnht/internal/actor"
	"cnht/internal/apperr"
	"cnht/internal/enterprise"
)

// CataloguePage lets admins keep the product, process and standard
// catalogues, and mark which standards count as international.
type CataloguePage struct {
	Base
	Products  []enterprise.Product
	Processes []enterprise.Process
	Standards []enterprise.Standard
	Sectors   []enterprise.Choice
	// Open names the section whose form failed, to show it open.
	Open string
	Form map[string]string
}

func (s *Server) cataloguePage(w http.ResponseWriter, r *http.Request) {
	s.renderCatalogue(w, r, http.StatusOK, s.base(r, "catalogue.title"), "")
}

func (s *Server) renderCatalogue(w http.ResponseWriter, r *http.Request, status int, b Base, open string) {
	if !s.requireRole(w, r, actor.Admin) {
		return
	}
	ctx := r.Context()
	p := CataloguePage{Base: b, Sectors: enterprise.ProductSectorChoices(), Open: open, Form: map[string]string{}}
	var err error
	if p.Products, err = s.Registry.Products(ctx, true); err == nil {
		if p.Processes, err = s.Registry.Processes(ctx, true); err == nil {
			p.Standards, err = s.Registry.Standards(ctx, true)
		}
	}
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	for k := range r.PostForm {
		p.Form[k] = r.PostFormValue(k)
	}
	s.render(w, r, status, "catalogue", p)
}

// catalogueSave adds (id 0) or updates an entry of one catalogue.
func (s *Server) catalogueSave(w http.ResponseWriter, r *http.Request) {
	if !s.requireRole(w, r, actor.Admin) || !s.parseForm(w, r) {
		return
	}
	kind := r.PathValue("kind")
	id, _ := strconv.ParseInt(r.PostFormValue("id"), 10, 64)
	f := r.PostFormValue
	active := f("active") == "1"
	ctx := r.Context()
	var err error
	switch kind {
	case "products":
		in := enterprise.ProductInput{Code: f("code"), Sector: enterprise.ProductSector(f("sector")), GroupVI: f("group_vi"), GroupEN: f("group_en"), NameVI: f("name_vi"), NameEN: f("name_en"), HSCode: f("hs_code"), Active: active}
		if id == 0 {
			_, err = s.Registry.CreateProduct(ctx, in)
		} else {
			_, err = s.Registry.UpdateProduct(ctx, id, in)
		}
	case "processes":
		in := enterprise.ProcessInput{Code: f("code"), NameVI: f("name_vi"), NameEN: f("name_en"), Active: active}
		if id == 0 {
			_, err = s.Registry.CreateProcess(ctx, in)
		} else {
			_, err = s.Registry.UpdateProcess(ctx, id, in)
		}
	case "standards":
		in := enterprise.StandardInput{Code: f("code"), Name: f("name"), TitleVI: f("title_vi"), TitleEN: f("title_en"), International: f("international") == "1", Active: active}
		if id == 0 {
			_, err = s.Registry.CreateStandard(ctx, in)
		} else {
			_, err = s.Registry.UpdateStandard(ctx, id, in)
		}
	default:
		s.notFound(w, r)
		return
	}
	if err != nil {
		s.formError(w, r, err, func(b Base) { s.renderCatalogue(w, r, apperr.HTTPStatus(err), b, kind) }, "catalogue.title")
		return
	}
	s.flash(w, r, "catalogue.saved")
	http.Redirect(w, r, "/admin/catalogues#"+kind, http.StatusSeeOther)
}
