package main

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/tend-dev/tend/config"
	"github.com/tend-dev/tend/digest"
	"github.com/tend-dev/tend/model"
	"github.com/tend-dev/tend/orgs"
	"github.com/tend-dev/tend/scoring"
	"github.com/tend-dev/tend/store"
)

// Limits of the digest's secondary sections: it stays short.
const (
	digestMaxRisks     = 3
	digestMaxJobs      = 5
	digestMaxBirthdays = 5
	digestPickMemory   = 8 // earlier picks PickOfWeek avoids repeating
)

// extraReasons are the reason kinds an entry lists beyond its summary line.
var extraReasons = map[string]bool{
	scoring.ReasonJobChange: true, scoring.ReasonDeparture: true, scoring.ReasonWaiting: true,
	scoring.ReasonCold: true, scoring.ReasonDate: true, scoring.ReasonAccount: true,
}

// buildDigest composes the digest for the period whose latest slot is at or
// before now, from the index: the top people to reach out to, job changes
// since the previous period's slot, upcoming birthdays, accounts at risk, the
// pick (avoiding recent picks) and the summary. Dates render in the
// schedule's time zone.
func buildDigest(ctx context.Context, st *store.Store, c *config.Config, now time.Time) (digest.Digest, error) {
	sched, err := c.Digest.ParsedSchedule()
	if err != nil {
		return digest.Digest{}, err
	}
	loc, _ := c.Digest.Location()
	period, slot := sched.Latest(now)
	_, prevSlot := sched.Latest(slot.Add(-time.Second))
	p := modelParams(c)
	rs, err := rankedResults(ctx, st, p, now)
	if err != nil {
		return digest.Digest{}, err
	}
	d := digest.Digest{Period: period, Now: now.In(loc), To: c.Digest.To}

	inDigest := map[string]bool{}
	for _, r := range rs {
		if !r.ReachOut || len(d.ReachOut) >= c.Digest.Top {
			continue
		}
		d.ReachOut = append(d.ReachOut, entry(r))
		inDigest[strings.ToLower(r.Email)] = true
	}

	var pickable []scoring.Result
	for _, r := range rs {
		if r.Candidate && !r.Snoozed {
			pickable = append(pickable, r)
		}
	}
	previous, err := st.RecentPicks(ctx, digestPickMemory)
	if err != nil {
		return digest.Digest{}, err
	}
	if pick := digest.PickOfWeek(pickable, inDigest, period, previous); pick != nil {
		e := entry(*pick)
		d.Pick = &e
	}
	if err := addMeetingTitles(ctx, st, &d, now); err != nil {
		return digest.Digest{}, err
	}

	moves, err := st.Moves(ctx, prevSlot)
	if err != nil {
		return digest.Digest{}, err
	}
	d.JobChanges = jobChanges(moves)
	d.Birthdays = birthdays(rs)
	for _, a := range scoring.Accounts(rs, now, p) {
		if a.Risk == "" || len(d.AtRisk) >= digestMaxRisks {
			continue
		}
		var people []string
		for i, m := range a.People {
			if i == 3 {
				people = append(people, fmt.Sprintf("and %d more", len(a.People)-i))
				break
			}
			people = append(people, displayOr(m.Name, m.Email))
		}
		d.AtRisk = append(d.AtRisk, digest.AccountRisk{Company: a.Company, Why: a.Text, People: people})
	}
	for _, r := range rs {
		d.Summary.Tracked++
		switch r.Status {
		case scoring.StatusActive:
			d.Summary.Active++
		case scoring.StatusDue:
			d.Summary.Due++
		case scoring.StatusLapsed:
			d.Summary.Lapsed++
		}
	}
	return d, nil
}

// entry is one person in the digest: the summary reason first, then the
// reasons it does not already say, and the user's note.
func entry(r scoring.Result) digest.Entry {
	e := digest.Entry{Result: r, Note: r.Note, LastMeetingAt: r.LastMeeting}
	for _, x := range r.Reasons {
		if extraReasons[x.Kind] && x.Text != "" && !strings.Contains(r.Reason, x.Text) {
			e.Reasons = append(e.Reasons, x.Text)
		}
	}
	return e
}

// addMeetingTitles fills the title of each listed person's last meeting,
// reading only their histories.
func addMeetingTitles(ctx context.Context, st *store.Store, d *digest.Digest, now time.Time) error {
	want := map[int64][]*digest.Entry{}
	for i := range d.ReachOut {
		want[d.ReachOut[i].Result.ID] = append(want[d.ReachOut[i].Result.ID], &d.ReachOut[i])
	}
	if d.Pick != nil {
		want[d.Pick.Result.ID] = append(want[d.Pick.Result.ID], d.Pick)
	}
	return st.Histories(ctx, func(h model.PersonHistory) error {
		es := want[h.ID]
		if len(es) == 0 {
			return nil
		}
		var last model.Touch
		for _, t := range h.Touches {
			if t.Channel == model.Meeting && !t.At.After(now) && !t.At.Before(last.At) {
				last = t
			}
		}
		for _, e := range es {
			if !last.At.IsZero() {
				e.LastMeeting, e.LastMeetingAt = last.Subject, last.At
			}
		}
		return nil
	})
}

// jobChanges turns recorded moves into the digest's job changes.
func jobChanges(moves []store.MoveRecord) []digest.JobChange {
	var out []digest.JobChange
	for _, m := range moves {
		if len(out) >= digestMaxJobs {
			break
		}
		out = append(out, digest.JobChange{
			Name: m.Name, Email: m.FromEmail, From: companyName(m.FromCompany), To: companyName(m.ToCompany),
			At: m.At, Evidence: m.Evidence,
		})
	}
	return out
}

// companyName is the display name of an organisation domain.
func companyName(domain string) string {
	if domain == "" {
		return ""
	}
	if _, name := orgs.Company("x@" + domain); name != "" {
		return name
	}
	return domain
}

// birthdays lists upcoming birthdays and anniversaries, soonest first.
func birthdays(rs []scoring.Result) []digest.Birthday {
	var out []digest.Birthday
	for _, r := range rs {
		for _, m := range r.UpcomingMoments {
			out = append(out, digest.Birthday{Name: r.Name, Email: r.Email, On: m.On, Kind: m.Kind})
		}
	}
	slices.SortStableFunc(out, func(a, b digest.Birthday) int { return a.On.Compare(b.On) })
	return out[:min(len(out), digestMaxBirthdays)]
}

func displayOr(name, email string) string {
	if strings.TrimSpace(name) != "" {
		return name
	}
	return email
}
