package main

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"time"

	"github.com/spf13/cobra"

	"github.com/tend-dev/tend/config"
	"github.com/tend-dev/tend/internal/demo"
	"github.com/tend-dev/tend/scoring"
)

func demoCmd(g *globals) *cobra.Command {
	var (
		nowFlag, dir string
		seed         int64
		limit        int
	)
	cmd := &cobra.Command{
		Use:   "demo",
		Short: "Run tend end to end on a generated mailbox (no account needed)",
		Long: `Demo starts an IMAP server inside tend on 127.0.0.1 holding two years of a
generated mailbox (about 60 correspondents at 10 companies, threads,
newsletters, robots, a bounce, odd encodings), syncs it into a fresh index,
prints who to reach out to and writes the lapsed contacts as CSV.
The same --seed and --now give the same output.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			now, err := parseNow(nowFlag)
			if err != nil {
				return err
			}
			return runDemo(cmd.Context(), g, now, seed, dir, limit)
		},
	}
	cmd.Flags().StringVar(&nowFlag, "now", "", "pin today to this RFC 3339 date or time (default: now)")
	cmd.Flags().Int64Var(&seed, "seed", 1, "seed of the generated mailbox")
	cmd.Flags().StringVar(&dir, "dir", "", "directory for the index, config and CSV (default: a new temporary directory)")
	cmd.Flags().IntVar(&limit, "limit", 10, "people to show on the reach-out list")
	return cmd
}

func runDemo(ctx context.Context, g *globals, now time.Time, seed int64, dir string, limit int) error {
	if dir == "" {
		d, err := os.MkdirTemp("", "tend-demo-")
		if err != nil {
			return err
		}
		dir = d
	} else if err := os.MkdirAll(dir, 0o700); err != nil {
		return err
	}
	dbPath := filepath.Join(dir, "tend.db")
	for _, suffix := range []string{"", "-wal", "-shm"} {
		if err := os.Remove(dbPath + suffix); err != nil && !errors.Is(err, fs.ErrNotExist) {
			return fmt.Errorf("clearing the previous demo index: %w", err)
		}
	}

	mb := demo.Generate(demo.Options{Seed: seed, Now: now})
	srv, err := demo.Serve(ctx, mb)
	if err != nil {
		return fmt.Errorf("starting the demo IMAP server: %w", err)
	}
	defer srv.Close()

	// The demo goes through the same config path as a real account.
	cfgPath := filepath.Join(dir, "config.toml")
	cfgText := fmt.Sprintf(`# Written by tend demo: the demo index, for "tend --config %[1]s contacts" and friends.
[index]
path = %[2]q

[[accounts]]
name = "demo"
kind = "imap"
host = %[3]q
port = %[4]d
security = "none"
username = %[5]q
password_env = "TEND_DEMO_PASSWORD"
addresses = [%[6]q]
`, cfgPath, dbPath, srv.Host, srv.Port, srv.Username, mb.User)
	if err := os.WriteFile(cfgPath, []byte(cfgText), 0o600); err != nil {
		return err
	}
	c, err := config.Parse(cfgPath, []byte(cfgText))
	if err != nil {
		return err
	}
	log := newLogger(g.stderr, c.Log)
	st, err := openStore(ctx, c)
	if err != nil {
		return err
	}
	defer st.Close()
	password := func(context.Context) (string, error) { return srv.Password, nil }
	acct, err := mailAccount(c, c.Accounts[0], password, log)
	if err != nil {
		return err
	}
	if err := syncOne(ctx, g, st, acct, log); err != nil {
		return err
	}
	if err := resolveIdentities(ctx, st, c, now, log); err != nil {
		return err
	}

	params := modelParams(c)
	rs, err := rankedResults(ctx, st, params, now)
	if err != nil {
		return err
	}
	reach := filter(rs, needsReachOut)
	w := g.stdout
	fmt.Fprintf(w, "tend demo: %s's mailbox, %d messages, today is %s\n\n", mb.UserName, len(mb.Messages), now.Format("2006-01-02"))
	shown := reach
	if limit > 0 && len(shown) > limit {
		shown = shown[:limit]
	}
	fmt.Fprintf(w, "Reach out to (top %d of %d on the list):\n", len(shown), len(reach))
	if err := printTable(w, shown); err != nil {
		return err
	}
	fmt.Fprintln(w, summary(rs))
	fmt.Fprintln(w, "\nAccounts at risk:")
	if _, err := printAccounts(w, scoring.Accounts(rs, now, params), 0); err != nil {
		return err
	}

	lapsed := filter(rs, func(r scoring.Result) bool { return r.Status == "lapsed" })
	csvPath := filepath.Join(dir, "lapsed.csv")
	if err := writeExport(w, csvPath, "csv", false, lapsed); err != nil {
		return err
	}
	fmt.Fprintf(w, "\nWrote %d lapsed contacts to %s\n", len(lapsed), csvPath)
	fmt.Fprintf(w, "Index and config kept in %s; try: tend --config %s contacts --all --now %s\n",
		dir, cfgPath, now.Format("2006-01-02"))
	return nil
}
