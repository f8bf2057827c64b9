package main

import (
	"context"
	"math/rand/v2"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/tend-dev/tend/internal/demo"
)

// TestSIGKILLMidSyncResumesToTheCleanIndex kills a real tend process at
// random moments of a sync, again and again, then lets it finish: the index
// must equal a clean sync's, with nothing lost and nothing counted twice.
func TestSIGKILLMidSyncResumesToTheCleanIndex(t *testing.T) {
	if testing.Short() {
		t.Skip("spawns processes")
	}
	now, _ := time.Parse(time.DateOnly, testNow)
	mb := demo.Generate(demo.Options{Seed: 21, Now: now, Years: 6})
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

	cfg := writeConfig(t, srv.Host, srv.Port, srv.Username, srv.Password, mb.User)
	total := messagesSeen(t, mustTend(t, "--config", cleanCfg, "status"))
	rng := rand.New(rand.NewPCG(21, 1))
	killed, partial := 0, 0
	for i := 0; i < 8; i++ {
		cmd := exec.Command(os.Args[0], "--config", cfg, "sync")
		cmd.Env = append(os.Environ(), "TEND_TEST_MAIN=1")
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		time.Sleep(time.Duration(10+rng.IntN(150)) * time.Millisecond)
		if err := cmd.Process.Kill(); err == nil {
			killed++
		}
		_ = cmd.Wait()
		if n := messagesSeen(t, mustTend(t, "--config", cfg, "status")); n > 0 && n < total {
			partial++
		}
	}
	if killed == 0 || partial == 0 {
		t.Fatalf("no sync was killed mid-way (killed %d, partial %d): the test proves nothing", killed, partial)
	}
	_, errOut, err := tend(t, "--config", cfg, "sync")
	if err != nil {
		t.Fatalf("final sync: %v\n%s", err, errOut)
	}
	got := mustTend(t, "--config", cfg, "export", "--format", "json", "--now", testNow)
	if got != want {
		t.Errorf("index after %d SIGKILLs differs from a clean sync's", killed)
	}
	clean := mustTend(t, "--config", cleanCfg, "status", "--now", testNow)
	resumed := mustTend(t, "--config", cfg, "status", "--now", testNow)
	if countsLine(clean) != countsLine(resumed) {
		t.Errorf("counts differ: clean %q, resumed %q", countsLine(clean), countsLine(resumed))
	}
}

// messagesSeen reads the messages count from status output.
func messagesSeen(t *testing.T, status string) int {
	t.Helper()
	f := strings.Fields(countsLine(status))
	for i := 1; i < len(f); i++ {
		if f[i] == "messages" {
			n, err := strconv.Atoi(f[i-1])
			if err != nil {
				t.Fatalf("bad status line %q", countsLine(status))
			}
			return n
		}
	}
	t.Fatalf("no messages count in status:\n%s", status)
	return 0
}

// countsLine is status's line of people, messages and interactions.
func countsLine(status string) string {
	for _, l := range strings.Split(status, "\n") {
		if strings.Contains(l, "people known") {
			return strings.TrimSpace(l)
		}
	}
	return ""
}
