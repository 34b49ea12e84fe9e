package search

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/binary"
	"errors"
	"fmt"
	"hash/crc32"
	"io"
	"os"
	"path/filepath"
	"runtime/debug"
	"strings"
	"time"

	"github.com/RoaringBitmap/roaring/v2"

	"cnht/internal/db"
	"cnht/internal/enterprise"
)

// A snapshot is the index, the cards and where the polling stood, written
// to a file so that a restart reads it back in seconds instead of
// indexing the registry again (minutes at a million profiles), then
// catches up by polling from where it stood.
//
// The file is an 80-byte header, then a data section, then a string
// section:
//
//	header  "CNHTSRCH", format version (uint32), code fingerprint (32
//	        bytes), data length, strings length (uint64s), CRC-32C of data
//	        and strings (uint32), where the index's part of the data and of
//	        the strings begins (uint64s); little-endian
//	data    uvarints, and roaring bitmaps in their portable serialization,
//	        each after its length and aligned to 8 bytes so that they are
//	        read in place (FromBuffer: no copy)
//	strings every string the data uses, one after the other: the data
//	        gives each one's length where it uses it, so they are read in
//	        order, as slices of one string read in one go
//
// Each section holds first where the polling stood and the cards, then
// the index: the two parts are decoded at once, one a core.
//
// The fingerprint is a hash of what the index's contents depend on in
// the code (folding, the sector and industry names, the format version):
// a snapshot made by a build that indexes differently is not used.
const (
	snapshotMagic   = "CNHTSRCH"
	snapshotVersion = 1
	headerSize      = 80
)

// snapshotEvery is how often, at most, a changed index is written again
// while running (and it is written after a full load and at a clean stop).
const snapshotEvery = 10 * time.Minute

var castagnoli = crc32.MakeTable(crc32.Castagnoli)

// fingerprint hashes what the index built from a document depends on in
// the code, besides the document: the format, how text is split and
// folded, the typo deletions, and the sector and industry names indexed
// with each profile.
func fingerprint() [32]byte {
	h := sha256.New()
	fmt.Fprintf(h, "format %d maxNameLen %d\n", snapshotVersion, maxNameLen)
	probe := "Đông Anh ĐẶNG Ơ Ư Â Ê Ô Ă ÀÁẢÃẠ ằắẳẵặ ầấẩẫậ èéẻẽẹ ềếểễệ ìíỉĩị òóỏõọ ồốổỗộ ờớởỡợ ùúủũụ ừứửữự ỳýỷỹỵ " +
		"Cơ khí chính xác, ép-nhựa/CNC 5-axis (ISO 9001:2015) Hà Nội; TCVN3 «Kho¸ng» VNI Nguye^~n 12.5% café naïve"
	fmt.Fprintf(h, "%q %q %q %q\n", words(probe), exactWords(probe), deletions("stamping"), facetTerm(FacetSector, "x"))
	for _, cs := range [][]enterprise.Choice{enterprise.KeySectorChoices(), enterprise.IndustryChoices()} {
		for _, c := range cs {
			fmt.Fprintf(h, "%s\x00%s\x00%s\n", c.Code, c.NameVI, c.NameEN)
		}
	}
	var out [32]byte
	h.Sum(out[:0])
	return out
}

// snapshotPath is the snapshot's file for a database: the name carries the
// database's id, so that databases sharing a directory keep theirs apart.
func snapshotPath(dir, dbID string) string {
	return filepath.Join(dir, "search-"+dbID+".snapshot")
}

// errSnapshot marks a snapshot that cannot be used (missing, corrupt,
// another format or database): the full load is done instead.
var errSnapshot = errors.New("search snapshot unusable")

// SaveSnapshot writes the index, the cards and where the polling stands
// to the snapshot directory, replacing the last snapshot atomically (a
// temporary file, synced, renamed). Refreshes wait while it is encoded
// (not while it reaches the disk); searches do not wait. It does nothing
// without a directory or before the index is loaded.
func (s *Service) SaveSnapshot(ctx context.Context) error {
	if s.snapshotDir == "" || !s.ready.Load() {
		return nil
	}
	if err := os.MkdirAll(s.snapshotDir, 0o755); err != nil {
		return err
	}
	f, err := os.CreateTemp(s.snapshotDir, "search-*.tmp")
	if err != nil {
		return err
	}
	done := false
	defer func() {
		if !done {
			f.Close()
			os.Remove(f.Name())
		}
	}()
	s.write.Lock()
	gen, dbID := s.gen.Load(), s.dbID
	if !s.ready.Load() {
		s.write.Unlock()
		return nil
	}
	if dbID == "" {
		s.write.Unlock()
		return errors.New("search snapshot: the directory was set after the load")
	}
	err = s.encode(f)
	s.write.Unlock()
	if err != nil {
		return err
	}
	if err := f.Sync(); err != nil {
		return err
	}
	if err := f.Close(); err != nil {
		return err
	}
	if err := os.Rename(f.Name(), snapshotPath(s.snapshotDir, dbID)); err != nil {
		return err
	}
	done = true
	if d, err := os.Open(s.snapshotDir); err == nil {
		_ = d.Sync() // the rename itself, on file systems that need it
		d.Close()
	}
	s.savedGen.Store(int64(gen))
	s.savedAt.Store(time.Now().UnixNano())
	return nil
}

// encode writes the snapshot to f. The caller holds s.write, so that no
// refresh changes the index meanwhile.
func (s *Service) encode(f *os.File) error {
	e := &encoder{w: f, syms: map[string]uint64{}}
	if _, err := f.Write(make([]byte, headerSize)); err != nil {
		return err
	}
	// Where the polling stands, and what the snapshot was made from.
	s.mu.RLock()
	e.strs.Grow(len(s.cards) * 400) // about what a profile takes, cards and index
	e.str(s.dbID)
	e.str(s.catalogue)
	e.time(s.since)
	e.uint(uint64(len(s.standards)))
	for k, v := range s.standards {
		e.str(k)
		e.str(v)
	}
	for _, fc := range labelFacets {
		e.uint(uint64(len(s.labels[fc])))
		for k, v := range s.labels[fc] {
			e.str(k)
			e.str(v[0])
			e.str(v[1])
		}
	}
	e.uint(uint64(len(s.shared)))
	for k := range s.shared {
		e.sym(k)
	}
	e.uint(uint64(len(s.cards)))
	for _, c := range s.cards {
		e.card(c)
	}
	e.uint(uint64(len(s.unlisted)))
	for id, at := range s.unlisted {
		e.int(id)
		e.time(at)
	}
	s.mu.RUnlock()
	ixData, ixStrs := e.n, e.strs.Len()
	s.ix.mu.RLock()
	e.index(s.ix)
	s.ix.mu.RUnlock()
	if e.err != nil {
		return e.err
	}
	e.flush()
	e.crc = crc32.Update(e.crc, castagnoli, e.strs.Bytes())
	if _, err := f.Write(e.strs.Bytes()); err != nil {
		return err
	}
	if e.err != nil {
		return e.err
	}
	h := make([]byte, headerSize)
	copy(h, snapshotMagic)
	binary.LittleEndian.PutUint32(h[8:], snapshotVersion)
	fp := fingerprint()
	copy(h[12:44], fp[:])
	binary.LittleEndian.PutUint64(h[44:], uint64(e.n))
	binary.LittleEndian.PutUint64(h[52:], uint64(e.strs.Len()))
	binary.LittleEndian.PutUint32(h[60:], e.crc)
	binary.LittleEndian.PutUint64(h[64:], uint64(ixData))
	binary.LittleEndian.PutUint64(h[72:], uint64(ixStrs))
	_, err := f.WriteAt(h, 0)
	return err
}

// labelFacets are the facets whose values' names the service keeps.
var labelFacets = []string{FacetProduct, FacetProcess, FacetWard, FacetCert}

// encoder writes the data section in chunks (and its checksum), and
// keeps the strings for the section after it.
type encoder struct {
	w    io.Writer
	buf  []byte
	n    int64 // data bytes so far
	crc  uint32
	strs bytes.Buffer
	// syms numbers the strings many cards share (catalogue names, ward
	// names, codes), each written once: a symbol is 0 and the string the
	// first time, its number + 1 afterwards.
	syms map[string]uint64
	err  error
}

func (e *encoder) flush() {
	if e.err == nil && len(e.buf) > 0 {
		_, e.err = e.w.Write(e.buf)
		e.crc = crc32.Update(e.crc, castagnoli, e.buf)
	}
	e.buf = e.buf[:0]
}

func (e *encoder) grow() {
	if len(e.buf) >= 1<<20 {
		e.flush()
	}
}

func (e *encoder) uint(v uint64) {
	e.buf = binary.AppendUvarint(e.buf, v)
	e.n = e.n + int64(uvarintLen(v))
	e.grow()
}

func uvarintLen(v uint64) int {
	n := 1
	for v >= 0x80 {
		v >>= 7
		n++
	}
	return n
}

func (e *encoder) int(v int64) { e.uint(uint64(v<<1) ^ uint64(v>>63)) }

func (e *encoder) bool(b bool) {
	if b {
		e.uint(1)
	} else {
		e.uint(0)
	}
}

// time writes an instant as microseconds, 0 for the zero time (as the
// database stores them).
func (e *encoder) time(t time.Time) {
	if t.IsZero() {
		e.int(0)
		return
	}
	e.int(db.Micros(t))
}

func (e *encoder) str(s string) {
	e.uint(uint64(len(s)))
	e.strs.WriteString(s)
}

func (e *encoder) sym(s string) {
	if n, ok := e.syms[s]; ok {
		e.uint(n + 1)
		return
	}
	e.syms[s] = uint64(len(e.syms))
	e.uint(0)
	e.str(s)
}

func (e *encoder) strs2(ss []string) {
	e.uint(uint64(len(ss)))
	for _, s := range ss {
		e.str(s)
	}
}

func (e *encoder) syms2(ss []string) {
	e.uint(uint64(len(ss)))
	for _, s := range ss {
		e.sym(s)
	}
}

// bitmap writes a bitmap after its length, aligned to 8 bytes.
func (e *encoder) bitmap(b *roaring.Bitmap) {
	size := b.GetSerializedSizeInBytes()
	e.uint(size)
	for e.n%8 != 0 {
		e.buf = append(e.buf, 0)
		e.n++
	}
	before := len(e.buf)
	w := (*appender)(&e.buf)
	if _, err := b.WriteTo(w); err != nil && e.err == nil {
		e.err = err
	}
	if uint64(len(e.buf)-before) != size && e.err == nil {
		e.err = fmt.Errorf("search snapshot: bitmap of %d bytes, %d expected", len(e.buf)-before, size)
	}
	e.n += int64(len(e.buf) - before)
	e.grow()
}

type appender []byte

func (a *appender) Write(p []byte) (int, error) {
	*a = append(*a, p...)
	return len(p), nil
}

func (e *encoder) card(c *Card) {
	e.int(c.ID)
	e.str(c.Name)
	e.str(c.NameEN)
	e.str(c.ShortName)
	e.sym(c.WardCode)
	e.sym(c.WardName)
	e.sym(c.WardNameEN)
	e.uint(uint64(len(c.KeySectors)))
	for _, k := range c.KeySectors {
		e.sym(string(k))
	}
	e.uint(uint64(len(c.Industries)))
	for _, k := range c.Industries {
		e.sym(string(k))
	}
	for _, refs := range [][]enterprise.Ref{c.Products, c.Processes} {
		e.uint(uint64(len(refs)))
		for _, r := range refs {
			e.int(r.ID)
			e.sym(r.Code)
			e.sym(r.NameVI)
			e.sym(r.NameEN)
		}
	}
	e.str(c.Materials)
	e.str(c.Equipment)
	e.str(c.Capacity)
	e.strs2(c.Customers)
	e.sym(c.SizeClass)
	e.sym(string(c.Ownership))
	e.syms2(c.Markets)
	e.bool(c.Verified)
	e.uint(uint64(len(c.certs)))
	for _, x := range c.certs {
		e.sym(x.StandardCode)
		e.sym(x.StandardName)
		e.bool(x.International)
		e.time(x.IssuedOn)
		e.time(x.ExpiresOn)
	}
	e.time(c.updated)
}

// Posting kinds in the snapshot.
const (
	postEmpty = iota
	postOne
	postOneName
	postAll
	postAllName
)

// index writes the index; the caller holds its read lock.
func (e *encoder) index(ix *Index) {
	e.time(ix.day)
	e.uint(uint64(len(ix.ids)))
	prev := int64(0)
	for n, id := range ix.ids {
		e.int(id - prev)
		prev = id
		e.uint(uint64(ix.nameLen[n]))
		e.uint(uint64(len(ix.facets[n])))
		for _, s := range ix.facets[n] {
			e.uint(uint64(ix.facetIDs[s])) // the term: slots are the index's own
		}
	}
	e.bitmap(ix.live)
	for _, b := range ix.lengths {
		e.bitmap(b)
	}
	// The dictionary, by term number.
	text := make([]string, len(ix.post))
	for t, n := range ix.terms {
		text[n] = t
	}
	e.uint(uint64(len(ix.post)))
	for n := range ix.post {
		p := &ix.post[n]
		e.str(text[n])
		word := uint64(0)
		if ix.words[n] != "" {
			word = 1
		}
		switch {
		case p.all != nil && p.name != nil:
			e.uint(postAllName<<1 | word)
			e.bitmap(p.all)
			e.bitmap(p.name)
		case p.all != nil:
			e.uint(postAll<<1 | word)
			e.bitmap(p.all)
		case p.has && p.oneName:
			e.uint(postOneName<<1 | word)
			e.uint(uint64(p.one))
		case p.has:
			e.uint(postOne<<1 | word)
			e.uint(uint64(p.one))
		default:
			e.uint(postEmpty<<1 | word)
		}
	}
	e.uint(uint64(len(ix.deletes)))
	for d, ns := range ix.deletes {
		e.str(d)
		e.uint(uint64(len(ns)))
		for _, n := range ns {
			e.uint(uint64(n))
		}
	}
	e.uint(uint64(len(ix.exact)))
	for w, b := range ix.exact {
		e.str(w)
		e.bitmap(b)
	}
	e.uint(uint64(len(ix.certs)))
	for n, cs := range ix.certs {
		e.uint(uint64(n))
		e.uint(uint64(len(cs)))
		for _, c := range cs {
			e.str(c.Standard)
			e.bool(c.International)
			e.time(c.IssuedOn)
			e.time(c.ExpiresOn)
		}
	}
}

// snapshot is a snapshot read back, not yet installed.
type snapshot struct {
	dbID, catalogue string
	since           time.Time
	standards       map[string]string
	labels          map[string]map[string][2]string
	shared          map[string]string
	cards           map[int64]*Card
	unlisted        map[int64]time.Time
	ix              indexState
}

// indexState is the contents of an Index.
type indexState struct {
	ids       []int64
	byID      map[int64]uint32
	live      *roaring.Bitmap
	terms     map[string]uint32
	post      []posting
	words     []string
	deletes   map[string][]uint32
	exact     map[string]*roaring.Bitmap
	nameLen   []uint8
	facets    [][]uint32
	certs     map[uint32][]Cert
	day       time.Time
	lengths   [maxNameLen + 1]*roaring.Bitmap
	facetIDs  []uint32
	facetSlot map[uint32]uint32
	facetKeys []facetKey
}

// readSnapshot reads and checks a snapshot file.
func readSnapshot(path string) (sn *snapshot, err error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	h := make([]byte, headerSize)
	if _, err := io.ReadFull(f, h); err != nil {
		return nil, fmt.Errorf("%w: header: %v", errSnapshot, err)
	}
	if string(h[:8]) != snapshotMagic {
		return nil, fmt.Errorf("%w: not a snapshot", errSnapshot)
	}
	if v := binary.LittleEndian.Uint32(h[8:]); v != snapshotVersion {
		return nil, fmt.Errorf("%w: format %d, this build reads %d", errSnapshot, v, snapshotVersion)
	}
	if fp := fingerprint(); !bytes.Equal(h[12:44], fp[:]) {
		return nil, fmt.Errorf("%w: made by a build that indexes differently", errSnapshot)
	}
	dataLen, strLen := binary.LittleEndian.Uint64(h[44:]), binary.LittleEndian.Uint64(h[52:])
	ixData, ixStrs := binary.LittleEndian.Uint64(h[64:]), binary.LittleEndian.Uint64(h[72:])
	if st, err := f.Stat(); err != nil || uint64(st.Size()) != headerSize+dataLen+strLen {
		return nil, fmt.Errorf("%w: truncated or extended", errSnapshot)
	}
	data := make([]byte, dataLen)
	if _, err := io.ReadFull(f, data); err != nil {
		return nil, fmt.Errorf("%w: %v", errSnapshot, err)
	}
	crc := crc32.Update(0, castagnoli, data)
	// The strings are read into a Builder, whose String makes no copy:
	// every string of the cards and the dictionary is a slice of it.
	var sb strings.Builder
	sb.Grow(int(strLen))
	cw := &crcWriter{crc: crc}
	if _, err := io.CopyN(&sb, io.TeeReader(f, cw), int64(strLen)); err != nil {
		return nil, fmt.Errorf("%w: %v", errSnapshot, err)
	}
	strs := sb.String()
	if cw.crc != binary.LittleEndian.Uint32(h[60:]) {
		return nil, fmt.Errorf("%w: checksum", errSnapshot)
	}
	if ixData > dataLen || ixStrs > strLen {
		return nil, fmt.Errorf("%w: bad header", errSnapshot)
	}
	// What is decoded is kept: no collection meanwhile.
	defer debug.SetGCPercent(debug.SetGCPercent(-1))
	// The cards here, the index beside.
	ixc := make(chan error, 1)
	var ix indexState
	go func() {
		ixc <- decode(&decoder{b: data, p: int(ixData), s: strs, sp: int(ixStrs)}, func(d *decoder) { d.index(&ix) })
	}()
	err = decode(&decoder{b: data[:ixData], s: strs[:ixStrs]}, func(d *decoder) { sn = d.snapshot() })
	if ixErr := <-ixc; err == nil {
		err = ixErr
	}
	if err != nil {
		return nil, err
	}
	sn.ix = ix
	return sn, nil
}

// decode runs f over d's part, and checks it read it all; a part that
// does not parse (which only a bug does to a file whose checksum holds)
// is an error, not a panic.
func decode(d *decoder, f func(d *decoder)) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("%w: %v", errSnapshot, r)
		}
	}()
	f(d)
	if d.p != len(d.b) || d.sp != len(d.s) {
		return fmt.Errorf("%w: %d data and %d string bytes left over", errSnapshot, len(d.b)-d.p, len(d.s)-d.sp)
	}
	return nil
}

// crcWriter sums up what goes through it.
type crcWriter struct{ crc uint32 }

func (w *crcWriter) Write(p []byte) (int, error) {
	w.crc = crc32.Update(w.crc, castagnoli, p)
	return len(p), nil
}

// decoder reads the data section; it panics on data that does not parse
// (readSnapshot recovers), which a snapshot whose checksum holds only
// does through a bug.
type decoder struct {
	b    []byte
	p    int
	s    string
	sp   int
	syms []string
}

func (d *decoder) uint() uint64 {
	v, n := binary.Uvarint(d.b[d.p:])
	if n <= 0 {
		panic("bad varint")
	}
	d.p += n
	return v
}

// count reads a number of things each taking a byte at least.
func (d *decoder) count() int {
	v := d.uint()
	if v > uint64(len(d.b)-d.p)+uint64(len(d.s)-d.sp) {
		panic("count past the end")
	}
	return int(v)
}

func (d *decoder) int() int64 {
	v := d.uint()
	return int64(v>>1) ^ -int64(v&1)
}

func (d *decoder) bool() bool { return d.uint() != 0 }

func (d *decoder) time() time.Time { return db.FromMicros(d.int()) }

func (d *decoder) str() string {
	n := int(d.uint())
	x := d.s[d.sp : d.sp+n]
	d.sp += n
	return x
}

func (d *decoder) sym() string {
	n := d.uint()
	if n == 0 {
		x := d.str()
		d.syms = append(d.syms, x)
		return x
	}
	return d.syms[n-1]
}

// bitmap reads a bitmap in place: it is copied on its first write.
func (d *decoder) bitmap() *roaring.Bitmap {
	n := int(d.uint())
	for d.p%8 != 0 {
		d.p++
	}
	b := roaring.New()
	if _, err := b.FromBuffer(d.b[d.p : d.p+n : d.p+n]); err != nil {
		panic(err)
	}
	d.p += n
	return b
}

func (d *decoder) snapshot() *snapshot {
	sn := &snapshot{standards: map[string]string{}, labels: map[string]map[string][2]string{}, shared: map[string]string{}}
	sn.dbID = d.str()
	sn.catalogue = d.str()
	sn.since = d.time()
	for range d.count() {
		k := d.str()
		sn.standards[k] = d.str()
	}
	for _, fc := range labelFacets {
		n := d.count()
		m := make(map[string][2]string, n)
		for range n {
			k := d.str()
			m[k] = [2]string{d.str(), d.str()}
		}
		sn.labels[fc] = m
	}
	for range d.count() {
		x := d.sym()
		sn.shared[x] = x
	}
	d.cards(sn)
	n := d.count()
	sn.unlisted = make(map[int64]time.Time, n)
	for range n {
		id := d.int()
		sn.unlisted[id] = d.time()
	}
	return sn
}

// cards reads the cards into a few large arrays: a million small
// allocations would take longer than the rest of the load.
func (d *decoder) cards(sn *snapshot) {
	n := d.count()
	all := make([]Card, n)
	sn.cards = make(map[int64]*Card, n)
	var refs []enterprise.Ref
	var strs []string
	var sectors []enterprise.KeySector
	var industries []enterprise.Industry
	var certs []enterprise.SearchCert
	for i := range all {
		c := &all[i]
		c.ID = d.int()
		c.Name, c.NameEN, c.ShortName = d.str(), d.str(), d.str()
		c.WardCode, c.WardName, c.WardNameEN = d.sym(), d.sym(), d.sym()
		if k := d.count(); k > 0 {
			sectors = arena(sectors, k)
			for range k {
				sectors = append(sectors, enterprise.KeySector(d.sym()))
			}
			c.KeySectors = sectors[len(sectors)-k : len(sectors) : len(sectors)]
		}
		if k := d.count(); k > 0 {
			industries = arena(industries, k)
			for range k {
				industries = append(industries, enterprise.Industry(d.sym()))
			}
			c.Industries = industries[len(industries)-k : len(industries) : len(industries)]
		}
		for _, dst := range []*[]enterprise.Ref{&c.Products, &c.Processes} {
			if k := d.count(); k > 0 {
				refs = arena(refs, k)
				for range k {
					refs = append(refs, enterprise.Ref{ID: d.int(), Code: d.sym(), NameVI: d.sym(), NameEN: d.sym()})
				}
				*dst = refs[len(refs)-k : len(refs) : len(refs)]
			}
		}
		c.Materials, c.Equipment, c.Capacity = d.str(), d.str(), d.str()
		if k := d.count(); k > 0 {
			strs = arena(strs, k)
			for range k {
				strs = append(strs, d.str())
			}
			c.Customers = strs[len(strs)-k : len(strs) : len(strs)]
		}
		c.SizeClass = d.sym()
		c.Ownership = enterprise.Ownership(d.sym())
		if k := d.count(); k > 0 {
			strs = arena(strs, k)
			for range k {
				strs = append(strs, d.sym())
			}
			c.Markets = strs[len(strs)-k : len(strs) : len(strs)]
		}
		c.Verified = d.bool()
		if k := d.count(); k > 0 {
			certs = arena(certs, k)
			for range k {
				certs = append(certs, enterprise.SearchCert{StandardCode: d.sym(), StandardName: d.sym(), International: d.bool(), IssuedOn: d.time(), ExpiresOn: d.time()})
			}
			c.certs = certs[len(certs)-k : len(certs) : len(certs)]
		}
		c.updated = d.time()
		sn.cards[c.ID] = c
	}
}

// arena makes room for k more elements in a, starting a new block when a
// is full: the slices handed out of the old one keep it.
func arena[T any](a []T, k int) []T {
	if len(a)+k <= cap(a) {
		return a
	}
	return make([]T, 0, max(k, 1<<16))
}

func (d *decoder) index(ix *indexState) {
	ix.day = d.time()
	n := d.count()
	ix.ids = make([]int64, n)
	ix.byID = make(map[int64]uint32, n)
	ix.nameLen = make([]uint8, n)
	ix.facets = make([][]uint32, n)
	var vals []uint32
	prev := int64(0)
	for i := range n {
		id := prev + d.int()
		prev = id
		ix.ids[i] = id
		ix.byID[id] = uint32(i)
		ix.nameLen[i] = uint8(d.uint())
		if k := d.count(); k > 0 {
			vals = arena(vals, k)
			for range k {
				vals = append(vals, uint32(d.uint()))
			}
			ix.facets[i] = vals[len(vals)-k : len(vals) : len(vals)]
		}
	}
	ix.live = d.bitmap()
	for i := range ix.lengths {
		ix.lengths[i] = d.bitmap()
	}
	nt := d.count()
	ix.terms = make(map[string]uint32, nt)
	ix.post = make([]posting, nt)
	ix.words = make([]string, nt)
	ix.facetSlot = map[uint32]uint32{}
	for t := range nt {
		text := d.str()
		ix.terms[text] = uint32(t)
		kind := d.uint()
		if kind&1 != 0 {
			ix.words[t] = text
		}
		if len(text) > 0 && text[0] == 1 {
			f, v, _ := strings.Cut(text[1:], "=")
			ix.facetSlot[uint32(t)] = uint32(len(ix.facetIDs))
			ix.facetIDs = append(ix.facetIDs, uint32(t))
			ix.facetKeys = append(ix.facetKeys, facetKey{f, v})
		}
		p := &ix.post[t]
		switch kind >> 1 {
		case postEmpty:
		case postOne, postOneName:
			p.one, p.has, p.oneName = uint32(d.uint()), true, kind>>1 == postOneName
		case postAll:
			p.all = d.bitmap()
		case postAllName:
			p.all, p.name = d.bitmap(), d.bitmap()
		default:
			panic("bad posting kind")
		}
	}
	// The documents' facet values were read as terms: their slots.
	top := uint32(0)
	for _, t := range ix.facetIDs {
		top = max(top, t+1)
	}
	slot := make([]uint32, top)
	for s, t := range ix.facetIDs {
		slot[t] = uint32(s) + 1
	}
	for _, vs := range ix.facets {
		for i, t := range vs {
			if t >= top || slot[t] == 0 {
				panic("bad facet value")
			}
			vs[i] = slot[t] - 1
		}
	}
	nd := d.count()
	ix.deletes = make(map[string][]uint32, nd)
	for range nd {
		k := d.str()
		m := d.count()
		vals = arena(vals, m)
		for range m {
			vals = append(vals, uint32(d.uint()))
		}
		ix.deletes[k] = vals[len(vals)-m : len(vals) : len(vals)]
	}
	ne := d.count()
	ix.exact = make(map[string]*roaring.Bitmap, ne)
	for range ne {
		k := d.str()
		ix.exact[k] = d.bitmap()
	}
	nc := d.count()
	ix.certs = make(map[uint32][]Cert, nc)
	for range nc {
		k := uint32(d.uint())
		cs := make([]Cert, d.count())
		for i := range cs {
			cs[i] = Cert{Standard: d.str(), International: d.bool(), IssuedOn: d.time(), ExpiresOn: d.time()}
		}
		ix.certs[k] = cs
	}
}

// install makes the index hold st (under its write lock); searches then
// see it whole.
func (ix *Index) install(st *indexState) {
	ix.mu.Lock()
	ix.ids, ix.byID, ix.live, ix.terms, ix.post, ix.words = st.ids, st.byID, st.live, st.terms, st.post, st.words
	ix.deletes, ix.exact, ix.nameLen, ix.facets, ix.certs, ix.day = st.deletes, st.exact, st.nameLen, st.facets, st.certs, st.day
	ix.lengths, ix.facetIDs, ix.facetSlot, ix.facetKeys = st.lengths, st.facetIDs, st.facetSlot, st.facetKeys
	ix.folded, ix.sorted, ix.scratch = map[string][]string{}, nil, nil
	ix.unsorted.Store(true)
	ix.mu.Unlock()
	ix.sortWords()
}

// reset empties the index.
func (ix *Index) reset(day time.Time) {
	e := New(day)
	ix.install(&indexState{ids: e.ids, byID: e.byID, live: e.live, terms: e.terms, post: e.post, words: e.words, deletes: e.deletes,
		exact: e.exact, nameLen: e.nameLen, facets: e.facets, certs: e.certs, day: e.day, lengths: e.lengths, facetIDs: e.facetIDs, facetSlot: e.facetSlot, facetKeys: e.facetKeys})
}
