// Package faultproxy is a TCP proxy for tests and benchmarks that sits
// between tend and a real server and misbehaves on demand: it cuts a
// connection after a given number of server bytes, stalls the server's
// bytes, and counts the commands the client sends (to prove, for example,
// that a no-change re-sync issues no FETCH).
//
// A Proxy is safe for concurrent use.
package faultproxy

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"net"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

// Proxy forwards connections accepted on 127.0.0.1 to a target address.
type Proxy struct {
	target string
	ln     net.Listener

	cutAfter atomic.Int64 // server->client bytes per connection before a cut; 0 = never
	stall    atomic.Bool
	conns    atomic.Int64 // connections accepted
	cuts     atomic.Int64 // connections cut

	mu       sync.Mutex // guards commands, open and closed
	commands map[string]int
	open     map[net.Conn]struct{}
	closed   bool
	wg       sync.WaitGroup
}

// Start listens on 127.0.0.1:0 and forwards every connection to target.
func Start(target string) (*Proxy, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, fmt.Errorf("faultproxy: listening: %w", err)
	}
	p := &Proxy{target: target, ln: ln, commands: map[string]int{}, open: map[net.Conn]struct{}{}}
	p.wg.Add(1)
	go p.accept()
	return p, nil
}

// Addr is the proxy's "127.0.0.1:port".
func (p *Proxy) Addr() string { return p.ln.Addr().String() }

// Port is the proxy's port.
func (p *Proxy) Port() int { return p.ln.Addr().(*net.TCPAddr).Port }

// CutAfter makes every connection opened from now on close (both sides)
// once n bytes have gone from the server to the client; 0 turns cuts off.
func (p *Proxy) CutAfter(n int64) { p.cutAfter.Store(n) }

// Stall stops (true) or resumes (false) passing the server's bytes on every
// connection, like a server that hangs mid-response.
func (p *Proxy) Stall(on bool) { p.stall.Store(on) }

// Connections is the number of connections accepted so far.
func (p *Proxy) Connections() int { return int(p.conns.Load()) }

// Cuts is the number of connections cut so far.
func (p *Proxy) Cuts() int { return int(p.cuts.Load()) }

// Commands returns how many times the client sent each IMAP command, keyed by
// its upper-case name ("LOGIN", "EXAMINE", "UID FETCH", ...). Arguments are
// never recorded, so a password cannot leak through it.
func (p *Proxy) Commands() map[string]int {
	p.mu.Lock()
	defer p.mu.Unlock()
	out := make(map[string]int, len(p.commands))
	for k, v := range p.commands {
		out[k] = v
	}
	return out
}

// ResetCounts forgets the commands counted so far.
func (p *Proxy) ResetCounts() {
	p.mu.Lock()
	defer p.mu.Unlock()
	clear(p.commands)
}

// Close stops accepting, closes every open connection and waits for the
// forwarders to exit.
func (p *Proxy) Close() error {
	err := p.ln.Close()
	p.stall.Store(false)
	p.mu.Lock()
	p.closed = true
	for c := range p.open {
		c.Close()
	}
	p.mu.Unlock()
	p.wg.Wait()
	return err
}

func (p *Proxy) accept() {
	defer p.wg.Done()
	for {
		cc, err := p.ln.Accept()
		if err != nil {
			return
		}
		p.conns.Add(1)
		sc, err := net.DialTimeout("tcp", p.target, 10*time.Second)
		if err != nil {
			cc.Close()
			continue
		}
		if !p.track(cc, sc) {
			return
		}
		p.wg.Add(2)
		go p.clientToServer(cc, sc)
		go p.serverToClient(cc, sc, p.cutAfter.Load())
	}
}

// track registers an open pair; it refuses once the proxy is closed.
func (p *Proxy) track(cs ...net.Conn) bool {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.closed {
		for _, c := range cs {
			c.Close()
		}
		return false
	}
	for _, c := range cs {
		p.open[c] = struct{}{}
	}
	return true
}

func (p *Proxy) untrack(cs ...net.Conn) {
	p.mu.Lock()
	defer p.mu.Unlock()
	for _, c := range cs {
		c.Close()
		delete(p.open, c)
	}
}

// clientToServer forwards the client's bytes and counts its commands.
func (p *Proxy) clientToServer(cc, sc net.Conn) {
	defer p.wg.Done()
	defer p.untrack(cc, sc)
	r := bufio.NewReaderSize(cc, 16<<10)
	for {
		line, err := r.ReadSlice('\n')
		if len(line) > 0 {
			p.count(line)
			if _, werr := sc.Write(line); werr != nil {
				return
			}
		}
		if err != nil && !errors.Is(err, bufio.ErrBufferFull) {
			return
		}
	}
}

// count records the command name of one client line ("a1 UID FETCH 1:* ..."
// counts "UID FETCH"). Continuation lines and literal data are counted under
// whatever their first tokens are, which never matches a real command name
// in tend's traffic; tests look only at the names they care about.
func (p *Proxy) count(line []byte) {
	f := strings.Fields(string(bytes.TrimRight(line, "\r\n")))
	if len(f) < 2 {
		return
	}
	name := strings.ToUpper(f[1])
	if name == "UID" && len(f) > 2 {
		name += " " + strings.ToUpper(f[2])
	}
	p.mu.Lock()
	p.commands[name]++
	p.mu.Unlock()
}

// serverToClient forwards the server's bytes, honouring stalls and the cut.
func (p *Proxy) serverToClient(cc, sc net.Conn, cutAfter int64) {
	defer p.wg.Done()
	defer p.untrack(cc, sc)
	buf := make([]byte, 32<<10)
	var sent int64
	for {
		n, err := sc.Read(buf)
		for n > 0 && p.stall.Load() {
			time.Sleep(5 * time.Millisecond)
		}
		chunk := buf[:n]
		if cutAfter > 0 && sent+int64(n) >= cutAfter {
			chunk = chunk[:cutAfter-sent]
			_, _ = cc.Write(chunk)
			p.cuts.Add(1)
			return
		}
		if n > 0 {
			if _, werr := cc.Write(chunk); werr != nil {
				return
			}
			sent += int64(n)
		}
		if err != nil {
			return // EOF or a closed connection: untrack closes the client side
		}
	}
}
