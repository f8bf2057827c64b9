package faultproxy

import (
	"bufio"
	"io"
	"net"
	"strings"
	"testing"
	"time"
)

// greeter is a server that sends n bytes to every client, then echoes.
func greeter(t *testing.T, n int) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ln.Close() })
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			go func() {
				defer c.Close()
				_, _ = c.Write([]byte(strings.Repeat("x", n)))
				_, _ = io.Copy(c, c)
			}()
		}
	}()
	return ln.Addr().String()
}

func TestProxy(t *testing.T) {
	tests := []struct {
		name     string
		cutAfter int64
		want     int // bytes the client receives before EOF
	}{
		{name: "cut mid-stream", cutAfter: 1000, want: 1000},
		{name: "no cut passes everything", cutAfter: 0, want: 5000},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p, err := Start(greeter(t, 5000))
			if err != nil {
				t.Fatal(err)
			}
			defer p.Close()
			p.CutAfter(tt.cutAfter)
			c, err := net.Dial("tcp", p.Addr())
			if err != nil {
				t.Fatal(err)
			}
			defer c.Close()
			if _, err := c.Write([]byte("a1 UID FETCH 1:* (UID)\r\na2 LOGIN user secret\r\n")); err != nil {
				t.Fatal(err)
			}
			_ = c.SetReadDeadline(time.Now().Add(2 * time.Second))
			got, _ := io.ReadFull(c, make([]byte, 5000))
			if got != tt.want {
				t.Errorf("client got %d bytes, want %d", got, tt.want)
			}
			if tt.cutAfter > 0 && p.Cuts() != 1 {
				t.Errorf("Cuts() = %d, want 1", p.Cuts())
			}
			if tt.cutAfter > 0 {
				return // a cut may come before the client's commands get through
			}
			deadline := time.Now().Add(2 * time.Second)
			for p.Commands()["LOGIN"] == 0 && time.Now().Before(deadline) {
				time.Sleep(5 * time.Millisecond)
			}
			cmds := p.Commands()
			if cmds["UID FETCH"] != 1 || cmds["LOGIN"] != 1 {
				t.Errorf("Commands() = %v, want one UID FETCH and one LOGIN", cmds)
			}
			for k := range cmds {
				if strings.Contains(k, "secret") {
					t.Errorf("a command key holds an argument: %q", k)
				}
			}
		})
	}
}

func TestProxyStall(t *testing.T) {
	p, err := Start(greeter(t, 10))
	if err != nil {
		t.Fatal(err)
	}
	defer p.Close()
	p.Stall(true)
	c, err := net.Dial("tcp", p.Addr())
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	_ = c.SetReadDeadline(time.Now().Add(200 * time.Millisecond))
	if n, err := c.Read(make([]byte, 10)); err == nil {
		t.Fatalf("read %d bytes through a stalled proxy", n)
	}
	p.Stall(false)
	_ = c.SetReadDeadline(time.Now().Add(2 * time.Second))
	line, err := bufio.NewReader(c).Peek(10)
	if err != nil || string(line) != strings.Repeat("x", 10) {
		t.Fatalf("after the stall: %q, %v", line, err)
	}
}
