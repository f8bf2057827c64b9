package main

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/tend-dev/tend/internal/demo"
)

// TestDaemonDigestEndToEnd runs the daemon against an IMAP server and an
// SMTP server: the digest missed before start goes out once, new mail is
// synced and the next period's digest reflects it; then real processes are
// SIGKILLed and restarted around the next slot, and every period's digest
// arrives exactly once. A second daemon on the index is refused, naming the
// first one's PID, and SIGTERM stops the daemon cleanly within seconds.
func TestDaemonDigestEndToEnd(t *testing.T) {
	if testing.Short() {
		t.Skip("runs daemons for several seconds")
	}
	_, mb, srv := serveDemo(t, 11)
	sink := startSMTP(t)
	cfg := daemonConfig(t, srv.Host, srv.Port, srv.Username, srv.Password, mb.User, sink.Port, "info")

	// Phase 1, in process: the clock starts 8 s before the 08:00 slot.
	start := time.Date(2026, 11, 25, 7, 59, 45, 0, time.UTC)
	launched := time.Now()
	clockNow := func() time.Time { return start.Add(time.Since(launched)) }
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	stderr := &lockedBuffer{}
	done := make(chan error, 1)
	go func() {
		done <- run(ctx, []string{"--config", cfg, "run", "--test-clock", start.Format(time.RFC3339)}, &lockedBuffer{}, stderr)
	}()
	t.Cleanup(func() {
		if t.Failed() {
			select {
			case err := <-done:
				t.Logf("daemon returned %v", err)
			default:
			}
			t.Logf("daemon log:\n%s", stderr.String())
		}
	})
	waitFor(t, 12*time.Second, "the digest missed before start", func() bool { return len(sink.received()) == 1 })
	first := sink.received()[0]
	if got := dailyPeriod(first.Date); got != "2026-11-24" || !first.HTML || first.To[0] != mb.User {
		t.Fatalf("first digest: period %s, html %v, to %v", got, first.HTML, first.To)
	}
	lines := digestLines(first.Text)
	if len(lines) == 0 || len(lines) > 5 {
		t.Fatalf("first digest lists %d people (top 5):\n%s", len(lines), first.Text)
	}
	who := addrOf(lines[0])
	if !strings.Contains(first.Text, "Why: ") || !strings.Contains(first.Text, "Tracking ") {
		t.Errorf("first digest lacks why or summary:\n%s", first.Text)
	}

	// New mail: the user writes to the person at the top of the list.
	raw := fmt.Sprintf("From: <%s>\r\nTo: <%s>\r\nSubject: Catching up\r\nDate: %s\r\nMessage-ID: <e2e-catch-up@test>\r\n\r\nHello\r\n",
		mb.User, who, clockNow().Format(time.RFC1123Z))
	if err := srv.Append(demo.Message{Folder: "Sent", Raw: []byte(raw), InternalDate: clockNow()}); err != nil {
		t.Fatal(err)
	}
	waitFor(t, 10*time.Second, "the new mail to be synced", func() bool {
		out, _, err := tend(t, "--config", cfg, "contacts", "--all", "--json", "--now", clockNow().Format(time.RFC3339))
		return err == nil && strings.Contains(out, `"last_subject": "Catching up"`)
	})
	if clockNow().After(start.Add(15 * time.Second)) {
		t.Fatalf("the machine is too slow: the 08:00 slot passed before the new mail was synced")
	}
	waitFor(t, 25*time.Second, "the 08:00 digest", func() bool { return len(sink.received()) == 2 })
	second := sink.received()[1]
	if got := dailyPeriod(second.Date); got != "2026-11-25" {
		t.Fatalf("second digest for period %s, want 2026-11-25", got)
	}
	if strings.Contains(strings.Join(digestLines(second.Text), "\n"), "<"+who+">") {
		t.Errorf("the next digest still asks to reach out to %s, written to since:\n%s", who, second.Text)
	}
	time.Sleep(600 * time.Millisecond) // several sync intervals: no second copy
	cancel()
	select {
	case err := <-done:
		if err != nil {
			t.Fatalf("daemon: %v\n%s", err, stderr.String())
		}
	case <-time.After(5 * time.Second):
		t.Fatal("daemon did not stop within 5 s of cancellation")
	}
	if n := strings.Count(stderr.String(), "msg=synced"); n < 3 {
		t.Errorf("%d sync lines logged; want one per sync", n)
	}

	// Phase 2, real processes. A: killed just before the next day's slot.
	a := startDaemon(t, "tend running", "--config", cfg, "run", "--test-clock", "2026-11-26T07:59:58Z")
	time.Sleep(700 * time.Millisecond)
	a.cmd.Process.Kill()
	<-a.exited
	// B: started after the missed slot; sends it once, then is killed.
	b := startDaemon(t, "tend running", "--config", cfg, "run", "--test-clock", "2026-11-26T08:00:30Z")
	waitFor(t, 8*time.Second, "the missed digest after restart", func() bool { return len(sink.received()) == 3 })
	b.cmd.Process.Kill()
	<-b.exited
	// C: restarted again in the same period: sends nothing more.
	c := startDaemon(t, "tend running", "--config", cfg, "run", "--test-clock", "2026-11-26T08:01:00Z")
	_, _, err := tend(t, "--config", cfg, "run")
	if err == nil || !strings.Contains(err.Error(), "pid "+strconv.Itoa(c.cmd.Process.Pid)) {
		t.Errorf("second daemon on the index: %v; want a refusal naming pid %d", err, c.cmd.Process.Pid)
	}
	time.Sleep(time.Second)
	c.cmd.Process.Signal(syscall.SIGTERM)
	select {
	case <-c.exited:
		if c.err != nil {
			t.Errorf("daemon exited with %v after SIGTERM\n%s", c.err, c.stderr.String())
		}
	case <-time.After(5 * time.Second):
		t.Fatal("daemon did not exit within 5 s of SIGTERM")
	}
	got := map[string]int{}
	for _, m := range sink.received() {
		got[dailyPeriod(m.Date)]++
	}
	want := map[string]int{"2026-11-24": 1, "2026-11-25": 1, "2026-11-26": 1}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("digests per period = %v, want %v", got, want)
	}
}

// TestDaemonReloadsOnSIGHUP: a bad config is logged and the old one kept; a
// good one takes effect (here: the log level, so sync lines appear).
func TestDaemonReloadsOnSIGHUP(t *testing.T) {
	if testing.Short() {
		t.Skip("runs a daemon")
	}
	_, mb, srv := serveDemo(t, 12)
	sink := startSMTP(t)
	cfg := daemonConfig(t, srv.Host, srv.Port, srv.Username, srv.Password, mb.User, sink.Port, "warn")
	good, err := os.ReadFile(cfg)
	if err != nil {
		t.Fatal(err)
	}
	d := startDaemon(t, "", "--config", cfg, "run")
	time.Sleep(time.Second)
	if strings.Contains(d.stderr.String(), "msg=synced") {
		t.Fatalf("sync lines logged at level warn:\n%s", d.stderr.String())
	}
	os.WriteFile(cfg, append(append([]byte(nil), good...), "bogus = 1\n"...), 0o600)
	d.cmd.Process.Signal(syscall.SIGHUP)
	waitFor(t, 5*time.Second, "the reload failure to be logged", func() bool {
		return strings.Contains(d.stderr.String(), "config reload failed")
	})
	os.WriteFile(cfg, []byte(strings.Replace(string(good), `level = "warn"`, `level = "info"`, 1)), 0o600)
	d.cmd.Process.Signal(syscall.SIGHUP)
	waitFor(t, 5*time.Second, "sync lines after reloading with level info", func() bool {
		return strings.Contains(d.stderr.String(), "msg=synced")
	})
	d.cmd.Process.Signal(syscall.SIGTERM)
	select {
	case <-d.exited:
		if d.err != nil {
			t.Errorf("exit after SIGTERM: %v", d.err)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("daemon did not exit within 5 s of SIGTERM")
	}
}

// TestDigestCommand: --dry-run prints the text, --html writes the HTML,
// --send sends once per period.
func TestDigestCommand(t *testing.T) {
	_, mb, srv := serveDemo(t, 11)
	sink := startSMTP(t)
	cfg := daemonConfig(t, srv.Host, srv.Port, srv.Username, srv.Password, mb.User, sink.Port, "info")
	mustTend(t, "--config", cfg, "sync")
	now := "2026-11-25T09:00:00Z"
	text := mustTend(t, "--config", cfg, "digest", "--dry-run", "--now", now)
	for _, want := range []string{"PEOPLE TO REACH OUT TO", "1. ", "Why: ", "Tracking "} {
		if !strings.Contains(text, want) {
			t.Errorf("dry run lacks %q:\n%s", want, text)
		}
	}
	if len(sink.received()) != 0 {
		t.Fatal("--dry-run sent mail")
	}
	html := filepath.Join(t.TempDir(), "digest.html")
	mustTend(t, "--config", cfg, "digest", "--html", html, "--now", now)
	if b, err := os.ReadFile(html); err != nil || !strings.Contains(string(b), "<html") || strings.Contains(string(b), "<script") {
		t.Errorf("--html wrote %d bytes, err %v", len(b), err)
	}
	out := mustTend(t, "--config", cfg, "digest", "--send", "--now", now)
	if !strings.Contains(out, "sent to "+mb.User) || len(sink.received()) != 1 {
		t.Fatalf("--send: %q, %d received", out, len(sink.received()))
	}
	if got := digestLines(sink.received()[0].Text); strings.Join(got, "\n") != strings.Join(digestLines(text), "\n") {
		t.Errorf("sent digest differs from the dry run")
	}
	if st := mustTend(t, "--config", cfg, "status", "--now", now); !strings.Contains(st, "2026-11-25: sent") {
		t.Errorf("status does not show the digest sent:\n%s", st)
	}
	out = mustTend(t, "--config", cfg, "digest", "--send", "--now", "2026-11-25T20:00:00Z")
	if !strings.Contains(out, "already sent") || len(sink.received()) != 1 {
		t.Errorf("second --send in the period: %q, %d received", out, len(sink.received()))
	}
	mustTend(t, "--config", cfg, "digest", "--send", "--force", "--now", now)
	if len(sink.received()) != 2 {
		t.Errorf("--force did not send again")
	}
}
