// Package actor carries who is acting (a user with a role in an
// organisation, or the anonymous public) through a request's context, so
// that every service method can check permission itself rather than trust
// that a link was hidden.
package actor

import (
	"context"
	"slices"

	"cnht/internal/apperr"
)

// Role is what a user may do. The public is the zero Role.
type Role string

// The roles of PRODUCT.md.
const (
	Public      Role = ""
	Admin       Role = "admin"
	Officer     Role = "officer"
	Association Role = "association"
	Enterprise  Role = "enterprise"
	Buyer       Role = "buyer"
	Council     Role = "council"
	Inspector   Role = "inspector"
)

// Roles lists every signed-in role, in the order menus show them.
var Roles = []Role{Admin, Officer, Association, Enterprise, Buyer, Council, Inspector}

// Valid reports whether r is a signed-in role.
func (r Role) Valid() bool { return slices.Contains(Roles, r) }

// Actor is the caller. A zero Actor is the anonymous public; System marks
// work done by cnht itself (migrations, demo loading, jobs without a user).
type Actor struct {
	UserID int64
	OrgID  int64
	Role   Role
	Email  string
	Name   string
	IP     string
	System bool
}

// Anonymous reports whether the caller is not signed in.
func (a Actor) Anonymous() bool { return a.UserID == 0 && !a.System }

// Label names the actor for logs and the audit trail.
func (a Actor) Label() string {
	switch {
	case a.System:
		return "system"
	case a.UserID == 0:
		return "public"
	}
	return a.Email
}

type ctxKey struct{}

// NewContext returns ctx carrying a.
func NewContext(ctx context.Context, a Actor) context.Context {
	return context.WithValue(ctx, ctxKey{}, a)
}

// From returns the actor in ctx, or the anonymous public.
func From(ctx context.Context) Actor {
	a, _ := ctx.Value(ctxKey{}).(Actor)
	return a
}

// SystemContext marks ctx as work done by cnht itself.
func SystemContext(ctx context.Context) context.Context {
	return NewContext(ctx, Actor{System: true, Role: Admin})
}

// Require returns the actor in ctx when it has one of roles (the system
// actor always passes), Unauthenticated for the public and Forbidden for
// any other role.
func Require(ctx context.Context, roles ...Role) (Actor, error) {
	a := From(ctx)
	if a.System {
		return a, nil
	}
	if a.Anonymous() {
		return a, apperr.New(apperr.Unauthenticated, "error.unauthenticated")
	}
	if slices.Contains(roles, a.Role) {
		return a, nil
	}
	return a, apperr.New(apperr.Forbidden, "error.forbidden")
}

// RequireUser returns the actor when signed in with any role.
func RequireUser(ctx context.Context) (Actor, error) { return Require(ctx, Roles...) }
