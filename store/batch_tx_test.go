package store

import (
	"context"
	"fmt"
	"math"
	"reflect"
	"testing"

	"github.com/tend-dev/tend/model"
)

// bigBatches builds n messages over a few folders, with repeats across
// folders and within a batch, names that change over time and more rows
// than one multi-row statement carries.
func bigBatches(n int) []Batch {
	var bs []Batch
	for f, folder := range []string{"INBOX", "Sent", "Archive"} {
		b := batch("a", folder, uint32(n))
		for i := 1; i <= n; i++ {
			key := fmt.Sprintf("<%d@x>", i%(n*2/3)) // a third are copies
			who := addr(fmt.Sprintf("Person %d v%d", i%37, i/50), fmt.Sprintf("p%d@X.test", i%37))
			m := personal(key, day(i%400), model.Inbound, who, addr("", fmt.Sprintf("q%d@x.test", (i*7)%53)))
			if f == 1 {
				m.Interactions[0].Direction = model.Outbound
			}
			b.Items = append(b.Items, Item{UID: uint32(i), Msg: m})
		}
		bs = append(bs, b)
	}
	return bs
}

// Saving batches in one transaction, in large multi-row statements, stores
// exactly what saving them one message at a time does.
func TestBatchTxEqualsOneByOne(t *testing.T) {
	ctx := context.Background()
	bs := bigBatches(3*bulkRows + 17)
	one := openTemp(t)
	for _, b := range bs {
		for _, it := range b.Items {
			mustSave(t, one, batch(b.Account, b.Folder, it.UID, it))
		}
	}
	grouped := openTemp(t)
	tx, err := grouped.BeginBatches(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for _, b := range bs {
		if err := tx.Save(b); err != nil {
			t.Fatal(err)
		}
	}
	if got, want := tx.Messages(), 3*len(bs[0].Items); got != want {
		t.Errorf("Messages() = %d, want %d", got, want)
	}
	if err := tx.Commit(); err != nil {
		t.Fatal(err)
	}
	if got, want := stats(t, grouped), stats(t, one); got != want {
		t.Errorf("stats = %+v, want %+v", got, want)
	}
	if got, want := histories(t, grouped), histories(t, one); !reflect.DeepEqual(got, want) {
		t.Errorf("histories differ: %d people vs %d", len(got), len(want))
	}
	for _, s := range []*Store{one, grouped} {
		if err := s.IntegrityCheck(ctx); err != nil {
			t.Error(err)
		}
	}
}

// A batch that fails while being written leaves nothing of its
// transaction: no message and no cursor, so the next sync fetches it all
// again. A refused item (checked before writing) does not spoil the rest.
func TestBatchTxFailureSavesNothing(t *testing.T) {
	ctx := context.Background()
	s := openTemp(t)
	mustSave(t, s, batch("a", "INBOX", 3, Item{3, personal("m0", day(0), model.Inbound, addr("", "ann@x.test"))}))
	tx, err := s.BeginBatches(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if err := tx.Save(batch("a", "Sent", 5, Item{5, personal("m1", day(1), model.Outbound, addr("", "bob@x.test"))})); err != nil {
		t.Fatal(err)
	}
	bad := personal("m2", day(2), model.Inbound, addr("", "cy@x.test"))
	bad.Interactions[0].Weight = math.NaN()
	if err := tx.Save(batch("a", "Sent", 6, Item{6, bad})); err == nil {
		t.Fatal("a NaN weight was saved")
	}
	changed := batch("a", "INBOX", 9, Item{9, personal("m3", day(3), model.Inbound, addr("", "dee@x.test"))})
	changed.UIDValidity = 8 // INBOX is stored under 7
	if err := tx.Save(changed); err == nil {
		t.Fatal("a batch under a changed UIDVALIDITY was saved")
	}
	if err := tx.Save(batch("a", "Sent", 7)); err == nil {
		t.Fatal("Save after a failed write succeeded")
	}
	if err := tx.Commit(); err == nil {
		t.Fatal("Commit after a failed write succeeded")
	}
	if got, want := stats(t, s), (Stats{People: 1, Addresses: 1, Messages: 1, Interactions: 1}); got != want {
		t.Errorf("stats = %+v, want %+v (only the first, separately committed batch)", got, want)
	}
	states, err := s.FolderStates(ctx, "a")
	if err != nil {
		t.Fatal(err)
	}
	if len(states) != 1 || states[0].Folder != "INBOX" || states[0].LastUID != 3 {
		t.Errorf("cursors = %+v, want INBOX at 3 only", states)
	}
}

// A transaction whose context ends is never committed, in part or whole:
// the batches saved before the end are dropped with their cursors, a Save
// after it fails, and the store accepts the next transaction. (The bulk
// rows go to the driver's connection directly, so an automatic rollback
// from another goroutine would leave them to commit on their own.)
func TestBatchTxCancelledSavesNothing(t *testing.T) {
	s := openTemp(t)
	ctx, cancel := context.WithCancel(context.Background())
	tx, err := s.BeginBatches(ctx)
	if err != nil {
		t.Fatal(err)
	}
	bs := bigBatches(bulkRows + 5)
	if err := tx.Save(bs[0]); err != nil {
		t.Fatal(err)
	}
	cancel()
	if err := tx.Commit(); err == nil {
		t.Fatal("Commit after the context ended succeeded")
	}
	tx.Rollback() // as SaveBatch's deferred call does: harmless after Commit
	if got := stats(t, s); got != (Stats{}) {
		t.Errorf("stats = %+v after a cancelled transaction, want nothing", got)
	}
	ctx, cancel = context.WithCancel(context.Background())
	if tx, err = s.BeginBatches(ctx); err != nil {
		t.Fatal(err)
	}
	cancel()
	if err := tx.Save(bs[1]); err == nil {
		t.Error("Save after the context ended succeeded")
	}
	tx.Rollback()
	mustSave(t, s, bs[2])
	if got := stats(t, s); got.Messages == 0 {
		t.Errorf("stats = %+v after the next save, want its messages", got)
	}
}
