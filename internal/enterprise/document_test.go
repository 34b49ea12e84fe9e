package enterprise_test

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"strings"
	"testing"

	"cnht/internal/apperr"
	"cnht/internal/db"
	"cnht/internal/db/dbtest"
	"cnht/internal/enterprise"
)

func pdfBytes(n int) []byte {
	b := []byte("%PDF-1.4\n% Giấy chứng nhận ISO 9001\n")
	return append(b, bytes.Repeat([]byte("x"), max(0, n-len(b)))...)
}

func uploadPDF(t *testing.T, e *env, ctx context.Context, id int64) enterprise.Document {
	t.Helper()
	doc, err := e.s.UploadDocument(ctx, id, enterprise.DocCertificate, enterprise.Upload{Filename: "chung-nhan.pdf", Content: bytes.NewReader(pdfBytes(2000))})
	if err != nil {
		t.Fatal(err)
	}
	return doc
}

func TestUploads(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		a := e.create(profile("0100233488", "Công ty TNHH Cơ khí Hòa Bình"), date(2020, 1, 1)).Public.ID
		if err := e.s.AssignOrganisation(e.officer, a, e.orgA); err != nil {
			t.Fatal(err)
		}
		png := append([]byte("\x89PNG\r\n\x1a\n"), make([]byte, 100)...)
		jpeg := append([]byte("\xff\xd8\xff\xe0"), make([]byte, 100)...)
		refused := []struct {
			name, file string
			content    []byte
			key        string
		}{
			{"too big", "lon.pdf", pdfBytes(int(e.s.MaxUploadBytes()) + 1), "document.too_large"},
			{"executable", "virus.exe", []byte("MZ\x90\x00"), "document.type"},
			{"no extension", "giay-phep", pdfBytes(100), "document.type"},
			{"web page named .pdf", "trang.pdf", []byte("<html><body>không phải PDF</body></html>"), "document.type_mismatch"},
			{"PNG named .jpg", "anh.jpg", png, "document.type_mismatch"},
			{"empty", "rong.pdf", nil, "document.empty"},
		}
		for _, c := range refused {
			_, err := e.s.UploadDocument(e.entA, a, enterprise.DocOther, enterprise.Upload{Filename: c.file, Content: bytes.NewReader(c.content)})
			if fields(err)["file"] != c.key {
				t.Errorf("%s: got %v, want %s", c.name, err, c.key)
			}
		}
		// Accepted, by content and extension; the exact limit is allowed.
		for _, c := range []struct {
			file, ctype string
			content     []byte
		}{
			{`C:\Users\Lan\Giấy chứng nhận.PDF`, "application/pdf", pdfBytes(int(e.s.MaxUploadBytes()))},
			{"nha-xuong.png", "image/png", png},
			{"may-cnc.jpeg", "image/jpeg", jpeg},
		} {
			doc, err := e.s.UploadDocument(e.entA, a, enterprise.DocOther, enterprise.Upload{Filename: c.file, Content: bytes.NewReader(c.content)})
			if err != nil {
				t.Fatalf("%s: %v", c.file, err)
			}
			sum := sha256.Sum256(c.content)
			if doc.ContentType != c.ctype || doc.SHA256 != hex.EncodeToString(sum[:]) || doc.Size != int64(len(c.content)) || strings.ContainsAny(doc.Filename, `\/`) {
				t.Fatalf("%s stored as %+v", c.file, doc)
			}
			_, got, err := e.s.OpenDocument(e.officer, doc.ID)
			if err != nil || !bytes.Equal(got, c.content) {
				t.Fatalf("officer reads %s: %v", c.file, err)
			}
			_, _, err = e.s.OpenDocument(e.entA, doc.ID)
			if err != nil {
				t.Fatalf("owner reads %s: %v", c.file, err)
			}
			_, _, err = e.s.OpenDocument(e.entB, doc.ID)
			wantCode(t, err, apperr.NotFound, "another enterprise reads a document")
			_, _, err = e.s.OpenDocument(e.buyer, doc.ID)
			wantCode(t, err, apperr.NotFound, "buyer reads a document")
			_, _, err = e.s.OpenDocument(e.public, doc.ID)
			wantCode(t, err, apperr.Unauthenticated, "public reads a document")
		}
		docs, err := e.s.Documents(e.entA, a)
		if err != nil || len(docs) != 3 {
			t.Fatalf("documents: %d %v", len(docs), err)
		}
		// Nobody else uploads to A.
		_, err = e.s.UploadDocument(e.entB, a, enterprise.DocOther, enterprise.Upload{Filename: "x.pdf", Content: bytes.NewReader(pdfBytes(100))})
		wantCode(t, err, apperr.Forbidden, "B uploads to A")
		// A certificate may only link a document of its own enterprise.
		b := e.create(profile(taxCode(t, 2000000), "Công ty Cổ phần Nhựa Thăng Long"), date(2020, 1, 1)).Public.ID
		_, err = e.s.AddCertification(e.officer, b, enterprise.CertificationInput{StandardID: standardID(t, e, "iso9001"), Number: "1", Body: "SGS",
			IssuedOn: date(2024, 1, 1), ExpiresOn: date(2027, 1, 1), DocumentID: docs[0].ID})
		if fields(err)["document_id"] != "field.choose" {
			t.Fatalf("foreign document linked: %v", err)
		}
	})
}
