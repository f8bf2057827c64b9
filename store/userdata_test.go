package store

import (
	"context"
	"testing"
	"time"

	"github.com/tend-dev/tend/model"
)

func TestUserDataInHistories(t *testing.T) {
	ctx := context.Background()
	s := openTemp(t)
	saveMsgs(t, s, []msg{
		in("Jane Doe", "jane.doe@acme.com", "m1", 1), in("Jane Doe", "jane.doe@gmail.com", "m2", 2),
		in("Ada Byron", "ada@eu.globex.io", "m3", 3), in("Bo Chen", "bo@initech.example", "m4", 4),
		in("Cy Dee", "cy@umbrella.example", "m5", 5),
	})
	if _, err := s.ResolveIdentities(ctx, nil, day(10)); err != nil {
		t.Fatal(err)
	}
	find := func(q string) Person {
		p, err := s.FindPerson(ctx, q)
		if err != nil {
			t.Fatalf("FindPerson(%q): %v", q, err)
		}
		return p
	}
	jane, bo := find("jane.doe@gmail.com"), find("bo@")
	until := day(60)
	for _, err := range []error{
		s.SetTier(ctx, jane.ID, "weekly", day(10)),
		s.SetNote(ctx, jane.ID, "two kids, Tom and Lea", day(10)),
		s.Snooze(ctx, jane.ID, until, day(10)),
		s.SetIgnored(ctx, bo.ID, true, day(10)),
	} {
		if err != nil {
			t.Fatal(err)
		}
	}
	if _, err := s.IgnoreDomain(ctx, "globex.io", true, day(10)); err != nil {
		t.Fatal(err)
	}
	s.SetTierRules([]TierRule{{Domain: "acme.com", Tier: "monthly"}, {Company: "Umbrella", Tier: "yearly"}})
	hs := byEmail(histories(t, s))
	tests := []struct {
		name  string
		email string
		check func(model.PersonHistory) bool
	}{
		{"explicit tier beats the rule", "jane.doe@gmail.com", func(h model.PersonHistory) bool { return h.Tier == "weekly" }},
		{"note", "jane.doe@gmail.com", func(h model.PersonHistory) bool { return h.Note == "two kids, Tom and Lea" }},
		{"snooze", "jane.doe@gmail.com", func(h model.PersonHistory) bool { return h.SnoozedUntil.Equal(until) }},
		{"both addresses", "jane.doe@gmail.com", func(h model.PersonHistory) bool { return len(h.Emails) == 2 && h.Emails[0] == h.Email }},
		{"ignored person", "bo@initech.example", func(h model.PersonHistory) bool { return h.Ignored }},
		{"ignored domain covers subdomains", "ada@eu.globex.io", func(h model.PersonHistory) bool { return h.Ignored }},
		{"company rule", "cy@umbrella.example", func(h model.PersonHistory) bool { return h.Tier == "yearly" && !h.Ignored }},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			h, ok := hs[tc.email]
			if !ok {
				t.Fatalf("no history with primary %s in %v", tc.email, hs)
			}
			if !tc.check(h) {
				t.Errorf("history = %+v", h)
			}
		})
	}
	// Clearing works.
	if err := s.Snooze(ctx, jane.ID, time.Time{}, day(11)); err != nil {
		t.Fatal(err)
	}
	if h := byEmail(histories(t, s))["jane.doe@gmail.com"]; !h.SnoozedUntil.IsZero() {
		t.Errorf("snooze not cleared: %v", h.SnoozedUntil)
	}
}

func TestFindPerson(t *testing.T) {
	ctx := context.Background()
	s := openTemp(t)
	saveMsgs(t, s, []msg{in("John Smith", "john.smith@acme.com", "m1", 1), in("John Smith", "jsmith@acme.com", "m2", 2),
		in("Ann Lee", "ann@acme.com", "m3", 3)})
	tests := []struct {
		name, q string
		want    string // primary email, or "ambiguous"/"none"
	}{
		{"address any case", "JSmith@Acme.com", "jsmith@acme.com"},
		{"unique name substring", "ann", "ann@acme.com"},
		{"ambiguous name", "smith", "ambiguous"},
		{"nobody", "zed", "none"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			p, err := s.FindPerson(ctx, tc.q)
			var amb *AmbiguousError
			switch {
			case tc.want == "ambiguous":
				if !errorsAs(err, &amb) || len(amb.Candidates) != 2 {
					t.Fatalf("err = %v, want two candidates", err)
				}
			case tc.want == "none":
				if !errorsIs(err, ErrNoPerson) {
					t.Fatalf("err = %v, want ErrNoPerson", err)
				}
			case err != nil || p.Email != tc.want:
				t.Fatalf("FindPerson = %+v, %v; want %s", p, err, tc.want)
			}
		})
	}
	p, _ := s.FindPerson(ctx, "ann@acme.com")
	if q, err := s.FindPerson(ctx, itoa(p.ID)); err != nil || q.ID != p.ID {
		t.Errorf("FindPerson(id) = %+v, %v", q, err)
	}
}
