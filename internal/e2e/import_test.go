package e2e

import (
	"bufio"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"cnht/internal/vn"
)

// importFile writes a CSV of n enterprises with valid tax codes.
func importFile(t *testing.T, n int) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "danh-sach-doanh-nghiep.csv")
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	w := bufio.NewWriter(f)
	fmt.Fprintln(w, "Mã số thuế,Tên doanh nghiệp,Phường/Xã,Số lao động")
	seq := 0
	for i := range n {
		for {
			seq++
			p := fmt.Sprintf("01%07d", 5_000_000+seq)
			if c, ok := vn.TaxCheckDigit(p); ok {
				fmt.Fprintf(w, "%s%c,Công ty TNHH Nhập Khẩu Số %d,Xã Đông Anh,%d\n", p, c, i+1, 10+i%500)
				break
			}
		}
	}
	if err := w.Flush(); err != nil {
		t.Fatal(err)
	}
	f.Close()
	return path
}

func countRows(t *testing.T, dbPath, table string) int {
	t.Helper()
	d := openDB(t, dbPath)
	defer d.Close()
	var ok string
	if err := d.QueryRowContext(context.Background(), "PRAGMA integrity_check").Scan(&ok); err != nil || ok != "ok" {
		t.Fatalf("integrity_check: %q %v", ok, err)
	}
	var n int
	if err := d.QueryRowContext(context.Background(), "SELECT COUNT(*) FROM "+table).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

// TestImportCLI: a dry run writes nothing; SIGKILL in the middle of a
// confirmed import leaves no imported row behind; the import then runs
// whole, and the same file again changes nothing.
func TestImportCLI(t *testing.T) {
	const n = 20_000
	dbPath := filepath.Join(t.TempDir(), "import.db")
	runCLI(t, "migrate", "-db", dbPath)
	file := importFile(t, n)

	out := runCLI(t, "import", file, "--dry-run", "-db", dbPath)
	if !strings.Contains(out, "Chạy thử") || !strings.Contains(out, "Thêm mới 20.000") {
		t.Fatalf("dry run said:\n%s", out)
	}
	if c := countRows(t, dbPath, "enterprises"); c != 0 {
		t.Fatalf("a dry run wrote %d enterprises", c)
	}

	// Kill the import as soon as it starts writing.
	cmd := exec.Command(binary(t), "import", file, "-db", dbPath)
	cmd.Env = cleanEnv()
	stderr, err := cmd.StderrPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	writing := make(chan struct{})
	go func() {
		r := bufio.NewReader(stderr)
		var seen strings.Builder
		for {
			b, err := r.ReadByte()
			if err != nil {
				return
			}
			seen.WriteByte(b)
			if strings.Contains(seen.String(), fmt.Sprintf("/%d", n)) {
				close(writing)
				_, _ = r.WriteTo(new(strings.Builder))
				return
			}
		}
	}()
	select {
	case <-writing:
	case <-time.After(60 * time.Second):
		_ = cmd.Process.Kill()
		t.Fatal("the import never started writing")
	}
	time.Sleep(50 * time.Millisecond)
	if err := cmd.Process.Kill(); err != nil {
		t.Fatal(err)
	}
	_ = cmd.Wait()
	if c := countRows(t, dbPath, "enterprises"); c != 0 {
		t.Fatalf("a killed import left %d enterprises", c)
	}
	if c := countRows(t, dbPath, "imports"); c != 0 {
		t.Fatalf("a killed import left its file (%d imports)", c)
	}

	out = runCLI(t, "import", file, "-db", dbPath)
	if !strings.Contains(out, "Thêm mới 20.000") {
		t.Fatalf("import said:\n%s", out)
	}
	if c := countRows(t, dbPath, "enterprises"); c != n {
		t.Fatalf("%d enterprises after the import, want %d", c, n)
	}
	// The file is kept, and the import's one audit entry names it.
	if c := countRows(t, dbPath, "imports"); c != 1 {
		t.Fatalf("%d imports kept after the import, want its file", c)
	}
	if c := countRows(t, dbPath, "audit_log WHERE entity = 'import'"); c != 1 {
		t.Fatalf("%d import entries in the audit trail, want one", c)
	}
	if c := countRows(t, dbPath, "audit_log"); c > 100 {
		t.Fatalf("%d audit entries after importing %d enterprises, want the import's one", c, n)
	}
	out = runCLI(t, "import", file, "-db", dbPath, "--lang", "en")
	if !strings.Contains(out, "Created 0, updated 0, unchanged 20,000") {
		t.Fatalf("the second import said:\n%s", out)
	}
	if c := countRows(t, dbPath, "enterprises"); c != n {
		t.Fatalf("%d enterprises after importing twice", c)
	}
	runCLI(t, "audit", "verify", "-db", dbPath)

	// The export of what was imported imports again with no change.
	exported := filepath.Join(t.TempDir(), "xuat.xlsx")
	runCLI(t, "export", "--format", "xlsx", "--out", exported, "-db", dbPath)
	out = runCLI(t, "import", exported, "--dry-run", "-db", dbPath)
	if !strings.Contains(out, "không đổi 20.000") {
		t.Fatalf("re-importing the export said:\n%s", out)
	}
}
