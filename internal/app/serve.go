package app

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"net/url"
	"strconv"
	"sync"
	"time"

	"cnht/internal/account"
	"cnht/internal/actor"
	"cnht/internal/apperr"
	"cnht/internal/audit"
	"cnht/internal/config"
	"cnht/internal/db"
	"cnht/internal/enterprise"
	"cnht/internal/i18n"
	"cnht/internal/importer"
	"cnht/internal/job"
	"cnht/internal/metrics"
	"cnht/internal/plan"
	"cnht/internal/rest"
	"cnht/internal/search"
	"cnht/internal/vn"
	"cnht/internal/watch"
	"cnht/internal/web"
)

// App is a wired cnht: the database, the services and both interfaces.
type App struct {
	Config   config.Config
	Logger   *slog.Logger
	DB       *db.DB
	Accounts *account.Service
	Registry *enterprise.Service
	Importer *importer.Service
	Search   *search.Service
	Watch    *watch.Service
	Plans    *plan.Service
	Units    *vn.Units
	Jobs     *job.Queue
	Web      *web.Server
	API      *rest.API
	Handler  http.Handler
}

// searchRefresh is how often the search asks the registry what changed:
// a write made on another instance is found within it.
const searchRefresh = 500 * time.Millisecond

// Open opens and migrates the database and wires every service.
func Open(ctx context.Context, cfg config.Config, logger *slog.Logger) (*App, error) {
	d, err := db.Open(ctx, cfg.Database)
	if err != nil {
		return nil, err
	}
	applied, err := d.Migrate(ctx)
	if err != nil {
		d.Close()
		return nil, fmt.Errorf("migrate: %w", err)
	}
	for _, m := range applied {
		logger.Info("migration applied", "name", m)
	}
	a, err := New(cfg, logger, d)
	if err != nil {
		d.Close()
		return nil, err
	}
	n, err := a.Registry.RefreshNameKeys(actor.SystemContext(ctx))
	if err != nil {
		d.Close()
		return nil, fmt.Errorf("refresh sort keys: %w", err)
	}
	if n > 0 {
		logger.Info("enterprise sort keys recomputed", "enterprises", n)
	}
	return a, nil
}

// New wires every service over an open, migrated database.
func New(cfg config.Config, logger *slog.Logger, d *db.DB) (*App, error) {
	bundle, err := i18n.Load()
	if err != nil {
		return nil, err
	}
	m := metrics.New()
	accounts := account.NewService(d)
	units, err := vn.LoadUnits()
	if err != nil {
		return nil, err
	}
	registry := enterprise.NewService(d, units, enterprise.Options{ProvinceCode: cfg.ProvinceCode, MaxUploadBytes: cfg.UploadMaxBytes})
	imports := importer.NewService(d, registry, units, importer.DefaultLimits())
	finder := search.NewService(registry, logger)
	finder.SetSnapshot(cfg.SearchSnapshotDir(d.Path))
	wopt := watch.Options{PublicURL: cfg.PublicURL, DirectoryURL: web.DirectoryURL, ProfileURL: web.ProfileURL}
	if cfg.SMTPAddr != "" {
		wopt.Mailer = watch.SMTP{Addr: cfg.SMTPAddr, From: cfg.SMTPFrom, User: cfg.SMTPUser, Password: cfg.SMTPPassword}
	}
	plans := plan.NewService(d, registry)
	watcher := watch.NewService(d, finder, accounts, bundle, logger, wopt)
	jobs := job.NewQueue(d, logger)
	job.RegisterDemo(jobs)
	registerImportJob(jobs, imports)
	registerDuplicatesJob(jobs, registry)
	registerExportJob(jobs, imports, registry, bundle)
	registerReminderJob(jobs, plans, watcher)
	registerPlanReportJob(jobs, plans, bundle, cfg)
	jobs.SetActorLookup(func(ctx context.Context, userID int64) (actor.Actor, error) {
		a, err := accounts.ActorOf(ctx, userID)
		if apperr.Is(err, apperr.NotFound) {
			return a, job.Permanent(err)
		}
		return a, err
	})
	m.Gauge("cnht_jobs_running", "Jobs running in this process.", func() int64 { return int64(jobs.Stats().Running) })
	m.Gauge("cnht_jobs_done_total", "Jobs finished by this process.", func() int64 { return int64(jobs.Stats().Done) })
	m.Gauge("cnht_jobs_failed_total", "Jobs failed in this process.", func() int64 { return int64(jobs.Stats().Failed) })
	m.Gauge("cnht_db_open_connections", "Open database connections.", func() int64 { return int64(d.SQL().Stats().OpenConnections) })
	w, err := web.New(web.Deps{
		Config: cfg, Logger: logger, Bundle: bundle, Accounts: accounts, Registry: registry, Importer: imports, Search: finder, Watch: watcher, Plans: plans, Jobs: jobs, Metrics: m,
		Health: func(ctx context.Context) error { return d.SQL().PingContext(ctx) },
		History: func(ctx context.Context, entity string, id int64) ([]audit.Entry, error) {
			return audit.History(ctx, d, entity, id)
		},
	})
	if err != nil {
		return nil, err
	}
	api := rest.New(rest.Deps{Logger: logger, Bundle: bundle, Accounts: accounts, Registry: registry, Search: finder, Plans: plans, Jobs: jobs, Lang: web.Lang,
		ProfileURL: web.ProfileURL,
		Instrument: m.Instrument})
	w.Mount("/api/", api, api.Routes)
	return &App{Config: cfg, Logger: logger, DB: d, Accounts: accounts, Registry: registry, Importer: imports, Search: finder, Watch: watcher, Plans: plans, Units: units, Jobs: jobs, Web: w, API: api, Handler: w.Handler()}, nil
}

// Close closes the database.
func (a *App) Close() error { return a.DB.Close() }

// Serve listens on the configured address and serves until ctx ends, then
// finishes the requests and jobs in flight (up to the shutdown timeout).
// ready, when given, receives the address actually listened on.
func (a *App) Serve(ctx context.Context, ready func(addr string)) error {
	ln, err := net.Listen("tcp", a.Config.Addr)
	if err != nil {
		return err
	}
	srv := &http.Server{
		Handler:           a.Handler,
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       60 * time.Second,
		WriteTimeout:      120 * time.Second,
		IdleTimeout:       120 * time.Second,
		MaxHeaderBytes:    64 << 10,
		ErrorLog:          slog.NewLogLogger(a.Logger.Handler(), slog.LevelWarn),
	}
	jobsCtx, stopJobs := context.WithCancel(context.WithoutCancel(ctx))
	defer stopJobs()
	a.Jobs.SetDrainTimeout(a.Config.ShutdownTimeout)
	var wg sync.WaitGroup
	if a.Config.Workers > 0 {
		wg.Go(func() {
			if err := a.Jobs.Run(jobsCtx, a.Config.Workers); err != nil && !errors.Is(err, context.Canceled) {
				a.Logger.Error("job workers", "err", err)
			}
		})
	}
	// The supplier search loads the registry, then follows its changes
	// (this instance's and other instances') a moment apart.
	wg.Go(func() { a.Search.Run(jobsCtx, searchRefresh) })
	// Enterprises late with their statistics reports are reminded hourly.
	wg.Go(func() { a.remindEvery(jobsCtx, plan.RemindEvery) })
	// The current plan's dashboard counts the whole registry the first
	// time (then only what changes): do it now rather than on the first
	// visitor's time.
	wg.Go(func() {
		if _, err := a.Plans.WarmUp(actor.SystemContext(jobsCtx)); err != nil && jobsCtx.Err() == nil {
			a.Logger.Warn("plan dashboard warm-up", "err", err)
		}
	})
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	a.Logger.Info("serving", "addr", ln.Addr().String(), "db", string(a.DB.Dialect()))
	if ready != nil {
		ready(ln.Addr().String())
	}
	select {
	case err := <-errc:
		stopJobs()
		wg.Wait()
		return err
	case <-ctx.Done():
	}
	a.Logger.Info("stopping: finishing requests and jobs in flight")
	sctx, cancel := context.WithTimeout(context.Background(), a.Config.ShutdownTimeout)
	defer cancel()
	err = srv.Shutdown(sctx)
	stopJobs()
	wg.Wait()
	a.Logger.Info("stopped")
	return err
}

func runServe(ctx context.Context, env Env, args []string) error {
	fs, cfg, err := flags(env, "serve", "serve [flags]")
	if err != nil {
		return err
	}
	if err := parse(fs, args); err != nil {
		return err
	}
	logger := newLogger(cfg, env.Stderr)
	a, err := Open(ctx, *cfg, logger)
	if err != nil {
		return err
	}
	defer a.Close()
	return a.Serve(ctx, func(addr string) { fmt.Fprintf(env.Stdout, "cnht: serving on http://%s\n", addr) })
}

func runMigrate(ctx context.Context, env Env, args []string) error {
	fs, cfg, err := flags(env, "migrate", "migrate [-db FILE|URL]")
	if err != nil {
		return err
	}
	if err := parse(fs, args); err != nil {
		return err
	}
	d, err := db.Open(ctx, cfg.Database)
	if err != nil {
		return err
	}
	defer d.Close()
	applied, err := d.Migrate(ctx)
	for _, m := range applied {
		fmt.Fprintf(env.Stdout, "applied %s\n", m)
	}
	if err == nil && len(applied) == 0 {
		fmt.Fprintln(env.Stdout, "the database is up to date")
	}
	return err
}

// registerImportJob registers the job that writes a confirmed import:
// officers and admins enqueue it with {"import_id": N}.
func registerImportJob(q *job.Queue, imports *importer.Service) {
	decode := func(raw json.RawMessage) (int64, error) {
		var p struct {
			ImportID int64 `json:"import_id"`
		}
		if err := json.Unmarshal(raw, &p); err != nil || p.ImportID <= 0 {
			return 0, apperr.New(apperr.Invalid, "job.payload_invalid")
		}
		return p.ImportID, nil
	}
	q.RegisterKind(job.Kind{
		Name:  web.ImportKind,
		Roles: []actor.Role{actor.Admin, actor.Officer},
		Check: func(raw json.RawMessage) error { _, err := decode(raw); return err },
		Handler: func(ctx context.Context, j job.Job, progress job.Progress) (any, error) {
			id, err := decode(j.Payload)
			if err != nil {
				return nil, job.Permanent(err)
			}
			plan, err := imports.Run(ctx, id, progress)
			if err != nil && apperr.CodeOf(err) != apperr.Internal {
				return nil, job.Permanent(err)
			}
			if err != nil {
				return nil, err
			}
			return map[string]int{"created": plan.Creates, "updated": plan.Updates, "unchanged": plan.Unchanged, "refused": plan.Refused}, nil
		},
	})
}

// registerDuplicatesJob registers the job that compares every profile
// with the others and queues those that may be one enterprise.
func registerDuplicatesJob(q *job.Queue, registry *enterprise.Service) {
	q.RegisterKind(job.Kind{
		Name:  web.DuplicatesKind,
		Roles: []actor.Role{actor.Admin, actor.Officer},
		Check: func(json.RawMessage) error { return nil },
		Handler: func(ctx context.Context, j job.Job, progress job.Progress) (any, error) {
			n, err := registry.ScanDuplicates(ctx, func(done, total int) {
				progress(100*done/max(total, 1), strconv.Itoa(done)+"/"+strconv.Itoa(total))
			})
			if err != nil && apperr.CodeOf(err) != apperr.Internal {
				return nil, job.Permanent(err)
			}
			if err != nil {
				return nil, err
			}
			return map[string]int{"queued": n}, nil
		},
	})
}

// registerExportJob registers the job that writes a registry list too
// long for one request as a file to download.
func registerExportJob(q *job.Queue, imports *importer.Service, registry *enterprise.Service, bundle *i18n.Bundle) {
	type payload struct {
		Format string `json:"format"`
		Query  string `json:"query"`
	}
	decode := func(raw json.RawMessage) (payload, url.Values, error) {
		var p payload
		if err := json.Unmarshal(raw, &p); err != nil || p.Format != "csv" && p.Format != "xlsx" {
			return p, nil, apperr.New(apperr.Invalid, "job.payload_invalid")
		}
		q, err := url.ParseQuery(p.Query)
		if err != nil {
			return p, nil, apperr.New(apperr.Invalid, "job.payload_invalid")
		}
		return p, q, nil
	}
	q.RegisterKind(job.Kind{
		Name:  web.ExportKind,
		Roles: []actor.Role{actor.Admin, actor.Officer},
		Check: func(raw json.RawMessage) error { _, _, err := decode(raw); return err },
		Handler: func(ctx context.Context, j job.Job, progress job.Progress) (any, error) {
			p, query, err := decode(j.Payload)
			if err != nil {
				return nil, job.Permanent(err)
			}
			f, err := imports.RunExport(ctx, p.Format, web.FilterFromQuery(query), web.ExportName(web.OfficersExport, registry.Today()), web.ExportHeader(bundle),
				func(done, total int) { progress(100*done/max(total, 1), strconv.Itoa(done)+"/"+strconv.Itoa(total)) })
			if err != nil && apperr.CodeOf(err) != apperr.Internal {
				return nil, job.Permanent(err)
			}
			if err != nil {
				return nil, err
			}
			return map[string]any{"rows": f.Rows, "file": f.Filename, "download": "/exports/" + strconv.FormatInt(f.ID, 10)}, nil
		},
	})
}

// registerPlanReportJob registers the job that generates a plan's yearly
// implementation report (DOCX, PDF and the XLSX annex) in a language.
func registerPlanReportJob(q *job.Queue, plans *plan.Service, bundle *i18n.Bundle, cfg config.Config) {
	type payload struct {
		PlanID int64  `json:"plan_id"`
		Lang   string `json:"lang"`
	}
	decode := func(raw json.RawMessage) (payload, error) {
		var p payload
		if err := json.Unmarshal(raw, &p); err != nil || p.PlanID <= 0 || p.Lang != "vi" && p.Lang != "en" {
			return p, apperr.New(apperr.Invalid, "job.payload_invalid")
		}
		return p, nil
	}
	q.RegisterKind(job.Kind{
		Name:  web.PlanReportKind,
		Roles: []actor.Role{actor.Admin, actor.Officer},
		Check: func(raw json.RawMessage) error { _, err := decode(raw); return err },
		Handler: func(ctx context.Context, j job.Job, progress job.Progress) (any, error) {
			p, err := decode(j.Payload)
			if err != nil {
				return nil, job.Permanent(err)
			}
			office := cfg.OfficeName
			if p.Lang == "en" {
				office = cfg.OfficeNameEN
			}
			lh := plan.Letterhead{ParentBody: cfg.ParentBody, Office: office, Place: cfg.Place, DocSymbol: cfg.DocSymbol}
			f, err := plans.RunReport(ctx, p.PlanID, bundle.Printer(p.Lang), p.Lang, lh, func(pct int) { progress(pct, "") })
			if err != nil && apperr.CodeOf(err) != apperr.Internal {
				return nil, job.Permanent(err)
			}
			if err != nil {
				return nil, err
			}
			base := "/plan-reports/" + strconv.FormatInt(f.ID, 10)
			return map[string]any{"file": f.Filename, "download": base + "/docx", "pdf": base + "/pdf", "xlsx": base + "/xlsx", "plan": "/plans/" + strconv.FormatInt(p.PlanID, 10)}, nil
		},
	})
}
