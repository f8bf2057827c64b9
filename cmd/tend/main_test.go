package main

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/tend-dev/tend/export"
	"github.com/tend-dev/tend/internal/demo"
)

// TestMain lets tests run the test binary as the tend command itself
// (TEND_TEST_MAIN=1), so that a real process can be killed mid-sync.
func TestMain(m *testing.M) {
	if os.Getenv("TEND_TEST_MAIN") == "1" {
		main()
		os.Exit(0)
	}
	os.Exit(m.Run())
}

const testNow = "2026-11-25"

// tend runs the CLI in-process and returns stdout, stderr and the error.
func tend(t *testing.T, args ...string) (string, string, error) {
	t.Helper()
	var out, errb bytes.Buffer
	err := run(context.Background(), args, &out, &errb)
	return out.String(), errb.String(), err
}

func mustTend(t *testing.T, args ...string) string {
	t.Helper()
	out, errOut, err := tend(t, args...)
	if err != nil {
		t.Fatalf("tend %v: %v\nstderr: %s", args, err, errOut)
	}
	return out
}

// serveDemo serves a generated mailbox and writes a config for it.
func serveDemo(t *testing.T, seed int64) (cfg string, mb *demo.Mailbox, srv *demo.Server) {
	t.Helper()
	now, _ := time.Parse(time.DateOnly, testNow)
	mb = demo.Generate(demo.Options{Seed: seed, Now: now})
	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(cancel)
	srv, err := demo.Serve(ctx, mb)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { srv.Close() })
	return writeConfig(t, srv.Host, srv.Port, srv.Username, srv.Password, mb.User), mb, srv
}

// configs numbers configs so that each has its own password variable.
var configs int

func writeConfig(t *testing.T, host string, port int, user, password, self string) string {
	t.Helper()
	dir := t.TempDir()
	configs++
	env := "TEND_TEST_PASSWORD_" + strconv.Itoa(configs)
	t.Setenv(env, password)
	cfg := filepath.Join(dir, "config.toml")
	text := "[index]\npath = \"" + filepath.Join(dir, "data", "tend.db") + "\"\n\n[[accounts]]\nname = \"test\"\nkind = \"imap\"\n" +
		"host = \"" + host + "\"\nport = " + strconv.Itoa(port) + "\nsecurity = \"none\"\nusername = \"" + user + "\"\n" +
		"password_env = \"" + env + "\"\naddresses = [\"" + self + "\"]\n"
	if err := os.WriteFile(cfg, []byte(text), 0o600); err != nil {
		t.Fatal(err)
	}
	return cfg
}

func readCSV(t *testing.T, path string) [][]string {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatalf("%s is not valid CSV: %v", path, err)
	}
	return rows
}

func TestDemoIsDeterministicAndUseful(t *testing.T) {
	dir := t.TempDir()
	args := []string{"demo", "--seed", "7", "--now", testNow, "--dir", dir}
	first := mustTend(t, args...)
	second := mustTend(t, args...)
	if first != second {
		t.Errorf("demo output differs between two runs with the same seed and --now")
	}
	for _, want := range []string{"Reach out to", "why: ", "lapsed", "Wrote ", filepath.Join(dir, "lapsed.csv")} {
		if !strings.Contains(first, want) {
			t.Errorf("demo output lacks %q:\n%s", want, first)
		}
	}
	for _, robot := range []string{"noreply", "no-reply", "github", "newsletter", "mailer-daemon", "notifications@"} {
		if strings.Contains(strings.ToLower(first), robot) {
			t.Errorf("demo suggests a robot or newsletter (%q):\n%s", robot, first)
		}
	}
	rows := readCSV(t, filepath.Join(dir, "lapsed.csv"))
	if got, want := strings.Join(rows[0], ","), strings.Join(export.Columns(), ","); got != want {
		t.Errorf("CSV header = %s, want %s", got, want)
	}
	if len(rows) < 2 {
		t.Fatalf("no lapsed contacts in the demo CSV")
	}
	for _, r := range rows[1:] {
		if r[11] != "lapsed" {
			t.Errorf("lapsed CSV holds a %q person: %v", r[11], r)
		}
	}
	other := mustTend(t, "demo", "--seed", "8", "--now", testNow, "--dir", dir)
	if other == first {
		t.Errorf("a different seed gave the same demo")
	}
}

func TestHelpAndExitCodes(t *testing.T) {
	out := mustTend(t, "--help")
	for _, sub := range []string{"demo", "sync", "contacts", "export", "status"} {
		if !strings.Contains(out, sub) {
			t.Errorf("--help does not list %s", sub)
		}
	}
	for _, sub := range []string{"demo", "sync", "contacts", "export", "status"} {
		if out := mustTend(t, sub, "--help"); !strings.Contains(out, "Usage:") {
			t.Errorf("%s --help: %s", sub, out)
		}
	}
	tests := []struct {
		name string
		args []string
		code int
		want string
	}{
		{"unknown command", []string{"frobnicate"}, 2, "unknown command"},
		{"unknown flag", []string{"contacts", "--bogus"}, 2, "unknown flag"},
		{"bad now", []string{"contacts", "--now", "yesterday"}, 2, "--now"},
		{"bad format", []string{"export", "--format", "xml"}, 2, "--format"},
		{"missing config", []string{"--config", "/nonexistent/tend.toml", "contacts"}, 1, "/nonexistent/tend.toml: config file not found"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, _, err := tend(t, tt.args...)
			if err == nil {
				t.Fatal("no error")
			}
			if got := exitCode(err); got != tt.code {
				t.Errorf("exit code %d, want %d (%v)", got, tt.code, err)
			}
			if !strings.Contains(err.Error(), tt.want) || strings.Contains(err.Error(), "\n") {
				t.Errorf("error %q: want one line containing %q", err, tt.want)
			}
		})
	}
}

func TestBadConfigNamesFileAndKey(t *testing.T) {
	cfg := filepath.Join(t.TempDir(), "c.toml")
	os.WriteFile(cfg, []byte("[[accounts]]\nname = \"w\"\nkind = \"imap\"\nhost = \"mail.example.com\"\nport = 99999\n"), 0o600)
	_, _, err := tend(t, "--config", cfg, "sync")
	if err == nil || !strings.Contains(err.Error(), cfg+": accounts[0].port") {
		t.Fatalf("err = %v", err)
	}
}

func TestSyncContactsExportStatus(t *testing.T) {
	cfg, mb, _ := serveDemo(t, 11)
	_, errOut, err := tend(t, "--config", cfg, "sync")
	if err != nil {
		t.Fatalf("sync: %v\n%s", err, errOut)
	}
	if !strings.Contains(errOut, "msg=synced") || !strings.Contains(errOut, "account=test") {
		t.Errorf("sync did not log a summary line: %s", errOut)
	}
	_, errOut, _ = tend(t, "--config", cfg, "sync")
	if !strings.Contains(errOut, "fetched=0") {
		t.Errorf("second sync fetched again: %s", errOut)
	}

	var people []map[string]any
	out := mustTend(t, "--config", cfg, "contacts", "--json", "--all", "--now", testNow)
	if err := json.Unmarshal([]byte(out), &people); err != nil {
		t.Fatalf("contacts --json: %v\n%s", err, out)
	}
	// Every person the generator planted with personal mail is known, with
	// the right last contact.
	byEmail := map[string]map[string]any{}
	for _, p := range people {
		byEmail[p["email"].(string)] = p
	}
	aliased := map[string]bool{} // one person's several addresses: TestModelQuality measures merging
	for _, g := range mb.Facts.Aliases {
		for _, e := range g {
			aliased[e] = true
		}
	}
	for _, tr := range mb.Truth {
		if aliased[tr.Email] {
			continue
		}
		if tr.LastContact.IsZero() {
			if _, ok := byEmail[tr.Email]; ok {
				t.Errorf("%s (%s) should not be a contact", tr.Email, tr.Kind)
			}
			continue
		}
		p, ok := byEmail[tr.Email]
		if !ok {
			t.Errorf("%s (%s) missing from contacts", tr.Email, tr.Kind)
			continue
		}
		if got, want := p["last_contact"], tr.LastContact.UTC().Format(time.RFC3339); got != want {
			t.Errorf("%s last_contact = %v, want %v", tr.Email, got, want)
		}
	}

	outFile := filepath.Join(t.TempDir(), "lapsed.csv")
	mustTend(t, "--config", cfg, "export", "--lapsed", "--now", testNow, "-o", outFile)
	rows := readCSV(t, outFile)
	if len(rows) < 2 {
		t.Errorf("no lapsed rows")
	}
	js := mustTend(t, "--config", cfg, "export", "--format", "json", "--now", testNow)
	if !json.Valid([]byte(js)) {
		t.Errorf("export --format json is not JSON")
	}

	st := mustTend(t, "--config", cfg, "status", "--now", testNow)
	for _, want := range []string{"account test", "INBOX", "Sent", "Archive", "people known", ": ok"} {
		if !strings.Contains(st, want) {
			t.Errorf("status lacks %q:\n%s", want, st)
		}
	}
	if strings.Contains(st, "Trash") || strings.Contains(st, "Junk") {
		t.Errorf("status shows excluded folders:\n%s", st)
	}
	if strings.Contains(st, "demo") && strings.Contains(st, "password") {
		t.Errorf("status leaks the password")
	}
}
