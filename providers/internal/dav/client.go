// Package dav is the small WebDAV layer the CalDAV and CardDAV providers
// share: an HTTP client that verifies TLS, refuses plain http except on
// loopback and sends basic auth; RFC 6578 sync-collection; etag listings
// for servers without it; multiget reports that tolerate one bad resource;
// and well-known discovery that does not let a redirect turn PROPFIND into
// GET. Discovery of principals and home sets uses go-webdav.
//
// Errors never hold the password (it travels only in the Authorization
// header) and name resources by path, never by full URL.
package dav

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"os"
	"strings"
	"time"
)

// ErrUnauthorized is returned (wrapped) when the server refuses the
// username and password (HTTP 401 or 403 on discovery).
var ErrUnauthorized = errors.New("server refused the username or password")

// maxBody bounds what one response may hold.
const maxBody = 64 << 20

// Options configure a Client. Nil fields have documented defaults.
type Options struct {
	URL      string // the account's base, principal, home-set or collection URL
	Username string
	Password string
	CAFile   string        // PEM certificates to trust besides the system's; "": system only
	Timeout  time.Duration // per request; 0: 60 s
	// Transport replaces the HTTP transport (tests); nil: one built from CAFile.
	Transport http.RoundTripper
}

// Client speaks WebDAV to one server. It is safe for concurrent use.
type Client struct {
	base     *url.URL
	hc       *http.Client
	username string
	password string
}

// New checks opts and returns a Client. A URL must be https, or http on a
// loopback host; it must not carry a username or password.
func New(opts Options) (*Client, error) {
	u, err := url.Parse(opts.URL)
	if err != nil || u.Host == "" {
		return nil, errors.New("url: not a URL")
	}
	if u.User != nil {
		return nil, errors.New("url: must not hold a username or password (use username and password_cmd)")
	}
	switch strings.ToLower(u.Scheme) {
	case "https":
	case "http":
		if !IsLoopback(u.Hostname()) {
			return nil, errors.New("url: must be https (plain http is allowed only for a loopback host)")
		}
	default:
		return nil, fmt.Errorf("url: must be an https address (got scheme %q)", u.Scheme)
	}
	if u.Path == "" {
		u.Path = "/"
	}
	if opts.Timeout <= 0 {
		opts.Timeout = 60 * time.Second
	}
	rt := opts.Transport
	if rt == nil {
		cfg := &tls.Config{MinVersion: tls.VersionTLS12}
		if opts.CAFile != "" {
			pem, err := os.ReadFile(opts.CAFile)
			if err != nil {
				return nil, fmt.Errorf("reading tls_ca_file: %w", err)
			}
			pool, err := x509.SystemCertPool()
			if err != nil {
				pool = x509.NewCertPool()
			}
			if !pool.AppendCertsFromPEM(pem) {
				return nil, fmt.Errorf("tls_ca_file %s holds no PEM certificate", opts.CAFile)
			}
			cfg.RootCAs = pool
		}
		tr := http.DefaultTransport.(*http.Transport).Clone()
		tr.TLSClientConfig = cfg
		rt = tr
	}
	hc := &http.Client{Transport: rt, Timeout: opts.Timeout,
		// A redirect to another host must not receive the password, and a
		// redirected PROPFIND would become a GET: callers follow redirects.
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	return &Client{base: u, hc: hc, username: opts.Username, password: opts.Password}, nil
}

// IsLoopback reports whether host is localhost or a loopback address.
func IsLoopback(host string) bool {
	if strings.EqualFold(host, "localhost") {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// Base returns the configured URL.
func (c *Client) Base() *url.URL { u := *c.base; return &u }

// Do sends req with the account's credentials to the configured host only.
// It implements go-webdav's HTTPClient.
func (c *Client) Do(req *http.Request) (*http.Response, error) {
	if req.URL.Host == c.base.Host && (c.username != "" || c.password != "") {
		req.SetBasicAuth(c.username, c.password)
	}
	resp, err := c.hc.Do(req)
	var uerr *url.Error
	if errors.As(err, &uerr) {
		err = fmt.Errorf("%s %s: %w", req.Method, req.URL.Path, uerr.Err)
	}
	return resp, err
}

// Resolve turns an href (a path, or an absolute URL on the same server)
// into a URL on the server.
func (c *Client) Resolve(href string) (*url.URL, error) {
	ref, err := url.Parse(href)
	if err != nil {
		return nil, fmt.Errorf("bad href %q", href)
	}
	return c.base.ResolveReference(ref), nil
}

// HTTPError is a response whose status says the request failed.
type HTTPError struct {
	Method, Path string
	Code         int
	Body         string // the start of a text or XML body, for the log
}

func (e *HTTPError) Error() string {
	return fmt.Sprintf("%s %s: %d %s", e.Method, e.Path, e.Code, http.StatusText(e.Code))
}

// Unwrap makes a 401 match ErrUnauthorized.
func (e *HTTPError) Unwrap() error {
	if e.Code == http.StatusUnauthorized {
		return ErrUnauthorized
	}
	return nil
}

// send issues one request with an XML body and returns the response when
// its status is 2xx, else an *HTTPError.
func (c *Client) send(ctx context.Context, method, href, depth, body string) (*http.Response, error) {
	u, err := c.Resolve(href)
	if err != nil {
		return nil, err
	}
	req, err := http.NewRequestWithContext(ctx, method, u.String(), strings.NewReader(body))
	if err != nil {
		return nil, fmt.Errorf("%s %s: %w", method, u.Path, err)
	}
	if body != "" {
		req.Header.Set("Content-Type", `application/xml; charset="utf-8"`)
	}
	if depth != "" {
		req.Header.Set("Depth", depth)
	}
	resp, err := c.Do(req)
	if err != nil {
		return nil, err
	}
	if resp.StatusCode/100 != 2 {
		defer resp.Body.Close()
		b, _ := io.ReadAll(io.LimitReader(resp.Body, 2048))
		return nil, &HTTPError{Method: method, Path: u.Path, Code: resp.StatusCode, Body: string(b)}
	}
	return resp, nil
}
