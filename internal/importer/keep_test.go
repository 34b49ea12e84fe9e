package importer_test

import (
	"bytes"
	"context"
	"fmt"
	"testing"

	"cnht/internal/actor"
	"cnht/internal/apperr"
	"cnht/internal/db"
	"cnht/internal/db/dbtest"
	"cnht/internal/enterprise"
	"cnht/internal/importer"
	"cnht/internal/vn"
)

// TestLargeUploadKeptPacked: an uploaded file over a megabyte is kept
// compressed, and its preview and import read it back byte for byte
// (every row planned, the digest of the original file recorded).
func TestLargeUploadKeptPacked(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		u, err := units()
		if err != nil {
			t.Fatal(err)
		}
		reg := enterprise.NewService(d, u, enterprise.Options{})
		s := importer.NewService(d, reg, u, importer.DefaultLimits())
		officer := actor.NewContext(context.Background(), actor.Actor{UserID: 2, OrgID: 1, Role: actor.Officer, Email: "canbo@sct.hanoi.gov.vn"})
		var buf bytes.Buffer
		buf.WriteString("Mã số thuế,Tên doanh nghiệp,Ghi chú\n")
		n := 0
		for seq := 0; buf.Len() < 3<<20; seq++ {
			p := fmt.Sprintf("01%07d", 3_000_000+seq)
			c, ok := vn.TaxCheckDigit(p)
			if !ok {
				continue
			}
			fmt.Fprintf(&buf, "%s%c,Công ty TNHH Lưu Trữ %d,%s\n", p, c, seq, "dòng ghi chú dài để tệp lớn hơn một megabyte")
			n++
		}
		im, err := s.Upload(officer, "lon.csv", bytes.NewReader(buf.Bytes()))
		if err != nil {
			t.Fatal(err)
		}
		var stored int
		if err := d.QueryRowContext(context.Background(), `SELECT LENGTH(content) FROM imports WHERE id = $1`, im.ID).Scan(&stored); err != nil {
			t.Fatal(err)
		}
		if stored*3 > buf.Len() {
			t.Errorf("a %d-byte CSV is kept in %d bytes, want it compressed", buf.Len(), stored)
		}
		pv, err := s.Preview(officer, im.ID)
		if err != nil {
			t.Fatal(err)
		}
		// A service with a smaller upload limit (as the web has for a file
		// the command line kept) refuses to reopen it, saying why.
		small := importer.DefaultLimits()
		small.MaxBytes = 1 << 20
		if _, err := importer.NewService(d, reg, u, small).Preview(officer, im.ID); apperr.As(err).Key != "import.too_large" {
			t.Errorf("reopening a kept file over the limit: %v, want import.too_large", err)
		}
		if pv.Plan.Creates != n || pv.File.Count != n {
			t.Fatalf("preview of the kept file: %d creates, %d rows; want %d", pv.Plan.Creates, pv.File.Count, n)
		}
		if err := s.MarkQueued(officer, im.ID, func() (int64, error) { return 1, nil }); err != nil {
			t.Fatal(err)
		}
		plan, err := s.Run(officer, im.ID, func(int, string) {})
		if err != nil {
			t.Fatal(err)
		}
		if plan.Creates != n {
			t.Fatalf("the import created %d of %d", plan.Creates, n)
		}
		h, err := reg.History(officer, plan.Outcomes[0].ID)
		if err != nil || len(h) != 1 || h[0].After["sha256"] != im.SHA256 || h[0].After["filename"] != "lon.csv" {
			t.Fatalf("history of an imported profile: %+v %v (want the import naming %s)", h, err, im.SHA256)
		}
	})
}
