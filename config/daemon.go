package config

import (
	"context"
	"fmt"
	"os"
	"strings"
	"time"

	"github.com/tend-dev/tend/digest"
)

// Defaults of the daemon and the digest.
const (
	DefaultInterval   = 15 * time.Minute
	DefaultMaxBackoff = time.Hour
	DefaultSchedule   = "weekly mon 08:00"
)

// Daemon configures `tend run`. Each account's sync interval is its own
// `interval` key.
type Daemon struct {
	MaxBackoff Duration `toml:"max_backoff"` // default 1h: longest wait between retries of a failing account or send
	Idle       *bool    `toml:"idle"`        // default true: use IMAP IDLE, where the server has it, to sync new mail sooner
}

// UseIdle reports whether IMAP IDLE may shorten the wait (default true).
func (d Daemon) UseIdle() bool { return d.Idle == nil || *d.Idle }

// Digest configures the reminder digest. Without To, `tend run` sends none.
type Digest struct {
	To        []string `toml:"to"`         // recipient addresses; empty: no digest is sent
	Schedule  string   `toml:"schedule"`   // "weekly mon 08:00" (default) or "daily 07:30"
	Timezone  string   `toml:"timezone"`   // IANA name, e.g. "Europe/Berlin"; default the local zone
	Top       int      `toml:"top"`        // default 5: people listed to reach out to
	SendEmpty bool     `toml:"send_empty"` // default false: skip a digest with nothing to act on
}

// Location is the digest's time zone: Timezone, or the local zone.
func (d Digest) Location() (*time.Location, error) {
	if d.Timezone == "" {
		return time.Local, nil
	}
	return time.LoadLocation(d.Timezone)
}

// ParsedSchedule is the digest schedule in its time zone.
func (d Digest) ParsedSchedule() (digest.Schedule, error) {
	loc, err := d.Location()
	if err != nil {
		return digest.Schedule{}, err
	}
	return digest.ParseSchedule(d.Schedule, loc)
}

// SMTP configures how the digest is sent.
type SMTP struct {
	Host        string   `toml:"host"`
	Port        int      `toml:"port"`     // default 465 for tls, 587 for starttls, 25 for none
	Security    string   `toml:"security"` // tls (default, implicit TLS), starttls, none (loopback only)
	Username    string   `toml:"username"` // empty: no authentication
	PasswordCmd string   `toml:"password_cmd"`
	PasswordEnv string   `toml:"password_env"`
	From        string   `toml:"from"`        // default: username when it is an address
	TLSCAFile   string   `toml:"tls_ca_file"` // PEM certificate(s) to trust (self-signed servers)
	Timeout     Duration `toml:"timeout"`     // default 60s: dialing and each SMTP command
	// OAuthAccount names an imap account with auth = "oauth2" and
	// oauth_provider = "google" whose token (scope https://mail.google.com/,
	// which covers SMTP) authenticates with AUTH OAUTHBEARER instead of a
	// password. Username and From default to that account's username.
	OAuthAccount string `toml:"oauth_account"`
}

// Password returns the SMTP password from password_cmd or password_env; the
// secret never appears in errors.
func (s SMTP) Password(ctx context.Context) (string, error) {
	return Account{Name: "smtp", PasswordCmd: s.PasswordCmd, PasswordEnv: s.PasswordEnv}.Password(ctx)
}

func (c *Config) defaultDaemon() {
	if c.Daemon.MaxBackoff.Duration == 0 {
		c.Daemon.MaxBackoff.Duration = DefaultMaxBackoff
	}
	for i := range c.Accounts {
		if c.Accounts[i].Interval.Duration == 0 {
			c.Accounts[i].Interval.Duration = DefaultInterval
		}
	}
	d := &c.Digest
	if strings.TrimSpace(d.Schedule) == "" {
		d.Schedule = DefaultSchedule
	}
	if d.Top == 0 {
		d.Top = digest.DefaultTopN
	}
	s := &c.SMTP
	s.Security = strings.ToLower(s.Security)
	if s.Security == "" {
		s.Security = "tls"
	}
	if s.Port == 0 {
		switch s.Security {
		case "tls":
			s.Port = 465
		case "starttls":
			s.Port = 587
		default:
			s.Port = 25
		}
	}
	if s.From == "" && validAddress(s.Username) {
		s.From = s.Username
	}
	if s.Timeout.Duration == 0 {
		s.Timeout.Duration = 60 * time.Second
	}
	if s.TLSCAFile != "" {
		s.TLSCAFile = ExpandHome(s.TLSCAFile)
	}
}

func (c *Config) validateDaemon() error {
	bad := func(key, format string, args ...any) error {
		return &Error{File: c.File, Key: key, Msg: fmt.Sprintf(format, args...)}
	}
	if c.Daemon.MaxBackoff.Duration < time.Second {
		return bad("daemon.max_backoff", "must be at least 1s (got %s)", c.Daemon.MaxBackoff.Duration)
	}
	for i, a := range c.Accounts {
		if a.Interval.Duration < 100*time.Millisecond {
			return bad(fmt.Sprintf("accounts[%d].interval", i), "must be at least 100ms (got %s)", a.Interval.Duration)
		}
	}
	d := c.Digest
	if _, err := d.Location(); err != nil {
		return bad("digest.timezone", "unknown time zone %q (want an IANA name like \"Europe/Berlin\")", d.Timezone)
	}
	if _, err := d.ParsedSchedule(); err != nil {
		return bad("digest.schedule", "%v", err)
	}
	if d.Top < 1 || d.Top > 50 {
		return bad("digest.top", "must be between 1 and 50 (got %d)", d.Top)
	}
	for i, to := range d.To {
		if !validAddress(strings.TrimSpace(to)) {
			return bad(fmt.Sprintf("digest.to[%d]", i), "not an email address: %q", to)
		}
	}
	if len(d.To) == 0 {
		return nil // no digest: [smtp] is not needed
	}
	return c.validateSMTP()
}

func (c *Config) validateSMTP() error {
	s := c.SMTP
	bad := func(key, format string, args ...any) error {
		return &Error{File: c.File, Key: "smtp." + key, Msg: fmt.Sprintf(format, args...)}
	}
	if s.Host == "" {
		return bad("host", "required to send the digest (digest.to is set)")
	}
	if s.Port < 1 || s.Port > 65535 {
		return bad("port", "must be between 1 and 65535 (got %d)", s.Port)
	}
	switch s.Security {
	case "tls", "starttls":
	case "none":
		if !IsLoopback(s.Host) {
			return bad("security", `"none" sends mail and password in clear text; it is allowed only for a loopback host (got %q): use "tls" or "starttls"`, s.Host)
		}
	default:
		return bad("security", `must be "tls", "starttls" or "none" (got %q)`, s.Security)
	}
	if s.PasswordCmd != "" && s.PasswordEnv != "" {
		return bad("password_cmd", "set password_cmd or password_env, not both")
	}
	switch {
	case s.OAuthAccount != "":
		if err := c.validateSMTPOAuth(); err != nil { // google_validate.go
			return err
		}
		s = c.SMTP // with username and from defaulted
	case s.Username != "" && s.PasswordCmd == "" && s.PasswordEnv == "":
		return bad("password_cmd", "required with smtp.username: set password_cmd or password_env (or oauth_account)")
	case s.Username == "" && (s.PasswordCmd != "" || s.PasswordEnv != ""):
		return bad("username", "required when a password is set")
	}
	if s.From == "" {
		return bad("from", "required: the address the digest comes from")
	}
	if !validAddress(s.From) {
		return bad("from", "not an email address: %q", s.From)
	}
	if s.Timeout.Duration < 0 {
		return bad("timeout", "must be positive")
	}
	if s.TLSCAFile != "" {
		if _, err := os.Stat(s.TLSCAFile); err != nil {
			return bad("tls_ca_file", "cannot read %s", s.TLSCAFile)
		}
	}
	return nil
}
