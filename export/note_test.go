package export

import (
	"bytes"
	"encoding/csv"
	"testing"

	"github.com/tend-dev/tend/scoring"
)

// TestNoteColumn: the user's note is the last CSV column, quoted when it
// holds commas, quotes or line breaks, and neutralised when a spreadsheet
// would run it as a formula.
func TestNoteColumn(t *testing.T) {
	tests := []struct {
		name, note, want string
	}{
		{"plain", "met at SaaStr", "met at SaaStr"},
		{"quotes and lines", "likes \"dry\" wine,\nkids: Tom", "likes \"dry\" wine,\nkids: Tom"},
		{"formula", "=HYPERLINK(\"http://x\")", "'=HYPERLINK(\"http://x\")"},
		{"empty", "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var b bytes.Buffer
			if err := WriteCSV(&b, []scoring.Result{{Name: "Ada", Email: "ada@x.test", Note: tt.note}}, CSVOptions{}); err != nil {
				t.Fatal(err)
			}
			rows, err := csv.NewReader(&b).ReadAll()
			if err != nil {
				t.Fatal(err)
			}
			head, row := rows[0], rows[1]
			if head[len(head)-1] != "note" || len(row) != len(head) {
				t.Fatalf("header %v, row %v", head, row)
			}
			if got := row[len(row)-1]; got != tt.want {
				t.Errorf("note cell = %q, want %q", got, tt.want)
			}
		})
	}
}
