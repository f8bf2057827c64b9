package scoring

import (
	"fmt"
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
		email := fmt.Sprintf("p%d@company%d.example", i, i%2000) // 2,000 companies of 10
		for j := range ts {
			ts[j].Email = email
		}
		hs[i] = model.PersonHistory{Name: fmt.Sprintf("Person %d", i), Email: email, Touches: ts}
	}
	rs := make([]Result, people)
	b.Run("score", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			for i, h := range hs {
				rs[i] = Score(h, testNow, Params{})
			}
		}
		b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/people, "ns/person")
	})
	b.Run("score+relate+rank", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			for i, h := range hs {
				rs[i] = Score(h, testNow, Params{})
			}
			Relate(rs, testNow, Params{})
			Rank(rs)
		}
		b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/people, "ns/person")
	})
}
