package imapmail

import (
	"bytes"
	"context"
	"crypto/tls"
	"crypto/x509"
	"fmt"
	"io"
	"log"
	"net"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/emersion/go-imap/v2"
	"github.com/emersion/go-imap/v2/imapserver"
	"github.com/emersion/go-imap/v2/imapserver/imapmemserver"

	"github.com/tend-dev/tend/internal/testnet"
)

const (
	testUser = "alice"
	testPass = "s3cret-pa55word"
	// bodyMarker is in every test message's body and must never be fetched.
	bodyMarker = "BODYMARKER-do-not-fetch"
	// secretHeader is a header field that is never requested.
	secretHeader = "X-Not-Requested"
)

var testFields = []string{"From", "Subject", "Message-Id"}

// wireLog records what clients send, for read-only assertions.
type wireLog struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (w *wireLog) Write(p []byte) (int, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.buf.Write(p)
}

func (w *wireLog) String() string {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.buf.String()
}

type testServer struct {
	host string
	port int
	user *imapmemserver.User
	wire *wireLog
	cert *x509.Certificate // set for TLS servers
}

type serverConfig struct {
	folders  map[string]int // folder -> number of messages
	tls      bool           // implicit TLS listener
	starttls bool           // offer STARTTLS
}

func raw(folder string, i int) []byte {
	return fmt.Appendf(nil, "From: Sender %d <sender%d@example.com>\r\n"+
		"To: alice@example.com\r\n"+
		"Subject: message %d in %s\r\n"+
		"Message-Id: <%d.%s@example.com>\r\n"+
		"%s: hidden-%d\r\n"+
		"Date: Mon, 02 Jan 2006 15:04:05 +0000\r\n"+
		"\r\n"+
		"%s %d\r\n", i, i, i, folder, i, folder, secretHeader, i, bodyMarker, i)
}

// startServer runs an imapmemserver on 127.0.0.1:0 until the test ends.
func startServer(t *testing.T, cfg serverConfig) *testServer {
	t.Helper()
	mem := imapmemserver.New()
	u := imapmemserver.NewUser(testUser, testPass)
	for name, n := range cfg.folders {
		if err := u.Create(name, nil); err != nil {
			t.Fatalf("creating %s: %v", name, err)
		}
		for i := 1; i <= n; i++ {
			if _, err := u.Append(name, bytes.NewReader(raw(name, i)), &imap.AppendOptions{}); err != nil {
				t.Fatalf("appending to %s: %v", name, err)
			}
		}
	}
	mem.AddUser(u)
	ts := &testServer{host: "127.0.0.1", user: u, wire: &wireLog{}}
	opts := &imapserver.Options{
		InsecureAuth: true,
		Caps:         imap.CapSet{imap.CapIMAP4rev1: {}, imap.CapIMAP4rev2: {}},
		DebugWriter:  ts.wire,
		Logger:       log.New(io.Discard, "", 0),
		NewSession: func(*imapserver.Conn) (imapserver.Session, *imapserver.GreetingData, error) {
			return mem.NewSession(), nil, nil
		},
	}
	var srvTLS *tls.Config
	if cfg.tls || cfg.starttls {
		srvTLS, ts.cert = selfSigned(t)
	}
	if cfg.starttls {
		opts.TLSConfig = srvTLS
	}
	srv := imapserver.New(opts)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	if cfg.tls {
		ln = tls.NewListener(ln, srvTLS)
	}
	go srv.Serve(ln)
	t.Cleanup(func() { srv.Close() })
	ts.port = ln.Addr().(*net.TCPAddr).Port
	return ts
}

// options returns client options for the server, plaintext unless it has a
// certificate.
func (ts *testServer) options(pass string) Options {
	o := Options{
		Host: ts.host, Port: ts.port, Security: SecurityNone, Username: testUser,
		Password:     func(context.Context) (string, error) { return pass, nil },
		HeaderFields: testFields,
		Timeout:      5 * time.Second,
	}
	if ts.cert != nil {
		pool := x509.NewCertPool()
		pool.AddCert(ts.cert)
		o.Security = SecurityTLS
		o.TLSConfig = &tls.Config{RootCAs: pool, ServerName: "127.0.0.1", MinVersion: tls.VersionTLS12}
	}
	return o
}

func (ts *testServer) addr() string { return net.JoinHostPort(ts.host, strconv.Itoa(ts.port)) }

func dialT(t *testing.T, opts Options) *Client {
	t.Helper()
	c, err := Dial(t.Context(), opts)
	if err != nil {
		t.Fatalf("Dial: %v", err)
	}
	t.Cleanup(func() { c.Close() })
	return c
}

func selfSigned(t *testing.T) (*tls.Config, *x509.Certificate) {
	c := testnet.SelfSigned(t)
	return c.Server, c.X509
}
