package infer

import (
	"strings"
	"testing"
	"time"
	"unicode/utf8"
)

// FuzzParseDate: any Date header value either parses to a time in UTC or
// is an error; it never panics.
func FuzzParseDate(f *testing.F) {
	for _, s := range []string{"Mon, 2 Jan 2006 15:04:05 -0700", "2 Jan 06 15:04 GMT+0200", "05-Mar-2024",
		"2024-03-05T10:00:00Z", "Tue, 3 Jun 2008 11:05:30 UTC+2 (CEST)", "", "32 Foo 99999 25:61:61 +9999"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		d, err := parseDate(s)
		if err == nil && d.Location() != time.UTC {
			t.Fatalf("parseDate(%q) = %v, not in UTC", s, d)
		}
	})
}

// FuzzParseAddresses: any address list yields lowercased addresses with an
// "@" and valid UTF-8 names; it never panics.
func FuzzParseAddresses(f *testing.F) {
	for _, s := range []string{`"Doe, Jane" <Jane@X.org>, bob@y.com`, `=?UTF-8?B?w6k=?= <a@b>`, `undisclosed-recipients:;`,
		`a@b, , "unterminated <c@d>`, `<a@b> (comment) x@y`, "\xff\xfe <z@z>"} {
		f.Add(s)
	}
	dec := newWordDecoder()
	f.Fuzz(func(t *testing.T, s string) {
		for _, a := range parseAddresses(s, dec) {
			if a.Email != strings.ToLower(a.Email) || !strings.Contains(a.Email, "@") {
				t.Fatalf("parseAddresses(%q): bad address %q", s, a.Email)
			}
			if !utf8.ValidString(a.Name) {
				t.Fatalf("parseAddresses(%q): name %q is not UTF-8", s, a.Name)
			}
		}
	})
}
