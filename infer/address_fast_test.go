package infer

import (
	"mime"
	"reflect"
	"strings"
	"testing"

	"github.com/tend-dev/tend/model"
)

func TestFastAddresses(t *testing.T) {
	tests := []struct {
		name string
		in   string
		fast bool // the fast path reads it
		want []model.Address
	}{
		{"bare", "Jane@X.org", true, []model.Address{{Email: "jane@x.org"}}},
		{"name and angle", "Jane Doe <jane@x.org>, bob@y.com", true,
			[]model.Address{{Name: "Jane Doe", Email: "jane@x.org"}, {Email: "bob@y.com"}}},
		{"quoted name with comma", `"Doe, Jane" <jane@x.org>`, true, []model.Address{{Name: "Doe, Jane", Email: "jane@x.org"}}},
		{"angle only", "<a@b.c>", true, []model.Address{{Email: "a@b.c"}}},
		{"name repeats address", `"a@b.c" <a@b.c>`, true, []model.Address{{Email: "a@b.c"}}},
		{"initials", "J. R. Smith <jr@x.org>", true, []model.Address{{Name: "J. R. Smith", Email: "jr@x.org"}}},
		{"encoded word", "=?UTF-8?B?w6k=?= <a@b>", true, []model.Address{{Name: "é", Email: "a@b"}}},
		{"Q word with spaces", "=?utf-8?Q?Fran=C3=A7oise_Dupr=C3=A9?= <F@x.fr>", true,
			[]model.Address{{Name: "Françoise Dupré", Email: "f@x.fr"}}},
		{"adjacent encoded words join", "=?utf-8?q?J=C3=B6?= =?utf-8?q?rg?= Meier <j@x>", true,
			[]model.Address{{Name: "Jörg Meier", Email: "j@x"}}},
		{"plain then encoded", "Dr =?ISO-8859-1?Q?Andr=E9?= <a@x>", true, []model.Address{{Name: "Dr André", Email: "a@x"}}},
		{"koi8-r word", "=?KOI8-R?B?6dfBzg==?= <ivan@x.ru>", true, []model.Address{{Name: "Иван", Email: "ivan@x.ru"}}},
		{"unknown charset", "=?x-nope?q?abc?= <a@b>", false, nil},
		{"undecodable word", "=?utf-8?b?!!!?= <a@b>", false, nil},
		{"encoded word with special", "=?utf-8?q?a(b)?= <a@b>", false, nil},
		{"slash in name", "tend-dev/tend <tend@noreply.github.com>", true,
			[]model.Address{{Name: "tend-dev/tend", Email: "tend@noreply.github.com"}}},
		{"quoted utf-8 name", `"Chloé Müller" <c@x>`, true, []model.Address{{Name: "Chloé Müller", Email: "c@x"}}},
		{"comment name", "MAILER-DAEMON@x.org (Mail Delivery System)", true,
			[]model.Address{{Name: "Mail Delivery System", Email: "mailer-daemon@x.org"}}},
		{"nested comment", "a@b (x (y) z)", false, nil},
		{"encoded comment", "a@b (=?utf-8?q?x?=)", false, nil},
		{"encoded quoted", `"=?UTF-8?B?w6k=?=" <a@b>`, false, nil},
		{"non-ascii name", "José  García <j@x.org>", true, []model.Address{{Name: "José García", Email: "j@x.org"}}},
		{"comment", "a@b (Al)", true, []model.Address{{Name: "Al", Email: "a@b"}}},
		{"group", "Team: a@x, b@y;", false, []model.Address{{Email: "a@x"}, {Email: "b@y"}}},
		{"empty group", "undisclosed-recipients:;", false, nil},
		{"trailing comma", "a@b,", false, []model.Address{{Email: "a@b"}}},
		{"double dot", "a..b@c <x@y>", false, nil},
		{"escaped quote", `"J \"Jo\" D" <j@x>`, false, []model.Address{{Name: `J "Jo" D`, Email: "j@x"}}},
		{"unquoted comma name", "Doe, Jane <jane@x.org>", false, []model.Address{{Name: "Doe, Jane", Email: "jane@x.org"}}},
	}
	dec := newWordDecoder()
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fast, ok := fastAddresses(tt.in, dec)
			if ok != tt.fast {
				t.Errorf("fastAddresses(%q) ok = %v, want %v", tt.in, ok, tt.fast)
			}
			if slow := slowAddresses(tt.in, dec); ok && !reflect.DeepEqual(fast, slow) {
				t.Errorf("fastAddresses(%q) = %+v; net/mail: %+v", tt.in, fast, slow)
			}
			if got := parseAddresses(tt.in, dec); tt.want != nil && !reflect.DeepEqual(got, tt.want) {
				t.Errorf("parseAddresses(%q) = %+v, want %+v", tt.in, got, tt.want)
			}
		})
	}
}

// FuzzFastAddresses: whatever the fast path accepts, net/mail (with the
// lenient fallback) reads as the same addresses and names.
func FuzzFastAddresses(f *testing.F) {
	for _, s := range []string{"Jane Doe <jane@x.org>, bob@y.com", `"Doe, Jane" <Jane@X.org>`, "<a@b>",
		"J. Smith <j@x>", "a@b c@d", "x <a@b> y", `"a" "b" <c@d>`, "a@b, , c@d", ".a@b", "a@b.",
		"=?UTF-8?B?SsO8cmdlbiBNw7xsbGVy?= <j@x.de>", "=?utf-8?Q?Fran=C3=A7oise_Dupr=C3=A9?= <f@x.fr>, b@y",
		"=?utf-8?q?J=C3=B6?= =?utf-8?q?rg?= M <j@x>", "Dr =?ISO-8859-1?Q?Andr=E9?= X <a@x>",
		"=?KOI8-R?B?6dfBzg==?= <i@x>", "=?windows-1252?Q?Zo=EB_=93Z=94_Smith?= <z@x>", "=?utf-8?q??= <a@b>",
		"=?utf-8?q?a?= b =?utf-8?q?_c?= <a@b>", "=?x-nope?q?abc?= <a@b>", "=?utf-8?b?SsO8?==?utf-8?b?SsO8?= <a@b>",
		"tend-dev/tend <t@x>", `"Chloé Müller" <c@x>`, "Chloé Müller <C@x>", "Ümit\u00a0Öz <u@x>",
		"MAILER-DAEMON@x.org (Mail Delivery System)", "a@b (x) , c@d (  y  z )", "a@b(c)", "a@b ()",
		"=?utf-8?q?a?=@b.c", "a.b. c <d@e>"} {
		f.Add(s)
	}
	dec := newWordDecoder()
	f.Fuzz(func(t *testing.T, s string) {
		s = strings.TrimSpace(validUTF8(s))
		if s == "" {
			return
		}
		got, ok := fastAddresses(s, dec)
		if !ok {
			return
		}
		if want := slowAddresses(s, dec); !reflect.DeepEqual(got, want) && (len(got) > 0 || len(want) > 0) {
			t.Fatalf("fastAddresses(%q) = %+v; net/mail: %+v", s, got, want)
		}
	})
}

// TestAtext: the bit sets in atext hold exactly RFC 5322's atext.
func TestAtext(t *testing.T) {
	for c := range 256 {
		want := 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' ||
			c < 128 && strings.ContainsRune("!#$%&'*+-/=?^_`{|}~", rune(c))
		if got := atext(byte(c)); got != want {
			t.Errorf("atext(%q) = %v, want %v", byte(c), got, want)
		}
	}
}

// fastAddresses is appendFast on a new list, as the tests compare it with
// slowAddresses.
func fastAddresses(raw string, dec *mime.WordDecoder) ([]model.Address, bool) {
	return appendFast(make([]model.Address, 0, strings.Count(raw, ",")+1), raw, dec)
}
