package config

import (
	"fmt"
	"maps"
	"os"
	"slices"
	"strings"
)

// Kinds of account tend can sync.
var kinds = map[string]bool{"imap": true, KindGmail: true, KindGoogleCalendar: true, KindICS: true,
	KindCalDAV: true, KindCardDAV: true, KindVCard: true}

// kindList is the account kinds, sorted, for error messages.
func kindList() string {
	return strings.Join(slices.Sorted(maps.Keys(kinds)), ", ")
}

// Validate checks every value; the error names the file and the key.
func (c *Config) Validate() error {
	bad := func(key, format string, args ...any) error {
		return &Error{File: c.File, Key: key, Msg: fmt.Sprintf(format, args...)}
	}
	if c.Index.Path == "" {
		return bad("index.path", "must not be empty")
	}
	if c.Inference.MaxRecipients < 1 {
		return bad("inference.max_recipients", "must be at least 1 (got %d)", c.Inference.MaxRecipients)
	}
	s := c.Scoring
	for _, f := range []struct {
		key string
		v   float64
	}{{"scoring.half_life_days", s.HalfLifeDays}, {"scoring.default_cadence_days", s.DefaultCadenceDays},
		{"scoring.min_cadence_days", s.MinCadenceDays}, {"scoring.max_cadence_days", s.MaxCadenceDays}} {
		if f.v <= 0 {
			return bad(f.key, "must be a positive number of days (got %g)", f.v)
		}
	}
	if s.MinCadenceDays > s.MaxCadenceDays {
		return bad("scoring.min_cadence_days", "must not exceed scoring.max_cadence_days (%g > %g)", s.MinCadenceDays, s.MaxCadenceDays)
	}
	if s.LapsedFactor <= 1 {
		return bad("scoring.lapsed_factor", "must be greater than 1 (got %g)", s.LapsedFactor)
	}
	switch c.Log.Level {
	case "debug", "info", "warn", "error":
	default:
		return bad("log.level", "must be debug, info, warn or error (got %q)", c.Log.Level)
	}
	if c.Log.Format != "text" && c.Log.Format != "json" {
		return bad("log.format", "must be text or json (got %q)", c.Log.Format)
	}
	seen := map[string]bool{}
	for i := range c.Accounts {
		if err := c.validateAccount(i, seen); err != nil {
			return err
		}
	}
	if err := c.validateRelationships(); err != nil {
		return err
	}
	return c.validateDaemon()
}

func (c *Config) validateAccount(i int, seen map[string]bool) error {
	a := &c.Accounts[i]
	key := func(k string) string { return fmt.Sprintf("accounts[%d].%s", i, k) }
	bad := func(k, format string, args ...any) error {
		return &Error{File: c.File, Key: key(k), Msg: fmt.Sprintf(format, args...)}
	}
	if strings.TrimSpace(a.Name) == "" {
		return bad("name", "required")
	}
	if seen[a.Name] {
		return bad("name", "duplicate account name %q", a.Name)
	}
	seen[a.Name] = true
	if a.Kind == "" {
		return bad("kind", "required (one of: %s)", kindList())
	}
	if !kinds[a.Kind] {
		return bad("kind", "unknown kind %q (one of: %s)", a.Kind, kindList())
	}
	if a.IsGoogle() {
		return c.validateGoogleAccount(i) // google_validate.go
	}
	if a.IsStandards() {
		return c.validateCalendarAccount(i) // calendar.go
	}
	if a.Host == "" {
		return bad("host", "required")
	}
	if a.Port < 1 || a.Port > 65535 {
		return bad("port", "must be between 1 and 65535 (got %d)", a.Port)
	}
	switch a.Security {
	case "tls", "starttls":
	case "none":
		if !IsLoopback(a.Host) {
			return bad("security", `"none" sends your password in clear text; it is allowed only for a loopback host (got %q): use "tls" or "starttls"`, a.Host)
		}
	default:
		return bad("security", `must be "tls", "starttls" or "none" (got %q)`, a.Security)
	}
	if a.Username == "" {
		return bad("username", "required")
	}
	switch {
	case a.Auth != "" && a.Auth != "password" && a.Auth != "oauth2":
		return bad("auth", `must be "password" (default) or "oauth2" (got %q)`, a.Auth)
	case a.Auth == "oauth2":
		if err := c.validateIMAPOAuth(i); err != nil { // google_validate.go
			return err
		}
	case a.PasswordCmd != "" && a.PasswordEnv != "":
		return bad("password_cmd", "set password_cmd or password_env, not both")
	case a.PasswordCmd == "" && a.PasswordEnv == "":
		return bad("password_cmd", "required: set password_cmd (a command printing the password) or password_env (an environment variable holding it)")
	}
	if a.Timeout.Duration < 0 {
		return bad("timeout", "must be positive")
	}
	if a.Connections < 1 || a.Connections > 8 {
		return bad("connections", "must be between 1 and 8 (got %d)", a.Connections)
	}
	if a.TLSCAFile != "" {
		if _, err := os.Stat(a.TLSCAFile); err != nil {
			return bad("tls_ca_file", "cannot read %s", a.TLSCAFile)
		}
	}
	for j, addr := range a.Addresses {
		if !validAddress(strings.TrimSpace(addr)) {
			return bad(fmt.Sprintf("addresses[%d]", j), "not an email address: %q", addr)
		}
	}
	// The username counts as one of the user's own addresses when it is one.
	if validAddress(a.Username) && !containsFold(a.Addresses, a.Username) {
		a.Addresses = append(a.Addresses, a.Username)
	}
	if len(a.Addresses) == 0 {
		return bad("addresses", "required: list your own email addresses (the username is not an address)")
	}
	for j, f := range a.Folders {
		if strings.TrimSpace(f) == "" {
			return bad(fmt.Sprintf("folders[%d]", j), "empty folder name")
		}
	}
	return nil
}

func containsFold(list []string, s string) bool {
	for _, v := range list {
		if strings.EqualFold(strings.TrimSpace(v), s) {
			return true
		}
	}
	return false
}
