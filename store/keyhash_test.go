package store

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/tend-dev/tend/model"
)

// collide makes keys share the hash 42 for the rest of the test.
func collide(t *testing.T, keys ...string) {
	t.Helper()
	real := keyHash
	keyHash = func(k string) int64 {
		if slices.Contains(keys, k) {
			return 42
		}
		return real(k)
	}
	t.Cleanup(func() { keyHash = real })
}

// slotOf returns the key_hash a message's key is stored under.
func slotOf(t *testing.T, s *Store, key string) int64 {
	t.Helper()
	var h int64
	if err := s.db.QueryRow(`SELECT key_hash FROM messages WHERE key = ?`, key).Scan(&h); err != nil {
		t.Fatalf("slot of %q: %v", key, err)
	}
	return h
}

func mustBeIntact(t *testing.T, s *Store) {
	t.Helper()
	if err := s.IntegrityCheck(context.Background()); err != nil {
		t.Fatal(err)
	}
}

// TestCollidingKeysAreDistinctMessages: two keys with one hash are two
// messages, each found again by its key; a third is refused with an error
// naming it, and its batch stores nothing.
func TestCollidingKeysAreDistinctMessages(t *testing.T) {
	ctx := context.Background()
	s := openTemp(t)
	collide(t, "clash-a", "clash-b", "clash-c")
	ann, bob := addr("Ann", "ann@x.test"), addr("Bob", "bob@x.test")
	a := personal("clash-a", day(1), model.Inbound, ann)
	b := personal("clash-b", day(2), model.Inbound, bob)
	mustSave(t, s, batch("acc", "INBOX", 2, Item{UID: 1, Msg: a}, Item{UID: 2, Msg: b}))
	if got := stats(t, s); got.Messages != 2 || got.Interactions != 2 {
		t.Fatalf("after the first batch: %+v, want 2 messages, 2 interactions", got)
	}
	if ha, hb := slotOf(t, s, "clash-a"), slotOf(t, s, "clash-b"); ha != 42 || hb != collisionSlot(42) {
		t.Fatalf("slots: a %d, b %d; want 42 and %d", ha, hb, collisionSlot(42))
	}
	// Copies in another folder, in the other order, are the same messages.
	mustSave(t, s, batch("acc", "Archive", 2, Item{UID: 1, Msg: b}, Item{UID: 2, Msg: a}))
	if got := stats(t, s); got.Messages != 2 || got.Interactions != 2 {
		t.Fatalf("after the copies: %+v, want 2 messages, 2 interactions", got)
	}
	mustBeIntact(t, s)

	c := personal("clash-c", day(3), model.Inbound, ann)
	err := s.SaveBatch(ctx, batch("acc", "Sent", 1, Item{UID: 1, Msg: c}))
	if err == nil || !strings.Contains(err.Error(), `"clash-c"`) {
		t.Fatalf("third key of a hash: err = %v, want an error naming it", err)
	}
	if got := stats(t, s); got.Messages != 2 || got.Interactions != 2 {
		t.Fatalf("after the refused batch: %+v, want nothing more stored", got)
	}
	mustBeIntact(t, s)
}

// TestDeletingAHashSlotMovesItsCollider: when the message holding a hash
// is deleted, the one in its collision slot takes the hash, so that a key
// is never stored twice.
func TestDeletingAHashSlotMovesItsCollider(t *testing.T) {
	ctx := context.Background()
	s := openTemp(t)
	collide(t, "clash-a", "clash-b")
	ann, bob := addr("Ann", "ann@x.test"), addr("Bob", "bob@x.test")
	a := personal("clash-a", day(1), model.Inbound, ann)
	b := personal("clash-b", day(2), model.Inbound, bob)
	mustSave(t, s, batch("acc", "INBOX", 2, Item{UID: 1, Msg: a}, Item{UID: 2, Msg: b}))
	mustSave(t, s, batch("acc", "Archive", 1, Item{UID: 1, Msg: b}))
	// a lived only in INBOX.
	if err := s.DropFolder(ctx, "acc", "INBOX"); err != nil {
		t.Fatal(err)
	}
	if got := stats(t, s); got.Messages != 1 {
		t.Fatalf("after dropping INBOX: %+v, want 1 message", got)
	}
	if h := slotOf(t, s, "clash-b"); h != 42 {
		t.Fatalf("b's slot after a was deleted = %d, want 42", h)
	}
	mustBeIntact(t, s)
	// b again is the stored message; a again is new, in the collision slot.
	mustSave(t, s, batch("acc", "Sent", 2, Item{UID: 1, Msg: b}, Item{UID: 2, Msg: a}))
	if got := touches(t, s); got["bob@x.test"] != 1 || got["ann@x.test"] != 1 {
		t.Fatalf("touches %v, want one each", got)
	}
	if h := slotOf(t, s, "clash-a"); h != collisionSlot(42) {
		t.Fatalf("a's slot = %d, want %d", h, collisionSlot(42))
	}
	mustBeIntact(t, s)
}

// TestCollidingKeysFromASource: the one-message path (calendars, Gmail)
// stores colliding keys apart too, and finds each again.
func TestCollidingKeysFromASource(t *testing.T) {
	ctx := context.Background()
	s := openTemp(t)
	collide(t, "ev:x", "ev:y", "ev:z")
	ann := addr("Ann", "ann@x.test")
	item := SourceItem{ID: "/cal/a.ics", Msgs: []model.Message{
		meeting("ev:x", model.Message{At: day(0)}, ann),
		meeting("ev:y", model.Message{At: day(7)}, ann),
	}}
	mustSaveSource(t, s, SourceBatch{Cursor: "t1", Upserts: []SourceItem{item}})
	mustSaveSource(t, s, SourceBatch{Cursor: "t1", Upserts: []SourceItem{item}})
	if n, _ := s.MessageCount(ctx); n != 2 {
		t.Fatalf("messages = %d, want 2", n)
	}
	if got := touches(t, s); got["ann@x.test"] != 2 {
		t.Fatalf("touches %v, want ann 2", got)
	}
	mustBeIntact(t, s)
	item.Msgs = append(item.Msgs, meeting("ev:z", model.Message{At: day(14)}, ann))
	err := s.SaveSource(ctx, SourceBatch{Account: "cal", Source: "work", Cursor: "t2", SyncedAt: base, Upserts: []SourceItem{item}})
	if err == nil || !strings.Contains(err.Error(), `"ev:z"`) {
		t.Fatalf("third key of a hash: err = %v, want an error naming it", err)
	}
	mustBeIntact(t, s)
}

// TestMigrationToKeyHashKeepsEverything: an index of schema 5, with two
// keys sharing a hash, opens with every message, location and interaction
// kept (the rebuilt table is not dropped with foreign keys enforced), each
// message in a slot of its key, and the triggers in place.
func TestMigrationToKeyHashKeepsEverything(t *testing.T) {
	ctx := context.Background()
	path := indexAt(t, 5,
		`INSERT INTO people (id, name) VALUES (1, 'Ann'), (2, 'Bob')`,
		`INSERT INTO addresses (email, person_id) VALUES ('ann@x.test', 1), ('bob@x.test', 2)`,
		`INSERT INTO messages (id, key, at, date_fallback, class, reason, subject, sender, thread) VALUES
			(1, 'old-a', 100, 0, 'personal', '', 'hello', 'ann@x.test', 't1'),
			(2, 'old-b', 200, 0, 'personal', '', 'again', 'bob@x.test', 't2'),
			(3, 'old-c', 300, 0, 'personal', '', 'third', 'bob@x.test', 't3')`,
		`INSERT INTO locations (account, folder, uid, msg_id) VALUES ('acc', 'INBOX', 1, 1), ('acc', 'INBOX', 2, 2),
			('acc', 'INBOX', 3, 3)`,
		`INSERT INTO interactions (msg_id, person_id, email, direction, channel, at, weight, recipients, subject, thread) VALUES
			(1, 1, 'ann@x.test', 'in', 'email', 100, 1, 1, 'hello', 't1'),
			(2, 2, 'bob@x.test', 'in', 'email', 200, 1, 1, 'again', 't2'),
			(3, 2, 'bob@x.test', 'in', 'email', 300, 1, 1, 'third', 't3')`,
	)
	collide(t, "old-a", "old-b")
	s, err := Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if got := stats(t, s); got.Messages != 3 || got.Interactions != 3 || got.People != 2 {
		t.Fatalf("after the migration: %+v", got)
	}
	var locs int
	if err := s.db.QueryRow(`SELECT count(*) FROM locations`).Scan(&locs); err != nil || locs != 3 {
		t.Fatalf("locations = %d, %v; want 3", locs, err)
	}
	if ha, hb, hc := slotOf(t, s, "old-a"), slotOf(t, s, "old-b"), slotOf(t, s, "old-c"); ha != 42 || hb != collisionSlot(42) || hc != keyHash("old-c") {
		t.Fatalf("slots a %d, b %d, c %d", ha, hb, hc)
	}
	var triggers []string
	rows, err := s.db.Query(`SELECT name FROM sqlite_master WHERE type = 'trigger' ORDER BY name`)
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var n string
		rows.Scan(&n)
		triggers = append(triggers, n)
	}
	rows.Close()
	// interactions_thread is dropped by migration 7 (schema_triggers.go).
	if want := []string{"messages_key_slot", "messages_thread"}; !slices.Equal(triggers, want) {
		t.Fatalf("triggers %v, want %v", triggers, want)
	}
	mustBeIntact(t, s)
	// The migrated messages are found by key: their copies are not new.
	bob := addr("Bob", "bob@x.test")
	mustSave(t, s, batch("acc", "Archive", 2, Item{UID: 1, Msg: personal("old-b", fromUnix(200), model.Inbound, bob)},
		Item{UID: 2, Msg: personal("old-a", fromUnix(100), model.Inbound, bob)}))
	if got := stats(t, s); got.Messages != 3 || got.Interactions != 3 {
		t.Fatalf("after copies of migrated messages: %+v", got)
	}
	mustBeIntact(t, s)
}

// TestCollidingKeysFarApartInABatch: two keys of one hash far apart in a
// batch, so that their slots are looked up in different queries, are
// still two messages, each counted once.
func TestCollidingKeysFarApartInABatch(t *testing.T) {
	s := openTemp(t)
	collide(t, "clash-a", "clash-b")
	ann := addr("Ann", "ann@x.test")
	var items []Item
	for i := range bulkRows {
		key := fmt.Sprintf("m%d", i)
		switch i {
		case 0:
			key = "clash-a"
		case bulkRows - 1:
			key = "clash-b"
		}
		items = append(items, Item{UID: uint32(i + 1), Msg: personal(key, day(i), model.Inbound, ann)})
	}
	mustSave(t, s, batch("acc", "INBOX", uint32(bulkRows), items...))
	if got := stats(t, s); got.Messages != int64(bulkRows) || got.Interactions != int64(bulkRows) {
		t.Fatalf("stats %+v, want %d messages and interactions", got, bulkRows)
	}
	mustBeIntact(t, s)
}
