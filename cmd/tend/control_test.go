package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// ctlContact is the part of `contacts --json` these tests read.
type ctlContact struct {
	Name        string `json:"name"`
	Email       string `json:"email"`
	Status      string `json:"status"`
	CadenceDays int    `json:"cadence_days"`
	ReachOut    bool   `json:"reach_out"`
	Reasons     []struct {
		Kind string `json:"kind"`
		Text string `json:"text"`
	} `json:"reasons"`
}

func ctlContacts(t *testing.T, cfg string, all bool) map[string]ctlContact {
	t.Helper()
	args := []string{"--config", cfg, "contacts", "--json", "--now", testNow}
	if all {
		args = append(args, "--all")
	}
	var cs []ctlContact
	if err := json.Unmarshal([]byte(mustTend(t, args...)), &cs); err != nil {
		t.Fatal(err)
	}
	out := map[string]ctlContact{}
	for _, c := range cs {
		out[c.Email] = c
	}
	return out
}

// personOf finds the contact whose name is name.
func personOf(cs map[string]ctlContact, name string) (ctlContact, int) {
	var found ctlContact
	n := 0
	for _, c := range cs {
		if c.Name == name {
			found, n = c, n+1
		}
	}
	return found, n
}

func TestMergeSplitSurviveResyncAndRebuild(t *testing.T) {
	cfg, _, _ := serveDemo(t, 1)
	mustTend(t, "--config", cfg, "sync")
	// Automatic: Dana Whitfield changed jobs (same name, same local part).
	if _, n := personOf(ctlContacts(t, cfg, true), "Dana Whitfield"); n != 1 {
		t.Fatalf("Dana Whitfield is %d people after sync, want 1 (merged)", n)
	}
	// Corrections: split Owen's personal address off; merge Chris into Mei.
	out := mustTend(t, "--config", cfg, "split", "owen.fletcher@gmail.com", "--now", testNow)
	if !strings.Contains(out, "Split off: Owen Fletcher <owen.fletcher@gmail.com>") {
		t.Errorf("split said %q", out)
	}
	out = mustTend(t, "--config", cfg, "merge", "mei.lin.88@gmail.com", "chris.park@gmail.com", "--now", testNow)
	if !strings.Contains(out, "Merged into") || !strings.Contains(out, "chris.park@gmail.com") {
		t.Errorf("merge said %q", out)
	}
	check := func(when string) {
		t.Helper()
		cs := ctlContacts(t, cfg, true)
		if _, n := personOf(cs, "Owen Fletcher"); n != 2 {
			t.Errorf("%s: Owen Fletcher is %d people, want 2 (split)", when, n)
		}
		_, chris := personOf(cs, "Chris Park")
		_, mei := personOf(cs, "Mei Lin")
		if chris+mei != 1 {
			t.Errorf("%s: Chris Park and Mei Lin are %d people, want 1 (merged)", when, chris+mei)
		}
	}
	check("after the corrections")
	mustTend(t, "--config", cfg, "sync")
	check("after a re-sync")

	// Rebuild: export, delete the index, sync from scratch, import.
	file := filepath.Join(t.TempDir(), "userdata.json")
	mustTend(t, "--config", cfg, "userdata", "export", "-o", file)
	dbs, _ := filepath.Glob(filepath.Join(filepath.Dir(cfg), "data", "tend.db*"))
	for _, f := range dbs {
		os.Remove(f)
	}
	mustTend(t, "--config", cfg, "sync")
	out = mustTend(t, "--config", cfg, "userdata", "import", file)
	if !strings.Contains(out, "identity rules") || strings.Contains(out, "0 identity rules (") {
		t.Errorf("import said %q, want rules applied", out)
	}
	check("after a rebuilt index and an import")
	out = mustTend(t, "--config", cfg, "userdata", "import", file)
	if !strings.HasPrefix(out, "applied 0 person fields, 0 ignored domains, 0 identity rules") {
		t.Errorf("second import said %q, want nothing applied", out)
	}
}

func TestUserDataShapesContacts(t *testing.T) {
	cfg, _, _ := serveDemo(t, 1)
	mustTend(t, "--config", cfg, "sync")
	reach := ctlContacts(t, cfg, false)
	if len(reach) < 3 {
		t.Fatalf("only %d people to reach out to; the demo should have more", len(reach))
	}
	var picks []ctlContact
	for _, c := range reach {
		picks = append(picks, c)
	}
	snoozed, ignored := picks[0], picks[1]
	mustTend(t, "--config", cfg, "snooze", snoozed.Email, "30d", "--now", testNow)
	mustTend(t, "--config", cfg, "ignore", ignored.Email, "--now", testNow)

	all := ctlContacts(t, cfg, true)
	active := ""
	for e, c := range all {
		if c.Status == "active" && c.CadenceDays > 7 {
			active = e
			break
		}
	}
	if active == "" {
		t.Fatal("no active person with a cadence over a week in the demo")
	}
	mustTend(t, "--config", cfg, "tier", active, "weekly", "--now", testNow)
	mustTend(t, "--config", cfg, "note", active, "likes", "sailing", "--now", testNow)
	mustTend(t, "--config", cfg, "note", active, "--append", "kids: Tom and Lea", "--now", testNow)

	reach, all = ctlContacts(t, cfg, false), ctlContacts(t, cfg, true)
	if _, ok := reach[snoozed.Email]; ok {
		t.Errorf("%s is snoozed but still on the reach-out list", snoozed.Email)
	}
	if c, ok := all[snoozed.Email]; !ok || c.ReachOut {
		t.Errorf("snoozed %s: listed=%v reach_out=%v; want listed by --all, not for reach-out", snoozed.Email, ok, c.ReachOut)
	}
	if _, ok := all[ignored.Email]; ok {
		t.Errorf("%s is ignored but still listed by --all", ignored.Email)
	}
	c := all[active]
	if c.CadenceDays != 7 {
		t.Errorf("%s in tier weekly has cadence %d days, want 7", active, c.CadenceDays)
	}
	var note string
	for _, r := range c.Reasons {
		if r.Kind == "note" {
			note = r.Text
		}
	}
	if !strings.Contains(note, "likes sailing") || !strings.Contains(note, "Tom and Lea") {
		t.Errorf("note reason = %q, want both lines of the note", note)
	}

	// --clear undoes each; an ignored domain hides everyone there.
	mustTend(t, "--config", cfg, "snooze", snoozed.Email, "--clear")
	mustTend(t, "--config", cfg, "ignore", ignored.Email, "--clear")
	if _, ok := ctlContacts(t, cfg, false)[snoozed.Email]; !ok {
		t.Errorf("%s still hidden after snooze --clear", snoozed.Email)
	}
	domain := active[strings.LastIndexByte(active, '@')+1:]
	mustTend(t, "--config", cfg, "ignore", domain)
	for e := range ctlContacts(t, cfg, true) {
		if strings.HasSuffix(e, "@"+domain) {
			t.Errorf("%s listed although %s is ignored", e, domain)
		}
	}
}

func TestControlMistakes(t *testing.T) {
	cfg, _, _ := serveDemo(t, 1)
	mustTend(t, "--config", cfg, "sync")
	tests := []struct {
		name string
		args []string
		want string
	}{
		{"unknown tier", []string{"tier", "dana.whitfield@cyberdyne.example", "daily"}, `unknown tier "daily" (one of: weekly, monthly, quarterly, yearly`},
		{"bad snooze", []string{"snooze", "dana.whitfield@cyberdyne.example", "soon"}, "want a duration like 30d"},
		{"nobody", []string{"note", "zz-nobody-zz", "hi"}, "no such person"},
		{"split unknown", []string{"split", "nobody@nowhere.example"}, "not in the index"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, _, err := tend(t, append([]string{"--config", cfg}, tc.args...)...)
			if err == nil || !strings.Contains(err.Error(), tc.want) || exitCode(err) != 2 {
				t.Errorf("err = %v (exit %d), want exit 2 with %q", err, exitCode(err), tc.want)
			}
		})
	}
}
