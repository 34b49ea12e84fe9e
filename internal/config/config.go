// Package config loads cnht's settings from flags and the environment
// (flags win) into a Config value that is passed down; nothing reads the
// environment anywhere else.
package config

import (
	"flag"
	"fmt"
	"path/filepath"
	"strconv"
	"time"
)

// Config is every setting of a cnht process.
type Config struct {
	// Addr is where the server listens.
	Addr string
	// Database is a SQLite file path or a postgres:// URL.
	Database string
	// LogFormat is "text", "json", or "" to choose by whether stderr is a terminal.
	LogFormat string
	// LogLevel is debug, info, warn or error.
	LogLevel string
	// TrustProxy makes the server believe X-Forwarded-For and
	// X-Forwarded-Proto, set when it runs behind a reverse proxy.
	TrustProxy bool
	// Workers is the number of job workers of this instance (0: none).
	Workers int
	// ShutdownTimeout bounds how long a stop waits for requests and jobs.
	ShutdownTimeout time.Duration
	// ProvinceCode is the statistics office's 2-digit code of the province
	// running this instance ("01" for Hanoi).
	ProvinceCode string
	// OfficeName is the running department's name, in Vietnamese and English.
	OfficeName, OfficeNameEN string
	// ParentBody is the body above the department, as the header of its
	// documents names it ("UBND THÀNH PHỐ HÀ NỘI"); Place is the place in
	// the date line ("Hà Nội"); DocSymbol is the department's abbreviation
	// in document numbers ("SCT" in "Số: …/BC-SCT").
	ParentBody, Place, DocSymbol string
	// UploadMaxBytes bounds every uploaded file.
	UploadMaxBytes int64
	// SMTP sends e-mail (saved-search alerts) when SMTPAddr is set:
	// host:port, the From address, and a login if the server wants one.
	SMTPAddr, SMTPFrom, SMTPUser, SMTPPassword string
	// PublicURL is the address people reach cnht at (https://cnht.example.vn),
	// for links in e-mail.
	PublicURL string
	// SearchSnapshot is the directory the supplier search keeps a snapshot
	// of its index in, so that a restart is ready in seconds: "auto" for
	// beside the SQLite database file (none for PostgreSQL), "" or "off"
	// for none.
	SearchSnapshot string
}

// SearchSnapshotDir resolves SearchSnapshot for a database: the SQLite
// file's directory for "auto" (sqlitePath is "" for PostgreSQL), "" for
// none.
func (c Config) SearchSnapshotDir(sqlitePath string) string {
	switch c.SearchSnapshot {
	case "", "off":
		return ""
	case "auto":
		if sqlitePath == "" || sqlitePath == ":memory:" {
			return ""
		}
		return filepath.Dir(sqlitePath)
	}
	return c.SearchSnapshot
}

// Default returns the settings for Hanoi's Department of Industry and Trade.
func Default() Config {
	return Config{
		Addr:            "127.0.0.1:8080",
		Database:        "cnht.db",
		LogLevel:        "info",
		Workers:         2,
		ShutdownTimeout: 30 * time.Second,
		ProvinceCode:    "01",
		OfficeName:      "Sở Công Thương Hà Nội",
		OfficeNameEN:    "Hanoi Department of Industry and Trade",
		ParentBody:      "UBND THÀNH PHỐ HÀ NỘI",
		Place:           "Hà Nội",
		DocSymbol:       "SCT",
		UploadMaxBytes:  10 << 20,
		SearchSnapshot:  "auto",
	}
}

// Bind registers flags on fs for every setting, with defaults taken from
// c overridden by the environment variables named in each flag's help
// (CNHT_ADDR, CNHT_DATABASE, ...). Parse fs afterwards.
func (c *Config) Bind(fs *flag.FlagSet, getenv func(string) string) error {
	env := func(name string, dst *string) {
		if v := getenv(name); v != "" {
			*dst = v
		}
	}
	env("CNHT_ADDR", &c.Addr)
	env("CNHT_DATABASE", &c.Database)
	env("CNHT_LOG_FORMAT", &c.LogFormat)
	env("CNHT_LOG_LEVEL", &c.LogLevel)
	env("CNHT_PROVINCE_CODE", &c.ProvinceCode)
	env("CNHT_OFFICE_NAME", &c.OfficeName)
	env("CNHT_OFFICE_NAME_EN", &c.OfficeNameEN)
	env("CNHT_PARENT_BODY", &c.ParentBody)
	env("CNHT_PLACE", &c.Place)
	env("CNHT_DOC_SYMBOL", &c.DocSymbol)
	env("CNHT_SMTP_ADDR", &c.SMTPAddr)
	env("CNHT_SMTP_FROM", &c.SMTPFrom)
	env("CNHT_SMTP_USER", &c.SMTPUser)
	env("CNHT_SMTP_PASSWORD", &c.SMTPPassword)
	env("CNHT_PUBLIC_URL", &c.PublicURL)
	env("CNHT_SEARCH_SNAPSHOT", &c.SearchSnapshot)
	if v := getenv("CNHT_TRUST_PROXY"); v != "" {
		b, err := strconv.ParseBool(v)
		if err != nil {
			return fmt.Errorf("CNHT_TRUST_PROXY: %w", err)
		}
		c.TrustProxy = b
	}
	if v := getenv("CNHT_WORKERS"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil {
			return fmt.Errorf("CNHT_WORKERS: %w", err)
		}
		c.Workers = n
	}
	if v := getenv("CNHT_UPLOAD_MAX_BYTES"); v != "" {
		n, err := strconv.ParseInt(v, 10, 64)
		if err != nil {
			return fmt.Errorf("CNHT_UPLOAD_MAX_BYTES: %w", err)
		}
		c.UploadMaxBytes = n
	}
	fs.StringVar(&c.Addr, "addr", c.Addr, "address to listen on (env CNHT_ADDR)")
	fs.StringVar(&c.Database, "db", c.Database, "SQLite file, or a postgres:// URL (env CNHT_DATABASE)")
	fs.StringVar(&c.LogFormat, "log-format", c.LogFormat, "log format: text or json; default text on a terminal, json otherwise (env CNHT_LOG_FORMAT)")
	fs.StringVar(&c.LogLevel, "log-level", c.LogLevel, "log level: debug, info, warn, error (env CNHT_LOG_LEVEL)")
	fs.BoolVar(&c.TrustProxy, "trust-proxy", c.TrustProxy, "trust X-Forwarded-For and X-Forwarded-Proto from a reverse proxy (env CNHT_TRUST_PROXY)")
	fs.IntVar(&c.Workers, "workers", c.Workers, "background job workers in this instance (env CNHT_WORKERS)")
	fs.DurationVar(&c.ShutdownTimeout, "shutdown-timeout", c.ShutdownTimeout, "how long a stop waits for requests and jobs in flight")
	fs.StringVar(&c.ProvinceCode, "province", c.ProvinceCode, "2-digit code of the province running cnht (env CNHT_PROVINCE_CODE)")
	fs.StringVar(&c.OfficeName, "office-name", c.OfficeName, "the department's name in Vietnamese (env CNHT_OFFICE_NAME)")
	fs.StringVar(&c.OfficeNameEN, "office-name-en", c.OfficeNameEN, "the department's name in English (env CNHT_OFFICE_NAME_EN)")
	fs.StringVar(&c.ParentBody, "parent-body", c.ParentBody, "the body above the department, in document headers (env CNHT_PARENT_BODY)")
	fs.StringVar(&c.Place, "place", c.Place, "the place in documents' date lines (env CNHT_PLACE)")
	fs.StringVar(&c.DocSymbol, "doc-symbol", c.DocSymbol, "the department's abbreviation in document numbers (env CNHT_DOC_SYMBOL)")
	fs.Int64Var(&c.UploadMaxBytes, "upload-max-bytes", c.UploadMaxBytes, "largest accepted upload in bytes (env CNHT_UPLOAD_MAX_BYTES)")
	fs.StringVar(&c.SMTPAddr, "smtp-addr", c.SMTPAddr, "SMTP server host:port for e-mail alerts; none when empty (env CNHT_SMTP_ADDR)")
	fs.StringVar(&c.SMTPFrom, "smtp-from", c.SMTPFrom, "From address of e-mail alerts (env CNHT_SMTP_FROM)")
	fs.StringVar(&c.SMTPUser, "smtp-user", c.SMTPUser, "SMTP login, if the server wants one (env CNHT_SMTP_USER; the password in CNHT_SMTP_PASSWORD)")
	fs.StringVar(&c.PublicURL, "public-url", c.PublicURL, "the address people reach cnht at, for links in e-mail (env CNHT_PUBLIC_URL)")
	fs.StringVar(&c.SearchSnapshot, "search-snapshot", c.SearchSnapshot, `directory for the search index's snapshot, read at start instead of indexing the registry; "auto": beside the SQLite file (none for PostgreSQL); "off": none (env CNHT_SEARCH_SNAPSHOT)`)
	return nil
}
