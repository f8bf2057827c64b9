package main

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"strings"
	"time"

	"github.com/tend-dev/tend/config"
	"github.com/tend-dev/tend/store"
)

// loadConfig reads the config named by --config or the default path.
func (g *globals) loadConfig() (*config.Config, error) {
	path := g.configPath
	if path == "" {
		path = config.DefaultPath()
	}
	return config.Load(path)
}

// newLogger builds the one slog logger, writing to w.
func newLogger(w io.Writer, c config.Log) *slog.Logger {
	var level slog.Level
	_ = level.UnmarshalText([]byte(c.Level))
	o := &slog.HandlerOptions{Level: level}
	if c.Format == "json" {
		return slog.New(slog.NewJSONHandler(w, o))
	}
	return slog.New(slog.NewTextHandler(w, o))
}

// openStore opens the index named in the config.
func openStore(ctx context.Context, c *config.Config) (*store.Store, error) {
	st, err := store.Open(ctx, c.Index.Path)
	if err != nil {
		return nil, err // store.Open's errors name the index file
	}
	st.SetTierRules(tierRules(c)) // control.go
	return st, nil
}

// selfAddresses is every address of the user, across all accounts.
func selfAddresses(c *config.Config) []string {
	var out []string
	for _, a := range c.Accounts {
		out = append(out, a.Addresses...)
	}
	return out
}

// parseNow reads --now: an RFC 3339 date ("2026-11-25") or time.
func parseNow(s string) (time.Time, error) {
	if s == "" {
		return time.Now().UTC(), nil
	}
	if t, err := time.Parse(time.RFC3339, s); err == nil {
		return t.UTC(), nil
	}
	if t, err := time.Parse(time.DateOnly, s); err == nil {
		return t.UTC(), nil
	}
	return time.Time{}, usageError{fmt.Errorf("--now: want an RFC 3339 date or time like 2026-11-25 or 2026-11-25T09:00:00Z, got %q", s)}
}

// oneLine keeps error text on one line for the exit message.
func oneLine(s string) string { return strings.Join(strings.Fields(s), " ") }
