package store

import (
	"context"
	"errors"
	"fmt"
	"math"
	"path/filepath"
	"testing"

	"github.com/tend-dev/tend/model"
)

func TestSaveBatchDedupes(t *testing.T) {
	ann, bob := addr("Ann", "Ann@X.test"), addr("Bob", "bob@x.test")
	m1 := personal("m1", day(0), model.Inbound, ann)
	m2 := personal("m2", day(1), model.Outbound, ann, bob)
	want := Stats{People: 2, Addresses: 2, Messages: 2, Interactions: 3}
	for _, c := range []struct {
		name    string
		batches []Batch
	}{
		{"one folder", []Batch{batch("a", "INBOX", 2, Item{1, m1}, Item{2, m2})}},
		{"same batch twice", []Batch{
			batch("a", "INBOX", 2, Item{1, m1}, Item{2, m2}),
			batch("a", "INBOX", 2, Item{1, m1}, Item{2, m2}),
		}},
		{"same message in two folders", []Batch{
			batch("a", "INBOX", 2, Item{1, m1}, Item{2, m2}),
			batch("a", "Sent", 9, Item{9, m2}),
		}},
		{"same message in two accounts", []Batch{
			batch("a", "INBOX", 2, Item{1, m1}, Item{2, m2}),
			batch("b", "INBOX", 5, Item{4, m1}, Item{5, m2}),
		}},
		{"twice in one batch", []Batch{batch("a", "INBOX", 3, Item{1, m1}, Item{2, m2}, Item{3, m2})}},
	} {
		t.Run(c.name, func(t *testing.T) {
			s := openTemp(t)
			for _, b := range c.batches {
				mustSave(t, s, b)
			}
			if got := stats(t, s); got != want {
				t.Errorf("stats = %+v, want %+v", got, want)
			}
			h := byEmail(histories(t, s))
			if n := len(h["ann@x.test"].Touches); n != 2 {
				t.Errorf("ann has %d touches, want 2 (address must be lowercased, duplicates ignored)", n)
			}
		})
	}
}

func TestSaveBatchAdvancesCursor(t *testing.T) {
	ctx := context.Background()
	s := openTemp(t)
	m := personal("m1", day(0), model.Inbound, addr("", "ann@x.test"))
	b := batch("a", "INBOX", 40, Item{40, m})
	b.ModSeq = 100
	mustSave(t, s, b)
	// A late, lower cursor (a retried older batch) must not move it back.
	old := batch("a", "INBOX", 10)
	old.ModSeq = 50
	old.SyncedAt = day(1)
	mustSave(t, s, old)
	got, err := s.FolderStates(ctx, "a")
	if err != nil {
		t.Fatal(err)
	}
	want := []FolderState{{Account: "a", Folder: "INBOX", UIDValidity: 7, LastUID: 40, ModSeq: 100, Messages: 1, LastSync: day(1)}}
	if len(got) != 1 || got[0] != want[0] {
		t.Errorf("FolderStates = %+v, want %+v", got, want)
	}
}

func TestSaveBatchRefusesChangedUIDValidity(t *testing.T) {
	s := openTemp(t)
	mustSave(t, s, batch("a", "INBOX", 3, Item{3, personal("m1", day(0), model.Inbound, addr("", "ann@x.test"))}))
	b := batch("a", "INBOX", 4, Item{4, personal("m2", day(0), model.Inbound, addr("", "ann@x.test"))})
	b.UIDValidity = 8
	err := s.SaveBatch(context.Background(), b)
	if !errors.Is(err, ErrUIDValidityChanged) {
		t.Fatalf("SaveBatch with new uidvalidity: err = %v, want ErrUIDValidityChanged", err)
	}
	if n, _ := s.MessageCount(context.Background()); n != 1 {
		t.Errorf("refused batch left %d messages, want 1", n)
	}
}

func TestSaveBatchBadInput(t *testing.T) {
	good := personal("ok", day(0), model.Inbound, addr("", "ann@x.test"))
	nan := personal("nan", day(0), model.Inbound, addr("", "bob@x.test"))
	nan.Interactions[0].Weight = math.NaN()
	for _, c := range []struct {
		name string
		b    Batch
	}{
		{"empty key", batch("a", "INBOX", 2, Item{1, good}, Item{2, model.Message{At: day(0)}})},
		{"NaN weight", batch("a", "INBOX", 2, Item{1, good}, Item{2, nan})},
		{"no account", batch("", "INBOX", 1, Item{1, good})},
		{"no folder", batch("a", "", 1, Item{1, good})},
	} {
		t.Run(c.name, func(t *testing.T) {
			s := openTemp(t)
			if err := s.SaveBatch(context.Background(), c.b); err == nil {
				t.Fatal("SaveBatch succeeded, want error")
			}
			if got := stats(t, s); got != (Stats{}) {
				t.Errorf("failed batch left %+v, want nothing", got)
			}
		})
	}
}

func TestSaveBatchSkipsInteractionWithoutAddress(t *testing.T) {
	s := openTemp(t)
	m := personal("m1", day(0), model.Inbound, addr("Nobody", "  "), addr("Ann", "ann@x.test"))
	mustSave(t, s, batch("a", "INBOX", 1, Item{1, m}))
	if got, want := stats(t, s), (Stats{People: 1, Addresses: 1, Messages: 1, Interactions: 1}); got != want {
		t.Errorf("stats = %+v, want %+v", got, want)
	}
}

func TestSaveBatchNameRule(t *testing.T) {
	ann := func(name string) model.Address { return addr(name, "ann@x.test") }
	for _, c := range []struct {
		name string
		msgs []model.Message // saved in this order, one batch each
		want string
	}{
		{"first name", []model.Message{personal("1", day(0), "in", ann("Ann"))}, "Ann"},
		{"newer replaces", []model.Message{
			personal("1", day(0), "in", ann("Ann")), personal("2", day(1), "in", ann("Ann Smith"))}, "Ann Smith"},
		{"older does not replace", []model.Message{
			personal("2", day(1), "in", ann("Ann Smith")), personal("1", day(0), "in", ann("annie"))}, "Ann Smith"},
		{"same time replaces", []model.Message{
			personal("1", day(0), "in", ann("Ann")), personal("2", day(0), "in", ann("Ann B"))}, "Ann B"},
		{"empty never replaces", []model.Message{
			personal("1", day(0), "in", ann("Ann")), personal("2", day(5), "in", ann(""))}, "Ann"},
		{"old name fills an empty one", []model.Message{
			personal("2", day(5), "in", ann("")), personal("1", day(0), "in", ann("Ann"))}, "Ann"},
	} {
		t.Run(c.name, func(t *testing.T) {
			s := openTemp(t)
			for i, m := range c.msgs {
				mustSave(t, s, batch("a", "INBOX", uint32(i+1), Item{uint32(i + 1), m}))
			}
			hs := histories(t, s)
			if len(hs) != 1 || hs[0].Name != c.want {
				t.Fatalf("histories = %+v, want one person named %q", hs, c.want)
			}
			var addrName string
			if err := s.db.QueryRow("SELECT name FROM addresses WHERE email = 'ann@x.test'").Scan(&addrName); err != nil {
				t.Fatal(err)
			}
			if addrName != c.want {
				t.Errorf("address name = %q, want %q", addrName, c.want)
			}
		})
		// Each batch by a process of its own: the rule then reads the
		// names and their times back from the index, not from the
		// writer's cache.
		t.Run(c.name+", index reopened", func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "tend.db")
			for i, m := range c.msgs {
				s, err := Open(context.Background(), path)
				if err != nil {
					t.Fatal(err)
				}
				mustSave(t, s, batch("a", "INBOX", uint32(i+1), Item{uint32(i + 1), m}))
				s.Close()
			}
			s, err := Open(context.Background(), path)
			if err != nil {
				t.Fatal(err)
			}
			defer s.Close()
			var addrName, personName string
			if err := s.db.QueryRow(`SELECT a.name, p.name FROM addresses a JOIN people p ON p.id = a.person_id
				WHERE a.email = 'ann@x.test'`).Scan(&addrName, &personName); err != nil {
				t.Fatal(err)
			}
			if addrName != c.want || personName != c.want {
				t.Errorf("address name %q, person name %q, want %q", addrName, personName, c.want)
			}
		})
	}
	t.Run("within one batch", func(t *testing.T) {
		s := openTemp(t)
		mustSave(t, s, batch("a", "INBOX", 2,
			Item{1, personal("2", day(1), "in", ann("New"))}, Item{2, personal("1", day(0), "in", ann("Old"))}))
		if hs := histories(t, s); len(hs) != 1 || hs[0].Name != "New" {
			t.Fatalf("histories = %+v, want one person named New", hs)
		}
	})
}

func TestSaveBatchStoresMessageFields(t *testing.T) {
	s := openTemp(t)
	m := model.Message{Key: "k@x", At: day(2), DateFallback: true, Subject: "Lunch?", ThreadKey: "root@x",
		From: "Ann@X.test", Class: model.Bulk, Reason: "List-Id header"}
	mustSave(t, s, batch("a", "INBOX", 1, Item{1, m}))
	var at int64
	var fallback bool
	var class, reason, subject, sender, thread string
	err := s.db.QueryRow(`SELECT at, date_fallback, class, reason, subject, sender, thread FROM messages WHERE key = 'k@x'`).
		Scan(&at, &fallback, &class, &reason, &subject, &sender, &thread)
	if err != nil {
		t.Fatal(err)
	}
	if at != day(2).Unix() || !fallback || class != "bulk" || reason != "List-Id header" ||
		subject != "Lunch?" || sender != "ann@x.test" || thread != "root@x" {
		t.Errorf("stored %d %v %q %q %q %q %q", at, fallback, class, reason, subject, sender, thread)
	}
	if st := stats(t, s); st.People != 0 || st.Interactions != 0 {
		t.Errorf("bulk message without interactions created %+v", st)
	}
}

// TestSaveBatchMixesStoredAndNew saves a batch, larger than one multi-row
// statement, in which stored messages sit between new ones: every new
// message is stored once, with its own interactions (told apart here by
// subject), and stored ones gain nothing.
func TestSaveBatchMixesStoredAndNew(t *testing.T) {
	s := openTemp(t)
	msg := func(i int) model.Message {
		return personal(fmt.Sprintf("<m%d@x>", i), day(i%300), model.Inbound, addr("", fmt.Sprintf("p%d@x.test", i%7)))
	}
	var first, second []Item
	for i := range 300 {
		if i%3 == 0 {
			first = append(first, Item{UID: uint32(len(first) + 1), Msg: msg(i)})
		}
		second = append(second, Item{UID: uint32(i + 1), Msg: msg(i)})
	}
	mustSave(t, s, batch("a", "INBOX", uint32(len(first)), first...))
	mustSave(t, s, batch("a", "Archive", 300, second...))
	if got, want := stats(t, s), (Stats{People: 7, Addresses: 7, Messages: 300, Interactions: 300}); got != want {
		t.Errorf("stats = %+v, want %+v", got, want)
	}
	n := 0
	for _, h := range histories(t, s) {
		for _, tc := range h.Touches {
			n++
			var i int
			if _, err := fmt.Sscanf(tc.Subject, "subj <m%d@x>", &i); err != nil {
				t.Fatalf("touch subject %q: %v", tc.Subject, err)
			}
			if want := fmt.Sprintf("p%d@x.test", i%7); tc.Email != want || !tc.At.Equal(day(i%300)) {
				t.Errorf("touch of message %d is with %s at %v, want %s at %v", i, tc.Email, tc.At, want, day(i%300))
			}
		}
	}
	if n != 300 {
		t.Errorf("%d touches, want 300", n)
	}
	// Each interaction and location points at its own message (what the
	// timeline shows and what deleting a folder removes).
	var wrong int
	err := s.db.QueryRow(`SELECT
		(SELECT count(*) FROM interactions i JOIN messages m ON m.id = i.msg_id WHERE m.subject <> i.subject) +
		(SELECT count(*) FROM locations l JOIN messages m ON m.id = l.msg_id JOIN folders f ON f.id = l.id >> 32
			WHERE f.folder = 'Archive' AND m.key <> '<m' || ((l.id & 0xFFFFFFFF) - 1) || '@x>')`).Scan(&wrong)
	if err != nil || wrong != 0 {
		t.Errorf("%d interactions or locations point at another message (%v)", wrong, err)
	}
	if err := s.IntegrityCheck(context.Background()); err != nil {
		t.Error(err)
	}
}
