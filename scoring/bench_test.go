package scoring

import (
	"math/rand/v2"
	"testing"
	"time"

	"github.com/tend-dev/tend/model"
)

// BenchmarkScore scores 20,000 people with 1,000,000 touches in all, as a
// large mailbox would give; one iteration is the whole population.
func BenchmarkScore(b *testing.B) {
	const people, perPerson = 20_000, 50
	rng := rand.New(rand.NewPCG(1, 2))
	hs := make([]model.PersonHistory, people)
	for i := range hs {
		ts := make([]model.Touch, perPerson)
		at := testNow.Add(-time.Duration(rng.IntN(5*365)) * day)
		for j := range ts {
			at = at.Add(time.Duration(rng.IntN(20*24)) * time.Hour)
			dir := model.Outbound
			if rng.IntN(2) == 0 {
				dir = model.Inbound
			}
			ts[j] = model.Touch{At: at, Direction: dir, Channel: model.Email, Weight: 1, Subject: "s"}
		}
		hs[i] = model.PersonHistory{Email: "p@acme.com", Touches: ts}
	}
	rs := make([]Result, people)
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		for i, h := range hs {
			rs[i] = Score(h, testNow, Params{})
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/people, "ns/person")
}
