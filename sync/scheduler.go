package sync

import (
	"context"
	"errors"
	"log/slog"
	"math/rand/v2"
	stdsync "sync"
	"time"
)

// Clock is the scheduler's time source. Tests pass a fast or fixed clock.
type Clock interface {
	Now() time.Time
	// Timer fires once after d; stop releases it early.
	Timer(d time.Duration) (c <-chan time.Time, stop func())
}

// RealClock is the wall clock.
type RealClock struct{}

// Now is time.Now.
func (RealClock) Now() time.Time { return time.Now() }

// Timer is time.NewTimer.
func (RealClock) Timer(d time.Duration) (<-chan time.Time, func()) {
	t := time.NewTimer(d)
	return t.C, func() { t.Stop() }
}

// Task is one job the scheduler repeats: an account's sync, or the digest.
type Task struct {
	Name string
	// Run does the work once. It must return soon after ctx ends; an error
	// while ctx is live counts as a failure and is retried with backoff.
	Run func(ctx context.Context) error
	// Next is when to run again after a success at now (e.g. now plus the
	// account's interval, or the digest's next slot).
	Next func(now time.Time) time.Time
	// Wait, when set, blocks until there is probably new work (IMAP IDLE)
	// and returns nil, or returns an error, or returns when ctx ends. A nil
	// return runs the task early; an error leaves it to poll until its next
	// run. Nil: poll only.
	Wait func(ctx context.Context) error
}

// TaskState is the outcome of a task's last run, as reported to OnState.
type TaskState struct {
	Name     string
	Failures int       // consecutive failures; 0 after a success
	Err      error     // the last run's error; nil after a success
	NextRun  time.Time // when the task runs next
	At       time.Time // when the last run ended
}

// Scheduler runs tasks, each on its own schedule, until its context ends.
// A failing task backs off exponentially with jitter and never delays the
// others. Its retry state survives Run returning, so a daemon reloading its
// config keeps backing off a failing account. A Scheduler is safe for
// concurrent use, but Run should not be called for the same tasks twice at
// once.
type Scheduler struct {
	Clock   Clock         // nil: RealClock
	Backoff Backoff       // zero: defaults (see Backoff)
	Logger  *slog.Logger  // nil: discard
	MinWake time.Duration // least time between a run and an early (Wait) run; 0: 1s
	// OnState, when set, is called after every run (from the task's goroutine).
	OnState func(TaskState)

	mu    stdsync.Mutex
	state map[string]TaskState
}

func (s *Scheduler) clock() Clock {
	if s.Clock == nil {
		return RealClock{}
	}
	return s.Clock
}

func (s *Scheduler) logger() *slog.Logger {
	if s.Logger == nil {
		return slog.New(slog.DiscardHandler)
	}
	return s.Logger
}

// State returns the last recorded state of the named task.
func (s *Scheduler) State(name string) (TaskState, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	st, ok := s.state[name]
	return st, ok
}

func (s *Scheduler) setState(st TaskState) {
	s.mu.Lock()
	if s.state == nil {
		s.state = map[string]TaskState{}
	}
	s.state[st.Name] = st
	s.mu.Unlock()
	if s.OnState != nil {
		s.OnState(st)
	}
}

// Run runs every task until ctx ends, then waits for running tasks to
// return (they see ctx end) and returns nil. A task that never ran, or last
// succeeded, starts at once; one that was failing waits out its backoff.
func (s *Scheduler) Run(ctx context.Context, tasks []Task) error {
	var wg stdsync.WaitGroup
	for _, t := range tasks {
		if t.Run == nil || t.Next == nil {
			return errors.New("scheduling " + t.Name + ": task needs Run and Next")
		}
	}
	for _, t := range tasks {
		wg.Add(1)
		go func() {
			defer wg.Done()
			s.loop(ctx, t)
		}()
	}
	wg.Wait()
	return nil
}

// loop runs one task until ctx ends.
func (s *Scheduler) loop(ctx context.Context, t Task) {
	clk := s.clock()
	log := s.logger().With("task", t.Name)
	var next, lastEnd time.Time
	if st, ok := s.State(t.Name); ok && st.Failures > 0 {
		next = st.NextRun
	}
	for {
		if !s.waitUntil(ctx, t, next, lastEnd) {
			return
		}
		err := t.Run(ctx)
		if ctx.Err() != nil {
			return // shutting down: not the task's failure
		}
		now := clk.Now()
		lastEnd = now
		prev, _ := s.State(t.Name)
		st := TaskState{Name: t.Name, Err: err, At: now}
		if err != nil {
			st.Failures = prev.Failures + 1
			st.NextRun = now.Add(s.Backoff.Delay(st.Failures))
			log.Warn("will retry", "failures", st.Failures, "in", st.NextRun.Sub(now).Round(time.Second), "err", err)
		} else {
			st.NextRun = t.Next(now)
			if prev.Failures > 0 {
				log.Info("recovered", "after_failures", prev.Failures)
			}
		}
		s.setState(st)
		next = st.NextRun
	}
}

// waitUntil waits until next (or an early wake from t.Wait); false when ctx
// ended first.
func (s *Scheduler) waitUntil(ctx context.Context, t Task, next, lastEnd time.Time) bool {
	clk := s.clock()
	d := next.Sub(clk.Now())
	if d <= 0 {
		return ctx.Err() == nil
	}
	timer, stop := clk.Timer(d)
	defer stop()
	var woke chan error
	wctx, cancel := context.WithCancel(ctx)
	defer cancel()
	if t.Wait != nil {
		ch := make(chan error, 1)
		woke = ch
		go func() { ch <- t.Wait(wctx) }()
		defer func() {
			cancel()
			if woke != nil {
				<-ch // the waiter (an IDLE connection) is closed before the run
			}
		}()
	}
	for {
		select {
		case <-ctx.Done():
			return false
		case <-timer:
			return true
		case err := <-woke:
			woke = nil // one wait per waiting period
			if err != nil {
				s.logger().Debug("waiting for new mail failed; polling", "task", t.Name, "err", err)
				continue
			}
			minWake := s.MinWake
			if minWake <= 0 {
				minWake = time.Second
			}
			if gap := clk.Now().Sub(lastEnd); gap < minWake {
				early, stopEarly := clk.Timer(minWake - gap)
				defer stopEarly()
				timer = early
				continue
			}
			return true
		}
	}
}

// Backoff computes retry delays: Base doubled after each consecutive
// failure, capped at Max, then spread by up to ±Jitter of itself so that
// failing tasks do not retry in lockstep. The zero value is usable.
type Backoff struct {
	Base   time.Duration  // first delay; 0: 30s
	Max    time.Duration  // cap; 0: 1h
	Jitter float64        // fraction in [0, 1); 0: 0.2; negative: none
	Rand   func() float64 // uniform in [0, 1); nil: math/rand/v2
}

// Delay is the wait after the given number of consecutive failures (≥ 1).
// It is never more than Max, nor less than zero.
func (b Backoff) Delay(failures int) time.Duration {
	base, maxD, jitter := b.Base, b.Max, b.Jitter
	if base <= 0 {
		base = 30 * time.Second
	}
	if maxD <= 0 {
		maxD = time.Hour
	}
	if jitter == 0 {
		jitter = 0.2
	}
	if jitter < 0 {
		jitter = 0
	}
	d := base
	for i := 1; i < failures && d < maxD; i++ {
		d *= 2
	}
	d = min(d, maxD)
	if jitter > 0 {
		r := b.Rand
		if r == nil {
			r = rand.Float64
		}
		d = time.Duration(float64(d) * (1 + jitter*(2*r()-1)))
	}
	return max(min(d, maxD), 0)
}
