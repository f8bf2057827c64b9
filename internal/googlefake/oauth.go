package googlefake

import (
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"time"
)

// Client credentials the fake accepts.
const (
	ClientID     = "fake-client.apps.googleusercontent.com"
	ClientSecret = "fake-secret"
)

type authCode struct {
	challenge, redirect, scope string
}

type oauthState struct {
	email     string
	codes     map[string]authCode
	access    map[string]time.Time // access token → expiry
	refresh   map[string]string    // refresh token → granted scope
	grantOnly []string             // when set, consent grants only these scopes
	refreshes int
}

func newOAuthState(email string) oauthState {
	return oauthState{email: email, codes: map[string]authCode{}, access: map[string]time.Time{}, refresh: map[string]string{}}
}

func (o *oauthState) validAccess(tok string, now time.Time) bool {
	exp, ok := o.access[tok]
	return ok && now.Before(exp)
}

// AuthURL and TokenURL are the fake's OAuth endpoints.
func (f *Fake) AuthURL() string  { return f.URL + "/o/oauth2/auth" }
func (f *Fake) TokenURL() string { return f.URL + "/token" }

// GrantOnly makes the consent screen grant only these scopes (a user
// unticking boxes); nil grants what was asked.
func (f *Fake) GrantOnly(scopes []string) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.oauth.grantOnly = scopes
}

// Issue returns a refresh token granting scopes and an access token valid
// for ttl, as if the user had signed in.
func (f *Fake) Issue(scopes []string, ttl time.Duration) (refresh, access string) {
	f.mu.Lock()
	defer f.mu.Unlock()
	refresh, access = "1//r-"+random(), "ya29.a-"+random()
	f.oauth.refresh[refresh] = strings.Join(scopes, " ")
	f.oauth.access[access] = f.now().Add(ttl)
	return refresh, access
}

// RevokeAll revokes every refresh and access token: the next refresh gets
// invalid_grant.
func (f *Fake) RevokeAll() {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.oauth.refresh = map[string]string{}
	f.oauth.access = map[string]time.Time{}
}

// Refreshes counts refresh_token grants served.
func (f *Fake) Refreshes() int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.oauth.refreshes
}

func (f *Fake) routeOAuth(mux *http.ServeMux) {
	mux.HandleFunc("GET /o/oauth2/auth", f.authorize)
	mux.HandleFunc("POST /token", f.token)
}

// authorize plays the consent screen: it checks the request and redirects
// at once with a code, as a user clicking "Allow" would.
func (f *Fake) authorize(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	redirect, err := url.Parse(q.Get("redirect_uri"))
	switch {
	case q.Get("client_id") != ClientID:
		http.Error(w, "invalid_client", http.StatusBadRequest)
		return
	case err != nil || redirect.Scheme != "http" || redirect.Hostname() != "127.0.0.1":
		http.Error(w, "redirect_uri must be a loopback address", http.StatusBadRequest)
		return
	case q.Get("response_type") != "code" || q.Get("code_challenge_method") != "S256" || q.Get("code_challenge") == "":
		http.Error(w, "PKCE S256 required", http.StatusBadRequest)
		return
	}
	f.mu.Lock()
	scope := q.Get("scope")
	if f.oauth.grantOnly != nil {
		scope = strings.Join(f.oauth.grantOnly, " ")
	}
	code := "4/c-" + random()
	f.oauth.codes[code] = authCode{challenge: q.Get("code_challenge"), redirect: q.Get("redirect_uri"), scope: scope}
	f.mu.Unlock()
	v := url.Values{"code": {code}, "state": {q.Get("state")}, "scope": {scope}}
	http.Redirect(w, r, q.Get("redirect_uri")+"?"+v.Encode(), http.StatusFound)
}

// token serves authorization_code (PKCE verifier checked) and
// refresh_token grants.
func (f *Fake) token(w http.ResponseWriter, r *http.Request) {
	if err := r.ParseForm(); err != nil {
		oauthError(w, "invalid_request", "bad form")
		return
	}
	id, secret, ok := r.BasicAuth()
	if !ok {
		id, secret = r.PostForm.Get("client_id"), r.PostForm.Get("client_secret")
	}
	if id != ClientID || secret != ClientSecret {
		w.WriteHeader(http.StatusUnauthorized)
		writeJSON(w, map[string]string{"error": "invalid_client", "error_description": "The OAuth client was not found."})
		return
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	var scope, refresh string
	switch r.PostForm.Get("grant_type") {
	case "authorization_code":
		c, ok := f.oauth.codes[r.PostForm.Get("code")]
		delete(f.oauth.codes, r.PostForm.Get("code"))
		sum := sha256.Sum256([]byte(r.PostForm.Get("code_verifier")))
		switch {
		case !ok:
			oauthError(w, "invalid_grant", "Malformed auth code.")
			return
		case c.redirect != r.PostForm.Get("redirect_uri"):
			oauthError(w, "redirect_uri_mismatch", "Bad Request")
			return
		case base64.RawURLEncoding.EncodeToString(sum[:]) != c.challenge:
			oauthError(w, "invalid_grant", "Invalid code verifier.")
			return
		}
		scope, refresh = c.scope, "1//r-"+random()
		f.oauth.refresh[refresh] = scope
	case "refresh_token":
		s, ok := f.oauth.refresh[r.PostForm.Get("refresh_token")]
		if !ok {
			oauthError(w, "invalid_grant", "Token has been expired or revoked.")
			return
		}
		scope = s
		f.oauth.refreshes++
	default:
		oauthError(w, "unsupported_grant_type", "Invalid grant_type.")
		return
	}
	access := "ya29.a-" + random()
	f.oauth.access[access] = f.now().Add(time.Hour)
	resp := map[string]any{"access_token": access, "expires_in": 3599, "token_type": "Bearer",
		"scope": scope, "id_token": idToken(f.oauth.email)}
	if refresh != "" {
		resp["refresh_token"] = refresh
	}
	writeJSON(w, resp)
}

func oauthError(w http.ResponseWriter, code, desc string) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(http.StatusBadRequest)
	_ = json.NewEncoder(w).Encode(map[string]string{"error": code, "error_description": desc})
}

// idToken is an unsigned OpenID Connect ID token naming email.
func idToken(email string) string {
	enc := base64.RawURLEncoding.EncodeToString
	claims, _ := json.Marshal(map[string]any{"iss": "https://accounts.google.com", "email": email,
		"email_verified": true, "sub": "1000"})
	return enc([]byte(`{"alg":"RS256","typ":"JWT"}`)) + "." + enc(claims) + "." + enc([]byte("sig"))
}

func random() string {
	b := make([]byte, 12)
	_, _ = rand.Read(b)
	return fmt.Sprintf("%x", b)
}
