package oauth

import (
	"context"
	"crypto/rand"
	"encoding/base64"
	"errors"
	"fmt"
	"html"
	"io"
	"net"
	"net/http"
	"slices"
	"strconv"
	"time"

	"golang.org/x/oauth2"
)

// FlowOptions tune Login. Nil fields have defaults.
type FlowOptions struct {
	// Out receives the URL to open and progress lines; nil discards them.
	Out io.Writer
	// Open opens the URL in a browser; nil means only print it. An error
	// is not fatal: the URL is printed anyway.
	Open func(url string) error
	// Port to listen on at 127.0.0.1; 0 picks a free one. A fixed port
	// lets a headless server be signed in through `ssh -L PORT:127.0.0.1:PORT`.
	Port int
	// Timeout bounds the wait for the browser; default 5 minutes.
	Timeout time.Duration
}

// Login runs the installed-app flow: it listens on 127.0.0.1, prints the
// authorization URL (with PKCE S256 and a random state), waits for the
// browser's redirect, exchanges the code with the PKCE verifier, checks
// the granted scopes and saves the token to acct's store.
func Login(ctx context.Context, acct *Account, opts FlowOptions) (*Token, error) {
	if opts.Out == nil {
		opts.Out = io.Discard
	}
	if opts.Timeout <= 0 {
		opts.Timeout = 5 * time.Minute
	}
	ln, err := net.Listen("tcp", net.JoinHostPort("127.0.0.1", strconv.Itoa(opts.Port)))
	if err != nil {
		return nil, fmt.Errorf("listening for the sign-in redirect: %w", err)
	}
	defer ln.Close()
	port := ln.Addr().(*net.TCPAddr).Port
	conf := acct.Client.Config(fmt.Sprintf("http://127.0.0.1:%d/", port))
	state, verifier := randomString(), oauth2.GenerateVerifier()
	authURL := conf.AuthCodeURL(state, oauth2.AccessTypeOffline, oauth2.ApprovalForce,
		oauth2.S256ChallengeOption(verifier))

	codes := make(chan result, 1)
	srv := &http.Server{Handler: callback(state, codes), ReadHeaderTimeout: 10 * time.Second}
	go srv.Serve(ln)
	defer srv.Close()

	fmt.Fprintf(opts.Out, "Open this URL in a browser on this machine and allow tend to read %s:\n\n  %s\n\n", acct.Name, authURL)
	fmt.Fprintf(opts.Out, "Waiting for the browser at http://127.0.0.1:%d/ (on a server without a browser: ssh -L %d:127.0.0.1:%d this-host, then open the URL on your machine).\n", port, port, port)
	if opts.Open != nil {
		_ = opts.Open(authURL)
	}
	wctx, cancel := context.WithTimeout(ctx, opts.Timeout)
	defer cancel()
	var r result
	select {
	case r = <-codes:
	case <-wctx.Done():
		return nil, fmt.Errorf("waiting for the sign-in: %w", wctx.Err())
	}
	if r.err != nil {
		return nil, r.err
	}
	if acct.HTTPClient != nil {
		ctx = context.WithValue(ctx, oauth2.HTTPClient, acct.HTTPClient)
	}
	ot, err := conf.Exchange(ctx, r.code, oauth2.VerifierOption(verifier))
	if err != nil {
		var re *oauth2.RetrieveError
		if errors.As(err, &re) && re.ErrorCode != "" {
			return nil, fmt.Errorf("exchanging the authorization code: the provider answered %s (%s)", re.ErrorCode, re.ErrorDescription)
		}
		return nil, fmt.Errorf("exchanging the authorization code: %w", err)
	}
	t := fromOAuth2(ot, nil)
	if t.RefreshToken == "" {
		return nil, errors.New("the provider sent no refresh token; revoke tend's access in your account settings and sign in again")
	}
	if len(t.Scopes) == 0 {
		t.Scopes = conf.Scopes
	}
	if missing := missingScopes(conf.Scopes, t.Scopes); len(missing) > 0 {
		return nil, fmt.Errorf("sign-in did not grant %v: sign in again and leave every box ticked (tend asks for read-only access only)", missing)
	}
	if err := acct.Store.Save(ctx, t); err != nil {
		return nil, err
	}
	return t, nil
}

// missingScopes lists the wanted scopes not granted. "openid" and "email"
// come back as the userinfo URL at Google, so they are not required.
func missingScopes(want, got []string) []string {
	var out []string
	for _, w := range want {
		if w == ScopeOpenID || w == ScopeEmail || w == scopeOfflineAccess {
			continue
		}
		if !slices.Contains(got, w) {
			out = append(out, w)
		}
	}
	return out
}

type result struct {
	code string
	err  error
}

// callback handles the browser's redirect: it checks state, takes the code
// (or the provider's error) and answers with a short page.
func callback(state string, out chan<- result) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		q := r.URL.Query()
		if r.URL.Path != "/" || (q.Get("code") == "" && q.Get("error") == "") {
			http.NotFound(w, r)
			return
		}
		var res result
		switch {
		case q.Get("state") != state:
			res.err = errors.New("sign-in redirect with a wrong state (a stale or forged link): run the command again")
		case q.Get("error") != "":
			res.err = fmt.Errorf("sign-in refused: %s", q.Get("error"))
		default:
			res.code = q.Get("code")
		}
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		msg := "tend is signed in. You can close this tab."
		if res.err != nil {
			w.WriteHeader(http.StatusBadRequest)
			msg = res.err.Error()
		}
		fmt.Fprintf(w, "<!doctype html><title>tend</title><p>%s</p>\n", html.EscapeString(msg))
		select {
		case out <- res:
		default: // a second redirect; the first one counts
		}
	})
}

func randomString() string {
	b := make([]byte, 24)
	_, _ = rand.Read(b)
	return base64.RawURLEncoding.EncodeToString(b)
}
