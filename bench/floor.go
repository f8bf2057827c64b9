package bench

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"io"
	"net"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/emersion/go-imap/v2"
	"github.com/emersion/go-imap/v2/imapclient"
)

// Server is what a floor client needs to reach the mailbox.
type Server struct {
	Addr     string // host:port, plain TCP
	User     string
	Password string
	Folders  []string
	Fields   []string // header fields, as tend fetches them
}

// FloorResult is what one floor client fetched.
type FloorResult struct {
	Messages int
	Bytes    int64
	Wall     time.Duration
}

// RawFetch is the lowest floor: one plain TCP connection that logs in,
// examines each folder and issues `UID FETCH 1:* (UID INTERNALDATE
// BODY.PEEK[HEADER.FIELDS (...)])`, counting the FETCH responses and
// discarding the bytes (literals are skipped by their announced size).
func RawFetch(s Server) (FloorResult, error) {
	start := time.Now()
	var res FloorResult
	c, err := net.DialTimeout("tcp", s.Addr, 10*time.Second)
	if err != nil {
		return res, fmt.Errorf("raw floor: %w", err)
	}
	defer c.Close()
	_ = c.SetDeadline(time.Now().Add(10 * time.Minute)) // a broken floor must not hang the benchmark
	rd := &rawReader{r: bufio.NewReaderSize(c, 256<<10)}
	if _, err := rd.line(); err != nil { // greeting
		return res, fmt.Errorf("raw floor: greeting: %w", err)
	}
	cmds := []string{fmt.Sprintf("a LOGIN %s %s", quote(s.User), quote(s.Password))}
	for _, f := range s.Folders {
		cmds = append(cmds, "b EXAMINE "+quote(f),
			"c UID FETCH 1:* (UID INTERNALDATE BODY.PEEK[HEADER.FIELDS ("+strings.Join(s.Fields, " ")+")])")
	}
	cmds = append(cmds, "z LOGOUT")
	for _, cmd := range cmds {
		if _, err := io.WriteString(c, cmd+"\r\n"); err != nil {
			return res, fmt.Errorf("raw floor: %w", err)
		}
		tag := strings.Fields(cmd)[0]
		if err := rd.untilTagged(tag); err != nil {
			return res, fmt.Errorf("raw floor: %s: %w", strings.Fields(cmd)[1], err)
		}
	}
	res.Messages, res.Bytes, res.Wall = rd.fetches, rd.bytes, time.Since(start)
	return res, nil
}

func quote(s string) string { return strconv.Quote(s) }

// rawReader reads IMAP responses line by line, skipping literals.
type rawReader struct {
	r       *bufio.Reader
	fetches int
	bytes   int64
}

// line returns one response line, its literals discarded.
func (rd *rawReader) line() ([]byte, error) {
	var first []byte
	for {
		l, err := rd.r.ReadSlice('\n')
		for err == bufio.ErrBufferFull { // a line longer than the buffer
			rd.bytes += int64(len(l))
			if first == nil {
				first = append([]byte(nil), l[:64]...)
			}
			l, err = rd.r.ReadSlice('\n')
		}
		if err != nil {
			return nil, err
		}
		rd.bytes += int64(len(l))
		if first == nil {
			first = append([]byte(nil), l[:min(len(l), 64)]...)
		}
		t := bytes.TrimRight(l, "\r\n")
		if !bytes.HasSuffix(t, []byte("}")) {
			return first, nil
		}
		open := bytes.LastIndexByte(t, '{')
		if open < 0 {
			return first, nil
		}
		n, perr := strconv.ParseInt(string(bytes.TrimSuffix(t[open+1:len(t)-1], []byte("+"))), 10, 64)
		if perr != nil {
			return first, nil
		}
		if _, err := rd.r.Discard(int(n)); err != nil {
			return nil, err
		}
		rd.bytes += n
	}
}

// untilTagged reads responses until the tagged one, which must be OK.
func (rd *rawReader) untilTagged(tag string) error {
	for {
		l, err := rd.line()
		if err != nil {
			return err
		}
		if bytes.HasPrefix(l, []byte("* ")) && bytes.Contains(l, []byte(" FETCH ")) {
			rd.fetches++
		}
		if bytes.HasPrefix(l, []byte(tag+" ")) {
			if !bytes.HasPrefix(l[len(tag)+1:], []byte("OK")) {
				return fmt.Errorf("server said %q", bytes.TrimSpace(l))
			}
			return nil
		}
	}
}

// GoIMAPFetch is the second floor: plain go-imap v2 issuing the same UID
// FETCH and reading every header literal. With parallel set it uses one
// connection per folder, all at once; otherwise one connection in turn.
func GoIMAPFetch(ctx context.Context, s Server, parallel bool) (FloorResult, error) {
	start := time.Now()
	var res FloorResult
	groups := [][]string{s.Folders}
	if parallel {
		groups = nil
		for _, f := range s.Folders {
			groups = append(groups, []string{f})
		}
	}
	var mu sync.Mutex
	var wg sync.WaitGroup
	var firstErr error
	for _, g := range groups {
		wg.Add(1)
		go func() {
			defer wg.Done()
			n, b, err := goimapFolders(s, g)
			mu.Lock()
			defer mu.Unlock()
			res.Messages += n
			res.Bytes += b
			if err != nil && firstErr == nil {
				firstErr = err
			}
		}()
	}
	wg.Wait()
	res.Wall = time.Since(start)
	return res, firstErr
}

func goimapFolders(s Server, folders []string) (int, int64, error) {
	c, err := imapclient.DialInsecure(s.Addr, nil)
	if err != nil {
		return 0, 0, fmt.Errorf("go-imap floor: %w", err)
	}
	defer c.Close()
	if err := c.Login(s.User, s.Password).Wait(); err != nil {
		return 0, 0, fmt.Errorf("go-imap floor: login: %w", err)
	}
	var n int
	var size int64
	sec := &imap.FetchItemBodySection{Specifier: imap.PartSpecifierHeader, Peek: true, HeaderFields: s.Fields}
	for _, f := range folders {
		if _, err := c.Select(f, &imap.SelectOptions{ReadOnly: true}).Wait(); err != nil {
			return n, size, fmt.Errorf("go-imap floor: examine %q: %w", f, err)
		}
		cmd := c.Fetch(imap.UIDSet{{Start: 1, Stop: 0}}, &imap.FetchOptions{UID: true, InternalDate: true,
			BodySection: []*imap.FetchItemBodySection{sec}})
		for m := cmd.Next(); m != nil; m = cmd.Next() {
			n++
			for it := m.Next(); it != nil; it = m.Next() {
				if bs, ok := it.(imapclient.FetchItemDataBodySection); ok && bs.Literal != nil {
					k, _ := io.Copy(io.Discard, bs.Literal)
					size += k
				}
			}
		}
		if err := cmd.Close(); err != nil {
			return n, size, fmt.Errorf("go-imap floor: fetch %q: %w", f, err)
		}
	}
	_ = c.Logout().Wait()
	return n, size, nil
}
