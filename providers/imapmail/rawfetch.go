package imapmail

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/tend-dev/tend/model"
)

// The bulk header FETCH is read by tend's own parser: imapclient reads each
// response's echoed `BODY[HEADER.FIELDS (...)]` list, 38 field names long,
// a byte at a time with an allocation per name, which made up most of a
// sync's IMAP CPU (bench/: go-imap's client used 1.1 s of CPU for 100,000
// messages, a raw reader 0.07 s). Every other command stays imapclient's.

// errRawProtocol marks a response the raw reader could not parse; the
// connection is closed, since its position in the stream is lost.
var errRawProtocol = errors.New("malformed FETCH response")

// rawFetchRange is fetchRange over the tapped connection.
func (c *Client) rawFetchRange(ctx context.Context, a, b uint32, afterUID uint32) ([]model.HeaderMessage, error) {
	done := c.op(ctx)
	defer done()
	c.rawTags++
	tag := "tend" + strconv.Itoa(c.rawTags)
	cmd := fmt.Sprintf("%s UID FETCH %d:%d (UID INTERNALDATE BODY.PEEK[HEADER.FIELDS (%s)])\r\n",
		tag, a, b, strings.Join(c.opts.HeaderFields, " "))
	r := c.tap.open()
	if c.rawBuf == nil {
		c.rawBuf = bufio.NewReaderSize(r, 64<<10)
	}
	br := c.rawBuf
	br.Reset(r) // empty: the last FETCH gave back what it did not read
	if _, err := c.conn.Write([]byte(cmd)); err != nil {
		r.close(nil)
		c.cl.Close()
		return nil, fmt.Errorf("uid fetch %d:%d: %w", a, b, ctxErr(ctx, err))
	}
	p := rawParser{br: br, tag: tag, newMail: c.newMail}
	out, err := p.responses(c.folder, max(afterUID+1, a), b)
	if err != nil {
		r.close(nil)
		c.cl.Close() // the stream is at an unknown point: nothing more can be read from it
		return nil, fmt.Errorf("uid fetch %d:%d: %w", a, b, ctxErr(ctx, err))
	}
	unread, _ := br.Peek(br.Buffered())
	r.close(unread)
	slices.SortFunc(out, func(x, y model.HeaderMessage) int { return int(int64(x.UID) - int64(y.UID)) })
	c.log.Debug("imap fetched", "folder", c.folder, "range", fmt.Sprintf("%d:%d", a, b), "messages", len(out))
	return out, nil
}

// rawParser reads the responses to one tagged UID FETCH.
type rawParser struct {
	br      *bufio.Reader
	tag     string
	newMail chan<- struct{}
}

// responses reads until the command's tagged status and returns the
// messages with a UID in [lo, hi] that came with a header section (a FETCH
// without one is unsolicited, e.g. flags another client changed). A NO or
// BAD is an error quoting the server.
func (p *rawParser) responses(folder string, lo, hi uint32) ([]model.HeaderMessage, error) {
	var out []model.HeaderMessage
	for {
		first, err := p.br.Peek(1)
		if err != nil {
			return nil, err
		}
		if first[0] != '*' {
			return out, p.tagged()
		}
		p.br.Discard(1)
		if err := p.expect(' '); err != nil {
			return nil, err
		}
		word, err := p.atom()
		if err != nil {
			return nil, err
		}
		if n, convErr := strconv.ParseUint(word, 10, 32); convErr == nil {
			if err := p.expect(' '); err != nil {
				return nil, err
			}
			kind, err := p.atom()
			if err != nil {
				return nil, err
			}
			switch strings.ToUpper(kind) {
			case "FETCH":
				m, body, err := p.fetch(folder, n)
				if err != nil {
					return nil, err
				}
				if body && m.UID >= lo && m.UID <= hi {
					out = append(out, m)
				}
				continue
			case "EXISTS":
				select {
				case p.newMail <- struct{}{}:
				default: // a signal is already pending
				}
			}
		} else if strings.EqualFold(word, "BYE") {
			text, _ := p.restOfLine()
			return nil, fmt.Errorf("server closed the connection: %s", text)
		}
		if err := p.skipLine(); err != nil {
			return nil, err
		}
	}
}

// tagged reads the command's tagged status line.
func (p *rawParser) tagged() error {
	line, err := p.restOfLine()
	if err != nil {
		return err
	}
	tag, rest, _ := strings.Cut(line, " ")
	if tag != p.tag {
		return fmt.Errorf("%w: unexpected line %q", errRawProtocol, clip(line))
	}
	status, text, _ := strings.Cut(rest, " ")
	switch strings.ToUpper(status) {
	case "OK":
		return nil
	case "NO", "BAD":
		return fmt.Errorf("server said %s: %s", strings.ToUpper(status), clip(text))
	}
	return fmt.Errorf("%w: unexpected status %q", errRawProtocol, clip(line))
}

// fetch reads the item list of "* n FETCH (...)" after the FETCH keyword
// and reports whether it held a BODY section.
func (p *rawParser) fetch(folder string, seq uint64) (m model.HeaderMessage, body bool, err error) {
	m = model.HeaderMessage{Folder: folder}
	m, err = p.items(m, seq, &body)
	return m, body, err
}

func (p *rawParser) items(m model.HeaderMessage, seq uint64, body *bool) (model.HeaderMessage, error) {
	if err := p.expect(' '); err != nil {
		return m, err
	}
	if err := p.expect('('); err != nil {
		return m, err
	}
	for first := true; ; first = false {
		c, err := p.br.ReadByte()
		if err != nil {
			return m, err
		}
		if c == ')' {
			break
		}
		if !first {
			if c != ' ' {
				return m, fmt.Errorf("%w: message %d: expected a space between items", errRawProtocol, seq)
			}
		} else {
			p.br.UnreadByte()
		}
		name, err := p.atom()
		if err != nil {
			return m, err
		}
		switch strings.ToUpper(name) {
		case "UID":
			if err := p.expect(' '); err != nil {
				return m, err
			}
			v, err := p.atom()
			if err != nil {
				return m, err
			}
			uid, err := strconv.ParseUint(v, 10, 32)
			if err != nil {
				return m, fmt.Errorf("%w: message %d: UID %q", errRawProtocol, seq, clip(v))
			}
			m.UID = uint32(uid)
		case "INTERNALDATE":
			if err := p.expect(' '); err != nil {
				return m, err
			}
			v, err := p.nstring(1 << 10)
			if err != nil {
				return m, err
			}
			// Only a fallback for a missing Date: an unreadable one stays zero.
			m.InternalDate, _ = time.Parse("_2-Jan-2006 15:04:05 -0700", string(v))
		case "BODY":
			*body = true
			if err := p.section(); err != nil {
				return m, err
			}
			if err := p.expect(' '); err != nil {
				return m, err
			}
			if m.Header, err = p.nstring(maxHeaderBytes); err != nil {
				return m, fmt.Errorf("reading header of message %d: %w", seq, err)
			}
		default:
			if err := p.expect(' '); err != nil {
				return m, err
			}
			if err := p.skipValue(0); err != nil {
				return m, err
			}
		}
	}
	return m, p.endOfLine()
}

// section skips "[...]" (and a "<origin>"), quoted names included.
func (p *rawParser) section() error {
	if err := p.expect('['); err != nil {
		return err
	}
	quoted, escaped := false, false
	for {
		s, err := p.br.ReadSlice(']')
		if err != nil && !errors.Is(err, bufio.ErrBufferFull) {
			return err
		}
		if bytes.IndexByte(s, '\n') >= 0 || bytes.IndexByte(s, '\r') >= 0 {
			return fmt.Errorf("%w: line break in a section", errRawProtocol)
		}
		if quoted || bytes.IndexByte(s, '"') >= 0 {
			for _, c := range s {
				switch {
				case escaped:
					escaped = false
				case quoted && c == '\\':
					escaped = true
				case c == '"':
					quoted = !quoted
				}
			}
		}
		if err != nil || quoted { // no "]" yet, or one inside a quoted name
			continue
		}
		if b, err := p.br.Peek(1); err == nil && b[0] == '<' {
			if _, err := p.br.ReadSlice('>'); err != nil {
				return fmt.Errorf("%w: unterminated origin", errRawProtocol)
			}
		}
		return nil
	}
}

// nstring reads NIL, a quoted string or a literal, keeping at most max
// bytes (the rest of a literal is read through, never held).
func (p *rawParser) nstring(max int) ([]byte, error) {
	c, err := p.br.ReadByte()
	if err != nil {
		return nil, err
	}
	switch c {
	case '"':
		return p.quoted(max)
	case '{', '~':
		if c == '~' {
			if err := p.expect('{'); err != nil {
				return nil, err
			}
		}
		n, err := p.literalSize()
		if err != nil {
			return nil, err
		}
		keep := min(n, int64(max))
		b := make([]byte, keep)
		if _, err := io.ReadFull(p.br, b); err != nil {
			return nil, err
		}
		for rest := n - keep; rest > 0; {
			k, err := p.br.Discard(int(min(rest, 1<<30)))
			rest -= int64(k)
			if err != nil {
				return nil, err
			}
		}
		return b, nil
	case 'N', 'n':
		p.br.UnreadByte()
		a, err := p.atom()
		if err != nil {
			return nil, err
		}
		if strings.EqualFold(a, "NIL") {
			return nil, nil
		}
		return nil, fmt.Errorf("%w: %q where a string was expected", errRawProtocol, clip(a))
	}
	return nil, fmt.Errorf("%w: %q where a string was expected", errRawProtocol, c)
}

// literalSize reads "n}" or "n+}" and the CRLF after it.
func (p *rawParser) literalSize() (int64, error) {
	digits, err := p.br.ReadSlice('}')
	if err != nil || len(digits) > 22 {
		return 0, fmt.Errorf("%w: bad literal", errRawProtocol)
	}
	d := strings.TrimSuffix(strings.TrimSuffix(string(digits), "}"), "+")
	n, err := strconv.ParseInt(d, 10, 64)
	if err != nil || n < 0 {
		return 0, fmt.Errorf("%w: bad literal size %q", errRawProtocol, clip(d))
	}
	return n, p.endOfLine()
}

// quoted reads the rest of a quoted string (the opening quote is read).
func (p *rawParser) quoted(max int) ([]byte, error) {
	var b []byte
	for {
		c, err := p.br.ReadByte()
		if err != nil {
			return nil, err
		}
		switch c {
		case '"':
			return b, nil
		case '\\':
			if c, err = p.br.ReadByte(); err != nil {
				return nil, err
			}
		case '\r', '\n':
			return nil, fmt.Errorf("%w: line break in a quoted string", errRawProtocol)
		}
		if len(b) < max {
			b = append(b, c)
		}
	}
}

// skipValue skips one value: an atom or number, a quoted string, a literal
// or a parenthesised list of values.
func (p *rawParser) skipValue(depth int) error {
	if depth > 32 {
		return fmt.Errorf("%w: lists nested too deep", errRawProtocol)
	}
	c, err := p.br.ReadByte()
	if err != nil {
		return err
	}
	switch c {
	case '"':
		_, err := p.quoted(0)
		return err
	case '{', '~':
		p.br.UnreadByte()
		_, err := p.nstring(0)
		return err
	case '(':
		for first := true; ; first = false {
			c, err := p.br.ReadByte()
			if err != nil {
				return err
			}
			if c == ')' {
				return nil
			}
			if !first && c == ' ' {
				continue
			}
			p.br.UnreadByte()
			if err := p.skipValue(depth + 1); err != nil {
				return err
			}
		}
	}
	p.br.UnreadByte()
	_, err = p.atom()
	return err
}

// atom reads up to a space, a bracket, a parenthesis, a quote, a brace or
// the end of the line (at most 1 KiB); an empty atom is an error, so no
// loop over values can stall on a delimiter.
func (p *rawParser) atom() (string, error) {
	var b []byte
	for {
		c, err := p.br.ReadByte()
		if err != nil {
			return "", err
		}
		switch c {
		case ' ', '(', ')', '[', ']', '\r', '\n', '{', '"':
			p.br.UnreadByte()
			if len(b) == 0 {
				return "", fmt.Errorf("%w: %q where an atom was expected", errRawProtocol, c)
			}
			return string(b), nil
		}
		if len(b) >= 1<<10 {
			return "", fmt.Errorf("%w: atom too long", errRawProtocol)
		}
		b = append(b, c)
	}
}

func (p *rawParser) expect(want byte) error {
	c, err := p.br.ReadByte()
	if err != nil {
		return err
	}
	if c != want {
		return fmt.Errorf("%w: %q where %q was expected", errRawProtocol, c, want)
	}
	return nil
}

// endOfLine reads CRLF (or a bare LF).
func (p *rawParser) endOfLine() error {
	c, err := p.br.ReadByte()
	if err != nil {
		return err
	}
	if c == '\r' {
		if c, err = p.br.ReadByte(); err != nil {
			return err
		}
	}
	if c != '\n' {
		return fmt.Errorf("%w: %q where the line should end", errRawProtocol, c)
	}
	return nil
}

// skipLine reads through the end of an untagged response, literals
// included.
func (p *rawParser) skipLine() error {
	for {
		line, err := p.br.ReadSlice('\n')
		if errors.Is(err, bufio.ErrBufferFull) {
			continue // a long line: keep reading
		}
		if err != nil {
			return err
		}
		t := bytes.TrimRight(line, "\r\n")
		if !bytes.HasSuffix(t, []byte("}")) {
			return nil
		}
		open := bytes.LastIndexByte(t, '{')
		if open < 0 {
			return nil
		}
		n, err := strconv.ParseInt(strings.TrimSuffix(string(t[open+1:len(t)-1]), "+"), 10, 64)
		if err != nil || n < 0 {
			return nil // braces that are not a literal
		}
		for n > 0 {
			k, err := p.br.Discard(int(min(n, 1<<30)))
			n -= int64(k)
			if err != nil {
				return err
			}
		}
	}
}

// restOfLine reads the rest of a line (at most 4 KiB are kept).
func (p *rawParser) restOfLine() (string, error) {
	var b []byte
	for {
		line, err := p.br.ReadSlice('\n')
		if len(b) < 4<<10 {
			b = append(b, line[:min(len(line), 4<<10-len(b))]...)
		}
		if errors.Is(err, bufio.ErrBufferFull) {
			continue
		}
		if err != nil {
			return "", err
		}
		return strings.TrimRight(string(b), "\r\n"), nil
	}
}

// clip shortens server text quoted in an error.
func clip(s string) string {
	if len(s) > 200 {
		return s[:200] + "…"
	}
	return s
}

// rawFields reports whether every field name can be sent as an IMAP atom,
// as rawFetchRange writes them.
func rawFields(fields []string) bool {
	for _, f := range fields {
		if f == "" {
			return false
		}
		for i := 0; i < len(f); i++ {
			if c := f[i]; c <= ' ' || c >= 0x7f || strings.IndexByte(`(){%*"\]`, c) >= 0 {
				return false
			}
		}
	}
	return len(fields) > 0
}
