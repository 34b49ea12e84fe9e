package rest

import (
	_ "embed"
	"net/http"

	"cnht/internal/apperr"
)

//go:embed openapi.json
var openapiJSON []byte

// OpenAPI returns the API's OpenAPI 3.1 document.
func OpenAPI() []byte { return openapiJSON }

func (a *API) routes() {
	a.handle("GET /api/v1/openapi.json", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write(openapiJSON)
	})
	a.handle("GET /api/v1/me", a.me)
	a.handle("GET /api/v1/users", a.listUsers)
	a.handle("POST /api/v1/users", a.createUser)
	a.handle("GET /api/v1/organisations", a.listOrganisations)
	a.handle("POST /api/v1/organisations", a.createOrganisation)
	a.handle("POST /api/v1/jobs", a.createJob)
	a.handle("GET /api/v1/jobs/{id}", a.getJob)
	a.handle("GET /api/v1/enterprises", a.listEnterprises)
	a.handle("POST /api/v1/enterprises", a.createEnterprise)
	a.handle("GET /api/v1/enterprises/counts", a.enterpriseCounts)
	a.handle("GET /api/v1/enterprises/{id}", a.getEnterprise)
	a.handle("PATCH /api/v1/enterprises/{id}", a.patchEnterprise)
	a.handle("GET /api/v1/enterprises/{id}/certifications", a.listCertifications)
	a.handle("POST /api/v1/enterprises/{id}/certifications", a.addCertification)
	a.handle("GET /api/v1/certifications/expiring", a.expiringCertificates)
	a.handle("PATCH /api/v1/certifications/{id}", a.patchCertification)
	a.handle("DELETE /api/v1/certifications/{id}", a.deleteCertification)
	a.handle("GET /api/v1/search", a.searchSuppliers)
	a.handle("GET /api/v1/plans", a.listPlans)
	a.handle("GET /api/v1/plans/{id}", a.getPlan)
	a.handle("GET /api/v1/indicators", a.listIndicators)
	a.handle("GET /api/v1/catalogues/products", a.products)
	a.handle("GET /api/v1/catalogues/processes", a.processes)
	a.handle("GET /api/v1/catalogues/standards", a.standards)
	a.handle("GET /api/v1/catalogues/key-sectors", a.keySectors)
	a.handle("GET /api/v1/catalogues/industries", a.industries)
	a.handle("/api/", func(w http.ResponseWriter, r *http.Request) {
		a.fail(w, r, apperr.New(apperr.NotFound, "error.not_found"))
	})
}
