package digest

import (
	"crypto/tls"
	"io"
	"net"
	"sync"
	"testing"
	"time"

	"github.com/emersion/go-sasl"
	"github.com/emersion/go-smtp"

	"github.com/tend-dev/tend/internal/testnet"
)

// received is one message as the test server got it.
type received struct {
	From   string
	To     []string
	Data   []byte
	TLS    bool
	User   string // authenticated user ("" when none)
	Secret string // password or token presented
}

// mailServer is a go-smtp server on 127.0.0.1:0 that records what it gets.
// Users maps username to the password (PLAIN) or token (OAUTHBEARER) it
// accepts; echo makes a failed login answer with the wrong secret in its
// text, as a careless server might.
type mailServer struct {
	Addr  string
	Port  int
	Users map[string]string
	echo  bool
	// dropAfterData closes the connection once the data is read, without a
	// reply; rejectData answers the data with a 554.
	dropAfterData, rejectData bool

	mu   sync.Mutex
	msgs []received
}

func (m *mailServer) messages() []received {
	m.mu.Lock()
	defer m.mu.Unlock()
	return append([]received(nil), m.msgs...)
}

type serverSession struct {
	m    *mailServer
	conn *smtp.Conn
	cur  received
}

// startServer runs a server; tlsCfg enables STARTTLS, implicit wraps the
// listener in TLS.
func startServer(t *testing.T, tlsCfg *tls.Config, implicit, insecureAuth bool, users map[string]string) *mailServer {
	t.Helper()
	m := &mailServer{Users: users}
	be := smtp.BackendFunc(func(c *smtp.Conn) (smtp.Session, error) { return &serverSession{m: m, conn: c}, nil })
	s := smtp.NewServer(be)
	s.Domain = "localhost"
	s.AllowInsecureAuth = insecureAuth
	s.ReadTimeout, s.WriteTimeout = 10*time.Second, 10*time.Second
	var ln net.Listener
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	if implicit {
		ln = tls.NewListener(ln, tlsCfg)
	} else {
		s.TLSConfig = tlsCfg
	}
	go s.Serve(ln)
	t.Cleanup(func() { s.Close() })
	m.Addr = ln.Addr().String()
	m.Port = ln.Addr().(*net.TCPAddr).Port
	return m
}

func (s *serverSession) AuthMechanisms() []string { return []string{sasl.Plain, sasl.OAuthBearer} }

func (s *serverSession) Auth(mech string) (sasl.Server, error) {
	check := func(user, secret string) error {
		if want, ok := s.m.Users[user]; !ok || want != secret {
			if s.m.echo {
				return &smtp.SMTPError{Code: 535, EnhancedCode: smtp.EnhancedCode{5, 7, 8}, Message: "bad credentials " + user + ":" + secret}
			}
			return smtp.ErrAuthFailed
		}
		s.cur.User, s.cur.Secret = user, secret
		return nil
	}
	switch mech {
	case sasl.Plain:
		return sasl.NewPlainServer(func(_, user, pass string) error { return check(user, pass) }), nil
	case sasl.OAuthBearer:
		return sasl.NewOAuthBearerServer(func(o sasl.OAuthBearerOptions) *sasl.OAuthBearerError {
			if check(o.Username, o.Token) != nil {
				return &sasl.OAuthBearerError{Status: "invalid_token", Schemes: "bearer"}
			}
			return nil
		}), nil
	}
	return nil, smtp.ErrAuthUnsupported
}

func (s *serverSession) Mail(from string, _ *smtp.MailOptions) error {
	if len(s.m.Users) > 0 && s.cur.User == "" {
		return smtp.ErrAuthRequired
	}
	s.cur.From = from
	_, s.cur.TLS = s.conn.TLSConnectionState()
	return nil
}

func (s *serverSession) Rcpt(to string, _ *smtp.RcptOptions) error {
	s.cur.To = append(s.cur.To, to)
	return nil
}

func (s *serverSession) Data(r io.Reader) error {
	b, err := io.ReadAll(r)
	if err != nil {
		return err
	}
	if s.m.rejectData {
		return &smtp.SMTPError{Code: 554, EnhancedCode: smtp.EnhancedCode{5, 7, 1}, Message: "rejected as spam"}
	}
	if s.m.dropAfterData {
		s.conn.Close()
		return nil
	}
	s.cur.Data = b
	s.m.mu.Lock()
	s.m.msgs = append(s.m.msgs, s.cur)
	s.m.mu.Unlock()
	return nil
}

func (s *serverSession) Reset()        { s.cur = received{User: s.cur.User, Secret: s.cur.Secret} }
func (s *serverSession) Logout() error { return nil }

// selfSigned makes a certificate for 127.0.0.1 and localhost, and a client
// config that trusts only it.
func selfSigned(t *testing.T) (server, client *tls.Config) {
	c := testnet.SelfSigned(t)
	return c.Server, c.Client
}
