package main

import (
	"fmt"
	"net/url"
	"text/tabwriter"
	"time"

	"github.com/spf13/cobra"

	"github.com/tend-dev/tend/config"
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
				if a.IsGoogle() {
					fmt.Fprintf(w, "\naccount %s (%s)\n", a.Name, a.Kind)
				} else if a.IsStandards() {
					fmt.Fprintf(w, "\naccount %s (%s)\n", a.Name, standardsWhere(a))
				} else {
					fmt.Fprintf(w, "\naccount %s (%s %s:%d, %s, user %s)\n", a.Name, a.Kind, a.Host, a.Port, a.Security, a.Username)
				}
				if a.UsesOAuth() {
					oauthStatus(ctx, w, a, now) // google_status.go
				}
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
					printRetry(ctx, w, st, "sync "+a.Name) // run_status.go
				default:
					fmt.Fprintf(w, "  last sync %s: ok\n", ago(s.LastSync, now))
				}
				if a.IsGoogle() || a.IsStandards() {
					if err := sourcesStatus(ctx, w, st, a.Name, now); err != nil { // google_status.go
						return err
					}
					continue
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
			return printDigestStatus(ctx, w, st, c, now) // run_status.go
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

// standardsWhere describes an ics, caldav, carddav or vcard account: its
// kind and file, or its server's host and user (a URL's path may hold a
// private token, so it is not shown).
func standardsWhere(a config.Account) string {
	if a.URL == "" {
		return a.Kind + " " + a.Path
	}
	host := "?"
	if u, err := url.Parse(a.URL); err == nil {
		host = u.Host
	}
	if a.Username != "" {
		return fmt.Sprintf("%s %s, user %s", a.Kind, host, a.Username)
	}
	return a.Kind + " " + host
}
