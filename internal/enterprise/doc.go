// Package enterprise is the registry of supporting-industry enterprises
// (doanh nghiệp công nghiệp hỗ trợ, CNHT): their profiles, certifications,
// documents, claims, officer verification, history, and the counts every
// target of the city's plans is measured against.
//
// Terms of art, named once here and in English in the code: mã số thuế is
// the tax code; ngành công nghiệp hỗ trợ trọng điểm are the city's key
// sectors (KeySector); lĩnh vực of Decree 111/2015/NĐ-CP (amended by Decree
// 205/2025/NĐ-CP) are the six product sectors (ProductSector); đạt tiêu
// chuẩn quốc tế is "meets international standards"; phường/xã is a ward;
// quy mô is the size class of Decree 80/2021/NĐ-CP.
//
// # Facts and derived values
//
// What an officer or enterprise types is stored; what follows from it is
// derived and never accepted as input: the size class (vn.ClassifySize,
// stored for filtering), "meets international standards on D" (from the
// certificates of standards an admin marks as international), and every
// count. Dated facts — the status periods (the first begins on joined_on,
// the day the enterprise entered the registry) and certificates (valid on D
// when issued_on <= D < expires_on: a certificate stops counting on its
// expiry date) — are what make CountAsOf answer for any past date. Other
// attributes (sector, ward, size ...) are kept as their current value; their
// earlier values are in the audit trail, and counts use the current ones.
// Addresses hold the 2025 ward code (vn.ReformDate onwards), so counts by
// ward are by today's wards, also for dates before the 2025 reform. A
// profile merged into another (merge.go) is that other one: it leaves
// every listing and count, also for past dates.
//
// # Who sees what
//
// Every method checks the caller from actor.From(ctx). Officers and admins
// see and change everything (catalogues: admins only). An enterprise user
// reads and edits its own claimed enterprise (not its tax code, status,
// joined_on or verification) and sees other enterprises as the public does.
// Everyone else (public, buyers, associations, council members, inspectors)
// sees the public part of active enterprises. The private part — revenue
// and its year, charter capital, the contact person when marked private,
// customers marked private, documents, status history, who verified, the
// owning organisation — lives in View.Private, which is nil for callers who
// may not see it, so a page or API cannot show it by accident.
//
// Every change is written with audit.Record in the same transaction
// (entities "enterprise", "certification", "document", "claim", "product",
// "process", "standard"), except the enterprises an import creates: they
// share the import's one entry (entity "import", naming the kept file and
// the ids created), which their history shows (audit.Covering).
package enterprise
