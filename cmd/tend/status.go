package main

import (
	"fmt"
	"text/tabwriter"
	"time"

	"github.com/spf13/cobra"

	"github.com/tend-dev/tend/store"
)

func statusCmd(g *globals) *cobra.Command {
	var nowFlag string
	cmd := &cobra.Command{
		Use:   "status",
		Short: "Show each account, its folders, last sync, messages seen and people known",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			now, err := parseNow(nowFlag)
			if err != nil {
				return err
			}
			c, err := g.loadConfig()
			if err != nil {
				return err
			}
			ctx := cmd.Context()
			st, err := openStore(ctx, c)
			if err != nil {
				return err
			}
			defer st.Close()
			stats, err := st.Stats(ctx)
			if err != nil {
				return err
			}
			accts, err := st.Accounts(ctx)
			if err != nil {
				return err
			}
			byName := map[string]store.AccountState{}
			for _, a := range accts {
				byName[a.Account] = a
			}
			w := g.stdout
			fmt.Fprintf(w, "index %s\n  %d people known, %d messages seen, %d interactions\n",
				c.Index.Path, stats.People, stats.Messages, stats.Interactions)
			for _, a := range c.Accounts {
				fmt.Fprintf(w, "\naccount %s (%s %s:%d, %s, user %s)\n", a.Name, a.Kind, a.Host, a.Port, a.Security, a.Username)
				s, ok := byName[a.Name]
				switch {
				case !ok:
					fmt.Fprintln(w, "  never synced: run tend sync")
					continue
				case s.LastError != "":
					fmt.Fprintf(w, "  last sync %s FAILED: %s\n", ago(s.LastSync, now), s.LastError)
					if !s.LastOK.IsZero() {
						fmt.Fprintf(w, "  last good sync %s\n", ago(s.LastOK, now))
					}
				default:
					fmt.Fprintf(w, "  last sync %s: ok\n", ago(s.LastSync, now))
				}
				folders, err := st.FolderStates(ctx, a.Name)
				if err != nil {
					return err
				}
				tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
				fmt.Fprintln(tw, "  FOLDER\tMESSAGES\tLAST SYNC")
				for _, f := range folders {
					fmt.Fprintf(tw, "  %s\t%d\t%s\n", f.Folder, f.Messages, ago(f.LastSync, now))
				}
				if err := tw.Flush(); err != nil {
					return err
				}
			}
			return nil
		},
	}
	cmd.Flags().StringVar(&nowFlag, "now", "", "judge time as of this RFC 3339 date or time (default: now)")
	return cmd
}

// ago renders a time and how long before now it was.
func ago(t, now time.Time) string {
	if t.IsZero() {
		return "never"
	}
	d := now.Sub(t)
	var rel string
	switch {
	case d < 0:
		rel = "in the future"
	case d < time.Minute:
		rel = "just now"
	case d < time.Hour:
		rel = fmt.Sprintf("%d min ago", int(d.Minutes()))
	case d < 48*time.Hour:
		rel = fmt.Sprintf("%d h ago", int(d.Hours()))
	default:
		rel = fmt.Sprintf("%d days ago", int(d.Hours()/24))
	}
	return t.Local().Format("2006-01-02 15:04") + " (" + rel + ")"
}
