package app_test

import (
	"bufio"
	"os"
	"os/exec"
	"strings"
	"testing"
)

// TestDependencyRule checks every import of every cnht package against the
// layers declared in ARCHITECTURE.md: a package may import lower layers
// and the packages of its own layer listed before it.
func TestDependencyRule(t *testing.T) {
	rank := readLayers(t, "../../ARCHITECTURE.md")
	out, err := exec.Command("go", "list", "-f", `{{.ImportPath}}{{range .Imports}} {{.}}{{end}}`, "cnht/...").Output()
	if err != nil {
		t.Fatalf("go list: %v", err)
	}
	sc := bufio.NewScanner(strings.NewReader(string(out)))
	checked := 0
	for sc.Scan() {
		fields := strings.Fields(sc.Text())
		pkg := short(fields[0])
		from, ok := rank[pkg]
		if !ok {
			t.Errorf("package %s is not placed in ARCHITECTURE.md's layers block", pkg)
			continue
		}
		for _, imp := range fields[1:] {
			if !strings.HasPrefix(imp, "cnht/") {
				continue
			}
			to, ok := rank[short(imp)]
			if !ok {
				continue // reported on its own line
			}
			checked++
			if to >= from {
				t.Errorf("%s imports %s, which its layer may not import (ARCHITECTURE.md)", pkg, short(imp))
			}
		}
	}
	if checked < 20 {
		t.Fatalf("only %d imports checked: the rule is not being applied", checked)
	}
}

func short(importPath string) string {
	return strings.TrimPrefix(strings.TrimPrefix(importPath, "cnht/"), "internal/")
}

// readLayers gives each package a rank: layer number × 1000 + position in
// its layer, so that "lower layer, or earlier in the same layer" is "<".
func readLayers(t *testing.T, path string) map[string]int {
	t.Helper()
	src, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	_, block, ok := strings.Cut(string(src), "```layers\n")
	if !ok {
		t.Fatal("ARCHITECTURE.md has no ```layers block")
	}
	block, _, _ = strings.Cut(block, "```")
	rank := map[string]int{}
	for i, line := range strings.Split(strings.TrimSpace(block), "\n") {
		_, pkgs, _ := strings.Cut(line, ":")
		for j, p := range strings.Fields(pkgs) {
			rank[p] = i*1000 + j
		}
	}
	return rank
}
