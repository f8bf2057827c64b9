package demo

import (
	"time"
)

// personal generates every person-to-person thread, shaped by each
// correspondent's kind. Ages are in days before now.
func (g *gen) personal() {
	span := float64(g.span)
	for _, p := range g.people {
		switch p.kind {
		case KindActive:
			g.series(p, g.between(0.3, 1)*span, g.between(1, 12), g.between(12, 24))
		case KindColleague:
			g.series(p, span, g.between(0.3, 4), g.between(12, 20))
		case KindLapsed:
			g.series(p, span-g.between(0, 90), g.between(120, 300), g.between(12, 20))
		case KindDue:
			iv := pick(g, []float64{30, 91})
			g.series(p, span, iv*g.between(1.25, 1.5), iv)
		case KindPeriodic:
			iv := pick(g, []float64{30, 91})
			g.series(p, span, iv*g.between(0.2, 0.7), iv)
		case KindNew:
			first, last := g.between(12, 40), g.between(1, 6)
			g.series(p, first, last, (first-last)/2.5)
		case KindOneOff:
			g.thread(p, g.between(20, span-10), threadOneOff)
		case KindUnanswered:
			g.unanswered(p)
		case KindMovedFrom:
			g.series(p, span, g.between(180, 240), g.between(14, 20))
		case KindMovedTo:
			g.series(p, g.between(90, 130), g.between(3, 10), g.between(14, 20))
		case KindLeft:
			g.series(p, span, g.between(60, 120), g.between(25, 35))
			g.thread(p, g.between(15, 30), threadUserOnce)
		case KindCooling:
			g.series(p, span, 150, g.between(7, 10))
			g.thread(p, g.between(60, 80), threadNormal)
			g.thread(p, g.between(4, 10), threadNormal)
		case KindWaiting:
			g.series(p, span, g.between(35, 50), g.between(20, 30))
			g.thread(p, g.between(8, 15), threadOneOff)
		case KindBounced:
			if span > 430 {
				g.series(p, span, 400, g.between(15, 25))
			}
			g.thread(p, g.between(25, 60), threadUserOnce)
		}
	}
}

// series starts a thread with p about every interval days, from lastAgo back
// to startAgo.
func (g *gen) series(p *person, startAgo, lastAgo, interval float64) {
	for ago := lastAgo; ago <= startAgo; ago += g.jitter(interval) {
		g.thread(p, ago, threadNormal)
	}
}

// threadMode constrains the shape of a thread.
type threadMode int

const (
	threadNormal   threadMode = iota
	threadOneOff              // one message from the person, no reply
	threadUserOnce            // one message from the user, no reply
)

// thread adds one conversation with p starting about ago days before now and
// returns its messages.
func (g *gen) thread(p *person, ago float64, mode threadMode) []*draft {
	user, them := g.user, p.addr()
	var others []addr // further people on a group thread
	n, userFirst := 1, g.rng.IntN(2) == 0
	switch mode {
	case threadOneOff:
		userFirst = false
	case threadUserOnce:
		userFirst = true
	default:
		switch r := g.rng.IntN(100); {
		case r < 35:
			n = 1
		case r < 75:
			n = 2
		case r < 95:
			n = 3
		default:
			n = 4
		}
		if pool := g.groupPool(p); len(pool) > 0 && g.rng.IntN(100) < 15 {
			k := 1 + g.rng.IntN(min(3, len(pool)))
			for _, i := range g.rng.Perm(len(pool))[:k] {
				others = append(others, pool[i].addr())
			}
		}
	}
	first := them
	if userFirst {
		first = user
	}
	subject := pick(g, p.topics)
	t := g.day(ago, g.loc(first.email))
	var out []*draft
	var prev *draft
	var refs []string
	for i := range n {
		s := first
		if i > 0 {
			t = t.Add(time.Duration(15+g.rng.IntN(28*60)) * time.Minute)
			if t.After(g.now.Add(-5 * time.Minute)) {
				break
			}
			switch {
			case prev.from.email != user.email:
				s = user
			case len(others) > 0 && g.rng.IntN(100) < 30:
				s = pick(g, others)
			default:
				s = them
			}
		}
		to := user
		switch {
		case prev != nil:
			to = prev.from
		case s.email == user.email:
			to = them
		}
		var cc []addr
		for _, a := range append([]addr{user, them}, others...) {
			if a.email != s.email && a.email != to.email {
				cc = append(cc, a)
			}
		}
		d := &draft{from: s, to: []addr{to}, cc: cc, date: t.In(g.loc(s.email)),
			subject: subject, body: g.body(s, to, i > 0), personal: true}
		if prev != nil {
			d.subject = "Re: " + subject
			d.inReplyTo = prev.msgID
			d.refs = append([]string(nil), refs...)
		}
		g.add(d)
		refs = append(refs, d.msgID)
		prev = d
		out = append(out, d)
	}
	return out
}

// unanswered adds two messages from the user to p, weeks apart, never answered.
func (g *gen) unanswered(p *person) {
	ago := g.between(60, 200)
	first := g.thread(p, ago, threadUserOnce)[0]
	t := first.date.Add(time.Duration(g.between(14, 21)*24) * time.Hour)
	d := &draft{from: g.user, to: []addr{p.addr()}, date: t.In(userLoc()), subject: "Re: " + first.subject,
		inReplyTo: first.msgID, refs: []string{first.msgID}, personal: true,
		body: "Hi " + firstName(p.name) + ",\r\n\r\nJust bumping this up in case it got buried.\r\n\r\nSam\r\n"}
	g.add(d)
}

// groupPool returns who may be copied on a thread with p: the user's
// colleagues and p's active coworkers.
func (g *gen) groupPool(p *person) []*person {
	if p.company == "" || p.kind == KindOneOff {
		return nil
	}
	var pool []*person
	for _, q := range g.people {
		if q == p {
			continue
		}
		if q.kind == KindColleague || (q.company == p.company && q.kind == KindActive) {
			pool = append(pool, q)
		}
	}
	return pool
}

// loc returns the time zone of an address in the generated world.
func (g *gen) loc(email string) *time.Location {
	if p, ok := g.byEmail[email]; ok {
		return p.loc()
	}
	return userLoc()
}
