// Package gclient builds the HTTP client tend's Google providers share: the
// OAuth2 token on every request, retries with exponential backoff on 429,
// 403 rateLimitExceeded and 5xx (honouring Retry-After), and errors a
// caller can tell apart (ErrRateLimited, ErrUnauthorized).
package gclient

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"strings"
	"time"

	"golang.org/x/oauth2"
	"google.golang.org/api/googleapi"
	"google.golang.org/api/option"
)

// ErrRateLimited reports that Google still refused after every retry.
var ErrRateLimited = errors.New("google rate limit exceeded")

// ErrUnauthorized reports that Google rejected the access token (401) or
// that the sign-in lacks a scope (403 insufficientPermissions).
var ErrUnauthorized = errors.New("google rejected the sign-in")

// Options configure the client. Nil fields have defaults.
type Options struct {
	// Endpoint is the API base URL, e.g. "http://127.0.0.1:8080"; "" means
	// each API's own Google endpoint.
	Endpoint string
	// TokenSource authorizes requests; nil sends none (tests).
	TokenSource oauth2.TokenSource
	// Base is the transport under retries and auth; nil: http.DefaultTransport.
	Base http.RoundTripper
	// MaxRetries per request (default 6); Sleep waits between tries
	// (default: a timer honouring ctx).
	MaxRetries int
	Sleep      func(ctx context.Context, d time.Duration) error
	// MaxDelay caps one wait (default 64s), Retry-After included.
	MaxDelay time.Duration
	// Logger nil discards logs.
	Logger *slog.Logger
}

// HTTPClient returns the authorized, retrying client.
func HTTPClient(o Options) *http.Client {
	if o.Base == nil {
		o.Base = http.DefaultTransport
	}
	if o.MaxRetries <= 0 {
		o.MaxRetries = 6
	}
	if o.Sleep == nil {
		o.Sleep = sleep
	}
	if o.MaxDelay <= 0 {
		o.MaxDelay = 64 * time.Second
	}
	if o.Logger == nil {
		o.Logger = slog.New(slog.DiscardHandler)
	}
	var rt http.RoundTripper = &retry{base: o.Base, opts: o}
	if o.TokenSource != nil {
		rt = &oauth2.Transport{Source: o.TokenSource, Base: rt}
	}
	return &http.Client{Transport: rt}
}

// ServiceOptions returns the google.golang.org/api options for an API
// whose path under the endpoint is path ("" for Gmail and People,
// "calendar/v3/" for Calendar).
func ServiceOptions(o Options, path string) []option.ClientOption {
	opts := []option.ClientOption{option.WithHTTPClient(HTTPClient(o))}
	if o.Endpoint != "" {
		opts = append(opts, option.WithEndpoint(strings.TrimRight(o.Endpoint, "/")+"/"+path))
	}
	return opts
}

func sleep(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// Status returns the HTTP status of a Google API error, or 0.
func Status(err error) int {
	var ge *googleapi.Error
	if errors.As(err, &ge) {
		return ge.Code
	}
	return 0
}

// HasReason reports whether a Google API error carries reason, in its
// errors[] list or its ErrorInfo details (e.g. "EXPIRED_SYNC_TOKEN").
func HasReason(err error, reason string) bool {
	var ge *googleapi.Error
	if !errors.As(err, &ge) {
		return false
	}
	for _, it := range ge.Errors {
		if it.Reason == reason {
			return true
		}
	}
	if ge.Details != nil && strings.Contains(fmt.Sprint(ge.Details), reason) {
		return true
	}
	return strings.Contains(ge.Body, `"`+reason+`"`)
}

// Classify wraps err so callers can tell a rejected sign-in
// (ErrUnauthorized) from the rest; other errors are returned as they are.
func Classify(err error) error {
	switch {
	case err == nil:
		return nil
	case Status(err) == http.StatusUnauthorized:
		return fmt.Errorf("%w (401): %w", ErrUnauthorized, err)
	case Status(err) == http.StatusTooManyRequests || HasReason(err, "rateLimitExceeded") || HasReason(err, "userRateLimitExceeded"):
		return fmt.Errorf("%w: %w", ErrRateLimited, err)
	case Status(err) == http.StatusForbidden && (HasReason(err, "insufficientPermissions") || HasReason(err, "ACCESS_TOKEN_SCOPE_INSUFFICIENT")):
		return fmt.Errorf("%w: a needed scope was not granted, sign in again: %w", ErrUnauthorized, err)
	}
	return err
}
