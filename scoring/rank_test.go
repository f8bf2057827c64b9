package scoring

import (
	"fmt"
	"slices"
	"testing"

	"github.com/tend-dev/tend/model"
)

func TestRank(t *testing.T) {
	weakTouches := func() []model.Touch {
		var ts []model.Touch
		for i := 4; i >= 0; i-- { // group messages every 14 days, last 140 days ago
			tc := out(ago(140+float64(i)*14), "update")
			tc.Weight = 0.3
			ts = append(ts, tc)
		}
		return ts
	}
	people := []model.PersonHistory{
		{Email: "active@x.com", Touches: regular(10, 30, 2, "")},
		{Email: "weak@x.com", Touches: weakTouches()},
		{Email: "stranger@x.com", Touches: []model.Touch{in(ago(0), "")}},
		{Email: "strong@x.com", Touches: regular(12, 30, 45, "Q3 pricing")},
		{Email: "nobody@x.com"},
		{Email: "lapsed-stranger@x.com", Touches: []model.Touch{in(ago(400), "")}},
	}
	var rs []Result
	for _, h := range people {
		rs = append(rs, Score(h, testNow, Params{}))
	}
	byEmail := func(e string) Result {
		i := slices.IndexFunc(rs, func(r Result) bool { return r.Email == e })
		return rs[i]
	}
	strong, weak := byEmail("strong@x.com"), byEmail("weak@x.com")
	if strong.Status != StatusDue || !near(strong.Overdue, 1.5) {
		t.Fatalf("strong: Status %q Overdue %v, want due at 1.5x", strong.Status, strong.Overdue)
	}
	if weak.Status != StatusLapsed || !near(weak.Overdue, 10) || !weak.Candidate {
		t.Fatalf("weak: Status %q Overdue %v Candidate %v, want lapsed candidate at 10x", weak.Status, weak.Overdue, weak.Candidate)
	}

	Rank(rs)
	var got []string
	for _, r := range rs {
		got = append(got, r.Email)
	}
	want := []string{"strong@x.com", "weak@x.com", "active@x.com", "stranger@x.com", "lapsed-stranger@x.com", "nobody@x.com"}
	if !slices.Equal(got, want) {
		t.Errorf("Rank order = %v\nwant         %v", got, want)
	}

	t.Run("ties break by email whatever the input order", func(t *testing.T) {
		a := Result{Email: "a@x.com", Score: 1}
		b := Result{Email: "b@x.com", Score: 1}
		c := Result{Email: "c@x.com", Score: 1}
		for _, in := range [][]Result{{c, b, a}, {b, a, c}, {a, c, b}} {
			Rank(in)
			if in[0].Email != "a@x.com" || in[1].Email != "b@x.com" || in[2].Email != "c@x.com" {
				t.Errorf("got %s %s %s", in[0].Email, in[1].Email, in[2].Email)
			}
		}
	})
}

func TestPriority(t *testing.T) {
	strongJustDue := every(30, 720, 36, "x")                             // Strength ~15, 1.2x overdue
	weakVeryLate := []model.Touch{out(ago(320), "hi"), in(ago(300), "")} // weak, 3.3x the default cadence
	waiting := append(every(30, 720, 20, "x"), in(ago(10), "Intro to our CFO"))
	rs := scoreAll(
		person("Weak", "weak@x.com", weakVeryLate),
		person("Waiting", "waiting@x.com", waiting),
		person("Strong", "strong@x.com", strongJustDue),
		person("Active", "active@x.com", every(30, 720, 5, "x")),
	)
	Rank(rs)
	var got []string
	for _, r := range rs {
		got = append(got, fmt.Sprintf("%s:%v", r.Name, r.ReachOut))
	}
	// A strong tie just past its rhythm first; a strong tie with mail waiting
	// on the user next; the weak acquaintance long overdue last of the list.
	want := []string{"Strong:true", "Waiting:true", "Weak:true", "Active:false"}
	if !slices.Equal(got, want) {
		t.Errorf("order %v, want %v", got, want)
	}
	if s, w := rs[0], rs[2]; !(s.Overdue < 1.5 && w.Overdue > 3 && s.Priority > 3*w.Priority) {
		t.Errorf("strong %.1fx priority %.2f vs weak %.1fx priority %.2f", s.Overdue, s.Priority, w.Overdue, w.Priority)
	}
}
