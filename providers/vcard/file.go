package vcard

import (
	"bufio"
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"strings"

	govcard "github.com/emersion/go-vcard"

	"github.com/tend-dev/tend/model"
)

// ErrNoEmail marks a card skipped because it has no email address.
var ErrNoEmail = errors.New("no email address")

// maxSize bounds what is read from a file.
const maxSize = 64 << 20

// Parse reads every card of a .vcf stream. A card that cannot be read, or
// that holds no email address (nothing to match it with), is reported in
// skipped and left out; the others are kept.
func Parse(r io.Reader, includeNotes bool) (cards []model.Card, skipped []error) {
	seen := map[string]int{}
	for i, chunk := range split(r) {
		c, err := govcard.NewDecoder(bytes.NewReader(chunk)).Decode()
		if err != nil {
			skipped = append(skipped, fmt.Errorf("card %d: %w", i+1, err))
			continue
		}
		id := ID(c)
		card := Convert(c, id, includeNotes)
		if len(card.Emails) == 0 {
			skipped = append(skipped, fmt.Errorf("card %d (%s): %w", i+1, card.Name, ErrNoEmail))
			continue
		}
		if n := seen[id]; n > 0 {
			card.ID = fmt.Sprintf("%s#%d", id, n) // two cards with one UID stay two cards
		}
		seen[id]++
		cards = append(cards, card)
	}
	return cards, skipped
}

// split cuts a stream into BEGIN:VCARD … END:VCARD chunks, so one broken
// card does not stop the others. Folded lines stay with their card.
func split(r io.Reader) [][]byte {
	var out [][]byte
	var cur []byte
	in := false
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 64<<10), maxSize)
	var qp []byte // a quoted-printable line continued with a soft break
	for sc.Scan() {
		line := sc.Bytes()
		if qp != nil {
			line = append(qp, line...)
			qp = nil
		}
		if isQP(line) && bytes.HasSuffix(line, []byte("=")) {
			qp = append([]byte(nil), line[:len(line)-1]...)
			continue
		}
		line = normalizeParams(line)
		t := strings.ToUpper(strings.TrimSpace(string(line)))
		if t == "BEGIN:VCARD" {
			in, cur = true, nil
		}
		if in {
			cur = append(cur, line...)
			cur = append(cur, '\r', '\n')
		}
		if in && t == "END:VCARD" {
			out = append(out, cur)
			in = false
		}
	}
	return out
}

// Options configure a File source.
type Options struct {
	Path         string
	IncludeNotes bool
	Logger       *slog.Logger // nil: discard
}

// File is a local .vcf address book, read whole on each sync. It is safe
// for concurrent use.
type File struct{ o Options }

// NewFile returns a File for opts.
func NewFile(opts Options) *File {
	if opts.Logger == nil {
		opts.Logger = slog.New(slog.DiscardHandler)
	}
	return &File{o: opts}
}

// AddressBooks returns the file as one address book.
func (f *File) AddressBooks(context.Context) ([]model.Collection, error) {
	return []model.Collection{{ID: f.o.Path, Name: filepath.Base(f.o.Path)}}, nil
}

// Cards reads the file. When its content (and the include_notes setting)
// is that of cursor it returns no change; otherwise every card, with Reset.
func (f *File) Cards(_ context.Context, book model.Collection, cursor string) (model.CardChanges, error) {
	fh, err := os.Open(f.o.Path)
	if err != nil {
		return model.CardChanges{}, fmt.Errorf("reading address book: %w", err)
	}
	defer fh.Close()
	data, err := io.ReadAll(io.LimitReader(fh, maxSize+1))
	if err != nil {
		return model.CardChanges{}, fmt.Errorf("reading address book: %w", err)
	}
	if len(data) > maxSize {
		return model.CardChanges{}, fmt.Errorf("reading address book %s: larger than %d MB", f.o.Path, maxSize>>20)
	}
	sum := sha256.Sum256(data)
	next := hex.EncodeToString(sum[:16])
	if f.o.IncludeNotes {
		next += "+notes"
	}
	if next == cursor {
		return model.CardChanges{Cursor: cursor}, nil
	}
	cards, skipped := Parse(bytes.NewReader(data), f.o.IncludeNotes)
	for _, s := range skipped {
		if errors.Is(s, ErrNoEmail) {
			f.o.Logger.Debug("skipping card", "book", book.ID, "why", s)
		} else {
			f.o.Logger.Warn("skipping unreadable card", "book", book.ID, "err", s)
		}
	}
	if len(cards) == 0 && len(skipped) == 0 {
		return model.CardChanges{}, fmt.Errorf("reading address book %s: no vCard found", f.o.Path)
	}
	return model.CardChanges{Cards: cards, Cursor: next, Reset: true}, nil
}

// isQP reports whether a property line is quoted-printable (vCard 2.1).
func isQP(line []byte) bool {
	head, _, ok := bytes.Cut(line, []byte(":"))
	return ok && bytes.Contains(bytes.ToUpper(head), []byte("QUOTED-PRINTABLE"))
}

// normalizeParams rewrites vCard 2.1 bare parameters ("EMAIL;PREF;INTERNET:")
// as named ones ("EMAIL;TYPE=PREF;TYPE=INTERNET:"), which go-vcard reads.
func normalizeParams(line []byte) []byte {
	if len(line) == 0 || line[0] == ' ' || line[0] == '\t' {
		return line // a folded continuation
	}
	head, value, ok := bytes.Cut(line, []byte(":"))
	if !ok || !bytes.Contains(head, []byte(";")) || bytes.Contains(head, []byte(`"`)) {
		return line
	}
	parts := bytes.Split(head, []byte(";"))
	for i := 1; i < len(parts); i++ {
		p := parts[i]
		if len(p) == 0 || bytes.Contains(p, []byte("=")) {
			continue
		}
		switch strings.ToUpper(string(p)) {
		case "QUOTED-PRINTABLE", "BASE64", "8BIT", "7BIT", "B":
			parts[i] = append([]byte("ENCODING="), p...)
		default:
			parts[i] = append([]byte("TYPE="), p...)
		}
	}
	out := bytes.Join(parts, []byte(";"))
	out = append(out, ':')
	return append(out, value...)
}
