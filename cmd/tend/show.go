package main

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/tend-dev/tend/model"
	"github.com/tend-dev/tend/orgs"
	"github.com/tend-dev/tend/scoring"
	"github.com/tend-dev/tend/store"
)

func showCmd(g *globals) *cobra.Command {
	var (
		nowFlag, format string
		limit           int
	)
	cmd := &cobra.Command{
		Use:   "show PERSON|COMPANY",
		Short: "Show the history of a person or a company",
		Long: `Show prints a relationship's history. For a person: addresses, company and
former ones, cadence and status, the score at the end of each of the last 8
quarters, tier, snooze and note, moves with their evidence, and a timeline of
interactions, newest first. For a company: its people and how warm each is,
the account's coverage, and the company's timeline.

PERSON is an address (any alias), a person id or a unique part of a name.
COMPANY is a domain (acme.com) or a company name. --format markdown prints a
page to print or share.`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			now, err := parseNow(nowFlag)
			if err != nil {
				return err
			}
			if format != "text" && format != "markdown" {
				return usageError{fmt.Errorf("--format: want text or markdown, got %q", format)}
			}
			if limit < 0 {
				return usageError{fmt.Errorf("--limit must be 0 (no limit) or more, got %d", limit)}
			}
			c, err := g.loadConfig()
			if err != nil {
				return err
			}
			st, err := openStore(cmd.Context(), c)
			if err != nil {
				return err
			}
			defer st.Close()
			s := &shower{st: st, p: modelParams(c), now: now, limit: limit, md: format == "markdown"}
			page, err := s.show(cmd.Context(), args[0])
			if err != nil {
				return err
			}
			_, err = fmt.Fprint(g.stdout, page)
			return err
		},
	}
	cmd.Flags().StringVar(&nowFlag, "now", "", "judge time as of this RFC 3339 date or time (default: now)")
	cmd.Flags().StringVar(&format, "format", "text", "text or markdown")
	cmd.Flags().IntVar(&limit, "limit", 50, "timeline entries to show (0: all)")
	return cmd
}

// shower builds one `tend show` page.
type shower struct {
	st    *store.Store
	p     scoring.Params
	now   time.Time
	limit int
	md    bool
	rs    []scoring.Result
}

// show resolves the query and renders the person's or the company's page.
// An exact address or id is a person; an exact domain or company name is a
// company; otherwise a unique name part of a person, else of a company.
func (s *shower) show(ctx context.Context, q string) (string, error) {
	q = strings.TrimSpace(q)
	rs, err := rankedResults(ctx, s.st, s.p, s.now)
	if err != nil {
		return "", err
	}
	s.rs = rs
	if !strings.Contains(q, "@") {
		if d := s.company(q, true); d != "" {
			return s.companyPage(ctx, d)
		}
	}
	p, err := s.st.FindPerson(ctx, q)
	if err == nil {
		return s.personPage(ctx, p)
	}
	var amb *store.AmbiguousError
	ambiguous := errors.As(err, &amb)
	if !ambiguous && !errors.Is(err, store.ErrNoPerson) {
		return "", err
	}
	if !strings.Contains(q, "@") {
		// A part of a company's name: unless it also names people elsewhere,
		// in which case they are listed rather than a company guessed.
		if d := s.company(q, false); d != "" && (!ambiguous || allAt(amb.Candidates, d)) {
			return s.companyPage(ctx, d)
		}
	}
	return "", usageError{err}
}

// allAt reports whether every person has an address at the domain (or a
// subdomain of it).
func allAt(ps []store.Person, domain string) bool {
	for _, p := range ps {
		at := false
		for _, e := range p.Emails {
			if d, _ := orgs.Company(e); d == domain {
				at = true
				break
			}
		}
		if !at {
			return false
		}
	}
	return true
}

// company finds the organisation domain q names: exactly (a domain, with or
// without "@", or a company name, any case), or else as the unique company
// whose name or domain contains q. "" when none or several.
func (s *shower) company(q string, exact bool) string {
	lq := strings.ToLower(strings.TrimPrefix(q, "@"))
	names := map[string]string{} // domain -> display name
	for _, r := range s.rs {
		if r.CompanyDomain != "" {
			names[r.CompanyDomain] = r.Company
		}
		for _, d := range r.Former {
			if _, ok := names[d]; !ok {
				_, names[d] = orgs.Company("x@" + d)
			}
		}
	}
	var hits []string
	for d, name := range names {
		switch {
		case exact && (d == lq || strings.EqualFold(name, q)):
			return d
		case !exact && (strings.Contains(d, lq) || strings.Contains(strings.ToLower(name), lq)):
			hits = append(hits, d)
		}
	}
	if len(hits) == 1 {
		return hits[0]
	}
	return ""
}

// history loads one person's full history (Histories streams everyone).
func (s *shower) history(ctx context.Context, id int64) (model.PersonHistory, error) {
	var h model.PersonHistory
	err := s.st.Histories(ctx, func(x model.PersonHistory) error {
		if x.ID == id {
			h = x
		}
		return nil
	})
	return h, err
}

// trend scores h at the end of each of the last 8 quarters before now,
// counting only what had happened by then, and at now.
func (s *shower) trend(h model.PersonHistory) []trendPoint {
	y, m, _ := s.now.Date()
	qEnd := time.Date(y, time.Month((int(m)-1)/3*3+1), 1, 0, 0, 0, 0, time.UTC) // start of this quarter
	var out []trendPoint
	for i := 8; i >= 1; i-- {
		at := qEnd.AddDate(0, -3*(i-1), 0).Add(-time.Second)
		out = append(out, s.pointAt(h, at, at.Format(time.DateOnly)))
	}
	return append(out, s.pointAt(h, s.now, "now"))
}

type trendPoint struct {
	label  string
	score  float64
	status string
}

func (s *shower) pointAt(h model.PersonHistory, at time.Time, label string) trendPoint {
	past := h
	past.Touches = slices.DeleteFunc(slices.Clone(h.Touches), func(t model.Touch) bool { return t.At.After(at) })
	past.Moves = slices.DeleteFunc(slices.Clone(h.Moves), func(m model.Move) bool { return m.At.After(at) })
	if len(past.Touches) == 0 {
		return trendPoint{label: label, status: "-"}
	}
	r := scoring.Score(past, at, s.p)
	return trendPoint{label: label, score: r.Score, status: orDash(r.Status)}
}

// timeline reads up to s.limit entries of the people, keeping those keep
// accepts, and says how many there were in all.
func (s *shower) timeline(ctx context.Context, ids []int64, keep func(store.TimelineEntry) bool) ([]store.TimelineEntry, int, error) {
	all, err := s.st.TimelineOf(ctx, ids, 0)
	if err != nil {
		return nil, 0, err
	}
	all = slices.DeleteFunc(all, func(e store.TimelineEntry) bool { return !keep(e) })
	n := len(all)
	if s.limit > 0 && len(all) > s.limit {
		all = all[:s.limit]
	}
	return all, n, nil
}

// direction says who acted, for a timeline line.
func direction(e store.TimelineEntry, now time.Time) string {
	switch {
	case e.Channel == model.Meeting && e.At.After(now):
		return "planned meeting"
	case e.Channel == model.Meeting:
		return "meeting"
	case e.Direction == model.Outbound:
		return "you wrote"
	case e.Direction == model.Inbound:
		return "they wrote"
	}
	return string(e.Direction)
}
