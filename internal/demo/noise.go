package demo

import (
	"fmt"
	"time"
)

// noise adds everything that must create no contact: newsletters,
// notifications, a mailing list, an auto-reply, a bounce, spam, and the mass
// announcement.
func (g *gen) noise() {
	rs := robotSenders()
	user := []addr{g.user}
	span := float64(g.span)
	newsletter := func(s sender, every float64, subject string, headers func(i int) [][2]string) {
		for i, ago := 0, g.between(0.5, every); ago < span; i, ago = i+1, ago+every {
			g.add(&draft{from: addr{name: s.name, email: s.email}, to: user,
				date: g.day(ago, time.UTC), subject: fmt.Sprintf(subject, 300-i),
				extra: headers(i), body: "This week's issue.\r\nRead online: https://" + domainOf(s.email) + "/issues\r\n"})
		}
	}
	newsletter(rs[0], 7, "Go Weekly #%d", func(int) [][2]string {
		return [][2]string{{"List-Id", "Go Weekly <weekly.golangweekly.example>"},
			{"List-Unsubscribe", "<https://golangweekly.example/unsub/sam-7f3a>, <mailto:unsub@golangweekly.example>"},
			{"Precedence", "bulk"}}
	})
	newsletter(rs[1], 14, "Morning Brief: the week in tech (no. %d)", func(i int) [][2]string {
		return [][2]string{{"List-Unsubscribe", "<https://morningbrief.us1.list-manage.example/unsubscribe?u=8a1c>"},
			{"List-Unsubscribe-Post", "List-Unsubscribe=One-Click"},
			{"X-MC-User", "8a1c2b3d4e5f60718293a4b5c"},
			{"Feedback-ID", fmt.Sprintf("%d:8a1c2b:mailchimp", 4000+i)}}
	})
	newsletter(rs[2], 30, "Stratosphere letter %d: on pricing power", func(int) [][2]string {
		return [][2]string{{"Feedback-ID", "1.us-east-1.Zx9k2:AmazonSES"},
			{"List-Unsubscribe", "<https://stratosphere.example/u/sam>"}}
	})

	// GitHub notifications: a real-looking actor name on a robot address.
	actors := []string{"peter-gibbons", "lars-n", "dependabot[bot]", "maya-chen"}
	for i, ago := 0, g.between(0.2, 3); ago < span; i, ago = i+1, ago+g.jitter(10) {
		g.add(&draft{from: addr{name: pick(g, actors), email: rs[3].email},
			replyTo: []addr{{name: "lumen/api", email: fmt.Sprintf("reply+AB%06X@reply.github.com", g.rng.IntN(1<<24))}},
			to:      []addr{{name: "lumen/api", email: "api@noreply.github.com"}},
			cc:      []addr{g.user, {name: "Mention", email: "mention@noreply.github.com"}},
			date:    g.day(ago, time.UTC), subject: fmt.Sprintf("Re: [lumen/api] Fix retry backoff (PR #%d)", 100+i),
			extra: [][2]string{{"List-Id", "lumen/api <api.lumen.github.com>"},
				{"List-Unsubscribe", "<mailto:unsub+AB12@reply.github.com>"}, {"X-GitHub-Reason", "mention"}},
			body: "LGTM, merging.\r\n\r\n-- \r\nReply to this email directly or view it on GitHub.\r\n"})
	}
	for i, ago := 0, g.between(0.2, 5); ago < span; i, ago = i+1, ago+g.jitter(14) {
		g.add(&draft{from: addr{name: rs[4].name, email: rs[4].email}, to: user, date: g.day(ago, time.UTC),
			subject: fmt.Sprintf("[LUM-%d] Ana Kowalski commented on your issue", 200+i),
			body:    "New comment on an issue assigned to you.\r\n"})
	}
	for ago := g.between(1, 10); ago < span; ago += g.jitter(21) {
		g.add(&draft{from: addr{name: rs[5].name, email: rs[5].email},
			replyTo: []addr{{name: "Maya Chen", email: "maya.chen@lumen.example"}}, to: user, date: g.day(ago, userLoc()),
			subject: "Invitation: Quarterly planning", extra: [][2]string{{"Auto-Submitted", "auto-generated"}},
			body: "You have been invited to an event.\r\n"})
	}
	g.mailingList()
	g.outOfOffice()
	g.noLongerWith()
	g.bounce()
	g.spam()
	g.mass()
}

// mailingList adds a list the user reads, where people post; one of them is
// a lapsed contact whose recent posts must not count as contact.
func (g *gen) mailingList() {
	list := addr{name: "Bay Area Gophers", email: "gophers@lists.meetup.example"}
	posters := []addr{}
	for _, s := range listPosters() {
		posters = append(posters, addr{name: s.name, email: s.email})
	}
	if p, ok := g.byEmail["kenji@stark-industries.example"]; ok {
		posters = append(posters, p.addr())
	}
	topics := []string{"Meetup next month: call for talks", "Slides from last night", "Job: Go engineer in SF", "Generics tips"}
	var prev *draft
	for ago := g.between(0.5, 5); ago < float64(g.span); ago += g.jitter(14) {
		s := posters[g.rng.IntN(len(posters))]
		if ago < 60 {
			s = posters[len(posters)-1] // the lapsed contact posts recently
		}
		d := &draft{from: s, to: []addr{list}, date: g.day(ago, g.loc(s.email)), subject: pick(g, topics),
			extra: [][2]string{{"List-Id", "Bay Area Gophers <gophers.lists.meetup.example>"},
				{"List-Post", "<mailto:gophers@lists.meetup.example>"}, {"Precedence", "list"}},
			body: "Hi all,\r\n\r\nSee you there.\r\n"}
		if prev != nil && g.rng.IntN(3) == 0 {
			d.subject = "Re: " + prev.subject
		}
		prev = g.add(d)
	}
}

// outOfOffice answers the user's latest message to a lapsed contact with an
// auto-reply, later than any real contact with them.
func (g *gen) outOfOffice() {
	const who = "h.schmidt@acme-robotics.example"
	var last *draft
	for _, d := range g.drafts {
		if d.personal && len(d.to) > 0 && d.from.email == g.user.email && d.to[0].email == who && (last == nil || d.date.After(last.date)) {
			last = d
		}
	}
	if last == nil {
		return
	}
	p := g.byEmail[who]
	g.add(&draft{from: p.addr(), to: []addr{g.user}, date: last.date.Add(90 * time.Second).In(p.loc()),
		subject: "Automatic reply: " + last.subject, inReplyTo: last.msgID, refs: []string{last.msgID},
		extra: [][2]string{{"Auto-Submitted", "auto-replied"}, {"X-Auto-Response-Suppress", "All"}},
		body:  "I am out of the office with limited access to email. For urgent matters contact Tom Becker.\r\n"})
}

// domainOf returns the domain of an address.
func domainOf(email string) string {
	for i := len(email) - 1; i >= 0; i-- {
		if email[i] == '@' {
			return email[i+1:]
		}
	}
	return email
}
