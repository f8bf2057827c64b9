package store

import (
	"context"
	"errors"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/tend-dev/tend/model"
)

// msg is one message of a test mailbox: who, when, which thread.
type msg struct {
	key, thread string
	at          time.Time
	dir         model.Direction
	who         []model.Address
}

func saveMsgs(t *testing.T, s *Store, msgs []msg) {
	t.Helper()
	var items []Item
	for i, m := range msgs {
		pm := personal(m.key, m.at, m.dir, m.who...)
		if m.thread != "" {
			pm.ThreadKey = m.thread
		}
		items = append(items, Item{UID: uint32(i + 1), Msg: pm})
	}
	mustSave(t, s, batch("a", "INBOX", uint32(len(items)), items...))
}

// groups returns, for each person, their sorted addresses, as a set of
// "a,b" strings.
func groups(t *testing.T, s *Store) []string {
	t.Helper()
	var out []string
	for _, h := range histories(t, s) {
		es := slices.Clone(h.Emails)
		slices.Sort(es)
		out = append(out, join(es))
	}
	slices.Sort(out)
	return out
}

func join(es []string) string {
	s := ""
	for i, e := range es {
		if i > 0 {
			s += ","
		}
		s += e
	}
	return s
}

func in(name, email string, key string, d int) msg {
	return msg{key: key, at: day(d), dir: model.Inbound, who: []model.Address{addr(name, email)}}
}

func TestResolveIdentities(t *testing.T) {
	tests := []struct {
		name   string
		self   []string
		msgs   []msg
		want   []string // groups of addresses, sorted
		moves  []string // "kind from->to"
		reason string
	}{
		{
			name: "work and freemail address with the same name and local part merge",
			msgs: []msg{in("Jane Doe", "jane.doe@acme.com", "m1", 1), in("Jane Doe", "jane.doe@gmail.com", "m2", 5)},
			want: []string{"jane.doe@acme.com,jane.doe@gmail.com"}, reason: "name+local-part",
		},
		{
			name: "two John Smiths at Acme stay two people",
			msgs: []msg{
				in("John Smith", "john.smith@acme.com", "m1", 1), in("John Smith", "jsmith@acme.com", "m2", 2),
				in("John Smith", "john.smith@acme.com", "m3", 90), in("John Smith", "jsmith@acme.com", "m4", 91),
			},
			want: []string{"john.smith@acme.com", "jsmith@acme.com"},
		},
		{
			name: "a reply from a personal address in the same thread merges",
			msgs: []msg{
				in("María García", "mgarcia@acme.com", "t1", 1),
				{key: "t1-re", thread: "t1", at: day(2), dir: model.Inbound, who: []model.Address{addr("Maria Garcia", "maria.g@fastmail.com")}},
			},
			want: []string{"maria.g@fastmail.com,mgarcia@acme.com"}, reason: "thread",
		},
		{
			name: "thread evidence merges two addresses of one company",
			msgs: []msg{
				in("Ravi Patel", "ravi.patel@acme.com", "t1", 1),
				{key: "t1-re", thread: "t1", at: day(2), dir: model.Inbound, who: []model.Address{addr("Ravi Patel", "rpatel@eu.acme.com")}},
			},
			want: []string{"ravi.patel@acme.com,rpatel@eu.acme.com"}, reason: "thread",
		},
		{
			name: "the same name on one message is two people",
			msgs: []msg{{key: "m1", at: day(1), dir: model.Outbound, who: []model.Address{
				addr("John Smith", "john.smith@acme.com"), addr("John Smith", "john.smith@globex.com")}}},
			want: []string{"john.smith@acme.com", "john.smith@globex.com"},
		},
		{
			name: "a single-word name never merges",
			msgs: []msg{in("Jane", "jane@acme.com", "m1", 1), in("Jane", "jane@gmail.com", "m2", 2)},
			want: []string{"jane@acme.com", "jane@gmail.com"},
		},
		{
			name: "diacritics, case, comma form and spacing are ignored",
			msgs: []msg{in("Núñez, José", "jose.nunez@acme.com", "m1", 1), in("jose  NUNEZ", "jose.nunez@gmail.com", "m2", 3)},
			want: []string{"jose.nunez@acme.com,jose.nunez@gmail.com"}, reason: "name+local-part",
		},
		{
			name: "a new company domain after silence is a job change",
			msgs: []msg{
				in("Ana Lima", "ana.lima@acme.com", "m1", 1), in("Ana Lima", "ana.lima@acme.com", "m2", 10),
				in("Ana Lima", "alima@globex.io", "m3", 70),
			},
			want:  []string{"alima@globex.io,ana.lima@acme.com"},
			moves: []string{"new-domain ana.lima@acme.com->alima@globex.io acme.com->globex.io"}, reason: "new-domain",
		},
		{
			name: "a new domain without silence is not a job change",
			msgs: []msg{in("Ana Lima", "ana.lima@acme.com", "m1", 1), in("Ana Lima", "alima@globex.io", "m3", 20)},
			want: []string{"alima@globex.io", "ana.lima@acme.com"},
		},
		{
			name: "moving to free mail is not a job change",
			msgs: []msg{in("Ana Lima", "ana.lima@acme.com", "m1", 1), in("Ana Lima", "analima77@gmail.com", "m3", 90)},
			want: []string{"ana.lima@acme.com", "analima77@gmail.com"},
		},
		{
			name: "the user's own addresses are never contacts nor merged",
			self: []string{"me@home.test"},
			msgs: []msg{in("Sam Rivers", "me@home.test", "m1", 1), in("Sam Rivers", "me@work.test", "m2", 2)},
			want: []string{"me@work.test"},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			ctx := context.Background()
			s := openTemp(t)
			saveMsgs(t, s, tc.msgs)
			rep, err := s.ResolveIdentities(ctx, tc.self, day(400))
			if err != nil {
				t.Fatal(err)
			}
			if got := groups(t, s); !slices.Equal(got, tc.want) {
				t.Errorf("people = %q, want %q", got, tc.want)
			}
			if tc.reason != "" && (len(rep.Merges) != 1 || rep.Merges[0].Reason != tc.reason) {
				t.Errorf("merges = %+v, want one by %q", rep.Merges, tc.reason)
			}
			ms, err := s.Moves(ctx, time.Time{})
			if err != nil {
				t.Fatal(err)
			}
			var moves []string
			for _, m := range ms {
				moves = append(moves, m.Kind+" "+m.FromEmail+"->"+m.ToEmail+" "+m.FromCompany+"->"+m.ToCompany)
				if m.Evidence == "" {
					t.Errorf("move %+v has no evidence", m)
				}
			}
			if !slices.Equal(moves, tc.moves) {
				t.Errorf("moves = %q, want %q", moves, tc.moves)
			}
			// Resolving again changes nothing.
			rep, err = s.ResolveIdentities(ctx, tc.self, day(400))
			if err != nil || len(rep.Merges) != 0 {
				t.Errorf("second resolve: %+v, %v; want no merges", rep.Merges, err)
			}
		})
	}
}

func errorsAs(err error, target any) bool { return errors.As(err, target) }
func errorsIs(err, target error) bool     { return errors.Is(err, target) }
func itoa(n int64) string                 { return strconv.FormatInt(n, 10) }

func TestJobChangeWithSameLocalPart(t *testing.T) {
	ctx := context.Background()
	s := openTemp(t)
	saveMsgs(t, s, []msg{
		in("Dana Whitfield", "dana.whitfield@initech.example", "m1", 1),
		in("Dana Whitfield", "dana.whitfield@initech.example", "m2", 30),
		in("Dana Whitfield", "dana.whitfield@cyberdyne.example", "m3", 120),
	})
	if _, err := s.ResolveIdentities(ctx, nil, day(200)); err != nil {
		t.Fatal(err)
	}
	hs := histories(t, s)
	if len(hs) != 1 || len(hs[0].Moves) != 1 {
		t.Fatalf("histories = %+v, want one person with one move", hs)
	}
	m := hs[0].Moves[0]
	want := "first mail from dana.whitfield@cyberdyne.example on 2025-06-29, last from dana.whitfield@initech.example on 2025-03-31"
	if m.Kind != "new-domain" || m.FromCompany != "initech.example" || m.ToCompany != "cyberdyne.example" || m.Evidence != want {
		t.Errorf("move = %+v, want new-domain initech -> cyberdyne with %q", m, want)
	}
}

// BenchmarkResolveIdentities resolves an index of 1,000,000 interactions over
// 20,000 people, where 2,000 pairs share a name at one domain (the costly
// case: each pair needs the thread test).
func BenchmarkResolveIdentities(b *testing.B) {
	ctx := context.Background()
	s := openTemp(b)
	fillHistories(b, s, 20000, 500000)
	if _, err := s.db.ExecContext(ctx, `UPDATE addresses SET name = 'Person Number' || ((person_id - 1) % 18000)`); err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		if _, err := s.ResolveIdentities(ctx, []string{"me@x.test"}, base); err != nil {
			b.Fatal(err)
		}
	}
}

// Queries find an address's interactions through its person, so an
// interaction filed under another person than its address's is damage that
// IntegrityCheck reports.
func TestIntegrityCheckReportsInteractionsOfAnotherPerson(t *testing.T) {
	ctx := context.Background()
	s := openTemp(t)
	saveMsgs(t, s, []msg{in("Ann Lee", "ann@acme.test", "m1", 1), in("Bo Chan", "bo@acme.test", "m2", 2)})
	if err := s.IntegrityCheck(ctx); err != nil {
		t.Fatal(err)
	}
	if _, err := s.db.ExecContext(ctx, `UPDATE interactions SET person_id =
		(SELECT person_id FROM addresses WHERE email = 'bo@acme.test') WHERE email = 'ann@acme.test'`); err != nil {
		t.Fatal(err)
	}
	err := s.IntegrityCheck(ctx)
	if err == nil || !strings.Contains(err.Error(), "1 interactions belong to another person") {
		t.Fatalf("IntegrityCheck = %v, want the misfiled interaction reported", err)
	}
}

// FuzzNameKeyLatin: nameKey's table-driven path for ASCII and precomposed
// Latin letters answers what its general path (NFD, Unicode classes)
// answers, for strings and bytes alike.
func FuzzNameKeyLatin(f *testing.F) {
	for _, s := range []string{"Jane Doe", "Doe, Jane", "Jane Doe (Acme)", "\"Jane\" O'Neil", "jane@x.test",
		"J. Doe", "Doe, Jane, Jr", "  Ann   Lee  ", "[ext] Ann-Marie Lee", "a b c", "R2 D2", "x", "", ",",
		"Lee,Ann", "((Ann) Lee", "Ann) Lee", "José Núñez", "Ann\tLee", "ÆSA ØRN", "Straße Groß", "Łukasz Żółć",
		"Ǆura Ǉubić", "Ö Ü", "Jo×Ann Lee", "Zoë\u00a0Brontë", "José (Núñez) Martín", "e\u0301e Lee", "Αθηνά Lee",
		"Mü\xffller Jo"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got, ok := nameKeyLatin(s)
		if !ok {
			return
		}
		if want := nameKeyUnicode(s); got != want {
			t.Fatalf("nameKeyLatin(%q) = %q, nameKey's general path gives %q", s, got, want)
		}
		if b, ok := nameKeyLatin([]byte(s)); !ok || b != got {
			t.Fatalf("nameKeyLatin of the bytes of %q = %q, %v; of the string %q", s, b, ok, got)
		}
	})
}

// The table path takes names of precomposed Latin letters, and leaves to
// the general path what it cannot key alone.
func TestNameKeyLatinTakes(t *testing.T) {
	for _, c := range []struct {
		name, key string
		ok        bool
	}{
		{"José  Núñez", "jose nunez", true},
		{"Nuñez, José", "jose nunez", true},
		{"Łukasz Żółć", "łukasz zołc", true},
		{"Straße Groß", "straße groß", true},
		{"Zoë (ACME) Brontë", "zoe bronte", true},
		{"Jose\u0301 Nun\u0303ez", "", false}, // combining marks
		{"Αθηνά Lee", "", false},
		{"Mü\xffller Jo", "", false}, // invalid UTF-8
	} {
		key, ok := nameKeyLatin(c.name)
		if ok != c.ok || key != c.key {
			t.Errorf("nameKeyLatin(%q) = %q, %v; want %q, %v", c.name, key, ok, c.key, c.ok)
		}
		if got, want := nameKey(c.name), nameKeyUnicode(c.name); got != want {
			t.Errorf("nameKey(%q) = %q, the general path %q", c.name, got, want)
		}
	}
}
