// Package config decodes, defaults and validates tend's TOML configuration.
// Nothing starts before Load has returned a valid Config; every error names
// the file and the key at fault.
package config

import (
	"fmt"
	"os"
	"path/filepath"
	"time"
)

// Config is the whole configuration. Load fills defaults, so zero values
// never reach the rest of tend.
type Config struct {
	Index     Index     `toml:"index"`
	Inference Inference `toml:"inference"`
	Scoring   Scoring   `toml:"scoring"`
	Log       Log       `toml:"log"`
	Accounts  []Account `toml:"accounts"`

	// Relationships holds tiers, tier rules and identity settings (relationships.go).
	Relationships Relationships `toml:"relationships"`
	// Daemon, Digest and SMTP configure `tend run` and the digest (daemon.go).
	Daemon Daemon `toml:"daemon"`
	Digest Digest `toml:"digest"`
	SMTP   SMTP   `toml:"smtp"`

	// File is the path the config was read from; empty for built-in configs.
	File string `toml:"-"`
}

// Index says where the SQLite index lives and what it may keep.
type Index struct {
	Path          string `toml:"path"`           // default ~/.local/share/tend/tend.db ("~" expanded)
	StoreSubjects *bool  `toml:"store_subjects"` // default true: keep subjects for reminders' context
}

// KeepSubjects reports whether subjects are stored (default true).
func (i Index) KeepSubjects() bool { return i.StoreSubjects == nil || *i.StoreSubjects }

// Inference tunes how messages become contact.
type Inference struct {
	MaxRecipients int `toml:"max_recipients"` // default 15
}

// Scoring tunes the relationship model.
type Scoring struct {
	HalfLifeDays       float64 `toml:"half_life_days"`       // default 90
	DefaultCadenceDays float64 `toml:"default_cadence_days"` // default 90
	MinCadenceDays     float64 `toml:"min_cadence_days"`     // default 14
	MaxCadenceDays     float64 `toml:"max_cadence_days"`     // default 365
	LapsedFactor       float64 `toml:"lapsed_factor"`        // default 2
}

// Log configures log/slog output.
type Log struct {
	Level  string `toml:"level"`  // debug, info (default), warn, error
	Format string `toml:"format"` // text (default) or json
}

// Account is one source of interactions.
type Account struct {
	Name        string   `toml:"name"`
	Kind        string   `toml:"kind"` // "imap"
	Host        string   `toml:"host"`
	Port        int      `toml:"port"`     // default 993 for tls, 143 otherwise
	Security    string   `toml:"security"` // tls (default), starttls, none
	Username    string   `toml:"username"`
	PasswordCmd string   `toml:"password_cmd"`
	PasswordEnv string   `toml:"password_env"`
	Addresses   []string `toml:"addresses"`
	Folders     []string `toml:"folders"`     // empty: tend's folder policy
	TLSCAFile   string   `toml:"tls_ca_file"` // PEM certificate(s) to trust for this server (self-signed servers)
	Timeout     Duration `toml:"timeout"`     // default 60s: longest a single network read may stall
	Connections int      `toml:"connections"` // default 2: parallel IMAP connections, sharing folders and UID ranges of a large one
	Interval    Duration `toml:"interval"`    // default 15m: how often `tend run` syncs this account (daemon.go)

	// Google holds the keys of Google and OAuth2 accounts (google.go).
	Google
	// Calendar holds the keys of ics accounts (calendar.go).
	Calendar
}

// Duration is a time.Duration written as a Go duration string ("90s", "15m").
type Duration struct{ time.Duration }

// UnmarshalText parses a Go duration string.
func (d *Duration) UnmarshalText(b []byte) error {
	v, err := time.ParseDuration(string(b))
	if err != nil {
		return fmt.Errorf("not a duration like \"60s\" or \"15m\": %q", b)
	}
	d.Duration = v
	return nil
}

// MarshalText writes the duration as a Go duration string.
func (d Duration) MarshalText() ([]byte, error) { return []byte(d.Duration.String()), nil }

// DefaultPath is $XDG_CONFIG_HOME/tend/config.toml, or ~/.config/tend/config.toml.
func DefaultPath() string {
	if x := os.Getenv("XDG_CONFIG_HOME"); x != "" {
		return filepath.Join(x, "tend", "config.toml")
	}
	home, err := os.UserHomeDir()
	if err != nil {
		return filepath.Join(".config", "tend", "config.toml")
	}
	return filepath.Join(home, ".config", "tend", "config.toml")
}

// DefaultIndexPath is $XDG_DATA_HOME/tend/tend.db, or ~/.local/share/tend/tend.db.
func DefaultIndexPath() string {
	if x := os.Getenv("XDG_DATA_HOME"); x != "" {
		return filepath.Join(x, "tend", "tend.db")
	}
	return "~/.local/share/tend/tend.db"
}
