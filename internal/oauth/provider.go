// Package oauth signs tend in to OAuth2 providers (Google, Microsoft 365)
// and keeps each account's token: the installed-app flow with a loopback
// redirect and PKCE, token files (0600) or a token command, and a
// TokenSource that saves refreshed tokens and turns a revoked sign-in into
// ErrReauth. It never logs a token.
package oauth

import (
	"golang.org/x/oauth2"
)

// Scopes tend asks for. Every one is read-only; "openid email" only tells
// tend which address signed in.
const (
	ScopeOpenID           = "openid"
	ScopeEmail            = "email"
	ScopeGmailMetadata    = "https://www.googleapis.com/auth/gmail.metadata"
	ScopeCalendarEvents   = "https://www.googleapis.com/auth/calendar.events.readonly"
	ScopeContactsReadonly = "https://www.googleapis.com/auth/contacts.readonly"
	// ScopeGmailIMAP is the only scope Gmail accepts over IMAP: full access.
	ScopeGmailIMAP = "https://mail.google.com/"
	// ScopeOutlookIMAP is Microsoft 365's IMAP scope.
	ScopeOutlookIMAP   = "https://outlook.office.com/IMAP.AccessAsUser.All"
	scopeOfflineAccess = "offline_access"
)

// Provider is an OAuth2 authorization server preset.
type Provider struct {
	Name     string // "google" or "microsoft"; also the `tend auth` subcommand
	AuthURL  string
	TokenURL string
}

// Google is Google's authorization server.
func Google() Provider {
	return Provider{Name: "google",
		AuthURL:  "https://accounts.google.com/o/oauth2/auth",
		TokenURL: "https://oauth2.googleapis.com/token"}
}

// Microsoft is Microsoft identity platform's multi-tenant endpoint.
func Microsoft() Provider {
	return Provider{Name: "microsoft",
		AuthURL:  "https://login.microsoftonline.com/common/oauth2/v2.0/authorize",
		TokenURL: "https://login.microsoftonline.com/common/oauth2/v2.0/token"}
}

// ProviderByName returns the preset called name, and false when none is.
func ProviderByName(name string) (Provider, bool) {
	switch name {
	case "google":
		return Google(), true
	case "microsoft":
		return Microsoft(), true
	}
	return Provider{}, false
}

// Scopes returns what an account of kind asks for: "gmail",
// "google-calendar" (birthdays adds contacts.readonly), or "imap" with
// provider "google" or "microsoft".
func Scopes(kind, provider string, birthdays bool) []string {
	s := []string{ScopeOpenID, ScopeEmail}
	switch kind {
	case "gmail":
		s = append(s, ScopeGmailMetadata)
	case "google-calendar":
		s = append(s, ScopeCalendarEvents)
		if birthdays {
			s = append(s, ScopeContactsReadonly)
		}
	case "imap":
		if provider == "microsoft" {
			s = append(s, ScopeOutlookIMAP, scopeOfflineAccess)
		} else {
			s = append(s, ScopeGmailIMAP)
		}
	}
	return s
}

// Client is one account's OAuth2 client: who tend is, where it signs in,
// and what it asks for.
type Client struct {
	ID, Secret string
	Provider   Provider // AuthURL/TokenURL may be overridden by config
	Scopes     []string
}

// Config returns the x/oauth2 config of c, redirecting to redirect.
func (c Client) Config(redirect string) *oauth2.Config {
	return &oauth2.Config{
		ClientID:     c.ID,
		ClientSecret: c.Secret,
		Endpoint: oauth2.Endpoint{AuthURL: c.Provider.AuthURL, TokenURL: c.Provider.TokenURL,
			AuthStyle: oauth2.AuthStyleInParams},
		RedirectURL: redirect,
		Scopes:      c.Scopes,
	}
}
