// Package imapmail is tend's IMAP mail source. It connects to a server,
// lists folders, examines one read-only and streams the header fields of its
// messages by UID. It never changes the mailbox: folders are opened with
// EXAMINE and bodies are fetched with BODY.PEEK only. It does not parse
// headers; inference does.
package imapmail

import (
	"bufio"
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/emersion/go-imap/v2"
	"github.com/emersion/go-imap/v2/imapclient"

	"github.com/tend-dev/tend/internal/freelist"
	"github.com/tend-dev/tend/model"
)

// ErrAuth reports that the server rejected the credentials. Check with
// errors.Is.
var ErrAuth = errors.New("imap credentials rejected")

// Security values for Options.Security.
const (
	SecurityTLS      = "tls"
	SecuritySTARTTLS = "starttls"
	SecurityNone     = "none"
)

// Options configure a connection. Zero fields have documented defaults.
type Options struct {
	Host string
	// Port defaults to 993 for "tls" and 143 otherwise.
	Port int
	// Security is "tls" (default, implicit TLS), "starttls" or "none"
	// (plaintext, refused unless Host is loopback).
	Security string
	Username string
	// Password is called at login. The secret never appears in errors or logs.
	Password func(ctx context.Context) (string, error)
	// OAuth2: Password returns an OAuth2 access token, sent with
	// AUTHENTICATE OAUTHBEARER, or XOAUTH2 when only that is offered (sasl.go).
	OAuth2 bool
	// Refresh (OAuth2 only) returns a freshly refreshed access token after
	// the server refused the one from Password; Dial then dials once more.
	// Nil means Password is asked again.
	Refresh func(ctx context.Context) (string, error)
	// ReauthHint (OAuth2 only) ends the error when even a refreshed token is
	// refused, e.g. `run "tend auth google --account work" again`.
	ReauthHint string
	// TLSConfig nil means system roots, ServerName=Host, MinVersion TLS 1.2.
	TLSConfig *tls.Config
	// Timeout (default 60s) bounds the dial and any single read or write
	// while a command is in flight, so a stalled server cannot hang tend.
	Timeout time.Duration
	// HeaderFields are the header fields to fetch; required.
	HeaderFields []string
	// BatchSize (default 500) is the number of UIDs per FETCH command.
	BatchSize int
	// Logger nil discards logs.
	Logger *slog.Logger

	goIMAPFetch bool // tests: read FETCH responses with imapclient, not rawfetch.go
}

// Client is a connection to one IMAP account. It is not safe for concurrent
// use: call its methods from one goroutine at a time.
type Client struct {
	cl      *imapclient.Client
	conn    *deadlineConn
	tap     *tapConn      // nil when imapclient owns the stream (STARTTLS), see rawfetch.go
	rawTags int           // tags issued by rawFetchRange
	rawBuf  *bufio.Reader // rawFetchRange's, reused
	// batchBufs keeps the message lists of batches Fetch is done with,
	// for the next FETCH commands (three batches at most are held, see
	// Fetch): a new list for each command was a tenth of what an initial
	// sync allocated.
	batchBufs *freelist.Slices[model.HeaderMessage]
	opts      Options
	log       *slog.Logger
	caps      imap.CapSet
	stopCtx   func() bool
	folder    string // the examined folder, "" when none
	messages  uint32 // message count reported by the last EXAMINE
	newMail   chan struct{}
}

func (o *Options) setDefaults() error {
	if o.Host == "" {
		return errors.New("imap options: host is empty")
	}
	if o.Security == "" {
		o.Security = SecurityTLS
	}
	switch o.Security {
	case SecurityTLS, SecuritySTARTTLS:
	case SecurityNone:
		if !isLoopback(o.Host) {
			return fmt.Errorf("imap options: security %q refused for non-loopback host %q: use \"tls\" or \"starttls\"", o.Security, o.Host)
		}
	default:
		return fmt.Errorf("imap options: unknown security %q (want tls, starttls or none)", o.Security)
	}
	if o.Port == 0 {
		o.Port = 143
		if o.Security == SecurityTLS {
			o.Port = 993
		}
	}
	if o.Port < 0 || o.Port > 65535 {
		return fmt.Errorf("imap options: port %d out of range", o.Port)
	}
	if o.Password == nil {
		return errors.New("imap options: no password source")
	}
	if len(o.HeaderFields) == 0 {
		return errors.New("imap options: no header fields to fetch")
	}
	if o.Timeout <= 0 {
		o.Timeout = 60 * time.Second
	}
	if o.BatchSize <= 0 {
		o.BatchSize = 500
	}
	if o.Logger == nil {
		o.Logger = slog.New(slog.DiscardHandler)
	}
	if o.TLSConfig == nil {
		o.TLSConfig = &tls.Config{ServerName: o.Host, MinVersion: tls.VersionTLS12}
	} else if o.TLSConfig.ServerName == "" {
		o.TLSConfig = o.TLSConfig.Clone()
		o.TLSConfig.ServerName = o.Host
	}
	return nil
}

func isLoopback(host string) bool {
	if strings.EqualFold(host, "localhost") {
		return true
	}
	ip := net.ParseIP(strings.Trim(host, "[]"))
	return ip != nil && ip.IsLoopback()
}

// dialOnce connects and authenticates once; Dial (login.go) adds the OAuth2
// redial.
func dialOnce(ctx context.Context, opts Options) (*Client, error) {
	if err := opts.setDefaults(); err != nil {
		return nil, err
	}
	addr := net.JoinHostPort(opts.Host, strconv.Itoa(opts.Port))
	log := opts.Logger.With("server", addr, "user", opts.Username)

	d := net.Dialer{Timeout: opts.Timeout}
	raw, err := d.DialContext(ctx, "tcp", addr)
	if err != nil {
		return nil, fmt.Errorf("connecting to %s: %w", addr, err)
	}
	var nc net.Conn = raw
	if opts.Security == SecurityTLS {
		tc := tls.Client(raw, opts.TLSConfig)
		hctx, cancel := context.WithTimeout(ctx, opts.Timeout)
		err := tc.HandshakeContext(hctx)
		cancel()
		if err != nil {
			raw.Close()
			return nil, fmt.Errorf("tls handshake with %s: %w", addr, err)
		}
		nc = tc
	}
	conn := newDeadlineConn(nc, opts.Timeout)
	c := &Client{conn: conn, opts: opts, log: log, newMail: make(chan struct{}, 1),
		batchBufs: freelist.New[model.HeaderMessage](3, opts.BatchSize)}
	c.stopCtx = context.AfterFunc(ctx, func() { conn.Close() })

	if err := c.connect(ctx, addr); err != nil {
		c.stopCtx()
		conn.Close()
		if ctx.Err() != nil {
			return nil, fmt.Errorf("connecting to %s: %w", addr, ctx.Err())
		}
		return nil, err
	}
	log.Debug("imap connected", "caps", c.Caps())
	return c, nil
}

// connect greets, upgrades, logs in and reads the capabilities.
func (c *Client) connect(ctx context.Context, addr string) error {
	end := c.conn.begin()
	defer end()
	// No WordDecoder: ENVELOPE is never requested, inference decodes headers.
	cliOpts := &imapclient.Options{
		TLSConfig:             c.opts.TLSConfig,
		UnilateralDataHandler: mailboxHandler(c.newMail),
	}
	raw := rawFields(c.opts.HeaderFields) && !c.opts.goIMAPFetch
	switch {
	case c.opts.Security == SecuritySTARTTLS && !raw:
		cl, err := imapclient.NewStartTLS(c.conn, cliOpts)
		if err != nil {
			return fmt.Errorf("starting tls with %s: %w", addr, err)
		}
		c.cl = cl
	case raw:
		// tend's FETCH reader needs the stream above TLS, so with STARTTLS
		// tend upgrades the connection itself (starttls.go) and imapclient
		// starts on the encrypted stream.
		c.tap = newTapConn(c.conn)
		if c.opts.Security == SecuritySTARTTLS {
			if err := c.startTLS(ctx); err != nil {
				return fmt.Errorf("starting tls with %s: %w", addr, err)
			}
			c.tap.back = []byte("* OK TLS established\r\n") // the greeting imapclient waits for
		}
		c.cl = imapclient.New(c.tap, cliOpts)
	default:
		c.cl = imapclient.New(c.conn, cliOpts)
	}
	if c.opts.Security != SecuritySTARTTLS || raw {
		if err := c.cl.WaitGreeting(); err != nil {
			return fmt.Errorf("waiting for the greeting of %s: %w", addr, err)
		}
	}
	if err := c.login(ctx, addr); err != nil {
		return err
	}
	caps, err := c.cl.Capability().Wait()
	if err != nil {
		return fmt.Errorf("reading capabilities of %s: %w", addr, err)
	}
	c.caps = caps
	return nil
}

// Close logs out and closes the connection. The client cannot be used after.
func (c *Client) Close() error {
	c.stopCtx()
	end := c.conn.begin()
	defer end()
	if err := c.cl.Logout().Wait(); err != nil {
		c.log.Debug("imap logout", "err", err)
	}
	// After LOGOUT the server hangs up; the close error says nothing useful.
	if err := c.cl.Close(); err != nil {
		c.log.Debug("imap close", "err", err)
	}
	return nil
}

// Caps returns the server's capability names, sorted, for status and debug
// output.
func (c *Client) Caps() []string {
	out := make([]string, 0, len(c.caps))
	for cp := range c.caps {
		out = append(out, string(cp))
	}
	slices.Sort(out)
	return out
}

// op marks a command as in flight and closes the connection if ctx ends
// before done is called: go-imap has no context, so a cancelled operation
// leaves the client unusable.
func (c *Client) op(ctx context.Context) (done func()) {
	end := c.conn.begin()
	stop := context.AfterFunc(ctx, func() { c.cl.Close() })
	return func() {
		stop()
		end()
	}
}
