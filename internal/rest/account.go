package rest

import (
	"net/http"
	"time"

	"cnht/internal/account"
	"cnht/internal/actor"
)

// UserJSON is a user as the API shows it.
type UserJSON struct {
	ID          int64      `json:"id"`
	Email       string     `json:"email"`
	Name        string     `json:"name"`
	Role        string     `json:"role"`
	OrgID       int64      `json:"org_id"`
	OrgName     string     `json:"org_name"`
	Lang        string     `json:"lang"`
	Disabled    bool       `json:"disabled"`
	CreatedAt   time.Time  `json:"created_at"`
	LastLoginAt *time.Time `json:"last_login_at"`
}

func userJSON(u account.User) UserJSON {
	j := UserJSON{ID: u.ID, Email: u.Email, Name: u.Name, Role: string(u.Role), OrgID: u.OrgID, OrgName: u.OrgName, Lang: u.Lang, Disabled: u.Disabled, CreatedAt: u.CreatedAt}
	if !u.LastLoginAt.IsZero() {
		t := u.LastLoginAt
		j.LastLoginAt = &t
	}
	return j
}

func (a *API) me(w http.ResponseWriter, r *http.Request) {
	u, err := a.Accounts.Me(r.Context())
	if err != nil {
		a.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, userJSON(u))
}

func (a *API) listUsers(w http.ResponseWriter, r *http.Request) {
	us, err := a.Accounts.Users(r.Context())
	if err != nil {
		a.fail(w, r, err)
		return
	}
	out := make([]UserJSON, 0, len(us))
	for _, u := range us {
		out = append(out, userJSON(u))
	}
	writeJSON(w, http.StatusOK, map[string]any{"items": out})
}

type newUserJSON struct {
	Email    string `json:"email"`
	Name     string `json:"name"`
	Role     string `json:"role"`
	OrgID    int64  `json:"org_id"`
	Password string `json:"password"`
	Lang     string `json:"lang"`
}

func (a *API) createUser(w http.ResponseWriter, r *http.Request) {
	// Permission before reading the body: a buyer learns nothing from
	// sending a malformed one.
	if _, err := actor.Require(r.Context(), actor.Admin); err != nil {
		a.fail(w, r, err)
		return
	}
	var in newUserJSON
	if err := decode(w, r, &in); err != nil {
		a.fail(w, r, err)
		return
	}
	u, err := a.Accounts.CreateUser(r.Context(), account.NewUser{Email: in.Email, Name: in.Name, Role: actor.Role(in.Role), OrgID: in.OrgID, Password: in.Password, Lang: in.Lang})
	if err != nil {
		a.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusCreated, userJSON(u))
}

// OrgJSON is an organisation as the API shows it.
type OrgJSON struct {
	ID        int64     `json:"id"`
	Kind      string    `json:"kind"`
	Name      string    `json:"name"`
	NameEN    string    `json:"name_en"`
	CreatedAt time.Time `json:"created_at"`
}

func orgJSON(o account.Organisation) OrgJSON {
	return OrgJSON{ID: o.ID, Kind: string(o.Kind), Name: o.Name, NameEN: o.NameEN, CreatedAt: o.CreatedAt}
}

func (a *API) listOrganisations(w http.ResponseWriter, r *http.Request) {
	os, err := a.Accounts.Organisations(r.Context())
	if err != nil {
		a.fail(w, r, err)
		return
	}
	out := make([]OrgJSON, 0, len(os))
	for _, o := range os {
		out = append(out, orgJSON(o))
	}
	writeJSON(w, http.StatusOK, map[string]any{"items": out})
}

func (a *API) createOrganisation(w http.ResponseWriter, r *http.Request) {
	if _, err := actor.Require(r.Context(), actor.Admin); err != nil {
		a.fail(w, r, err)
		return
	}
	var in struct {
		Kind   string `json:"kind"`
		Name   string `json:"name"`
		NameEN string `json:"name_en"`
	}
	if err := decode(w, r, &in); err != nil {
		a.fail(w, r, err)
		return
	}
	o, err := a.Accounts.CreateOrganisation(r.Context(), account.NewOrganisation{Kind: account.OrgKind(in.Kind), Name: in.Name, NameEN: in.NameEN})
	if err != nil {
		a.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusCreated, orgJSON(o))
}
