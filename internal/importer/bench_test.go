package importer_test

import (
	"bufio"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"runtime/metrics"
	"strconv"
	"strings"
	"testing"
	"time"

	"cnht/internal/actor"
	"cnht/internal/db"
	"cnht/internal/db/dbtest"
	"cnht/internal/enterprise"
	"cnht/internal/importer"
	"cnht/internal/vn"
)

// benchCSV writes n enterprises with valid tax codes, Vietnamese names,
// 2025 wards, phones and Vietnamese numbers.
func benchCSV(b *testing.B, n int) string { return benchCSVFrom(b, n, 0, "Công ty TNHH %s %s %d") }

// benchCSVFrom writes n enterprises whose tax codes start after the
// first `from`, named by pattern (kind, brand, number).
func benchCSVFrom(b *testing.B, n, from int, pattern string) string {
	b.Helper()
	path := filepath.Join(b.TempDir(), fmt.Sprintf("import-%d.csv", from))
	f, err := os.Create(path)
	if err != nil {
		b.Fatal(err)
	}
	w := bufio.NewWriterSize(f, 1<<20)
	kinds := []string{"Cơ khí Chính xác", "Nhựa Kỹ thuật", "Dệt may", "Linh kiện Điện tử", "Khuôn mẫu", "Bao bì"}
	brands := []string{"Thành Công", "Hòa Bình", "Việt Nhật", "Đông Á", "Thăng Long", "Hồng Hà", "Sao Mai", "Tân Phát"}
	wards := []string{"Xã Đông Anh", "Phường Hoàn Kiếm", "Xã Sóc Sơn", "Phường Cầu Giấy", "Xã Thạch Thất", "Phường Hà Đông"}
	fmt.Fprintln(w, "Mã số thuế,Tên doanh nghiệp,Địa chỉ,Phường/Xã,Điện thoại,Số lao động,Vốn điều lệ (đồng),Năm thành lập")
	seq := from
	for i := 0; i < n; {
		seq++
		p := fmt.Sprintf("01%07d", 2_000_000+seq)
		c, ok := vn.TaxCheckDigit(p)
		if !ok {
			continue
		}
		fmt.Fprintf(w, "%s%c,\""+pattern+"\",\"Số %d đường Số %d\",%s,024 %04d %04d,\"%s\",\"%s\",%d\n", p, c,
			kinds[i%len(kinds)], brands[i%len(brands)], from+i, 1+i%300, 1+i%50, wards[i%len(wards)], 1000+i%9000, 1000+(i*7)%9000,
			vn.FormatInt(int64(5+i%2000)), vn.FormatInt(int64(1+i%500)*100_000_000), 1990+i%35)
		i++
	}
	if err := w.Flush(); err != nil {
		b.Fatal(err)
	}
	f.Close()
	return path
}

// BenchmarkImport imports a CSV of CNHT_BENCH_IMPORT_N enterprises (20,000
// by default) — read, repaired, validated, matched against a registry of
// 10,000 enterprises loaded before, written with the import's audit entry
// in one transaction — into a fresh SQLite and PostgreSQL database, and,
// in the same run, loads the same file with the databases' own bulk
// loaders (sqlite3 .import, psql \copy) when those programs are
// installed: into a plain table, and into a table carrying indexes like
// the registry's (a unique tax code, the name, four filters each with the
// name, two more). Each reports rows/s; the import also what it allocates
// a row and its peak heap in MB (the file's bytes, read before, included).
//
//	make bench BENCH=Import PKG=./internal/importer/ BENCHTIME=1x
func BenchmarkImport(b *testing.B) {
	n := 20_000
	if v, err := strconv.Atoi(os.Getenv("CNHT_BENCH_IMPORT_N")); err == nil && v > 0 {
		n = v
	}
	path := benchCSV(b, n)
	const seedN = 10_000
	seed := benchCSVFrom(b, seedN, 5_000_000, "Công ty Cổ phần %[4]s %[3]s số %[5]d")
	u, err := units()
	if err != nil {
		b.Fatal(err)
	}
	lim := importer.DefaultLimits()
	lim.MaxBytes, lim.MaxRows = 4<<30, 2*n
	for _, dialect := range []string{"sqlite", "postgres"} {
		b.Run("cnht/"+dialect, func(b *testing.B) {
			for b.Loop() {
				b.StopTimer()
				var d *db.DB
				if dialect == "sqlite" {
					d = dbtest.SQLite(b)
				} else {
					d = dbtest.Postgres(b)
				}
				s := enterprise.NewService(d, u, enterprise.Options{})
				officer := actor.NewContext(context.Background(), actor.Actor{UserID: 2, OrgID: 1, Role: actor.Officer, Email: "canbo@sct.hanoi.gov.vn"})
				if seeded, err := importPath(officer, s, u, seed, lim); err != nil || seeded.Creates != seedN {
					b.Fatalf("seeding the registry: %v, %d created: %+v", err, seeded.Creates, seeded.Outcomes[:min(2, len(seeded.Outcomes))])
				}
				runtime.GC()
				var before runtime.MemStats
				runtime.ReadMemStats(&before)
				b.StartTimer()
				start := time.Now()
				f, err := os.Open(path)
				if err != nil {
					b.Fatal(err)
				}
				data, err := importer.ReadAll(f, lim)
				f.Close()
				if err != nil {
					b.Fatal(err)
				}
				file, err := importer.Open(data, lim)
				if err != nil {
					b.Fatal(err)
				}
				_, rows := importer.Converter{Units: u, Province: "01", Today: s.Today()}.Stream(file, importer.Options{})
				stop := peakHeap()
				plan, err := s.ApplyImport(officer, enterprise.ImportSource{Filename: "bench.csv", Rows: file.Count}, rows, nil)
				peak := stop()
				if err != nil {
					b.Fatal(err)
				}
				took := time.Since(start)
				b.StopTimer()
				var after runtime.MemStats
				runtime.ReadMemStats(&after)
				if plan.Creates != n {
					b.Fatalf("%d created of %d", plan.Creates, n)
				}
				b.ReportMetric(float64(n)/took.Seconds(), "rows/s")
				b.ReportMetric(float64(after.TotalAlloc-before.TotalAlloc)/float64(n)/1024, "KB-alloc/row")
				b.ReportMetric(float64(peak)/(1<<20), "MB-peak-heap")
				b.StartTimer()
			}
		})
	}
	const plain = "CREATE TABLE t (tax_code TEXT, name TEXT, street TEXT, ward TEXT, phone TEXT, employees TEXT, capital TEXT, founded TEXT);\n"
	const indexed = plain + `CREATE UNIQUE INDEX t_tax ON t (tax_code); CREATE INDEX t_name ON t (name); CREATE INDEX t_ward ON t (ward, name);
CREATE INDEX t_employees ON t (employees, name); CREATE INDEX t_capital ON t (capital, name); CREATE INDEX t_founded ON t (founded, name);
CREATE INDEX t_street ON t (street); CREATE INDEX t_phone ON t (phone);
`
	for _, loader := range []struct{ name, schema string }{{"", plain}, {"-indexed", indexed}} {
		b.Run("sqlite3-import"+loader.name, func(b *testing.B) {
			bin, err := exec.LookPath("sqlite3")
			if err != nil {
				b.Skip("sqlite3 not installed")
			}
			for b.Loop() {
				dbPath := filepath.Join(b.TempDir(), "plain.db")
				// A generous page cache (cnht's connections have 32 MB):
				// the loader is not held back by its default of 2 MB.
				script := "PRAGMA cache_size = -524288;\n" + loader.schema + ".mode csv\n.import --skip 1 " + path + " t\n"
				cmd := exec.Command(bin, dbPath)
				cmd.Stdin = stringsReader(script)
				start := time.Now()
				if out, err := cmd.CombinedOutput(); err != nil {
					b.Fatalf("sqlite3: %v %s", err, out)
				}
				b.ReportMetric(float64(n)/time.Since(start).Seconds(), "rows/s")
			}
		})
		b.Run("psql-copy"+loader.name, func(b *testing.B) {
			bin, err := exec.LookPath("psql")
			if err != nil {
				b.Skip("psql not installed")
			}
			url := dbtest.PostgresURL(b)
			for b.Loop() {
				script := "DROP TABLE IF EXISTS t; " + loader.schema + "\\copy t FROM '" + path + "' WITH (FORMAT csv, HEADER true)\n"
				cmd := exec.Command(bin, url, "-q", "-v", "ON_ERROR_STOP=1")
				cmd.Stdin = stringsReader(script)
				start := time.Now()
				if out, err := cmd.CombinedOutput(); err != nil {
					b.Fatalf("psql: %v %s", err, out)
				}
				b.ReportMetric(float64(n)/time.Since(start).Seconds(), "rows/s")
			}
		})
	}
}

// importPath imports the CSV at path into s at once.
func importPath(ctx context.Context, s *enterprise.Service, u *vn.Units, path string, lim importer.Limits) (enterprise.ImportPlan, error) {
	f, err := os.Open(path)
	if err != nil {
		return enterprise.ImportPlan{}, err
	}
	defer f.Close()
	data, err := importer.ReadAll(f, lim)
	if err != nil {
		return enterprise.ImportPlan{}, err
	}
	file, err := importer.Open(data, lim)
	if err != nil {
		return enterprise.ImportPlan{}, err
	}
	_, rows := importer.Converter{Units: u, Province: "01", Today: s.Today()}.Stream(file, importer.Options{})
	return s.ApplyImport(ctx, enterprise.ImportSource{Filename: filepath.Base(path), Rows: file.Count}, rows, nil)
}

// peakHeap samples the heap in use every 20 ms until the returned func is
// called, which returns the most seen.
func peakHeap() func() uint64 {
	done := make(chan struct{})
	out := make(chan uint64)
	go func() {
		var peak uint64
		sample := []metrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}}
		t := time.NewTicker(20 * time.Millisecond)
		defer t.Stop()
		for {
			metrics.Read(sample)
			peak = max(peak, sample[0].Value.Uint64())
			select {
			case <-done:
				out <- peak
				return
			case <-t.C:
			}
		}
	}()
	return func() uint64 { close(done); return <-out }
}

func stringsReader(s string) *strings.Reader { return strings.NewReader(s) }
