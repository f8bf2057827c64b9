package demo

import (
	"cmp"
	"slices"
	"strings"
	"time"

	"github.com/emersion/go-imap/v2"
)

// malformedDate is the one broken Date header; its INTERNALDATE is right.
const malformedDate = "Tue, 32 Foo 2025 25:61:00 +9999"

// placeFolders files every draft, sets flags, breaks one Date header and
// copies a few archived messages to Trash.
func (g *gen) placeFolders() {
	// The latest message from the first active contact gets a malformed Date.
	for _, p := range g.people {
		if p.kind != KindActive {
			continue
		}
		var last *draft
		for _, d := range g.drafts {
			if d.personal && d.from.email == p.email && (last == nil || d.date.After(last.date)) {
				last = d
			}
		}
		if last != nil {
			last.rawDate = malformedDate
		}
		break
	}
	var archived []*draft
	for _, d := range g.drafts {
		switch {
		case d.folder != "":
		case d.from.email == g.user.email:
			d.folder = FolderSent
		case g.now.Sub(d.arrival) < 45*24*time.Hour:
			d.folder = FolderInbox
		default:
			d.folder = FolderArchive
		}
		switch {
		case d.folder == FolderJunk:
		case d.folder == FolderInbox && g.now.Sub(d.arrival) < 3*24*time.Hour && g.rng.IntN(2) == 0:
			// unread
		default:
			d.flags = []imap.Flag{imap.FlagSeen}
		}
		if d.folder == FolderArchive && d.personal && d.rawDate == "" {
			archived = append(archived, d)
		}
	}
	if len(archived) == 0 {
		return
	}
	for _, i := range g.rng.Perm(len(archived))[:min(3, len(archived))] {
		c := *archived[i]
		c.folder, c.trashCopy, c.flags = FolderTrash, true, []imap.Flag{imap.FlagSeen}
		g.drafts = append(g.drafts, &c)
	}
}

// truth counts what was planted, by the rules documented on Truth.
func (g *gen) truth() []Truth {
	var out []Truth
	idx := map[string]int{}
	for _, p := range g.people {
		idx[p.email] = len(out)
		out = append(out, Truth{Name: p.name, Email: p.email, Company: p.company, Kind: p.kind})
	}
	for _, s := range append(robotSenders(), listPosters()...) {
		idx[strings.ToLower(s.email)] = len(out)
		out = append(out, Truth{Name: s.name, Email: strings.ToLower(s.email), Company: companyOf(s.email), Kind: s.kind})
	}
	touch := func(email string, at time.Time, sent bool) {
		i, ok := idx[strings.ToLower(email)]
		if !ok {
			return
		}
		t := &out[i]
		if sent {
			t.Sent++
		} else {
			t.Received++
		}
		if at.After(t.LastContact) {
			t.LastContact = at.UTC()
		}
	}
	for _, d := range g.drafts {
		if !d.personal || d.trashCopy || d.folder == FolderJunk || d.folder == FolderTrash {
			continue
		}
		if d.from.email == g.user.email {
			for _, a := range append(append([]addr(nil), d.to...), d.cc...) {
				touch(a.email, d.at(), true)
			}
			continue
		}
		if hasAddr(d.to, g.user.email) || hasAddr(d.cc, g.user.email) {
			touch(d.from.email, d.at(), false)
		}
	}
	slices.SortFunc(out, func(a, b Truth) int { return cmp.Compare(a.Email, b.Email) })
	return out
}

// companyOf returns the registrable domain of a noise sender, good enough for
// the fixed cast ("mx.lumen.example" -> "lumen.example").
func companyOf(email string) string {
	d := domainOf(email)
	parts := 0
	for i := len(d) - 1; i >= 0; i-- {
		if d[i] == '.' {
			parts++
			if parts == 2 {
				return d[i+1:]
			}
		}
	}
	return d
}
