package demo

import (
	"bytes"
	"slices"
	"testing"
	"time"
)

func TestPlantedFacts(t *testing.T) {
	day := 24 * time.Hour
	for _, seed := range []int64{1, 2, 3} {
		mb := Generate(Options{Seed: seed, Now: testNow})
		f := mb.Facts
		truth := map[string]Truth{}
		for _, tr := range mb.Truth {
			truth[tr.Email] = tr
		}
		var evidence []string
		for _, j := range f.JobChanges {
			evidence = append(evidence, j.Evidence)
			if j.At.IsZero() || j.OldEmail == "" || j.OldCompany == "" {
				t.Errorf("seed %d: incomplete job change %+v", seed, j)
			}
		}
		if !slices.Equal(evidence, []string{"bounce", "new-domain", "auto-reply"}) {
			t.Errorf("seed %d: job change evidence %v", seed, evidence)
		}
		for _, j := range f.JobChanges {
			if j.Evidence != "new-domain" {
				continue
			}
			old, nw := truth[j.OldEmail], truth[j.NewEmail]
			if gap := testNow.Sub(old.LastContact); gap < 150*day || !j.At.After(old.LastContact.Add(30*day)) ||
				testNow.Sub(nw.LastContact) > 12*day {
				t.Errorf("seed %d: %s: old address last %v, new address from %v to %v: want silence, then the new domain",
					seed, j.Name, old.LastContact, j.At, nw.LastContact)
			}
		}
		noLonger := 0
		for _, m := range mb.Messages {
			if bytes.Contains(m.Raw, []byte("is no longer with Soylent")) && bytes.Contains(m.Raw, []byte("Auto-Submitted: auto-replied")) {
				noLonger++
			}
		}
		if noLonger != 1 {
			t.Errorf("seed %d: %d \"no longer with\" auto-replies, want 1", seed, noLonger)
		}
		if want := [][]string{{"dana.whitfield@initech.example", "dana.whitfield@cyberdyne.example"},
			{"owen.fletcher@tyrell.example", "owen.fletcher@gmail.com"}}; !equalSets(f.Aliases, want) {
			t.Errorf("seed %d: aliases %v", seed, f.Aliases)
		}
		if len(f.Distinct) != 1 || truth[f.Distinct[0][0]].Name != truth[f.Distinct[0][1]].Name {
			t.Errorf("seed %d: distinct %v", seed, f.Distinct)
		}
		for _, c := range []string{"baskerville.example", "cyberdyne.example", "soylent.example", "stark-industries.example"} {
			if !slices.Contains(f.SingleThreaded, c) {
				t.Errorf("seed %d: %s not single-threaded in %v", seed, c, f.SingleThreaded)
			}
		}
		for _, e := range f.GoingCold {
			if age := testNow.Sub(truth[e].LastContact); age > 12*day || truth[e].Sent+truth[e].Received < 60 {
				t.Errorf("seed %d: cooling %s: last %v, %d messages", seed, e, truth[e].LastContact, truth[e].Sent+truth[e].Received)
			}
		}
		if len(f.Waiting) != 1 {
			t.Errorf("seed %d: waiting %v", seed, f.Waiting)
		}
	}
}

func equalSets(got, want [][]string) bool {
	if len(got) != len(want) {
		return false
	}
	for _, w := range want {
		if !slices.ContainsFunc(got, func(g []string) bool { return slices.Equal(g, w) }) {
			return false
		}
	}
	return true
}
