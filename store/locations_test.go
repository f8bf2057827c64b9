package store

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/tend-dev/tend/model"
)

// An index of schema 7 keyed its locations by (account, folder, uid). The
// migration to ids must keep every location in its folder, every cursor,
// and a location whose folder had no row; what the store does with
// folders afterwards (count, list, drop) must see them.
func TestMigrationToLocationIDsKeepsEverything(t *testing.T) {
	ctx := context.Background()
	path := indexAt(t, 7,
		`INSERT INTO people (id, name) VALUES (1, 'Ann')`,
		`INSERT INTO addresses (email, person_id) VALUES ('ann@x.test', 1)`,
		fmt.Sprintf(`INSERT INTO messages (id, key, at, date_fallback, class, reason, subject, sender, thread, key_hash) VALUES
			(1, 'only-inbox', 100, 0, 'bounce', '', 'a', 'ann@x.test', 't1', %d),
			(2, 'both', 200, 0, 'bounce', '', 'b', 'ann@x.test', 't2', %d),
			(3, 'orphan', 300, 0, 'personal', '', 'c', 'ann@x.test', 't3', %d)`, keyHash("only-inbox"), keyHash("both"), keyHash("orphan")),
		`INSERT INTO folders (account, folder, uidvalidity, last_uid, modseq, last_sync) VALUES
			('acc', 'INBOX', 10, 2, 5, 1000), ('acc', 'Archive', 20, 4000000000, 6, 1000), ('other', 'INBOX', 30, 9, 0, 1000)`,
		`INSERT INTO locations (account, folder, uid, msg_id) VALUES
			('acc', 'INBOX', 1, 1), ('acc', 'INBOX', 2, 2), ('acc', 'Archive', 4000000000, 2), ('acc', 'Lost', 7, 3)`,
		`INSERT INTO interactions (msg_id, person_id, email, direction, channel, at, weight, recipients, subject, thread) VALUES
			(1, 1, 'ann@x.test', 'in', 'email', 100, 1, 1, 'a', 't1'),
			(2, 1, 'ann@x.test', 'in', 'email', 200, 1, 1, 'b', 't2')`,
	)
	s, err := Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	states, err := s.FolderStates(ctx, "acc")
	if err != nil {
		t.Fatal(err)
	}
	type state struct {
		validity, last uint32
		modseq         uint64
		messages       int64
	}
	got := map[string]state{}
	for _, f := range states {
		got[f.Folder] = state{f.UIDValidity, f.LastUID, f.ModSeq, f.Messages}
	}
	want := map[string]state{
		"INBOX":   {10, 2, 5, 2},
		"Archive": {20, 4000000000, 6, 1},
		"Lost":    {0, 0, 0, 1}, // no cursor: the next sync reads it from the start
	}
	if len(got) != len(want) {
		t.Fatalf("folders after the migration: %+v", got)
	}
	for f, w := range want {
		if got[f] != w {
			t.Errorf("folder %s: %+v, want %+v", f, got[f], w)
		}
	}
	locs, err := s.ClassLocations(ctx, "acc", model.Bounce, 0)
	if err != nil {
		t.Fatal(err)
	}
	var where []MessageLocation
	for _, l := range locs {
		where = append(where, MessageLocation{Folder: l.Folder, UID: l.UID})
	}
	if wantLocs := []MessageLocation{{Folder: "Archive", UID: 4000000000}, {Folder: "INBOX", UID: 2}, {Folder: "INBOX", UID: 1}}; !equalLocations(where, wantLocs) {
		t.Errorf("bounce locations %+v, want %+v", where, wantLocs)
	}
	if err := s.IntegrityCheck(ctx); err != nil {
		t.Fatal(err)
	}

	// Dropping INBOX deletes the message that lived only there and keeps
	// the one also in Archive.
	if err := s.DropFolder(ctx, "acc", "INBOX"); err != nil {
		t.Fatal(err)
	}
	var keys []string
	rows, err := s.db.Query(`SELECT key FROM messages ORDER BY id`)
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var k string
		if err := rows.Scan(&k); err != nil {
			t.Fatal(err)
		}
		keys = append(keys, k)
	}
	rows.Close()
	if len(keys) != 2 || keys[0] != "both" || keys[1] != "orphan" {
		t.Errorf("messages after dropping INBOX: %q, want [both orphan]", keys)
	}
	var inbox int
	if err := s.db.QueryRow(`SELECT count(*) FROM folders WHERE account = 'acc' AND folder = 'INBOX'`).Scan(&inbox); err != nil || inbox != 0 {
		t.Errorf("INBOX rows after the drop: %d (%v)", inbox, err)
	}
	if err := s.IntegrityCheck(ctx); err != nil {
		t.Fatal(err)
	}
}

// An index of schema 8 kept its locations in a rowid table. Clustering
// them on their id must keep every location, count each folder's as
// before, and still ignore a location stored twice.
func TestMigrationToClusteredLocationsKeepsEverything(t *testing.T) {
	ctx := context.Background()
	path := indexAt(t, 8,
		fmt.Sprintf(`INSERT INTO messages (id, key, at, date_fallback, class, reason, subject, sender, thread, key_hash) VALUES
			(1, 'a', 100, 0, 'bulk', '', 'a', 'x@x.test', 'ta', %d),
			(2, 'b', 200, 0, 'bulk', '', 'b', 'x@x.test', 'tb', %d),
			(3, 'c', 300, 0, 'bulk', '', 'c', 'x@x.test', 'tc', %d)`, keyHash("a"), keyHash("b"), keyHash("c")),
		`INSERT INTO folders (id, account, folder, uidvalidity, last_uid, modseq, last_sync) VALUES
			(1, 'acc', 'INBOX', 10, 2, 0, 1000), (2, 'acc', 'Sent', 11, 5, 0, 1000), (7, 'acc', 'Archive', 12, 4000000000, 0, 1000)`,
		fmt.Sprintf(`INSERT INTO locations (id, msg_id) VALUES (%d, 1), (%d, 2), (%d, 3), (%d, 2)`,
			locationID(1, 1), locationID(1, 2), locationID(2, 5), locationID(7, 4000000000)),
	)
	s, err := Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	locations := func() string {
		t.Helper()
		rows, err := s.db.Query(`SELECT id >> 32, id & 0xFFFFFFFF, msg_id FROM locations ORDER BY id`)
		if err != nil {
			t.Fatal(err)
		}
		defer rows.Close()
		var out string
		for rows.Next() {
			var folder, uid, msg int64
			if err := rows.Scan(&folder, &uid, &msg); err != nil {
				t.Fatal(err)
			}
			out += fmt.Sprintf("%d/%d:%d ", folder, uid, msg)
		}
		return out
	}
	if got, want := locations(), "1/1:1 1/2:2 2/5:3 7/4000000000:2 "; got != want {
		t.Fatalf("locations after the migration: %s, want %s", got, want)
	}
	counts := func() map[string]int64 {
		t.Helper()
		states, err := s.FolderStates(ctx, "acc")
		if err != nil {
			t.Fatal(err)
		}
		got := map[string]int64{}
		for _, f := range states {
			got[f.Folder] = f.Messages
		}
		return got
	}
	if got := counts(); got["INBOX"] != 2 || got["Sent"] != 1 || got["Archive"] != 1 {
		t.Errorf("messages per folder after the migration: %v", got)
	}
	// INBOX again from UID 2: the stored location is ignored, the new one
	// stored once.
	b := Batch{Account: "acc", Folder: "INBOX", UIDValidity: 10, LastUID: 3, SyncedAt: time.Unix(2000, 0), Items: []Item{
		{UID: 2, Msg: model.Message{Key: "b", At: time.Unix(200, 0), Class: model.Bulk}},
		{UID: 3, Msg: model.Message{Key: "d", At: time.Unix(400, 0), Class: model.Bulk}},
	}}
	if err := s.SaveBatch(ctx, b); err != nil {
		t.Fatal(err)
	}
	if got, want := locations(), "1/1:1 1/2:2 1/3:4 2/5:3 7/4000000000:2 "; got != want {
		t.Errorf("locations after saving INBOX 2 and 3: %s, want %s", got, want)
	}
	if got := counts(); got["INBOX"] != 3 {
		t.Errorf("INBOX messages after saving 2 and 3: %d, want 3", got["INBOX"])
	}
	if err := s.IntegrityCheck(ctx); err != nil {
		t.Fatal(err)
	}
}

// A folder dropped and synced again gets a new id, and none of its old
// locations counts for it.
func TestFolderSyncedAgainAfterADrop(t *testing.T) {
	ctx := context.Background()
	s := openTemp(t)
	save := func(uids ...uint32) {
		t.Helper()
		b := Batch{Account: "acc", Folder: "INBOX", UIDValidity: 1, LastUID: uids[len(uids)-1], SyncedAt: time.Unix(1000, 0)}
		for _, u := range uids {
			b.Items = append(b.Items, Item{UID: u, Msg: model.Message{Key: "k" + string(rune('a'+u)), At: time.Unix(int64(u), 0), Class: model.Bulk}})
		}
		if err := s.SaveBatch(ctx, b); err != nil {
			t.Fatal(err)
		}
	}
	save(1, 2, 3)
	if err := s.DropFolder(ctx, "acc", "INBOX"); err != nil {
		t.Fatal(err)
	}
	save(5)
	states, err := s.FolderStates(ctx, "acc")
	if err != nil {
		t.Fatal(err)
	}
	if len(states) != 1 || states[0].Messages != 1 || states[0].LastUID != 5 {
		t.Fatalf("after the drop and a new sync: %+v", states)
	}
	if err := s.IntegrityCheck(ctx); err != nil {
		t.Fatal(err)
	}
}

func equalLocations(a, b []MessageLocation) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}
