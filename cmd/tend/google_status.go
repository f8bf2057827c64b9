package main

import (
	"context"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/tend-dev/tend/config"
	"github.com/tend-dev/tend/store"
)

// oauthStatus prints an OAuth account's sign-in: the address, the scopes
// granted and when the access token expires. It never prints a token.
func oauthStatus(ctx context.Context, w io.Writer, a config.Account, now time.Time) {
	oa, err := oauthAccount(a, nil)
	if err != nil {
		fmt.Fprintf(w, "  sign-in: %s\n", oneLine(err.Error()))
		return
	}
	t, err := oa.Store.Load(ctx)
	if err != nil {
		fmt.Fprintf(w, "  not signed in: run %s\n", oa.AuthCommand())
		return
	}
	fmt.Fprintf(w, "  signed in as %s (%s)\n", orUnknown(t.Email), tokenWhere(a))
	if len(t.Scopes) > 0 {
		fmt.Fprintf(w, "  scopes: %s\n", strings.Join(t.Scopes, " "))
	}
	switch {
	case t.Expiry.IsZero():
		fmt.Fprintln(w, "  access token: none yet (refreshed at the next sync)")
	case t.Expiry.Before(now):
		fmt.Fprintf(w, "  access token expired %s (refreshed at the next sync)\n", ago(t.Expiry, now))
	default:
		fmt.Fprintf(w, "  access token valid until %s\n", t.Expiry.Local().Format("2006-01-02 15:04"))
	}
}

// sourcesStatus prints the keyed sources (mailbox, calendars, contacts)
// of an account with how old their cursors are.
func sourcesStatus(ctx context.Context, w io.Writer, st *store.Store, account string, now time.Time) error {
	srcs, err := st.SourceStates(ctx, account)
	if err != nil {
		return err
	}
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "  SOURCE\tITEMS\tCARDS\tCURSOR SAVED")
	for _, s := range srcs {
		fmt.Fprintf(tw, "  %s\t%d\t%d\t%s\n", s.Source, s.Items, s.Cards, ago(s.LastSync, now))
	}
	return tw.Flush()
}
