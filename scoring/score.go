package scoring

import (
	"math"
	"slices"
	"time"

	"github.com/tend-dev/tend/model"
)

// Statuses of a Result. A person with no usable touches has Status "".
const (
	StatusActive = "active"
	StatusDue    = "due"
	StatusLapsed = "lapsed"
)

// Cadence sources of a Result.
const (
	CadenceHistory = "history"
	CadenceDefault = "default"
)

// Result is one person's judgement at a given time.
type Result struct {
	Name, Email, Company                   string
	LastContact                            time.Time
	DaysSince                              int
	LastChannel                            model.Channel
	LastDirection                          model.Direction
	LastOutbound, LastInbound, LastMeeting time.Time
	LastSubject                            string
	Sent, Received, Meetings               int
	Score                                  float64 // decayed strength now
	Strength                               float64 // strength at the moment of last contact (what is at stake)
	Cadence                                time.Duration
	CadenceSource                          string  // "history" or "default"
	Overdue                                float64 // time since last contact / cadence
	Status                                 string  // "active", "due", "lapsed"
	Candidate                              bool    // eligible for reach-out: >=1 two-way exchange, or more than one outbound message
	Priority                               float64 // ranking key; 0 for non-candidates and active people
	Reason                                 string  // one line: why now, with context
}

// Score judges one person's history at time now. Touches need not be sorted;
// touches with a zero time are skipped, touches after now count as happening
// now, and a Weight outside (0, 1] is taken as 1. Company is the display name
// Company derives from h.Email ("" for free-mail). A history with no usable
// touch gives Status "", Candidate false and the default cadence: callers
// filter such people out.
func Score(h model.PersonHistory, now time.Time, p Params) Result {
	p = p.withDefaults()
	r := Result{Name: h.Name, Email: h.Email, Cadence: p.DefaultCadence, CadenceSource: CadenceDefault}
	_, r.Company = Company(h.Email)
	ts := usableTouches(h.Touches)
	if len(ts) == 0 {
		r.Reason = "no recorded contact"
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

	var sum float64
	var out, in bool
	hl := float64(p.HalfLife)
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

	if c, ok := historyCadence(ts, p); ok {
		r.Cadence, r.CadenceSource = c, CadenceHistory
	}
	r.Overdue = float64(elapsed) / float64(r.Cadence)
	switch {
	case r.Overdue > p.LapsedFactor:
		r.Status = StatusLapsed
	case r.Overdue > 1:
		r.Status = StatusDue
	default:
		r.Status = StatusActive
	}
	r.Candidate = twoWay || r.Sent > 1
	if r.Candidate && r.Status != StatusActive {
		r.Priority = r.Strength * min(r.Overdue, 4)
	}
	r.Reason = reason(r)
	return r
}

// usableTouches returns the touches with a time, oldest first. It copies only
// when it must drop or reorder.
func usableTouches(ts []model.Touch) []model.Touch {
	clean := true
	for i, t := range ts {
		if t.At.IsZero() || (i > 0 && t.At.Before(ts[i-1].At)) {
			clean = false
			break
		}
	}
	if clean {
		return ts
	}
	out := make([]model.Touch, 0, len(ts))
	for _, t := range ts {
		if !t.At.IsZero() {
			out = append(out, t)
		}
	}
	slices.SortStableFunc(out, func(a, b model.Touch) int { return a.At.Compare(b.At) })
	return out
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
	case t.Direction == model.Inbound:
		return 0.8
	case t.Direction == model.Outbound, t.Direction == model.Mutual:
		return 1.0
	default:
		return 0.8
	}
}

// reciprocity is 1 for two-way contact, 0.7 outbound-only, 0.4 inbound-only.
func reciprocity(twoWay, out, in bool) float64 {
	switch {
	case twoWay:
		return 1
	case out:
		return 0.7
	case in:
		return 0.4
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
