package scoring

import (
	"math"
	"slices"
	"time"

	"github.com/tend-dev/tend/model"
)

// Score judges one person's history at time now. Touches need not be sorted;
// touches with a zero time are skipped; a meeting after now is a planned
// meeting (NextMeeting), not contact; any other touch after now counts as
// happening now; a Weight outside (0, 1] is taken as 1. A history with no
// contact gives Status "", Candidate false and the default cadence: callers
// filter such people out (and ignored ones: see Include). Reasons that
// depend on other people (a colleague who left, account coverage) are added
// by Relate.
func Score(h model.PersonHistory, now time.Time, p Params) Result {
	p = p.withDefaults()
	r := Result{ID: h.ID, Name: h.Name, Email: h.Email, Emails: h.Emails, Tier: h.Tier, Note: h.Note,
		Cadence: p.DefaultCadence, CadenceSource: CadenceDefault, HalfLife: p.HalfLife,
		SnoozedUntil: h.SnoozedUntil, Snoozed: h.SnoozedUntil.After(now)}
	if len(h.Moves) > 0 {
		r.Moves = slices.Clone(h.Moves)
	}
	ts, planned := splitTouches(h.Touches, now)
	for _, t := range planned {
		if r.NextMeeting.IsZero() || t.At.Before(r.NextMeeting) {
			r.NextMeeting, r.NextMeetingTitle = t.At, t.Subject
		}
	}
	r.CompanyDomain, r.Company = personCompany(h, ts)
	r.Former = formerCompanies(h.Moves, r.CompanyDomain)
	r.UpcomingMoments = upcomingDates(h.Moments, now, p.DateWindow)
	if len(ts) == 0 {
		r.settle(now, p)
		return r
	}

	last := ts[len(ts)-1]
	r.LastContact = last.At
	r.LastChannel = last.Channel
	r.LastDirection = last.Direction
	r.LastSubject = last.Subject
	lastAt := minTime(last.At, now)
	elapsed := max(now.Sub(lastAt), 0)
	r.DaysSince = int(elapsed / day)

	var cbuf [32]conversation
	cs := conversations(ts, cbuf[:0])
	r.Conversations = len(cs)
	r.HalfLife = halfLife(cs, p)
	r.Cadence, r.CadenceSource = cadence(h.Tier, cs, p)

	var sum float64
	var out, in bool
	hl := float64(r.HalfLife)
	for _, t := range ts {
		at := minTime(t.At, now)
		sum += weight(t.Weight) * channelFactor(t) * math.Exp2(-float64(lastAt.Sub(at))/hl)
		switch {
		case t.Channel == model.Meeting:
			r.Meetings++
			r.LastMeeting = t.At
		case t.Direction == model.Outbound:
			r.Sent++
			out = true
		case t.Direction == model.Inbound:
			r.Received++
			in = true
		case t.Direction == model.Mutual:
			out, in = true, true
		}
		switch t.Direction {
		case model.Outbound:
			r.LastOutbound = t.At
		case model.Inbound:
			r.LastInbound = t.At
		}
	}
	twoWay := (out && in) || r.Meetings > 0
	r.Strength = sum * reciprocity(twoWay, out, in)
	r.Score = r.Strength * math.Exp2(-float64(elapsed)/hl)

	r.Overdue = float64(elapsed) / float64(r.Cadence)
	switch {
	case r.Overdue > p.DormantFactor && r.Score < p.DormantScore:
		r.Status = StatusDormant
	case r.Overdue > p.LapsedFactor:
		r.Status = StatusLapsed
	case r.Overdue > 1:
		r.Status = StatusDue
	default:
		r.Status = StatusActive
	}
	r.TwoWay = twoWay
	r.Candidate = twoWay || r.Sent > 1
	r.Reasons = personalMoments(r, ts, cs, now, p)
	r.settle(now, p)
	return r
}

// splitTouches returns the contact touches, oldest first, and the planned
// meetings (meetings after now). It copies only when it must drop or reorder.
func splitTouches(ts []model.Touch, now time.Time) (contact, planned []model.Touch) {
	clean := true
	for i, t := range ts {
		if t.At.IsZero() || (i > 0 && t.At.Before(ts[i-1].At)) || (t.Channel == model.Meeting && t.At.After(now)) {
			clean = false
			break
		}
	}
	if clean {
		return ts, nil
	}
	contact = make([]model.Touch, 0, len(ts))
	for _, t := range ts {
		switch {
		case t.At.IsZero():
		case t.Channel == model.Meeting && t.At.After(now):
			planned = append(planned, t)
		default:
			contact = append(contact, t)
		}
	}
	slices.SortStableFunc(contact, func(a, b model.Touch) int { return a.At.Compare(b.At) })
	return contact, planned
}

// weight is a touch's weight, with anything outside (0, 1] taken as 1.
func weight(w float64) float64 {
	if w > 0 && w <= 1 {
		return w
	}
	return 1
}

// channelFactor is c_i: outbound email 1.0, inbound email 0.8, meeting 1.5.
func channelFactor(t model.Touch) float64 {
	switch {
	case t.Channel == model.Meeting:
		return 1.5
	case t.Direction == model.Outbound, t.Direction == model.Mutual:
		return 1.0
	default:
		return 0.8
	}
}

// reciprocity is 1 for two-way contact, 0.7 outbound-only, 0.4 inbound-only.
func reciprocity(twoWay, out, _ bool) float64 {
	switch {
	case twoWay:
		return 1
	case out:
		return 0.7
	default:
		return 0.4
	}
}

func minTime(a, b time.Time) time.Time {
	if a.After(b) {
		return b
	}
	return a
}
