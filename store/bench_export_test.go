package store

import (
	"context"
	"io"
	"testing"
	"time"

	"github.com/tend-dev/tend/export"
	"github.com/tend-dev/tend/model"
	"github.com/tend-dev/tend/scoring"
)

// BenchmarkScoreAndExport runs what `tend export` does on an index of
// 1,000,000 interactions over 20,000 people: stream the histories, score and
// relate everyone, rank, and write the CSV.
//
//	go test -run XXX -bench ScoreAndExport -benchtime 3x ./store/
func BenchmarkScoreAndExport(b *testing.B) {
	ctx := context.Background()
	s := openTemp(b)
	const people, msgs = 20000, 500000
	fillHistories(b, s, people, msgs)
	now := base.Add(5 * 365 * 24 * time.Hour)
	p := scoring.Params{}
	for b.Loop() {
		var rs []scoring.Result
		err := s.Histories(ctx, func(h model.PersonHistory) error {
			if scoring.Include(h) {
				rs = append(rs, scoring.Score(h, now, p))
			}
			return nil
		})
		if err != nil {
			b.Fatal(err)
		}
		scoring.Relate(rs, now, p)
		scoring.Rank(rs)
		if err := export.WriteCSV(io.Discard, rs, export.CSVOptions{}); err != nil {
			b.Fatal(err)
		}
		if len(rs) != people {
			b.Fatalf("exported %d people, want %d", len(rs), people)
		}
	}
}
