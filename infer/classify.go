package infer

import (
	"bufio"
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"math"
	"strings"
	"time"

	"github.com/emersion/go-message/textproto"
	"github.com/tend-dev/tend/model"
)

// maxAhead is how far a Date may lie after INTERNALDATE before it counts
// as absurd.
const maxAhead = 48 * time.Hour

// Classify turns one message's header block into tend's conclusion about
// it. It returns an error only when neither a usable Date header nor an
// INTERNALDATE exists; callers log and skip such messages.
func (c *Classifier) Classify(m model.HeaderMessage) (model.Message, error) {
	sc := scratches.Get().(*scratch)
	h := parseHeader(m.Header, sc.fields)
	addrs := sc.addrs[:0]
	defer func() {
		// Keep no strings of this message alive.
		clear(h.fields)
		clear(addrs)
		if cap(h.fields) <= 256 && cap(addrs) <= 256 {
			sc.fields, sc.addrs = h.fields[:0], addrs[:0]
			scratches.Put(sc)
		}
	}()
	p := &headers{h: c.fields.index(h)}
	th := &p.h
	// The address lists share one array: they are read and dropped here.
	list := func(id field) []model.Address {
		start := len(addrs)
		addrs = appendAddresses(addrs, th.get(id), c.dec)
		return addrs[start:len(addrs):len(addrs)]
	}
	p.from = list(fFrom)
	p.sender = list(fSender)
	p.replyTo = list(fReplyTo)
	p.to = list(fTo)
	p.cc = list(fCc)
	p.bcc = list(fBcc)
	p.subject = strings.TrimSpace(decodeName(validUTF8(th.get(fSubject)), c.dec))
	switch {
	case len(p.from) > 0:
		p.senderAddr = p.from[0].Email
	case len(p.sender) > 0:
		p.senderAddr = p.sender[0].Email
	}
	p.outbound = p.senderAddr != "" && c.IsSelf(p.senderAddr)

	at, fallback, err := messageDate(th.get(fDate), m.InternalDate)
	if err != nil {
		return model.Message{}, err
	}
	msg := model.Message{
		Key:          messageKey(th),
		At:           at,
		DateFallback: fallback,
		From:         p.senderAddr,
	}
	msg.ThreadKey = threadKey(th, msg.Key)
	if c.keepSubjects {
		msg.Subject = p.subject
	}
	if cl, reason := c.noise(p); cl != "" {
		msg.Class, msg.Reason = cl, reason
		return msg, nil
	}
	if p.outbound {
		c.outbound(p, &msg)
	} else {
		c.inbound(p, &msg)
	}
	return msg, nil
}

// outbound applies rule 5 to a message the user sent.
func (c *Classifier) outbound(p *headers, msg *model.Message) {
	var buf [DefaultMaxRecipients + 1]model.Address
	people := dedupe(buf[:0], [][]model.Address{p.to, p.cc, p.bcc}, func(e string) bool {
		return c.IsSelf(e) || isRobot(e)
	}, c.maxRecipients)
	n := len(people)
	switch {
	case n == 0:
		msg.Class, msg.Reason = model.Self, "no recipient other than you or robots"
		return
	case n > c.maxRecipients:
		msg.Class, msg.Reason = model.Mass, "sent to more than the maximum number of recipients"
		return
	}
	msg.Class = model.Personal
	w := 1 / math.Sqrt(float64(n))
	msg.Interactions = make([]model.Interaction, 0, n)
	for _, a := range people {
		msg.Interactions = append(msg.Interactions, model.Interaction{
			Email: a.Email, Name: a.Name, Direction: model.Outbound, Channel: model.Email,
			At: msg.At, Weight: w, Recipients: n,
		})
	}
}

// inbound applies rule 6 to a message the user received.
func (c *Classifier) inbound(p *headers, msg *model.Message) {
	if p.senderAddr == "" {
		msg.Class, msg.Reason = model.Automated, "no sender address"
		return
	}
	toUser := false
	for _, l := range [...][]model.Address{p.to, p.cc} {
		for _, a := range l {
			toUser = toUser || c.IsSelf(a.Email)
		}
	}
	var buf [DefaultMaxRecipients + 1]model.Address
	n := len(dedupe(buf[:0], [][]model.Address{p.to, p.cc}, nil, c.maxRecipients))
	switch {
	case !toUser:
		msg.Class, msg.Reason = model.Indirect, "not addressed to you (list, group alias or Bcc)"
		return
	case n > c.maxRecipients:
		msg.Class, msg.Reason = model.Mass, "addressed to more than the maximum number of recipients"
		return
	}
	others := dedupe(buf[:0], [][]model.Address{p.from[:min(1, len(p.from))], p.to, p.cc}, c.IsSelf, -1)
	w := 1.0
	if n > 3 {
		w = 1 / math.Sqrt(float64(n))
	}
	sender := model.Address{Email: p.senderAddr}
	if len(p.from) > 0 {
		sender = p.from[0]
	} else if len(p.sender) > 0 {
		sender = p.sender[0]
	}
	msg.Class = model.Personal
	msg.Interactions = []model.Interaction{{
		Email: sender.Email, Name: sender.Name, Direction: model.Inbound, Channel: model.Email,
		At: msg.At, Weight: w, Recipients: max(1, len(others)),
	}}
}

// readHeader parses a raw header block. A block go-message rejects (a line
// without a colon, a bad field name, a leading continuation line) is parsed
// again without the offending lines, so one bad line costs only itself.
// Classify reads blocks with parseHeader, which answers the same faster;
// the evidence readers, which need a go-message header, use this.
func readHeader(b []byte) textproto.Header {
	th, err := textproto.ReadHeader(blockReader(b))
	if err == nil {
		return th
	}
	th, _ = textproto.ReadHeader(blockReader(sanitizeHeader(b)))
	return th
}

// blockReader reads b through a buffer no larger than b needs (the default
// 4 KiB buffer would be most of a typical header block's allocations).
func blockReader(b []byte) *bufio.Reader {
	return bufio.NewReaderSize(bytes.NewReader(b), min(len(b)+1, 4096))
}

// sanitizeHeader keeps the lines of b that are well-formed fields or
// continuations of one, up to the first empty line, and ends the block.
func sanitizeHeader(b []byte) []byte {
	var out []byte
	kept := false
	for _, line := range bytes.Split(b, []byte("\n")) {
		line = bytes.TrimRight(line, "\r")
		if len(bytes.TrimSpace(line)) == 0 {
			if len(line) == 0 {
				break
			}
			continue
		}
		switch {
		case line[0] == ' ' || line[0] == '\t':
			if !kept {
				continue
			}
		case !validFieldLine(line):
			kept = false
			continue
		}
		kept = true
		out = append(append(out, line...), '\r', '\n')
	}
	return append(out, '\r', '\n')
}

// validFieldLine reports whether line starts with a field name and colon.
func validFieldLine(line []byte) bool {
	i := bytes.IndexByte(line, ':')
	if i <= 0 {
		return false
	}
	for _, c := range bytes.TrimRight(line[:i], " \t") {
		if c <= ' ' || c >= 0x7f || c == ':' {
			return false
		}
	}
	return true
}

// messageDate picks the message's date: the Date header when usable, else
// INTERNALDATE (fallback true).
func messageDate(raw string, internal time.Time) (time.Time, bool, error) {
	d, err := parseDate(raw)
	minDate := time.Date(1980, 1, 1, 0, 0, 0, 0, time.UTC) // earliest Date tend believes
	usable := err == nil && !d.Before(minDate) &&
		(internal.IsZero() || !d.After(internal.Add(maxAhead)))
	if usable {
		return d.UTC(), false, nil
	}
	if !internal.IsZero() {
		return internal.UTC(), true, nil
	}
	if strings.TrimSpace(raw) == "" {
		return time.Time{}, false, errors.New("no date header and no INTERNALDATE")
	}
	if err == nil {
		return time.Time{}, false, errors.New("date header before 1980 and no INTERNALDATE")
	}
	return time.Time{}, false, errors.New("unparsable date header and no INTERNALDATE")
}

// messageKey returns the Message-ID without brackets and whitespace, or
// "h:" plus a hash of Date, From, To, Cc and Subject when it is missing.
func messageKey(h *fieldIndex) string {
	if id := firstMsgID(h.get(fMessageID)); id != "" {
		return id
	}
	sum := sha256.New()
	for _, k := range []field{fDate, fFrom, fTo, fCc, fSubject} {
		sum.Write([]byte(h.get(k)))
		sum.Write([]byte{0})
	}
	return "h:" + hex.EncodeToString(sum.Sum(nil))[:32]
}

// threadKey returns the first References id, else the first In-Reply-To
// id, else key.
func threadKey(h *fieldIndex, key string) string {
	for _, k := range []field{fReferences, fInReplyTo} {
		if id := firstMsgID(h.get(k)); id != "" {
			return id
		}
	}
	return key
}

// firstMsgID returns the first message id of v: the contents of the first
// non-empty "<...>" with whitespace removed, or, when there is none, the
// whole value with whitespace removed and brackets trimmed; "" when empty.
func firstMsgID(v string) string {
	for {
		i := strings.IndexByte(v, '<')
		if i < 0 {
			break
		}
		j := strings.IndexByte(v[i:], '>')
		if j < 0 {
			v = v[i+1:]
			break
		}
		if id := stripSpace(v[i+1 : i+j]); id != "" {
			return id
		}
		v = v[i+j+1:]
	}
	return stripSpace(strings.Trim(v, "<>"))
}

// stripSpace returns s, read as UTF-8, without its whitespace.
func stripSpace(s string) string {
	plain := true
	for i := 0; i < len(s) && plain; i++ {
		plain = '!' <= s[i] && s[i] <= '~'
	}
	if plain {
		return s
	}
	return strings.Join(strings.Fields(validUTF8(s)), "")
}
