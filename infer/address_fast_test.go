package infer

import (
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
		{"encoded word", "=?UTF-8?B?w6k=?= <a@b>", false, []model.Address{{Name: "é", Email: "a@b"}}},
		{"encoded quoted", `"=?UTF-8?B?w6k=?=" <a@b>`, false, nil},
		{"non-ascii name", "José <j@x.org>", false, []model.Address{{Name: "José", Email: "j@x.org"}}},
		{"comment", "a@b (Al)", false, []model.Address{{Name: "Al", Email: "a@b"}}},
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
			_, ok := fastAddresses(tt.in)
			if ok != tt.fast {
				t.Errorf("fastAddresses(%q) ok = %v, want %v", tt.in, ok, tt.fast)
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
		"J. Smith <j@x>", "a@b c@d", "x <a@b> y", `"a" "b" <c@d>`, "a@b, , c@d", ".a@b", "a@b."} {
		f.Add(s)
	}
	dec := newWordDecoder()
	f.Fuzz(func(t *testing.T, s string) {
		s = strings.TrimSpace(validUTF8(s))
		if s == "" {
			return
		}
		got, ok := fastAddresses(s)
		if !ok {
			return
		}
		if want := slowAddresses(s, dec); !reflect.DeepEqual(got, want) && (len(got) > 0 || len(want) > 0) {
			t.Fatalf("fastAddresses(%q) = %+v; net/mail: %+v", s, got, want)
		}
	})
}
