package imapmail

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/emersion/go-imap/v2"
	"github.com/emersion/go-sasl"
)

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
