package bench

import (
	"fmt"
	"mime"
	"strings"
	"time"
)

// next builds message i: personal mail both ways, threads, newsletters,
// robots, mass mail and list traffic, with odd encodings and dates, and
// records its effect on the ground truth.
func (g *gen) next(i int) Message {
	at := g.start.Add(time.Duration(g.r.Int64N(g.span)) * time.Second).Truncate(time.Second)
	internal := at.Add(time.Duration(g.r.IntN(900)) * time.Second)
	m := Message{InternalDate: internal, Flags: "S", Folder: FolderInbox}
	if at.Before(g.o.Now.AddDate(-1, 0, 0)) {
		m.Folder = FolderArchive
	}
	if g.r.IntN(10) == 0 {
		m.Flags = ""
	}
	id := fmt.Sprintf("b%d.%d@tend-bench.example", i, g.o.Seed)
	var h strings.Builder
	fmt.Fprintf(&h, "Return-Path: <%s>\r\nReceived: from mx%d.tend-bench.example by imap.tend-bench.example; %s\r\n",
		"bounce@tend-bench.example", i%7, internal.Format(time.RFC1123Z))
	// 2% have no Date: tend falls back to the arrival time.
	dated := g.r.IntN(50) != 0
	if dated {
		h.WriteString("Date: " + g.dateText(at) + "\r\n")
	} else {
		at = internal
	}
	me := "Me <" + g.o.Self + ">"
	switch k := g.r.IntN(100); {
	case k < 52: // personal, inbound
		pi := g.pick()
		p := g.people[pi]
		fmt.Fprintf(&h, "From: %s\r\nTo: %s\r\n", g.nameAddr(p), me)
		if g.r.IntN(4) == 0 {
			fmt.Fprintf(&h, "Cc: %s\r\n", g.nameAddr(g.people[g.pick()]))
		}
		g.thread(&h, pi, id, "Re: ")
		g.touch(p.email, at)
	case k < 74: // personal, outbound
		m.Folder = FolderSent
		n := 1 + g.r.IntN(3)
		var to []string
		first := g.pick()
		chosen := map[int]bool{}
		for j := 0; j < n; j++ {
			pi := first
			if j > 0 {
				pi = g.pick()
			}
			if chosen[pi] {
				continue // a person is counted once per message
			}
			chosen[pi] = true
			to = append(to, g.nameAddr(g.people[pi]))
			g.touch(g.people[pi].email, at)
		}
		fmt.Fprintf(&h, "From: %s\r\nTo: %s\r\n", me, strings.Join(to, ",\r\n "))
		g.thread(&h, first, id, "Re: ")
	case k < 86: // newsletter
		brand := fmt.Sprintf("news@brand%d.example", g.r.IntN(40))
		g.truth.NotCount[brand] = true
		fmt.Fprintf(&h, "From: Brand News <%s>\r\nTo: %s\r\nSubject: This week's offers\r\nMessage-ID: <%s>\r\n"+
			"List-Unsubscribe: <mailto:unsub@brand.example>\r\nList-Unsubscribe-Post: List-Unsubscribe=One-Click\r\n", brand, me, id)
	case k < 93: // robot
		robot := []string{"noreply@github.example", "notifications@jira.example", "no-reply@calendar.example", "alerts@bank.example"}[g.r.IntN(4)]
		g.truth.NotCount[robot] = true
		fmt.Fprintf(&h, "From: Notifier <%s>\r\nTo: %s\r\nSubject: [ticket-%d] updated\r\nMessage-ID: <%s>\r\n", robot, me, i, id)
	case k < 97: // mass mail: more than 15 recipients
		sender := fmt.Sprintf("all-hands%d@bigcorp.example", g.r.IntN(5))
		g.truth.NotCount[sender] = true
		var to []string
		for j := 0; j < 20; j++ {
			to = append(to, g.people[g.r.IntN(len(g.people))].email)
		}
		fmt.Fprintf(&h, "From: CEO <%s>\r\nTo: %s,\r\n %s\r\nSubject: Company update\r\nMessage-ID: <%s>\r\n", sender, me, strings.Join(to, ", "), id)
	default: // a list post that does not name the user: indirect
		poster := fmt.Sprintf("poster%d@community.example", g.r.IntN(30))
		g.truth.NotCount[poster] = true
		fmt.Fprintf(&h, "From: %s\r\nTo: team@lists.community.example\r\nSubject: Meetup\r\nMessage-ID: <%s>\r\n", poster, id)
	}
	h.WriteString("MIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n")
	body := 4 + g.r.IntN(30)
	for j := 0; j < body; j++ {
		h.WriteString("Lorem ipsum dolor sit amet, consectetur adipiscing elit, sed do eiusmod.\r\n")
	}
	m.Raw = []byte(h.String())
	return m
}

// pick draws a correspondent, a few of them far more often than the rest.
func (g *gen) pick() int { return int(g.zipf.Uint64()) }

// touch records personal contact with email at t.
func (g *gen) touch(email string, t time.Time) {
	g.truth.Personal++
	if t.After(g.truth.Last[email]) {
		g.truth.Last[email] = t
	}
}

// thread writes Subject, Message-ID and, for a reply, In-Reply-To and
// References to the person's previous message.
func (g *gen) thread(h *strings.Builder, pi int, id, re string) {
	prev, ok := g.lastID[pi]
	subj := []string{"Q3 pricing", "Intro", "Lunch next week?", "Contract draft", "Référence", "Café ☕ demain"}[g.r.IntN(6)]
	if ok && g.r.IntN(2) == 0 {
		fmt.Fprintf(h, "Subject: %s\r\nIn-Reply-To: <%s>\r\nReferences: <%s>\r\n", mime.QEncoding.Encode("utf-8", re+subj), prev, prev)
	} else {
		fmt.Fprintf(h, "Subject: %s\r\n", mime.BEncoding.Encode("utf-8", subj))
	}
	fmt.Fprintf(h, "Message-ID: <%s>\r\n", id)
	g.lastID[pi] = id
}

// nameAddr formats a person with one of the name encodings seen in the wild.
func (g *gen) nameAddr(p person) string {
	switch g.r.IntN(5) {
	case 0:
		return fmt.Sprintf("%s <%s>", mime.QEncoding.Encode("utf-8", p.name), p.email)
	case 1:
		return fmt.Sprintf("%s <%s>", mime.BEncoding.Encode("utf-8", p.name), p.email)
	case 2:
		return fmt.Sprintf("%q <%s>", p.name, p.email)
	case 3:
		return p.email
	default:
		return fmt.Sprintf("%s <%s>", p.name, strings.ToUpper(p.email[:1])+p.email[1:]) // raw 8-bit name, mixed case
	}
}

// dateText formats t as a Date header in one of the shapes mail clients use.
func (g *gen) dateText(t time.Time) string {
	zones := []int{0, 2 * 3600, -5 * 3600, 5*3600 + 1800, 9 * 3600}
	z := time.FixedZone("", zones[g.r.IntN(len(zones))])
	switch g.r.IntN(4) {
	case 0:
		return t.In(z).Format("Mon, 2 Jan 2006 15:04:05 -0700")
	case 1:
		return t.UTC().Format("2 Jan 2006 15:04:05 -0000 (UTC)")
	case 2:
		return t.In(z).Format("Mon, 02 Jan 2006 15:04:05 -0700")
	default:
		return t.UTC().Format("Mon, 2 Jan 2006 15:04:05 GMT")
	}
}
