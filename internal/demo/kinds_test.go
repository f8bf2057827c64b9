package demo

import (
	"bytes"
	"testing"
	"time"
)

// TestKindsHaveTheirShape checks the relationship shapes a demo user sees.
func TestKindsHaveTheirShape(t *testing.T) {
	day := 24 * time.Hour
	for _, seed := range []int64{1, 2, 3, 4, 5} {
		mb := Generate(Options{Seed: seed, Now: testNow})
		first := recount(t, mb)
		kinds := map[string]int{}
		for _, tr := range mb.Truth {
			kinds[tr.Kind]++
			age := testNow.Sub(tr.LastContact)
			var bad bool
			switch tr.Kind {
			case KindActive, KindColleague:
				bad = age > 30*day
			case KindLapsed:
				bad = age < 110*day || age > 310*day || tr.Sent+tr.Received < 10
			case KindNew:
				bad = testNow.Sub(first[tr.Email].first) > 45*day
			case KindOneOff:
				bad = tr.Sent != 0 || tr.Received != 1
			case KindUnanswered:
				bad = tr.Sent != 2 || tr.Received != 0
			case KindNewsletter, KindRobot, KindList:
				bad = !tr.LastContact.IsZero() || tr.Sent+tr.Received != 0
			}
			if bad {
				t.Errorf("seed %d: %s (%s) last=%v sent=%d recv=%d does not look %s",
					seed, tr.Email, tr.Kind, tr.LastContact, tr.Sent, tr.Received, tr.Kind)
			}
			// Every truth person appears in the messages.
			found := false
			for _, m := range mb.Messages {
				if bytes.Contains(bytes.ToLower(m.Raw), []byte(tr.Email)) {
					found = true
					break
				}
			}
			if !found {
				t.Errorf("seed %d: %s appears in no message", seed, tr.Email)
			}
		}
		if n := len(mb.Truth) - kinds[KindNewsletter] - kinds[KindRobot] - kinds[KindList]; n < 50 || n > 70 {
			t.Errorf("seed %d: %d correspondents, want about 60", seed, n)
		}
		if kinds[KindColleague] < 4 || kinds[KindColleague] > 6 || kinds[KindNewsletter] != 3 {
			t.Errorf("seed %d: kinds = %v", seed, kinds)
		}
	}
}

// TestNoiseComesAfterLastContact checks the traps: for every lapsed contact
// something (the mass mail, an auto-reply, a list post) arrives after the
// last real contact, so counting noise would make them look active.
func TestNoiseComesAfterLastContact(t *testing.T) {
	mb := Generate(Options{Now: testNow})
	for _, tr := range mb.Truth {
		if tr.Kind != KindLapsed {
			continue
		}
		later := false
		for _, m := range mb.Messages {
			if m.InternalDate.After(tr.LastContact.Add(time.Minute)) && bytes.Contains(m.Raw, []byte(tr.Email)) {
				later = true
				break
			}
		}
		if !later {
			t.Errorf("%s: no noise after the last contact %v", tr.Email, tr.LastContact)
		}
	}
}

func TestYears(t *testing.T) {
	mb := Generate(Options{Now: testNow, Years: 1})
	for _, m := range mb.Messages {
		if m.InternalDate.Before(testNow.AddDate(-1, 0, -7)) {
			t.Fatalf("message dated %v with Years=1", m.InternalDate)
		}
	}
	if two := Generate(Options{Now: testNow}); len(mb.Messages) >= len(two.Messages) {
		t.Errorf("Years=1 gave %d messages, Years=2 gave %d", len(mb.Messages), len(two.Messages))
	}
}
