package vcard

import (
	"strconv"
	"strings"

	govcard "github.com/emersion/go-vcard"

	"github.com/tend-dev/tend/model"
)

// anniversaryFields are where exporters put an anniversary: vCard 4, and
// the extensions of Evolution/Android, Outlook and KAddressBook.
var anniversaryFields = []string{govcard.FieldAnniversary, "X-ANNIVERSARY", "X-MS-ANNIVERSARY", "X-EVOLUTION-ANNIVERSARY"}

// appleAnniversary is the label Apple Contacts gives an anniversary date
// (item1.X-ABDATE with item1.X-ABLabel).
const appleAnniversary = "_$!<anniversary>!$_"

// moments reads birthdays and anniversaries.
func moments(c govcard.Card) []model.Moment {
	var out []model.Moment
	add := func(kind string, f *govcard.Field) {
		if m, ok := parseMoment(kind, f); ok && !hasMoment(out, m) {
			out = append(out, m)
		}
	}
	for _, f := range c[govcard.FieldBirthday] {
		add(Birthday, f)
	}
	for _, k := range anniversaryFields {
		for _, f := range c[k] {
			add(Anniversary, f)
		}
	}
	for _, f := range c["X-ABDATE"] {
		if f.Group == "" {
			continue
		}
		for _, l := range c["X-ABLABEL"] {
			if strings.EqualFold(l.Group, f.Group) && strings.EqualFold(strings.TrimSpace(l.Value), appleAnniversary) {
				add(Anniversary, f)
			}
		}
	}
	return out
}

func hasMoment(list []model.Moment, m model.Moment) bool {
	for _, have := range list {
		if have.Kind == m.Kind && have.Month == m.Month && have.Day == m.Day {
			return true
		}
	}
	return false
}

// parseMoment reads a date: 1985-04-12, 19850412, --0412, --04-12, a
// date-time (the time is ignored), Apple's placeholder year with
// X-APPLE-OMIT-YEAR (or any year up to 1604) as unknown.
func parseMoment(kind string, f *govcard.Field) (model.Moment, bool) {
	v := strings.TrimSpace(f.Value)
	if i := strings.IndexAny(v, "Tt"); i > 0 {
		v = v[:i]
	}
	year := 0
	switch {
	case strings.HasPrefix(v, "--"):
		v = strings.ReplaceAll(v[2:], "-", "")
		if len(v) != 4 {
			return model.Moment{}, false
		}
	default:
		v = strings.ReplaceAll(v, "-", "")
		if len(v) != 8 {
			return model.Moment{}, false
		}
		y, err := strconv.Atoi(v[:4])
		if err != nil {
			return model.Moment{}, false
		}
		year, v = y, v[4:]
	}
	month, err1 := strconv.Atoi(v[:2])
	day, err2 := strconv.Atoi(v[2:4])
	if err1 != nil || err2 != nil || month < 1 || month > 12 || day < 1 || day > daysIn(month) {
		return model.Moment{}, false
	}
	if omit := f.Params.Get("X-APPLE-OMIT-YEAR"); omit != "" {
		if o, err := strconv.Atoi(omit); err == nil && o == year {
			year = 0
		}
	}
	if year <= 1604 {
		year = 0 // Apple's and others' "no year" placeholder
	}
	return model.Moment{Kind: kind, Month: month, Day: day, Year: year}, true
}

func daysIn(month int) int {
	switch month {
	case 2:
		return 29
	case 4, 6, 9, 11:
		return 30
	}
	return 31
}
