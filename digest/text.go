package digest

import (
	"fmt"
	"strings"
)

// RenderText renders the plain-text digest: people to reach out to (each with
// company, why, last meeting and note), job changes, upcoming birthdays,
// accounts at risk, this week's pick and a one-line summary, in that order.
// Empty sections are left out. Lines end in "\n"; user data is put on one
// line each (control characters and line breaks become spaces).
func RenderText(d Digest) string {
	v := newView(d)
	var b strings.Builder
	section := func(title string) {
		if b.Len() > 0 {
			b.WriteString("\n")
		}
		b.WriteString(title + "\n\n")
	}
	if len(v.ReachOut) > 0 {
		section("PEOPLE TO REACH OUT TO")
		for i, p := range v.ReachOut {
			if i > 0 {
				b.WriteString("\n")
			}
			writePerson(&b, fmt.Sprintf("%d. ", i+1), p)
		}
	}
	if len(v.JobChanges) > 0 {
		section("JOB CHANGES")
		for _, j := range v.JobChanges {
			line := "- " + person(j.Name, j.Email) + ": " + j.Change
			if j.Seen != "" {
				line += " (" + j.Seen + ")"
			}
			b.WriteString(line + "\n")
			if j.Evidence != "" {
				b.WriteString("  Evidence: " + j.Evidence + "\n")
			}
		}
	}
	if len(v.Birthdays) > 0 {
		section("UPCOMING BIRTHDAYS")
		for _, bd := range v.Birthdays {
			b.WriteString("- " + person(bd.Name, bd.Email) + ": " + bd.What + "\n")
		}
	}
	if len(v.AtRisk) > 0 {
		section("ACCOUNTS AT RISK")
		for _, r := range v.AtRisk {
			line := "- " + r.Company
			if r.Why != "" {
				line += ": " + r.Why
			}
			b.WriteString(line + "\n")
			if r.People != "" {
				b.WriteString("  People: " + r.People + "\n")
			}
		}
	}
	if v.Pick != nil {
		section("THIS WEEK'S PICK")
		writePerson(&b, "", *v.Pick)
	}
	if v.Summary != "" {
		if b.Len() > 0 {
			b.WriteString("\n")
		}
		b.WriteString(v.Summary + "\n")
	}
	return b.String()
}

// writePerson writes one person block: a head line, then why, last meeting
// and note lines indented under it.
func writePerson(b *strings.Builder, prefix string, p personView) {
	head := prefix + person(p.Name, p.Email)
	if p.Company != "" {
		head += " · " + p.Company
	}
	b.WriteString(head + "\n")
	indent := strings.Repeat(" ", len(prefix))
	if indent == "" {
		indent = "  "
	}
	for i, why := range p.Why {
		label := "Why: "
		if i > 0 {
			label = "Also: "
		}
		b.WriteString(indent + label + why + "\n")
	}
	if p.Meeting != "" {
		b.WriteString(indent + "Last meeting: " + p.Meeting + "\n")
	}
	if p.Note != "" {
		b.WriteString(indent + "Note: " + p.Note + "\n")
	}
}

// person is "Name <email>", or just the address when there is no name.
func person(name, email string) string {
	if email == "" || name == email {
		return name
	}
	return name + " <" + email + ">"
}
