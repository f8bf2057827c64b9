// Package radicaletest runs a real Radicale CalDAV/CardDAV server for
// tend's integration tests. Start launches one Radicale per test on
// 127.0.0.1 with its own config, htpasswd file and storage in a temporary
// directory, and stops it when the test ends. Helpers create calendars and
// address books and PUT or DELETE .ics and .vcf resources.
//
// Radicale is installed by scripts/test.sh. When it is missing, Start skips
// the test, or fails it when CI=true.
package radicaletest

import (
	"errors"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"
)

// Server is a running Radicale for one test. Its methods are safe for
// concurrent use.
type Server struct {
	URL      string // "http://127.0.0.1:port/", the server's root
	User     string // the only user (htpasswd, plain)
	Password string

	dir     string
	logPath string
	cmd     *exec.Cmd
	exited  chan struct{}
	hc      *http.Client
}

const (
	startTimeout = 15 * time.Second
	stopTimeout  = 5 * time.Second
)

var errPortInUse = errors.New("port already in use")

// Start starts Radicale for t and registers its shutdown with t.Cleanup.
func Start(t testing.TB) *Server {
	t.Helper()
	bin := findRadicale()
	if bin == nil {
		if os.Getenv("CI") == "true" {
			t.Fatal("radicale not installed: run scripts/test.sh")
		}
		t.Skip("radicale not installed: run scripts/test.sh")
	}
	dir := t.TempDir()
	s := &Server{User: "alice", Password: "s3cret-radicale-pw", dir: dir,
		logPath: filepath.Join(dir, "radicale.log"), hc: &http.Client{Timeout: 10 * time.Second}}
	if err := os.WriteFile(filepath.Join(dir, "users"), []byte(s.User+":"+s.Password+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	for i := 1; ; i++ {
		err := s.launch(bin)
		if err == nil {
			break
		}
		if !errors.Is(err, errPortInUse) || i == 5 {
			log, _ := os.ReadFile(s.logPath)
			t.Fatalf("radicaletest: starting radicale: %v\n%s", err, log)
		}
	}
	t.Cleanup(s.stop)
	return s
}

// findRadicale returns the command that runs Radicale, or nil.
func findRadicale() []string {
	if p, err := exec.LookPath("radicale"); err == nil {
		return []string{p}
	}
	if _, err := os.Stat("/usr/bin/radicale"); err == nil {
		return []string{"/usr/bin/radicale"}
	}
	if py, err := exec.LookPath("python3"); err == nil && exec.Command(py, "-c", "import radicale").Run() == nil {
		return []string{py, "-m", "radicale"}
	}
	return nil
}

func (s *Server) launch(bin []string) error {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return err
	}
	port := ln.Addr().(*net.TCPAddr).Port
	ln.Close()
	conf := fmt.Sprintf(`[server]
hosts = 127.0.0.1:%d
[auth]
type = htpasswd
htpasswd_filename = %s
htpasswd_encryption = plain
delay = 0
[rights]
type = owner_only
[storage]
filesystem_folder = %s
[web]
type = none
[logging]
level = warning
mask_passwords = True
`, port, filepath.Join(s.dir, "users"), filepath.Join(s.dir, "collections"))
	confPath := filepath.Join(s.dir, "config")
	if err := os.WriteFile(confPath, []byte(conf), 0o644); err != nil {
		return err
	}
	logf, err := os.Create(s.logPath)
	if err != nil {
		return err
	}
	defer logf.Close()
	args := append(bin[1:], "--config", confPath)
	cmd := exec.Command(bin[0], args...)
	cmd.Stdout, cmd.Stderr, cmd.Dir = logf, logf, s.dir
	cmd.Env = append(os.Environ(), "HOME="+s.dir)
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	if err := cmd.Start(); err != nil {
		return fmt.Errorf("running %s: %w", bin[0], err)
	}
	exited := make(chan struct{})
	go func() { _ = cmd.Wait(); close(exited) }()
	url := "http://127.0.0.1:" + strconv.Itoa(port) + "/"
	deadline := time.Now().Add(startTimeout)
	for {
		select {
		case <-exited:
			log, _ := os.ReadFile(s.logPath)
			if strings.Contains(string(log), "in use") {
				return errPortInUse
			}
			return fmt.Errorf("radicale exited during startup: %s", cmd.ProcessState)
		default:
		}
		if resp, err := s.hc.Get(url + ".well-known/caldav"); err == nil {
			resp.Body.Close()
			if resp.Header.Get("Server") != "" || resp.StatusCode > 0 {
				s.cmd, s.exited, s.URL = cmd, exited, url
				return nil
			}
		}
		if time.Now().After(deadline) {
			_ = syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL)
			<-exited
			return fmt.Errorf("radicale did not answer on %s within %s", url, startTimeout)
		}
		time.Sleep(30 * time.Millisecond)
	}
}

func (s *Server) stop() {
	if s.cmd == nil {
		return
	}
	_ = syscall.Kill(-s.cmd.Process.Pid, syscall.SIGTERM)
	select {
	case <-s.exited:
	case <-time.After(stopTimeout):
		_ = syscall.Kill(-s.cmd.Process.Pid, syscall.SIGKILL)
		<-s.exited
	}
}
