package imapmail

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"net"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/tend-dev/tend/model"
)

// hostileServer speaks just enough IMAP to log in and EXAMINE, then answers
// UID FETCH with fetch(tag, w). It is a scripted server on a real socket:
// no IMAP server library can be made to misbehave like this.
func hostileServer(t *testing.T, fetch func(tag string, w *bufio.Writer) (hangUp bool)) (host string, port int) {
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
			go serveHostile(c, fetch)
		}
	}()
	a := ln.Addr().(*net.TCPAddr)
	return "127.0.0.1", a.Port
}

func serveHostile(c net.Conn, fetch func(string, *bufio.Writer) bool) {
	defer c.Close()
	r, w := bufio.NewReader(c), bufio.NewWriter(c)
	say := func(s string) { w.WriteString(s + "\r\n") }
	say("* OK [CAPABILITY IMAP4rev1] hostile server ready")
	w.Flush()
	for {
		line, err := r.ReadString('\n')
		if err != nil {
			return
		}
		f := strings.Fields(line)
		if len(f) < 2 {
			continue
		}
		tag, cmd := f[0], strings.ToUpper(f[1])
		switch {
		case cmd == "LOGIN":
			say(tag + " OK [CAPABILITY IMAP4rev1] logged in")
		case cmd == "CAPABILITY":
			say("* CAPABILITY IMAP4rev1")
			say(tag + " OK done")
		case cmd == "EXAMINE":
			say("* 2 EXISTS")
			say("* OK [UIDVALIDITY 7] ok")
			say("* OK [UIDNEXT 3] ok")
			say(tag + " OK [READ-ONLY] done")
		case cmd == "UID" && len(f) > 2 && strings.EqualFold(f[2], "FETCH"):
			if fetch(tag, w) {
				w.Flush()
				return
			}
		case cmd == "LOGOUT":
			say("* BYE bye")
			say(tag + " OK done")
			w.Flush()
			return
		default:
			say(tag + " BAD unknown")
		}
		w.Flush()
	}
}

const normalHeader = "From: Bob <bob@example.com>\r\nSubject: hi\r\n\r\n"

// literal writes one FETCH response whose header literal announces size
// bytes and carries send of them.
func literal(w *bufio.Writer, seq, uid int, size, send int64, chunk []byte) {
	fmt.Fprintf(w, "* %d FETCH (UID %d INTERNALDATE \"02-Jan-2006 15:04:05 +0000\" BODY[HEADER.FIELDS (FROM SUBJECT)] {%d}\r\n", seq, uid, size)
	for send > 0 {
		n := min(send, int64(len(chunk)))
		if _, err := w.Write(chunk[:n]); err != nil {
			return
		}
		send -= n
	}
}

func TestFetchHostileServer(t *testing.T) {
	// One reusable chunk of header-like bytes, allocated before measuring.
	chunk := bytes.Repeat([]byte("X-Filler: aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\r\n"), 4096)
	const huge = 64 << 20
	tests := []struct {
		name      string
		fetch     func(tag string, w *bufio.Writer) bool
		wantErr   string // substring; "" = success
		wantMsgs  int
		wantFirst int // length of the first header delivered
	}{
		{
			name: "a 64 MiB header literal is read through, keeping only the cap",
			fetch: func(tag string, w *bufio.Writer) bool {
				literal(w, 1, 1, huge, huge, chunk)
				w.WriteString(")\r\n")
				fmt.Fprintf(w, "* 2 FETCH (UID 2 BODY[HEADER.FIELDS (FROM SUBJECT)] {%d}\r\n%s)\r\n", len(normalHeader), normalHeader)
				w.WriteString(tag + " OK done\r\n")
				return false
			},
			wantMsgs: 2, wantFirst: maxHeaderBytes,
		},
		{
			name: "a 1 GB literal announced, then the server hangs up",
			fetch: func(tag string, w *bufio.Writer) bool {
				literal(w, 1, 1, 1<<30, 4<<20, chunk)
				return true
			},
			wantErr: "uid fetch",
		},
		{
			name: "malformed FETCH response",
			fetch: func(tag string, w *bufio.Writer) bool {
				w.WriteString("* 1 FETCH (UID 1 BODY[HEADER.FIELDS (FROM)] \"unterminated\r\n")
				w.WriteString(tag + " OK done\r\n")
				return false
			},
			wantErr: "uid fetch",
		},
		{
			name: "BYE in the middle of a fetch",
			fetch: func(tag string, w *bufio.Writer) bool {
				w.WriteString("* BYE shutting down\r\n")
				return true
			},
			wantErr: "uid fetch",
		},
		{
			name: "tagged NO",
			fetch: func(tag string, w *bufio.Writer) bool {
				w.WriteString(tag + " NO [SERVERBUG] internal error\r\n")
				return false
			},
			wantErr: "internal error",
		},
		{
			name: "UIDs outside the requested range are ignored",
			fetch: func(tag string, w *bufio.Writer) bool {
				for _, uid := range []int{0, 2, 99} {
					fmt.Fprintf(w, "* 1 FETCH (UID %d BODY[HEADER.FIELDS (FROM SUBJECT)] {%d}\r\n%s)\r\n", uid, len(normalHeader), normalHeader)
				}
				w.WriteString(tag + " OK done\r\n")
				return false
			},
			wantMsgs: 1, wantFirst: len(normalHeader),
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			host, port := hostileServer(t, tt.fetch)
			c := dialT(t, Options{Host: host, Port: port, Security: SecurityNone, Username: "u",
				Password: func(context.Context) (string, error) { return "p", nil }, HeaderFields: testFields,
				Timeout: 2 * time.Second})
			if _, err := c.Examine(t.Context(), "INBOX"); err != nil {
				t.Fatal(err)
			}
			var got []model.HeaderMessage
			var before, after runtime.MemStats
			runtime.GC()
			runtime.ReadMemStats(&before)
			start := time.Now()
			err := c.Fetch(t.Context(), 0, 3, func(m model.HeaderMessage) error {
				got = append(got, m)
				return nil
			})
			runtime.ReadMemStats(&after)
			if alloc := after.TotalAlloc - before.TotalAlloc; alloc > 32<<20 {
				t.Errorf("Fetch allocated %d MiB: the announced literal size drives allocation", alloc>>20)
			}
			if d := time.Since(start); d > 10*time.Second {
				t.Errorf("Fetch took %v", d)
			}
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("Fetch error = %v, want one containing %q", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatalf("Fetch: %v", err)
			}
			if len(got) != tt.wantMsgs {
				t.Fatalf("Fetch delivered %d messages, want %d", len(got), tt.wantMsgs)
			}
			if len(got[0].Header) != tt.wantFirst {
				t.Errorf("first header has %d bytes, want %d", len(got[0].Header), tt.wantFirst)
			}
		})
	}
}
