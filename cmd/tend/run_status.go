package main

import (
	"context"
	"fmt"
	"io"
	"time"

	"github.com/tend-dev/tend/config"
	"github.com/tend-dev/tend/store"
)

// printRetry says when the daemon retries a failing task, if it recorded one.
func printRetry(ctx context.Context, w io.Writer, st *store.Store, task string) {
	states, err := st.TaskStates(ctx)
	if err != nil {
		return
	}
	if s, ok := states[task]; ok && s.Failures > 0 && !s.NextRun.IsZero() {
		fmt.Fprintf(w, "  tend run retries at %s (%d failures in a row)\n", s.NextRun.Local().Format("2006-01-02 15:04:05"), s.Failures)
	}
}

// printDigestStatus says what became of the current period's digest and
// when the next one is due.
func printDigestStatus(ctx context.Context, w io.Writer, st *store.Store, c *config.Config, now time.Time) error {
	if len(c.Digest.To) == 0 {
		fmt.Fprintln(w, "\ndigest off (set [digest] to)")
		return nil
	}
	sched, err := c.Digest.ParsedSchedule()
	if err != nil {
		return err
	}
	period, _ := sched.Latest(now)
	rec, err := st.Digest(ctx, period)
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "\ndigest %s to %v\n", sched, c.Digest.To)
	switch rec.State {
	case "":
		fmt.Fprintf(w, "  %s: not sent yet\n", period)
	case store.DigestSent:
		fmt.Fprintf(w, "  %s: sent %s\n", period, ago(rec.SentAt, now))
	case store.DigestPending:
		fmt.Fprintf(w, "  %s: not sent after %d attempts: %s\n", period, rec.Attempts, rec.LastError)
		printRetry(ctx, w, st, "digest")
	default:
		fmt.Fprintf(w, "  %s: %s", period, rec.State)
		if rec.LastError != "" {
			fmt.Fprintf(w, ": %s", rec.LastError)
		}
		fmt.Fprintln(w)
	}
	fmt.Fprintf(w, "  next %s\n", sched.Next(now).Local().Format("2006-01-02 15:04 MST"))
	return nil
}
