package bench

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"net"
	"strconv"
	"sync"
)

// A Replay answers IMAP commands with what a real server answered them
// once, at almost no cost of its own: it looks each command up and writes
// the recorded bytes. Against it, a client's time is the client's own work,
// which tells how fast tend would go if the server had a machine to itself
// (on this bench, Dovecot and tend share two cores).
//
// Record one client's session through Recorder, then serve it with Serve.
// A command is found by its text without its tag, in the folder selected,
// so the replayed client must send the same commands (in any order, over
// any connections); the answer gets the command's new tag.
type Replay struct {
	mu       sync.Mutex
	greeting []byte
	answers  map[string]answer
}

// answer is the server's bytes for one command: untagged responses, then
// the tagged completion, whose tag starts at offset tag.
type answer struct {
	bytes []byte
	tag   int
}

// NewReplay returns an empty replay, to record into.
func NewReplay() *Replay { return &Replay{answers: map[string]answer{}} }

// Commands is how many distinct commands the replay can answer.
func (r *Replay) Commands() int {
	r.mu.Lock()
	defer r.mu.Unlock()
	return len(r.answers)
}

// Recorder is a TCP proxy to target that records every answer into r. It
// accepts commands without literals only (tend sends none).
type Recorder struct {
	r      *Replay
	target string
	ln     net.Listener
	wg     sync.WaitGroup
	mu     sync.Mutex
	err    error
}

// Record starts a recording proxy to target on a loopback port.
func (r *Replay) Record(target string) (*Recorder, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, fmt.Errorf("replay recorder: %w", err)
	}
	rec := &Recorder{r: r, target: target, ln: ln}
	rec.wg.Add(1)
	go rec.accept()
	return rec, nil
}

// Port is the recorder's port.
func (rec *Recorder) Port() int { return rec.ln.Addr().(*net.TCPAddr).Port }

// Close stops the recorder, waits for its connections to end and returns
// the first recording error.
func (rec *Recorder) Close() error {
	rec.ln.Close()
	rec.wg.Wait()
	rec.mu.Lock()
	defer rec.mu.Unlock()
	return rec.err
}

func (rec *Recorder) fail(err error) {
	rec.mu.Lock()
	defer rec.mu.Unlock()
	if rec.err == nil {
		rec.err = err
	}
}

func (rec *Recorder) accept() {
	defer rec.wg.Done()
	for {
		cc, err := rec.ln.Accept()
		if err != nil {
			return
		}
		sc, err := net.Dial("tcp", rec.target)
		if err != nil {
			cc.Close()
			rec.fail(fmt.Errorf("replay recorder: %w", err))
			continue
		}
		rec.wg.Add(1)
		go func() {
			defer rec.wg.Done()
			defer cc.Close()
			defer sc.Close()
			if err := rec.session(cc, sc); err != nil {
				rec.fail(err)
			}
		}()
	}
}

// session forwards one connection both ways. The server answers commands
// in the order sent, so a tagged completion ends the answer to the oldest
// command not yet answered that has its tag.
func (rec *Recorder) session(cc, sc net.Conn) error {
	sent := make(chan [2]string, 1024) // tag, command text
	go func() {
		defer close(sent)
		var sel selection
		cr := bufio.NewReader(cc)
		for {
			line, err := cr.ReadBytes('\n')
			if len(line) > 0 {
				if _, err := sc.Write(line); err != nil {
					return
				}
				tag, text, ok := bytes.Cut(bytes.TrimRight(line, "\r\n"), []byte(" "))
				if ok {
					sent <- [2]string{string(tag), sel.key(text)}
				}
			}
			if err != nil {
				return
			}
		}
	}()
	sr := &lineReader{r: bufio.NewReaderSize(sc, 64<<10)}
	var block bytes.Buffer
	first := true
	for {
		line, err := sr.next()
		if len(line) > 0 {
			if _, werr := cc.Write(line); werr != nil {
				return nil // the client left
			}
		}
		if err != nil {
			if errors.Is(err, io.EOF) || errors.Is(err, net.ErrClosed) {
				return nil
			}
			return fmt.Errorf("replay recorder: %w", err)
		}
		if first { // the greeting
			rec.r.mu.Lock()
			if rec.r.greeting == nil {
				rec.r.greeting = bytes.Clone(line)
			}
			rec.r.mu.Unlock()
			first = false
			continue
		}
		start := block.Len()
		block.Write(line)
		if line[0] == '*' || line[0] == '+' {
			continue
		}
		tag, _, _ := bytes.Cut(line, []byte(" "))
		var cmd [2]string
		for cmd[0] != string(tag) { // the oldest command not yet answered
			var ok bool
			if cmd, ok = <-sent; !ok {
				return fmt.Errorf("replay recorder: a tagged answer to no command: %q", line)
			}
		}
		rec.r.mu.Lock()
		if _, ok := rec.r.answers[cmd[1]]; !ok {
			rec.r.answers[cmd[1]] = answer{bytes: bytes.Clone(block.Bytes()), tag: start}
		}
		rec.r.mu.Unlock()
		block.Reset()
	}
}

// selection is the mailbox a connection's commands apply to: the same
// "UID FETCH 1:500 ..." has another answer in another folder.
type selection struct{ mailbox string }

// key is the recording's key of command text sent in the current
// selection: the text, and the mailbox for commands about its messages. A
// SELECT or EXAMINE changes the selection for what follows.
func (s *selection) key(text []byte) string {
	verb, arg, _ := bytes.Cut(text, []byte(" "))
	k := string(text)
	for _, v := range []string{"FETCH", "UID", "SEARCH", "SORT", "THREAD", "NOOP", "CHECK"} {
		if bytes.EqualFold(verb, []byte(v)) {
			k = s.mailbox + "\x00" + k
		}
	}
	switch {
	case bytes.EqualFold(verb, []byte("SELECT")) || bytes.EqualFold(verb, []byte("EXAMINE")):
		s.mailbox = string(arg)
	case bytes.EqualFold(verb, []byte("UNSELECT")) || bytes.EqualFold(verb, []byte("CLOSE")):
		s.mailbox = ""
	}
	return k
}

// lineReader returns one response line at a time, with the literals it
// announces ("{n}\r\n" and n bytes) inside it.
type lineReader struct{ r *bufio.Reader }

func (lr *lineReader) next() ([]byte, error) {
	var out []byte
	for {
		part, err := lr.r.ReadSlice('\n')
		if errors.Is(err, bufio.ErrBufferFull) {
			out = append(out, part...)
			continue
		}
		out = append(out, part...)
		if err != nil {
			return out, err
		}
		n, ok := literalSize(out)
		if !ok {
			return out, nil
		}
		lit := make([]byte, n)
		if _, err := io.ReadFull(lr.r, lit); err != nil {
			return out, err
		}
		out = append(out, lit...)
	}
}

// literalSize reads the "{n}" that ends line (before CRLF), if any.
func literalSize(line []byte) (int, bool) {
	l := bytes.TrimRight(line, "\r\n")
	if len(l) < 3 || l[len(l)-1] != '}' {
		return 0, false
	}
	i := bytes.LastIndexByte(l, '{')
	if i < 0 {
		return 0, false
	}
	n, err := strconv.Atoi(string(bytes.TrimSuffix(l[i+1:len(l)-1], []byte("+"))))
	return n, err == nil && n >= 0
}

// Serve answers connections on a loopback port from the recording until
// the returned stop is called; a command never recorded gets BAD.
func (r *Replay) Serve() (port int, stop func(), err error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, nil, fmt.Errorf("replay: %w", err)
	}
	var wg sync.WaitGroup
	var conns sync.Map
	wg.Add(1)
	go func() {
		defer wg.Done()
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			conns.Store(c, true)
			wg.Add(1)
			go func() {
				defer wg.Done()
				defer conns.Delete(c)
				defer c.Close()
				r.serve(c)
			}()
		}
	}()
	stop = func() {
		ln.Close()
		conns.Range(func(c, _ any) bool { c.(net.Conn).Close(); return true })
		wg.Wait()
	}
	return ln.Addr().(*net.TCPAddr).Port, stop, nil
}

func (r *Replay) serve(c net.Conn) {
	w := bufio.NewWriterSize(c, 64<<10)
	r.mu.Lock()
	greeting := r.greeting
	r.mu.Unlock()
	w.Write(greeting)
	w.Flush()
	cr := bufio.NewReader(c)
	var sel selection
	for {
		line, err := cr.ReadBytes('\n')
		if err != nil {
			return
		}
		tag, text, _ := bytes.Cut(bytes.TrimRight(line, "\r\n"), []byte(" "))
		r.mu.Lock()
		a, ok := r.answers[sel.key(text)]
		r.mu.Unlock()
		if !ok {
			fmt.Fprintf(w, "%s BAD the replay has no answer to this command\r\n", tag)
		} else {
			w.Write(a.bytes[:a.tag])
			w.Write(tag)
			rest := a.bytes[a.tag:]
			w.Write(rest[bytes.IndexByte(rest, ' '):])
		}
		if cr.Buffered() == 0 { // the client waits for these answers
			if w.Flush() != nil {
				return
			}
		}
		if bytes.EqualFold(text, []byte("LOGOUT")) {
			w.Flush()
			return
		}
	}
}
