package scoring

import (
	"reflect"
	"strings"
	"testing"

	"github.com/tend-dev/tend/model"
)

// person scores a named person at an address with touches.
func person(name, email string, ts []model.Touch, moves ...model.Move) model.PersonHistory {
	return model.PersonHistory{Name: name, Email: email, Touches: ts, Moves: moves}
}

func scoreAll(hs ...model.PersonHistory) []Result {
	rs := make([]Result, len(hs))
	for i, h := range hs {
		rs[i] = Score(h, testNow, Params{})
	}
	return rs
}

func TestAccounts(t *testing.T) {
	active := every(30, 700, 10, "x")
	lapsed := every(30, 700, 200, "x")
	weakActive := []model.Touch{out(ago(20), "hi"), in(ago(19), "hi")}
	left := model.Move{At: ago(30), FromEmail: "bill@initech.example", FromCompany: "initech.example", Kind: "bounce"}
	rs := scoreAll(
		person("Irene Adler", "irene@baskerville.example", active),
		person("Ana Kowalski", "ana@northwind.example", active),
		person("Ethan Cole", "ethan@northwind.example", active),
		person("Alice Wong", "alice@umbrella.example", lapsed),
		person("Hannah Schmidt", "hannah@acme.example", lapsed),
		person("Tom Becker", "tom@acme.example", weakActive),
		person("Bill Lumbergh", "bill@initech.example", active, left),
		person("Kyle Brennan", "kyle@growthloop.example", []model.Touch{in(ago(30), "Partnership")}), // not a candidate
		person("Chris Park", "chris@gmail.com", active),
		person("Maya Chen", "maya@lumen.example", active),
	)
	got := map[string]Account{}
	var order []string
	for _, a := range Accounts(rs, testNow, Params{OwnDomains: []string{"lumen.example"}}) {
		got[a.Domain] = a
		order = append(order, a.Domain)
	}
	tests := []struct {
		domain, risk, text string
		live               int
	}{
		{"baskerville.example", RiskSingleThreaded, "single-threaded: Irene Adler is your only live contact at Baskerville", 1},
		{"northwind.example", "", "", 2},
		{"umbrella.example", RiskGoneQuiet, "Alice Wong, your strongest contact at Umbrella, is lapsed; nobody comparable there is live", 0},
		{"acme.example", RiskSingleThreaded, "single-threaded: Tom Becker is your only live contact at Acme", 1},
		{"initech.example", RiskContactLeft, "Bill Lumbergh, your strongest contact at Initech, left; nobody comparable there is live", 0},
	}
	for _, tt := range tests {
		t.Run(tt.domain, func(t *testing.T) {
			a, ok := got[tt.domain]
			if !ok {
				t.Fatalf("no account %s in %v", tt.domain, order)
			}
			if a.Risk != tt.risk || a.Text != tt.text || a.Live != tt.live {
				t.Errorf("risk %q live %d text %q\nwant %q live %d text %q", a.Risk, a.Live, a.Text, tt.risk, tt.live, tt.text)
			}
		})
	}
	for _, d := range []string{"growthloop.example", "lumen.example", ""} {
		if _, ok := got[d]; ok {
			t.Errorf("account %q listed: non-candidates, the user's own company and free-mail are not accounts", d)
		}
	}
	if want := []string{"initech.example", "umbrella.example"}; !reflect.DeepEqual(order[:2], want) {
		t.Errorf("order %v: the contact who left, then the account gone quiet, come first", order)
	}
}

func TestRelate(t *testing.T) {
	active := every(30, 700, 10, "x")
	moved := model.Move{At: ago(20), FromEmail: "ben@initech.example", ToEmail: "ben@globex.example",
		FromCompany: "initech.example", ToCompany: "globex.example", Kind: "new-domain"}
	benTouches := append(every(30, 700, 100, "x"), every(7, 20, 6, "new job")...)
	for i := range benTouches {
		benTouches[i].Email = "ben@initech.example"
		if benTouches[i].At.After(ago(25)) {
			benTouches[i].Email = "ben@globex.example"
		}
	}
	rs := scoreAll(
		person("Ben Okafor", "ben@globex.example", benTouches, moved),
		person("Peter Gibbons (Initech Corp)", "peter@initech.example", active),
		person("Samir N. | Initech Corp", "samir@initech.example", active),
		person("Joanna Park (she/her)", "joanna@initech.example", active),
		person("Irene Adler", "irene@baskerville.example", every(30, 700, 45, "x")),
	)
	Relate(rs, testNow, Params{})
	first := make([]Result, len(rs))
	for i := range rs {
		first[i] = rs[i]
		first[i].Reasons = append([]Reason(nil), rs[i].Reasons...)
	}
	Relate(rs, testNow, Params{})
	if !reflect.DeepEqual(first, rs) {
		t.Error("a second Relate changed the results")
	}
	by := map[string]Result{}
	for _, r := range rs {
		by[r.Email] = r
	}
	for _, e := range []string{"peter@initech.example", "samir@initech.example", "joanna@initech.example"} {
		r := by[e]
		if !strings.HasPrefix(r.Reason, "Ben Okafor left Initech on 2026-05-12: who replaced them?") || !r.ReachOut {
			t.Errorf("%s: reach-out %v reason %q", e, r.ReachOut, r.Reason)
		}
		if r.Company != "Initech Corp" {
			t.Errorf("%s: company %q, want the name most display names give", e, r.Company)
		}
	}
	if r := by["ben@globex.example"]; r.HasReason(ReasonDeparture) || !r.HasReason(ReasonJobChange) || r.Company != "Globex" {
		t.Errorf("the mover: company %q reasons %v", r.Company, r.Reasons)
	}
	if r := by["irene@baskerville.example"]; !strings.Contains(r.Reason, "your only live contact at Baskerville: ask who else to know") {
		t.Errorf("single-threaded contact: %q", r.Reason)
	}
}

func TestCompanyFromName(t *testing.T) {
	tests := []struct{ name, display, domain, want string }{
		{"parentheses", "Jane Doe (Acme)", "acme.com", "Acme"},
		{"pipe with a longer name", "Jane Doe | Acme Robotics", "acme-robotics.com", "Acme Robotics"},
		{"dash", "Jane Doe - Globex Corporation", "globex.example", "Globex Corporation"},
		{"at sign", "Jane Doe @ Hooli", "hooli.example", "Hooli"},
		{"pronouns are not a company", "Jane Doe (she/her)", "acme.com", ""},
		{"a title is not a company", "Jane Doe | CEO", "acme.com", ""},
		{"last, first is not a suffix", "Doe, Jane", "acme.com", ""},
		{"a different company is not trusted", "Jane Doe (Initech)", "acme.com", ""},
		{"no suffix", "Jane Doe", "acme.com", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := CompanyFromName(tt.display, tt.domain); got != tt.want {
				t.Errorf("CompanyFromName(%q, %q) = %q, want %q", tt.display, tt.domain, got, tt.want)
			}
		})
	}
	t.Run("a person's company is their most recent non-free-mail address", func(t *testing.T) {
		ts := []model.Touch{out(ago(300), ""), out(ago(100), ""), out(ago(10), "")}
		ts[0].Email, ts[1].Email, ts[2].Email = "jo@acme.com", "jo@globex.example", "jo@gmail.com"
		r := Score(model.PersonHistory{Name: "Jo (Globex)", Email: "jo@gmail.com", Touches: ts}, testNow, Params{})
		if r.CompanyDomain != "globex.example" || r.Company != "Globex" {
			t.Errorf("company %q (%s)", r.Company, r.CompanyDomain)
		}
	})
}

func TestRelateIgnoresInputOrder(t *testing.T) {
	active := every(30, 700, 10, "x")
	hs := []model.PersonHistory{
		person("Dana Whitfield", "dana@initech.example", every(30, 700, 100, "x"),
			model.Move{At: ago(40), FromEmail: "dana@initech.example", FromCompany: "initech.example", Kind: "auto-reply"}),
		person("Bill Lumbergh", "bill@initech.example", every(30, 700, 60, "x"),
			model.Move{At: ago(20), FromEmail: "bill@initech.example", FromCompany: "initech.example", Kind: "bounce"}),
		person("Peter Gibbons", "peter@initech.example", active),
		person("Samir N.", "samir@initech.example", active),
	}
	var want []Result
	for _, order := range [][]int{{0, 1, 2, 3}, {3, 2, 1, 0}, {1, 3, 0, 2}} {
		var in []model.PersonHistory
		for _, i := range order {
			in = append(in, hs[i])
		}
		rs := scoreAll(in...)
		Relate(rs, testNow, Params{})
		Rank(rs)
		if want == nil {
			want = rs
			for _, r := range rs {
				if r.Email == "peter@initech.example" && !strings.HasPrefix(r.Reason,
					"Bill Lumbergh left Initech on 2026-05-12, Dana Whitfield left Initech on 2026-04-22: who replaced them?") {
					t.Errorf("Peter's reason %q: the latest departure first", r.Reason)
				}
			}
			continue
		}
		if !reflect.DeepEqual(rs, want) {
			t.Errorf("order %v gave different results", order)
		}
	}
}
