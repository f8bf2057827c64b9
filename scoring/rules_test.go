package scoring

import (
	"strings"
	"testing"
	"time"

	"github.com/tend-dev/tend/model"
)

// every builds one two-way conversation (they write, the user replies an
// hour later) every gap days, the last one lastAgo days ago and none before
// firstAgo; oldest first.
func every(gap, firstAgo, lastAgo float64, subj string) []model.Touch {
	var ts []model.Touch
	for a := lastAgo; a <= firstAgo+1e-9; a += gap {
		ts = append([]model.Touch{in(ago(a), subj), out(ago(a).Add(time.Hour), "Re: "+subj)}, ts...)
	}
	return ts
}

func TestHalfLifeGrowsWithTheRelationship(t *testing.T) {
	var burst []model.Touch
	for a := 60.0; a >= 30; a -= 3 { // a conference fortnight: a thread every 3 days for a month
		burst = append(burst, out(ago(a), "x"), in(ago(a).Add(time.Hour), "x"))
	}
	tests := []struct {
		name    string
		touches []model.Touch
		hlDays  float64
	}{
		{"a single exchange keeps the base half-life", []model.Touch{out(ago(10), ""), in(ago(9), "")}, 90},
		{"a month-long burst counts as about one month", burst, 90 * (1 + 1.0/12)},
		{"six monthly conversations over five months: 5/12 of the way", every(30, 150, 0, "x"), 90 * (1 + 5.0/12)},
		{"two years of monthly conversations: twice the half-life", every(30, 720, 0, "x"), 180},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := Score(model.PersonHistory{Email: "a@acme.com", Touches: tt.touches}, testNow, Params{})
			if got := r.HalfLife.Hours() / 24; got < tt.hlDays-0.5 || got > tt.hlDays+0.5 {
				t.Errorf("HalfLife = %.1f days, want %.1f (conversations %d)", got, tt.hlDays, r.Conversations)
			}
		})
	}
	t.Run("after the same silence a long relationship keeps more of its score", func(t *testing.T) {
		long := Score(model.PersonHistory{Email: "a@acme.com", Touches: every(30, 900, 180, "x")}, testNow, Params{})
		short := Score(model.PersonHistory{Email: "a@acme.com", Touches: every(30, 240, 180, "x")}, testNow, Params{})
		if long.Score/long.Strength <= short.Score/short.Strength {
			t.Errorf("kept %.2f of a long tie vs %.2f of a short one", long.Score/long.Strength, short.Score/short.Strength)
		}
	})
}

func TestCadenceSources(t *testing.T) {
	monthly := every(30, 360, 20, "x")
	tests := []struct {
		name        string
		tier        string
		tiers       map[string]time.Duration
		touches     []model.Touch
		cadenceDays int
		source      string
		status      string
	}{
		{"history when no tier", "", nil, monthly, 30, CadenceHistory, StatusActive},
		{"a weekly tier wins over a monthly rhythm", "weekly", nil, monthly, 7, CadenceTier, StatusLapsed},
		{"tier names are matched in any case", "Quarterly", nil, monthly, 91, CadenceTier, StatusActive},
		{"a configured tier", "vip", map[string]time.Duration{"vip": 10 * day}, monthly, 10, CadenceTier, StatusDue},
		{"an unknown tier falls back to the history", "bogus", nil, monthly, 30, CadenceHistory, StatusActive},
		{"a configured map replaces the built-in tiers", "weekly", map[string]time.Duration{"vip": 10 * day}, monthly, 30, CadenceHistory, StatusActive},
		{"default without tier or rhythm", "", nil, []model.Touch{out(ago(20), ""), in(ago(19), "")}, 90, CadenceDefault, StatusActive},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := Score(model.PersonHistory{Email: "a@acme.com", Tier: tt.tier, Touches: tt.touches}, testNow, Params{Tiers: tt.tiers})
			if cadenceDays(r.Cadence) != tt.cadenceDays || r.CadenceSource != tt.source || r.Status != tt.status {
				t.Errorf("cadence %d days (%s), status %s; want %d (%s), %s",
					cadenceDays(r.Cadence), r.CadenceSource, r.Status, tt.cadenceDays, tt.source, tt.status)
			}
		})
	}
	t.Run("the tier is named in the reason", func(t *testing.T) {
		r := Score(model.PersonHistory{Email: "a@acme.com", Tier: "weekly", Touches: monthly}, testNow, Params{})
		if !strings.HasPrefix(r.Reason, `2.9x overdue on your weekly tier (7 days); last: you wrote "Re: x" on 2026-05-12`) {
			t.Errorf("Reason = %q", r.Reason)
		}
	})
}

func TestStatusWindows(t *testing.T) {
	tests := []struct {
		name     string
		touches  []model.Touch
		params   Params
		status   string
		reachOut bool
		reason   string
	}{
		{"inside the rhythm", every(30, 360, 25, "x"), Params{}, StatusActive, false, "in touch 24 days ago"},
		{"past the ideal window", every(30, 360, 45, "x"), Params{}, StatusDue, true, "1.5x overdue on your usual 30-day rhythm"},
		{"past the maximum window", every(30, 360, 70, "x"), Params{}, StatusLapsed, true, "2.3x overdue on your usual 30-day rhythm"},
		{"a strong tie stays lapsed however long the silence", every(30, 900, 400, "x"), Params{}, StatusLapsed, true, "13.3x overdue"},
		{"one exchange long ago is dormant: let go", []model.Touch{out(ago(420), "hi"), in(ago(419), "hi")}, Params{}, StatusDormant, false,
			"dormant, 4.7x overdue on the default 90-day cadence (419 days since last contact)"},
		{"a higher dormant factor keeps it lapsed", []model.Touch{out(ago(420), "hi"), in(ago(419), "hi")}, Params{DormantFactor: 6}, StatusLapsed, true, "4.7x overdue"},
		{"a lapsed factor of 3 makes 2.3x only due", every(30, 360, 70, "x"), Params{LapsedFactor: 3}, StatusDue, true, "2.3x overdue"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := Score(model.PersonHistory{Email: "a@acme.com", Touches: tt.touches}, testNow, tt.params)
			if r.Status != tt.status || r.ReachOut != tt.reachOut || !strings.HasPrefix(r.Reason, tt.reason) {
				t.Errorf("status %s, reach-out %v, reason %q; want %s, %v, %q…", r.Status, r.ReachOut, r.Reason, tt.status, tt.reachOut, tt.reason)
			}
		})
	}
}

func TestSnoozeNoteAndPlannedMeeting(t *testing.T) {
	lapsed := every(30, 360, 70, "Q3 pricing")
	t.Run("a snoozed person keeps their status but is not suggested", func(t *testing.T) {
		r := Score(model.PersonHistory{Email: "a@acme.com", Touches: lapsed, SnoozedUntil: testNow.AddDate(0, 0, 10)}, testNow, Params{})
		if r.Status != StatusLapsed || r.ReachOut || r.Priority != 0 || !strings.Contains(r.Reason, "snoozed until 2026-06-11") {
			t.Errorf("status %s reach-out %v priority %v reason %q", r.Status, r.ReachOut, r.Priority, r.Reason)
		}
		if r := Score(model.PersonHistory{Email: "a@acme.com", Touches: lapsed, SnoozedUntil: ago(1)}, testNow, Params{}); !r.ReachOut {
			t.Error("an expired snooze still hides the person")
		}
	})
	t.Run("a planned meeting suppresses the reminder and is not contact", func(t *testing.T) {
		ts := append(append([]model.Touch(nil), lapsed...), meet(testNow.AddDate(0, 0, 3), "Renewal call"))
		r := Score(model.PersonHistory{Email: "a@acme.com", Touches: ts}, testNow, Params{})
		if r.Status != StatusLapsed || r.DaysSince != 69 || r.Meetings != 0 || r.ReachOut {
			t.Errorf("status %s days %d meetings %d reach-out %v", r.Status, r.DaysSince, r.Meetings, r.ReachOut)
		}
		if !r.NextMeeting.Equal(testNow.AddDate(0, 0, 3)) || !strings.Contains(r.Reason, `meeting planned on 2026-06-04 ("Renewal call"): no reminder needed`) {
			t.Errorf("NextMeeting %v reason %q", r.NextMeeting, r.Reason)
		}
	})
	t.Run("the note is shown, on one line", func(t *testing.T) {
		r := Score(model.PersonHistory{Email: "a@acme.com", Touches: lapsed, Note: "kids Emma and Leo;\nloves sailing"}, testNow, Params{})
		if !strings.HasSuffix(r.Reason, "; note: kids Emma and Leo; loves sailing") || !r.HasReason(ReasonNote) {
			t.Errorf("Reason = %q", r.Reason)
		}
	})
	t.Run("ignored people and people without touches are not included", func(t *testing.T) {
		if Include(model.PersonHistory{Touches: lapsed, Ignored: true}) || Include(model.PersonHistory{}) || !Include(model.PersonHistory{Touches: lapsed}) {
			t.Error("Include is wrong")
		}
	})
}
