package main

import (
	"cmp"
	"context"
	"fmt"
	"math"
	"slices"
	"strings"
	"time"

	"github.com/rivo/uniseg"

	"github.com/tend-dev/tend/orgs"
	"github.com/tend-dev/tend/scoring"
	"github.com/tend-dev/tend/store"
)

// page is a document rendered as aligned text or as Markdown.
type page struct {
	md bool
	b  strings.Builder
}

func (p *page) title(s string) {
	if p.md {
		fmt.Fprintf(&p.b, "# %s\n\n", mdEscape(s))
		return
	}
	fmt.Fprintf(&p.b, "%s\n%s\n\n", s, strings.Repeat("=", uniseg.StringWidth(s)))
}

func (p *page) section(s string) {
	if p.md {
		fmt.Fprintf(&p.b, "## %s\n\n", mdEscape(s))
		return
	}
	fmt.Fprintf(&p.b, "%s\n%s\n", s, strings.Repeat("-", uniseg.StringWidth(s)))
}

// fields writes label/value pairs; empty values are left out.
func (p *page) fields(kv [][2]string) {
	w := 0
	for _, f := range kv {
		w = max(w, uniseg.StringWidth(f[0]))
	}
	for _, f := range kv {
		switch {
		case f[1] == "":
		case p.md:
			fmt.Fprintf(&p.b, "- **%s:** %s\n", mdEscape(f[0]), mdEscape(f[1]))
		default:
			fmt.Fprintf(&p.b, "%s:%s %s\n", f[0], strings.Repeat(" ", w-uniseg.StringWidth(f[0])), f[1])
		}
	}
	p.b.WriteString("\n")
}

func (p *page) para(s string) { fmt.Fprintf(&p.b, "%s\n\n", s) }

// table writes rows under a header; an empty table writes "none".
func (p *page) table(head []string, rows [][]string) {
	if len(rows) == 0 {
		p.para("(none)")
		return
	}
	if p.md {
		fmt.Fprintf(&p.b, "| %s |\n|%s\n", strings.Join(head, " | "), strings.Repeat("---|", len(head)))
		for _, r := range rows {
			cells := make([]string, len(r))
			for i, c := range r {
				cells[i] = mdEscape(c)
			}
			fmt.Fprintf(&p.b, "| %s |\n", strings.Join(cells, " | "))
		}
		p.b.WriteString("\n")
		return
	}
	all := append([][]string{head}, rows...)
	widths := make([]int, len(head))
	for _, r := range all {
		for i, c := range r {
			widths[i] = max(widths[i], uniseg.StringWidth(c))
		}
	}
	for _, r := range all {
		var line strings.Builder
		for i, c := range r {
			line.WriteString(c)
			if i < len(r)-1 {
				line.WriteString(strings.Repeat(" ", widths[i]-uniseg.StringWidth(c)+2))
			}
		}
		p.b.WriteString("  " + strings.TrimRight(line.String(), " ") + "\n")
	}
	p.b.WriteString("\n")
}

// mdEscape keeps a cell's text from being read as Markdown table syntax or
// markup.
func mdEscape(s string) string {
	return strings.NewReplacer("|", `\|`, "\n", " ", "*", `\*`, "_", `\_`, "`", "\\`", "<", "&lt;", ">", "&gt;").Replace(s)
}

func date(t time.Time) string {
	if t.IsZero() {
		return "-"
	}
	return t.UTC().Format(time.DateOnly)
}

// personPage renders one person's history.
func (s *shower) personPage(ctx context.Context, who store.Person) (string, error) {
	h, err := s.history(ctx, who.ID)
	if err != nil {
		return "", fmt.Errorf("reading the index: %w", err)
	}
	h.ID = who.ID
	if h.Email == "" {
		h.Email, h.Emails, h.Name = who.Email, who.Emails, who.Name
	}
	r := scoring.Score(h, s.now, s.p)
	if i := slices.IndexFunc(s.rs, func(x scoring.Result) bool { return x.ID == who.ID }); i >= 0 {
		r = s.rs[i] // with what depends on others (departures, accounts)
	}
	pg := &page{md: s.md}
	pg.title(nameAddr(r.Name, r.Email))
	company := ""
	if r.Company != "" {
		company = fmt.Sprintf("%s (%s)", r.Company, r.CompanyDomain)
	}
	status := "no recorded contact"
	if r.Status != "" {
		status = fmt.Sprintf("%s: %.1fx a %d-day cadence (%s)", r.Status, r.Overdue, int(r.Cadence/day), r.CadenceSource)
	}
	last := ""
	if !r.LastContact.IsZero() {
		last = fmt.Sprintf("%s (%d days ago)", date(r.LastContact), r.DaysSince)
		if r.LastSubject != "" {
			last += fmt.Sprintf(", %q", r.LastSubject)
		}
	}
	snoozed := ""
	if r.SnoozedUntil.After(s.now) {
		snoozed = date(r.SnoozedUntil)
	}
	pg.fields([][2]string{
		{"Addresses", strings.Join(h.Emails, ", ")},
		{"Company", company},
		{"Formerly at", strings.Join(r.Former, ", ")},
		{"Status", status},
		{"Score", fmt.Sprintf("%.2f now; strength %.2f at the last contact", r.Score, r.Strength)},
		{"Last contact", last},
		{"Exchanges", fmt.Sprintf("%d sent, %d received, %d meetings", r.Sent, r.Received, r.Meetings)},
		{"Tier", h.Tier},
		{"Snoozed until", snoozed},
		{"Note", h.Note},
		{"Why now", r.Reason},
	})
	pg.section("Moves")
	var moves [][]string
	for _, m := range slices.Backward(h.Moves) {
		moves = append(moves, []string{date(m.At), m.Kind, orDash(m.FromEmail), orDash(m.ToEmail), orDash(m.Evidence)})
	}
	pg.table([]string{"DATE", "KIND", "FROM", "TO", "EVIDENCE"}, moves)

	pg.section("Score trend (end of each quarter)")
	pts := s.trend(h)
	top := 0.0
	for _, p := range pts {
		top = max(top, p.score)
	}
	var trend [][]string
	for _, p := range pts {
		bar := ""
		if top > 0 {
			bar = strings.Repeat("#", int(math.Round(p.score/top*20)))
		}
		row := []string{p.label, fmt.Sprintf("%.2f", p.score), p.status}
		if !s.md {
			row = append(row, bar)
		}
		trend = append(trend, row)
	}
	head := []string{"AT", "SCORE", "STATUS"}
	if !s.md {
		head = append(head, "")
	}
	pg.table(head, trend)

	entries, total, err := s.timeline(ctx, []int64{who.ID}, func(store.TimelineEntry) bool { return true })
	if err != nil {
		return "", err
	}
	pg.section(fmt.Sprintf("Timeline (newest first, %d of %d)", len(entries), total))
	var rows [][]string
	for _, e := range entries {
		row := []string{date(e.At), direction(e, s.now), string(e.Channel), orDash(e.Subject)}
		if len(h.Emails) > 1 {
			row = append(row, e.Email)
		}
		rows = append(rows, row)
	}
	head = []string{"DATE", "WHO", "CHANNEL", "SUBJECT"}
	if len(h.Emails) > 1 {
		head = append(head, "ADDRESS")
	}
	pg.table(head, rows)
	return pg.b.String(), nil
}

func nameAddr(name, email string) string {
	if name == "" {
		return email
	}
	return name + " <" + email + ">"
}

// companyPage renders an organisation: its people, coverage and timeline.
func (s *shower) companyPage(ctx context.Context, domain string) (string, error) {
	var people []scoring.Result
	for _, r := range s.rs {
		if r.CompanyDomain == domain || slices.Contains(r.Former, domain) {
			people = append(people, r)
		}
	}
	slices.SortStableFunc(people, func(a, b scoring.Result) int {
		return cmp.Compare(b.Strength, a.Strength)
	})
	name := ""
	coverage := "covered: more than one live relationship"
	for _, a := range scoring.Accounts(s.rs, s.now, s.p) {
		if a.Domain == domain {
			name = a.Company
			if a.Risk != "" {
				coverage = a.Text
			}
		}
	}
	if name == "" {
		_, name = orgs.Company("x@" + domain)
	}
	pg := &page{md: s.md}
	pg.title(fmt.Sprintf("%s (%s)", name, domain))
	pg.fields([][2]string{{"People", fmt.Sprint(len(people))}, {"Coverage", coverage}})
	pg.section("People (strongest first)")
	var rows [][]string
	var ids []int64
	byID := map[int64]string{}
	for _, r := range people {
		state := r.Status
		if slices.Contains(r.Former, domain) {
			state += " (left)"
		}
		rows = append(rows, []string{orDash(r.Name), r.Email, state, fmt.Sprintf("%.2f", r.Score),
			fmt.Sprintf("%.2f", r.Strength), date(r.LastContact)})
		ids = append(ids, r.ID)
		byID[r.ID] = orDash(r.Name)
	}
	pg.table([]string{"NAME", "EMAIL", "STATUS", "SCORE", "STRENGTH", "LAST CONTACT"}, rows)
	entries, total, err := s.timeline(ctx, ids, func(e store.TimelineEntry) bool {
		d, _ := orgs.Company(e.Email)
		return d == domain // only what happened while they were there
	})
	if err != nil {
		return "", err
	}
	pg.section(fmt.Sprintf("Timeline (newest first, %d of %d)", len(entries), total))
	rows = nil
	for _, e := range entries {
		rows = append(rows, []string{date(e.At), byID[e.PersonID], direction(e, s.now), string(e.Channel), orDash(e.Subject)})
	}
	pg.table([]string{"DATE", "PERSON", "WHO", "CHANNEL", "SUBJECT"}, rows)
	return pg.b.String(), nil
}
