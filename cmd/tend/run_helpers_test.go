package main

import (
	"bytes"
	"io"
	"mime"
	"net"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/emersion/go-message/mail"
	"github.com/emersion/go-smtp"
)

// lockedBuffer is a bytes.Buffer safe to write from a daemon and read from
// the test.
type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

// smtpSink is a real SMTP server on 127.0.0.1 that keeps what it receives.
type smtpSink struct {
	Port int
	mu   sync.Mutex
	msgs []sunk
}

// sunk is one received digest, parsed.
type sunk struct {
	To      []string
	Date    time.Time
	Subject string
	Text    string // the text/plain part
	HTML    bool   // an HTML alternative was there too
}

func startSMTP(t *testing.T) *smtpSink {
	t.Helper()
	s := &smtpSink{}
	srv := smtp.NewServer(smtp.BackendFunc(func(*smtp.Conn) (smtp.Session, error) { return &sinkSession{s: s}, nil }))
	srv.Domain = "localhost"
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	go srv.Serve(ln)
	t.Cleanup(func() { srv.Close() })
	s.Port = ln.Addr().(*net.TCPAddr).Port
	return s
}

func (s *smtpSink) received() []sunk {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]sunk(nil), s.msgs...)
}

type sinkSession struct {
	s  *smtpSink
	to []string
}

func (x *sinkSession) Mail(string, *smtp.MailOptions) error { return nil }
func (x *sinkSession) Rcpt(to string, _ *smtp.RcptOptions) error {
	x.to = append(x.to, to)
	return nil
}
func (x *sinkSession) Reset()        { x.to = nil }
func (x *sinkSession) Logout() error { return nil }

func (x *sinkSession) Data(r io.Reader) error {
	mr, err := mail.CreateReader(r)
	if err != nil {
		return err
	}
	m := sunk{To: x.to}
	m.Date, _ = mr.Header.Date()
	m.Subject, _ = mr.Header.Subject()
	for {
		p, err := mr.NextPart()
		if err == io.EOF {
			break
		}
		if err != nil {
			return err
		}
		ct, _, _ := mime.ParseMediaType(p.Header.Get("Content-Type"))
		b, _ := io.ReadAll(p.Body)
		switch ct {
		case "text/plain":
			m.Text = strings.ReplaceAll(string(b), "\r\n", "\n")
		case "text/html":
			m.HTML = true
		}
	}
	x.s.mu.Lock()
	x.s.msgs = append(x.s.msgs, m)
	x.s.mu.Unlock()
	return nil
}

// dailyPeriod is the period of a "daily 08:00" UTC digest sent at t.
func dailyPeriod(t time.Time) string {
	t = t.UTC()
	if t.Hour() < 8 {
		t = t.AddDate(0, 0, -1)
	}
	return t.Format(time.DateOnly)
}

// daemonConfig is writeConfig's config plus a 200ms interval, a daily
// digest at 08:00 UTC to the user and an SMTP server on loopback.
func daemonConfig(t *testing.T, host string, port int, user, password, self string, smtpPort int, level string) string {
	t.Helper()
	cfg := writeConfig(t, host, port, user, password, self)
	f, err := os.OpenFile(cfg, os.O_APPEND|os.O_WRONLY, 0)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	_, err = f.WriteString(`interval = "200ms"

[log]
level = "` + level + `"

[daemon]
max_backoff = "1s"

[digest]
to = ["` + self + `"]
schedule = "daily 08:00"
timezone = "UTC"

[smtp]
host = "127.0.0.1"
port = ` + strconv.Itoa(smtpPort) + `
security = "none"
from = "tend@example.com"
`)
	if err != nil {
		t.Fatal(err)
	}
	return cfg
}

// waitFor polls cond until it holds or the timeout passes.
func waitFor(t *testing.T, timeout time.Duration, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(timeout)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out after %s waiting for %s", timeout, what)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// daemonProcess is tend run as a real process (the test binary re-executed).
type daemonProcess struct {
	cmd    *exec.Cmd
	stderr *lockedBuffer
	exited chan struct{} // closed when the process has exited
	err    error         // its exit error, once exited is closed
}

// startDaemon starts the daemon and waits until its log says ready (at
// level info: "tend running"; "" waits for nothing).
func startDaemon(t *testing.T, ready string, args ...string) *daemonProcess {
	t.Helper()
	d := &daemonProcess{stderr: &lockedBuffer{}, exited: make(chan struct{})}
	d.cmd = exec.Command(os.Args[0], args...)
	d.cmd.Env = append(os.Environ(), "TEND_TEST_MAIN=1")
	d.cmd.Stderr = d.stderr
	if err := d.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	go func() {
		d.err = d.cmd.Wait()
		close(d.exited)
	}()
	t.Cleanup(func() {
		d.cmd.Process.Kill()
		<-d.exited
	})
	t.Cleanup(func() {
		if t.Failed() {
			t.Logf("daemon %v log:\n%s", args, d.stderr.String())
		}
	})
	if ready != "" {
		waitFor(t, 20*time.Second, "the daemon to start", func() bool { return strings.Contains(d.stderr.String(), ready) })
	}
	return d
}

// digestLines picks the reach-out entries ("1. Name <addr> ...") of a text digest.
func digestLines(text string) []string {
	var out []string
	for _, l := range strings.Split(text, "\n") {
		if len(l) > 3 && l[0] >= '1' && l[0] <= '9' && l[1] == '.' {
			out = append(out, l)
		}
	}
	return out
}

// addrOf is the address between angle brackets in a digest line.
func addrOf(line string) string {
	i, j := strings.IndexByte(line, '<'), strings.IndexByte(line, '>')
	if i < 0 || j < i {
		return ""
	}
	return line[i+1 : j]
}
