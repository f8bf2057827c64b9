package scoring

import (
	"strings"
	"testing"
	"time"

	"github.com/tend-dev/tend/model"
)

var testNow = time.Date(2026, 6, 1, 12, 0, 0, 0, time.UTC)

// ago is a time n days before testNow.
func ago(n float64) time.Time { return testNow.Add(-time.Duration(n * float64(day))) }

func out(at time.Time, subj string) model.Touch {
	return model.Touch{At: at, Direction: model.Outbound, Channel: model.Email, Weight: 1, Subject: subj}
}

func in(at time.Time, subj string) model.Touch {
	return model.Touch{At: at, Direction: model.Inbound, Channel: model.Email, Weight: 1, Subject: subj}
}

func meet(at time.Time, subj string) model.Touch {
	return model.Touch{At: at, Direction: model.Mutual, Channel: model.Meeting, Weight: 1, Subject: subj}
}

// regular builds n alternating out/in touches every gap days, the last one lastAgo days ago.
func regular(n int, gap, lastAgo float64, lastSubj string) []model.Touch {
	ts := make([]model.Touch, 0, n)
	for i := n - 1; i >= 0; i-- {
		at := ago(lastAgo + float64(i)*gap)
		subj := ""
		if i == 0 {
			subj = lastSubj
		}
		if i%2 == 0 {
			ts = append(ts, out(at, subj))
		} else {
			ts = append(ts, in(at, subj))
		}
	}
	return ts
}

func TestScore(t *testing.T) {
	tests := []struct {
		name          string
		touches       []model.Touch
		status        string
		candidate     bool
		cadenceDays   int
		cadenceSource string
		daysSince     int
		sent, recv    int
		meetings      int
		reason        string // exact when set
		reasonHas     []string
		wantPriority  bool
	}{
		{
			name:    "weekly regular contact is active with the cadence clamped to the minimum",
			touches: regular(20, 7, 3, "lunch?"),
			status:  StatusActive, candidate: true, cadenceDays: 14, cadenceSource: CadenceHistory,
			daysSince: 3, sent: 10, recv: 10, reason: "in touch 3 days ago",
		},
		{
			name:    "strong monthly contact three times overdue is lapsed on its own rhythm",
			touches: regular(12, 30, 90, "Q3 pricing"),
			status:  StatusLapsed, candidate: true, cadenceDays: 30, cadenceSource: CadenceHistory,
			daysSince: 90, sent: 6, recv: 6, wantPriority: true,
			reason: `3.0x overdue on your usual 30-day rhythm; last: you wrote "Q3 pricing" on 2026-03-03`,
		},
		{
			name:    "stranger who wrote once is not a candidate",
			touches: []model.Touch{in(ago(10), "quick question")},
			status:  StatusActive, candidate: false, cadenceDays: 90, cadenceSource: CadenceDefault,
			daysSince: 10, recv: 1, reason: `in touch 10 days ago; they wrote "quick question" on 2026-05-22 and you never replied`,
		},
		{
			name:    "stranger who wrote once long ago is lapsed but still not a candidate",
			touches: []model.Touch{in(ago(200), "")},
			status:  StatusLapsed, candidate: false, cadenceDays: 90, cadenceSource: CadenceDefault,
			daysSince: 200, recv: 1,
			reason: "2.2x overdue on the default 90-day cadence (200 days since last contact); last: they wrote on 2025-11-13",
		},
		{
			name:    "two unanswered outbound messages make a candidate",
			touches: []model.Touch{out(ago(150), "Intro"), out(ago(120), "Following up")},
			status:  StatusDue, candidate: true, cadenceDays: 90, cadenceSource: CadenceDefault,
			daysSince: 120, sent: 2, wantPriority: true,
			reason: `1.3x overdue on the default 90-day cadence (120 days since last contact); last: you wrote "Following up" on 2026-02-01`,
		},
		{
			name: "inbound-only history is not a candidate and says they wrote last",
			touches: []model.Touch{in(ago(400), "a"), in(ago(300), "b"), in(ago(260), "c"),
				in(ago(230), "d"), in(ago(200), "Re: invoice")},
			status: StatusLapsed, candidate: false, cadenceDays: 35, cadenceSource: CadenceHistory,
			daysSince: 200, recv: 5,
			reasonHas: []string{`5.7x overdue on your usual 35-day rhythm; last: they wrote "Re: invoice" on 2025-11-13`},
		},
		{
			name:    "a meeting counts as contact and as two-way",
			touches: []model.Touch{out(ago(200), "hello"), meet(ago(5), "Coffee")},
			status:  StatusActive, candidate: true, cadenceDays: 90, cadenceSource: CadenceDefault,
			daysSince: 5, sent: 1, meetings: 1, reason: "in touch 5 days ago",
		},
		{
			name:    "a lapsed meeting names the meeting",
			touches: []model.Touch{meet(ago(100), "Board sync")},
			status:  StatusDue, candidate: true, cadenceDays: 90, cadenceSource: CadenceDefault,
			daysSince: 100, meetings: 1, wantPriority: true,
			reason: `1.1x overdue on the default 90-day cadence (100 days since last contact); last: met for "Board sync" on 2026-02-21`,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := Score(model.PersonHistory{Name: "Ada", Email: "ada@eu.acme-robotics.example", Touches: tt.touches}, testNow, Params{})
			if r.Status != tt.status {
				t.Errorf("Status = %q, want %q", r.Status, tt.status)
			}
			if r.Candidate != tt.candidate {
				t.Errorf("Candidate = %v, want %v", r.Candidate, tt.candidate)
			}
			if got := cadenceDays(r.Cadence); got != tt.cadenceDays || r.CadenceSource != tt.cadenceSource {
				t.Errorf("cadence = %d days (%s), want %d (%s)", got, r.CadenceSource, tt.cadenceDays, tt.cadenceSource)
			}
			if r.DaysSince != tt.daysSince {
				t.Errorf("DaysSince = %d, want %d", r.DaysSince, tt.daysSince)
			}
			if r.Sent != tt.sent || r.Received != tt.recv || r.Meetings != tt.meetings {
				t.Errorf("sent/received/meetings = %d/%d/%d, want %d/%d/%d", r.Sent, r.Received, r.Meetings, tt.sent, tt.recv, tt.meetings)
			}
			if tt.reason != "" && r.Reason != tt.reason {
				t.Errorf("Reason = %q\nwant     %q", r.Reason, tt.reason)
			}
			for _, s := range tt.reasonHas {
				if !strings.Contains(r.Reason, s) {
					t.Errorf("Reason = %q, want it to contain %q", r.Reason, s)
				}
			}
			if (r.Priority > 0) != tt.wantPriority {
				t.Errorf("Priority = %v, want positive: %v", r.Priority, tt.wantPriority)
			}
			if r.Company != "Acme Robotics" {
				t.Errorf("Company = %q, want %q", r.Company, "Acme Robotics")
			}
			if r.Score <= 0 || r.Score > r.Strength {
				t.Errorf("Score = %v, Strength = %v: want 0 < Score <= Strength", r.Score, r.Strength)
			}
		})
	}
}
