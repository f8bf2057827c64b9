package infer

import (
	"fmt"
	"slices"
	"strings"
	"time"
)

// A series of soft bounces proves an address dead when it has at least
// SoftBounceCount bounces spread over at least SoftBounceSpan: one full
// mailbox is a bad week, a month of them is an abandoned mailbox.
const (
	SoftBounceCount = 3
	SoftBounceSpan  = 7 * 24 * time.Hour
)

// DatedEvidence is evidence and the date of the message that gave it.
type DatedEvidence struct {
	At time.Time
	Evidence
}

// SoftBounceSeries turns soft bounces (Evidence with Kind EvidenceBounce and
// Hard false; others are ignored) into hard evidence for each address whose
// soft bounces reach SoftBounceCount over at least SoftBounceSpan. The
// result is dated at the bounce that completed the series, so later
// bounces to the same address do not change it; it is sorted by address.
func SoftBounceSeries(bounces []DatedEvidence) []DatedEvidence {
	by := map[string][]DatedEvidence{}
	for _, b := range bounces {
		if b.Kind == EvidenceBounce && !b.Hard && b.Address != "" && !b.At.IsZero() {
			by[b.Address] = append(by[b.Address], b)
		}
	}
	var out []DatedEvidence
	for _, bs := range by {
		slices.SortFunc(bs, func(x, y DatedEvidence) int { return x.At.Compare(y.At) })
		bs = slices.CompactFunc(bs, func(x, y DatedEvidence) bool { return x.At.Equal(y.At) })
		for i := SoftBounceCount - 1; i < len(bs); i++ {
			if bs[i].At.Sub(bs[0].At) < SoftBounceSpan {
				continue
			}
			done := bs[i]
			done.Hard = true
			done.Detail = fmt.Sprintf("%d soft bounces since %s, last: %s", i+1,
				bs[0].At.UTC().Format(time.DateOnly), bs[i].Detail)
			out = append(out, done)
			break
		}
	}
	slices.SortFunc(out, func(x, y DatedEvidence) int { return strings.Compare(x.Address, y.Address) })
	return out
}
