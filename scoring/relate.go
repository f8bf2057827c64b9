package scoring

import (
	"cmp"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/tend-dev/tend/orgs"
)

// Relate adds to each result what depends on the other people, then settles
// their priority and summary again: one company display name per domain
// (the most common display-name suffix, else the domain's name); a
// departure reason for everyone still at a company someone left within
// MomentWindow ("Ben Okafor left Acme on 2026-01-02: who replaced them?");
// and account-coverage reasons (the only live contact at a single-threaded
// account; the strongest contact of an account gone quiet). Call it once
// over everyone scored at the same now, before Rank; calling it again gives
// the same result.
func Relate(rs []Result, now time.Time, p Params) {
	p = p.withDefaults()
	names := companyNames(rs)
	for i := range rs {
		r := &rs[i]
		if n, ok := names[r.CompanyDomain]; ok {
			r.Company = n
		}
		kept := make([]Reason, 0, len(r.Reasons))
		for _, x := range r.Reasons {
			if x.Kind != ReasonDeparture && x.Kind != ReasonAccount {
				kept = append(kept, x)
			}
		}
		r.Reasons = kept
	}
	byDomain := map[string][]int{}
	for i, r := range rs {
		if r.CompanyDomain != "" && !contains(r.Former, r.CompanyDomain) {
			byDomain[r.CompanyDomain] = append(byDomain[r.CompanyDomain], i)
		}
	}
	type leaver struct {
		idx  int
		at   time.Time
		text string
	}
	left := map[string][]leaver{}
	var domains []string
	for li, l := range rs {
		for _, m := range l.Moves {
			from := m.FromCompany
			if from == "" {
				from, _ = orgs.Company(m.FromEmail)
			}
			if from == "" || m.At.IsZero() || now.Sub(m.At) > p.MomentWindow || from == l.CompanyDomain && m.Kind == "new-domain" {
				continue
			}
			if left[from] == nil {
				domains = append(domains, from)
			}
			left[from] = append(left[from], leaver{li, m.At, nameOr(l.Name, l.Email) + " left " + companyDisplay(from, "") + " on " + m.At.UTC().Format(time.DateOnly)})
		}
	}
	for _, d := range domains { // one reason per person, naming up to two who left, latest first
		slices.SortFunc(left[d], func(a, b leaver) int {
			if c := b.at.Compare(a.at); c != 0 {
				return c
			}
			return cmp.Compare(a.text, b.text)
		})
		for _, i := range byDomain[d] {
			var texts []string
			for _, x := range left[d] {
				if x.idx != i {
					texts = append(texts, x.text)
				}
			}
			switch {
			case len(texts) == 0:
				continue
			case len(texts) > 2:
				texts = append(texts[:2], fmt.Sprintf("%d more", len(texts)-2))
			}
			rs[i].Reasons = append(rs[i].Reasons, Reason{ReasonDeparture, strings.Join(texts, ", ") + ": who replaced them?"})
		}
	}
	at := map[string]int{}
	for i, r := range rs {
		at[r.Email] = i
	}
	for _, a := range Accounts(rs, now, p) {
		var m Member
		var text string
		switch a.Risk {
		case RiskSingleThreaded:
			for _, x := range a.People {
				if x.live() {
					m = x
				}
			}
			text = fmt.Sprintf("your only live contact at %s: ask who else to know", a.Company)
		case RiskGoneQuiet:
			m, text = a.People[0], fmt.Sprintf("your strongest contact at %s, and nobody comparable there is live", a.Company)
		default:
			continue
		}
		if i, ok := at[m.Email]; ok {
			rs[i].Reasons = append(rs[i].Reasons, Reason{ReasonAccount, text})
		}
	}
	for i := range rs {
		rs[i].settle(now, p)
	}
}

// companyNames picks, per domain, the most common company name that people's
// display names announce (ties: the alphabetically first).
func companyNames(rs []Result) map[string]string {
	counts := map[string]map[string]int{}
	for _, r := range rs {
		if r.CompanyDomain == "" {
			continue
		}
		if n := CompanyFromName(r.Name, r.CompanyDomain); n != "" {
			if counts[r.CompanyDomain] == nil {
				counts[r.CompanyDomain] = map[string]int{}
			}
			counts[r.CompanyDomain][n]++
		}
	}
	out := map[string]string{}
	for d, c := range counts {
		best, bn := "", 0
		for n, k := range c {
			if k > bn || (k == bn && cmp.Less(n, best)) {
				best, bn = n, k
			}
		}
		out[d] = best
	}
	return out
}

func nameOr(name, email string) string {
	if name != "" {
		return name
	}
	return email
}
