// Package oauthimap runs an in-memory IMAP server (go-imap's imapmemserver)
// on 127.0.0.1 that signs users in with OAuth2 access tokens over
// AUTHENTICATE OAUTHBEARER (RFC 7628) and XOAUTH2, as Gmail and Microsoft
// 365 do, for tests. Password logins are refused. Whether a token is valid
// is the test's Check function's call, e.g. asking a fake Google.
package oauthimap

import (
	"bytes"
	"errors"
	"io"
	"log"
	"net"
	"sync"

	"github.com/emersion/go-imap/v2"
	"github.com/emersion/go-imap/v2/imapserver"
	"github.com/emersion/go-imap/v2/imapserver/imapmemserver"
	"github.com/emersion/go-sasl"
)

// XOAuth2 is the name of the pre-standard mechanism.
const XOAuth2 = "XOAUTH2"

// Options configure a Server.
type Options struct {
	// User owns the mailbox; Username and Password are its imapmemserver
	// credentials, used internally once a token is accepted.
	User               *imapmemserver.User
	Username, Password string
	// Mechanisms offered, in order; nil means OAUTHBEARER and XOAUTH2.
	Mechanisms []string
	// Check reports whether token is valid for user. Required.
	Check func(user, token string) bool
}

// Server is a running server. Its counters are safe for concurrent use.
type Server struct {
	Addr string // host:port

	ln   net.Listener
	srv  *imapserver.Server
	mu   sync.Mutex
	acc  int // accepted tokens
	ref  int // refused tokens
	conn int // sessions opened
	gone int // sessions closed
}

// Start runs a server until Close.
func Start(o Options) (*Server, error) {
	if o.Check == nil || o.User == nil {
		return nil, errors.New("oauthimap: User and Check are required")
	}
	if o.Mechanisms == nil {
		o.Mechanisms = []string{sasl.OAuthBearer, XOAuth2}
	}
	mem := imapmemserver.New()
	mem.AddUser(o.User)
	s := &Server{}
	s.srv = imapserver.New(&imapserver.Options{
		InsecureAuth: true,
		Caps:         imap.CapSet{imap.CapIMAP4rev1: {}, imap.CapIMAP4rev2: {}},
		Logger:       log.New(io.Discard, "", 0),
		NewSession: func(*imapserver.Conn) (imapserver.Session, *imapserver.GreetingData, error) {
			s.count(&s.conn)
			inner, ok := mem.NewSession().(imapserver.SessionIMAP4rev2)
			if !ok {
				return nil, nil, errors.New("oauthimap: imapmemserver session lacks IMAP4rev2")
			}
			return &session{SessionIMAP4rev2: inner, o: o, s: s}, nil, nil
		},
	})
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, err
	}
	s.ln, s.Addr = ln, ln.Addr().String()
	go s.srv.Serve(ln)
	return s, nil
}

// Close stops the server.
func (s *Server) Close() error { return s.srv.Close() }

// Counts returns the tokens accepted and refused, and the sessions opened
// and closed so far.
func (s *Server) Counts() (accepted, refused, opened, closed int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.acc, s.ref, s.conn, s.gone
}

func (s *Server) count(n *int) {
	s.mu.Lock()
	*n++
	s.mu.Unlock()
}

// session is an imapmemserver session that authenticates with tokens.
type session struct {
	imapserver.SessionIMAP4rev2
	o Options
	s *Server
}

var _ imapserver.SessionSASL = (*session)(nil)

func (x *session) Close() error {
	x.s.count(&x.s.gone)
	return x.SessionIMAP4rev2.Close()
}

// Login refuses passwords: this server takes tokens only.
func (x *session) Login(string, string) error {
	return &imap.Error{Type: imap.StatusResponseTypeNo, Code: imap.ResponseCodeAuthenticationFailed,
		Text: "use AUTHENTICATE with an OAuth2 token"}
}

func (x *session) AuthenticateMechanisms() []string { return x.o.Mechanisms }

func (x *session) Authenticate(mech string) (sasl.Server, error) {
	for _, m := range x.o.Mechanisms {
		if m != mech {
			continue
		}
		if mech == XOAuth2 {
			return &xoauth2Server{check: x.check}, nil
		}
		return &noServer{sasl.NewOAuthBearerServer(func(o sasl.OAuthBearerOptions) *sasl.OAuthBearerError {
			if err := x.check(o.Username, o.Token); err != nil {
				return &sasl.OAuthBearerError{Status: "invalid_token", Schemes: "bearer",
					Scope: "https://mail.google.com/"}
			}
			return nil
		})}, nil
	}
	return nil, &imap.Error{Type: imap.StatusResponseTypeNo, Text: "SASL mechanism not supported"}
}

// check validates the token and logs the session in as the user.
func (x *session) check(user, token string) error {
	if user != x.o.Username || !x.o.Check(user, token) {
		x.s.count(&x.s.ref)
		return errRefused
	}
	x.s.count(&x.s.acc)
	return x.SessionIMAP4rev2.Login(user, x.o.Password)
}

var errRefused = &imap.Error{Type: imap.StatusResponseTypeNo, Code: imap.ResponseCodeAuthenticationFailed,
	Text: "Invalid credentials (Failure)"}

// noServer turns the OAUTHBEARER server's final error into NO
// [AUTHENTICATIONFAILED], as Gmail answers.
type noServer struct{ sasl.Server }

func (n *noServer) Next(resp []byte) ([]byte, bool, error) {
	ch, done, err := n.Server.Next(resp)
	var ie *imap.Error
	if err != nil && !errors.As(err, &ie) {
		err = errRefused
	}
	return ch, done, err
}

// xoauth2Server reads "user=U\x01auth=Bearer T\x01\x01"; a refused token
// gets a JSON error challenge, then NO after the client's empty answer.
type xoauth2Server struct {
	check  func(user, token string) error
	failed bool
}

func (x *xoauth2Server) Next(resp []byte) ([]byte, bool, error) {
	if x.failed {
		return nil, true, errRefused
	}
	if resp == nil {
		return []byte{}, false, nil // ask for the initial response
	}
	var user, token string
	for _, f := range bytes.Split(resp, []byte{1}) {
		switch {
		case bytes.HasPrefix(f, []byte("user=")):
			user = string(f[5:])
		case bytes.HasPrefix(f, []byte("auth=Bearer ")):
			token = string(f[12:])
		}
	}
	if err := x.check(user, token); err != nil {
		x.failed = true
		return []byte(`{"status":"400","schemes":"Bearer","scope":"https://mail.google.com/"}`), false, nil
	}
	return nil, true, nil
}
