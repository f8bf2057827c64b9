package infer

import (
	"bytes"
	"io"
	"testing"

	"github.com/emersion/go-message/charset"
)

// TestSingleByteCharsets: every byte, alone and all together, decodes by
// table as go-message's charset reader decodes it, and names outside the
// table are left to go-message.
func TestSingleByteCharsets(t *testing.T) {
	var all []byte
	for b := range 256 {
		all = append(all, byte(b))
	}
	inputs := [][]byte{all, {}}
	for b := range 256 {
		inputs = append(inputs, []byte{byte(b)})
	}
	for _, name := range []string{"windows-1252", "cp1252", "iso-8859-15", "iso-8859-2", "windows-1250",
		"windows-1251", "koi8-r", "koi8-u"} {
		t.Run(name, func(t *testing.T) {
			cm := singleByteCharset(name)
			if cm == nil {
				t.Fatalf("%s is not decoded by table", name)
			}
			for _, in := range inputs {
				wr, werr := charset.Reader(name, bytes.NewReader(in))
				gr, gerr := decodeSingleByte(cm, bytes.NewReader(in))
				want, got := readAll(t, wr, werr), readAll(t, gr, gerr)
				if got != want {
					t.Fatalf("%s: %q decodes to %q, go-message %q", name, in, got, want)
				}
			}
		})
	}
	for _, name := range []string{"utf-8", "iso-8859-1", "gb2312", "shift_jis", "WINDOWS-1252"} {
		if singleByteCharset(name) != nil {
			t.Errorf("%s decoded by table", name)
		}
	}
}

// TestWordDecoderCharsets: encoded words in table and streamed charsets,
// and unknown ones, decode as before.
func TestWordDecoderCharsets(t *testing.T) {
	tests := []struct {
		name, word, want string
		fails            bool
	}{
		{"windows-1252 quotes", "=?windows-1252?Q?Zo=EB_=93Z=94?=", "Zoë “Z”", false},
		{"upper-case name", "=?WINDOWS-1252?q?=80?=", "€", false},
		{"koi8-r", "=?KOI8-R?B?6dfBzg==?=", "Иван", false},
		{"streamed gb2312", "=?gb2312?B?1tDOxA==?=", "中文", false},
		{"unknown charset", "=?x-unknown?q?a?=", "", true},
	}
	dec := newWordDecoder()
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := dec.Decode(tt.word)
			if (err != nil) != tt.fails || got != tt.want {
				t.Fatalf("Decode(%q) = %q, %v; want %q (fails %v)", tt.word, got, err, tt.want, tt.fails)
			}
		})
	}
}

func readAll(t *testing.T, r io.Reader, err error) string {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
	b, err := io.ReadAll(r)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}
