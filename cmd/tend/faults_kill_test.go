package main

import (
	"context"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/tend-dev/tend/internal/demo"
	"github.com/tend-dev/tend/store"
)

// TestSIGKILL20TimesOnALargeSync kills a real tend process 20 times in a row
// at random moments of a sync of a ten-year mailbox (about 17,000
// messages), then lets it finish: the index equals a clean sync's (same
// people, same interactions, no duplicates) and passes PRAGMA
// integrity_check.
func TestSIGKILL20TimesOnALargeSync(t *testing.T) {
	if testing.Short() {
		t.Skip("spawns processes")
	}
	now, _ := time.Parse(time.DateOnly, testNow)
	mb := demo.Generate(demo.Options{Seed: 22, Now: now, Years: 10})
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	srv, err := demo.Serve(ctx, mb)
	if err != nil {
		t.Fatal(err)
	}
	defer srv.Close()

	cleanCfg := writeConfig(t, srv.Host, srv.Port, srv.Username, srv.Password, mb.User)
	mustTend(t, "--config", cleanCfg, "sync")
	want := mustTend(t, "--config", cleanCfg, "export", "--format", "json", "--now", testNow)
	total := messagesSeen(t, mustTend(t, "--config", cleanCfg, "status"))

	child := func(cfg string) *exec.Cmd {
		cmd := exec.Command(os.Args[0], "--config", cfg, "sync")
		cmd.Env = append(os.Environ(), "TEND_TEST_MAIN=1")
		return cmd
	}
	// Kill points spread over a whole sync of a child process, timed once
	// (the server has served the mailbox before, like for the kills).
	start := time.Now()
	if out, err := child(writeConfig(t, srv.Host, srv.Port, srv.Username, srv.Password, mb.User)).CombinedOutput(); err != nil {
		t.Fatalf("timing a child sync: %v\n%s", err, out)
	}
	took := time.Since(start)

	cfg := writeConfig(t, srv.Host, srv.Port, srv.Username, srv.Password, mb.User)
	rng := rand.New(rand.NewPCG(22, 1))
	killed, partial, progressed := 0, 0, 0
	last := 0
	span := int(took.Milliseconds())
	for i := 0; i < 20; i++ {
		cmd := child(cfg)
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		time.Sleep(time.Duration(20+rng.IntN(span)) * time.Millisecond)
		if err := cmd.Process.Kill(); err == nil {
			killed++
		}
		_ = cmd.Wait()
		n := messagesSeen(t, mustTend(t, "--config", cfg, "status"))
		if n > 0 && n < total {
			partial++
		}
		if n > last {
			progressed++
		}
		last = n
		if n == total { // finished before the kill: start over, to keep killing mid-sync
			cfg = writeConfig(t, srv.Host, srv.Port, srv.Username, srv.Password, mb.User)
			last = 0
		}
	}
	if killed < 20 || partial < 5 {
		t.Fatalf("too few syncs killed mid-way (killed %d, partial %d): the test proves little", killed, partial)
	}
	_, errOut, err := tend(t, "--config", cfg, "sync")
	if err != nil {
		t.Fatalf("final sync: %v\n%s", err, errOut)
	}
	if got := mustTend(t, "--config", cfg, "export", "--format", "json", "--now", testNow); got != want {
		t.Errorf("index after %d SIGKILLs differs from a clean sync's", killed)
	}
	clean := mustTend(t, "--config", cleanCfg, "status", "--now", testNow)
	resumed := mustTend(t, "--config", cfg, "status", "--now", testNow)
	if countsLine(clean) != countsLine(resumed) {
		t.Errorf("counts differ: clean %q, resumed %q", countsLine(clean), countsLine(resumed))
	}
	st, err := store.Open(ctx, filepath.Join(filepath.Dir(cfg), "data", "tend.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	if err := st.IntegrityCheck(ctx); err != nil {
		t.Errorf("after %d SIGKILLs: %v", killed, err)
	}
	t.Logf("%d messages; %d kills, %d left a partial index, %d made progress; a child's sync %v",
		total, killed, partial, progressed, took.Round(time.Millisecond))
	if strings.Contains(errOut, "fetched=0 ") && last < total {
		t.Errorf("the final sync fetched nothing although the index was partial")
	}
}
