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
	out, err := p.responses(c.batchBufs.Get(), c.folder, max(afterUID+1, a), b)
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

	scratch []byte                 // an atom or a date being read; reused
	zones   map[int]*time.Location // INTERNALDATE offsets met so far
}

// responses reads until the command's tagged status and returns out with
// the messages with a UID in [lo, hi] that came with a header section (a
// FETCH without one is unsolicited, e.g. flags another client changed)
// appended. A NO or BAD is an error quoting the server.
func (p *rawParser) responses(out []model.HeaderMessage, folder string, lo, hi uint32) ([]model.HeaderMessage, error) {
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
		word, err := p.atomBytes()
		if err != nil {
			return nil, err
		}
		if n, err := strconv.ParseUint(string(word), 10, 32); err == nil {
			if err := p.expect(' '); err != nil {
				return nil, err
			}
			kind, err := p.atomBytes()
			if err != nil {
				return nil, err
			}
			switch {
			case bytes.EqualFold(kind, []byte("FETCH")):
				m, body, err := p.fetch(folder, n)
				if err != nil {
					return nil, err
				}
				if body && m.UID >= lo && m.UID <= hi {
					out = append(out, m)
				}
				continue
			case bytes.EqualFold(kind, []byte("EXISTS")):
				select {
				case p.newMail <- struct{}{}:
				default: // a signal is already pending
				}
			}
		} else if bytes.EqualFold(word, []byte("BYE")) {
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
		name, err := p.atomBytes()
		if err != nil {
			return m, err
		}
		switch {
		case bytes.EqualFold(name, []byte("UID")):
			if err := p.expect(' '); err != nil {
				return m, err
			}
			v, err := p.atomBytes()
			if err != nil {
				return m, err
			}
			uid, err := strconv.ParseUint(string(v), 10, 32)
			if err != nil {
				return m, fmt.Errorf("%w: message %d: UID %q", errRawProtocol, seq, clip(string(v)))
			}
			m.UID = uint32(uid)
		case bytes.EqualFold(name, []byte("INTERNALDATE")):
			if err := p.expect(' '); err != nil {
				return m, err
			}
			if m.InternalDate, err = p.internalDate(); err != nil {
				return m, err
			}
		case bytes.EqualFold(name, []byte("BODY")):
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
// bytes (the rest of a literal is read through, never held). A literal is
// read straight into the string's own memory: a header was copied twice
// on its way to Classify, once here and once into a string.
func (p *rawParser) nstring(max int) (string, error) {
	c, err := p.br.ReadByte()
	if err != nil {
		return "", err
	}
	switch c {
	case '"':
		b, err := p.quoted(nil, max)
		return string(b), err
	case '{', '~':
		if c == '~' {
			if err := p.expect('{'); err != nil {
				return "", err
			}
		}
		n, err := p.literalSize()
		if err != nil {
			return "", err
		}
		keep := int(min(n, int64(max)))
		var sb strings.Builder
		sb.Grow(keep)
		for sb.Len() < keep {
			buf, err := p.peekSome()
			if err == io.EOF {
				err = io.ErrUnexpectedEOF
			}
			if err != nil {
				return "", err
			}
			buf = buf[:min(len(buf), keep-sb.Len())]
			sb.Write(buf)
			p.br.Discard(len(buf))
		}
		for rest := n - int64(keep); rest > 0; {
			k, err := p.br.Discard(int(min(rest, 1<<30)))
			rest -= int64(k)
			if err != nil {
				return "", err
			}
		}
		return sb.String(), nil
	case 'N', 'n':
		p.br.UnreadByte()
		a, err := p.atom()
		if err != nil {
			return "", err
		}
		if strings.EqualFold(a, "NIL") {
			return "", nil
		}
		return "", fmt.Errorf("%w: %q where a string was expected", errRawProtocol, clip(a))
	}
	return "", fmt.Errorf("%w: %q where a string was expected", errRawProtocol, c)
}

// literalSize reads "n}" or "n+}" and the CRLF after it.
func (p *rawParser) literalSize() (int64, error) {
	digits, err := p.br.ReadSlice('}')
	if err != nil || len(digits) > 22 {
		return 0, fmt.Errorf("%w: bad literal", errRawProtocol)
	}
	d := bytes.TrimSuffix(digits[:len(digits)-1], []byte("+"))
	n, err := strconv.ParseUint(string(d), 10, 63)
	if err != nil {
		return 0, fmt.Errorf("%w: bad literal size %q", errRawProtocol, clip(string(d)))
	}
	return int64(n), p.endOfLine()
}

// quoted reads the rest of a quoted string (the opening quote is read),
// appending at most max of its bytes to dst.
func (p *rawParser) quoted(dst []byte, max int) ([]byte, error) {
	for {
		buf, err := p.peekSome()
		if err != nil {
			return nil, err
		}
		i := 0
		for i < len(buf) && !quotedStop[buf[i]] {
			i++
		}
		if room := max - len(dst); room > 0 {
			dst = append(dst, buf[:min(i, room)]...)
		}
		p.br.Discard(i)
		if i == len(buf) {
			continue
		}
		c, _ := p.br.ReadByte()
		switch c {
		case '"':
			return dst, nil
		case '\\':
			if c, err = p.br.ReadByte(); err != nil {
				return nil, err
			}
			if len(dst) < max {
				dst = append(dst, c)
			}
		default: // '\r', '\n'
			return nil, fmt.Errorf("%w: line break in a quoted string", errRawProtocol)
		}
	}
}

// quotedStop marks the bytes that end a quoted string's plain run.
var quotedStop = [256]bool{'"': true, '\\': true, '\r': true, '\n': true}

// peekSome returns the buffered input, reading more when there is none;
// the bytes are valid until the next read.
func (p *rawParser) peekSome() ([]byte, error) {
	if p.br.Buffered() == 0 {
		if _, err := p.br.Peek(1); err != nil {
			return nil, err
		}
	}
	return p.br.Peek(p.br.Buffered())
}

// internalDate reads INTERNALDATE's value. An unreadable date is the zero
// time (it is only a fallback for a message without a Date field).
func (p *rawParser) internalDate() (time.Time, error) {
	c, err := p.br.ReadByte()
	if err != nil {
		return time.Time{}, err
	}
	if c != '"' {
		p.br.UnreadByte()
		v, err := p.nstring(1 << 10)
		if err != nil {
			return time.Time{}, err
		}
		t, _ := time.Parse(internalDateLayout, v)
		return t, nil
	}
	if p.scratch, err = p.quoted(p.scratch[:0], 1<<10); err != nil {
		return time.Time{}, err
	}
	if t, ok := p.fastInternalDate(p.scratch); ok {
		return t, nil
	}
	t, _ := time.Parse(internalDateLayout, string(p.scratch))
	return t, nil
}

const internalDateLayout = "_2-Jan-2006 15:04:05 -0700"

// fastInternalDate parses the usual form of an INTERNALDATE
// ("dd-Mon-yyyy hh:mm:ss +zzzz", the day possibly space-padded) as
// time.Parse parses it with internalDateLayout, location included, but
// without allocating for an offset met before. Any other form is left to
// time.Parse (ok false).
func (p *rawParser) fastInternalDate(b []byte) (t time.Time, ok bool) {
	if len(b) != 26 || b[2] != '-' || b[6] != '-' || b[11] != ' ' || b[14] != ':' || b[17] != ':' || b[20] != ' ' {
		return time.Time{}, false
	}
	day, ok1 := digits2(b[0], b[1], true)
	year1, ok2 := digits2(b[7], b[8], false)
	year2, ok3 := digits2(b[9], b[10], false)
	hour, ok4 := digits2(b[12], b[13], false)
	minute, ok5 := digits2(b[15], b[16], false)
	sec, ok6 := digits2(b[18], b[19], false)
	oh, ok7 := digits2(b[22], b[23], false)
	om, ok8 := digits2(b[24], b[25], false)
	month := monthOf(b[3:6])
	if !(ok1 && ok2 && ok3 && ok4 && ok5 && ok6 && ok7 && ok8) || month == 0 || (b[21] != '+' && b[21] != '-') ||
		day < 1 || day > daysIn(month, year1*100+year2) || hour > 23 || minute > 59 || sec > 59 || oh > 23 || om > 59 {
		return time.Time{}, false
	}
	offset := (oh*60 + om) * 60
	if b[21] == '-' {
		offset = -offset
	}
	t = time.Date(year1*100+year2, month, day, hour, minute, sec, 0, time.UTC).Add(-time.Duration(offset) * time.Second)
	// Like time.Parse: the local zone when its offset then is the same,
	// otherwise a fixed zone without a name.
	if _, local := t.In(time.Local).Zone(); local == offset {
		return t.In(time.Local), true
	}
	loc := p.zones[offset]
	if loc == nil {
		if p.zones == nil {
			p.zones = map[int]*time.Location{}
		}
		loc = time.FixedZone("", offset)
		p.zones[offset] = loc
	}
	return t.In(loc), true
}

// digits2 reads two decimal digits; a leading space stands for 0 when
// space is set.
func digits2(a, b byte, space bool) (int, bool) {
	if space && a == ' ' {
		a = '0'
	}
	if a < '0' || a > '9' || b < '0' || b > '9' {
		return 0, false
	}
	return int(a-'0')*10 + int(b-'0'), true
}

// monthOf reads a month's English abbreviation as time.Parse does (in any
// case), 0 when it is none.
func monthOf(b []byte) time.Month {
	var low [3]byte
	for i, c := range b[:3] {
		low[i] = c | 0x20 // ASCII letters to lower case; others stay no month
	}
	switch string(low[:]) {
	case "jan":
		return time.January
	case "feb":
		return time.February
	case "mar":
		return time.March
	case "apr":
		return time.April
	case "may":
		return time.May
	case "jun":
		return time.June
	case "jul":
		return time.July
	case "aug":
		return time.August
	case "sep":
		return time.September
	case "oct":
		return time.October
	case "nov":
		return time.November
	case "dec":
		return time.December
	}
	return 0
}

// daysIn is the number of days of month in year.
func daysIn(month time.Month, year int) int {
	switch month {
	case time.February:
		if year%4 == 0 && (year%100 != 0 || year%400 == 0) {
			return 29
		}
		return 28
	case time.April, time.June, time.September, time.November:
		return 30
	}
	return 31
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
		_, err := p.quoted(nil, 0)
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
	b, err := p.atomBytes()
	return string(b), err
}

// atomBytes is atom read into the parser's scratch buffer: the bytes are
// valid until its next use.
func (p *rawParser) atomBytes() ([]byte, error) {
	b := p.scratch[:0]
	for {
		buf, err := p.peekSome()
		if err != nil {
			return nil, err
		}
		i := 0
		for i < len(buf) && !atomStop[buf[i]] {
			i++
		}
		if len(b)+i > 1<<10 {
			return nil, fmt.Errorf("%w: atom too long", errRawProtocol)
		}
		b = append(b, buf[:i]...)
		p.br.Discard(i)
		p.scratch = b
		if i < len(buf) {
			if len(b) == 0 {
				return nil, fmt.Errorf("%w: %q where an atom was expected", errRawProtocol, buf[i])
			}
			return b, nil
		}
	}
}

// atomStop marks the bytes that end an atom.
var atomStop = [256]bool{' ': true, '(': true, ')': true, '[': true, ']': true, '\r': true, '\n': true, '{': true, '"': true}

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
