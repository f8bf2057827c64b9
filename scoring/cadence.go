package scoring

import (
	"math"
	"slices"
	"time"

	"github.com/tend-dev/tend/model"
)

// episodeGap is the silence that separates two conversations: touches closer
// together than this (a thread's back-and-forth) are one episode.
const episodeGap = 3

// historyCadence infers a cadence from sorted touches: the median gap in days
// between conversations (runs of UTC contact days less than episodeGap days
// apart), rounded to a whole day and clamped to [MinCadence, MaxCadence].
// A burst of replies is one conversation, so it does not make the rhythm look
// faster than it is. It reports false when fewer than MinGaps gaps exist.
func historyCadence(ts []model.Touch, p Params) (time.Duration, bool) {
	gaps := make([]int64, 0, min(len(ts), 64))
	prev := int64(math.MinInt64)
	for _, t := range ts {
		d := dayNumber(t.At)
		if prev != math.MinInt64 && d-prev >= episodeGap {
			gaps = append(gaps, d-prev)
		}
		prev = d
	}
	if len(gaps) < p.MinGaps {
		return 0, false
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

// dayNumber is the UTC calendar day of t, counted from the Unix epoch.
func dayNumber(t time.Time) int64 {
	s := t.Unix()
	d := s / 86400
	if s%86400 < 0 {
		d--
	}
	return d
}
