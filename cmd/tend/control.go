package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/tend-dev/tend/config"
	"github.com/tend-dev/tend/store"
)

// controlCmds are the commands that record the user's own judgement.
func controlCmds(g *globals) []*cobra.Command {
	return []*cobra.Command{
		mergeCmd(g), splitCmd(g), snoozeCmd(g), ignoreCmd(g), tierCmd(g), noteCmd(g), userdataCmd(g),
	}
}

// control is what a control command works with: the config, the open index
// and "now" (--now, for reproducible stamps and snooze dates).
type control struct {
	c   *config.Config
	st  *store.Store
	now time.Time
}

// withControl loads the config, opens the index and runs fn.
func (g *globals) withControl(ctx context.Context, nowFlag string, fn func(ctl control) error) error {
	now, err := parseNow(nowFlag)
	if err != nil {
		return err
	}
	c, err := g.loadConfig()
	if err != nil {
		return err
	}
	st, err := openStore(ctx, c)
	if err != nil {
		return err
	}
	defer st.Close()
	return fn(control{c: c, st: st, now: now})
}

// person resolves PERSON: an address, a person id or a unique name part.
func (ctl control) person(ctx context.Context, q string) (store.Person, error) {
	p, err := ctl.st.FindPerson(ctx, q)
	var amb *store.AmbiguousError
	if errors.As(err, &amb) || errors.Is(err, store.ErrNoPerson) {
		return p, usageError{err}
	}
	return p, err
}

// resolve runs identity resolution, as after every sync.
func (ctl control) resolve(ctx context.Context, log *slog.Logger) error {
	return resolveIdentities(ctx, ctl.st, ctl.c, ctl.now, log)
}

// resolveIdentities merges people who are one person (store.ResolveIdentities)
// and logs each merge and job change.
func resolveIdentities(ctx context.Context, st *store.Store, c *config.Config, now time.Time, log *slog.Logger) error {
	rep, err := st.ResolveIdentities(ctx, selfAddresses(c), now)
	if err != nil {
		return err
	}
	for _, e := range rep.Splits {
		log.Info("split identity, as you asked", "address", e)
	}
	for _, m := range rep.Merges {
		log.Info("merged identities", "into", m.IntoEmail, "from", m.FromEmail, "rule", m.Reason)
	}
	for _, m := range rep.Moves {
		log.Info("job change", "person", m.FromEmail, "evidence", m.Evidence)
	}
	return nil
}

// describe is a person on one line: "Jane Doe <jane@acme.com> (id 3)".
func describe(p store.Person) string {
	name := p.Name
	if name == "" {
		name = "(no name)"
	}
	s := fmt.Sprintf("%s <%s> (id %d)", name, p.Email, p.ID)
	if len(p.Emails) > 1 {
		s += ", also " + strings.Join(p.Emails[1:], ", ")
	}
	return s
}

func nowFlagVar(cmd *cobra.Command, p *string) {
	cmd.Flags().StringVar(p, "now", "", "act as of this RFC 3339 date or time (default: now)")
}

// tierRules turns the config's [[relationships.rules]] into the store's.
func tierRules(c *config.Config) []store.TierRule {
	out := make([]store.TierRule, 0, len(c.Relationships.Rules))
	for _, r := range c.Relationships.Rules {
		out = append(out, store.TierRule{Email: r.Email, Domain: r.Domain, Company: r.Company, Tier: r.Tier})
	}
	return out
}
