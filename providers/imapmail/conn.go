package imapmail

import (
	"net"
	"sync"
	"time"
)

// deadlineConn wraps a connection so that no single Read or Write can block
// longer than timeout while the client is busy with a command. Between
// commands (busy == 0) reads may block forever, so an idle but healthy
// connection is not torn down. The deadlines imapclient sets itself are
// ignored: this type is the only authority over them.
//
// deadlineConn is safe for concurrent use: imapclient reads from one
// goroutine while commands are written from another.
type deadlineConn struct {
	net.Conn
	timeout time.Duration

	mu      sync.Mutex // guards busy, readErr and read-deadline changes
	busy    int
	readErr error
}

func newDeadlineConn(c net.Conn, timeout time.Duration) *deadlineConn {
	return &deadlineConn{Conn: c, timeout: timeout}
}

// Read sets a fresh read deadline when a command is in flight, then reads.
// A read error is sticky: imapclient's decoder retries after an error, and
// a connection that timed out once is dead, so later reads fail at once.
func (c *deadlineConn) Read(p []byte) (int, error) {
	c.mu.Lock()
	if err := c.readErr; err != nil {
		c.mu.Unlock()
		return 0, err
	}
	c.armReadLocked()
	c.mu.Unlock()
	n, err := c.Conn.Read(p)
	if err != nil {
		c.mu.Lock()
		c.readErr = err
		c.mu.Unlock()
	}
	return n, err
}

// Write always sets a write deadline: a write should never stall.
func (c *deadlineConn) Write(p []byte) (int, error) {
	_ = c.Conn.SetWriteDeadline(time.Now().Add(c.timeout))
	return c.Conn.Write(p)
}

// begin marks a command as in flight. It also re-arms the deadline of a read
// that is already blocked, so a server that stops answering is noticed.
// The returned func marks the command as done.
func (c *deadlineConn) begin() (end func()) {
	c.mu.Lock()
	c.busy++
	c.armReadLocked()
	c.mu.Unlock()
	var once sync.Once
	return func() {
		once.Do(func() {
			c.mu.Lock()
			c.busy--
			c.armReadLocked()
			c.mu.Unlock()
		})
	}
}

func (c *deadlineConn) armReadLocked() {
	if c.busy > 0 {
		_ = c.Conn.SetReadDeadline(time.Now().Add(c.timeout))
	} else {
		_ = c.Conn.SetReadDeadline(time.Time{})
	}
}

// SetDeadline is a no-op: deadlines are managed by deadlineConn.
func (c *deadlineConn) SetDeadline(time.Time) error { return nil }

// SetReadDeadline is a no-op: deadlines are managed by deadlineConn.
func (c *deadlineConn) SetReadDeadline(time.Time) error { return nil }

// SetWriteDeadline is a no-op: deadlines are managed by deadlineConn.
func (c *deadlineConn) SetWriteDeadline(time.Time) error { return nil }
