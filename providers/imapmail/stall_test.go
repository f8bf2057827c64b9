package imapmail

import (
	"context"
	"errors"
	"io"
	"net"
	"sync/atomic"
	"testing"
	"time"

	"github.com/tend-dev/tend/model"
)

// stallProxy forwards a connection to target until stall is set; from then
// on it stops passing the server's bytes to the client, like a server that
// hangs mid-response.
type stallProxy struct {
	port  int
	stall atomic.Bool
}

func startStallProxy(t *testing.T, target string) *stallProxy {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ln.Close() })
	p := &stallProxy{port: ln.Addr().(*net.TCPAddr).Port}
	t.Cleanup(func() { p.stall.Store(false) }) // let the forwarders exit
	go func() {
		for {
			cc, err := ln.Accept()
			if err != nil {
				return
			}
			sc, err := net.Dial("tcp", target)
			if err != nil {
				cc.Close()
				return
			}
			t.Cleanup(func() { cc.Close(); sc.Close() })
			go io.Copy(sc, cc)
			go func() {
				buf := make([]byte, 512)
				for {
					n, err := sc.Read(buf)
					if err != nil {
						return
					}
					for p.stall.Load() {
						time.Sleep(10 * time.Millisecond)
					}
					if _, err := cc.Write(buf[:n]); err != nil {
						return
					}
				}
			}()
		}
	}()
	return p
}

func TestFetchStalledServer(t *testing.T) {
	ts := startServer(t, serverConfig{folders: map[string]int{"INBOX": 200}})
	tests := []struct {
		name    string
		timeout time.Duration
		cancel  bool // cancel the context instead of waiting for the timeout
	}{
		{name: "timeout ends a stalled fetch", timeout: 300 * time.Millisecond},
		{name: "ctx cancel ends a stalled fetch", timeout: time.Minute, cancel: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := startStallProxy(t, ts.addr())
			opts := ts.options(testPass)
			opts.Port = p.port
			opts.Timeout = tt.timeout
			opts.BatchSize = 50
			c := dialT(t, opts)
			st, err := c.Examine(t.Context(), "INBOX")
			if err != nil {
				t.Fatal(err)
			}
			ctx, cancel := context.WithCancel(t.Context())
			defer cancel()
			p.stall.Store(true)
			if tt.cancel {
				time.AfterFunc(200*time.Millisecond, cancel)
			}
			start := time.Now()
			err = c.Fetch(ctx, 0, st.UIDNext, func(model.HeaderMessage) error { return nil })
			if err == nil {
				t.Fatal("Fetch from a stalled server succeeded")
			}
			if tt.cancel && !errors.Is(err, context.Canceled) {
				t.Errorf("Fetch error = %v, want context.Canceled", err)
			}
			if d := time.Since(start); d > 1500*time.Millisecond {
				t.Errorf("Fetch took %v to give up on a stalled server", d)
			}
		})
	}
}
