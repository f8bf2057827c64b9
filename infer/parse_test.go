package infer

import (
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/tend-dev/tend/model"
)

func TestParseDate(t *testing.T) {
	utc := func(y int, mo time.Month, d, h, mi, s int) time.Time {
		return time.Date(y, mo, d, h, mi, s, 0, time.UTC)
	}
	tests := []struct {
		name string
		in   string
		want time.Time // zero: an error is expected
	}{
		{name: "rfc 5322", in: "Tue, 5 Mar 2024 10:15:42 +0100", want: utc(2024, 3, 5, 9, 15, 42)},
		{name: "no weekday, no seconds", in: "5 Mar 2024 10:15 -0500", want: utc(2024, 3, 5, 15, 15, 0)},
		{name: "GMT+0200 and comment", in: "Tue, 5 Mar 2024 10:15:00 GMT+0200 (CEST)", want: utc(2024, 3, 5, 8, 15, 0)},
		{name: "UTC comment", in: "Tue, 05 Mar 2024 10:15:00 +0000 (UTC)", want: utc(2024, 3, 5, 10, 15, 0)},
		{name: "two-digit year", in: "Tue, 5 Mar 24 10:15:00 GMT", want: utc(2024, 3, 5, 10, 15, 0)},
		{name: "two-digit 1990s year", in: "Fri, 13 Nov 98 10:15:00 GMT", want: utc(1998, 11, 13, 10, 15, 0)},
		{name: "obsolete zone name", in: "Thu, 20 Nov 1997 09:55:06 PDT", want: utc(1997, 11, 20, 16, 55, 6)},
		{name: "rfc 850 hyphens", in: "Tuesday, 05-Mar-2024 10:15:00 GMT", want: utc(2024, 3, 5, 10, 15, 0)},
		{name: "iso 8601", in: "2024-03-05T10:15:00+01:00", want: utc(2024, 3, 5, 9, 15, 0)},
		{name: "iso with space", in: "2024-03-05 10:15:00 Z", want: utc(2024, 3, 5, 10, 15, 0)},
		{name: "asctime order", in: "Tue Mar  5 10:15:00 2024", want: utc(2024, 3, 5, 10, 15, 0)},
		{name: "full month name", in: "5 March 2024 10:15:00 +0000", want: utc(2024, 3, 5, 10, 15, 0)},
		{name: "empty", in: ""},
		{name: "garbage", in: "yesterday at noon"},
		{name: "hour out of range", in: "Tue, 5 Mar 2024 25:99 GMT"},
		{name: "no such day", in: "31 Feb 2024 10:00:00 +0000"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := parseDate(tt.in)
			if tt.want.IsZero() {
				if err == nil {
					t.Fatalf("parseDate(%q) = %v, want an error", tt.in, got)
				}
				return
			}
			if err != nil || !got.Equal(tt.want) {
				t.Fatalf("parseDate(%q) = %v, %v; want %v", tt.in, got, err, tt.want)
			}
		})
	}
}

func TestParseAddresses(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want []model.Address
	}{
		{name: "plain list", in: `Anna <A@x.org>, b@y.org`,
			want: []model.Address{{Name: "Anna", Email: "a@x.org"}, {Email: "b@y.org"}}},
		{name: "name equal to address", in: `"a@x.org" <a@x.org>`, want: []model.Address{{Email: "a@x.org"}}},
		{name: "nested quotes and spaces", in: `"'Jane   Doe'" <j@x.org>`, want: []model.Address{{Name: "Jane Doe", Email: "j@x.org"}}},
		{name: "group syntax", in: `undisclosed-recipients:;`},
		{name: "named group", in: `Team: a@x.org, Bob <b@x.org>;`,
			want: []model.Address{{Email: "a@x.org"}, {Name: "Bob", Email: "b@x.org"}}},
		{name: "unbalanced quote", in: `"Doe, Jane <j@x.org>, k@y.org`,
			want: []model.Address{{Name: "Doe, Jane", Email: "j@x.org"}, {Email: "k@y.org"}}},
		{name: "missing brackets with comment", in: `j@x.org (Jane), Bob <b@x.org`,
			want: []model.Address{{Email: "j@x.org"}, {Name: "Bob", Email: "b@x.org"}}},
		{name: "trailing commas", in: `a@x.org,, b@x.org,`, want: []model.Address{{Email: "a@x.org"}, {Email: "b@x.org"}}},
		{name: "raw 8-bit latin-1 name", in: "Andr\xe9 <a@x.be>", want: []model.Address{{Name: "André", Email: "a@x.be"}}},
		{name: "unknown charset keeps the word", in: `=?x-unknown?Q?abc?= <a@x.org>`,
			want: []model.Address{{Name: "=?x-unknown?Q?abc?=", Email: "a@x.org"}}},
		{name: "no address at all", in: `Jane Doe`},
	}
	dec := newWordDecoder()
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := parseAddresses(tt.in, dec)
			if !slices.Equal(got, tt.want) {
				t.Fatalf("parseAddresses(%q) = %+v, want %+v", tt.in, got, tt.want)
			}
		})
	}
}

func TestIsSelf(t *testing.T) {
	c := New(Options{Self: []string{" Me@Example.org ", "first.last@gmail.com"}})
	tests := []struct {
		name  string
		email string
		want  bool
	}{
		{name: "exact", email: "me@example.org", want: true},
		{name: "case", email: "ME@EXAMPLE.ORG", want: true},
		{name: "plus tag", email: "me+news@example.org", want: true},
		{name: "gmail dots", email: "firstlast+x@googlemail.com", want: true},
		{name: "other domain", email: "me@example.com"},
		{name: "other local part", email: "mee@example.org"},
		{name: "empty", email: ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := c.IsSelf(tt.email); got != tt.want {
				t.Fatalf("IsSelf(%q) = %v, want %v", tt.email, got, tt.want)
			}
		})
	}
}

func TestClassifyOptionsAndErrors(t *testing.T) {
	raw := samples()
	tests := []struct {
		name    string
		opts    Options
		header  string
		arrival time.Time
		check   func(t *testing.T, m model.Message, err error)
	}{
		{name: "keep subjects", opts: Options{Self: []string{"me@example.org"}, KeepSubjects: true},
			header: raw["gmail personal"], arrival: arrival,
			check: func(t *testing.T, m model.Message, err error) {
				if err != nil || m.Subject != "Re: dinner on Friday?" {
					t.Fatalf("subject = %q, %v", m.Subject, err)
				}
			}},
		{name: "lower max recipients makes mass", opts: Options{Self: []string{"me@example.org"}, MaxRecipients: 2},
			header: raw["sent to three"], arrival: arrival,
			check: func(t *testing.T, m model.Message, err error) {
				if err != nil || m.Class != model.Mass || len(m.Interactions) != 0 {
					t.Fatalf("class = %q, %d interactions, %v", m.Class, len(m.Interactions), err)
				}
			}},
		{name: "no self configured: own sent mail is inbound-indirect", opts: Options{},
			header: raw["sent to one"], arrival: arrival,
			check: func(t *testing.T, m model.Message, err error) {
				if err != nil || m.Class != model.Indirect {
					t.Fatalf("class = %q, %v", m.Class, err)
				}
			}},
		{name: "no message-id hashes stable headers", opts: Options{}, header: raw["no message-id"], arrival: arrival,
			check: func(t *testing.T, m model.Message, err error) {
				if err != nil || !strings.HasPrefix(m.Key, "h:") || len(m.Key) != 34 || m.ThreadKey != m.Key {
					t.Fatalf("key = %q thread %q, %v", m.Key, m.ThreadKey, err)
				}
				other := strings.Replace(raw["no message-id"], "hello", "hello again", 1)
				m2, _ := New(Options{}).Classify(model.HeaderMessage{InternalDate: arrival, Header: other})
				if m2.Key == m.Key {
					t.Fatalf("different subjects share key %q", m.Key)
				}
			}},
		{name: "no date and no internaldate", opts: Options{}, header: raw["missing date"],
			check: func(t *testing.T, m model.Message, err error) {
				if err == nil || !strings.Contains(err.Error(), "no date") {
					t.Fatalf("err = %v, want a no-date error", err)
				}
			}},
		{name: "unparsable date and no internaldate", opts: Options{}, header: raw["broken date"],
			check: func(t *testing.T, m model.Message, err error) {
				if err == nil || !strings.Contains(err.Error(), "unparsable") {
					t.Fatalf("err = %v, want an unparsable-date error", err)
				}
			}},
		{name: "garbage lines are skipped", opts: Options{Self: []string{"me@example.org"}},
			header:  " leading continuation\nthis line has no colon\nFrom: Pat <pat@example.com>\nBad Key: x\nTo: me@example.org\n",
			arrival: arrival,
			check: func(t *testing.T, m model.Message, err error) {
				if err != nil || m.Class != model.Personal || m.From != "pat@example.com" || !m.DateFallback {
					t.Fatalf("got %+v, %v", m, err)
				}
			}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m, err := New(tt.opts).Classify(model.HeaderMessage{InternalDate: tt.arrival, Header: tt.header})
			tt.check(t, m, err)
		})
	}
}

func TestHeaderFieldsCoverRules(t *testing.T) {
	f := HeaderFields()
	for _, k := range []string{"Message-ID", "Date", "From", "Sender", "Reply-To", "To", "Cc", "Bcc",
		"References", "In-Reply-To", "Content-Type", "Auto-Submitted", "List-Id", "Precedence",
		"Return-Path", "X-Failed-Recipients", "Feedback-ID", "X-SG-EID", "X-MC-User"} {
		if !slices.Contains(f, k) {
			t.Errorf("HeaderFields lacks %s", k)
		}
	}
	seen := map[string]bool{}
	for _, k := range f {
		if seen[strings.ToLower(k)] || strings.ContainsAny(k, " *%") {
			t.Errorf("bad or repeated field %q", k)
		}
		seen[strings.ToLower(k)] = true
	}
}
