package store

import (
	"context"
	"errors"
	"path/filepath"
	"testing"
)

// TestDigestSentOnce walks the send state machine: a failure before
// delivery may be retried, a sent or possibly delivered digest is never
// begun again, and the state survives reopening the index.
func TestDigestSentOnce(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "tend.db")
	s, err := Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer func() { s.Close() }()
	const p = "2026-W48"
	if r, err := s.Digest(ctx, p); err != nil || r.State != "" || r.Done() {
		t.Fatalf("fresh period: %+v %v", r, err)
	}
	if _, err := s.BeginDigest(ctx, p, day(0), false); err != nil {
		t.Fatal(err)
	}
	if err := s.FinishDigest(ctx, p, DigestPending, day(0), "", errors.New("connection refused")); err != nil {
		t.Fatal(err)
	}
	r, err := s.BeginDigest(ctx, p, day(1), false)
	if err != nil {
		t.Fatalf("retry after a failure before delivery: %v", err)
	}
	if r.Attempts != 2 || r.State != DigestSending {
		t.Errorf("after retry: %+v", r)
	}
	if err := s.FinishDigest(ctx, p, DigestSent, day(1), "ada@x.test", nil); err != nil {
		t.Fatal(err)
	}
	s.Close()
	if s, err = Open(ctx, path); err != nil {
		t.Fatal(err)
	}
	var done *DigestDoneError
	if _, err := s.BeginDigest(ctx, p, day(2), false); !errors.As(err, &done) || done.Record.State != DigestSent {
		t.Fatalf("begin after sent: %v", err)
	}
	if r, _ := s.Digest(ctx, p); r.SentAt != day(1) || r.LastError != "" || r.Pick != "ada@x.test" {
		t.Errorf("sent record: %+v", r)
	}
	// A crash while sending leaves "sending": never resent automatically.
	const q = "2026-W49"
	if _, err := s.BeginDigest(ctx, q, day(7), false); err != nil {
		t.Fatal(err)
	}
	if _, err := s.BeginDigest(ctx, q, day(7), false); !errors.As(err, &done) {
		t.Fatalf("begin while sending: %v", err)
	}
	if _, err := s.BeginDigest(ctx, q, day(7), true); err != nil {
		t.Fatalf("forced begin: %v", err)
	}
	if err := s.FinishDigest(ctx, q, DigestUnknown, day(7), "", errors.New("eof after data")); err != nil {
		t.Fatal(err)
	}
	if _, err := s.BeginDigest(ctx, q, day(8), false); !errors.As(err, &done) || done.Record.State != DigestUnknown {
		t.Fatalf("begin after unknown outcome: %v", err)
	}
	if err := s.FinishDigest(ctx, q, DigestSent, day(8), "", nil); err == nil {
		t.Error("finishing a digest that is not being sent succeeded")
	}
	// Skipped stays skipped; picks come most recent first.
	if err := s.SkipDigest(ctx, "2026-W50", day(14)); err != nil {
		t.Fatal(err)
	}
	if _, err := s.BeginDigest(ctx, "2026-W50", day(14), false); !errors.As(err, &done) {
		t.Fatalf("begin after skip: %v", err)
	}
	s.BeginDigest(ctx, "2026-W51", day(21), false)
	s.FinishDigest(ctx, "2026-W51", DigestSent, day(21), "bob@x.test", nil)
	picks, err := s.RecentPicks(ctx, 5)
	if err != nil || len(picks) != 2 || picks[0] != "bob@x.test" || picks[1] != "ada@x.test" {
		t.Errorf("RecentPicks = %v, %v", picks, err)
	}
	if last, err := s.LastDigest(ctx); err != nil || last.Period != "2026-W51" {
		t.Errorf("LastDigest = %+v, %v", last, err)
	}
}

func TestTaskStates(t *testing.T) {
	ctx := context.Background()
	s := openTemp(t)
	want := TaskState{Name: "sync work", Failures: 3, NextRun: day(1), LastError: "dial: refused", UpdatedAt: day(0)}
	if err := s.SaveTaskState(ctx, want); err != nil {
		t.Fatal(err)
	}
	want.Failures, want.LastError = 0, ""
	if err := s.SaveTaskState(ctx, want); err != nil {
		t.Fatal(err)
	}
	got, err := s.TaskStates(ctx)
	if err != nil || got["sync work"] != want || len(got) != 1 {
		t.Errorf("TaskStates = %+v, %v", got, err)
	}
}
