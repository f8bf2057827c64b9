package main

import (
	"context"
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/tend-dev/tend/config"
	"github.com/tend-dev/tend/internal/demo"
	"github.com/tend-dev/tend/scoring"
)

// pr is a precision/recall tally.
type pr struct{ tp, fp, fn int }

func (c pr) precision() float64 {
	if c.tp+c.fp == 0 {
		return 1 // nothing claimed, nothing wrong
	}
	return float64(c.tp) / float64(c.tp+c.fp)
}

func (c pr) recall() float64 {
	if c.tp+c.fn == 0 {
		return 1
	}
	return float64(c.tp) / float64(c.tp+c.fn)
}

func (c pr) String() string {
	return fmt.Sprintf("precision %.2f recall %.2f (tp %d fp %d fn %d)", c.precision(), c.recall(), c.tp, c.fp, c.fn)
}

// TestModelQuality runs the real pipeline (generated mailbox over IMAP,
// tend sync, the index, scoring) on mailboxes with planted truth and
// measures how well tend finds lapsed relationships, job changes, one
// person's several addresses, single-threaded accounts, relationships going
// cold and messages waiting on the user.
func TestModelQuality(t *testing.T) {
	now, _ := time.Parse(time.DateOnly, testNow)
	var lapsed, moves, merges, single, cold, waiting pr
	var wrongMerges int
	for _, seed := range []int64{1, 2, 3} {
		cfg, mb, _ := serveDemo(t, seed)
		mustTend(t, "--config", cfg, "sync")
		c, err := config.Load(cfg)
		if err != nil {
			t.Fatal(err)
		}
		st, err := openStore(context.Background(), c)
		if err != nil {
			t.Fatal(err)
		}
		p := modelParams(c)
		rs, err := rankedResults(context.Background(), st, p, now)
		st.Close()
		if err != nil {
			t.Fatal(err)
		}
		judgeLapsed(&lapsed, mb, rs)
		judgeMoves(&moves, mb.Facts, rs)
		wrongMerges += judgeMerges(&merges, mb.Facts, rs)
		judgeSet(&single, mb.Facts.SingleThreaded, func(yield func(string) bool) {
			for _, a := range scoring.Accounts(rs, now, p) {
				if a.Risk == scoring.RiskSingleThreaded && !yield(a.Domain) {
					return
				}
			}
		})
		judgeSet(&cold, mb.Facts.GoingCold, emailsWith(rs, scoring.ReasonCold))
		judgeSet(&waiting, mb.Facts.Waiting, emailsWith(rs, scoring.ReasonWaiting))
	}
	t.Logf("lapsed detection:      %v", lapsed)
	t.Logf("job-change detection:  %v", moves)
	t.Logf("identity merging:      %v; different people merged: %d", merges, wrongMerges)
	t.Logf("single-threaded:       %v", single)
	t.Logf("going cold (planted):  recall %.2f", cold.recall())
	t.Logf("waiting on you:        recall %.2f", waiting.recall())

	// Thresholds: see README, "How well it works".
	if lapsed.precision() < 0.85 || lapsed.recall() < 0.95 {
		t.Errorf("lapsed detection %v, want precision >= 0.85 and recall >= 0.95", lapsed)
	}
	if moves.precision() < 0.9 {
		t.Errorf("job-change detection %v: want precision >= 0.9 (recall grows as evidence lands)", moves)
	}
	if merges.precision() < 0.9 || wrongMerges > 0 {
		t.Errorf("identity merging %v, %d different people merged: want precision >= 0.9 and none", merges, wrongMerges)
	}
	if single.recall() < 0.6 || single.precision() < 0.6 {
		t.Errorf("single-threaded accounts %v, want both >= 0.6", single)
	}
	if cold.recall() < 1 || waiting.recall() < 1 {
		t.Errorf("planted going-cold recall %.2f, waiting recall %.2f: want every planted case found", cold.recall(), waiting.recall())
	}
}

// judgeLapsed counts lapsed-or-dormant candidates against the planted
// lapsed relationships. Addresses whose truth depends on merging (a job
// changer's, a person's second address) are left out.
func judgeLapsed(c *pr, mb *demo.Mailbox, rs []scoring.Result) {
	skip := map[string]bool{}
	for _, g := range mb.Facts.Aliases {
		for _, e := range g {
			skip[e] = true
		}
	}
	for _, j := range mb.Facts.JobChanges {
		skip[j.OldEmail] = true
	}
	kind := map[string]string{}
	for _, tr := range mb.Truth {
		kind[tr.Email] = tr.Kind
	}
	for _, r := range rs {
		if skip[r.Email] {
			continue
		}
		got := r.Candidate && (r.Status == scoring.StatusLapsed || r.Status == scoring.StatusDormant)
		want := kind[r.Email] == demo.KindLapsed
		switch {
		case got && want:
			c.tp++
		case got:
			c.fp++
		case want:
			c.fn++
		}
	}
}

// judgeMoves counts recorded moves against the planted job changes.
func judgeMoves(c *pr, f demo.Facts, rs []scoring.Result) {
	found := map[string]bool{}
	for _, r := range rs {
		for _, m := range r.Moves {
			i := slices.IndexFunc(f.JobChanges, func(j demo.JobChange) bool {
				return m.FromEmail == j.OldEmail || (m.FromCompany == j.OldCompany && r.Name == j.Name)
			})
			if i < 0 {
				c.fp++
				continue
			}
			if !found[f.JobChanges[i].OldEmail] {
				found[f.JobChanges[i].OldEmail] = true
				c.tp++
			}
		}
	}
	c.fn += len(f.JobChanges) - len(found)
}

// judgeMerges counts address pairs held by one person against the planted
// aliases, and returns how many planted different people were merged.
func judgeMerges(c *pr, f demo.Facts, rs []scoring.Result) int {
	same := func(groups [][]string, a, b string) bool {
		return slices.ContainsFunc(groups, func(g []string) bool { return slices.Contains(g, a) && slices.Contains(g, b) })
	}
	found, wrong := 0, 0
	for _, r := range rs {
		for i, a := range r.Emails {
			for _, b := range r.Emails[i+1:] {
				switch {
				case same(f.Aliases, a, b):
					found++
				case same(f.Distinct, a, b):
					wrong++
					c.fp++
				default:
					c.fp++
				}
			}
		}
	}
	c.tp += found
	for _, g := range f.Aliases {
		c.fn += len(g) * (len(g) - 1) / 2
	}
	c.fn -= found
	return wrong
}

// judgeSet counts a predicted set of keys against a planted one.
func judgeSet(c *pr, want []string, got func(yield func(string) bool)) {
	seen := map[string]bool{}
	for k := range got {
		seen[k] = true
		if slices.Contains(want, k) {
			c.tp++
		} else {
			c.fp++
		}
	}
	for _, k := range want {
		if !seen[k] {
			c.fn++
		}
	}
}

// emailsWith yields the addresses of the results carrying a reason kind.
func emailsWith(rs []scoring.Result, kind string) func(yield func(string) bool) {
	return func(yield func(string) bool) {
		for _, r := range rs {
			if r.HasReason(kind) && !yield(r.Email) {
				return
			}
		}
	}
}
