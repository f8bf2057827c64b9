package imapmail

import (
	"errors"
	"io"
	"sync"
)

// tapConn lets the client take the reading side of the connection away from
// imapclient for one command at a time (rawfetch.go), so the bulk header
// FETCH is parsed by tend's own reader instead of imapclient's general one.
//
// imapclient's reader goroutine always sits in Read. While a tap is open,
// that goroutine keeps reading the socket but hands every chunk to the tap
// instead of returning it; when the tap closes, the bytes it did not
// consume are given back and imapclient reads them first. Which side a chunk
// belongs to is decided when its read returns, and a tap opens before its
// command is written, so the response never reaches imapclient.
//
// Writes go straight to the connection: the caller opens a tap only while
// imapclient has no command in flight.
type tapConn struct {
	*deadlineConn

	mu   sync.Mutex
	cur  *tap   // the open tap, nil when imapclient reads
	back []byte // given back by the last tap, read before the socket

	free chan []byte // chunk buffers a tap's reader is done with, for the next reads

	// dead is closed once a read failed: imapclient's reader goroutine, the
	// only one reading the socket, has then stopped, and a tap would wait
	// for it forever. deadErr is that read's error.
	dead    chan struct{}
	deadErr error
}

// tap is one open tap: chunks arrive on ch (unbuffered, so none is ever
// stranded in it) until done is closed.
type tap struct {
	ch   chan tapChunk
	done chan struct{}
}

type tapChunk struct {
	b   []byte
	err error
}

// tapChunkSize is how much one read takes from the socket while tapped.
const tapChunkSize = 64 << 10

func newTapConn(c *deadlineConn) *tapConn {
	return &tapConn{deadlineConn: c, free: make(chan []byte, 3), dead: make(chan struct{})}
}

// Read is imapclient's: bytes given back first, then the socket; chunks
// read while a tap is open go to the tap.
func (t *tapConn) Read(p []byte) (int, error) {
	if len(p) == 0 {
		return 0, nil
	}
	for {
		t.mu.Lock()
		if t.cur == nil && len(t.back) > 0 {
			n := copy(p, t.back)
			t.back = t.back[n:]
			t.mu.Unlock()
			return n, nil
		}
		buf, own := p, false
		if tp := t.cur; tp != nil {
			own = true
			select {
			case buf = <-t.free:
			default:
				buf = make([]byte, tapChunkSize)
			}
		}
		t.mu.Unlock()

		n, err := t.deadlineConn.Read(buf)

		t.mu.Lock()
		tp := t.cur
		if tp == nil {
			if own || len(t.back) > 0 {
				// Read for a tap that closed meanwhile, or after bytes a tap
				// gave back: keep the order.
				t.back = append(t.back, buf[:n]...)
				t.mu.Unlock()
				if own {
					t.recycle(buf)
				}
				if err != nil {
					t.died(err)
					return 0, err
				}
				continue
			}
			t.mu.Unlock()
			if err != nil {
				t.died(err)
			}
			return n, err
		}
		t.mu.Unlock()
		chunk := tapChunk{b: buf[:n], err: err}
		if !own {
			chunk.b = append([]byte(nil), buf[:n]...)
		}
		select {
		case tp.ch <- chunk:
		case <-tp.done:
			t.mu.Lock()
			t.back = append(t.back, chunk.b...)
			t.mu.Unlock()
			if own {
				t.recycle(buf)
			}
		}
		if err != nil {
			t.died(err)
			return 0, err // deadlineConn's errors are sticky: imapclient sees it too
		}
	}
}

// died records the read error that stops imapclient's reader goroutine.
func (t *tapConn) died(err error) {
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.deadErr == nil {
		t.deadErr = err
		close(t.dead)
	}
}

// open starts a tap: from now on the connection's input goes to the tap's
// reader instead of imapclient, until close.
func (t *tapConn) open() *tapReader {
	tp := &tap{ch: make(chan tapChunk), done: make(chan struct{})}
	t.mu.Lock()
	t.cur = tp
	t.mu.Unlock()
	return &tapReader{conn: t, tap: tp}
}

// tapReader reads the tapped input.
type tapReader struct {
	conn *tapConn
	tap  *tap
	cur  []byte
	buf  []byte // the chunk cur is part of, recycled once read
	err  error
}

// Read implements io.Reader over the tapped chunks.
func (r *tapReader) Read(p []byte) (int, error) {
	for len(r.cur) == 0 {
		r.conn.recycle(r.buf)
		r.buf = nil
		if r.err != nil {
			return 0, r.err
		}
		select {
		case c := <-r.tap.ch:
			r.cur, r.buf, r.err = c.b, c.b, c.err
		case <-r.conn.dead:
			// Nobody reads the socket any more; a chunk still being handed
			// over carries the same error.
			select {
			case c := <-r.tap.ch:
				r.cur, r.buf, r.err = c.b, c.b, c.err
			default:
				r.conn.mu.Lock()
				r.err = r.conn.deadErr
				r.conn.mu.Unlock()
			}
		}
	}
	n := copy(p, r.cur)
	r.cur = r.cur[n:]
	return n, nil
}

// close ends the tap and gives unread back to imapclient, ahead of
// anything read after it. A tap whose input failed gives nothing back.
func (r *tapReader) close(unread []byte) {
	t := r.conn
	t.mu.Lock()
	if r.err == nil || errors.Is(r.err, io.EOF) {
		rest := append(append([]byte(nil), unread...), r.cur...)
		t.back = append(rest, t.back...)
	}
	t.cur = nil
	t.mu.Unlock()
	close(r.tap.done) // a reader blocked sending now gives its chunk back itself
	// What was left of the last chunk is copied: its buffer serves the
	// next tap's reads (without this, every FETCH allocated one).
	t.recycle(r.buf)
	r.cur, r.buf = nil, nil
}

// recycle keeps buf, a chunk buffer nobody reads any more, for a later
// read while tapped.
func (t *tapConn) recycle(buf []byte) {
	if cap(buf) != tapChunkSize {
		return
	}
	select {
	case t.free <- buf[:tapChunkSize]:
	default:
	}
}
