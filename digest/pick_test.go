package digest

import (
	"fmt"
	"testing"

	"github.com/tend-dev/tend/scoring"
)

// quiet returns n due/lapsed results, strongest first: p0@x (strength n) ...
func quiet(n int) []scoring.Result {
	var rs []scoring.Result
	for i := 0; i < n; i++ {
		status := scoring.StatusDue
		if i%2 == 1 {
			status = scoring.StatusLapsed
		}
		rs = append(rs, scoring.Result{Name: fmt.Sprintf("P%d", i), Email: fmt.Sprintf("p%d@x.example", i), Strength: float64(n - i), Status: status, Candidate: true})
	}
	return rs
}

func TestPickOfWeekVariesAndIsDeterministic(t *testing.T) {
	cands := quiet(8)
	weeks := []string{"2026-W50", "2026-W51", "2026-W52", "2026-W53", "2027-W01", "2027-W02"}
	var prevEmail string
	picked := map[string]bool{}
	for _, w := range weeks {
		p := PickOfWeek(cands, nil, w, nil)
		if p == nil {
			t.Fatalf("%s: no pick", w)
		}
		if again := PickOfWeek(cands, nil, w, nil); again == nil || again.Email != p.Email {
			t.Errorf("%s: picks %s then %v: not deterministic", w, p.Email, again)
		}
		if p.Email == prevEmail {
			t.Errorf("%s: same pick %s as the week before", w, p.Email)
		}
		if p.Strength <= float64(len(cands)-PickPool) {
			t.Errorf("%s: pick %s (strength %v) is outside the %d strongest", w, p.Email, p.Strength, PickPool)
		}
		prevEmail = p.Email
		picked[p.Email] = true
	}
	if len(picked) < PickPool {
		t.Errorf("over %d weeks only %d different picks: %v", len(weeks), len(picked), picked)
	}
	for _, day := range []string{"2026-11-24", "2026-11-25"} {
		if PickOfWeek(cands, nil, day, nil) == nil {
			t.Errorf("daily period %s: no pick", day)
		}
	}
	if a, b := PickOfWeek(cands, nil, "2026-11-24", nil), PickOfWeek(cands, nil, "2026-11-25", nil); a.Email == b.Email {
		t.Errorf("consecutive days both pick %s", a.Email)
	}
}

func TestPickOfWeekAvoidsPreviousAndExcluded(t *testing.T) {
	cands := quiet(6)
	cands = append(cands,
		scoring.Result{Email: "active@x.example", Strength: 100, Status: scoring.StatusActive},
		scoring.Result{Email: "weak@x.example", Strength: 0, Status: scoring.StatusLapsed},
		scoring.Result{Email: "", Strength: 50, Status: scoring.StatusDue},
	)
	exclude := map[string]bool{"p0@x.example": true, "p1@x.example": true}
	previous := []string{"P2@X.example", "p3@x.example"}
	for w := 1; w <= 10; w++ {
		period := fmt.Sprintf("2026-W%02d", w)
		p := PickOfWeek(cands, exclude, period, previous)
		if p == nil {
			t.Fatalf("%s: no pick", period)
		}
		switch p.Email {
		case "p4@x.example", "p5@x.example":
		default:
			t.Errorf("%s: picked %s; want p4 or p5 (others excluded, picked before, active, weak or without address)", period, p.Email)
		}
	}
}

func TestPickOfWeekEdgeCases(t *testing.T) {
	cands := quiet(3)
	tests := []struct {
		name     string
		cands    []scoring.Result
		exclude  map[string]bool
		previous []string
		period   string
		wantNil  bool
		wantIn   []string
	}{
		{"no candidates", nil, nil, nil, "2026-W48", true, nil},
		{"all excluded", cands, map[string]bool{"p0@x.example": true, "p1@x.example": true, "p2@x.example": true}, nil, "2026-W48", true, nil},
		{"everyone picked before starts over", cands, nil, []string{"p0@x.example", "p1@x.example", "p2@x.example"}, "2026-W48", false, []string{"p0@x.example", "p1@x.example", "p2@x.example"}},
		{"odd period key hashes", cands, nil, nil, "whenever", false, []string{"p0@x.example", "p1@x.example", "p2@x.example"}},
		{"only one left", cands, map[string]bool{"p0@x.example": true}, []string{"p1@x.example"}, "2026-W48", false, []string{"p2@x.example"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := PickOfWeek(tt.cands, tt.exclude, tt.period, tt.previous)
			if tt.wantNil {
				if p != nil {
					t.Errorf("picked %s, want none", p.Email)
				}
				return
			}
			if p == nil {
				t.Fatal("no pick")
			}
			for _, e := range tt.wantIn {
				if p.Email == e {
					return
				}
			}
			t.Errorf("picked %s, want one of %v", p.Email, tt.wantIn)
		})
	}
}
