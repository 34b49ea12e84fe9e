package app_test

import (
	"bytes"
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"cnht/internal/account"
	"cnht/internal/actor"
	"cnht/internal/enterprise"
	"cnht/internal/importer"
	"cnht/internal/vn"
)

// pdf is the smallest file the upload checks take for a PDF.
var pdf = []byte("%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n")

// fixture holds registry records the route tests point at.
type fixture struct {
	taxSeq   int
	e        *env
	other    int64 // an active enterprise nobody's organisation holds
	document int64 // a document of other's
	claim    int64 // a pending claim on other
	standard int64
}

func registryFixture(t *testing.T, e *env) *fixture {
	t.Helper()
	ctx := actor.SystemContext(context.Background())
	fx := &fixture{e: e}
	page, err := e.app.Registry.FindEnterprises(ctx, enterprise.Filter{Status: enterprise.StatusActive, Limit: 50})
	if err != nil {
		t.Fatal(err)
	}
	for _, it := range page.Items {
		v, err := e.app.Registry.FindEnterprise(ctx, it.ID)
		if err != nil {
			t.Fatal(err)
		}
		if v.Private.OrgID == 0 {
			fx.other = it.ID
			break
		}
	}
	if fx.other == 0 {
		t.Fatal("no unclaimed demo enterprise")
	}
	doc, err := e.app.Registry.UploadDocument(ctx, fx.other, enterprise.DocOther, enterprise.Upload{Filename: "giay-phep.pdf", Content: bytes.NewReader(pdf)})
	if err != nil {
		t.Fatal(err)
	}
	fx.document = doc.ID
	stds, err := e.app.Registry.Standards(ctx, false)
	if err != nil || len(stds) == 0 {
		t.Fatal(err)
	}
	fx.standard = stds[0].ID
	// A second enterprise organisation with a user claims other.
	org, err := e.app.Accounts.CreateOrganisation(ctx, account.NewOrganisation{Kind: account.KindEnterprise, Name: "Công ty Cổ phần Thử nghiệm"})
	if err != nil {
		t.Fatal(err)
	}
	u, err := e.app.Accounts.CreateUser(ctx, account.NewUser{Email: "claimant@cnht.demo", Name: "Người nhận", Role: actor.Enterprise, OrgID: org.ID, Password: "mat-khau-thu-nghiem"})
	if err != nil {
		t.Fatal(err)
	}
	v, _ := e.app.Registry.FindEnterprise(ctx, fx.other)
	cl, err := e.app.Registry.RequestClaim(actor.NewContext(context.Background(), u.Actor("")), v.Public.TaxCode, enterprise.Upload{Filename: "dkkd.pdf", Content: bytes.NewReader(pdf)})
	if err != nil {
		t.Fatal(err)
	}
	fx.claim = cl.ID
	return fx
}

func (fx *fixture) newCertificate(t *testing.T) int64 {
	t.Helper()
	ctx := actor.SystemContext(context.Background())
	today := fx.e.app.Registry.Today()
	c, err := fx.e.app.Registry.AddCertification(ctx, fx.other, enterprise.CertificationInput{
		StandardID: fx.standard, Number: "VN-" + time.Now().Format("150405.000000"), Body: "QUACERT",
		IssuedOn: today.AddDate(-1, 0, 0), ExpiresOn: today.AddDate(2, 0, 0),
	})
	if err != nil {
		t.Fatal(err)
	}
	return c.ID
}

// newImport uploads a small CSV as a draft import.
func (fx *fixture) newImport(t *testing.T) int64 {
	t.Helper()
	ctx := actor.SystemContext(context.Background())
	csv := "Mã số thuế,Tên doanh nghiệp\n0100233488,Công ty TNHH Cơ khí Hòa Bình\n0100233480,Công ty Sai Mã\n"
	im, err := fx.e.app.Importer.Upload(ctx, "thu.csv", strings.NewReader(csv))
	if err != nil {
		t.Fatal(err)
	}
	return im.ID
}

// newMerge merges a fresh profile into another fresh one and returns the
// merge, for the route that undoes merges (each try needs its own).
func (fx *fixture) newMerge(t *testing.T) int64 {
	t.Helper()
	ctx := actor.SystemContext(context.Background())
	var ids []int64
	for len(ids) < 2 {
		fx.taxSeq++
		first9 := fmt.Sprintf("0197%05d", fx.taxSeq)
		c, ok := vn.TaxCheckDigit(first9)
		if !ok {
			continue
		}
		v, err := fx.e.app.Registry.Create(ctx, enterprise.NewEnterprise{Profile: enterprise.Profile{TaxCode: first9 + string(c),
			Name: "Công ty TNHH Gộp Thử " + fmt.Sprint(fx.taxSeq), KeySectors: []enterprise.KeySector{enterprise.SectorComponents}}})
		if err != nil {
			t.Fatal(err)
		}
		ids = append(ids, v.Public.ID)
	}
	m, err := fx.e.app.Registry.MergeEnterprises(ctx, ids[0], ids[1])
	if err != nil {
		t.Fatal(err)
	}
	return m.ID
}

// newExport makes an export file as role (an admin's for roles that may
// not export), for the route that downloads them.
func (fx *fixture) newExport(t *testing.T, role actor.Role) int64 {
	t.Helper()
	if role != actor.Officer {
		role = actor.Admin
	}
	ctx := actor.NewContext(context.Background(), fx.e.actor(role))
	f, err := fx.e.app.Importer.RunExport(ctx, "csv", enterprise.Filter{Limit: 1}, "thu", func(importer.Field) string { return "x" }, func(int, int) {})
	if err != nil {
		t.Fatal(err)
	}
	return f.ID
}

// actor is the demo user of role as the services see it.
func (e *env) actor(role actor.Role) actor.Actor {
	e.t.Helper()
	var id int64
	if err := e.app.DB.QueryRowContext(context.Background(), `SELECT id FROM users WHERE email = $1`, demoEmail(role)).Scan(&id); err != nil {
		e.t.Fatal(err)
	}
	a, err := e.app.Accounts.ActorOf(context.Background(), id)
	if err != nil {
		e.t.Fatal(err)
	}
	return a
}

// newSavedSearch saves a search as role (an admin's for roles that may
// not save), for the route that deletes them.
func (fx *fixture) newSavedSearch(t *testing.T, role actor.Role) int64 {
	t.Helper()
	if role != actor.Officer && role != actor.Buyer {
		role = actor.Admin
	}
	ctx := actor.NewContext(context.Background(), fx.e.actor(role))
	x, err := fx.e.app.Watch.Save(ctx, "Khuôn mẫu", "q=khuon+mau", "vi", false)
	if err != nil {
		t.Fatal(err)
	}
	return x.ID
}
