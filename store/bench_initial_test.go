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
// the whole sync.
func BenchmarkInitialWrite(b *testing.B) {
	ctx := context.Background()
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
	for b.Loop() {
		b.StopTimer()
		s := openTemp(b)
		b.StartTimer()
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
				if err := tx.Commit(); err != nil {
					b.Fatal(err)
				}
				tx = nil
			}
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(total*b.N), "ns/msg")
}
