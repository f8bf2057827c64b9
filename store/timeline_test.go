package store

import (
	"context"
	"fmt"
	"testing"

	"github.com/tend-dev/tend/model"
)

func TestTimelineNewestFirstWithClassAndThread(t *testing.T) {
	ctx := context.Background()
	s := openTemp(t)
	ada, ben := addr("Ada", "ada@acme.test"), addr("Ben", "ben@acme.test")
	reply := personal("m2", day(2), model.Inbound, ada)
	reply.ThreadKey = "m1"
	mustSave(t, s, batch("a", "INBOX", 3,
		Item{UID: 1, Msg: personal("m1", day(1), model.Outbound, ada, ben)},
		Item{UID: 2, Msg: reply},
		Item{UID: 3, Msg: personal("m3", day(3), model.Outbound, ben)},
	))
	p, err := s.FindPerson(ctx, "ada@acme.test")
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name  string
		limit int
		want  string
	}{
		{"all", 0, "[m1/in/personal/2025-03-03 m1/out/personal/2025-03-02]"},
		{"limited", 1, "[m1/in/personal/2025-03-03]"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			tl, err := s.Timeline(ctx, p.ID, tc.limit)
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, e := range tl {
				if e.PersonID != p.ID || e.Email != "ada@acme.test" || e.Subject == "" {
					t.Errorf("entry %+v", e)
				}
				got = append(got, fmt.Sprintf("%s/%s/%s/%s", e.Thread, e.Direction, e.Class, e.At.Format("2006-01-02")))
			}
			if fmt.Sprint(got) != tc.want {
				t.Errorf("Timeline = %v, want %s", got, tc.want)
			}
		})
	}
	q, _ := s.FindPerson(ctx, "ben@acme.test")
	both, err := s.TimelineOf(ctx, []int64{p.ID, q.ID}, 0)
	if err != nil {
		t.Fatal(err)
	}
	if len(both) != 4 || both[0].Email != "ben@acme.test" {
		t.Errorf("TimelineOf = %+v, want 4 entries, Ben's m3 first", both)
	}
}

func TestEvidenceLookups(t *testing.T) {
	ctx := context.Background()
	s := openTemp(t)
	bounce := model.Message{Key: "b1", At: day(5), ThreadKey: "b1", From: "mailer-daemon@x.test", Class: model.Bounce}
	old := model.Message{Key: "b0", At: day(1), ThreadKey: "b0", From: "mailer-daemon@x.test", Class: model.Bounce}
	mustSave(t, s, batch("a", "INBOX", 9,
		Item{UID: 1, Msg: personal("m1", day(1), model.Outbound, addr("Ada", "ada@acme.test"))},
		Item{UID: 2, Msg: personal("m2", day(2), model.Inbound, addr("Stranger", "who@else.test"))},
		Item{UID: 7, Msg: old},
		Item{UID: 9, Msg: bounce},
	))
	wrote, err := s.WroteTo(ctx, []string{"ADA@acme.test", "who@else.test", "nobody@x.test"})
	if err != nil {
		t.Fatal(err)
	}
	if fmt.Sprint(wrote) != "map[ada@acme.test:true]" {
		t.Errorf("WroteTo = %v, want only ada (the user wrote to her; the stranger only wrote in)", wrote)
	}
	locs, err := s.ClassLocations(ctx, "a", model.Bounce, 0)
	if err != nil {
		t.Fatal(err)
	}
	if len(locs) != 2 || locs[0].UID != 9 || locs[1].UID != 7 || locs[0].Folder != "INBOX" || !locs[0].At.Equal(day(5)) {
		t.Errorf("ClassLocations = %+v, want UIDs 9 then 7 in INBOX", locs)
	}
	if locs, _ := s.ClassLocations(ctx, "a", model.Bounce, 1); len(locs) != 1 {
		t.Errorf("limit 1 gave %d", len(locs))
	}
	if locs, _ := s.ClassLocations(ctx, "other", model.Bounce, 0); len(locs) != 0 {
		t.Errorf("another account's bounces: %+v", locs)
	}
}
