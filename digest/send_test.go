package digest

import (
	"bytes"
	"context"
	"errors"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/tend-dev/tend/internal/testnet"
)

func password(p string) func(context.Context) (string, error) {
	return func(context.Context) (string, error) { return p, nil }
}

// normalize undoes what SMTP transport may change: CRLF vs LF.
func normalize(b []byte) string {
	return strings.ReplaceAll(string(b), "\r\n", "\n")
}

func TestSendDeliversExactMessage(t *testing.T) {
	serverTLS, clientTLS := selfSigned(t)
	msg, err := Message(fullDigest(t), "digest@tend.example", "tend.example")
	if err != nil {
		t.Fatal(err)
	}
	// Lines starting with a dot must survive SMTP dot-stuffing.
	dotty := []byte("Subject: dots\r\n\r\n.leading dot\r\n..two dots\r\n.\r\nend\r\n")
	tests := []struct {
		name      string
		security  string
		implicit  bool
		insecure  bool
		serverTLS bool
		msg       []byte
		wantTLS   bool
	}{
		{"none on loopback", "none", false, true, false, msg, false},
		{"starttls", "starttls", false, false, true, msg, true},
		{"implicit tls", "tls", true, false, true, msg, true},
		{"dot-stuffing", "none", false, true, false, dotty, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var cfg = serverTLS
			if !tt.serverTLS {
				cfg = nil
			}
			srv := startServer(t, cfg, tt.implicit, tt.insecure, map[string]string{"me@example.com": "s3cret pw"})
			opts := SMTPOptions{Host: "127.0.0.1", Port: srv.Port, Security: tt.security, Username: "me@example.com",
				Password: password("s3cret pw"), TLSConfig: clientTLS, Timeout: 5 * time.Second, HelloName: "tend.test"}
			to := []string{"me@example.com", "second@example.net"}
			if err := Send(context.Background(), opts, "digest@tend.example", to, tt.msg); err != nil {
				t.Fatalf("Send: %v", err)
			}
			got := srv.messages()
			if len(got) != 1 {
				t.Fatalf("server got %d messages, want 1", len(got))
			}
			m := got[0]
			if m.From != "digest@tend.example" || !slices.Equal(m.To, to) {
				t.Errorf("envelope from %q to %v, want digest@tend.example to %v", m.From, m.To, to)
			}
			if m.User != "me@example.com" || m.Secret != "s3cret pw" {
				t.Errorf("AUTH PLAIN as %q/%q", m.User, m.Secret)
			}
			if m.TLS != tt.wantTLS {
				t.Errorf("TLS = %v, want %v", m.TLS, tt.wantTLS)
			}
			if normalize(m.Data) != normalize(tt.msg) {
				t.Errorf("received bytes differ from sent:\n got %q\nwant %q", m.Data, tt.msg)
			}
		})
	}
}

func TestSendOAuthBearer(t *testing.T) {
	serverTLS, clientTLS := selfSigned(t)
	srv := startServer(t, serverTLS, true, false, map[string]string{"me@gmail.example": "ya29.token"})
	opts := SMTPOptions{Host: "127.0.0.1", Port: srv.Port, Username: "me@gmail.example", TLSConfig: clientTLS,
		Token: func(context.Context) (string, error) { return "ya29.token", nil }, Password: password("unused")}
	if err := Send(context.Background(), opts, "me@gmail.example", []string{"me@gmail.example"}, []byte("Subject: x\r\n\r\nhi\r\n")); err != nil {
		t.Fatalf("Send: %v", err)
	}
	if got := srv.messages(); len(got) != 1 || got[0].Secret != "ya29.token" {
		t.Errorf("server got %+v, want one message sent after OAUTHBEARER with the token", got)
	}
}

func TestSendErrors(t *testing.T) {
	serverTLS, clientTLS := selfSigned(t)
	const pw = "hunter2-Sup3r"
	plain := startServer(t, nil, false, true, map[string]string{"me@example.com": "right"})
	echo := startServer(t, nil, false, true, map[string]string{"me@example.com": "right"})
	echo.echo = true
	noAuth := startServer(t, nil, false, false, map[string]string{"me@example.com": "right"})
	tlsOnly := startServer(t, serverTLS, true, false, nil)
	base := func(port int, sec string) SMTPOptions {
		return SMTPOptions{Host: "127.0.0.1", Port: port, Security: sec, Username: "me@example.com",
			Password: password(pw), TLSConfig: clientTLS, Timeout: 5 * time.Second}
	}
	untrusted := base(tlsOnly.Port, "tls")
	untrusted.TLSConfig = nil
	remoteNone := base(plain.Port, "none")
	remoteNone.Host = "smtp.example.com"
	badSecret := base(plain.Port, "none")
	badSecret.Password = func(context.Context) (string, error) { return "", errors.New("pass: entry not found") }
	tests := []struct {
		name   string
		opts   SMTPOptions
		server *mailServer
		want   string
	}{
		{"wrong password", base(plain.Port, "none"), plain, "authenticating"},
		{"server echoes the wrong password", base(echo.Port, "none"), echo, "[redacted]"},
		{"starttls required but not offered", base(plain.Port, "starttls"), plain, "STARTTLS"},
		{"auth not offered in clear", base(noAuth.Port, "none"), noAuth, "does not offer AUTH PLAIN"},
		{"untrusted certificate", untrusted, tlsOnly, "tls handshake"},
		{"none to a remote host", remoteNone, nil, "allowed only for a loopback host"},
		{"unknown security", base(plain.Port, "ssl"), nil, `unknown smtp security "ssl"`},
		{"password command fails", badSecret, nil, "getting smtp password"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := Send(context.Background(), tt.opts, "me@example.com", []string{"me@example.com"}, []byte("Subject: x\r\n\r\nbody\r\n"))
			if err == nil {
				t.Fatal("Send succeeded, want an error")
			}
			t.Logf("err: %v", err)
			if !strings.Contains(err.Error(), tt.want) {
				t.Errorf("err = %v, want one containing %q", err, tt.want)
			}
			if strings.Contains(err.Error(), pw) {
				t.Errorf("error text reveals the password: %v", err)
			}
			for e := errors.Unwrap(err); e != nil; e = errors.Unwrap(e) {
				if strings.Contains(e.Error(), pw) {
					t.Errorf("wrapped error reveals the password: %v", e)
				}
			}
			if tt.server != nil && len(tt.server.messages()) != 0 {
				t.Errorf("server received a message despite the error")
			}
		})
	}
}

func TestSendStopsWithContext(t *testing.T) {
	// A server that accepts and never greets.
	port := testnet.SilentServer(t)
	ctx, cancel := context.WithTimeout(context.Background(), 200*time.Millisecond)
	defer cancel()
	opts := SMTPOptions{Host: "127.0.0.1", Port: port, Security: "none", Timeout: time.Minute}
	start := time.Now()
	err := Send(ctx, opts, "a@example.com", []string{"b@example.com"}, bytes.Repeat([]byte("x"), 10))
	if err == nil || !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("err = %v, want context.DeadlineExceeded", err)
	}
	if d := time.Since(start); d > 5*time.Second {
		t.Errorf("Send took %v after the context ended", d)
	}
}
