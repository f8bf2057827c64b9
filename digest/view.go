package digest

import (
	"fmt"
	"strings"
	"time"
)

// view is a digest with every value cleaned and formatted, shared by the text
// and HTML renderers so both say exactly the same thing.
type view struct {
	ReachOut   []personView
	JobChanges []jobView
	Birthdays  []birthdayView
	AtRisk     []riskView
	Pick       *personView
	Summary    string // empty when nothing is tracked
}

type personView struct {
	Name, Email, Company string
	Why                  []string // the scoring reason first, then the extra reasons
	Meeting              string   // `"Roadmap review" on 2026-08-20`; empty for none
	Note                 string
}

type jobView struct {
	Name, Email string
	Change      string // "Initech → Globex" or "now at Globex"
	Seen        string // "seen 2026-11-20"; empty when unknown
	Evidence    string
}

type birthdayView struct {
	Name, Email string
	What        string // "birthday on Thu 26 Nov (in 3 days)"
}

type riskView struct {
	Company, Why, People string
}

// dateLayout is how dates render in a digest.
const dateLayout = "2006-01-02"

// newView formats d. Dates render in d.Now's location.
func newView(d Digest) view {
	var v view
	loc := d.Now.Location()
	for _, e := range d.ReachOut {
		v.ReachOut = append(v.ReachOut, newPersonView(e, loc))
	}
	for _, j := range d.JobChanges {
		jv := jobView{Name: displayName(j.Name, j.Email), Email: clean(j.Email), Evidence: clean(j.Evidence)}
		from, to := clean(j.From), clean(j.To)
		switch {
		case from != "" && to != "":
			jv.Change = from + " → " + to
		case to != "":
			jv.Change = "now at " + to
		default:
			jv.Change = "left " + from
		}
		if !j.At.IsZero() {
			jv.Seen = "seen " + j.At.In(loc).Format(dateLayout)
		}
		v.JobChanges = append(v.JobChanges, jv)
	}
	for _, b := range d.Birthdays {
		v.Birthdays = append(v.Birthdays, birthdayView{
			Name: displayName(b.Name, b.Email), Email: clean(b.Email), What: birthdayText(b, d.Now),
		})
	}
	for _, r := range d.AtRisk {
		var people []string
		for _, p := range r.People {
			if p = clean(p); p != "" {
				people = append(people, p)
			}
		}
		v.AtRisk = append(v.AtRisk, riskView{
			Company: displayName(r.Company, ""), Why: clean(r.Why), People: strings.Join(people, ", "),
		})
	}
	if d.Pick != nil {
		p := newPersonView(*d.Pick, loc)
		v.Pick = &p
	}
	if s := d.Summary; s.Tracked > 0 {
		v.Summary = fmt.Sprintf("Tracking %s: %d active, %d due, %d lapsed.",
			plural(s.Tracked, "person", "people"), s.Active, s.Due, s.Lapsed)
	}
	return v
}

func newPersonView(e Entry, loc *time.Location) personView {
	r := e.Result
	p := personView{Name: displayName(r.Name, r.Email), Email: clean(r.Email), Company: clean(r.Company), Note: clean(e.Note)}
	for _, why := range append([]string{r.Reason}, e.Reasons...) {
		if why = clean(why); why != "" {
			p.Why = append(p.Why, why)
		}
	}
	title := clean(e.LastMeeting)
	switch {
	case title != "" && !e.LastMeetingAt.IsZero():
		p.Meeting = `"` + title + `" on ` + e.LastMeetingAt.In(loc).Format(dateLayout)
	case title != "":
		p.Meeting = `"` + title + `"`
	case !e.LastMeetingAt.IsZero():
		p.Meeting = e.LastMeetingAt.In(loc).Format(dateLayout)
	}
	return p
}

// birthdayText says what and when: "birthday on Thu 26 Nov (in 3 days)".
// The date of b.On is taken as written; "today" is now's date in now's
// location.
func birthdayText(b Birthday, now time.Time) string {
	kind := clean(b.Kind)
	if kind == "" {
		kind = "birthday"
	}
	y, m, dd := b.On.Date()
	on := time.Date(y, m, dd, 12, 0, 0, 0, time.UTC)
	ny, nm, nd := now.Date()
	today := time.Date(ny, nm, nd, 12, 0, 0, 0, time.UTC)
	days := int(on.Sub(today).Round(24*time.Hour) / (24 * time.Hour))
	when := on.Format("Mon 2 Jan")
	switch {
	case days == 0:
		return fmt.Sprintf("%s today (%s)", kind, when)
	case days == 1:
		return fmt.Sprintf("%s tomorrow (%s)", kind, when)
	case days > 1:
		return fmt.Sprintf("%s on %s (in %d days)", kind, when, days)
	default:
		return fmt.Sprintf("%s on %s", kind, when)
	}
}
