package store

import (
	"context"
	"errors"
	"testing"

	"github.com/tend-dev/tend/model"
)

func TestHistoriesOrderAndContent(t *testing.T) {
	s := openTemp(t)
	ann, bob := addr("Ann", "ann@x.test"), addr("Bob", "bob@x.test")
	// Saved newest first, across two batches: histories must still be oldest first.
	mustSave(t, s, batch("a", "INBOX", 2,
		Item{1, personal("m3", day(3), model.Inbound, ann)},
		Item{2, personal("m2", day(2), model.Outbound, bob, ann)}))
	mustSave(t, s, batch("a", "INBOX", 3, Item{3, personal("m1", day(1), model.Inbound, ann)}))
	mustSave(t, s, batch("a", "Junk", 1, Item{1, model.Message{Key: "spam", At: day(0), Class: model.Bulk}}))

	hs := histories(t, s)
	if len(hs) != 2 {
		t.Fatalf("got %d histories, want 2 (people without interactions are left out)", len(hs))
	}
	if hs[0].ID >= hs[1].ID {
		t.Errorf("histories not in person ID order: %d, %d", hs[0].ID, hs[1].ID)
	}
	a := byEmail(hs)["ann@x.test"]
	if a.Name != "Ann" || len(a.Touches) != 3 {
		t.Fatalf("ann = %+v, want Ann with 3 touches", a)
	}
	for i, want := range []model.Touch{
		{At: day(1), Direction: model.Inbound, Channel: model.Email, Weight: 1, Subject: "subj m1", Email: "ann@x.test", Thread: "m1", Recipients: 1},
		{At: day(2), Direction: model.Outbound, Channel: model.Email, Weight: 1, Subject: "subj m2", Email: "ann@x.test", Thread: "m2", Recipients: 2},
		{At: day(3), Direction: model.Inbound, Channel: model.Email, Weight: 1, Subject: "subj m3", Email: "ann@x.test", Thread: "m3", Recipients: 1},
	} {
		if a.Touches[i] != want {
			t.Errorf("touch %d = %+v, want %+v", i, a.Touches[i], want)
		}
	}
}

func TestHistoriesPrimaryEmail(t *testing.T) {
	s := openTemp(t)
	work, home := addr("Ann", "ann@work.test"), addr("Ann", "ann@home.test")
	mustSave(t, s, batch("a", "INBOX", 3,
		Item{1, personal("m1", day(1), model.Inbound, work)},
		Item{2, personal("m2", day(2), model.Inbound, work)},
		Item{3, personal("m3", day(3), model.Inbound, home)}))
	// Merge the two addresses into one person, as a later merge feature will.
	for _, q := range []string{
		`UPDATE interactions SET person_id = (SELECT person_id FROM addresses WHERE email = 'ann@work.test')`,
		`UPDATE addresses SET person_id = (SELECT person_id FROM addresses WHERE email = 'ann@work.test')`,
	} {
		if _, err := s.db.Exec(q); err != nil {
			t.Fatal(err)
		}
	}
	hs := histories(t, s)
	if len(hs) != 1 || hs[0].Email != "ann@home.test" || len(hs[0].Touches) != 3 {
		t.Fatalf("histories = %+v, want one person, primary ann@home.test (the latest used, though used less), 3 touches", hs)
	}
}

func TestHistoriesStopsOnError(t *testing.T) {
	s := openTemp(t)
	mustSave(t, s, batch("a", "INBOX", 2,
		Item{1, personal("m1", day(1), model.Inbound, addr("", "a@x.test"))},
		Item{2, personal("m2", day(2), model.Inbound, addr("", "b@x.test"))}))
	stop := errors.New("enough")
	calls := 0
	err := s.Histories(context.Background(), func(model.PersonHistory) error {
		calls++
		return stop
	})
	if !errors.Is(err, stop) || calls != 1 {
		t.Errorf("Histories = %v after %d calls, want fn's error after 1", err, calls)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if err := s.Histories(ctx, func(model.PersonHistory) error { return nil }); err == nil {
		t.Error("Histories with a cancelled context succeeded")
	}
}

func TestHistoriesEmptyIndex(t *testing.T) {
	if hs := histories(t, openTemp(t)); len(hs) != 0 {
		t.Errorf("empty index gave %d histories", len(hs))
	}
}

// A person created between Histories' read of the names and its read of
// the interactions still gets their name.
func TestHistoriesNamesPeopleCreatedMeanwhile(t *testing.T) {
	s := openTemp(t)
	mustSave(t, s, batch("a", "INBOX", 1, Item{1, personal("<1@x>", day(1), model.Inbound, addr("Ann", "ann@x.test"))}))
	afterNamesHook = func() {
		mustSave(t, s, batch("a", "INBOX", 2, Item{2, personal("<2@x>", day(2), model.Inbound, addr("Bob", "bob@x.test"))}))
	}
	defer func() { afterNamesHook = nil }()
	names := map[string]string{}
	for _, h := range histories(t, s) {
		names[h.Email] = h.Name
	}
	if names["ann@x.test"] != "Ann" || names["bob@x.test"] != "Bob" {
		t.Errorf("names = %v, want ann@x.test Ann and bob@x.test Bob", names)
	}
}
