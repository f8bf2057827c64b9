package imapmail

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net"
	"strconv"

	"github.com/emersion/go-imap/v2"
	"github.com/emersion/go-sasl"
)

// XOAuth2 is the name of Google's and Microsoft's pre-standard OAuth2 SASL
// mechanism, which go-sasl does not ship.
const XOAuth2 = "XOAUTH2"

// xoauth2Client is a sasl.Client for XOAUTH2 (Microsoft 365 offers only this).
type xoauth2Client struct{ user, token string }

// NewXOAuth2Client returns a SASL client sending user and an OAuth2 access
// token with XOAUTH2.
func NewXOAuth2Client(user, token string) sasl.Client {
	return &xoauth2Client{user: user, token: token}
}

func (x *xoauth2Client) Start() (string, []byte, error) {
	return XOAuth2, []byte("user=" + x.user + "\x01auth=Bearer " + x.token + "\x01\x01"), nil
}

// Next answers the server's error challenge (a JSON status) with an empty
// response, so the server ends the exchange with NO.
func (x *xoauth2Client) Next([]byte) ([]byte, error) { return []byte{}, nil }

// oauthBearerClient is go-sasl's OAUTHBEARER client, except that it answers
// the server's error challenge with the dummy response RFC 7628 §3.2.3 asks
// for (go-sasl returns an error and leaves the exchange hanging), so the
// server ends it with NO; the challenge's status is kept for the error.
type oauthBearerClient struct {
	sasl.Client
	status string
}

func (o *oauthBearerClient) Next(challenge []byte) ([]byte, error) {
	var e sasl.OAuthBearerError
	if json.Unmarshal(challenge, &e) == nil && e.Status != "" {
		o.status = e.Status
	} else {
		o.status = "refused"
	}
	return []byte{0x01}, nil
}

// loginOAuth authenticates with an access token: OAUTHBEARER when the
// server offers it, else XOAUTH2. A refused token yields an error wrapping
// ErrTokenRefused, on which Dial closes the connection (go-imap beta.8 may
// leave it wedged) and redials with a refreshed token. The token is
// scrubbed from every error.
func (c *Client) loginOAuth(ctx context.Context, addr string) error {
	tok, err := c.opts.Password(ctx)
	if err != nil {
		return fmt.Errorf("getting an access token for %q on %s: %w", c.opts.Username, addr, err)
	}
	caps := c.cl.Caps()
	var client sasl.Client
	var bearer *oauthBearerClient
	switch {
	case caps.Has(imap.AuthCap(sasl.OAuthBearer)):
		host, port, _ := net.SplitHostPort(addr)
		p, _ := strconv.Atoi(port)
		bearer = &oauthBearerClient{Client: sasl.NewOAuthBearerClient(&sasl.OAuthBearerOptions{
			Username: c.opts.Username, Token: tok, Host: host, Port: p})}
		client = bearer
	case caps.Has(imap.AuthCap(XOAuth2)):
		client = NewXOAuth2Client(c.opts.Username, tok)
	default:
		return fmt.Errorf("logging in to %s: the server offers neither OAUTHBEARER nor XOAUTH2: %w", addr, ErrAuth)
	}
	err = c.cl.Authenticate(client)
	if err == nil {
		return nil
	}
	err = scrub(err, tok)
	var ie *imap.Error
	var be *sasl.OAuthBearerError
	refused := (errors.As(err, &ie) && ie.Type == imap.StatusResponseTypeNo) || errors.As(err, &be)
	if refused {
		why := "token refused or lacking the IMAP scope"
		if bearer != nil && bearer.status != "" {
			why += ", status " + bearer.status
		}
		return fmt.Errorf("logging in to %s as %q with OAuth2 (%s): %w: %w", addr, c.opts.Username, why, ErrTokenRefused, err)
	}
	return fmt.Errorf("logging in to %s as %q with OAuth2: %w", addr, c.opts.Username, err)
}
