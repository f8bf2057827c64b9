package config

import (
	"errors"
	"fmt"
	"io/fs"
	"net"
	"net/mail"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/BurntSushi/toml"
)

// Error is a configuration problem at one key of one file.
type Error struct {
	File string // the config file; "" for a built-in config
	Key  string // dotted key, e.g. accounts[1].port; "" for the whole file
	Msg  string
}

func (e *Error) Error() string {
	var b strings.Builder
	if e.File != "" {
		b.WriteString(e.File)
		b.WriteString(": ")
	}
	if e.Key != "" {
		b.WriteString(e.Key)
		b.WriteString(": ")
	}
	b.WriteString(e.Msg)
	return b.String()
}

// ErrNotFound is wrapped by Load when the config file does not exist.
var ErrNotFound = errors.New("config file not found")

// Load reads, defaults and validates the config at path.
func Load(path string) (*Config, error) {
	data, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, fmt.Errorf("%s: %w (create it from config.example.toml, or pass --config)", path, ErrNotFound)
	}
	if err != nil {
		return nil, fmt.Errorf("reading config: %w", err)
	}
	return Parse(path, data)
}

// Parse decodes TOML text as if read from file, then defaults and validates it.
func Parse(file string, data []byte) (*Config, error) {
	var c Config
	md, err := toml.Decode(string(data), &c)
	if err != nil {
		var pe toml.ParseError
		if errors.As(err, &pe) {
			return nil, &Error{File: file, Msg: fmt.Sprintf("line %d: %s", pe.Position.Line, pe.Message)}
		}
		return nil, &Error{File: file, Msg: oneLine(err.Error())}
	}
	if und := md.Undecoded(); len(und) > 0 {
		return nil, &Error{File: file, Key: keyName(und[0]), Msg: "unknown key (see config.example.toml for the keys tend knows)"}
	}
	c.File = file
	c.applyDefaults()
	if err := c.Validate(); err != nil {
		return nil, err
	}
	return &c, nil
}

// keyName turns a TOML key into the form errors use: accounts[2].host.
func keyName(k toml.Key) string {
	return k.String()
}

func oneLine(s string) string {
	s = strings.TrimSpace(s)
	if i := strings.IndexByte(s, '\n'); i >= 0 {
		s = s[:i]
	}
	return s
}

func (c *Config) applyDefaults() {
	if c.Index.Path == "" {
		c.Index.Path = DefaultIndexPath()
	}
	c.Index.Path = ExpandHome(c.Index.Path)
	if c.Inference.MaxRecipients == 0 {
		c.Inference.MaxRecipients = 15
	}
	s := &c.Scoring
	def := func(v *float64, d float64) {
		if *v == 0 {
			*v = d
		}
	}
	def(&s.HalfLifeDays, 90)
	def(&s.DefaultCadenceDays, 90)
	def(&s.MinCadenceDays, 14)
	def(&s.MaxCadenceDays, 365)
	def(&s.LapsedFactor, 2)
	if c.Log.Level == "" {
		c.Log.Level = "info"
	}
	if c.Log.Format == "" {
		c.Log.Format = "text"
	}
	c.defaultRelationships()
	c.defaultDaemon()
	for i := range c.Accounts {
		a := &c.Accounts[i]
		a.Kind = strings.ToLower(a.Kind)
		a.Security = strings.ToLower(a.Security)
		if a.Security == "" {
			a.Security = "tls"
		}
		if a.Port == 0 {
			a.Port = 993
			if a.Security != "tls" {
				a.Port = 143
			}
		}
		if a.Timeout.Duration == 0 {
			a.Timeout.Duration = 60 * time.Second
		}
		if a.Connections == 0 {
			a.Connections = 2
		}
		if a.TLSCAFile != "" {
			a.TLSCAFile = ExpandHome(a.TLSCAFile)
		}
	}
}

// ExpandHome replaces a leading "~/" with the user's home directory.
func ExpandHome(p string) string {
	if p == "~" || strings.HasPrefix(p, "~/") {
		if home, err := os.UserHomeDir(); err == nil {
			return filepath.Join(home, strings.TrimPrefix(p, "~"))
		}
	}
	return p
}

// IsLoopback reports whether host names this machine only (localhost, 127/8, ::1).
func IsLoopback(host string) bool {
	if strings.EqualFold(host, "localhost") {
		return true
	}
	ip := net.ParseIP(strings.Trim(host, "[]"))
	return ip != nil && ip.IsLoopback()
}

// validAddress reports whether s is a bare email address.
func validAddress(s string) bool {
	a, err := mail.ParseAddress(s)
	return err == nil && a.Name == "" && strings.EqualFold(a.Address, s)
}
