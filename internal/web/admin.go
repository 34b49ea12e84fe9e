package web

import (
	"net/http"
	"strconv"

	"cnht/internal/account"
	"cnht/internal/actor"
	"cnht/internal/apperr"
)

// AdminUsersPage lists users with the form to add one.
type AdminUsersPage struct {
	Base
	Users []account.User
	Orgs  []account.Organisation
	Roles []actor.Role
	Form  map[string]string
}

func (s *Server) adminUsers(w http.ResponseWriter, r *http.Request) {
	s.renderUsers(w, r, http.StatusOK, s.base(r, "admin.users.title"))
}

func (s *Server) renderUsers(w http.ResponseWriter, r *http.Request, status int, b Base) {
	users, err := s.Accounts.Users(r.Context())
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	orgs, err := s.Accounts.Organisations(r.Context())
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	form := map[string]string{}
	for _, k := range []string{"email", "name", "role", "org_id"} {
		form[k] = r.PostFormValue(k)
	}
	s.render(w, r, status, "admin_users", AdminUsersPage{Base: b, Users: users, Orgs: orgs, Roles: actor.Roles, Form: form})
}

func (s *Server) adminUserCreate(w http.ResponseWriter, r *http.Request) {
	if !s.parseForm(w, r) {
		return
	}
	orgID, _ := strconv.ParseInt(r.PostFormValue("org_id"), 10, 64)
	_, err := s.Accounts.CreateUser(r.Context(), account.NewUser{
		Email: r.PostFormValue("email"), Name: r.PostFormValue("name"), Role: actor.Role(r.PostFormValue("role")),
		OrgID: orgID, Password: r.PostFormValue("password"), Lang: langOf(r),
	})
	if err != nil {
		s.formError(w, r, err, func(b Base) { s.renderUsers(w, r, apperr.HTTPStatus(err), b) }, "admin.users.title")
		return
	}
	s.flash(w, r, "user.created")
	http.Redirect(w, r, "/admin/users", http.StatusSeeOther)
}

// AdminUserPage shows one user and its history.
type AdminUserPage struct {
	Base
	U       account.User
	History []HistoryItem
}

func (s *Server) adminUserShow(w http.ResponseWriter, r *http.Request) {
	id, ok := s.pathID(w, r)
	if !ok || !s.requireRole(w, r, actor.Admin) {
		return
	}
	users, err := s.Accounts.Users(r.Context())
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	for _, u := range users {
		if u.ID == id {
			h, err := s.History(r.Context(), "user", id)
			if err != nil {
				s.renderError(w, r, err)
				return
			}
			b := s.base(r, "")
			b.Title = u.Name
			s.render(w, r, http.StatusOK, "admin_user", AdminUserPage{Base: b, U: u, History: s.historyItems(r.Context(), b, "user", h)})
			return
		}
	}
	s.notFound(w, r)
}

func (s *Server) adminUserDisable(w http.ResponseWriter, r *http.Request) { s.setDisabled(w, r, true) }
func (s *Server) adminUserEnable(w http.ResponseWriter, r *http.Request)  { s.setDisabled(w, r, false) }

func (s *Server) setDisabled(w http.ResponseWriter, r *http.Request, disabled bool) {
	id, ok := s.pathID(w, r)
	if !ok {
		return
	}
	if err := s.Accounts.SetDisabled(r.Context(), id, disabled); err != nil {
		s.renderError(w, r, err)
		return
	}
	s.flash(w, r, "user.updated")
	http.Redirect(w, r, "/admin/users/"+strconv.FormatInt(id, 10), http.StatusSeeOther)
}

// AdminOrgsPage lists organisations with the form to add one.
type AdminOrgsPage struct {
	Base
	Orgs  []account.Organisation
	Kinds []account.OrgKind
	Form  map[string]string
}

func (s *Server) adminOrgs(w http.ResponseWriter, r *http.Request) {
	s.renderOrgs(w, r, http.StatusOK, s.base(r, "admin.orgs.title"))
}

func (s *Server) renderOrgs(w http.ResponseWriter, r *http.Request, status int, b Base) {
	if !s.requireRole(w, r, actor.Admin) {
		return
	}
	orgs, err := s.Accounts.Organisations(r.Context())
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	form := map[string]string{"kind": r.PostFormValue("kind"), "name": r.PostFormValue("name"), "name_en": r.PostFormValue("name_en")}
	s.render(w, r, status, "admin_orgs", AdminOrgsPage{Base: b, Orgs: orgs, Kinds: account.OrgKinds, Form: form})
}

func (s *Server) adminOrgCreate(w http.ResponseWriter, r *http.Request) {
	if !s.parseForm(w, r) {
		return
	}
	_, err := s.Accounts.CreateOrganisation(r.Context(), account.NewOrganisation{
		Kind: account.OrgKind(r.PostFormValue("kind")), Name: r.PostFormValue("name"), NameEN: r.PostFormValue("name_en"),
	})
	if err != nil {
		s.formError(w, r, err, func(b Base) { s.renderOrgs(w, r, apperr.HTTPStatus(err), b) }, "admin.orgs.title")
		return
	}
	s.flash(w, r, "org.created")
	http.Redirect(w, r, "/admin/orgs", http.StatusSeeOther)
}
