package meetings

import (
	"strings"

	"github.com/tend-dev/tend/model"
)

// participants is who an event involves, as the rules see it.
type participants struct {
	people       []model.Attendee // other people who did not decline, each once
	selfIn       bool             // the user organizes it or attends without declining
	selfDeclined bool             // the user's own attendance says declined
}

// people applies rule 3 and works out the user's part (rule 4).
func (r *Rules) people(ev model.Event) participants {
	var p participants
	seen := map[string]bool{}
	org := ev.Organizer
	org.Email = normEmail(org.Email)
	orgSelf := org.Self || (org.Email != "" && r.isSelf(org.Email))
	if orgSelf {
		p.selfIn = true
	}
	for _, a := range ev.Attendees {
		a.Email = normEmail(a.Email)
		if a.Self || (a.Email != "" && r.isSelf(a.Email)) {
			if strings.EqualFold(a.PartStat, model.PartDeclined) {
				p.selfDeclined = true
			} else {
				p.selfIn = true
			}
			continue
		}
		if a.Email == "" || seen[a.Email] || !isPerson(a) {
			continue
		}
		seen[a.Email] = true
		if strings.EqualFold(a.PartStat, model.PartDeclined) {
			continue // was invited, did not come: no contact
		}
		if a.Name == "" && a.Email == org.Email {
			a.Name = org.Name
		}
		p.people = append(p.people, a)
	}
	// The organizer takes part unless listed as declining above.
	if !orgSelf && org.Email != "" && !seen[org.Email] && isPerson(org) {
		p.people = append(p.people, org)
	}
	if p.selfDeclined {
		// Declining wins, even over organizing: the user is not going.
		p.selfIn = false
	}
	return p
}

// isPerson reports whether an attendee is a person: not a room, resource or
// group (by CUTYPE, or by the calendar system's address for them).
func isPerson(a model.Attendee) bool {
	switch strings.ToLower(a.Kind) {
	case model.KindRoom, model.KindResource, model.KindGroup:
		return false
	}
	at := strings.LastIndexByte(a.Email, '@')
	if at < 0 {
		return false
	}
	domain := a.Email[at+1:]
	for _, d := range []string{"resource.calendar.google.com", "group.calendar.google.com",
		"group.v.calendar.google.com", "import.calendar.google.com"} {
		if domain == d {
			return false
		}
	}
	return true
}

// normEmail lowercases an address and drops a "mailto:" prefix.
func normEmail(s string) string {
	s = strings.TrimSpace(s)
	if len(s) >= 7 && strings.EqualFold(s[:7], "mailto:") {
		s = s[7:]
	}
	return strings.ToLower(strings.TrimSpace(s))
}
