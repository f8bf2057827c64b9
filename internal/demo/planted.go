package demo

import (
	"slices"
	"strings"
	"time"
)

// Facts are what the generator planted beyond each address's Truth: who
// changed jobs and how the evidence arrives, which addresses belong to one
// person, which same-named people are different, which accounts are
// single-threaded, who is going cold and who waits on the user.
type Facts struct {
	JobChanges     []JobChange
	Aliases        [][]string // addresses of one person (a job changer's old and new address included)
	Distinct       [][]string // same display name, different people: must never be merged
	SingleThreaded []string   // company domains with exactly one live relationship, sorted
	GoingCold      []string   // addresses of relationships going cold, still active
	Waiting        []string   // addresses whose latest one-to-one message the user never answered
}

// JobChange is one planted move and the evidence a mailbox gives for it.
type JobChange struct {
	Name               string
	OldEmail, NewEmail string // NewEmail is "" when only the old address tells (bounce, auto-reply)
	OldCompany         string // registrable domain left
	NewCompany         string // registrable domain joined; "" when unknown
	Evidence           string // "new-domain", "bounce" or "auto-reply"
	At                 time.Time
}

// liveKind reports whether a kind is a relationship the user still has.
func liveKind(kind string) bool {
	switch kind {
	case KindActive, KindDue, KindPeriodic, KindNew, KindCooling, KindWaiting, KindMovedTo:
		return true
	}
	return false
}

// noLongerWith answers the user's latest message to the person who left with
// an auto-reply saying so, as Exchange and Google Workspace do once an
// account is turned into a responder.
func (g *gen) noLongerWith() {
	for _, p := range g.people {
		if p.kind != KindLeft {
			continue
		}
		last := g.lastFromUser(p.email)
		if last == nil {
			continue
		}
		company := companyName(p.company)
		g.add(&draft{from: p.addr(), to: []addr{g.user}, date: last.date.Add(45 * time.Second).In(p.loc()),
			subject:   "Automatic reply: " + p.name + " is no longer with " + company,
			inReplyTo: last.msgID, refs: []string{last.msgID},
			extra: [][2]string{{"Auto-Submitted", "auto-replied"}, {"X-Auto-Response-Suppress", "All"}},
			body: "Thank you for your message. " + p.name + " is no longer with " + company +
				". Please contact François Lefèvre at f.lefevre@soylent.example.\r\n"})
	}
}

// lastFromUser is the user's latest personal message to an address.
func (g *gen) lastFromUser(email string) *draft {
	var last *draft
	for _, d := range g.drafts {
		if d.personal && len(d.to) > 0 && d.from.email == g.user.email && d.to[0].email == email && (last == nil || d.date.After(last.date)) {
			last = d
		}
	}
	return last
}

// companyName is the display name of a demo domain ("soylent.example" -> "Soylent").
func companyName(domain string) string {
	label, _, _ := strings.Cut(domain, ".")
	words := strings.Split(label, "-")
	for i, w := range words {
		if w != "" {
			words[i] = strings.ToUpper(w[:1]) + w[1:]
		}
	}
	return strings.Join(words, " ")
}

// facts derives the planted Facts from the cast and the Truth.
func (g *gen) facts(truth []Truth) Facts {
	var f Facts
	byName := map[string][]*person{}
	for _, p := range g.people {
		byName[p.name] = append(byName[p.name], p)
	}
	tr := map[string]Truth{}
	for _, t := range truth {
		tr[t.Email] = t
	}
	for _, p := range g.people {
		switch p.kind {
		case KindMovedFrom:
			for _, q := range byName[p.name] {
				if q.kind == KindMovedTo {
					f.JobChanges = append(f.JobChanges, JobChange{Name: p.name, OldEmail: p.email, NewEmail: q.email,
						OldCompany: p.company, NewCompany: q.company, Evidence: "new-domain", At: g.firstPersonal(q.email)})
					f.Aliases = append(f.Aliases, []string{p.email, q.email})
				}
			}
		case KindBounced:
			f.JobChanges = append(f.JobChanges, JobChange{Name: p.name, OldEmail: p.email, OldCompany: p.company, Evidence: "bounce",
				At: tr[p.email].LastContact})
		case KindLeft:
			f.JobChanges = append(f.JobChanges, JobChange{Name: p.name, OldEmail: p.email, OldCompany: p.company, Evidence: "auto-reply",
				At: tr[p.email].LastContact})
		case KindCooling:
			f.GoingCold = append(f.GoingCold, p.email)
		case KindWaiting:
			f.Waiting = append(f.Waiting, p.email)
		}
	}
	for _, ps := range byName {
		if len(ps) < 2 || ps[0].kind == KindMovedFrom || ps[0].kind == KindMovedTo {
			continue
		}
		emails := []string{ps[0].email, ps[1].email}
		if ps[0].company != "" && ps[0].company == ps[1].company {
			f.Distinct = append(f.Distinct, emails)
		} else {
			f.Aliases = append(f.Aliases, emails)
		}
	}
	byFirst := func(a, b []string) int { return strings.Compare(a[0], b[0]) }
	slices.SortFunc(f.Aliases, byFirst)
	slices.SortFunc(f.Distinct, byFirst)
	live := map[string]int{}
	for _, p := range g.people {
		if p.company == "" || p.kind == KindColleague {
			continue
		}
		if _, ok := live[p.company]; !ok {
			live[p.company] = 0
		}
		if liveKind(p.kind) {
			live[p.company]++
		}
	}
	for c, n := range live {
		if n == 1 {
			f.SingleThreaded = append(f.SingleThreaded, c)
		}
	}
	slices.Sort(f.SingleThreaded)
	return f
}

// firstPersonal is the date of the first personal message with an address.
func (g *gen) firstPersonal(email string) time.Time {
	var first time.Time
	for _, d := range g.drafts {
		if !d.personal || (d.from.email != email && !hasAddr(d.to, email) && !hasAddr(d.cc, email)) {
			continue
		}
		if first.IsZero() || d.at().Before(first) {
			first = d.at().UTC()
		}
	}
	return first
}
