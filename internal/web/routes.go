package web

import (
	"embed"
	"io/fs"
	"net/http"
)

//go:embed static
var staticFS embed.FS

// routes registers every HTML route. The JSON API is mounted by app under
// /api/v1/ with its own route table (internal/rest/routes.go).
func (s *Server) routes() {
	static, _ := fs.Sub(staticFS, "static")
	files := http.FileServerFS(static)
	s.handle("GET /static/", func(w http.ResponseWriter, r *http.Request) {
		// Assets are named by version where they change; a day is safe.
		w.Header().Set("Cache-Control", "public, max-age=86400")
		http.StripPrefix("/static/", files).ServeHTTP(w, r)
	})
	s.handle("GET /favicon.ico", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "/static/img/favicon.svg", http.StatusMovedPermanently)
	})
	s.handle("GET /healthz", s.healthz)
	s.handle("GET /metrics", s.metrics)

	s.handle("GET /{$}", s.home)
	s.handle("GET /lang/{lang}", s.setLang)
	s.handle("GET /login", s.loginForm)
	s.handle("POST /login", s.login)
	s.handle("POST /logout", s.logout)

	s.handle("GET /account", s.accountPage)
	s.handle("POST /account/password", s.accountPassword)
	s.handle("POST /account/tokens", s.accountTokenCreate)
	s.handle("POST /account/tokens/{id}/revoke", s.accountTokenRevoke)

	s.handle("GET /admin/users", s.adminUsers)
	s.handle("POST /admin/users", s.adminUserCreate)
	s.handle("GET /admin/users/{id}", s.adminUserShow)
	s.handle("POST /admin/users/{id}/disable", s.adminUserDisable)
	s.handle("POST /admin/users/{id}/enable", s.adminUserEnable)
	s.handle("GET /admin/orgs", s.adminOrgs)
	s.handle("POST /admin/orgs", s.adminOrgCreate)

	s.handle("GET /enterprises", s.enterpriseList)
	s.handle("GET /enterprises/new", s.enterpriseNew)
	s.handle("GET /enterprises/export.csv", s.enterpriseExport("csv"))
	s.handle("GET /enterprises/export.xlsx", s.enterpriseExport("xlsx"))
	s.handle("POST /enterprises/export", s.enterpriseExportJob)
	s.handle("GET /exports/{id}", s.exportDownload)
	s.handle("POST /enterprises", s.enterpriseCreate)
	s.handle("GET /enterprises/{id}", s.enterpriseShow)
	s.handle("GET /enterprises/{id}/edit", s.enterpriseEdit)
	s.handle("POST /enterprises/{id}", s.enterpriseUpdate)
	s.handle("POST /enterprises/{id}/status", s.enterpriseStatus)
	s.handle("POST /enterprises/{id}/verify", s.enterpriseVerify)
	s.handle("POST /enterprises/{id}/certifications", s.certificationAdd)
	s.handle("POST /enterprises/{id}/merge", s.enterpriseMerge)
	s.handle("POST /merges/{id}/undo", s.mergeUndo)
	s.handle("GET /duplicates", s.duplicatesList)
	s.handle("POST /duplicates/scan", s.duplicatesScan)
	s.handle("POST /duplicates/decide", s.duplicatesDecide)
	s.handle("POST /certifications/{id}/delete", s.certificationDelete)
	s.handle("GET /certifications/expiring", s.certificationsExpiring)
	s.handle("GET /documents/{id}", s.documentShow)
	s.handle("GET /registry/counts", s.registryCounts)
	s.handle("GET /open-data", s.openData)
	s.handle("GET /vi/nha-cung-cap", s.directory("vi"))
	s.handle("GET /en/suppliers", s.directory("en"))
	s.handle("GET /vi/nha-cung-cap/{id}", s.directoryProfile("vi"))
	s.handle("GET /en/suppliers/{id}", s.directoryProfile("en"))
	s.handle("GET /sitemap.xml", s.sitemap)
	s.handle("GET /saved-searches", s.savedSearches)
	s.handle("POST /saved-searches", s.saveSearch)
	s.handle("POST /saved-searches/{id}/delete", s.deleteSavedSearch)
	s.handle("POST /notifications/read", s.readNotifications)
	s.handle("GET /open-data/enterprises.csv", s.openDataCSV)
	s.handle("GET /open-data/enterprises.json", s.openDataJSON)
	s.handle("GET /my-company", s.myCompany)
	s.handle("POST /claims", s.claimCreate)
	s.handle("GET /claims", s.claimsList)
	s.handle("POST /claims/{id}/decide", s.claimDecide)

	s.handle("GET /admin/catalogues", s.cataloguePage)
	s.handle("POST /admin/catalogues/{kind}", s.catalogueSave)

	s.handle("GET /imports", s.importsList)
	s.handle("POST /imports", s.importUpload)
	s.handle("GET /imports/{id}", s.importShow)
	s.handle("POST /imports/{id}/options", s.importOptions)
	s.handle("POST /imports/{id}/confirm", s.importConfirm)
	s.handle("GET /imports/{id}/refused.xlsx", s.importRefused)

	s.handle("GET /plans", s.plansList)
	s.handle("GET /plans/new", s.planNew)
	s.handle("GET /plans/current", s.planCurrent)
	s.handle("POST /plans", s.planCreate)
	s.handle("GET /plans/{id}", s.planShow)
	s.handle("GET /plans/{id}/edit", s.planEdit)
	s.handle("POST /plans/{id}", s.planUpdate)
	s.handle("POST /plans/{id}/targets", s.targetCreate)
	s.handle("POST /targets/{id}", s.targetUpdate)
	s.handle("POST /targets/{id}/delete", s.targetDelete)
	s.handle("POST /plans/{id}/file", s.planFileUpload)
	s.handle("GET /plans/{id}/file", s.planFileDownload)
	s.handle("POST /plans/{id}/report", s.planReport)
	s.handle("GET /plan-reports/{id}/{format}", s.planReportDownload)

	s.handle("GET /statistics", s.statisticsList)
	s.handle("POST /statistics", s.statisticsOpen)
	s.handle("GET /statistics/{id}", s.statisticsPeriod)
	s.handle("GET /statistics/{id}/enterprises/{eid}", s.statisticsForm)
	s.handle("POST /statistics/{id}/enterprises/{eid}", s.statisticsSave)
	s.handle("GET /figures", s.figuresPage)
	s.handle("POST /figures", s.figureCreate)
	s.handle("GET /indicators", s.indicatorsList)
	s.handle("GET /indicators/{code}", s.indicatorShow)
	s.handle("GET /indicators/{code}/trace", s.indicatorTrace)

	s.handle("GET /jobs", s.jobsList)
	s.handle("POST /jobs/demo", s.jobDemoStart)
	s.handle("GET /jobs/{id}", s.jobShow)
	s.handle("GET /jobs/{id}/progress", s.jobProgress)

	s.handle("/", s.notFound)
}
