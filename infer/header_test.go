package infer

import (
	"net/textproto"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// oddNames are looked up besides HeaderFields(): other cases, names that
// are not HTTP tokens (go-message matches those only exactly), and names
// tend never asks for.
var oddNames = []string{
	"message-id", "MESSAGE-ID", "mEsSaGe-Id", "x-sg-eid", "LIST-ID", "Received", "Dkim-Signature",
	"", " ", "Subject ", "X(Odd)", "x(odd)", "from@", "Fröm", "X\x00", ":",
}

// checkSameAsTextproto fails when parseHeader(b) answers any lookup
// differently from readHeader(b), go-message's reading.
func checkSameAsTextproto(t *testing.T, b []byte) {
	t.Helper()
	th := readHeader(b)
	h := parseHeader(string(b), nil)
	if len(b) > 300 {
		b = append(b[:300:300], "..."...) // keeps failure messages readable
	}
	fs := th.Fields()
	if fs.Len() != len(h.fields) {
		t.Fatalf("%q: %d fields, go-message reads %d", b, len(h.fields), fs.Len())
	}
	for i := 0; fs.Next(); i++ {
		f := h.fields[i]
		if textproto.CanonicalMIMEHeaderKey(f.name) != fs.Key() || f.value != fs.Value() {
			t.Fatalf("%q: field %d = %q: %q, go-message reads %q: %q", b, i, f.name, f.value, fs.Key(), fs.Value())
		}
	}
	fn := newFieldNames()
	x := fn.index(h)
	for id, n := range fn.names {
		if got, want := x.get(field(id)), h.get(n); got != want {
			t.Fatalf("%q: index get(%q) = %q, header.get %q", b, n, got, want)
		}
		if got, want := x.has(field(id)), h.has(n); got != want {
			t.Fatalf("%q: index has(%q) = %v, header.has %v", b, n, got, want)
		}
	}
	names := append(HeaderFields(), oddNames...)
	for _, f := range h.fields[:min(len(h.fields), 40)] { // lookups cost O(fields): bound them
		names = append(names, f.name, strings.ToUpper(f.name), strings.ToLower(f.name))
	}
	for _, n := range names {
		if got, want := h.get(n), th.Get(n); got != want {
			t.Fatalf("%q: get(%q) = %q, go-message %q", b, n, got, want)
		}
		if got, want := h.has(n), th.Has(n); got != want {
			t.Fatalf("%q: has(%q) = %v, go-message %v", b, n, got, want)
		}
		if got, want := h.values(n), th.Values(n); !slices.Equal(got, want) {
			t.Fatalf("%q: values(%q) = %q, go-message %q", b, n, got, want)
		}
	}
}

// headerCorners are blocks at the edges of the header syntax.
func headerCorners() map[string]string {
	long := strings.Repeat("x", 5000)
	return map[string]string{
		"folded subject":             "Subject: Re: the\r\n  quarterly\r\n\tnumbers\r\nFrom: a@b\r\n\r\n",
		"space before colon":         "Subject : hi\r\nFrom\t: a@b\r\n\r\n",
		"lowercase names":            "from: a@b\r\nmessage-id: <x@y>\r\n\r\n",
		"duplicate field":            "To: a@b\r\nTo: c@d\r\n\r\n",
		"line without colon":         "From: a@b\r\nthis is not a field\r\nTo: c@d\r\n\r\n",
		"leading continuation":       " stray\r\nFrom: a@b\r\n\r\n",
		"bare LF":                    "From: a@b\nTo: c@d\n\n",
		"bare CR in value":           "Subject: a\rb\r\nFrom: a@b\r\r\n\r\n",
		"CR alone on a line":         "From: a@b\r\r\nTo: c@d\r\n\r\n",
		"no final newline":           "From: a@b\r\nSubject: last\r",
		"empty name":                 ": nameless\r\n continued\r\nFrom: a@b\r\n\r\n",
		"space inside name":          "X Mailer: x\r\nFrom: a@b\r\n\r\n",
		"NUL in name":                "Fr\x00m: a@b\r\nTo: c@d\r\n\r\n",
		"NUL in value":               "From: a\x00@b\r\n\r\n",
		"non-token name":             "X(Odd): 1\r\nfrom@: 2\r\n\r\n",
		"blank continuation":         "Subject: a\r\n \r\n\t\r\n b\r\n\r\n",
		"empty value folded":         "Subject:\r\n b\r\n\r\n",
		"body after blank line":      "From: a@b\r\n\r\nTo: c@d\r\n",
		"whitespace-only line":       "From: a@b\r\n\r\n",
		"unicode space line":         "From: a@b\r\n\u00a0\r\nTo: c@d\r\n\r\n",
		"long line":                  "Subject: " + long + "\r\nFrom: a@b\r\n\r\n",
		"long unterminated":          "From: a@b\r\nSubject: " + long[:4086],
		"unterminated fills buffer":  "From: a\r\r\nSubject: " + long[:4087], // bufio returns EOF: sanitized
		"long unterminated folded":   "From: a\r\r\nSubject: a\r\n " + long[:4095],
		"long line CR at buffer end": "Subject: " + long[:4086] + "\r\r\nFrom: a@b\r\n\r\n",
		"empty":                      "",
		"only blank line":            "\r\n",
	}
}

func TestParseHeaderMatchesGoMessage(t *testing.T) {
	for name, s := range headerCorners() {
		t.Run(name, func(t *testing.T) { checkSameAsTextproto(t, []byte(s)) })
	}
	for name, s := range samples() {
		t.Run(name, func(t *testing.T) { checkSameAsTextproto(t, []byte(s)) })
	}
}

func TestParseHeaderValues(t *testing.T) {
	tests := []struct {
		name, block, field, want string
	}{
		{name: "folded subject is one line", block: headerCorners()["folded subject"],
			field: "subject", want: "Re: the quarterly numbers"},
		{name: "first of duplicate fields wins", block: headerCorners()["duplicate field"], field: "To", want: "a@b"},
		{name: "space before colon still names the field", block: headerCorners()["space before colon"],
			field: "From", want: "a@b"},
		{name: "a bad line costs only itself", block: headerCorners()["line without colon"], field: "To", want: "c@d"},
		{name: "a stray leading line is dropped", block: headerCorners()["leading continuation"],
			field: "From", want: "a@b"},
		{name: "the body is not read", block: headerCorners()["body after blank line"], field: "To", want: ""},
		{name: "lowercase name found", block: headerCorners()["lowercase names"], field: "Message-ID", want: "<x@y>"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := parseHeader(tt.block, nil).get(tt.field); got != tt.want {
				t.Errorf("get(%q) = %q, want %q", tt.field, got, tt.want)
			}
		})
	}
}

// FuzzHeaderReader: for any block, parseHeader reads the same fields as
// go-message's readHeader, and every lookup answers the same.
func FuzzHeaderReader(f *testing.F) {
	for _, s := range samples() {
		f.Add([]byte(s))
	}
	for _, s := range headerCorners() {
		f.Add([]byte(s))
	}
	emls, _ := filepath.Glob(filepath.Join("testdata", "evidence", "*.eml"))
	for _, p := range emls {
		b, err := os.ReadFile(p)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		checkSameAsTextproto(t, b)
	})
}

func BenchmarkParseHeader(b *testing.B) {
	var texts []string
	var blocks [][]byte
	for _, s := range samples() {
		texts = append(texts, s)
		blocks = append(blocks, []byte(s))
	}
	b.Run("fast", func(b *testing.B) {
		b.ReportAllocs()
		i := 0
		for b.Loop() {
			h := parseHeader(texts[i%len(texts)], nil)
			_ = h.get("From")
			i++
		}
	})
	b.Run("go-message", func(b *testing.B) {
		b.ReportAllocs()
		i := 0
		for b.Loop() {
			h := readHeader(blocks[i%len(blocks)])
			_ = h.Get("From")
			i++
		}
	})
}
