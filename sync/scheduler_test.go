package sync

import (
	"context"
	"errors"
	stdsync "sync"
	"testing"
	"time"
)

func TestBackoffDelay(t *testing.T) {
	fixed := func(v float64) func() float64 { return func() float64 { return v } }
	tests := []struct {
		name     string
		b        Backoff
		failures int
		want     time.Duration
	}{
		{"first, no jitter", Backoff{Base: time.Second, Max: time.Minute, Jitter: -1}, 1, time.Second},
		{"doubles", Backoff{Base: time.Second, Max: time.Minute, Jitter: -1}, 4, 8 * time.Second},
		{"capped", Backoff{Base: time.Second, Max: time.Minute, Jitter: -1}, 30, time.Minute},
		{"huge count does not overflow", Backoff{Base: time.Second, Max: time.Hour, Jitter: -1}, 1 << 30, time.Hour},
		{"defaults", Backoff{Rand: fixed(0.5)}, 1, 30 * time.Second},
		{"default cap", Backoff{Rand: fixed(0.5)}, 20, time.Hour},
		{"jitter low", Backoff{Base: 10 * time.Second, Jitter: 0.2, Rand: fixed(0)}, 1, 8 * time.Second},
		{"jitter high", Backoff{Base: 10 * time.Second, Jitter: 0.2, Rand: fixed(0.75)}, 1, 11 * time.Second},
		{"jitter never passes the cap", Backoff{Base: time.Minute, Max: time.Minute, Jitter: 0.5, Rand: fixed(0.99)}, 3, time.Minute},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.b.Delay(tt.failures); got != tt.want {
				t.Errorf("Delay(%d) = %s, want %s", tt.failures, got, tt.want)
			}
		})
	}
}

// recorder collects the states a scheduler reports.
type recorder struct {
	mu     stdsync.Mutex
	states map[string][]TaskState
}

func (r *recorder) add(st TaskState) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.states == nil {
		r.states = map[string][]TaskState{}
	}
	r.states[st.Name] = append(r.states[st.Name], st)
}

func (r *recorder) get(name string) []TaskState {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]TaskState(nil), r.states[name]...)
}

func every(d time.Duration) func(time.Time) time.Time {
	return func(now time.Time) time.Time { return now.Add(d) }
}

// TestFailingTaskBacksOffAndOthersGoOn: an account that keeps failing is
// retried after doubling delays, while a healthy one keeps syncing.
func TestFailingTaskBacksOffAndOthersGoOn(t *testing.T) {
	var rec recorder
	s := &Scheduler{Backoff: Backoff{Base: 20 * time.Millisecond, Max: 80 * time.Millisecond, Jitter: -1}, OnState: rec.add}
	down := errors.New("dial tcp: connection refused")
	ctx, cancel := context.WithTimeout(context.Background(), 400*time.Millisecond)
	defer cancel()
	s.Run(ctx, []Task{
		{Name: "sync broken", Run: func(context.Context) error { return down }, Next: every(time.Millisecond)},
		{Name: "sync ok", Run: func(context.Context) error { return nil }, Next: every(10 * time.Millisecond)},
	})
	broken, ok := rec.get("sync broken"), rec.get("sync ok")
	if len(ok) < 10 {
		t.Errorf("healthy account ran only %d times next to a failing one", len(ok))
	}
	if len(broken) < 4 || len(broken) > 9 {
		t.Fatalf("failing account ran %d times in 400ms with 20-80ms backoff", len(broken))
	}
	want := []time.Duration{20, 40, 80, 80}
	for i, w := range want {
		st := broken[i]
		if st.Failures != i+1 || !errors.Is(st.Err, down) {
			t.Errorf("run %d: failures %d err %v", i, st.Failures, st.Err)
		}
		if got := st.NextRun.Sub(st.At); got != w*time.Millisecond {
			t.Errorf("run %d: retry in %s, want %s", i, got, w*time.Millisecond)
		}
		if i > 0 && broken[i].At.Sub(broken[i-1].At) < broken[i-1].NextRun.Sub(broken[i-1].At) {
			t.Errorf("run %d came before its backoff ended", i)
		}
	}
	// A new Run (a config reload) keeps the backoff: no immediate retry.
	s.Backoff.Base, s.Backoff.Max = time.Hour, time.Hour
	st, _ := s.State("sync broken")
	st.NextRun = time.Now().Add(time.Hour)
	s.setState(st)
	ctx2, cancel2 := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel2()
	s.Run(ctx2, []Task{{Name: "sync broken", Run: func(context.Context) error { return down }, Next: every(time.Millisecond)}})
	// The one extra state is the one set above: no run happened.
	if n := len(rec.get("sync broken")); n != len(broken)+1 {
		t.Errorf("a reloaded scheduler retried a backing-off task at once (%d states)", n)
	}
}

// TestWaitWakesEarly: new mail reported by Wait runs the sync long before
// its interval, but never sooner than MinWake after the previous run.
func TestWaitWakesEarly(t *testing.T) {
	var rec recorder
	s := &Scheduler{MinWake: 30 * time.Millisecond, OnState: rec.add}
	ctx, cancel := context.WithTimeout(context.Background(), 300*time.Millisecond)
	defer cancel()
	s.Run(ctx, []Task{{
		Name: "sync idle", Run: func(context.Context) error { return nil }, Next: every(time.Hour),
		Wait: func(ctx context.Context) error { return nil }, // "new mail" at once, every time
	}})
	runs := rec.get("sync idle")
	if len(runs) < 3 {
		t.Fatalf("Wait did not wake the task early: %d runs", len(runs))
	}
	for i := 1; i < len(runs); i++ {
		if gap := runs[i].At.Sub(runs[i-1].At); gap < 30*time.Millisecond {
			t.Errorf("runs %d and %d only %s apart, MinWake is 30ms", i-1, i, gap)
		}
	}
	if len(runs) > 11 {
		t.Errorf("%d runs in 300ms with MinWake 30ms", len(runs))
	}
}

// TestWaitErrorFallsBackToPolling: an IDLE that fails leaves the interval.
func TestWaitErrorFallsBackToPolling(t *testing.T) {
	var rec recorder
	s := &Scheduler{OnState: rec.add}
	ctx, cancel := context.WithTimeout(context.Background(), 200*time.Millisecond)
	defer cancel()
	s.Run(ctx, []Task{{
		Name: "sync poll", Run: func(context.Context) error { return nil }, Next: every(40 * time.Millisecond),
		Wait: func(ctx context.Context) error { return errors.New("imap server does not support IDLE") },
	}})
	if n := len(rec.get("sync poll")); n < 3 || n > 6 {
		t.Errorf("%d runs in 200ms at a 40ms interval", n)
	}
}

// TestShutdownWaitsForRunningTask: Run returns only after a running task
// has seen ctx end and returned, and promptly.
func TestShutdownWaitsForRunningTask(t *testing.T) {
	started, finished := make(chan struct{}), make(chan struct{})
	s := &Scheduler{}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() {
		s.Run(ctx, []Task{{Name: "sync slow", Next: every(time.Hour), Run: func(ctx context.Context) error {
			close(started)
			<-ctx.Done()
			time.Sleep(20 * time.Millisecond) // commits the batch in hand
			close(finished)
			return ctx.Err()
		}}})
		close(done)
	}()
	<-started
	cancel()
	select {
	case <-done:
	case <-time.After(2 * time.Second):
		t.Fatal("Run did not return after ctx ended")
	}
	select {
	case <-finished:
	default:
		t.Error("Run returned before the running task finished")
	}
	if st, ok := s.State("sync slow"); ok && st.Failures > 0 {
		t.Errorf("shutdown counted as a failure: %+v", st)
	}
}
