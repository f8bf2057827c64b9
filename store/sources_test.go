package store

import (
	"context"
	"testing"

	"github.com/tend-dev/tend/model"
)

// meeting builds a meeting message with one Mutual interaction per address.
func meeting(key string, at model.Message, who ...model.Address) model.Message {
	m := at
	m.Key, m.ThreadKey, m.Class = key, key, model.Personal
	for _, a := range who {
		m.Interactions = append(m.Interactions, model.Interaction{Email: a.Email, Name: a.Name,
			Direction: model.Mutual, Channel: model.Meeting, At: m.At, Weight: 1, Recipients: len(who)})
	}
	return m
}

func mustSaveSource(t *testing.T, s *Store, b SourceBatch) {
	t.Helper()
	if b.Account == "" {
		b.Account = "cal"
	}
	if b.Source == "" {
		b.Source = "work"
	}
	if b.SyncedAt.IsZero() {
		b.SyncedAt = base
	}
	if err := s.SaveSource(context.Background(), b); err != nil {
		t.Fatalf("SaveSource: %v", err)
	}
}

func TestSaveSourceReplacesDeletesAndResets(t *testing.T) {
	ctx := context.Background()
	s := openTemp(t)
	ann, bob := addr("Ann", "ann@x.test"), addr("Bob", "bob@x.test")
	weekly := SourceItem{ID: "/cal/weekly.ics", Msgs: []model.Message{
		meeting("ev:w/1", model.Message{At: day(0)}, ann),
		meeting("ev:w/2", model.Message{At: day(7)}, ann),
		meeting("ev:w/3", model.Message{At: day(14)}, ann),
	}}
	mustSaveSource(t, s, SourceBatch{Cursor: "t1", Upserts: []SourceItem{weekly,
		{ID: "/cal/lunch.ics", Msgs: []model.Message{meeting("ev:lunch", model.Message{At: day(3)}, bob)}}}})
	// The same batch again (a crash before the cursor was read back) changes nothing.
	mustSaveSource(t, s, SourceBatch{Cursor: "t1", Upserts: []SourceItem{weekly}})
	if got := touches(t, s); got["ann@x.test"] != 3 || got["bob@x.test"] != 1 {
		t.Fatalf("after first sync: touches %v, want ann 3, bob 1", got)
	}

	// An EXDATE drops the second occurrence; the lunch is deleted.
	weekly.Msgs = []model.Message{weekly.Msgs[0], weekly.Msgs[2]}
	mustSaveSource(t, s, SourceBatch{Cursor: "t2", Upserts: []SourceItem{weekly}, Deletes: []string{"/cal/lunch.ics"}})
	if got := touches(t, s); got["ann@x.test"] != 2 || got["bob@x.test"] != 0 {
		t.Fatalf("after edit: touches %v, want ann 2, bob 0", got)
	}
	if n, _ := s.MessageCount(ctx); n != 2 {
		t.Fatalf("messages = %d, want 2 (deleted ones are gone)", n)
	}
	cur, synced, err := s.SourceCursor(ctx, "cal", "work")
	if err != nil || cur != "t2" || !synced.Equal(base) {
		t.Fatalf("SourceCursor = %q, %v, %v; want t2 at %v", cur, synced, err, base)
	}

	// A reset with one new event forgets everything else.
	mustSaveSource(t, s, SourceBatch{Cursor: "t3", Reset: true, Upserts: []SourceItem{
		{ID: "/cal/new.ics", Msgs: []model.Message{meeting("ev:new", model.Message{At: day(20)}, bob)}}}})
	if got := touches(t, s); got["ann@x.test"] != 0 || got["bob@x.test"] != 1 {
		t.Fatalf("after reset: touches %v, want ann 0, bob 1", got)
	}
	states, err := s.SourceStates(ctx, "cal")
	if err != nil || len(states) != 1 || states[0].Items != 1 || states[0].Cursor != "t3" {
		t.Fatalf("SourceStates = %+v, %v; want one source with 1 item at t3", states, err)
	}
	if err := s.IntegrityCheck(ctx); err != nil {
		t.Fatal(err)
	}
}

func TestSaveSourceEditedEventReplacesInteractions(t *testing.T) {
	s := openTemp(t)
	ann, bob := addr("Ann", "ann@x.test"), addr("Bob", "bob@x.test")
	ev := func(at int, who ...model.Address) SourceItem {
		return SourceItem{ID: "e1", Msgs: []model.Message{meeting("ev:e1", model.Message{At: day(at), Subject: "Sync"}, who...)}}
	}
	mustSaveSource(t, s, SourceBatch{Upserts: []SourceItem{ev(1, ann, bob)}})
	mustSaveSource(t, s, SourceBatch{Upserts: []SourceItem{ev(5, ann)}}) // moved, Bob removed
	hs := byEmail(histories(t, s))
	if len(hs["ann@x.test"].Touches) != 1 || !hs["ann@x.test"].Touches[0].At.Equal(day(5)) {
		t.Fatalf("Ann's touches = %+v, want one on day 5", hs["ann@x.test"].Touches)
	}
	if _, ok := hs["bob@x.test"]; ok {
		t.Fatalf("Bob still has touches after being removed from the event")
	}
	// A cancelled event keeps its message but no contact.
	cancelled := model.Message{Key: "ev:e1", At: day(5), Class: model.Cancelled}
	mustSaveSource(t, s, SourceBatch{Upserts: []SourceItem{{ID: "e1", Msgs: []model.Message{cancelled}}}})
	if n := len(histories(t, s)); n != 0 {
		t.Fatalf("%d people still have touches after cancellation", n)
	}
}

func TestSaveSourceSharedWithMailKeepsMessage(t *testing.T) {
	s := openTemp(t)
	ann := addr("Ann", "ann@x.test")
	m := personal("m1", day(0), model.Inbound, ann)
	mustSave(t, s, batch("a", "INBOX", 1, Item{1, m}))
	mustSaveSource(t, s, SourceBatch{Account: "a", Source: "gmail", Upserts: []SourceItem{{ID: "g1", Msgs: []model.Message{m}}}})
	mustSaveSource(t, s, SourceBatch{Account: "a", Source: "gmail", Deletes: []string{"g1"}})
	if got := touches(t, s); got["ann@x.test"] != 1 {
		t.Fatalf("touches %v: the IMAP copy must keep the message", got)
	}
}

func TestSaveSourceBadInput(t *testing.T) {
	s := openTemp(t)
	tests := []struct {
		name string
		b    SourceBatch
	}{
		{"no account", SourceBatch{Source: "x"}},
		{"item without id", SourceBatch{Account: "a", Source: "x", Upserts: []SourceItem{{}}}},
		{"message without key", SourceBatch{Account: "a", Source: "x", Upserts: []SourceItem{{ID: "1", Msgs: []model.Message{{}}}}}},
		{"card without id", SourceBatch{Account: "a", Source: "x", Cards: []model.Card{{Name: "x"}}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if err := s.SaveSource(context.Background(), tt.b); err == nil {
				t.Fatal("SaveSource accepted bad input")
			}
		})
	}
}

func TestCardsLinkAddressesAndAddMoments(t *testing.T) {
	ctx := context.Background()
	s := openTemp(t)
	work, home := addr("A. Lovelace", "ada@acme.test"), addr("ada", "ada.l@gmail.test")
	mustSave(t, s, batch("a", "INBOX", 2,
		Item{1, personal("m1", day(0), model.Inbound, work)},
		Item{2, personal("m2", day(1), model.Outbound, home)}))
	if n := len(histories(t, s)); n != 2 {
		t.Fatalf("before the card: %d people, want 2", n)
	}
	card := model.Card{ID: "ada.vcf", Name: "Ada Lovelace", Emails: []string{"ADA@acme.test", "ada.l@gmail.test"},
		Moments: []model.Moment{{Kind: "birthday", Month: 12, Day: 10, Year: 1815}, {Kind: "birthday", Month: 13, Day: 1}}}
	mustSaveSource(t, s, SourceBatch{Account: "book", Source: "contacts", Cards: []model.Card{card}})
	hs := histories(t, s)
	if len(hs) != 1 {
		t.Fatalf("after the card: %d people, want 1 (two addresses on one card are one person)", len(hs))
	}
	h := hs[0]
	if h.Name != "Ada Lovelace" || len(h.Touches) != 2 {
		t.Fatalf("person = %q with %d touches, want Ada Lovelace with 2", h.Name, len(h.Touches))
	}
	if len(h.Moments) != 1 || h.Moments[0] != (model.Moment{Kind: "birthday", Month: 12, Day: 10, Year: 1815}) {
		t.Fatalf("moments = %+v, want the valid birthday only", h.Moments)
	}
	// Deleting the card drops its moments (the link stays).
	mustSaveSource(t, s, SourceBatch{Account: "book", Source: "contacts", Deletes: []string{"ada.vcf"}})
	if hs := histories(t, s); len(hs) != 1 || len(hs[0].Moments) != 0 {
		t.Fatalf("after deleting the card: %+v", hs)
	}
	if err := s.IntegrityCheck(ctx); err != nil {
		t.Fatal(err)
	}
}

func TestLinkAddressesObeysDifferentRule(t *testing.T) {
	ctx := context.Background()
	s := openTemp(t)
	mustSave(t, s, batch("a", "INBOX", 2,
		Item{1, personal("m1", day(0), model.Inbound, addr("", "a@x.test"))},
		Item{2, personal("m2", day(1), model.Inbound, addr("", "b@x.test"))}))
	if _, err := s.db.ExecContext(ctx, `INSERT INTO identity_rules (a, b, rule, at) VALUES ('a@x.test', 'b@x.test', 'different', 1)`); err != nil {
		t.Fatal(err)
	}
	if err := s.LinkAddresses(ctx, []string{"a@x.test", "b@x.test"}); err != nil {
		t.Fatal(err)
	}
	if n := len(histories(t, s)); n != 2 {
		t.Fatalf("%d people, want 2: the user said these are different people", n)
	}
}
