// Package googlefake is an httptest stand-in for Google's OAuth2 server and
// the Gmail, Calendar and People APIs, for tests that run the real client
// libraries (google.golang.org/api, x/oauth2) against it. Responses use the
// libraries' own types, so the JSON matches Google's documented shapes field
// for field: paging, sync tokens, 410 Gone, 404 history too old, 401,
// 403/429 rate limits with Retry-After, EXPIRED_SYNC_TOKEN.
//
// A Fake is safe for concurrent use. Every request is recorded.
package googlefake

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"time"
)

// Request is one request the fake received.
type Request struct {
	Method string
	Path   string
	Query  url.Values
	Auth   string // the bearer token, "" when none
}

// Fault makes the fake answer one request with an error.
type Fault struct {
	// Path is matched as a prefix of the request path.
	Path string
	// Status is the HTTP status (401, 403, 404, 410, 429, 500, ...).
	Status int
	// Reason is Google's error reason, e.g. "rateLimitExceeded".
	Reason string
	// RetryAfter, when set, is sent as the Retry-After header (seconds).
	RetryAfter int
}

// Fake is the fake Google. Create it with New; Close it when done.
type Fake struct {
	URL    string // base URL: APIs under /gmail/v1, /calendar/v3, /v1/people
	Server *httptest.Server

	mu       sync.Mutex
	now      func() time.Time
	requests []Request
	faults   []Fault
	oauth    oauthState
	gmail    gmailState
	cal      map[string]*calendarState
	people   peopleState
	// CheckAuth: API requests need a live access token (default true).
	checkAuth bool
}

// New starts a fake for the user email. clock nil means time.Now.
func New(email string, clock func() time.Time) *Fake {
	if clock == nil {
		clock = time.Now
	}
	f := &Fake{now: clock, cal: map[string]*calendarState{}, checkAuth: true}
	f.oauth = newOAuthState(email)
	f.gmail = newGmailState(email)
	mux := http.NewServeMux()
	f.routeOAuth(mux)
	f.routeGmail(mux)
	f.routeCalendar(mux)
	f.routePeople(mux)
	f.Server = httptest.NewServer(f.record(mux))
	f.URL = f.Server.URL
	return f
}

// Close stops the server.
func (f *Fake) Close() { f.Server.Close() }

// SetCheckAuth turns the access-token check of API requests on or off.
func (f *Fake) SetCheckAuth(on bool) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.checkAuth = on
}

// Inject queues faults; each answers one matching request, in order.
func (f *Fake) Inject(faults ...Fault) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.faults = append(f.faults, faults...)
}

// Requests returns the requests received so far whose path starts with prefix.
func (f *Fake) Requests(prefix string) []Request {
	f.mu.Lock()
	defer f.mu.Unlock()
	var out []Request
	for _, r := range f.requests {
		if strings.HasPrefix(r.Path, prefix) {
			out = append(out, r)
		}
	}
	return out
}

// record logs the request, applies a pending fault, checks the token of
// API requests, then serves.
func (f *Fake) record(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		auth := strings.TrimPrefix(r.Header.Get("Authorization"), "Bearer ")
		f.mu.Lock()
		f.requests = append(f.requests, Request{Method: r.Method, Path: r.URL.Path, Query: r.URL.Query(), Auth: auth})
		var fault *Fault
		for i, ft := range f.faults {
			if strings.HasPrefix(r.URL.Path, ft.Path) {
				fault = &ft
				f.faults = append(f.faults[:i:i], f.faults[i+1:]...)
				break
			}
		}
		api := !strings.HasPrefix(r.URL.Path, "/o/oauth2/") && r.URL.Path != "/token"
		authOK := !f.checkAuth || !api || f.oauth.validAccess(auth, f.now())
		f.mu.Unlock()
		switch {
		case fault != nil:
			if fault.RetryAfter > 0 {
				w.Header().Set("Retry-After", strconv.Itoa(fault.RetryAfter))
			}
			writeError(w, fault.Status, fault.Reason, "")
		case !authOK:
			writeError(w, http.StatusUnauthorized, "authError", "")
		default:
			next.ServeHTTP(w, r)
		}
	})
}

// writeJSON answers with v as JSON.
func writeJSON(w http.ResponseWriter, v any) {
	w.Header().Set("Content-Type", "application/json; charset=UTF-8")
	if err := json.NewEncoder(w).Encode(v); err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError)
	}
}

// statusNames are google.rpc status codes by HTTP status.
var statusNames = map[int]string{400: "INVALID_ARGUMENT", 401: "UNAUTHENTICATED", 403: "PERMISSION_DENIED",
	404: "NOT_FOUND", 410: "GONE", 429: "RESOURCE_EXHAUSTED", 500: "INTERNAL", 503: "UNAVAILABLE"}

// defaultMessages are Google's usual texts per status.
var defaultMessages = map[int]string{
	401: "Request had invalid authentication credentials. Expected OAuth 2 access token, login cookie or other valid authentication credential.",
	403: "Quota exceeded for quota metric 'Queries' and limit 'Queries per minute per user'.",
	404: "Requested entity was not found.",
	410: "Sync token is no longer valid, a full sync is required.",
	429: "Too many concurrent requests for user.",
	500: "Backend Error",
	503: "The service is currently unavailable.",
}

// writeError answers with Google's JSON error envelope:
// {"error":{"code","message","errors":[{"message","domain","reason"}],"status"}}.
func writeError(w http.ResponseWriter, code int, reason, msg string) {
	if msg == "" {
		msg = defaultMessages[code]
	}
	if msg == "" {
		msg = http.StatusText(code)
	}
	if reason == "" {
		reason = map[int]string{400: "badRequest", 401: "authError", 403: "forbidden", 404: "notFound",
			410: "fullSyncRequired", 429: "rateLimitExceeded", 500: "backendError", 503: "backendError"}[code]
	}
	domain := "global"
	if reason == "rateLimitExceeded" || reason == "userRateLimitExceeded" || reason == "quotaExceeded" {
		domain = "usageLimits"
	}
	item := map[string]string{"message": msg, "domain": domain, "reason": reason}
	if code == 401 {
		item["location"], item["locationType"] = "Authorization", "header"
	}
	body := map[string]any{"error": map[string]any{
		"code": code, "message": msg, "errors": []any{item}, "status": statusNames[code]}}
	w.Header().Set("Content-Type", "application/json; charset=UTF-8")
	if code == 401 {
		w.Header().Set("WWW-Authenticate", `Bearer realm="https://accounts.google.com/", error="invalid_token"`)
	}
	w.WriteHeader(code)
	_ = json.NewEncoder(w).Encode(body)
}

// page cuts items [off, off+size) for a pageToken and returns the next token.
func page(n int, q url.Values, sizeKey string, def int) (lo, hi int, next string) {
	size, _ := strconv.Atoi(q.Get(sizeKey))
	if size <= 0 {
		size = def
	}
	lo, _ = strconv.Atoi(q.Get("pageToken"))
	lo = min(max(lo, 0), n)
	hi = min(lo+size, n)
	if hi < n {
		next = strconv.Itoa(hi)
	}
	return lo, hi, next
}

func badRequest(w http.ResponseWriter, format string, args ...any) {
	writeError(w, http.StatusBadRequest, "badRequest", fmt.Sprintf(format, args...))
}
