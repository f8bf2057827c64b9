package main

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/signal"
	"runtime/debug"
	"syscall"
	"time"

	"github.com/spf13/cobra"

	"github.com/tend-dev/tend/config"
	"github.com/tend-dev/tend/internal/lock"
	"github.com/tend-dev/tend/store"
	tendsync "github.com/tend-dev/tend/sync"
)

func runCmd(g *globals) *cobra.Command {
	var clockFlag string
	cmd := &cobra.Command{
		Use:   "run",
		Short: "Run as a daemon: sync on intervals and send the digest on schedule",
		Long: `Run keeps tend going in the background: it syncs each account every
"interval" (15m by default; sooner when the IMAP server reports new mail with
IDLE), retries a failing account with growing waits (up to [daemon]
max_backoff) without holding up the others, and sends the digest on its
[digest] schedule, once per period. A digest missed while tend was not
running goes out once when it starts again.

One tend runs per index. SIGINT or SIGTERM finishes the batch in hand and
exits; SIGHUP reloads the config (a bad config is logged and the old one
kept). Logs go to standard error, one line per sync at info level.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			clk, err := parseClock(clockFlag)
			if err != nil {
				return err
			}
			c, err := g.loadConfig()
			if err != nil {
				return err
			}
			return runDaemon(cmd.Context(), g, c, clk)
		},
	}
	// A test hook: start the daemon's clock at this time (it then runs at
	// the wall clock's pace), so schedules can be tested in seconds.
	cmd.Flags().StringVar(&clockFlag, "test-clock", "", "start the clock at this RFC 3339 time (for tests)")
	_ = cmd.Flags().MarkHidden("test-clock")
	return cmd
}

// shiftedClock is the wall clock moved by a fixed offset.
type shiftedClock struct{ offset time.Duration }

func (c shiftedClock) Now() time.Time { return time.Now().Add(c.offset) }

func (c shiftedClock) Timer(d time.Duration) (<-chan time.Time, func()) {
	return tendsync.RealClock{}.Timer(d)
}

// parseClock reads --test-clock; empty is the wall clock.
func parseClock(s string) (tendsync.Clock, error) {
	if s == "" {
		return tendsync.RealClock{}, nil
	}
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		return nil, usageError{fmt.Errorf("--test-clock: want an RFC 3339 time, got %q", s)}
	}
	return shiftedClock{offset: time.Until(t)}, nil
}

// runDaemon runs until ctx ends: it takes the index lock, then runs the
// scheduler with the tasks of the config, rebuilding them on SIGHUP.
func runDaemon(ctx context.Context, g *globals, c *config.Config, clk tendsync.Clock) error {
	if len(c.Accounts) == 0 {
		return fmt.Errorf("%s: no [[accounts]] configured", c.File)
	}
	lk, err := lock.Acquire(c.Index.Path)
	if err != nil {
		return err
	}
	defer lk.Release()
	st, err := openStore(ctx, c)
	if err != nil {
		return err
	}
	defer st.Close()

	hup := make(chan os.Signal, 1)
	signal.Notify(hup, syscall.SIGHUP)
	defer signal.Stop(hup)

	log := newLogger(g.stderr, c.Log)
	sched := &tendsync.Scheduler{Clock: clk, Logger: log,
		OnState: func(s tendsync.TaskState) { saveTaskState(st, s, log) }}
	log.Info("tend running", "pid", os.Getpid(), "index", c.Index.Path, "accounts", len(c.Accounts),
		"digest", digestPlan(c))
	for {
		sched.Backoff = tendsync.Backoff{Max: c.Daemon.MaxBackoff.Duration}
		sched.Logger = log
		sctx, stop := context.WithCancel(ctx)
		done := make(chan struct{})
		go func() {
			defer close(done)
			sched.Run(sctx, daemonTasks(sctx, g, c, st, clk, log))
		}()
		select {
		case <-ctx.Done():
			stop()
			<-done
			log.Info("tend stopped")
			return nil
		case <-hup:
		}
		nc, err := g.loadConfig()
		switch {
		case err != nil:
			log.Error("config reload failed; keeping the running config", "err", oneLine(err.Error()))
		case nc.Index.Path != c.Index.Path:
			log.Error("config reload: index.path changed; restart tend to use another index; keeping the running config")
		default:
			c = nc
			log = newLogger(g.stderr, c.Log)
			log.Info("config reloaded", "accounts", len(c.Accounts), "digest", digestPlan(c))
		}
		stop()
		<-done // the tasks in hand finish before the new ones start
	}
}

// daemonTasks is one sync task per account, plus the digest when [digest]
// to is set. The digest's first run waits for every account's first sync.
func daemonTasks(ctx context.Context, g *globals, c *config.Config, st *store.Store, clk tendsync.Clock, log *slog.Logger) []tendsync.Task {
	quiet := &globals{configPath: g.configPath, stdout: g.stdout, stderr: plainWriter{g.stderr}}
	var tasks []tendsync.Task
	firstRound := make(chan struct{})
	pending := make(chan struct{}, len(c.Accounts))
	for _, a := range c.Accounts {
		interval := a.Interval.Duration
		first := true
		t := tendsync.Task{
			Name: "sync " + a.Name,
			Next: func(now time.Time) time.Time { return now.Add(interval) },
			Run: func(ctx context.Context) error {
				err := syncAll(ctx, quiet, c, st, log, a.Name, nil)
				if err == nil {
					err = resolveIdentities(ctx, st, c, clk.Now().UTC(), log)
				}
				releaseMemory(ctx, st, log)
				if first {
					first = false
					pending <- struct{}{}
				}
				return err
			},
		}
		if c.Daemon.UseIdle() && a.Kind == "imap" {
			t.Wait = idleWaiter(c, a, st, log)
		}
		tasks = append(tasks, t)
	}
	go func() {
		for range c.Accounts {
			select {
			case <-pending:
			case <-ctx.Done():
				return
			}
		}
		close(firstRound)
	}()
	if len(c.Digest.To) == 0 {
		return tasks
	}
	sched, _ := c.Digest.ParsedSchedule() // validated with the config
	tasks = append(tasks, tendsync.Task{
		Name: "digest",
		Next: sched.Next,
		Run: func(ctx context.Context) error {
			select {
			case <-firstRound:
			case <-ctx.Done():
				return ctx.Err()
			}
			_, err := deliverDigest(ctx, st, c, clk.Now(), false, log)
			releaseMemory(ctx, st, log)
			return err
		},
	})
	return tasks
}

// releaseMemory hands back what a round of the daemon's work (a sync, a
// digest) left allocated: SQLite's page caches, the C heap they came from,
// and Go's heap down to what is live. After syncing 100,000 messages the
// daemon then idles at about 46 MB instead of 66 (bench/PERFORMANCE.md).
func releaseMemory(ctx context.Context, st *store.Store, log *slog.Logger) {
	if err := st.ReleaseMemory(ctx); err != nil {
		log.Debug("memory not released", "err", err)
	}
	debug.FreeOSMemory()
}

// plainWriter hides the *os.File behind a writer, so the daemon's syncs
// log instead of drawing progress bars.
type plainWriter struct{ io.Writer }

// saveTaskState records a task's retry state for `tend status`.
func saveTaskState(st *store.Store, s tendsync.TaskState, log *slog.Logger) {
	ts := store.TaskState{Name: s.Name, Failures: s.Failures, NextRun: s.NextRun, UpdatedAt: s.At}
	if s.Err != nil {
		ts.LastError = oneLine(s.Err.Error())
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := st.SaveTaskState(ctx, ts); err != nil {
		log.Warn("saving daemon state", "err", err)
	}
}

// digestPlan says in a few words when the digest goes out.
func digestPlan(c *config.Config) string {
	if len(c.Digest.To) == 0 {
		return "off (no [digest] to)"
	}
	s, err := c.Digest.ParsedSchedule()
	if err != nil {
		return "invalid"
	}
	return s.String()
}
