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

// saveOne saves one inbound message from email in a batch transaction of
// its own, committed or rolled back.
func saveOne(t *testing.T, s *Store, key string, uid uint32, email string, commit bool) {
	t.Helper()
	tx, err := s.BeginBatches(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	it := Item{UID: uid, Msg: personal(key, day(int(uid)), model.Inbound, addr("", email))}
	if err := tx.Save(batch("a", "INBOX", uid, it)); err != nil {
		t.Fatal(err)
	}
	if !commit {
		tx.Rollback()
		return
	}
	if err := tx.Commit(); err != nil {
		t.Fatal(err)
	}
}

// personOf returns the person of email's address and of each of its
// interactions.
func personOf(t *testing.T, s *Store, email string) (address int64, interactions []int64) {
	t.Helper()
	ctx := context.Background()
	if err := s.db.QueryRowContext(ctx, `SELECT person_id FROM addresses WHERE email = ?`, email).Scan(&address); err != nil {
		t.Fatal(err)
	}
	rows, err := s.db.QueryContext(ctx, `SELECT person_id FROM interactions WHERE email = ? ORDER BY id`, email)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	for rows.Next() {
		var p int64
		if err := rows.Scan(&p); err != nil {
			t.Fatal(err)
		}
		interactions = append(interactions, p)
	}
	return address, interactions
}

// The writer keeps addresses between its transactions, but a change made
// meanwhile through another connection (here a merge) is seen: the next
// interaction goes to the address's new person, not the cached one.
func TestWriterCacheSeesOtherWriters(t *testing.T) {
	s := openTemp(t)
	saveOne(t, s, "<1@x>", 1, "b@x.test", true)
	saveOne(t, s, "<2@x>", 2, "a@x.test", true)
	before, _ := personOf(t, s, "a@x.test")
	if err := s.LinkAddresses(context.Background(), []string{"a@x.test", "b@x.test"}); err != nil {
		t.Fatal(err)
	}
	saveOne(t, s, "<3@x>", 3, "a@x.test", true)
	after, inter := personOf(t, s, "a@x.test")
	if after == before {
		t.Fatalf("the merge did not move a@x.test (person %d)", after)
	}
	for _, p := range inter {
		if p != after {
			t.Errorf("an interaction of a@x.test went to person %d, its address is person %d", p, after)
		}
	}
	if err := s.IntegrityCheck(context.Background()); err != nil {
		t.Error(err)
	}
}

// A rolled-back transaction's new addresses and people are not kept: the
// next transaction creates them again instead of pointing at rows that
// were never committed.
func TestWriterCacheForgetsRolledBackRows(t *testing.T) {
	s := openTemp(t)
	saveOne(t, s, "<1@x>", 1, "b@x.test", true)
	saveOne(t, s, "<2@x>", 2, "c@x.test", false)
	saveOne(t, s, "<2@x>", 2, "c@x.test", true)
	addrPerson, inter := personOf(t, s, "c@x.test")
	if len(inter) != 1 || inter[0] != addrPerson {
		t.Fatalf("c@x.test: address person %d, interactions %v", addrPerson, inter)
	}
	if err := s.IntegrityCheck(context.Background()); err != nil {
		t.Error(err)
	}
}
