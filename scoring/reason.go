package scoring

import (
	"fmt"
	"math"
	"slices"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/tend-dev/tend/model"
)

// maxSubjectRunes bounds the subject quoted in a reason; maxNoteRunes the note.
const (
	maxSubjectRunes = 60
	maxNoteRunes    = 100
)

// kindRank is the place of a kind in Reasons and in the summary line.
func kindRank(kind string) int {
	for i, k := range [...]string{ReasonJobChange, ReasonDeparture, ReasonOverdue, ReasonActive, ReasonLast,
		ReasonWaiting, ReasonCold, ReasonDate, ReasonAccount, ReasonMeeting, ReasonSnoozed, ReasonNote} {
		if k == kind {
			return i
		}
	}
	return 100
}

// boosts is what each moment adds to a person's urgency (see README);
// actionable moments put a candidate on the reach-out list on their own.
func boost(kind string) (u float64, actionable bool) {
	switch kind {
	case ReasonJobChange:
		return 1, true
	case ReasonDeparture, ReasonWaiting, ReasonCold, ReasonDate:
		return 0.5, true
	case ReasonAccount:
		return 0.25, false
	}
	return 0, false
}

// settle rebuilds the structural reasons (status, last contact, planned
// meeting, snooze, note) around the moments already in r.Reasons, and sets
// ReachOut, Priority and the summary line.
func (r *Result) settle(now time.Time, p Params) {
	rs := r.Reasons[:0:0]
	waiting := false
	for _, x := range r.Reasons {
		if !structural(x.Kind) {
			rs = append(rs, x)
			waiting = waiting || x.Kind == ReasonWaiting
		}
	}
	switch r.Status {
	case "":
		rs = append(rs, Reason{ReasonActive, "no recorded contact"})
	case StatusActive:
		rs = append(rs, Reason{ReasonActive, activeText(r.DaysSince)})
	default:
		rs = append(rs, Reason{ReasonOverdue, overdueText(*r)})
		if !waiting || r.LastDirection != model.Inbound { // else the waiting message is the context
			rs = append(rs, Reason{ReasonLast, lastText(*r)})
		}
	}
	if !r.NextMeeting.IsZero() {
		rs = append(rs, Reason{ReasonMeeting, fmt.Sprintf("meeting planned on %s%s: no reminder needed",
			r.NextMeeting.UTC().Format(time.DateOnly), titled(r.NextMeetingTitle))})
	}
	if r.Snoozed {
		rs = append(rs, Reason{ReasonSnoozed, "snoozed until " + r.SnoozedUntil.UTC().Format(time.DateOnly)})
	}
	if n := cleanText(r.Note, maxNoteRunes); n != "" {
		rs = append(rs, Reason{ReasonNote, "note: " + n})
	}
	slices.SortStableFunc(rs, func(a, b Reason) int {
		return kindRank(a.Kind) - kindRank(b.Kind)
	})
	r.Reasons = rs

	var u float64
	var actionable bool
	if r.Status == StatusDue || r.Status == StatusLapsed {
		u = 1 - math.Exp2(-r.Overdue)
	}
	for _, x := range rs {
		b, a := boost(x.Kind)
		u += b
		actionable = actionable || a
	}
	r.ReachOut = r.Candidate && !r.Snoozed && r.NextMeeting.IsZero() &&
		(r.Status == StatusDue || r.Status == StatusLapsed || actionable)
	r.Priority = 0
	if r.ReachOut {
		r.Priority = r.Strength * u
	}
	texts := make([]string, len(rs))
	for i, x := range rs {
		texts[i] = x.Text
	}
	r.Reason = strings.Join(texts, "; ")
}

// structural reports whether settle itself writes reasons of kind.
func structural(kind string) bool {
	switch kind {
	case ReasonOverdue, ReasonActive, ReasonLast, ReasonMeeting, ReasonSnoozed, ReasonNote:
		return true
	}
	return false
}

func activeText(days int) string {
	switch days {
	case 0:
		return "in touch today"
	case 1:
		return "in touch 1 day ago"
	default:
		return fmt.Sprintf("in touch %d days ago", days)
	}
}

// overdueText says how far past their own cadence the person is.
func overdueText(r Result) string {
	var s string
	switch r.CadenceSource {
	case CadenceTier:
		s = fmt.Sprintf("%.1fx overdue on your %s tier (%d days)", r.Overdue, strings.ToLower(r.Tier), cadenceDays(r.Cadence))
	case CadenceHistory:
		s = fmt.Sprintf("%.1fx overdue on your usual %d-day rhythm", r.Overdue, cadenceDays(r.Cadence))
	default:
		s = fmt.Sprintf("%.1fx overdue on the default %d-day cadence (%d days since last contact)",
			r.Overdue, cadenceDays(r.Cadence), r.DaysSince)
	}
	if r.Status == StatusDormant {
		s = "dormant, " + s
	}
	return s
}

// lastText gives the last contact: what, who acted, when.
func lastText(r Result) string {
	date := r.LastContact.UTC().Format(time.DateOnly)
	switch {
	case r.LastChannel == model.Meeting:
		if q := quoted(r.LastSubject); q != "" {
			return "last: met for " + q + "on " + date
		}
		return "last: met on " + date
	case r.LastDirection == model.Inbound:
		return "last: they wrote " + quoted(r.LastSubject) + "on " + date
	default:
		return "last: you wrote " + quoted(r.LastSubject) + "on " + date
	}
}

func titled(title string) string {
	if s := cleanSubject(title); s != "" {
		return ` ("` + s + `")`
	}
	return ""
}

// cadenceDays is a cadence in whole days, rounded.
func cadenceDays(c time.Duration) int {
	return int((c + day/2) / day)
}

// cleanSubject makes a subject fit on one line (see cleanText).
func cleanSubject(s string) string { return cleanText(s, maxSubjectRunes) }

// cleanText makes text fit on one line: control characters and runs of
// white space become one space, invalid UTF-8 is replaced and text longer
// than limit runes is cut with an ellipsis.
func cleanText(s string, limit int) string {
	s = strings.ToValidUTF8(s, "\uFFFD")
	var b strings.Builder
	space := false
	for _, c := range s {
		if unicode.IsSpace(c) || unicode.IsControl(c) {
			space = true
			continue
		}
		if space && b.Len() > 0 {
			b.WriteByte(' ')
		}
		space = false
		b.WriteRune(c)
	}
	out := b.String()
	if utf8.RuneCountInString(out) > limit {
		out = strings.TrimSpace(string([]rune(out)[:limit-1])) + "…"
	}
	return out
}
