package main

import (
	"errors"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/tend-dev/tend/store"
)

func isNoPerson(err error) bool { return errors.Is(err, store.ErrNoPerson) }

func snoozeCmd(g *globals) *cobra.Command {
	var (
		nowFlag string
		clear   bool
	)
	cmd := &cobra.Command{
		Use:   "snooze PERSON DURATION|DATE",
		Short: "No reminders about a person for a while",
		Long: `Snooze keeps a person off the reach-out list and the digest until a date:
DURATION is a number of days, weeks, months or years (30d, 2w, 3m, 1y) from
now, or give a date (2027-01-15). --clear ends the snooze. PERSON is an
address, a person id or a unique part of a name.`,
		Args: func(cmd *cobra.Command, args []string) error {
			if clear {
				return cobra.ExactArgs(1)(cmd, args)
			}
			return cobra.ExactArgs(2)(cmd, args)
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			ctx := cmd.Context()
			return g.withControl(ctx, nowFlag, func(ctl control) error {
				var until time.Time
				if !clear {
					var err error
					if until, err = parseUntil(args[1], ctl.now); err != nil {
						return usageError{err}
					}
				}
				p, err := ctl.person(ctx, args[0])
				if err != nil {
					return err
				}
				if err := ctl.st.Snooze(ctx, p.ID, until, ctl.now); err != nil {
					return err
				}
				if clear {
					fmt.Fprintf(g.stdout, "No longer snoozed: %s\n", describe(p))
				} else {
					fmt.Fprintf(g.stdout, "Snoozed until %s: %s\n", until.Format(time.DateOnly), describe(p))
				}
				return nil
			})
		},
	}
	nowFlagVar(cmd, &nowFlag)
	cmd.Flags().BoolVar(&clear, "clear", false, "end the snooze")
	return cmd
}

var durationRE = regexp.MustCompile(`^(\d{1,4})\s*([dwmy])$`)

// parseUntil reads a snooze length (30d, 2w, 3m, 1y) or a date, as of now.
func parseUntil(s string, now time.Time) (time.Time, error) {
	s = strings.ToLower(strings.TrimSpace(s))
	if m := durationRE.FindStringSubmatch(s); m != nil {
		n, _ := strconv.Atoi(m[1])
		if n == 0 {
			return time.Time{}, fmt.Errorf("snooze for %q: must be at least 1", s)
		}
		switch m[2] {
		case "d":
			return now.AddDate(0, 0, n), nil
		case "w":
			return now.AddDate(0, 0, 7*n), nil
		case "m":
			return now.AddDate(0, n, 0), nil
		default:
			return now.AddDate(n, 0, 0), nil
		}
	}
	if t, err := time.Parse(time.DateOnly, s); err == nil {
		if !t.After(now) {
			return time.Time{}, fmt.Errorf("snooze until %s: that date has passed", s)
		}
		return t, nil
	}
	return time.Time{}, fmt.Errorf("snooze: want a duration like 30d, 2w, 3m, 1y or a date like 2027-01-15, got %q", s)
}

// looksLikeDomain reports whether an ignore target is a domain ("acme.com",
// "@acme.com") rather than a person.
func looksLikeDomain(s string) (string, bool) {
	s = strings.TrimSpace(s)
	d := strings.TrimPrefix(s, "@")
	if d == "" || strings.ContainsAny(d, "@ \t") || !strings.Contains(d, ".") {
		return "", false
	}
	if _, err := strconv.ParseFloat(d, 64); err == nil {
		return "", false
	}
	return strings.ToLower(d), true
}

func ignoreCmd(g *globals) *cobra.Command {
	var (
		nowFlag string
		clear   bool
	)
	cmd := &cobra.Command{
		Use:   "ignore PERSON|DOMAIN",
		Short: "Ignore a person or a whole domain",
		Long: `Ignore removes a person, or everyone at a domain and its subdomains
(acme.com covers eu.acme.com), from contacts, export and the digest. Their
history stays in the index; --clear brings them back.`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			ctx := cmd.Context()
			return g.withControl(ctx, nowFlag, func(ctl control) error {
				if d, ok := looksLikeDomain(args[0]); ok {
					changed, err := ctl.st.IgnoreDomain(ctx, d, !clear, ctl.now)
					if err != nil {
						return err
					}
					verb := map[bool]string{true: "Ignoring", false: "No longer ignoring"}[!clear]
					note := ""
					if !changed {
						note = " (no change)"
					}
					fmt.Fprintf(g.stdout, "%s everyone at %s and its subdomains%s\n", verb, d, note)
					return nil
				}
				p, err := ctl.person(ctx, args[0])
				if err != nil {
					return err
				}
				if err := ctl.st.SetIgnored(ctx, p.ID, !clear, ctl.now); err != nil {
					return err
				}
				if clear {
					fmt.Fprintf(g.stdout, "No longer ignoring %s\n", describe(p))
				} else {
					fmt.Fprintf(g.stdout, "Ignoring %s\n", describe(p))
				}
				return nil
			})
		},
	}
	nowFlagVar(cmd, &nowFlag)
	cmd.Flags().BoolVar(&clear, "clear", false, "stop ignoring")
	return cmd
}

func tierCmd(g *globals) *cobra.Command {
	var (
		nowFlag string
		clear   bool
	)
	cmd := &cobra.Command{
		Use:   "tier PERSON TIER",
		Short: "Set how often you want to be in touch with a person",
		Long: `Tier puts a person in one of the tiers of [relationships] in the config
(default: weekly, monthly, quarterly, yearly); the tier's cadence replaces the
one learned from your history. It overrides config rules; --clear removes it.`,
		Args: func(cmd *cobra.Command, args []string) error {
			if clear {
				return cobra.ExactArgs(1)(cmd, args)
			}
			return cobra.ExactArgs(2)(cmd, args)
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			ctx := cmd.Context()
			return g.withControl(ctx, nowFlag, func(ctl control) error {
				tier := ""
				if !clear {
					tier = strings.ToLower(strings.TrimSpace(args[1]))
					if _, ok := ctl.c.Relationships.Tiers[tier]; !ok {
						return usageError{fmt.Errorf("unknown tier %q (one of: %s; tiers are set in [relationships] of %s)",
							args[1], strings.Join(ctl.c.TierNames(), ", "), ctl.c.File)}
					}
				}
				p, err := ctl.person(ctx, args[0])
				if err != nil {
					return err
				}
				if err := ctl.st.SetTier(ctx, p.ID, tier, ctl.now); err != nil {
					return err
				}
				if clear {
					fmt.Fprintf(g.stdout, "Tier cleared: %s\n", describe(p))
				} else {
					fmt.Fprintf(g.stdout, "Tier %s (%g days): %s\n", tier, ctl.c.Relationships.Tiers[tier], describe(p))
				}
				return nil
			})
		},
	}
	nowFlagVar(cmd, &nowFlag)
	cmd.Flags().BoolVar(&clear, "clear", false, "remove the tier")
	return cmd
}

func noteCmd(g *globals) *cobra.Command {
	var (
		nowFlag       string
		clear, append bool
	)
	cmd := &cobra.Command{
		Use:   "note PERSON TEXT...",
		Short: "Keep a note about a person",
		Long: `Note keeps what you want to remember about a person (their kids' names,
what they care about); it is shown wherever the person is. TEXT replaces the
note; --append adds a line to it; --clear removes it.`,
		Args: func(cmd *cobra.Command, args []string) error {
			if clear {
				return cobra.ExactArgs(1)(cmd, args)
			}
			return cobra.MinimumNArgs(2)(cmd, args)
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			ctx := cmd.Context()
			return g.withControl(ctx, nowFlag, func(ctl control) error {
				p, err := ctl.person(ctx, args[0])
				if err != nil {
					return err
				}
				text := ""
				if !clear {
					text = strings.TrimSpace(strings.Join(args[1:], " "))
					if append {
						old, err := ctl.st.Note(ctx, p.ID)
						if err != nil {
							return err
						}
						if old != "" {
							text = old + "\n" + text
						}
					}
				}
				if err := ctl.st.SetNote(ctx, p.ID, text, ctl.now); err != nil {
					return err
				}
				if text == "" {
					fmt.Fprintf(g.stdout, "Note cleared: %s\n", describe(p))
				} else {
					fmt.Fprintf(g.stdout, "Note saved for %s:\n%s\n", describe(p), text)
				}
				return nil
			})
		},
	}
	nowFlagVar(cmd, &nowFlag)
	cmd.Flags().BoolVar(&clear, "clear", false, "remove the note")
	cmd.Flags().BoolVar(&append, "append", false, "add a line to the note instead of replacing it")
	return cmd
}
