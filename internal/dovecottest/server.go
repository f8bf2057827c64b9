// Package dovecottest runs a real Dovecot IMAP server for tend's integration
// tests. Start launches one Dovecot per test on 127.0.0.1 with its own
// config, sockets, state, logs and maildir in a temporary directory, and
// stops it when the test ends. Helpers write messages straight into the
// maildir, fingerprint it (to prove a client changed nothing) and break it
// in ways a sync must survive (new UIDVALIDITY, renamed or deleted folders).
//
// Dovecot is installed by scripts/test.sh. When it is missing, Start skips
// the test, or fails it when CI=true.
package dovecottest

import (
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"sync"
	"testing"
)

// Server is a running Dovecot for one test. Its methods are safe for
// concurrent use by the test's goroutines.
type Server struct {
	Addr     string // "127.0.0.1:port", for imapclient.DialInsecure
	Host     string // always "127.0.0.1"
	Port     int
	User     string // the only account; LOGIN with Password over plain TCP
	Password string
	// MaildirRoot is the account's maildir root (LAYOUT=fs): INBOX lives in
	// MaildirRoot/INBOX, folder "Archive/2024" in MaildirRoot/Archive/2024.
	MaildirRoot string

	dir      string // temp dir holding everything Dovecot writes
	confPath string
	logPath  string
	errPath  string // the master's stdout and stderr
	mail     mailUser
	greeting string // unique login_greeting proving the port is ours

	mu  sync.Mutex // guards seq
	seq int        // deliveries so far, for unique maildir names

	cmd    *exec.Cmd
	exited chan struct{} // closed when the master process has exited
}

// Start starts Dovecot for t and registers its shutdown with t.Cleanup.
// When the dovecot binary is missing it calls t.Skip, or t.Fatal when the
// environment has CI=true. A failed start is fatal and quotes Dovecot's log.
func Start(t testing.TB) *Server {
	t.Helper()
	bin := findDovecot()
	if bin == "" {
		if os.Getenv("CI") == "true" {
			t.Fatal("dovecot not installed: run scripts/test.sh")
		}
		t.Skip("dovecot not installed: run scripts/test.sh")
	}
	s := newServer(t)
	const attempts = 5
	for i := 1; ; i++ {
		port, err := freePort()
		if err == nil {
			err = s.launch(bin, port)
		}
		if err == nil {
			break
		}
		if !errors.Is(err, errPortInUse) || i == attempts {
			t.Fatalf("dovecottest: starting dovecot: %v\n%s", err, s.logTail())
		}
	}
	t.Cleanup(s.stop)
	return s
}

// newServer prepares a temp dir with everything Dovecot needs but the
// config, which launch writes for the port it tries.
func newServer(t testing.TB) *Server {
	t.Helper()
	mu, err := pickMailUser()
	if err != nil {
		t.Fatalf("dovecottest: %v", err)
	}
	dir, err := makeTempDir()
	if err != nil {
		t.Fatalf("dovecottest: %v", err)
	}
	t.Cleanup(func() { _ = os.RemoveAll(dir) })
	s := &Server{
		Host:        "127.0.0.1",
		User:        "tend",
		Password:    "tend-test-password",
		MaildirRoot: filepath.Join(dir, "Maildir"),
		dir:         dir,
		confPath:    filepath.Join(dir, "dovecot.conf"),
		logPath:     filepath.Join(dir, "dovecot.log"),
		errPath:     filepath.Join(dir, "master.out"),
		mail:        mu,
		greeting:    "tendtest-" + randomHex(8),
	}
	if err := s.prepare(); err != nil {
		t.Fatalf("dovecottest: %v", err)
	}
	return s
}

// findDovecot returns the dovecot binary's path, or "" when it is missing.
// /usr/sbin is often absent from a non-root PATH.
func findDovecot() string {
	if p, err := exec.LookPath("dovecot"); err == nil {
		return p
	}
	for _, p := range []string{"/usr/sbin/dovecot", "/usr/local/sbin/dovecot"} {
		if fi, err := os.Stat(p); err == nil && fi.Mode().IsRegular() {
			return p
		}
	}
	return ""
}

// prepare creates the directories and passwd-file Dovecot needs. Mail
// processes run as s.mail.uid, so the mail root and home belong to it; the
// auth process (another account) must be able to read the passwd-file.
func (s *Server) prepare() error {
	for _, d := range []string{"run", "state"} {
		if err := os.Mkdir(filepath.Join(s.dir, d), 0o755); err != nil {
			return fmt.Errorf("creating %s dir: %w", d, err)
		}
	}
	home := filepath.Join(s.dir, "home")
	for _, d := range []string{home, s.MaildirRoot} {
		if err := s.mkdirOwned(d); err != nil {
			return err
		}
	}
	if err := s.makeMaildir(filepath.Join(s.MaildirRoot, "INBOX")); err != nil {
		return err
	}
	line := passwdLine(s.User, s.Password, s.mail.uid, s.mail.gid, home)
	if err := os.WriteFile(filepath.Join(s.dir, "passwd"), []byte(line), 0o644); err != nil {
		return fmt.Errorf("writing passwd-file: %w", err)
	}
	return nil
}

// makeTempDir creates a directory every Dovecot process can traverse: as
// root the mail processes run as nobody, so a 0700 t.TempDir() is no use.
func makeTempDir() (string, error) {
	parent := os.TempDir()
	if os.Geteuid() == 0 && !traversable(parent) {
		parent = "/tmp"
	}
	dir, err := os.MkdirTemp(parent, "tend-dovecot-")
	if err != nil {
		return "", fmt.Errorf("creating temp dir: %w", err)
	}
	if err := os.Chmod(dir, 0o755); err != nil {
		return "", fmt.Errorf("opening temp dir to dovecot: %w", err)
	}
	return dir, nil
}

// traversable reports whether every directory from dir up to / lets other
// users search it.
func traversable(dir string) bool {
	for d := dir; ; d = filepath.Dir(d) {
		fi, err := os.Stat(d)
		if err != nil || fi.Mode().Perm()&0o001 == 0 {
			return false
		}
		if d == filepath.Dir(d) {
			return true
		}
	}
}

func randomHex(n int) string {
	b := make([]byte, n)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}
