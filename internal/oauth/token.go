package oauth

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"time"

	"golang.org/x/oauth2"
)

// ErrNotSignedIn reports that an account has no saved token yet.
var ErrNotSignedIn = errors.New("not signed in")

// Token is a sign-in as tend keeps it: the OAuth2 token plus the address
// that signed in and the scopes the user granted.
type Token struct {
	AccessToken  string    `json:"access_token,omitempty"`
	TokenType    string    `json:"token_type,omitempty"`
	RefreshToken string    `json:"refresh_token"`
	Expiry       time.Time `json:"expiry,omitzero"`
	Email        string    `json:"email,omitempty"`
	Scopes       []string  `json:"scopes,omitempty"`
}

// OAuth2 returns the x/oauth2 form of t.
func (t *Token) OAuth2() *oauth2.Token {
	return &oauth2.Token{AccessToken: t.AccessToken, TokenType: t.TokenType,
		RefreshToken: t.RefreshToken, Expiry: t.Expiry}
}

// fromOAuth2 builds a Token from an exchange or refresh response, keeping
// meta's email and scopes when the response does not say.
func fromOAuth2(o *oauth2.Token, meta *Token) *Token {
	t := &Token{AccessToken: o.AccessToken, TokenType: o.TokenType,
		RefreshToken: o.RefreshToken, Expiry: o.Expiry.UTC()}
	if meta != nil {
		t.Email, t.Scopes = meta.Email, meta.Scopes
		if t.RefreshToken == "" {
			t.RefreshToken = meta.RefreshToken
		}
	}
	if s, ok := o.Extra("scope").(string); ok && s != "" {
		t.Scopes = strings.Fields(s)
	}
	if id, ok := o.Extra("id_token").(string); ok {
		if e := emailFromIDToken(id); e != "" {
			t.Email = e
		}
	}
	return t
}

// Store keeps one account's token.
type Store interface {
	// Load returns the token, or an error wrapping ErrNotSignedIn.
	Load(ctx context.Context) (*Token, error)
	// Save replaces the token.
	Save(ctx context.Context, t *Token) error
}

// FileStore keeps the token as JSON in a 0600 file in a 0700 directory.
type FileStore struct{ Path string }

// Load reads the token file.
func (f FileStore) Load(context.Context) (*Token, error) {
	data, err := os.ReadFile(f.Path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, fmt.Errorf("no token file %s: %w", f.Path, ErrNotSignedIn)
	}
	if err != nil {
		return nil, fmt.Errorf("reading token file: %w", err)
	}
	t, err := ParseToken(data)
	if err != nil {
		return nil, fmt.Errorf("token file %s: %w", f.Path, err)
	}
	return t, nil
}

// Save writes the token atomically (temporary file, then rename), 0600.
func (f FileStore) Save(_ context.Context, t *Token) error {
	dir := filepath.Dir(f.Path)
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return fmt.Errorf("creating token directory: %w", err)
	}
	data, err := json.MarshalIndent(t, "", "  ")
	if err != nil {
		return fmt.Errorf("encoding token: %w", err)
	}
	tmp, err := os.CreateTemp(dir, ".token-*")
	if err != nil {
		return fmt.Errorf("writing token file: %w", err)
	}
	defer os.Remove(tmp.Name())
	if err := tmp.Chmod(0o600); err != nil {
		tmp.Close()
		return fmt.Errorf("writing token file: %w", err)
	}
	if _, err := tmp.Write(append(data, '\n')); err != nil {
		tmp.Close()
		return fmt.Errorf("writing token file: %w", err)
	}
	if err := tmp.Close(); err != nil {
		return fmt.Errorf("writing token file: %w", err)
	}
	if err := os.Rename(tmp.Name(), f.Path); err != nil {
		return fmt.Errorf("writing token file: %w", err)
	}
	return nil
}

// CmdStore runs a command that prints the token JSON (for example from a
// password manager). Save does nothing: refreshed access tokens live in
// memory only, and the refresh token the command prints stays valid.
type CmdStore struct{ Cmd string }

// Load runs the command. Its output never appears in errors.
func (c CmdStore) Load(ctx context.Context) (*Token, error) {
	cmd := exec.CommandContext(ctx, "/bin/sh", "-c", c.Cmd)
	var out bytes.Buffer
	cmd.Stdout = &out
	if err := cmd.Run(); err != nil {
		var ee *exec.ExitError
		if errors.As(err, &ee) {
			return nil, fmt.Errorf("token_cmd exited with status %d", ee.ExitCode())
		}
		return nil, fmt.Errorf("running token_cmd: %w", err)
	}
	t, err := ParseToken(out.Bytes())
	if err != nil {
		return nil, fmt.Errorf("token_cmd output: %w", err)
	}
	return t, nil
}

// Save does nothing: a token command is read-only.
func (CmdStore) Save(context.Context, *Token) error { return nil }

// ParseToken reads a token file: tend's own format, a plain OAuth2 token
// response, or Google's "authorized_user" credentials JSON. A refresh
// token is required. Token text never appears in the error.
func ParseToken(data []byte) (*Token, error) {
	var raw struct {
		Token
		Scope   string `json:"scope"`
		IDToken string `json:"id_token"`
		Type    string `json:"type"`
	}
	if err := json.Unmarshal(data, &raw); err != nil {
		return nil, errors.New("not a JSON token (want the file tend auth wrote, or a JSON object with a refresh_token)")
	}
	t := raw.Token
	if len(t.Scopes) == 0 && raw.Scope != "" {
		t.Scopes = strings.Fields(raw.Scope)
	}
	if t.Email == "" && raw.IDToken != "" {
		t.Email = emailFromIDToken(raw.IDToken)
	}
	if t.RefreshToken == "" {
		return nil, errors.New("no refresh_token: sign in again with tend auth")
	}
	return &t, nil
}
