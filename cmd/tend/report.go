package main

import (
	"context"
	"fmt"
	"io"
	"slices"
	"strings"
	"time"

	"github.com/rivo/uniseg"

	"github.com/tend-dev/tend/config"
	"github.com/tend-dev/tend/model"
	"github.com/tend-dev/tend/orgs"
	"github.com/tend-dev/tend/scoring"
	"github.com/tend-dev/tend/store"
)

const day = 24 * time.Hour

// scoringParams maps the [scoring] config to the model's parameters.
func scoringParams(c config.Scoring) scoring.Params {
	d := func(days float64) time.Duration { return time.Duration(days * float64(day)) }
	return scoring.Params{
		HalfLife:       d(c.HalfLifeDays),
		DefaultCadence: d(c.DefaultCadenceDays),
		MinCadence:     d(c.MinCadenceDays),
		MaxCadence:     d(c.MaxCadenceDays),
		LapsedFactor:   c.LapsedFactor,
	}
}

// modelParams is scoringParams plus what the rest of the config tells the
// model: the user's own organisations (from every account's addresses),
// which are not accounts.
func modelParams(c *config.Config) scoring.Params {
	p := scoringParams(c.Scoring)
	p.Tiers = c.Relationships.TierCadences()
	for _, a := range c.Accounts {
		for _, addr := range append([]string{a.Username}, a.Addresses...) {
			if d, _ := orgs.Company(addr); d != "" && !slices.Contains(p.OwnDomains, d) {
				p.OwnDomains = append(p.OwnDomains, d)
			}
		}
	}
	return p
}

// rankedResults scores every person in the index at now (ignored people
// left out), adds what depends on the others (departures, account coverage)
// and ranks them by who most needs a reach-out.
func rankedResults(ctx context.Context, st *store.Store, p scoring.Params, now time.Time) ([]scoring.Result, error) {
	var rs []scoring.Result
	err := st.Histories(ctx, func(h model.PersonHistory) error {
		if !scoring.Include(h) {
			return nil
		}
		r := scoring.Score(h, now, p)
		if r.Status == "" {
			return nil
		}
		rs = append(rs, r)
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("reading the index: %w", err)
	}
	scoring.Relate(rs, now, p)
	scoring.Rank(rs)
	return rs, nil
}

// rankFromConfig loads the config, opens its index and ranks everyone at now.
func (g *globals) rankFromConfig(ctx context.Context, now time.Time) ([]scoring.Result, error) {
	c, err := g.loadConfig()
	if err != nil {
		return nil, err
	}
	st, err := openStore(ctx, c)
	if err != nil {
		return nil, err
	}
	defer st.Close()
	return rankedResults(ctx, st, modelParams(c), now)
}

// needsReachOut reports whether a result belongs on the reach-out list.
func needsReachOut(r scoring.Result) bool {
	return r.ReachOut
}

// printTable writes results as aligned columns, each person followed by an
// indented why-now line.
func printTable(w io.Writer, rs []scoring.Result) error {
	rows := [][]string{{"#", "NAME", "EMAIL", "COMPANY", "LAST CONTACT", "DAYS", "STATUS", "SCORE"}}
	for i, r := range rs {
		last := "-"
		if !r.LastContact.IsZero() {
			last = r.LastContact.UTC().Format(time.DateOnly)
		}
		rows = append(rows, []string{fmt.Sprint(i + 1), orDash(r.Name), r.Email, orDash(r.Company),
			last, fmt.Sprint(r.DaysSince), r.Status, fmt.Sprintf("%.2f", r.Score)})
	}
	widths := make([]int, len(rows[0]))
	for _, row := range rows {
		for c, cell := range row {
			widths[c] = max(widths[c], uniseg.StringWidth(cell))
		}
	}
	var b strings.Builder
	for i, row := range rows {
		for c, cell := range row {
			b.WriteString(cell)
			if c < len(row)-1 {
				b.WriteString(strings.Repeat(" ", widths[c]-uniseg.StringWidth(cell)+2))
			}
		}
		b.WriteByte('\n')
		if i > 0 && rs[i-1].Reason != "" {
			fmt.Fprintf(&b, "%s why: %s\n", strings.Repeat(" ", widths[0]+1), rs[i-1].Reason)
		}
	}
	_, err := io.WriteString(w, b.String())
	return err
}

func orDash(s string) string {
	if strings.TrimSpace(s) == "" {
		return "-"
	}
	return s
}

// summary counts people per status, for one closing line.
func summary(rs []scoring.Result) string {
	n := map[string]int{}
	for _, r := range rs {
		n[r.Status]++
	}
	return fmt.Sprintf("%d people: %d active, %d due, %d lapsed, %d dormant", len(rs),
		n[scoring.StatusActive], n[scoring.StatusDue], n[scoring.StatusLapsed], n[scoring.StatusDormant])
}

// printAccounts writes up to limit accounts at risk (limit 0: all), one per
// line, and reports how many were at risk in all.
func printAccounts(w io.Writer, as []scoring.Account, limit int) (int, error) {
	var b strings.Builder
	n := 0
	for _, a := range as {
		if a.Risk == "" {
			continue
		}
		n++
		if limit > 0 && n > limit {
			continue
		}
		fmt.Fprintf(&b, "  - %s\n", a.Text)
	}
	_, err := io.WriteString(w, b.String())
	return n, err
}
