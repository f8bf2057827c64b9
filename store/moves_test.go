package store

import (
	"context"
	"testing"
	"time"

	"github.com/tend-dev/tend/model"
)

func TestRecordMoveIdempotentAndAttached(t *testing.T) {
	ctx := context.Background()
	s := openTemp(t)
	mustSave(t, s, batch("a", "INBOX", 1,
		Item{1, personal("m1", day(1), model.Inbound, addr("Jane Doe", "jane@acme.test"))}))
	bounce := model.Move{At: day(40), FromEmail: "Jane@Acme.test", FromCompany: "acme.test", Kind: "bounce",
		Evidence: `bounce 5.1.1 "user unknown" on 2025-04-10`}
	newDomain := model.Move{At: day(50), FromEmail: "jane@acme.test", ToEmail: "jane@globex.test",
		FromCompany: "acme.test", ToCompany: "globex.test", Kind: "new-domain", Evidence: "first mail from jane@globex.test"}
	unknown := model.Move{At: day(45), FromEmail: "ghost@nowhere.test", Kind: "bounce", Evidence: "x"}
	for _, m := range []model.Move{bounce, newDomain, bounce, unknown} {
		if err := s.RecordMove(ctx, m); err != nil {
			t.Fatalf("RecordMove(%+v): %v", m, err)
		}
	}
	tests := []struct {
		name  string
		since time.Time
		want  []string // kinds, newest first
	}{
		{"all", time.Time{}, []string{"new-domain", "bounce"}},
		{"since the bounce", day(40), []string{"new-domain"}},
		{"since later", day(60), nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			ms, err := s.Moves(ctx, tc.since)
			if err != nil {
				t.Fatal(err)
			}
			var kinds []string
			for _, m := range ms {
				kinds = append(kinds, m.Kind)
				if m.Name != "Jane Doe" || m.FromEmail != "jane@acme.test" || m.PersonID == 0 {
					t.Errorf("move %+v not attached to Jane Doe's person", m)
				}
			}
			if len(kinds) != len(tc.want) {
				t.Fatalf("kinds = %v, want %v", kinds, tc.want)
			}
			for i := range kinds {
				if kinds[i] != tc.want[i] {
					t.Errorf("kinds = %v, want %v", kinds, tc.want)
				}
			}
		})
	}
	if err := s.RecordMove(ctx, model.Move{Kind: "bounce"}); err == nil {
		t.Error("RecordMove without a from address: no error")
	}
}
