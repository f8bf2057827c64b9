// Package vcard reads address-book entries: vCard 2.1, 3.0 and 4.0 as
// Google Contacts, Outlook and Apple Contacts export them, from a local
// .vcf file (kind "vcard", read whole on each sync, with a content-hash
// cursor) and for the CardDAV provider. Each card gives a name, every
// email address (one person), the organisation, birthdays and anniversaries
// as moments (year-less forms too), and the note only when asked for.
package vcard

import (
	"crypto/sha256"
	"encoding/hex"
	"io"
	"mime/quotedprintable"
	"strings"
	"time"

	govcard "github.com/emersion/go-vcard"

	"github.com/tend-dev/tend/model"
)

// Moment kinds.
const (
	Birthday    = "birthday"
	Anniversary = "anniversary"
)

// Convert turns a decoded vCard into a model.Card with the given id. The
// note is kept only when includeNotes is set.
func Convert(c govcard.Card, id string, includeNotes bool) model.Card {
	out := model.Card{ID: id, Name: name(c), Org: org(c)}
	for _, f := range c[govcard.FieldEmail] {
		e := strings.ToLower(strings.TrimSpace(strings.TrimPrefix(text(f), "mailto:")))
		if strings.Contains(e, "@") && !contains(out.Emails, e) {
			out.Emails = append(out.Emails, e)
		}
	}
	out.Moments = moments(c)
	if includeNotes {
		var notes []string
		for _, f := range c[govcard.FieldNote] {
			if n := strings.TrimSpace(text(f)); n != "" {
				notes = append(notes, n)
			}
		}
		out.Note = strings.Join(notes, "\n")
	}
	if f := c.Get(govcard.FieldRevision); f != nil {
		out.Updated = parseRev(f.Value)
	}
	return out
}

// ID is a card's stable id in a file: its UID, or a hash of its name and
// addresses when it has none.
func ID(c govcard.Card) string {
	if uid := strings.TrimSpace(c.Value(govcard.FieldUID)); uid != "" {
		return uid
	}
	h := sha256.New()
	io.WriteString(h, name(c))
	for _, e := range c.Values(govcard.FieldEmail) {
		io.WriteString(h, "\x00"+strings.ToLower(strings.TrimSpace(e)))
	}
	return "h:" + hex.EncodeToString(h.Sum(nil)[:12])
}

// text is a field's value, quoted-printable decoded where vCard 2.1 says so.
func text(f *govcard.Field) string {
	v := f.Value
	if strings.EqualFold(f.Params.Get("ENCODING"), "QUOTED-PRINTABLE") {
		if b, err := io.ReadAll(quotedprintable.NewReader(strings.NewReader(v))); err == nil {
			v = string(b)
		}
	}
	return strings.TrimSpace(v)
}

func name(c govcard.Card) string {
	if f := c.Preferred(govcard.FieldFormattedName); f != nil {
		if n := text(f); n != "" {
			return n
		}
	}
	f := c.Get(govcard.FieldName)
	if f == nil {
		return ""
	}
	parts := strings.Split(text(f), ";")
	get := func(i int) string {
		if i < len(parts) {
			return strings.TrimSpace(parts[i])
		}
		return ""
	}
	// N is Family;Given;Additional;Prefix;Suffix.
	return strings.Join(strings.Fields(strings.Join([]string{get(3), get(1), get(2), get(0), get(4)}, " ")), " ")
}

func org(c govcard.Card) string {
	f := c.Preferred(govcard.FieldOrganization)
	if f == nil {
		return ""
	}
	o, _, _ := strings.Cut(text(f), ";") // organisation;unit;unit
	return strings.TrimSpace(o)
}

func contains(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}

func parseRev(v string) time.Time {
	v = strings.TrimSpace(v)
	for _, layout := range []string{time.RFC3339, "20060102T150405Z", "2006-01-02T15:04:05", "20060102T150405", "2006-01-02", "20060102"} {
		if t, err := time.Parse(layout, v); err == nil {
			return t.UTC()
		}
	}
	return time.Time{}
}
