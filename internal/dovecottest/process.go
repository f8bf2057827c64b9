package dovecottest

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"net"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"syscall"
	"time"
)

// errPortInUse means Dovecot could not bind the port picked for it: another
// process took it after freePort released it. Start retries on a new port.
var errPortInUse = errors.New("port already in use")

const (
	startTimeout = 15 * time.Second
	stopTimeout  = 5 * time.Second
)

// freePort asks the kernel for a free port on 127.0.0.1 and releases it.
func freePort() (int, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, fmt.Errorf("finding a free port: %w", err)
	}
	defer ln.Close()
	return ln.Addr().(*net.TCPAddr).Port, nil
}

// launch writes the config for port, starts the Dovecot master in the
// foreground and waits until it greets on that port.
func (s *Server) launch(bin string, port int) error {
	conf := configText(s.dir, port, s.mail, s.greeting)
	if err := os.WriteFile(s.confPath, []byte(conf), 0o644); err != nil {
		return fmt.Errorf("writing config: %w", err)
	}
	// A fresh log per attempt, so a retry is judged on its own lines.
	for _, p := range []string{s.logPath, s.errPath} {
		if err := os.WriteFile(p, nil, 0o644); err != nil {
			return fmt.Errorf("creating log: %w", err)
		}
	}
	out, err := os.OpenFile(s.errPath, os.O_WRONLY|os.O_APPEND, 0)
	if err != nil {
		return fmt.Errorf("opening master output: %w", err)
	}
	defer out.Close() // the child holds its own copy
	cmd := exec.Command(bin, "-F", "-c", s.confPath)
	cmd.Stdout, cmd.Stderr = out, out
	cmd.Dir = s.dir
	cmd.SysProcAttr = procAttr()
	if err := cmd.Start(); err != nil {
		return fmt.Errorf("running %s: %w", bin, err)
	}
	exited := make(chan struct{})
	go func() { _ = cmd.Wait(); close(exited) }()

	addr := net.JoinHostPort(s.Host, strconv.Itoa(port))
	deadline := time.Now().Add(startTimeout)
	for {
		select {
		case <-exited:
			if strings.Contains(s.readLogs(), "Address already in use") {
				return fmt.Errorf("port %d: %w", port, errPortInUse)
			}
			return fmt.Errorf("dovecot exited during startup: %s", cmd.ProcessState)
		default:
		}
		if logs := s.readLogs(); strings.Contains(logs, " Fatal: ") {
			killTree(cmd.Process)
			<-exited
			if strings.Contains(logs, "Address already in use") {
				return fmt.Errorf("port %d: %w", port, errPortInUse)
			}
			return errors.New("dovecot reported a fatal error during startup")
		}
		if s.greets(addr) {
			s.cmd, s.exited = cmd, exited
			s.Addr, s.Port = addr, port
			return nil
		}
		if time.Now().After(deadline) {
			killTree(cmd.Process)
			<-exited
			return fmt.Errorf("dovecot did not greet on %s within %s", addr, startTimeout)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// greets reports whether our Dovecot answers on addr with its greeting.
func (s *Server) greets(addr string) bool {
	c, err := net.DialTimeout("tcp", addr, time.Second)
	if err != nil {
		return false
	}
	defer c.Close()
	_ = c.SetDeadline(time.Now().Add(2 * time.Second))
	line, err := bufio.NewReader(c).ReadString('\n')
	if err != nil {
		return false
	}
	_, _ = c.Write([]byte("x LOGOUT\r\n"))
	return strings.HasPrefix(line, "* OK") && strings.Contains(line, s.greeting)
}

// stop shuts Dovecot down: SIGTERM to the master, which stops its children,
// then a kill of the whole process group if it lingers.
func (s *Server) stop() {
	if s.cmd == nil {
		return
	}
	_ = s.cmd.Process.Signal(syscall.SIGTERM)
	select {
	case <-s.exited:
	case <-time.After(stopTimeout):
	}
	killTree(s.cmd.Process)
	<-s.exited
}

// readLogs returns Dovecot's log followed by the master's own output.
func (s *Server) readLogs() string {
	var b bytes.Buffer
	for _, p := range []string{s.logPath, s.errPath} {
		data, err := os.ReadFile(p)
		if err == nil {
			b.Write(data)
		}
	}
	return b.String()
}

// logTail returns the last lines Dovecot logged, for failure messages.
func (s *Server) logTail() string {
	const keep = 30
	lines := strings.Split(strings.TrimRight(s.readLogs(), "\n"), "\n")
	if len(lines) > keep {
		lines = lines[len(lines)-keep:]
	}
	return "dovecot log (" + s.logPath + "), last lines:\n" + strings.Join(lines, "\n")
}

// CPU returns the processor time Dovecot has used so far: its master's and
// every live process's of its process group, plus that of the processes the
// master has reaped (imap processes end with their connection). Linux only;
// elsewhere it returns 0.
func (s *Server) CPU() time.Duration {
	if s.cmd == nil || s.cmd.Process == nil {
		return 0
	}
	return groupCPU(s.cmd.Process.Pid)
}
