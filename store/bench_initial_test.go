package store

import (
	"context"
	"fmt"
	"math/rand"
	"testing"
	"time"

	"github.com/tend-dev/tend/model"
)

// BenchmarkInitialWrite stores 100,000 messages (one interaction each, with
// Zipf-distributed correspondents, random Message-IDs and threads) as an
// initial sync's writer does: 1,000-message batches, committed 32 at a
// time. It measures the SQLite side of an initial sync alone; bench/ has
// the whole sync. "bulk" drops the deferred indexes first and rebuilds them
// at the end, as a large initial sync does; "maintained" keeps them.
func BenchmarkInitialWrite(b *testing.B) {
	rng := rand.New(rand.NewSource(1))
	z := rand.NewZipf(rng, 1.1, 2, 7000)
	const total, per = 100000, 1000
	var batches []Batch
	for n := 0; n < total; n += per {
		bt := Batch{Account: "a", Folder: "INBOX", UIDValidity: 1, SyncedAt: base, LastUID: uint32(n + per), Items: make([]Item, per)}
		for i := range bt.Items {
			k := n + i
			at := base.Add(time.Duration(k) * time.Minute)
			key := fmt.Sprintf("<CA%016x%08x@mail.example.com>", rng.Uint64(), k)
			p := z.Uint64()
			m := personal(key, at, model.Inbound, addr(fmt.Sprintf("Person %d", p), fmt.Sprintf("person.%d@company%d.test", p, p%300)))
			m.Subject = fmt.Sprintf("Re: quarterly planning for the %d account review", rng.Intn(1000))
			m.ThreadKey = fmt.Sprintf("<CA%016x@mail.example.com>", rng.Uint64()%40000)
			bt.Items[i] = Item{UID: uint32(k + 1), Msg: m}
		}
		batches = append(batches, bt)
	}
	b.Run("maintained", func(b *testing.B) { benchInitialWrite(b, batches, false) })
	b.Run("bulk", func(b *testing.B) { benchInitialWrite(b, batches, true) })
}

func benchInitialWrite(b *testing.B, batches []Batch, bulk bool) {
	ctx := context.Background()
	total := 0
	for _, bt := range batches {
		total += len(bt.Items)
	}
	var commits, rebuilds time.Duration
	for b.Loop() {
		b.StopTimer()
		s := openTemp(b)
		b.StartTimer()
		end := func(context.Context) error { return nil }
		if bulk {
			var err error
			if end, err = s.BeginBulkLoad(ctx, int64(total)); err != nil {
				b.Fatal(err)
			}
		}
		var tx *BatchTx
		var err error
		for i, bt := range batches {
			if tx == nil {
				if tx, err = s.BeginBatches(ctx); err != nil {
					b.Fatal(err)
				}
			}
			if err := tx.Save(bt); err != nil {
				b.Fatal(err)
			}
			if i%32 == 31 || i == len(batches)-1 {
				t0 := time.Now()
				err := tx.Commit()
				commits += time.Since(t0)
				if err != nil {
					b.Fatal(err)
				}
				tx = nil
			}
		}
		t0 := time.Now()
		if err := end(ctx); err != nil {
			b.Fatal(err)
		}
		rebuilds += time.Since(t0)
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(total*b.N), "ns/msg")
	b.ReportMetric(float64(commits.Milliseconds())/float64(b.N), "commit-ms/op")
	if bulk {
		b.ReportMetric(float64(rebuilds.Milliseconds())/float64(b.N), "rebuild-ms/op")
	}
}
