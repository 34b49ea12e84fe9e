package web

import (
	"net/http"
	"net/url"

	"cnht/internal/actor"
	"cnht/internal/apperr"
	"cnht/internal/watch"
)

// WatchPage lists the user's saved searches and notifications.
type WatchPage struct {
	Base
	Saved         []watch.SavedSearch
	Notifications []watch.Notification
	Unread        int
	CanSave       bool
}

// SavedHref links a saved search's directory page.
func (p WatchPage) SavedHref(x watch.SavedSearch) string {
	v, _ := url.ParseQuery(x.Query)
	return DirectoryURL(x.Lang, v)
}

// mayWatch are the roles that save searches.
var mayWatch = []actor.Role{actor.Buyer, actor.Officer, actor.Admin}

func (s *Server) savedSearches(w http.ResponseWriter, r *http.Request) {
	if !s.requireRole(w, r, actor.Roles...) {
		return
	}
	s.renderWatch(w, r, http.StatusOK, s.base(r, "watch.title"))
}

func (s *Server) renderWatch(w http.ResponseWriter, r *http.Request, status int, b Base) {
	p := WatchPage{Base: b}
	var err error
	if role := actor.From(r.Context()).Role; role == actor.Buyer || role == actor.Officer || role == actor.Admin {
		p.CanSave = true
		if p.Saved, err = s.Watch.List(r.Context()); err != nil {
			s.renderError(w, r, err)
			return
		}
	}
	if p.Notifications, p.Unread, err = s.Watch.Notifications(r.Context(), 50); err != nil {
		s.renderError(w, r, err)
		return
	}
	s.render(w, r, status, "watch", p)
}

// saveSearch keeps the directory search the user is looking at.
func (s *Server) saveSearch(w http.ResponseWriter, r *http.Request) {
	if !s.requireRole(w, r, mayWatch...) || !s.parseForm(w, r) {
		return
	}
	_, err := s.Watch.Save(r.Context(), r.PostFormValue("name"), r.PostFormValue("query"), r.PostFormValue("lang"), r.PostFormValue("email") != "")
	if err != nil {
		s.formError(w, r, err, func(b Base) {
			b.Form = r.PostForm
			s.renderWatch(w, r, apperr.HTTPStatus(err), b)
		}, "watch.title")
		return
	}
	s.flash(w, r, "watch.saved")
	http.Redirect(w, r, "/saved-searches", http.StatusSeeOther)
}

func (s *Server) deleteSavedSearch(w http.ResponseWriter, r *http.Request) {
	id, ok := s.pathID(w, r)
	if !ok || !s.requireRole(w, r, mayWatch...) || !s.parseForm(w, r) {
		return
	}
	if err := s.Watch.Delete(r.Context(), id); err != nil {
		s.renderError(w, r, err)
		return
	}
	s.flash(w, r, "watch.deleted")
	http.Redirect(w, r, "/saved-searches", http.StatusSeeOther)
}

func (s *Server) readNotifications(w http.ResponseWriter, r *http.Request) {
	if !s.requireRole(w, r, actor.Roles...) || !s.parseForm(w, r) {
		return
	}
	if err := s.Watch.MarkRead(r.Context()); err != nil {
		s.renderError(w, r, err)
		return
	}
	http.Redirect(w, r, "/saved-searches", http.StatusSeeOther)
}
