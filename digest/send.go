package digest

import (
	"context"
	"crypto/tls"
	"encoding/base64"
	"errors"
	"fmt"
	"net"
	"strconv"
	"strings"
	"time"

	"github.com/emersion/go-sasl"
	"github.com/emersion/go-smtp"
)

// Security modes of SMTPOptions.
const (
	SecurityTLS      = "tls"      // implicit TLS, port 465 by default
	SecurityStartTLS = "starttls" // STARTTLS required, port 587 by default
	SecurityNone     = "none"     // plain text, loopback hosts only, port 25 by default
)

// DefaultSMTPTimeout bounds dialing and each SMTP command when
// SMTPOptions.Timeout is zero.
const DefaultSMTPTimeout = time.Minute

// SMTPOptions says how to reach and authenticate to the submission server.
type SMTPOptions struct {
	Host     string
	Port     int    // 0: 465 for "tls", 587 for "starttls", 25 for "none"
	Security string // "tls" (default when empty), "starttls" or "none" (loopback only)
	Username string
	// Password returns the password for AUTH PLAIN. Token, when set, wins:
	// it returns an OAuth2 access token for AUTH OAUTHBEARER. With neither,
	// Send does not authenticate.
	Password  func(ctx context.Context) (string, error)
	Token     func(ctx context.Context) (string, error)
	TLSConfig *tls.Config   // nil: system roots, ServerName Host
	Timeout   time.Duration // 0: DefaultSMTPTimeout
	HelloName string        // EHLO name; "" means "localhost"
}

// Send submits msg from from to the addresses in to. It dials with opts,
// upgrades or requires TLS as opts.Security says (refusing "starttls" when
// the server does not offer it, and "none" unless Host is loopback),
// authenticates, sends and quits. It stops when ctx ends. Errors never carry
// the password or token. A server rejection unwraps to *smtp.SMTPError
// (Temporary() tells a 4xx from a 5xx) unless its text had to be redacted.
func Send(ctx context.Context, opts SMTPOptions, from string, to []string, msg []byte) error {
	sec := strings.ToLower(opts.Security)
	if sec == "" {
		sec = SecurityTLS
	}
	port := opts.Port
	switch sec {
	case SecurityTLS:
		port = cmp0(port, 465)
	case SecurityStartTLS:
		port = cmp0(port, 587)
	case SecurityNone:
		port = cmp0(port, 25)
		if !isLoopback(opts.Host) {
			return fmt.Errorf("smtp security %q sends mail and password in clear text; allowed only for a loopback host (got %q)", sec, opts.Host)
		}
	default:
		return fmt.Errorf("unknown smtp security %q (want %q, %q or %q)", opts.Security, SecurityTLS, SecurityStartTLS, SecurityNone)
	}
	if opts.Host == "" {
		return errors.New("smtp host is empty")
	}
	if port < 1 || port > 65535 {
		return fmt.Errorf("smtp port %d out of range", port)
	}
	if len(to) == 0 {
		return errors.New("sending digest: no recipients")
	}
	timeout := opts.Timeout
	if timeout <= 0 {
		timeout = DefaultSMTPTimeout
	}
	addr := net.JoinHostPort(opts.Host, strconv.Itoa(port))

	// Fetch the secret before dialing so a slow password command does not
	// hold a connection open.
	auth, secret, err := saslClient(ctx, opts)
	if err != nil {
		return err
	}
	err = send(ctx, opts, sec, addr, timeout, auth, from, to, msg)
	if err != nil {
		return redact(fmt.Errorf("sending digest via %s: %w", addr, err), secret)
	}
	return nil
}

func cmp0(v, def int) int {
	if v == 0 {
		return def
	}
	return v
}

// saslClient builds the AUTH client from opts; nil when there is no secret.
func saslClient(ctx context.Context, opts SMTPOptions) (sasl.Client, string, error) {
	switch {
	case opts.Token != nil:
		tok, err := opts.Token(ctx)
		if err != nil {
			return nil, "", fmt.Errorf("getting smtp oauth token for %q: %w", opts.Username, err)
		}
		return sasl.NewOAuthBearerClient(&sasl.OAuthBearerOptions{Username: opts.Username, Token: tok}), tok, nil
	case opts.Password != nil:
		pw, err := opts.Password(ctx)
		if err != nil {
			return nil, "", fmt.Errorf("getting smtp password for %q: %w", opts.Username, err)
		}
		return sasl.NewPlainClient("", opts.Username, pw), pw, nil
	}
	return nil, "", nil
}

// send runs one SMTP session.
func send(ctx context.Context, opts SMTPOptions, sec, addr string, timeout time.Duration, auth sasl.Client, from string, to []string, msg []byte) error {
	tlsConfig := &tls.Config{MinVersion: tls.VersionTLS12}
	if opts.TLSConfig != nil {
		tlsConfig = opts.TLSConfig.Clone()
	}
	if tlsConfig.ServerName == "" {
		tlsConfig.ServerName = opts.Host
	}

	dialer := &net.Dialer{Timeout: timeout}
	conn, err := dialer.DialContext(ctx, "tcp", addr)
	if err != nil {
		return fmt.Errorf("dialing: %w", err)
	}
	defer conn.Close()
	// go-smtp has no context: closing the connection ends any blocked call.
	stop := context.AfterFunc(ctx, func() { conn.Close() })
	defer stop()

	var c *smtp.Client
	switch sec {
	case SecurityTLS:
		tc := tls.Client(conn, tlsConfig)
		hctx, cancel := context.WithTimeout(ctx, timeout)
		err := tc.HandshakeContext(hctx)
		cancel()
		if err != nil {
			return fmt.Errorf("tls handshake: %w", err)
		}
		c = smtp.NewClient(tc)
	case SecurityStartTLS:
		// NewClientStartTLS greets as "localhost", then refuses a server
		// that does not offer STARTTLS.
		c, err = smtp.NewClientStartTLS(conn, tlsConfig)
		if err != nil {
			return ctxErr(ctx, fmt.Errorf("starttls: %w", err))
		}
	default:
		c = smtp.NewClient(conn)
	}
	defer c.Close()
	c.CommandTimeout = timeout
	c.SubmissionTimeout = timeout
	if opts.HelloName != "" {
		if err := c.Hello(opts.HelloName); err != nil {
			return ctxErr(ctx, fmt.Errorf("ehlo: %w", err))
		}
	}
	if auth != nil {
		mech, _, _ := auth.Start()
		if ok, _ := c.Extension("AUTH"); !ok || !c.SupportsAuth(mech) {
			return fmt.Errorf("server does not offer AUTH %s", mech)
		}
		if err := c.Auth(auth); err != nil {
			return ctxErr(ctx, fmt.Errorf("authenticating as %q: %w", opts.Username, err))
		}
	}
	if err := transmit(c, from, to, msg); err != nil {
		return ctxErr(ctx, err)
	}
	// The message was accepted; a failed QUIT does not undo that.
	_ = c.Quit()
	return nil
}

// ErrOutcomeUnknown is wrapped by Send's error when the session broke after
// the message data was handed over without a reply from the server: the
// server may have accepted (and delivered) the message. Retrying could send
// it twice. Every other error means the message was not accepted.
var ErrOutcomeUnknown = errors.New("the server may have accepted the message")

// transmit runs MAIL, RCPT and DATA. A failure before DATA is accepted, or
// any reply of the server rejecting the message, means it was not sent; a
// broken connection once the data is under way is ErrOutcomeUnknown.
func transmit(c *smtp.Client, from string, to []string, msg []byte) error {
	if err := c.Mail(from, nil); err != nil {
		return err
	}
	for _, addr := range to {
		if err := c.Rcpt(addr, nil); err != nil {
			return err
		}
	}
	w, err := c.Data()
	if err != nil {
		return err
	}
	_, werr := w.Write(msg)
	cerr := w.Close()
	var se *smtp.SMTPError
	switch {
	case werr == nil && cerr == nil:
		return nil
	case errors.As(cerr, &se):
		return cerr // the server answered: rejected, not sent
	case werr != nil:
		return fmt.Errorf("%w: writing data: %w", ErrOutcomeUnknown, werr)
	default:
		return fmt.Errorf("%w: after data: %w", ErrOutcomeUnknown, cerr)
	}
}

// ctxErr prefers the context's error when the context ended the session.
func ctxErr(ctx context.Context, err error) error {
	if ctx.Err() != nil {
		return fmt.Errorf("%w (%w)", ctx.Err(), err)
	}
	return err
}

// redact replaces secret, and its base64 forms, in err's text. An error
// that needed redacting loses its chain, so the secret cannot be reached by
// unwrapping either.
func redact(err error, secret string) error {
	if err == nil || secret == "" {
		return err
	}
	msg := err.Error()
	forms := []string{secret, base64.StdEncoding.EncodeToString([]byte(secret)), base64.RawStdEncoding.EncodeToString([]byte(secret))}
	changed := false
	for _, f := range forms {
		if f != "" && strings.Contains(msg, f) {
			msg = strings.ReplaceAll(msg, f, "[redacted]")
			changed = true
		}
	}
	if !changed {
		return err
	}
	if errors.Is(err, ErrOutcomeUnknown) {
		return fmt.Errorf("%w (%s)", ErrOutcomeUnknown, msg)
	}
	return errors.New(msg)
}

// isLoopback reports whether host is "localhost" or a loopback IP.
func isLoopback(host string) bool {
	if strings.EqualFold(host, "localhost") {
		return true
	}
	ip := net.ParseIP(strings.Trim(host, "[]"))
	return ip != nil && ip.IsLoopback()
}
