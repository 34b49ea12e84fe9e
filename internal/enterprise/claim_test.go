package enterprise_test

import (
	"bytes"
	"context"
	"testing"

	"cnht/internal/actor"
	"cnht/internal/apperr"
	"cnht/internal/db"
	"cnht/internal/db/dbtest"
	"cnht/internal/enterprise"
)

func proof() enterprise.Upload {
	return enterprise.Upload{Filename: "giay-chung-nhan-dkdn.pdf", Content: bytes.NewReader(pdfBytes(500))}
}

func TestClaims(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		c := e.create(profile("0100233488", "Công ty TNHH Cơ khí Hòa Bình"), date(2020, 1, 1)).Public.ID
		other := e.create(profile(taxCode(t, 2000000), "Công ty Cổ phần Nhựa Thăng Long"), date(2020, 1, 1)).Public.ID

		// Every problem at once: a wrong tax code and no proof.
		_, err := e.s.RequestClaim(e.entA, "0100233480", enterprise.Upload{})
		if f := fields(err); f["tax_code"] != "taxcode.check_digit" || f["file"] != "field.required" {
			t.Fatalf("bad claim: %v", err)
		}
		_, err = e.s.RequestClaim(e.entA, taxCode(t, 7000000), proof())
		if fields(err)["tax_code"] != "claim.no_enterprise" {
			t.Fatalf("unknown enterprise: %v", err)
		}
		_, err = e.s.RequestClaim(e.officer, "0100233488", proof())
		wantCode(t, err, apperr.Forbidden, "officer claims")

		ca, err := e.s.RequestClaim(e.entA, "0100 233 488", proof())
		if err != nil || ca.Status != enterprise.ClaimPending || ca.EnterpriseID != c || ca.OrgID != e.orgA {
			t.Fatalf("claim A: %v %+v", err, ca)
		}
		_, err = e.s.RequestClaim(e.entA, "0100233488", proof())
		wantCode(t, err, apperr.Conflict, "second pending claim")
		cb, err := e.s.RequestClaim(e.entB, "0100233488", proof())
		if err != nil {
			t.Fatal(err)
		}
		// The claimant reads its own proof; the rival does not.
		if _, _, err := e.s.OpenDocument(e.entA, ca.DocumentID); err != nil {
			t.Fatalf("claimant reads its proof: %v", err)
		}
		_, _, err = e.s.OpenDocument(e.entB, ca.DocumentID)
		wantCode(t, err, apperr.NotFound, "rival reads the proof")

		queue, err := e.s.Claims(e.officer, enterprise.ClaimFilter{Status: enterprise.ClaimPending})
		if err != nil || len(queue) != 2 {
			t.Fatalf("officer queue: %d %v", len(queue), err)
		}
		mine, err := e.s.Claims(e.entA, enterprise.ClaimFilter{})
		if err != nil || len(mine) != 1 || mine[0].ID != ca.ID {
			t.Fatalf("own claims: %v %v", mine, err)
		}
		_, err = e.s.FindClaim(e.entB, ca.ID)
		wantCode(t, err, apperr.NotFound, "B reads A's claim")
		_, err = e.s.ApproveClaim(e.entA, ca.ID)
		wantCode(t, err, apperr.Forbidden, "claimant approves")

		// A reason is required to reject.
		_, err = e.s.RejectClaim(e.officer, cb.ID, "  ")
		if fields(err)["reason"] != "field.required" {
			t.Fatalf("reject without reason: %v", err)
		}
		got, err := e.s.ApproveClaim(e.officer, ca.ID)
		if err != nil || got.Status != enterprise.ClaimApproved || got.DecidedBy != "canbo@sct.hanoi.gov.vn" {
			t.Fatalf("approve: %v %+v", err, got)
		}
		v, err := e.s.MyEnterprise(e.entA)
		if err != nil || v.Public.ID != c || !v.Public.Claimed {
			t.Fatalf("after approval: %v", err)
		}
		p, _ := e.s.ProfileForEdit(e.entA, c)
		p.Capacity = "3 triệu chi tiết/năm"
		if _, err := e.s.Update(e.entA, c, p); err != nil {
			t.Fatalf("holder edits: %v", err)
		}
		// The rival's pending claim can no longer be approved; it is
		// rejected with a reason the rival sees.
		_, err = e.s.ApproveClaim(e.officer, cb.ID)
		wantCode(t, err, apperr.Conflict, "approve a claim on a held enterprise")
		rej, err := e.s.RejectClaim(e.officer, cb.ID, "Giấy tờ không khớp với đăng ký kinh doanh")
		if err != nil || rej.Status != enterprise.ClaimRejected {
			t.Fatal(err)
		}
		own, _ := e.s.FindClaim(e.entB, cb.ID)
		if own.Reason != "Giấy tờ không khớp với đăng ký kinh doanh" {
			t.Fatalf("reason %q", own.Reason)
		}
		_, err = e.s.RejectClaim(e.officer, cb.ID, "lần nữa")
		wantCode(t, err, apperr.Conflict, "decide twice")
		_, err = e.s.RequestClaim(e.entB, "0100233488", proof())
		if apperr.As(err).Key != "claim.already_claimed" {
			t.Fatalf("claim a held enterprise: %v", err)
		}
		// One enterprise per organisation.
		_, err = e.s.RequestClaim(e.entA, taxCode(t, 2000000), proof())
		if apperr.As(err).Key != "claim.org_has_enterprise" {
			t.Fatalf("second enterprise for A: %v", err)
		}
		err = e.s.AssignOrganisation(e.officer, other, e.orgA)
		wantCode(t, err, apperr.Conflict, "assign a second enterprise to A")
		// The timeline has the claims: the officer's all of them, the
		// holder's only its own (not B's rejected claim, its reason or its
		// proof).
		seen := func(ctx context.Context) map[string]bool {
			h, err := e.s.History(ctx, c)
			if err != nil {
				t.Fatal(err)
			}
			out := map[string]bool{}
			for _, en := range h {
				out[en.Entity+"."+en.Action] = true
			}
			return out
		}
		officerSees, holderSees := seen(e.officer), seen(e.entA)
		for _, k := range []string{"claim.create", "claim.approve", "claim.reject", "enterprise.assign", "document.create"} {
			if !officerSees[k] {
				t.Errorf("officer's history lacks %s: %v", k, officerSees)
			}
		}
		for _, k := range []string{"claim.create", "claim.approve", "enterprise.assign", "document.create"} {
			if !holderSees[k] {
				t.Errorf("holder's history lacks %s: %v", k, holderSees)
			}
		}
		if holderSees["claim.reject"] {
			t.Error("the holder reads another organisation's rejected claim")
		}
		docs, err := e.s.Documents(e.entA, c)
		if err != nil {
			t.Fatal(err)
		}
		for _, d := range docs {
			if d.ID == cb.DocumentID {
				t.Error("the holder lists another organisation's claim proof")
			}
		}
		_, _, err = e.s.OpenDocument(e.entA, cb.DocumentID)
		wantCode(t, err, apperr.NotFound, "holder opens the rival's proof")
		// A council member or inspector of the office is not an officer:
		// sharing the office's organisation opens no document.
		council := actor.NewContext(context.Background(), actor.Actor{UserID: 9, OrgID: actor.From(e.officer).OrgID, Role: actor.Council, Email: "hd@sct.hanoi.gov.vn"})
		officerDoc, err := e.s.UploadDocument(e.officer, c, enterprise.DocOther, proof())
		if err != nil {
			t.Fatal(err)
		}
		_, _, err = e.s.OpenDocument(council, officerDoc.ID)
		wantCode(t, err, apperr.NotFound, "council member opens an officer's upload")
		if _, _, err := e.s.OpenDocument(e.entA, officerDoc.ID); err != nil {
			t.Errorf("holder opens the office's upload to its profile: %v", err)
		}
	})
}
