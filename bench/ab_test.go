package bench

import (
	"context"
	"fmt"
	"os"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"
)

// BenchmarkAB compares tend builds on one Dovecot: set TEND_AB_BINS to a
// comma-separated list of tend binaries (go build -o ... ./cmd/tend from
// each checkout). Each round runs the two floors, then every binary's
// initial sync into a new index, in turn, so that drift of the machine's
// speed hits all alike; it reports medians. TEND_BENCH_N sets the mailbox
// size (10,000), TEND_AB_ROUNDS the rounds (7), and TEND_AB_FLOORS=0 skips
// the floors (at 300,000 messages the raw reader's second run can fail).
// The first round's index of each binary is checked against the ground
// truth. Run it once:
//
//	TEND_AB_BINS=/tmp/old,/tmp/new TEND_BENCH_N=100000 go test -run XXX -bench AB -benchtime 1x ./bench/
func BenchmarkAB(b *testing.B) {
	list := os.Getenv("TEND_AB_BINS")
	if list == "" {
		b.Skip("TEND_AB_BINS unset: nothing to compare")
	}
	t := b
	bins := strings.Split(list, ",")
	n := 10000
	if v := os.Getenv("TEND_BENCH_N"); v != "" {
		var err error
		if n, err = strconv.Atoi(v); err != nil || n <= 0 {
			t.Fatalf("TEND_BENCH_N=%q: want a positive whole number", v)
		}
	}
	rounds := 7
	if v := os.Getenv("TEND_AB_ROUNDS"); v != "" {
		var err error
		if rounds, err = strconv.Atoi(v); err != nil || rounds <= 0 {
			t.Fatalf("TEND_AB_ROUNDS=%q: want a positive whole number", v)
		}
	}
	floors := os.Getenv("TEND_AB_FLOORS") != "0"
	ctx := context.Background()
	mb := newMailbox(t, n)
	if _, err := RawFetch(mb.server); err != nil { // warm Dovecot up
		t.Fatal(err)
	}
	var raw, goimap []float64
	wall := make([][]float64, len(bins))
	cpu := make([][]float64, len(bins))
	rss := make([][]float64, len(bins))
	for round := range rounds {
		if floors {
			r, err := RawFetch(mb.server)
			if err != nil {
				t.Fatal(err)
			}
			g, err := GoIMAPFetch(ctx, mb.server, false)
			if err != nil {
				t.Fatal(err)
			}
			raw, goimap = append(raw, r.Wall.Seconds()), append(goimap, g.Wall.Seconds())
		}
		for k, bin := range bins {
			cfg, index := mb.config(t, mb.srv.Port)
			run, err := RunTend(ctx, bin, mb.env, "--config", cfg, "sync")
			if err != nil {
				t.Fatal(err)
			}
			if round == 0 {
				if err := Verify(ctx, index, mb.truth); err != nil {
					t.Fatalf("%s: %v", bin, err)
				}
			}
			wall[k] = append(wall[k], run.Wall.Seconds())
			cpu[k] = append(cpu[k], run.CPU.Seconds())
			rss[k] = append(rss[k], float64(run.MaxRSS)/1e6)
			os.RemoveAll(index)
			time.Sleep(200 * time.Millisecond) // let Dovecot's processes exit
		}
	}
	if floors {
		t.Logf("%d messages, %d rounds: raw floor %.3f s, go-imap floor %.3f s (medians)", n, rounds, median(raw), median(goimap))
	}
	for k, bin := range bins {
		line := fmt.Sprintf("%s: wall %.3f s, CPU %.3f s, peak RSS %.1f MB", bin, median(wall[k]), median(cpu[k]), median(rss[k]))
		if floors {
			line += fmt.Sprintf(" (raw floor %.0f %%, go-imap floor %.0f %%)", 100*median(raw)/median(wall[k]), 100*median(goimap)/median(wall[k]))
		}
		t.Log(line)
	}
}

func median(x []float64) float64 {
	y := slices.Clone(x)
	slices.Sort(y)
	return y[len(y)/2]
}
