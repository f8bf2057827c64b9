package config

import (
	"fmt"
	"net/url"
	"os"
	"strings"
)

// validateDAVAccount checks a caldav or carddav account: an https URL (http
// only on loopback) without credentials in it, a username and one password
// source. The username counts as one of the user's addresses when it is one.
func (c *Config) validateDAVAccount(i int) error {
	a := &c.Accounts[i]
	bad := func(k, format string, args ...any) error {
		return &Error{File: c.File, Key: fmt.Sprintf("accounts[%d].%s", i, k), Msg: fmt.Sprintf(format, args...)}
	}
	if a.URL == "" {
		return bad("url", "required: the server's address (https://dav.example.com/), or one calendar's or address book's URL")
	}
	u, err := url.Parse(a.URL)
	if err != nil || u.Host == "" {
		return bad("url", "not a URL")
	}
	if u.User != nil {
		return bad("url", "must not hold a username or password: use username and password_cmd")
	}
	switch strings.ToLower(u.Scheme) {
	case "https":
	case "http":
		if !IsLoopback(u.Hostname()) {
			return bad("url", "must be https (plain http sends your password in clear text; it is allowed only for a loopback host)")
		}
	default:
		return bad("url", "must be an https address (got scheme %q)", u.Scheme)
	}
	if a.Path != "" {
		return bad("path", "a %s account reads a server (url), not a file", a.Kind)
	}
	if a.Username == "" {
		return bad("username", "required")
	}
	switch {
	case a.PasswordCmd != "" && a.PasswordEnv != "":
		return bad("password_cmd", "set password_cmd or password_env, not both")
	case a.PasswordCmd == "" && a.PasswordEnv == "":
		return bad("password_cmd", "required: set password_cmd (a command printing the password, e.g. an app password) or password_env")
	}
	if a.TLSCAFile != "" {
		if _, err := os.Stat(a.TLSCAFile); err != nil {
			return bad("tls_ca_file", "cannot read %s", a.TLSCAFile)
		}
	}
	if a.Horizon.Duration < 0 {
		return bad("horizon", "must be positive")
	}
	if a.MaxAttendees < 1 {
		return bad("max_attendees", "must be at least 1 (got %d)", a.MaxAttendees)
	}
	for j, name := range append(append([]string(nil), a.Calendars...), a.AddressBooks...) {
		if strings.TrimSpace(name) == "" {
			key := fmt.Sprintf("calendars[%d]", j)
			if j >= len(a.Calendars) {
				key = fmt.Sprintf("address_books[%d]", j-len(a.Calendars))
			}
			return bad(key, "empty name")
		}
	}
	for j, addr := range a.Addresses {
		if !validAddress(strings.TrimSpace(addr)) {
			return bad(fmt.Sprintf("addresses[%d]", j), "not an email address: %q", addr)
		}
	}
	if validAddress(a.Username) && !containsFold(a.Addresses, a.Username) {
		a.Addresses = append(a.Addresses, a.Username)
	}
	return nil
}
