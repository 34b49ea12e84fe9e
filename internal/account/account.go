// Package account keeps organisations, users and their roles, sessions,
// API tokens and the login throttle. Sessions live in the database so that
// several instances can serve one database; only hashes of session and API
// tokens are stored, so a copy of the database opens no account.
package account

import (
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"time"

	"cnht/internal/actor"
)

// OrgKind is the kind of an organisation.
type OrgKind string

// The organisation kinds.
const (
	KindOffice      OrgKind = "office"      // the Department's programme office
	KindAssociation OrgKind = "association" // a business association
	KindEnterprise  OrgKind = "enterprise"  // a supplier enterprise
	KindBuyer       OrgKind = "buyer"       // a multinational or domestic buyer
	KindCouncil     OrgKind = "council"     // a key-product selection council
	KindInspection  OrgKind = "inspection"  // an inspection working group
)

// OrgKinds lists the kinds in menu order.
var OrgKinds = []OrgKind{KindOffice, KindAssociation, KindEnterprise, KindBuyer, KindCouncil, KindInspection}

// Organisation is a body users belong to.
type Organisation struct {
	ID        int64
	Kind      OrgKind
	Name      string
	NameEN    string
	CreatedAt time.Time
}

// User is a person who signs in.
type User struct {
	ID          int64
	Email       string
	Name        string
	Role        actor.Role
	OrgID       int64
	OrgName     string
	Lang        string
	Disabled    bool
	CreatedAt   time.Time
	LastLoginAt time.Time
}

// Actor returns the user as the actor of a request from ip.
func (u User) Actor(ip string) actor.Actor {
	return actor.Actor{UserID: u.ID, OrgID: u.OrgID, Role: u.Role, Email: u.Email, Name: u.Name, IP: ip}
}

// Token is an API token's metadata; the secret is shown once, at creation.
type Token struct {
	ID         int64
	UserID     int64
	Name       string
	Prefix     string
	CreatedAt  time.Time
	LastUsedAt time.Time
	RevokedAt  time.Time
}

// SessionTTL is how long a session lives without use.
const SessionTTL = 12 * time.Hour

// Login throttle: after MaxFailures failed logins for one e-mail address
// (whether or not it exists) or one IP address within ThrottleWindow,
// further attempts are refused until the window passes.
const (
	MaxFailures    = 5
	MaxIPFailures  = 50
	ThrottleWindow = 15 * time.Minute
)

// MinPasswordLen is the shortest password accepted.
const MinPasswordLen = 10

func newSecret(prefix string) string {
	b := make([]byte, 32)
	if _, err := rand.Read(b); err != nil {
		panic(err) // crypto/rand does not fail on supported platforms
	}
	return prefix + base64.RawURLEncoding.EncodeToString(b)
}

func hashSecret(s string) string {
	h := sha256.Sum256([]byte(s))
	return hex.EncodeToString(h[:])
}
