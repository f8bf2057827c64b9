package demo

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
	"mime"
	netmail "net/mail"
	"strings"
	"testing"
	"time"

	"github.com/emersion/go-message"
	"github.com/emersion/go-message/mail"
	"github.com/emersion/go-message/textproto"
)

// testNow is the fixed "today" of the tests.
var testNow = time.Date(2026, 3, 10, 9, 30, 0, 0, time.UTC)

// seen is what the test, reading the raw messages itself, finds for one address.
type seen struct {
	name           string
	first, last    time.Time
	sent, received int
}

func parseHeader(t *testing.T, raw []byte) mail.Header {
	t.Helper()
	th, err := textproto.ReadHeader(bufio.NewReader(bytes.NewReader(raw)))
	if err != nil {
		t.Fatalf("reading header: %v\n%s", err, raw)
	}
	return mail.Header{Header: message.Header{Header: th}}
}

// singleByte decodes the two single-byte charsets the generator uses, so the
// test does not need go-message/charset (golang.org/x/text is not in go.sum).
func singleByte(charset string, r io.Reader) (io.Reader, error) {
	b, err := io.ReadAll(r)
	if err != nil {
		return nil, err
	}
	var sb strings.Builder
	for _, c := range b {
		switch {
		case strings.EqualFold(charset, "windows-1252") && c == 0x92:
			sb.WriteRune('’')
		case strings.EqualFold(charset, "windows-1252") || strings.EqualFold(charset, "iso-8859-1"):
			sb.WriteRune(rune(c))
		default:
			return nil, fmt.Errorf("unexpected charset %q", charset)
		}
	}
	return strings.NewReader(sb.String()), nil
}

func addrList(t *testing.T, h mail.Header, key string) []*netmail.Address {
	t.Helper()
	v := strings.ReplaceAll(h.Get(key), "\r\n", "")
	if v == "" || v == "undisclosed-recipients:;" {
		return nil
	}
	p := netmail.AddressParser{WordDecoder: &mime.WordDecoder{CharsetReader: singleByte}}
	as, err := p.ParseList(v)
	if err != nil {
		t.Fatalf("parsing %s %q: %v", key, v, err)
	}
	return as
}

// isNoise is the test's own, independent reading of tend's noise rules.
func isNoise(h mail.Header, from string) bool {
	for _, k := range []string{"List-Id", "List-Unsubscribe", "Precedence", "Auto-Submitted", "Feedback-ID", "X-MC-User"} {
		if h.Has(k) {
			return true
		}
	}
	if strings.HasPrefix(h.Get("Content-Type"), "multipart/report") {
		return true
	}
	local := from[:strings.IndexByte(from, '@')]
	return strings.Contains(local, "notification") || strings.Contains(local, "noreply") || local == "mailer-daemon"
}

// recount derives every person's contact history from the raw messages.
func recount(t *testing.T, mb *Mailbox) map[string]*seen {
	t.Helper()
	out := map[string]*seen{}
	get := func(a *netmail.Address) *seen {
		e := strings.ToLower(a.Address)
		if out[e] == nil {
			out[e] = &seen{name: a.Name}
		}
		return out[e]
	}
	record := func(s *seen, at time.Time) {
		if s.first.IsZero() || at.Before(s.first) {
			s.first = at
		}
		if at.After(s.last) {
			s.last = at
		}
	}
	ids := map[string]bool{}
	for _, m := range mb.Messages {
		if m.Folder == FolderTrash || m.Folder == FolderJunk {
			continue
		}
		h := parseHeader(t, m.Raw)
		id, err := h.MessageID()
		if err != nil || id == "" {
			t.Fatalf("message without Message-ID:\n%s", m.Raw)
		}
		if ids[id] {
			continue
		}
		ids[id] = true
		froms := addrList(t, h, "From")
		if len(froms) != 1 {
			t.Fatalf("want one From, got %v", froms)
		}
		from := strings.ToLower(froms[0].Address)
		if isNoise(h, from) {
			continue
		}
		at, err := h.Date()
		if err != nil {
			at = m.InternalDate
		}
		rcpts := append(addrList(t, h, "To"), addrList(t, h, "Cc")...)
		if from == mb.User {
			if len(rcpts) > 15 {
				continue // mass mail
			}
			for _, a := range rcpts {
				s := get(a)
				s.sent++
				record(s, at)
			}
			continue
		}
		for _, a := range rcpts {
			if strings.ToLower(a.Address) == mb.User {
				s := get(froms[0])
				s.received++
				record(s, at)
				break
			}
		}
	}
	return out
}

func TestTruthMatchesMessages(t *testing.T) {
	for _, seed := range []int64{1, 42} {
		mb := Generate(Options{Seed: seed, Now: testNow})
		got := recount(t, mb)
		truth := map[string]Truth{}
		for _, tr := range mb.Truth {
			truth[tr.Email] = tr
			s := got[tr.Email]
			if s == nil {
				s = &seen{}
			}
			if !s.last.Equal(tr.LastContact) || s.sent != tr.Sent || s.received != tr.Received {
				t.Errorf("seed %d %s (%s): truth last=%v sent=%d recv=%d, messages say last=%v sent=%d recv=%d",
					seed, tr.Email, tr.Kind, tr.LastContact, tr.Sent, tr.Received, s.last, s.sent, s.received)
			}
			if s.name != "" && s.name != tr.Name {
				t.Errorf("seed %d %s: decoded name %q, truth %q", seed, tr.Email, s.name, tr.Name)
			}
		}
		for e := range got {
			if _, ok := truth[e]; !ok {
				t.Errorf("seed %d: %s has personal messages but no Truth entry", seed, e)
			}
		}
	}
}
