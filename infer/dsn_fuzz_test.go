package infer

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/tend-dev/tend/model"
)

// FuzzParseEvidence checks that no message start makes ParseEvidence panic
// or invent an evidence without an address.
func FuzzParseEvidence(f *testing.F) {
	files, _ := filepath.Glob(filepath.Join("testdata", "evidence", "*.eml"))
	for _, name := range files {
		raw, err := os.ReadFile(name)
		if err != nil {
			f.Fatal(err)
		}
		h, b, _ := strings.Cut(string(raw), "\n\n")
		f.Add(h+"\n", b)
	}
	f.Fuzz(func(t *testing.T, header, body string) {
		for _, class := range []model.Class{model.Bounce, model.AutoReply} {
			for _, ev := range ParseEvidence(class, []byte(header), []byte(body)) {
				if !strings.Contains(ev.Address, "@") || ev.Kind == "" {
					t.Fatalf("bad evidence %+v", ev)
				}
			}
		}
	})
}
