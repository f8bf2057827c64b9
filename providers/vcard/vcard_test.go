package vcard

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/tend-dev/tend/model"
)

func TestParseExports(t *testing.T) {
	tests := []struct {
		name, file string
		notes      bool
		want       []string // one line per card: name|emails|org|moments|note
	}{
		{"Google Contacts", "google.vcf", false, []string{
			"Ann Example|ann@acme.test ann.example@gmail.test|Acme Corp|birthday 4/12/1985|",
			"Bob Buyer|bob@buyer.test||birthday 7/4/0|",
		}},
		{"Google Contacts with notes", "google.vcf", true, []string{
			"Ann Example|ann@acme.test ann.example@gmail.test|Acme Corp|birthday 4/12/1985|Met at SaaStr 2024. Two kids, loves sailing.",
			"Bob Buyer|bob@buyer.test||birthday 7/4/0|",
		}},
		{"Outlook vCard 2.1", "outlook.vcf", true, []string{
			"Ada Lovelace|ada@engines.test countess@lovelace.test|Analytical Engines Ltd|birthday 12/10/1815 anniversary 7/8/1835|Prefers letters.\r\nAsk about the engine.",
		}},
		{"Apple Contacts", "apple.vcf", false, []string{
			"Clara Sommer|clara@partner.test clara.sommer@icloud.test|Partner GmbH|birthday 9/3/0 anniversary 6/20/2015|",
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f, err := os.Open(filepath.Join("testdata", tt.file))
			if err != nil {
				t.Fatal(err)
			}
			defer f.Close()
			cards, _ := Parse(f, tt.notes)
			var got []string
			for _, c := range cards {
				var ms []string
				for _, m := range c.Moments {
					ms = append(ms, fmt.Sprintf("%s %d/%d/%d", m.Kind, m.Month, m.Day, m.Year))
				}
				got = append(got, strings.Join([]string{c.Name, strings.Join(c.Emails, " "), c.Org, strings.Join(ms, " "), c.Note}, "|"))
			}
			if strings.Join(got, "\n") != strings.Join(tt.want, "\n") {
				t.Fatalf("cards:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(tt.want, "\n"))
			}
		})
	}
}

func TestParseMoment(t *testing.T) {
	tests := []struct {
		name, line string
		want       string // "" for none
	}{
		{"ISO date", "BDAY:1990-02-28", "2/28/1990"},
		{"basic date", "BDAY:19900228", "2/28/1990"},
		{"vCard 4 year-less", "BDAY:--0229", "2/29/0"},
		{"year-less with dash", "BDAY:--02-29", "2/29/0"},
		{"date-time", "BDAY:1990-02-28T00:00:00Z", "2/28/1990"},
		{"Apple omitted year", "BDAY;X-APPLE-OMIT-YEAR=1604:1604-12-24", "12/24/0"},
		{"month 13", "BDAY:1990-13-01", ""},
		{"day 31 in April", "BDAY:1990-04-31", ""},
		{"free text", "BDAY:sometime in May", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			vcf := "BEGIN:VCARD\nVERSION:4.0\nFN:X\nEMAIL:x@x.test\n" + tt.line + "\nEND:VCARD\n"
			cards, skipped := Parse(strings.NewReader(vcf), false)
			if len(cards) != 1 {
				t.Fatalf("%d cards (%v)", len(cards), skipped)
			}
			got := ""
			if ms := cards[0].Moments; len(ms) == 1 {
				got = fmt.Sprintf("%d/%d/%d", ms[0].Month, ms[0].Day, ms[0].Year)
			}
			if got != tt.want {
				t.Fatalf("moment %q, want %q", got, tt.want)
			}
		})
	}
}

func TestFileCursor(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "contacts.vcf")
	data, _ := os.ReadFile(filepath.Join("testdata", "google.vcf"))
	if err := os.WriteFile(path, data, 0o600); err != nil {
		t.Fatal(err)
	}
	f := NewFile(Options{Path: path})
	ctx := context.Background()
	books, _ := f.AddressBooks(ctx)
	ch, err := f.Cards(ctx, books[0], "")
	if err != nil || !ch.Reset || len(ch.Cards) != 2 {
		t.Fatalf("first read: %d cards reset=%v err=%v", len(ch.Cards), ch.Reset, err)
	}
	again, err := f.Cards(ctx, books[0], ch.Cursor)
	if err != nil || len(again.Cards) != 0 || again.Reset || again.Cursor != ch.Cursor {
		t.Fatalf("unchanged file: %+v %v, want no change", again, err)
	}
	withNotes, _ := NewFile(Options{Path: path, IncludeNotes: true}).Cards(ctx, books[0], ch.Cursor)
	if !withNotes.Reset || withNotes.Cards[0].Note == "" {
		t.Fatalf("turning notes on must re-read the file with notes: %+v", withNotes)
	}
	if err := os.WriteFile(path, []byte("not a vcard"), 0o600); err != nil {
		t.Fatal(err)
	}
	if _, err := f.Cards(ctx, books[0], ch.Cursor); err == nil {
		t.Fatal("a file without any vCard must be an error, not an empty address book")
	}
	var _ model.Card
}
