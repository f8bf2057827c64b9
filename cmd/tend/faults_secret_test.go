package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/tend-dev/tend/internal/demo"
	"github.com/tend-dev/tend/internal/dovecottest"
)

// TestPasswordNeverLeaks syncs a real Dovecot with debug logging (the
// mailbox stays byte-for-byte unchanged), then looks for the
// password everywhere tend writes: the index (and its WAL), the logs, status
// and export output, and the error of a rejected login. It also checks the
// index is 0600 in a 0700 directory.
func TestPasswordNeverLeaks(t *testing.T) {
	srv := dovecottest.Start(t)
	now, _ := time.Parse(time.DateOnly, testNow)
	mb := demo.Generate(demo.Options{Seed: 41, Now: now})
	for _, m := range mb.Messages {
		srv.Deliver(t, m.Folder, m.Raw, m.InternalDate, maildirFlags(m.Flags))
	}
	before := srv.Snapshot(t)
	cfg := writeConfig(t, srv.Host, srv.Port, srv.User, srv.Password, mb.User)
	appendFile(t, cfg, "\n[log]\nlevel = \"debug\"\n")
	secret := srv.Password // "tend-test-password": found nowhere else
	out, logs, err := tend(t, "--config", cfg, "sync")
	if err != nil {
		t.Fatalf("sync: %v\n%s", err, logs)
	}
	if srv.Snapshot(t) != before {
		t.Error("sync changed the mailbox")
	}
	if !strings.Contains(logs, "level=DEBUG") {
		t.Fatalf("no debug logs: the search below would prove little:\n%s", logs)
	}
	status := mustTend(t, "--config", cfg, "status")
	export := mustTend(t, "--config", cfg, "export", "--format", "json", "--now", testNow)
	for name, text := range map[string]string{"sync output": out, "logs": logs, "status": status, "export": export} {
		if strings.Contains(text, secret) {
			t.Errorf("the password appears in %s", name)
		}
	}
	data := filepath.Join(filepath.Dir(cfg), "data")
	files, _ := filepath.Glob(filepath.Join(data, "tend.db*"))
	if len(files) == 0 {
		t.Fatal("no index files found")
	}
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		if bytes.Contains(b, []byte(secret)) {
			t.Errorf("the password is stored in %s", filepath.Base(f))
		}
	}
	if fi, err := os.Stat(filepath.Join(data, "tend.db")); err != nil || fi.Mode().Perm() != 0o600 {
		t.Errorf("index mode = %v (%v), want 0600", fi.Mode().Perm(), err)
	}
	if fi, err := os.Stat(data); err != nil || fi.Mode().Perm() != 0o700 {
		t.Errorf("index directory mode = %v (%v), want 0700", fi.Mode().Perm(), err)
	}

	// A wrong password is not echoed in the error either.
	wrong := "wrong-" + secret + "-x"
	badCfg := writeConfig(t, srv.Host, srv.Port, srv.User, wrong, mb.User)
	_, errOut, err := tend(t, "--config", badCfg, "sync")
	if err == nil {
		t.Fatal("sync with a wrong password succeeded")
	}
	if strings.Contains(err.Error()+errOut, wrong) {
		t.Errorf("a rejected password appears in the error or logs: %v\n%s", err, errOut)
	}
}

func appendFile(t *testing.T, path, text string) {
	t.Helper()
	f, err := os.OpenFile(path, os.O_APPEND|os.O_WRONLY, 0)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if _, err := f.WriteString(text); err != nil {
		t.Fatal(err)
	}
}
