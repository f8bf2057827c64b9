package scoring

import (
	"math"
	"slices"
	"time"

	"github.com/tend-dev/tend/model"
)

// Conversation grouping: contact days less than episodeGap days apart belong
// to one conversation (a thread's back-and-forth), and a conversation lasts
// at most episodeMaxDays (so a colleague written to every other day has a
// conversation a fortnight, not one two-year conversation).
const (
	episodeGap     = 3
	episodeMaxDays = 14
)

// conversation is a run of contact days: its first and last UTC day number.
type conversation struct{ start, end int64 }

// conversations groups sorted touches into conversations, appending to buf.
func conversations(ts []model.Touch, buf []conversation) []conversation {
	out := buf[:0]
	for _, t := range ts {
		d := dayNumber(t.At)
		if n := len(out); n > 0 && d-out[n-1].end < episodeGap && d-out[n-1].start < episodeMaxDays {
			out[n-1].end = max(out[n-1].end, d)
			continue
		}
		out = append(out, conversation{start: d, end: d})
	}
	return out
}

// historyCadence infers a cadence from conversations: the median gap in
// days between the starts of consecutive conversations, rounded to a whole
// day and clamped to [MinCadence, MaxCadence]. The median ignores the odd
// holiday silence. It reports false when fewer than MinGaps gaps exist.
func historyCadence(cs []conversation, p Params) (time.Duration, bool) {
	if len(cs)-1 < p.MinGaps {
		return 0, false
	}
	gaps := make([]int64, 0, len(cs)-1)
	for i := 1; i < len(cs); i++ {
		gaps = append(gaps, cs[i].start-cs[i-1].start)
	}
	slices.Sort(gaps)
	n := len(gaps)
	med := float64(gaps[n/2])
	if n%2 == 0 {
		med = float64(gaps[n/2-1]+gaps[n/2]) / 2
	}
	c := time.Duration(math.Round(med)) * day
	return min(max(c, p.MinCadence), p.MaxCadence), true
}

// cadence picks the person's cadence: their tier when it names a known tier,
// else their own rhythm, else the default.
func cadence(tier string, cs []conversation, p Params) (time.Duration, string) {
	if c, ok := p.tierCadence(tier); ok {
		return c, CadenceTier
	}
	if c, ok := historyCadence(cs, p); ok {
		return c, CadenceHistory
	}
	return p.DefaultCadence, CadenceDefault
}

// halfLife is the effective half-life: HalfLife x (1 + (F-1) x min(L,12)/12)
// where L = min(conversations-1, months between first and last contact) and
// F = MaxHalfLifeFactor. A burst of threads in one month gives L <= 1; a
// relationship with a conversation a month for a year or more decays F times
// more slowly.
func halfLife(cs []conversation, p Params) time.Duration {
	if len(cs) < 2 {
		return p.HalfLife
	}
	months := float64(cs[len(cs)-1].end-cs[0].start) / 30
	l := min(float64(len(cs)-1), months, longTieConversations)
	return time.Duration(float64(p.HalfLife) * (1 + (p.MaxHalfLifeFactor-1)*l/longTieConversations))
}

// longTieConversations is how many monthly conversations make a relationship
// long-standing (its half-life reaches MaxHalfLifeFactor x HalfLife).
const longTieConversations = 12

// dayNumber is the UTC calendar day of t, counted from the Unix epoch.
func dayNumber(t time.Time) int64 {
	s := t.Unix()
	d := s / 86400
	if s%86400 < 0 {
		d--
	}
	return d
}
