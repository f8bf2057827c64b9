package digest

import (
	"flag"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/tend-dev/tend/model"
	"github.com/tend-dev/tend/scoring"
)

var update = flag.Bool("update", false, "rewrite testdata/*.golden")

// zone loads a time zone or fails the test.
func zone(t *testing.T, name string) *time.Location {
	t.Helper()
	loc, err := time.LoadLocation(name)
	if err != nil {
		t.Fatalf("loading zone %s: %v", name, err)
	}
	return loc
}

// fullDigest is a realistic digest with every section, non-ASCII names and
// HTML-special user data.
func fullDigest(t *testing.T) Digest {
	berlin := zone(t, "Europe/Berlin")
	now := time.Date(2026, 11, 23, 8, 0, 0, 0, berlin)
	zoe := scoring.Result{
		Name: "Zoë Ångström", Email: "zoe@acme.example", Company: "Acme",
		LastContact: time.Date(2026, 8, 14, 9, 0, 0, 0, time.UTC), Status: scoring.StatusLapsed,
		Strength: 6.2, Overdue: 3.4, Candidate: true, Priority: 21,
		Reason: `3.4x past your usual 30-day rhythm; last: you wrote "Q3 roadmap" on 2026-08-14`,
	}
	tom := scoring.Result{
		Name: "Tom <script>alert(1)</script>", Email: "tom@example.org", Company: `Smith & "Sons"`,
		Status: scoring.StatusDue, Strength: 3, Candidate: true, Priority: 4, LastDirection: model.Inbound,
		Reason: `1.3x past your usual 21-day rhythm; last: they wrote "Lunch? <b>soon</b>" on 2026-10-28; they wrote last and you never replied`,
	}
	bare := scoring.Result{
		Email: "li.wei@example.cn", Status: scoring.StatusDue, Strength: 2, Candidate: true,
		Reason: "95 days since last contact (default 90-day cadence); last: you wrote on 2026-08-20",
	}
	pick := scoring.Result{
		Name: "Søren Kierkegaard", Email: "soren@example.dk", Company: "Regine ApS", Status: scoring.StatusLapsed,
		Strength: 8, Reason: `5.0x past your usual 60-day rhythm; last: met for "Fear and Trembling" on 2025-06-01`,
	}
	return Digest{
		Period: "2026-W48",
		Now:    now,
		To:     []string{"me@example.com"},
		ReachOut: []Entry{
			{Result: zoe, Reasons: []string{"changed jobs: now at Globex", "single-threaded account: your only contact at Acme"},
				LastMeeting: "Roadmap review", LastMeetingAt: time.Date(2026, 7, 30, 14, 0, 0, 0, time.UTC),
				Note: "Met at GopherCon.\nLoves bouldering; ask about the Frankenjura trip"},
			{Result: tom, Reasons: []string{"waiting on your reply"}, Note: `Prefers "tea" & <em>no</em> calls`},
			{Result: bare},
		},
		JobChanges: []JobChange{{Name: "Zoë Ångström", Email: "zoe@acme.example", From: "Acme", To: "Globex",
			At: time.Date(2026, 11, 20, 10, 0, 0, 0, time.UTC), Evidence: "new signature domain globex.example"}},
		Birthdays: []Birthday{
			{Name: "José Núñez", Email: "jose@example.es", On: time.Date(2026, 11, 26, 0, 0, 0, 0, time.UTC), Kind: "birthday"},
			{Name: "Ada", Email: "ada@example.com", On: time.Date(2026, 11, 24, 0, 0, 0, 0, time.UTC), Kind: "anniversary"},
		},
		AtRisk:  []AccountRisk{{Company: "Acme", Why: "only one contact, quiet for 101 days", People: []string{"Zoë Ångström"}}},
		Pick:    &Entry{Result: pick, Note: "Send him the essay"},
		Summary: Summary{Tracked: 142, Active: 97, Due: 30, Lapsed: 15},
	}
}

// reachOnlyDigest has reach-outs and nothing else (not even a summary).
func reachOnlyDigest(t *testing.T) Digest {
	d := fullDigest(t)
	d.Period = "2026-11-23"
	d.ReachOut = d.ReachOut[1:]
	d.JobChanges, d.Birthdays, d.AtRisk, d.Pick, d.Summary = nil, nil, nil, nil, Summary{}
	return d
}

// golden compares got with testdata/name, rewriting it under -update.
func golden(t *testing.T, name, got string) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("reading golden file (run with -update to create): %v", err)
	}
	if got != string(want) {
		t.Errorf("%s differs from golden file; got:\n%s", name, got)
	}
}
