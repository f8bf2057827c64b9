package demo

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"log"
	"net"
	"strconv"
	"sync"

	"github.com/emersion/go-imap/v2"
	"github.com/emersion/go-imap/v2/imapserver"
	"github.com/emersion/go-imap/v2/imapserver/imapmemserver"
)

// Password is the password of the demo server's only user (its username is
// the Mailbox's User address).
const Password = "demo"

// Server is a running in-process IMAP server holding a Mailbox, listening on
// 127.0.0.1 without TLS (LOGIN is allowed in clear). Its methods are safe for
// concurrent use.
type Server struct {
	Addr               string // "127.0.0.1:port"
	Host               string // "127.0.0.1"
	Port               int
	Username, Password string

	user      *imapmemserver.User
	srv       *imapserver.Server
	closeOnce sync.Once
	closeErr  error
	stop      chan struct{}
	ln        net.Listener
}

// Serve starts an IMAP memory server on 127.0.0.1:0 holding mb: every folder
// of Folders is created, then the messages are appended in order with their
// INTERNALDATE and flags. The server stops when ctx ends or Close is called.
func Serve(ctx context.Context, mb *Mailbox) (*Server, error) {
	if mb == nil {
		return nil, errors.New("serving demo mailbox: nil mailbox")
	}
	u := imapmemserver.NewUser(mb.User, Password)
	for _, f := range Folders() {
		if err := u.Create(f, nil); err != nil {
			return nil, fmt.Errorf("creating folder %q: %w", f, err)
		}
	}
	s := &Server{Username: mb.User, Password: Password, user: u, stop: make(chan struct{})}
	for i, m := range mb.Messages {
		if err := s.Append(m); err != nil {
			return nil, fmt.Errorf("loading message %d: %w", i, err)
		}
	}
	mem := imapmemserver.New()
	mem.AddUser(u)
	s.srv = imapserver.New(&imapserver.Options{
		NewSession: func(*imapserver.Conn) (imapserver.Session, *imapserver.GreetingData, error) {
			return mem.NewSession(), nil, nil
		},
		Caps:         imap.CapSet{imap.CapIMAP4rev1: {}, imap.CapIMAP4rev2: {}},
		InsecureAuth: true,
		Logger:       log.New(io.Discard, "", 0),
	})
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, fmt.Errorf("listening for demo IMAP: %w", err)
	}
	s.Addr = ln.Addr().String()
	host, port, _ := net.SplitHostPort(s.Addr)
	s.Host = host
	s.Port, _ = strconv.Atoi(port)
	s.ln = ln
	go func() {
		if err := s.srv.Serve(ln); err != nil {
			_ = ln.Close() // closed before Serve registered the listener
		}
	}()
	go func() {
		select {
		case <-ctx.Done():
			_ = s.Close()
		case <-s.stop:
		}
	}()
	return s, nil
}

// Close stops the server and drops its connections. Calling it again is a no-op.
func (s *Server) Close() error {
	s.closeOnce.Do(func() {
		close(s.stop)
		if s.srv != nil {
			s.closeErr = s.srv.Close()
		}
		if s.ln != nil {
			_ = s.ln.Close() // already closed by srv.Close unless Serve had not started
		}
	})
	return s.closeErr
}

// Append adds one more message to a running server, creating its folder if
// needed (tests use it to simulate new mail). A zero InternalDate means now.
func (s *Server) Append(m Message) error {
	if m.Folder == "" {
		return errors.New("appending demo message: empty folder")
	}
	opts := &imap.AppendOptions{Time: m.InternalDate, Flags: m.Flags}
	if _, err := s.user.Append(m.Folder, bytes.NewReader(m.Raw), opts); err != nil {
		if cerr := s.user.Create(m.Folder, nil); cerr != nil {
			return fmt.Errorf("appending to %q: %w", m.Folder, err)
		}
		if _, err := s.user.Append(m.Folder, bytes.NewReader(m.Raw), opts); err != nil {
			return fmt.Errorf("appending to %q: %w", m.Folder, err)
		}
	}
	return nil
}
