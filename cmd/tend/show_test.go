package main

import (
	"flag"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/tend-dev/tend/internal/demo"
)

var updateShow = flag.Bool("update", false, "rewrite testdata/*.golden")

// demoIndex syncs the seed-1 demo mailbox into a kept directory and returns
// its config.
func demoIndex(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	mustTend(t, "demo", "--seed", "1", "--now", testNow, "--dir", dir)
	return filepath.Join(dir, "config.toml")
}

func TestShowGolden(t *testing.T) {
	cfg := demoIndex(t)
	tests := []struct {
		name   string
		args   []string
		golden string
	}{
		{"person who left, text", []string{"show", "nina.petrova@soylent.example"}, "show_person.txt.golden"},
		{"person who left, markdown", []string{"show", "Nina Petrova", "--format", "markdown", "--limit", "10"}, "show_person.md.golden"},
		{"bounced person by name part", []string{"show", "lumbergh", "--limit", "5"}, "show_bounced.txt.golden"},
		{"company by domain", []string{"show", "soylent.example", "--limit", "10"}, "show_company.txt.golden"},
		{"company by name, markdown", []string{"show", "Soylent", "--format", "markdown", "--limit", "10"}, "show_company.md.golden"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			args := append([]string{"--config", cfg}, tc.args...)
			got := mustTend(t, append(args, "--now", testNow)...)
			path := filepath.Join("testdata", tc.golden)
			if *updateShow {
				if err := os.MkdirAll("testdata", 0o755); err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(path)
			if err != nil {
				t.Fatalf("%v (run go test ./cmd/tend -run TestShowGolden -update)", err)
			}
			if got != string(want) {
				t.Errorf("tend %v differs from %s (-update rewrites it):\n%s", tc.args, path, showDiff(string(want), got))
			}
		})
	}
}

// firstDiff shows the first differing line of two texts.
func showDiff(want, got string) string {
	w, g := strings.Split(want, "\n"), strings.Split(got, "\n")
	for i := range max(len(w), len(g)) {
		var a, b string
		if i < len(w) {
			a = w[i]
		}
		if i < len(g) {
			b = g[i]
		}
		if a != b {
			return "line " + strconv.Itoa(i+1) + ":\nwant: " + a + "\n got: " + b
		}
	}
	return "(same lines)"
}

func TestSyncRecordsLeftAutoReplyAndShowsIt(t *testing.T) {
	cfg, mb, srv := serveDemo(t, 1)
	var who demo.Truth
	for _, tr := range mb.Truth {
		if tr.Kind == demo.KindActive && tr.Sent > 0 {
			who = tr
			break
		}
	}
	const marker = "SECRET-BODY-MARKER-7731"
	at := time.Date(2026, 11, 20, 9, 0, 0, 0, time.UTC)
	raw := "From: " + who.Name + " <" + who.Email + ">\r\nTo: " + mb.User + "\r\n" +
		"Subject: Automatic reply: Renewal\r\nDate: " + at.Format(time.RFC1123Z) + "\r\n" +
		"Message-ID: <left-1@example.test>\r\nAuto-Submitted: auto-replied\r\n" +
		"Content-Type: text/plain; charset=utf-8\r\n\r\n" +
		"Thank you for your email. I have left the company. " + marker + "\r\n" +
		"Please contact Jane Roe at jane.roe@" + who.Company + " for anything related to your account.\r\n"
	if err := srv.Append(demo.Message{Folder: demo.FolderInbox, Raw: []byte(raw), InternalDate: at}); err != nil {
		t.Fatal(err)
	}
	mustTend(t, "--config", cfg, "sync")
	out := mustTend(t, "--config", cfg, "show", who.Email, "--now", testNow, "--limit", "3")
	want := `auto-reply "have left the company" on 2026-11-20; contact: Jane Roe <jane.roe@` + who.Company + `>`
	if !strings.Contains(out, want) {
		t.Errorf("tend show %s lacks the move %q:\n%s", who.Email, want, out)
	}
	db := filepath.Join(filepath.Dir(cfg), "data", "tend.db")
	for _, f := range []string{db, db + "-wal"} {
		b, err := os.ReadFile(f)
		if err != nil && f == db {
			t.Fatal(err)
		}
		if strings.Contains(string(b), marker) || strings.Contains(string(b), "anything related to your account") {
			t.Errorf("%s holds auto-reply body text", f)
		}
	}
}

func TestShowErrors(t *testing.T) {
	cfg := demoIndex(t)
	tests := []struct {
		name    string
		args    []string
		code    int
		message string
	}{
		{"ambiguous name lists candidates", []string{"show", "a"}, 2, "matches 10 people"},
		// "an" is also part of exactly one company's name (Vandelay), but it
		// names people at other companies too: list them, do not guess.
		{"name part of people at several companies", []string{"show", "an"}, 2, "matches 10 people"},
		{"nobody", []string{"show", "nobody-at-all"}, 2, "no such person"},
		{"bad format", []string{"show", "soylent", "--format", "pdf"}, 2, "--format"},
		{"no argument", []string{"show"}, 2, "arg"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, _, err := tend(t, append([]string{"--config", cfg}, tc.args...)...)
			if err == nil || exitCode(err) != tc.code || !strings.Contains(err.Error(), tc.message) {
				t.Errorf("err = %v (exit %d), want exit %d mentioning %q", err, exitCode(err), tc.code, tc.message)
			}
		})
	}
}

func TestShowCompanyByNamePartOfItsPeople(t *testing.T) {
	cfg := demoIndex(t)
	// "vandel" matches three people, all at Vandelay: that is the company.
	out := mustTend(t, "--config", cfg, "show", "vandel", "--now", testNow, "--limit", "3")
	if !strings.HasPrefix(out, "Vandelay (vandelay.example)") {
		t.Errorf("show vandel:\n%s", out)
	}
}
