package imapmail

import (
	"context"
	"errors"
	"fmt"
	"net"
	"strconv"
	"strings"

	"github.com/emersion/go-imap/v2"
	"github.com/emersion/go-sasl"
)

// ErrTokenRefused reports that the server refused an OAuth2 access token,
// even after Dial refreshed it and dialed again: the sign-in must be
// renewed. It wraps ErrAuth. Check with errors.Is.
var ErrTokenRefused = fmt.Errorf("oauth2 token refused: %w", ErrAuth)

// Dial connects, authenticates (LOGIN, or AUTHENTICATE PLAIN when the server
// advertises LOGINDISABLED; with OAuth2, OAUTHBEARER or XOAUTH2) and returns
// a client. The client lives as long as ctx: when ctx ends the connection is
// closed. Rejected credentials yield an error wrapping ErrAuth.
//
// With OAuth2 a refused token gets one more chance: go-imap beta.8 leaves the
// connection wedged after a failed SASL exchange, so Dial closes it, takes a
// fresh token from Refresh and dials once more. Refused again, the error
// wraps ErrTokenRefused and ends with ReauthHint. Tokens never appear in
// errors.
func Dial(ctx context.Context, opts Options) (*Client, error) {
	if err := opts.setDefaults(); err != nil {
		return nil, err
	}
	c, err := dialOnce(ctx, opts)
	if err == nil || !opts.OAuth2 || !errors.Is(err, ErrTokenRefused) || ctx.Err() != nil {
		return c, err
	}
	opts.Logger.Info("imap server refused the oauth2 token; refreshing it and dialing again",
		"server", net.JoinHostPort(opts.Host, strconv.Itoa(opts.Port)), "user", opts.Username, "err", err)
	if opts.Refresh != nil {
		opts.Password = opts.Refresh
	}
	c, err = dialOnce(ctx, opts)
	if err != nil && errors.Is(err, ErrTokenRefused) && opts.ReauthHint != "" {
		return nil, fmt.Errorf("%w (also after a refresh): %s", err, opts.ReauthHint)
	}
	return c, err
}

// login authenticates with LOGIN, or AUTHENTICATE PLAIN when the server
// advertises LOGINDISABLED. A NO answer is reported as ErrAuth. The password
// is scrubbed from every error.
func (c *Client) login(ctx context.Context, addr string) error {
	if c.opts.OAuth2 {
		return c.loginOAuth(ctx, addr) // sasl.go
	}
	pw, err := c.opts.Password(ctx)
	if err != nil {
		return fmt.Errorf("getting the password for %q on %s: %w", c.opts.Username, addr, err)
	}
	if c.cl.Caps().Has(imap.CapLoginDisabled) {
		err = c.cl.Authenticate(sasl.NewPlainClient("", c.opts.Username, pw))
	} else {
		err = c.cl.Login(c.opts.Username, pw).Wait()
	}
	if err == nil {
		return nil
	}
	err = scrub(err, pw)
	var ie *imap.Error
	if errors.As(err, &ie) && ie.Type == imap.StatusResponseTypeNo {
		return fmt.Errorf("logging in to %s as %q: %w: %w", addr, c.opts.Username, ErrAuth, err)
	}
	return fmt.Errorf("logging in to %s as %q: %w", addr, c.opts.Username, err)
}

// scrub replaces an error whose text contains the secret by one that does
// not, keeping *imap.Error so callers can still inspect the server status.
func scrub(err error, secret string) error {
	if secret == "" || !strings.Contains(err.Error(), secret) {
		return err
	}
	var ie *imap.Error
	if errors.As(err, &ie) {
		clean := *ie
		clean.Text = strings.ReplaceAll(ie.Text, secret, "[redacted]")
		return &clean
	}
	return errors.New(strings.ReplaceAll(err.Error(), secret, "[redacted]"))
}
