package enterprise

import (
	"bytes"
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"errors"
	"io"
	"path"
	"strings"
	"time"

	"cnht/internal/actor"
	"cnht/internal/apperr"
	"cnht/internal/audit"
	"cnht/internal/db"
)

// DocumentKind says what a document is for.
type DocumentKind string

// The kinds of document.
const (
	DocCertificate DocumentKind = "certificate" // a scanned certificate
	DocClaim       DocumentKind = "claim"       // proof sent with a claim (RequestClaim)
	DocOther       DocumentKind = "other"       // business registration, photos ...
)

// Document is an uploaded file's metadata. Documents are private: only
// officers, admins and the enterprise's own organisation (and, for a claim
// document, the organisation that sent it) may list or read them.
type Document struct {
	ID           int64        `json:"id"`
	EnterpriseID int64        `json:"enterprise_id"`
	Kind         DocumentKind `json:"kind"`
	Filename     string       `json:"filename"`
	ContentType  string       `json:"content_type"`
	Size         int64        `json:"size"`
	SHA256       string       `json:"sha256"`
	UploadedByID int64        `json:"uploaded_by_id"`
	UploadedBy   string       `json:"uploaded_by"`
	CreatedAt    time.Time    `json:"created_at"`
}

// Upload is a file as received: its name as the user's computer had it
// and its content.
type Upload struct {
	Filename string
	Content  io.Reader
}

// fileType is one accepted type: its extensions and the bytes its content
// starts with. The two must agree, so that a renamed executable or a
// web page saved as .pdf is refused.
type fileType struct {
	contentType string
	exts        []string
	magic       []byte
}

func fileTypes() []fileType {
	return []fileType{
		{"application/pdf", []string{".pdf"}, []byte("%PDF-")},
		{"image/png", []string{".png"}, []byte("\x89PNG\r\n\x1a\n")},
		{"image/jpeg", []string{".jpg", ".jpeg"}, []byte("\xff\xd8\xff")},
	}
}

type received struct {
	filename, contentType, sha string
	content                    []byte
}

// readUpload reads and checks an upload: a name with an accepted
// extension, content of that type (sniffed from its first bytes), not
// empty, at most max bytes (reading stops just past the limit, so a huge
// upload costs no more memory than an allowed one).
// Problems are added to v; the error is for failures to read.
func readUpload(up Upload, max int64, v *apperr.Validation) (received, error) {
	name := clean(up.Filename)
	if i := strings.LastIndexAny(name, `/\`); i >= 0 {
		name = name[i+1:]
	}
	var ft *fileType
	ext := strings.ToLower(path.Ext(name))
	for _, t := range fileTypes() {
		for _, e := range t.exts {
			if e == ext {
				ft = &t
			}
		}
	}
	if name == "" || up.Content == nil {
		v.Add("file", "field.required")
		return received{}, nil
	}
	if ft == nil {
		v.Add("file", "document.type")
		return received{}, nil
	}
	if len(name) > maxName {
		name = name[len(name)-maxName:]
	}
	b, err := io.ReadAll(io.LimitReader(up.Content, max+1))
	if err != nil {
		return received{}, apperr.Wrap(err, "read upload")
	}
	switch {
	case int64(len(b)) > max:
		v.Add("file", "document.too_large", "max_mb", max>>20)
	case len(b) == 0:
		v.Add("file", "document.empty")
	case !bytes.HasPrefix(b, ft.magic):
		v.Add("file", "document.type_mismatch")
	default:
		sum := sha256.Sum256(b)
		return received{filename: name, contentType: ft.contentType, sha: hex.EncodeToString(sum[:]), content: b}, nil
	}
	return received{}, nil
}

// insertDocument stores a checked upload in tx and audits it.
func (s *Service) insertDocument(ctx context.Context, tx *db.Tx, a actor.Actor, enterpriseID int64, kind DocumentKind, f received) (Document, error) {
	d := Document{EnterpriseID: enterpriseID, Kind: kind, Filename: f.filename, ContentType: f.contentType, Size: int64(len(f.content)),
		SHA256: f.sha, UploadedByID: a.UserID, UploadedBy: a.Label(), CreatedAt: s.now().UTC().Truncate(time.Microsecond)}
	err := tx.QueryRowContext(ctx, `INSERT INTO documents (enterprise_id, kind, filename, content_type, size, sha256, content, uploaded_by, uploaded_label, uploader_org_id, created_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) RETURNING id`,
		enterpriseID, string(kind), d.Filename, d.ContentType, d.Size, d.SHA256, f.content, a.UserID, d.UploadedBy, a.OrgID, db.Micros(d.CreatedAt)).Scan(&d.ID)
	if err != nil {
		return d, apperr.Wrap(err, "insert document")
	}
	return d, audit.Record(ctx, tx, audit.Change{Entity: "document", EntityID: d.ID, Action: "create",
		After: audit.Fields{"enterprise_id": enterpriseID, "kind": kind, "filename": d.Filename, "content_type": d.ContentType, "size": d.Size, "sha256": d.SHA256}})
}

// UploadDocument stores a document of an enterprise (officers, admins, or
// the enterprise itself): a PDF, PNG or JPEG file of at most
// MaxUploadBytes, its type checked by extension and by content. Claim
// documents come with RequestClaim instead.
func (s *Service) UploadDocument(ctx context.Context, enterpriseID int64, kind DocumentKind, up Upload) (Document, error) {
	a, err := actor.RequireUser(ctx)
	if err != nil {
		return Document{}, err
	}
	// Permission first, so that a caller who may not upload is refused
	// before the file is read.
	if _, err := certOwner(ctx, s.db, a, enterpriseID); err != nil {
		return Document{}, err
	}
	var v apperr.Validation
	if kind != DocCertificate && kind != DocOther {
		v.Add("kind", "field.choose")
	}
	f, err := readUpload(up, s.maxUpload, &v)
	if err != nil {
		return Document{}, err
	}
	if err := v.Err(); err != nil {
		return Document{}, err
	}
	var d Document
	err = s.db.WithTx(ctx, func(tx *db.Tx) error {
		if _, err := certOwner(ctx, tx, a, enterpriseID); err != nil {
			return err
		}
		d, err = s.insertDocument(ctx, tx, a, enterpriseID, kind, f)
		return err
	})
	return d, err
}

const docCols = `d.id, d.enterprise_id, d.kind, d.filename, d.content_type, d.size, d.sha256, d.uploaded_by, d.uploaded_label, d.created_at`

func scanDoc(sc interface{ Scan(...any) error }, extra ...any) (Document, error) {
	var d Document
	var kind string
	var created int64
	err := sc.Scan(append([]any{&d.ID, &d.EnterpriseID, &kind, &d.Filename, &d.ContentType, &d.Size, &d.SHA256, &d.UploadedByID, &d.UploadedBy, &created}, extra...)...)
	d.Kind, d.CreatedAt = DocumentKind(kind), db.FromMicros(created)
	return d, err
}

// documents lists an enterprise's documents, newest first (no content).
// Officers and admins see all; the enterprise does not see the proofs
// other organisations sent with their claims on it.
func documents(ctx context.Context, q db.Querier, a actor.Actor, id int64) ([]Document, error) {
	var out []Document
	err := queryList(ctx, q, `SELECT `+docCols+`, d.uploader_org_id FROM documents d WHERE d.enterprise_id = $1 ORDER BY d.id DESC`, id, func(rows *sql.Rows) error {
		var uploaderOrg int64
		d, err := scanDoc(rows, &uploaderOrg)
		if err == nil && (manages(a) || d.Kind != DocClaim || uploaderOrg == a.OrgID) {
			out = append(out, d)
		}
		return err
	})
	return out, err
}

// Documents lists an enterprise's documents, newest first (officers,
// admins, the enterprise itself).
func (s *Service) Documents(ctx context.Context, enterpriseID int64) ([]Document, error) {
	a, err := actor.RequireUser(ctx)
	if err != nil {
		return nil, err
	}
	if _, err := certOwner(ctx, s.db, a, enterpriseID); err != nil {
		return nil, err
	}
	return documents(ctx, s.db, a, enterpriseID)
}

// OpenDocument returns a document and its content to officers, admins,
// the enterprise's own organisation (except another organisation's claim
// proof), and an enterprise user whose organisation sent it as a claim
// proof. Anyone else gets NotFound, so that document numbers cannot be
// probed.
func (s *Service) OpenDocument(ctx context.Context, id int64) (Document, []byte, error) {
	a, err := actor.RequireUser(ctx)
	if err != nil {
		return Document{}, nil, err
	}
	var content []byte
	var uploaderOrg, holder int64
	d, err := scanDoc(s.db.QueryRowContext(ctx, `SELECT `+docCols+`, d.content, d.uploader_org_id, COALESCE(e.org_id, 0)
		FROM documents d JOIN enterprises e ON e.id = d.enterprise_id WHERE d.id = $1`, id), &content, &uploaderOrg, &holder)
	if errors.Is(err, sql.ErrNoRows) {
		return Document{}, nil, apperr.New(apperr.NotFound, "document.not_found")
	}
	if err != nil {
		return Document{}, nil, apperr.Wrap(err, "open document")
	}
	ownProof := d.Kind == DocClaim && a.Role == actor.Enterprise && a.OrgID != 0 && a.OrgID == uploaderOrg
	holderMay := owns(a, holder) && (d.Kind != DocClaim || ownProof)
	if !manages(a) && !holderMay && !ownProof {
		return Document{}, nil, apperr.New(apperr.NotFound, "document.not_found")
	}
	return d, content, nil
}
