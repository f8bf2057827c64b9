package demo

import (
	"fmt"
	"strings"
	"time"
)

// bounce adds the one delivery status report: the user's last message to an
// address that no longer exists came back.
func (g *gen) bounce() {
	var sent *draft
	for _, d := range g.drafts {
		if len(d.to) == 0 {
			continue
		}
		if p, ok := g.byEmail[d.to[0].email]; ok && p.kind == KindBounced && d.from.email == g.user.email &&
			(sent == nil || d.date.After(sent.date)) {
			sent = d
		}
	}
	if sent == nil {
		return
	}
	rcpt := sent.to[0].email
	date := sent.date.Add(40 * time.Second).In(userLoc())
	boundary := fmt.Sprintf("%X.%d/mx.lumen.example", sent.date.Unix(), g.seq)
	var b strings.Builder
	w := func(lines ...string) {
		for _, l := range lines {
			b.WriteString(l + "\r\n")
		}
	}
	w("This is a MIME-encapsulated message.", "",
		"--"+boundary,
		"Content-Description: Notification",
		"Content-Type: text/plain; charset=us-ascii", "",
		"This is the mail system at host mx.lumen.example.", "",
		"I'm sorry to have to inform you that your message could not",
		"be delivered to one or more recipients.", "",
		"<"+rcpt+">: host mx."+domainOf(rcpt)+" said: 550 5.1.1 User unknown", "",
		"--"+boundary,
		"Content-Description: Delivery report",
		"Content-Type: message/delivery-status", "",
		"Reporting-MTA: dns; mx.lumen.example",
		"Arrival-Date: "+sent.date.Format(time.RFC1123Z), "",
		"Final-Recipient: rfc822; "+rcpt,
		"Original-Recipient: rfc822;"+rcpt,
		"Action: failed",
		"Status: 5.1.1",
		"Diagnostic-Code: smtp; 550 5.1.1 <"+rcpt+">: Recipient address rejected: User unknown", "",
		"--"+boundary,
		"Content-Description: Undelivered Message Headers",
		"Content-Type: text/rfc822-headers", "",
		"From: "+formatAddr(sent.from),
		"To: "+formatAddr(sent.to[0]),
		"Subject: "+sent.subject,
		"Message-ID: "+sent.msgID,
		"Date: "+sent.date.Format(time.RFC1123Z), "",
		"--"+boundary+"--")
	rs := robotSenders()
	mailer := rs[len(rs)-1]
	g.add(&draft{from: addr{name: mailer.name, email: mailer.email}, to: []addr{g.user}, date: date,
		subject: "Undelivered Mail Returned to Sender",
		extra:   [][2]string{{"Return-Path", "<>"}, {"Auto-Submitted", "auto-replied"}},
		multipart: "multipart/report; report-type=delivery-status;\r\n\tboundary=\"" + boundary + "\"\r\n\r\n" +
			b.String()})
}

// spam fills Junk with a few weeks of spam (Junk is auto-purged after 30 days).
func (g *gen) spam() {
	subjects := []string{"You have won a $500 gift card", "URGENT: verify your account", "Cheap meds online",
		"Re: your invoice #88231", "Crypto opportunity you can't miss"}
	for i, ago := 0, g.between(0.2, 2); ago < 30; i, ago = i+1, ago+g.jitter(1.5) {
		d := &draft{folder: FolderJunk, from: addr{name: "Customer Service", email: fmt.Sprintf("promo%d@deals-%d.example", i, g.rng.IntN(900)+100)},
			date: g.day(ago, time.UTC), subject: pick(g, subjects), body: "Click here to claim.\r\n"}
		if i%2 == 0 {
			d.toRaw = "undisclosed-recipients:;"
		} else {
			d.to = []addr{g.user}
		}
		g.add(d)
	}
}

// mass adds the user's one announcement to 20+ people. It counts for nobody,
// so it is sent recently, to lapsed contacts too.
func (g *gen) mass() {
	var to []addr
	for _, i := range g.rng.Perm(len(g.people)) {
		p := g.people[i]
		if p.kind != KindColleague && p.kind != KindBounced && p.kind != KindOneOff && len(to) < 24 {
			to = append(to, p.addr())
		}
	}
	for _, p := range g.people { // every lapsed contact gets it: the trap
		if p.kind == KindLapsed && !hasAddr(to, p.email) {
			to = append(to, p.addr())
		}
	}
	g.add(&draft{from: g.user, to: to, date: g.day(g.between(8, 20), userLoc()),
		subject: "Lumen 3.0 is live", body: "Hi all,\r\n\r\nWe just shipped Lumen 3.0. Would love your thoughts.\r\n\r\nSam\r\n"})
}

func hasAddr(as []addr, email string) bool {
	for _, a := range as {
		if a.email == email {
			return true
		}
	}
	return false
}
