package store

import (
	"context"
	"testing"

	"github.com/tend-dev/tend/model"
)

// twoFolders saves: m1 only in INBOX, m2 in INBOX and Sent, m3 only in Sent,
// and m4 in INBOX of account a and INBOX of account b.
func twoFolders(t *testing.T) *Store {
	t.Helper()
	s := openTemp(t)
	ann, bob, cat := addr("Ann", "ann@x.test"), addr("Bob", "bob@x.test"), addr("Cat", "cat@x.test")
	m1 := personal("m1", day(0), model.Inbound, ann)
	m2 := personal("m2", day(1), model.Outbound, bob)
	m3 := personal("m3", day(2), model.Outbound, cat)
	m4 := personal("m4", day(3), model.Inbound, cat)
	mustSave(t, s, batch("a", "INBOX", 4, Item{1, m1}, Item{2, m2}, Item{4, m4}))
	mustSave(t, s, batch("a", "Sent", 2, Item{1, m2}, Item{2, m3}))
	mustSave(t, s, batch("b", "INBOX", 1, Item{1, m4}))
	return s
}

func touches(t *testing.T, s *Store) map[string]int {
	t.Helper()
	out := map[string]int{}
	for _, h := range histories(t, s) {
		out[h.Email] = len(h.Touches)
	}
	return out
}

func TestResetFolder(t *testing.T) {
	ctx := context.Background()
	s := twoFolders(t)
	if err := s.ResetFolder(ctx, "a", "INBOX", 99); err != nil {
		t.Fatalf("ResetFolder: %v", err)
	}
	// m1 lived only in a/INBOX: gone. m2 is still in Sent, m4 still in b/INBOX.
	if got, want := touches(t, s), map[string]int{"bob@x.test": 1, "cat@x.test": 2}; !equalCounts(got, want) {
		t.Errorf("touches after reset = %v, want %v", got, want)
	}
	if n, _ := s.MessageCount(ctx); n != 3 {
		t.Errorf("MessageCount = %d, want 3", n)
	}
	st, err := s.FolderStates(ctx, "a")
	if err != nil {
		t.Fatal(err)
	}
	want := []FolderState{
		{Account: "a", Folder: "INBOX", UIDValidity: 99, LastSync: base},
		{Account: "a", Folder: "Sent", UIDValidity: 7, LastUID: 2, Messages: 2, LastSync: base},
	}
	if len(st) != 2 || st[0] != want[0] || st[1] != want[1] {
		t.Errorf("FolderStates = %+v, want %+v", st, want)
	}
	// Refetching under the new validity stores the message again.
	mustSave(t, s, Batch{Account: "a", Folder: "INBOX", UIDValidity: 99, LastUID: 1, SyncedAt: day(1),
		Items: []Item{{1, personal("m1", day(0), model.Inbound, addr("Ann", "ann@x.test"))}}})
	if got := touches(t, s)["ann@x.test"]; got != 1 {
		t.Errorf("ann touches after refetch = %d, want 1", got)
	}
	if err := s.IntegrityCheck(ctx); err != nil {
		t.Error(err)
	}
}

func TestDropFolder(t *testing.T) {
	ctx := context.Background()
	s := twoFolders(t)
	if err := s.DropFolder(ctx, "a", "Sent"); err != nil {
		t.Fatalf("DropFolder: %v", err)
	}
	if got, want := touches(t, s), map[string]int{"ann@x.test": 1, "bob@x.test": 1, "cat@x.test": 1}; !equalCounts(got, want) {
		t.Errorf("touches after drop = %v, want %v", got, want)
	}
	st, err := s.FolderStates(ctx, "a")
	if err != nil {
		t.Fatal(err)
	}
	if len(st) != 1 || st[0].Folder != "INBOX" || st[0].Messages != 3 {
		t.Errorf("FolderStates = %+v, want only INBOX with 3 messages", st)
	}
	// Dropping a folder that is not there is not an error.
	if err := s.DropFolder(ctx, "a", "Nope"); err != nil {
		t.Errorf("DropFolder of unknown folder: %v", err)
	}
}

func TestTouchFolder(t *testing.T) {
	ctx := context.Background()
	s := openTemp(t)
	for _, c := range []struct {
		name string
		do   func() error
		want FolderState
	}{
		{"creates the row", func() error { return s.TouchFolder(ctx, "a", "INBOX", 5, 10, day(0)) },
			FolderState{Account: "a", Folder: "INBOX", UIDValidity: 5, ModSeq: 10, LastSync: day(0)}},
		{"keeps the cursor", func() error {
			if err := s.SaveBatch(ctx, Batch{Account: "a", Folder: "INBOX", UIDValidity: 5, LastUID: 30, ModSeq: 20, SyncedAt: day(1)}); err != nil {
				return err
			}
			return s.TouchFolder(ctx, "a", "INBOX", 5, 20, day(2))
		}, FolderState{Account: "a", Folder: "INBOX", UIDValidity: 5, LastUID: 30, ModSeq: 20, LastSync: day(2)}},
	} {
		t.Run(c.name, func(t *testing.T) {
			if err := c.do(); err != nil {
				t.Fatal(err)
			}
			st, err := s.FolderStates(ctx, "a")
			if err != nil {
				t.Fatal(err)
			}
			if len(st) != 1 || st[0] != c.want {
				t.Errorf("FolderStates = %+v, want %+v", st, c.want)
			}
		})
	}
}

func TestFolderStatesUnknownAccount(t *testing.T) {
	st, err := twoFolders(t).FolderStates(context.Background(), "nobody")
	if err != nil || len(st) != 0 {
		t.Errorf("FolderStates(unknown) = %v, %v; want none", st, err)
	}
}

func equalCounts(a, b map[string]int) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if b[k] != v {
			return false
		}
	}
	return true
}
