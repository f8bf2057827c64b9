package imapmail

import (
	"bufio"
	"context"
	"fmt"
	"net"
	"strings"
	"testing"
	"time"
)

// serveOnce accepts one connection on 127.0.0.1, hands it to serve and
// closes it; it returns the port.
func serveOnce(t *testing.T, serve func(net.Conn)) int {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ln.Close() })
	go func() {
		c, err := ln.Accept()
		if err != nil {
			return
		}
		defer c.Close()
		serve(c)
	}()
	return ln.Addr().(*net.TCPAddr).Port
}

// plainServer answers the first command after its greeting with answer,
// then waits for the client to hang up.
func plainServer(t *testing.T, greeting, answer string) int {
	t.Helper()
	return serveOnce(t, func(c net.Conn) {
		fmt.Fprint(c, greeting)
		line, err := bufio.NewReader(c).ReadString('\n')
		if err != nil {
			return
		}
		tag, _, _ := strings.Cut(line, " ")
		fmt.Fprintf(c, answer, tag)
		c.SetReadDeadline(time.Now().Add(5 * time.Second))
		c.Read(make([]byte, 1))
	})
}

// TestStartTLSRefusals: tend's own STARTTLS refuses a connection it cannot
// secure, with an error saying why, and never falls back to plaintext.
func TestStartTLSRefusals(t *testing.T) {
	for _, tt := range []struct {
		name, greeting, answer, wantErr string
	}{
		{"plaintext injected after the OK", "* OK ready\r\n", "%s OK begin TLS\r\n* OK [CAPABILITY IMAP4rev1 AUTH=PLAIN] injected\r\n", "injection"},
		{"server refuses", "* OK ready\r\n", "%s NO not here\r\n", "refused STARTTLS: NO not here"},
		{"pre-authenticated", "* PREAUTH welcome\r\n", "%s OK\r\n", "before TLS"},
		{"goodbye", "* BYE busy\r\n", "%s OK\r\n", "unexpected greeting"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			port := plainServer(t, tt.greeting, tt.answer)
			c, err := Dial(t.Context(), Options{Host: "127.0.0.1", Port: port, Security: SecuritySTARTTLS,
				Username: "u", Password: func(context.Context) (string, error) { return "p", nil },
				HeaderFields: testFields, Timeout: 3 * time.Second})
			if err == nil {
				c.Close()
				t.Fatal("Dial succeeded")
			}
			if !strings.Contains(err.Error(), "starting tls") || !strings.Contains(err.Error(), tt.wantErr) {
				t.Errorf("err = %v, want one about starting tls containing %q", err, tt.wantErr)
			}
		})
	}
}
