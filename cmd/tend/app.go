package main

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"fmt"
	"io"
	"log/slog"
	"os"
	"strings"
	"time"

	"github.com/tend-dev/tend/config"
	"github.com/tend-dev/tend/infer"
	"github.com/tend-dev/tend/model"
	"github.com/tend-dev/tend/providers/imapmail"
	"github.com/tend-dev/tend/store"
	tendsync "github.com/tend-dev/tend/sync"
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
		return nil, fmt.Errorf("opening index %s: %w", c.Index.Path, err)
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

// mailAccount wires one IMAP account for the sync engine.
func mailAccount(c *config.Config, a config.Account, password func(context.Context) (string, error), log *slog.Logger) (tendsync.Account, error) {
	var tlsConf *tls.Config
	if a.TLSCAFile != "" {
		pem, err := os.ReadFile(a.TLSCAFile)
		if err != nil {
			return tendsync.Account{}, fmt.Errorf("%s: accounts %q: tls_ca_file: %w", c.File, a.Name, err)
		}
		pool := x509.NewCertPool()
		if !pool.AppendCertsFromPEM(pem) {
			return tendsync.Account{}, fmt.Errorf("%s: accounts %q: tls_ca_file: no PEM certificate in %s", c.File, a.Name, a.TLSCAFile)
		}
		tlsConf = &tls.Config{RootCAs: pool, ServerName: a.Host, MinVersion: tls.VersionTLS12}
	}
	opts := imapmail.Options{
		Host: a.Host, Port: a.Port, Security: a.Security, Username: a.Username,
		Password: password, TLSConfig: tlsConf, Timeout: a.Timeout.Duration,
		HeaderFields: infer.HeaderFields(), Logger: log.With("account", a.Name),
		OAuth2: a.Auth == "oauth2", // the password func returns an access token (google.go)
	}
	folders := a.Folders
	return tendsync.Account{
		Name: a.Name,
		Dial: func(ctx context.Context) (tendsync.MailSource, error) {
			cl, err := imapmail.Dial(ctx, opts)
			if err != nil {
				return nil, err
			}
			return cl, nil
		},
		SelectFolders: func(all []model.Folder) ([]model.Folder, error) {
			return imapmail.SelectFolders(all, folders)
		},
		Classifier: infer.New(infer.Options{
			Self:          selfAddresses(c),
			MaxRecipients: c.Inference.MaxRecipients,
			KeepSubjects:  c.Index.KeepSubjects(),
		}),
		Connections: a.Connections,
	}, nil
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
