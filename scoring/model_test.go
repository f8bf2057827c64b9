package scoring

import (
	"math"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/tend-dev/tend/model"
)

func near(a, b float64) bool { return math.Abs(a-b) < 1e-9 }

func TestScoreNumbers(t *testing.T) {
	many := func(at time.Time, w float64) model.Touch {
		tc := out(at, "all hands")
		tc.Weight = w
		return tc
	}
	tests := []struct {
		name     string
		touches  []model.Touch
		params   Params
		strength float64
		score    float64
	}{
		{
			name:     "one half-life between touches and one since the last, with the plain half-life",
			touches:  []model.Touch{out(ago(180), ""), in(ago(90), "")},
			params:   Params{MaxHalfLifeFactor: 1},
			strength: 1*0.5 + 0.8, // two-way: reciprocity 1
			score:    (1*0.5 + 0.8) * 0.5,
		},
		{
			name:     "two conversations three months apart stretch the half-life by 1/12",
			touches:  []model.Touch{out(ago(180), ""), in(ago(90), "")},
			strength: math.Exp2(-90/97.5) + 0.8,
			score:    (math.Exp2(-90/97.5) + 0.8) * math.Exp2(-90/97.5),
		},
		{
			name:     "a custom half-life of 30 days over 60 days quarters the score",
			touches:  []model.Touch{out(ago(60), ""), in(ago(60), "")},
			params:   Params{HalfLife: 30 * day},
			strength: 1.8,
			score:    1.8 * 0.25,
		},
		{
			name:     "outbound-only is discounted to 0.7",
			touches:  []model.Touch{out(ago(0), "")},
			strength: 0.7,
			score:    0.7,
		},
		{
			name:     "inbound-only is discounted to 0.4 of the inbound factor",
			touches:  []model.Touch{in(ago(0), "")},
			strength: 0.8 * 0.4,
			score:    0.8 * 0.4,
		},
		{
			name:     "a meeting weighs 1.5 and is two-way",
			touches:  []model.Touch{meet(ago(0), "")},
			strength: 1.5,
			score:    1.5,
		},
		{
			name:     "a message to many counts by its weight",
			touches:  []model.Touch{many(ago(0), 0.25), many(ago(0), 0.25)},
			strength: 0.5 * 0.7,
			score:    0.5 * 0.7,
		},
		{
			name:     "a missing or absurd weight counts as full contact",
			touches:  []model.Touch{many(ago(0), 0), many(ago(0), math.NaN()), many(ago(0), 7)},
			strength: 3 * 0.7,
			score:    3 * 0.7,
		},
		{
			name:     "touches after now count as now",
			touches:  []model.Touch{out(testNow.Add(48*time.Hour), ""), in(ago(0), "")},
			strength: 1.8,
			score:    1.8,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := Score(model.PersonHistory{Email: "x@gmail.com", Touches: tt.touches}, testNow, tt.params)
			if !near(r.Strength, tt.strength) || !near(r.Score, tt.score) {
				t.Errorf("Strength, Score = %v, %v; want %v, %v", r.Strength, r.Score, tt.strength, tt.score)
			}
			if r.DaysSince < 0 {
				t.Errorf("DaysSince = %d, want >= 0", r.DaysSince)
			}
		})
	}
}

func TestScoreInput(t *testing.T) {
	t.Run("no touches gives an empty status and no candidate", func(t *testing.T) {
		r := Score(model.PersonHistory{Name: "Nobody", Email: "n@acme.com"}, testNow, Params{})
		if r.Status != "" || r.Candidate || r.Priority != 0 || !r.LastContact.IsZero() {
			t.Errorf("got Status %q Candidate %v Priority %v LastContact %v", r.Status, r.Candidate, r.Priority, r.LastContact)
		}
	})
	t.Run("unsorted touches and zero times are handled", func(t *testing.T) {
		sorted := regular(8, 30, 40, "latest")
		shuffled := []model.Touch{sorted[7], {}, sorted[2], sorted[0], sorted[5], sorted[1], sorted[6], sorted[3], sorted[4]}
		want := Score(model.PersonHistory{Email: "a@b.com", Touches: sorted}, testNow, Params{})
		got := Score(model.PersonHistory{Email: "a@b.com", Touches: shuffled}, testNow, Params{})
		if !near(got.Score, want.Score) || got.Reason != want.Reason || got.LastSubject != "latest" || got.Cadence != want.Cadence {
			t.Errorf("shuffled: %+v\nsorted:   %+v", got, want)
		}
	})
	t.Run("zero params equal the documented defaults", func(t *testing.T) {
		h := model.PersonHistory{Email: "a@b.com", Touches: regular(6, 20, 50, "x")}
		explicit := Params{HalfLife: 90 * day, DefaultCadence: 90 * day, MinCadence: 14 * day,
			MaxCadence: 365 * day, LapsedFactor: 2, MinGaps: 4}
		if a, b := Score(h, testNow, Params{}), Score(h, testNow, explicit); !reflect.DeepEqual(a, b) {
			t.Errorf("zero params: %+v\nexplicit:    %+v", a, b)
		}
	})
	t.Run("fewer gaps than MinGaps fall back to the default cadence", func(t *testing.T) {
		h := model.PersonHistory{Email: "a@b.com", Touches: regular(4, 20, 10, "x")}
		if r := Score(h, testNow, Params{}); r.CadenceSource != CadenceDefault {
			t.Errorf("3 gaps: CadenceSource = %q, want default", r.CadenceSource)
		}
		if r := Score(h, testNow, Params{MinGaps: 3}); r.CadenceSource != CadenceHistory || cadenceDays(r.Cadence) != 20 {
			t.Errorf("MinGaps 3: cadence %v (%s), want 20 days from history", r.Cadence, r.CadenceSource)
		}
	})
	t.Run("several touches on one day make no gap", func(t *testing.T) {
		var ts []model.Touch
		for i := 5; i >= 0; i-- {
			d := ago(float64(i) * 60)
			ts = append(ts, out(d, ""), in(d.Add(time.Hour), ""), out(d.Add(2*time.Hour), ""))
		}
		r := Score(model.PersonHistory{Email: "a@b.com", Touches: ts}, testNow, Params{})
		if cadenceDays(r.Cadence) != 60 {
			t.Errorf("cadence = %v, want 60 days", r.Cadence)
		}
	})
	t.Run("a long subject stays one short line", func(t *testing.T) {
		subj := "Re: the\r\nvery " + strings.Repeat("long ", 40) + "subject"
		r := Score(model.PersonHistory{Email: "a@b.com", Touches: []model.Touch{out(ago(300), ""), out(ago(200), subj)}}, testNow, Params{})
		if strings.ContainsAny(r.Reason, "\r\n") || !strings.Contains(r.Reason, `"Re: the very long`) || !strings.Contains(r.Reason, "…\"") {
			t.Errorf("Reason = %q", r.Reason)
		}
	})
}

func TestCleanSubject(t *testing.T) {
	tests := []struct{ name, in, want string }{
		{"plain", "Q3 pricing", "Q3 pricing"},
		{"folded header", "Re:\r\n\t Q3   pricing ", "Re: Q3 pricing"},
		{"invalid utf-8", "caf\xe9", "caf\uFFFD"},
		{"empty", "  ", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := cleanSubject(tt.in); got != tt.want {
				t.Errorf("cleanSubject(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}
