package config

import (
	"fmt"
	"net/url"
	"os"
	"strings"
)

// validateGoogleAccount checks a gmail or google-calendar account. Google
// accounts need no host, username or password: they sign in with
// `tend auth google`.
func (c *Config) validateGoogleAccount(i int) error {
	a := &c.Accounts[i]
	defaultGoogle(a, c.Index.Path)
	bad := func(k, format string, args ...any) error {
		return &Error{File: c.File, Key: fmt.Sprintf("accounts[%d].%s", i, k), Msg: fmt.Sprintf(format, args...)}
	}
	if a.Auth != "" && a.Auth != "oauth2" {
		return bad("auth", `a %s account always signs in with OAuth2; leave auth out (got %q)`, a.Kind, a.Auth)
	}
	if a.OAuthProvider != "" && a.OAuthProvider != "google" {
		return bad("oauth_provider", `a %s account signs in with Google (got %q)`, a.Kind, a.OAuthProvider)
	}
	if err := c.validateOAuthClient(i, bad); err != nil {
		return err
	}
	for k, v := range map[string]string{"api_endpoint": a.APIEndpoint} {
		if err := checkURL(v); err != nil {
			return bad(k, "%v", err)
		}
	}
	for j, cal := range a.Calendars {
		if strings.TrimSpace(cal) == "" {
			return bad(fmt.Sprintf("calendars[%d]", j), "empty calendar id")
		}
	}
	for j, l := range a.Labels {
		if strings.TrimSpace(l) == "" {
			return bad(fmt.Sprintf("labels[%d]", j), "empty label id")
		}
	}
	if a.Kind == KindGmail && len(a.Calendars) > 0 {
		return bad("calendars", "only for kind = \"google-calendar\"")
	}
	if a.Kind == KindGoogleCalendar && len(a.Labels) > 0 {
		return bad("labels", "only for kind = \"gmail\"")
	}
	if a.MaxAttendees < 1 {
		return bad("max_attendees", "must be at least 1 (got %d)", a.MaxAttendees)
	}
	for j, addr := range a.Addresses {
		if !validAddress(strings.TrimSpace(addr)) {
			return bad(fmt.Sprintf("addresses[%d]", j), "not an email address: %q", addr)
		}
	}
	return nil
}

// validateOAuthClient checks the client, the token source and the
// endpoints of an account that signs in with OAuth2.
func (c *Config) validateOAuthClient(i int, bad func(k, format string, args ...any) error) error {
	a := &c.Accounts[i]
	switch {
	case a.ClientSecretFile != "" && (a.ClientID != "" || a.ClientSecret != ""):
		return bad("client_secret_file", "set client_secret_file or client_id/client_secret, not both")
	case a.ClientSecretFile != "":
		if _, err := os.Stat(a.ClientSecretFile); err != nil {
			return bad("client_secret_file", "cannot read %s", a.ClientSecretFile)
		}
	case a.ClientID == "" && a.TokenCmd == "":
		return bad("client_id", "required: create an OAuth client (Desktop app) in the Google Cloud console and set client_id and client_secret, or client_secret_file (see README, Google accounts)")
	}
	if a.TokenFile != "" && a.TokenCmd != "" {
		return bad("token_file", "set token_file or token_cmd, not both")
	}
	for k, v := range map[string]string{"auth_url": a.AuthURL, "token_url": a.TokenURL} {
		if err := checkURL(v); err != nil {
			return bad(k, "%v", err)
		}
	}
	return nil
}

// validateIMAPOAuth checks an imap account with auth = "oauth2".
func (c *Config) validateIMAPOAuth(i int) error {
	a := &c.Accounts[i]
	defaultGoogle(a, c.Index.Path)
	bad := func(k, format string, args ...any) error {
		return &Error{File: c.File, Key: fmt.Sprintf("accounts[%d].%s", i, k), Msg: fmt.Sprintf(format, args...)}
	}
	switch a.OAuthProvider {
	case "google", "microsoft":
	default:
		return bad("oauth_provider", `must be "google" or "microsoft" (got %q)`, a.OAuthProvider)
	}
	if a.PasswordCmd != "" || a.PasswordEnv != "" {
		return bad("password_cmd", `not used with auth = "oauth2": the token comes from tend auth`)
	}
	return c.validateOAuthClient(i, bad)
}

// validateSMTPOAuth checks smtp.oauth_account: it must name an imap
// account signing in with Google's OAuth2, whose token carries the
// https://mail.google.com/ scope Gmail's SMTP needs (Gmail API and
// Calendar tokens do not; Microsoft 365's IMAP token lacks SMTP.Send and
// its SMTP speaks only XOAUTH2). Username and from default to that
// account's username.
func (c *Config) validateSMTPOAuth() error {
	s := &c.SMTP
	bad := func(k, format string, args ...any) error {
		return &Error{File: c.File, Key: "smtp." + k, Msg: fmt.Sprintf(format, args...)}
	}
	if s.PasswordCmd != "" || s.PasswordEnv != "" {
		return bad("oauth_account", "set oauth_account or password_cmd/password_env, not both")
	}
	var acct *Account
	for i := range c.Accounts {
		if c.Accounts[i].Name == s.OAuthAccount {
			acct = &c.Accounts[i]
		}
	}
	switch {
	case acct == nil:
		return bad("oauth_account", "no account named %q", s.OAuthAccount)
	case acct.Kind != "imap" || acct.Auth != "oauth2" || acct.OAuthProvider != "google":
		return bad("oauth_account", `account %q cannot send mail: name an imap account with auth = "oauth2" and oauth_provider = "google" (its token has the https://mail.google.com/ scope SMTP needs)`, s.OAuthAccount)
	}
	if s.Username == "" {
		s.Username = acct.Username
	}
	if s.From == "" && validAddress(s.Username) {
		s.From = s.Username
	}
	return nil
}

// checkURL accepts "" (the default) or an absolute http(s) URL; plain http
// only on loopback, so tokens never cross a network in clear text.
func checkURL(s string) error {
	if s == "" {
		return nil
	}
	u, err := url.Parse(s)
	if err != nil || u.Host == "" || (u.Scheme != "https" && u.Scheme != "http") {
		return fmt.Errorf("not an http(s) URL: %q", s)
	}
	if u.Scheme == "http" && !IsLoopback(u.Hostname()) {
		return fmt.Errorf("plain http is allowed only for a loopback host (got %q): use https", s)
	}
	return nil
}
