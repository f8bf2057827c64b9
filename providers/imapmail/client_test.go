package imapmail

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/tend-dev/tend/internal/testnet"
)

func TestDialAuth(t *testing.T) {
	ts := startServer(t, serverConfig{folders: map[string]int{"INBOX": 1}})
	pwErr := errors.New("keyring locked")
	tests := []struct {
		name     string
		password func(context.Context) (string, error)
		wantAuth bool
		wantErr  error
	}{
		{name: "good password", password: func(context.Context) (string, error) { return testPass, nil }},
		{name: "bad password", password: func(context.Context) (string, error) { return "wrong-horse-battery", nil }, wantAuth: true},
		{name: "password source fails", password: func(context.Context) (string, error) { return "", pwErr }, wantErr: pwErr},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			opts := ts.options("")
			opts.Password = tt.password
			c, err := Dial(t.Context(), opts)
			if !tt.wantAuth && tt.wantErr == nil {
				if err != nil {
					t.Fatalf("Dial: %v", err)
				}
				defer c.Close()
				if len(c.Caps()) == 0 {
					t.Error("Caps() is empty after login")
				}
				return
			}
			if err == nil {
				c.Close()
				t.Fatal("Dial succeeded, want an error")
			}
			if got := errors.Is(err, ErrAuth); got != tt.wantAuth {
				t.Errorf("errors.Is(err, ErrAuth) = %v, want %v (err: %v)", got, tt.wantAuth, err)
			}
			if tt.wantErr != nil && !errors.Is(err, tt.wantErr) {
				t.Errorf("err = %v, want it to wrap %v", err, tt.wantErr)
			}
			if strings.Contains(err.Error(), "wrong-horse-battery") || strings.Contains(err.Error(), testPass) {
				t.Errorf("error leaks the password: %v", err)
			}
		})
	}
}

func TestDialSecurity(t *testing.T) {
	plain := startServer(t, serverConfig{folders: map[string]int{"INBOX": 1}})
	tlsSrv := startServer(t, serverConfig{folders: map[string]int{"INBOX": 1}, tls: true})
	startTLS := startServer(t, serverConfig{folders: map[string]int{"INBOX": 1}, starttls: true})
	tests := []struct {
		name    string
		opts    func() Options
		wantErr string // substring; "" = success
	}{
		{name: "implicit tls", opts: func() Options { return tlsSrv.options(testPass) }},
		{name: "starttls", opts: func() Options {
			o := startTLS.options(testPass)
			o.Security = SecuritySTARTTLS
			o.TLSConfig = tlsSrv.options("").TLSConfig.Clone()
			o.TLSConfig.RootCAs.AddCert(startTLS.cert)
			return o
		}},
		{name: "starttls refused by server without it", opts: func() Options {
			o := plain.options(testPass)
			o.Security = SecuritySTARTTLS
			return o
		}, wantErr: "starting tls"},
		{name: "tls with an untrusted certificate", opts: func() Options {
			o := tlsSrv.options(testPass)
			o.TLSConfig = nil
			return o
		}, wantErr: "tls handshake"},
		{name: "plaintext to loopback", opts: func() Options { return plain.options(testPass) }},
		// 192.0.2.1 (TEST-NET-1) never answers: dialing it would hang the test.
		{name: "plaintext to remote host refused", opts: func() Options {
			o := plain.options(testPass)
			o.Host = "192.0.2.1"
			return o
		}, wantErr: "refused for non-loopback"},
		{name: "unknown security", opts: func() Options {
			o := plain.options(testPass)
			o.Security = "ssl3"
			return o
		}, wantErr: "unknown security"},
		{name: "no header fields", opts: func() Options {
			o := plain.options(testPass)
			o.HeaderFields = nil
			return o
		}, wantErr: "header fields"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			start := time.Now()
			c, err := Dial(t.Context(), tt.opts())
			if tt.wantErr == "" {
				if err != nil {
					t.Fatalf("Dial: %v", err)
				}
				if _, err := c.Examine(t.Context(), "INBOX"); err != nil {
					t.Errorf("Examine after dial: %v", err)
				}
				c.Close()
				return
			}
			if err == nil {
				c.Close()
				t.Fatalf("Dial succeeded, want error containing %q", tt.wantErr)
			}
			if !strings.Contains(err.Error(), tt.wantErr) {
				t.Errorf("err = %v, want it to contain %q", err, tt.wantErr)
			}
			if d := time.Since(start); d > 3*time.Second {
				t.Errorf("Dial took %v to fail", d)
			}
		})
	}
}

// A server that accepts the connection and never greets must not hang Dial.
func TestDialSilentServer(t *testing.T) {
	port := testnet.SilentServer(t)
	for _, sec := range []string{SecurityNone, SecurityTLS} {
		t.Run(sec, func(t *testing.T) {
			opts := Options{
				Host: "127.0.0.1", Port: port, Security: sec,
				Username: testUser, HeaderFields: testFields, Timeout: 300 * time.Millisecond,
				Password: func(context.Context) (string, error) { return testPass, nil },
			}
			start := time.Now()
			c, err := Dial(t.Context(), opts)
			if err == nil {
				c.Close()
				t.Fatal("Dial succeeded against a silent server")
			}
			if d := time.Since(start); d > 1500*time.Millisecond {
				t.Errorf("Dial took %v to give up, want about the 300ms timeout", d)
			}
		})
	}
}

// An idle connection outlives Timeout: the deadline only applies while a
// command is in flight.
func TestIdleConnectionSurvivesTimeout(t *testing.T) {
	ts := startServer(t, serverConfig{folders: map[string]int{"INBOX": 3}})
	opts := ts.options(testPass)
	opts.Timeout = 200 * time.Millisecond
	c := dialT(t, opts)
	time.Sleep(500 * time.Millisecond)
	st, err := c.Examine(t.Context(), "INBOX")
	if err != nil {
		t.Fatalf("Examine after idling past the timeout: %v", err)
	}
	if st.Messages != 3 {
		t.Errorf("Messages = %d, want 3", st.Messages)
	}
}

func TestDialContextEndCloses(t *testing.T) {
	ts := startServer(t, serverConfig{folders: map[string]int{"INBOX": 1}})
	ctx, cancel := context.WithCancel(t.Context())
	c, err := Dial(ctx, ts.options(testPass))
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	cancel()
	time.Sleep(50 * time.Millisecond)
	if _, err := c.Examine(t.Context(), "INBOX"); err == nil {
		t.Error("Examine succeeded after the Dial context ended, want a closed connection")
	}
}
