package importer

import (
	"bytes"
	"testing"
)

// TestPackContent: a large kept file round-trips through gzip; a small
// one is stored as it is, even when it begins like gzip; a packed file
// that does not give back its recorded size is an error, not a guess.
func TestPackContent(t *testing.T) {
	big := bytes.Repeat([]byte("0100233488,Công ty TNHH Cơ khí Hòa Bình\n"), 60_000)
	packed, err := packContent(big)
	if err != nil {
		t.Fatal(err)
	}
	if len(packed) >= len(big)/3 || !bytes.HasPrefix(packed, gzipMagic) {
		t.Fatalf("packed %d bytes into %d", len(big), len(packed))
	}
	back, err := unpackContent(packed, int64(len(big)))
	if err != nil || !bytes.Equal(back, big) {
		t.Fatalf("unpacked %d bytes, %v", len(back), err)
	}
	if _, err := unpackContent(packed, int64(len(big))-1); err == nil {
		t.Error("a packed file longer than its recorded size was read")
	}
	odd := append([]byte{0x1f, 0x8b}, "not gzip"...)
	if got, err := unpackContent(odd, int64(len(odd))); err != nil || !bytes.Equal(got, odd) {
		t.Errorf("a small file beginning like gzip came back as %q, %v", got, err)
	}
	if small, _ := packContent(odd); !bytes.Equal(small, odd) {
		t.Error("a small file was packed")
	}
}
