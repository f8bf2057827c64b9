package main

import (
	"fmt"

	"github.com/spf13/cobra"

	"github.com/tend-dev/tend/export"
	"github.com/tend-dev/tend/scoring"
)

func contactsCmd(g *globals) *cobra.Command {
	var (
		nowFlag string
		asJSON  bool
		limit   int
		all     bool
	)
	cmd := &cobra.Command{
		Use:   "contacts",
		Short: "List people ranked by who most needs a reach-out",
		Long: `Contacts scores every person in the index and lists those who need a
reach-out: due or lapsed, or with a moment (a job change, a colleague who
left, a message waiting on you, a relationship going cold, a birthday),
strongest and most overdue first, each with why now. Snoozed people and
people with a meeting planned are left out. --all adds everyone else.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			now, err := parseNow(nowFlag)
			if err != nil {
				return err
			}
			if limit < 0 {
				return usageError{fmt.Errorf("--limit must be 0 (no limit) or more, got %d", limit)}
			}
			rs, err := g.rankFromConfig(cmd.Context(), now)
			if err != nil {
				return err
			}
			shown := rs
			if !all {
				shown = filter(rs, needsReachOut)
			}
			if limit > 0 && len(shown) > limit {
				shown = shown[:limit]
			}
			if asJSON {
				return export.WriteJSON(g.stdout, shown)
			}
			if len(shown) == 0 {
				fmt.Fprintln(g.stdout, "Nobody needs a reach-out right now.")
			} else if err := printTable(g.stdout, shown); err != nil {
				return err
			}
			fmt.Fprintln(g.stdout, summary(rs))
			return nil
		},
	}
	cmd.Flags().StringVar(&nowFlag, "now", "", "judge time as of this RFC 3339 date or time (default: now)")
	cmd.Flags().BoolVar(&asJSON, "json", false, "print JSON instead of a table")
	cmd.Flags().IntVar(&limit, "limit", 0, "show at most this many people (0: no limit)")
	cmd.Flags().BoolVar(&all, "all", false, "list everyone, not only people due or lapsed")
	return cmd
}

func filter(rs []scoring.Result, keep func(scoring.Result) bool) []scoring.Result {
	var out []scoring.Result
	for _, r := range rs {
		if keep(r) {
			out = append(out, r)
		}
	}
	return out
}
