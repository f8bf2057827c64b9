package store

import (
	"context"
	"errors"
	"testing"
)

func TestRecordSync(t *testing.T) {
	ctx := context.Background()
	s := openTemp(t)
	steps := []struct {
		name string
		at   int
		err  error
		want AccountState
	}{
		{"first failure", 0, errors.New("dialing imap.x.test: connection refused"),
			AccountState{Account: "a", LastSync: day(0), LastError: "dialing imap.x.test: connection refused"}},
		{"success clears the error", 1, nil, AccountState{Account: "a", LastSync: day(1), LastOK: day(1)}},
		{"failure keeps last success", 2, errors.New("auth expired"),
			AccountState{Account: "a", LastSync: day(2), LastOK: day(1), LastError: "auth expired"}},
	}
	for _, c := range steps {
		t.Run(c.name, func(t *testing.T) {
			if err := s.RecordSync(ctx, "a", day(c.at), c.err); err != nil {
				t.Fatal(err)
			}
			got, err := s.Accounts(ctx)
			if err != nil {
				t.Fatal(err)
			}
			if len(got) != 1 || got[0] != c.want {
				t.Errorf("Accounts = %+v, want %+v", got, c.want)
			}
		})
	}
	if err := s.RecordSync(ctx, "", day(0), nil); err == nil {
		t.Error("RecordSync with empty account succeeded")
	}
}

func TestAccountsOrdered(t *testing.T) {
	ctx := context.Background()
	s := openTemp(t)
	for _, a := range []string{"work", "home", "old"} {
		if err := s.RecordSync(ctx, a, day(0), nil); err != nil {
			t.Fatal(err)
		}
	}
	got, err := s.Accounts(ctx)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, a := range got {
		names = append(names, a.Account)
	}
	if len(names) != 3 || names[0] != "home" || names[1] != "old" || names[2] != "work" {
		t.Errorf("accounts = %v, want [home old work]", names)
	}
}
