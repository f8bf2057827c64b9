package scoring

import (
	"cmp"
	"fmt"
	"slices"
	"time"
)

// Account risks.
const (
	RiskSingleThreaded = "single-threaded" // one live relationship only
	RiskGoneQuiet      = "gone-quiet"      // the strongest contact went quiet and nobody comparable is live
	RiskContactLeft    = "contact-left"    // the strongest contact left and nobody comparable is live
)

// Account is one organisation the user has relationships at.
type Account struct {
	Domain, Company string
	People          []Member // strongest first
	Live            int      // members who are candidates, still there, and active or due
	Risk            string   // "" when covered, else one of the Risk* constants
	Text            string   // one line on the risk; "" when covered
}

// Member is one person at an account.
type Member struct {
	Name, Email, Status string
	Score, Strength     float64
	Left                bool // they left this organisation (a Move)
	TwoWay              bool // mail went both ways, or you met
}

// live reports whether a member is a relationship the user still has there.
func (m Member) live() bool {
	return !m.Left && m.TwoWay && (m.Status == StatusActive || m.Status == StatusDue)
}

// Accounts groups the candidates by organisation (their current company and
// the ones they left), skipping free-mail and Params.OwnDomains, and judges
// coverage. A member is live when they are still there, the relationship is
// two-way and active or due. Single-threaded when exactly one member is live; gone quiet (or
// contact left) when the strongest member is not live and no live member
// has at least half their Strength. Risky accounts come first, then by the
// strongest member's Strength, then by domain.
func Accounts(rs []Result, now time.Time, p Params) []Account {
	p = p.withDefaults()
	idx := map[string]int{}
	var out []Account
	add := func(domain string, r Result, left bool) {
		if domain == "" || p.ownDomain(domain) {
			return
		}
		i, ok := idx[domain]
		if !ok {
			i = len(out)
			idx[domain] = i
			out = append(out, Account{Domain: domain, Company: companyDisplay(domain, "")})
		}
		a := &out[i]
		m := Member{Name: r.Name, Email: r.Email, Status: r.Status, Score: r.Score, Strength: r.Strength, Left: left, TwoWay: r.TwoWay}
		a.People = append(a.People, m)
		if m.live() {
			a.Live++
		}
		if !left && r.Company != "" {
			a.Company = r.Company
		}
	}
	for _, r := range rs {
		if !r.Candidate {
			continue
		}
		if !contains(r.Former, r.CompanyDomain) {
			add(r.CompanyDomain, r, false)
		}
		for _, d := range r.Former {
			add(d, r, true)
		}
	}
	for i := range out {
		judge(&out[i])
	}
	slices.SortStableFunc(out, func(a, b Account) int {
		if c := cmp.Compare(riskRank(a.Risk), riskRank(b.Risk)); c != 0 {
			return c
		}
		if c := cmp.Compare(b.People[0].Strength, a.People[0].Strength); c != 0 {
			return c
		}
		return cmp.Compare(a.Domain, b.Domain)
	})
	return out
}

// judge sorts an account's members and sets its risk.
func judge(a *Account) {
	slices.SortStableFunc(a.People, func(x, y Member) int {
		if c := cmp.Compare(y.Strength, x.Strength); c != 0 {
			return c
		}
		return cmp.Compare(x.Email, y.Email)
	})
	top := a.People[0]
	covered := false
	for _, m := range a.People {
		covered = covered || (m.live() && m.Strength >= top.Strength/2)
	}
	switch {
	case a.Live == 1:
		for _, m := range a.People {
			if m.live() {
				a.Risk, a.Text = RiskSingleThreaded, fmt.Sprintf("single-threaded: %s is your only live contact at %s", who(m), a.Company)
			}
		}
	case !covered && top.Left:
		a.Risk, a.Text = RiskContactLeft, fmt.Sprintf("%s, your strongest contact at %s, left; nobody comparable there is live", who(top), a.Company)
	case !covered:
		a.Risk, a.Text = RiskGoneQuiet, fmt.Sprintf("%s, your strongest contact at %s, is %s; nobody comparable there is live", who(top), a.Company, top.Status)
	}
}

func riskRank(risk string) int {
	switch risk {
	case RiskContactLeft:
		return 0
	case RiskGoneQuiet:
		return 1
	case RiskSingleThreaded:
		return 2
	}
	return 3
}

func who(m Member) string {
	if m.Name != "" {
		return m.Name
	}
	return m.Email
}
