package app_test

import (
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"cnht/internal/account"
	"cnht/internal/actor"
	"cnht/internal/enterprise"
	"cnht/internal/i18n"
	"cnht/internal/importer"
	"cnht/internal/job"
)

// Every message key the code and templates use must exist in both
// languages. Keys are found as string literals where keys are passed
// (templates' .P.T, apperr constructors, validation, printers, flashes);
// keys built at run time are listed from the values they are built from.
func TestEveryUsedKeyExists(t *testing.T) {
	b, err := i18n.Load()
	if err != nil {
		t.Fatal(err)
	}
	used := map[string]string{} // key → where
	patterns := []*regexp.Regexp{
		regexp.MustCompile(`\.T "([a-z0-9_.]+)"`),
		regexp.MustCompile(`apperr\.(?:New|Errorf)\([^,]+, "([a-z0-9_.]+)"`),
		regexp.MustCompile(`Key: +"([a-z0-9_.]+)"`),
		regexp.MustCompile(`\.Add\("[a-z_0-9]+", "([a-z0-9_.]+)"`),
		regexp.MustCompile(`\.T\("([a-z0-9_.]+)"`),
		regexp.MustCompile(`s\.flash\(w, r, "([a-z0-9_.]+)"\)`),
		regexp.MustCompile(`s\.base\(r, "([a-z0-9_.]+)"\)`),
		regexp.MustCompile(`titleKey\)?[^"\n]*"([a-z0-9_]+\.[a-z0-9_.]+)"`),
	}
	root := "../.."
	err = filepath.WalkDir(filepath.Join(root, "internal"), func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		if !strings.HasSuffix(path, ".html") && !(strings.HasSuffix(path, ".go") && !strings.HasSuffix(path, "_test.go")) {
			return nil
		}
		src, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		for _, re := range patterns {
			for _, m := range re.FindAllStringSubmatch(string(src), -1) {
				// A key ending in "." is a prefix completed at run time;
				// its completions are listed below.
				if strings.Contains(m[1], ".") && !strings.HasSuffix(m[1], ".") {
					used[m[1]] = path
				}
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(used) < 50 {
		t.Fatalf("found only %d keys: the scan is broken", len(used))
	}
	for _, r := range append([]actor.Role{actor.Public}, actor.Roles...) {
		k := "role.public"
		if r != actor.Public {
			k = "role." + string(r)
			if r != actor.Admin && r != actor.Officer {
				used["home."+string(r)+".lede"] = "home_member.html"
			}
		}
		used[k] = "roleKey"
	}
	for _, k := range account.OrgKinds {
		used["org.kind."+string(k)] = "admin_orgs.html"
	}
	for _, s := range []job.Status{job.Queued, job.Running, job.Done, job.Failed} {
		used["job.status."+string(s)] = "job page"
	}
	for _, a := range []string{"create", "update", "delete", "password", "revoke", "approve", "reject", "assign", "status", "verify", "unverify", "bulk_load", "import"} {
		used["audit.action."+a] = "history"
	}
	for _, c := range []enterprise.ClaimStatus{enterprise.ClaimPending, enterprise.ClaimApproved, enterprise.ClaimRejected} {
		used["claim.status."+string(c)] = "history.go"
	}
	for _, k := range []enterprise.DocumentKind{enterprise.DocCertificate, enterprise.DocClaim, enterprise.DocOther} {
		used["history.document_kind."+string(k)] = "history.go"
	}
	for _, f := range append(importer.Fields(), "ignored") {
		used["import.field."+string(f)] = "import.go"
	}
	for _, enc := range []string{"tcvn3", "vni", "unicode"} {
		used["import.encoding."+enc] = "import.go"
	}
	for _, en := range []string{"enterprise", "certification", "document", "claim", "user", "organisation", "api_token", "product", "process", "standard", "import"} {
		used["history.entity."+en] = "history.go"
	}
	for k, where := range used {
		for _, l := range i18n.Langs {
			if !b.Has(l, k) {
				t.Errorf("%s uses %q, missing from %s.json", where, k, l)
			}
		}
	}
}
