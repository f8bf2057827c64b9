package dav

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/tend-dev/tend/model"
)

// TestSyncCollectionAnswers reads the shapes servers answer with: absolute
// and percent-encoded hrefs, deleted members as a bare 404, the collection
// itself; and an expired token.
func TestSyncCollectionAnswers(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if u, p, ok := r.BasicAuth(); !ok || u != "me" || p != "pw" {
			w.WriteHeader(http.StatusUnauthorized)
			return
		}
		if strings.Contains(r.URL.RawQuery, "old") {
			w.Header().Set("Content-Type", "application/xml")
			w.WriteHeader(http.StatusForbidden)
			w.Write([]byte(`<?xml version="1.0"?><error xmlns="DAV:"><valid-sync-token/></error>`))
			return
		}
		w.Header().Set("Content-Type", "application/xml")
		w.WriteHeader(http.StatusMultiStatus)
		w.Write([]byte(`<?xml version="1.0"?><d:multistatus xmlns:d="DAV:">
<d:response><d:href>/cal/</d:href><d:propstat><d:prop><d:getetag>"c"</d:getetag></d:prop><d:status>HTTP/1.1 200 OK</d:status></d:propstat></d:response>
<d:response><d:href>https://other.example/cal/a%20b.ics</d:href><d:propstat><d:prop><d:getetag>"1"</d:getetag></d:prop><d:status>HTTP/1.1 200 OK</d:status></d:propstat></d:response>
<d:response><d:href>/cal/gone.ics</d:href><d:status>HTTP/1.1 404 Not Found</d:status></d:response>
<d:sync-token>tok-2</d:sync-token></d:multistatus>`))
	}))
	defer srv.Close()
	c, err := New(Options{URL: srv.URL + "/cal/", Username: "me", Password: "pw"})
	if err != nil {
		t.Fatal(err)
	}
	ch, err := c.SyncCollection(context.Background(), "/cal/", "tok-1")
	if err != nil {
		t.Fatal(err)
	}
	if ch.Token != "tok-2" || len(ch.Updated) != 1 || ch.Updated["/cal/a%20b.ics"] != `"1"` ||
		len(ch.Deleted) != 1 || ch.Deleted[0] != "/cal/gone.ics" {
		t.Fatalf("changes = %+v", ch)
	}
	if _, err := c.SyncCollection(context.Background(), "/cal/?old", "tok-0"); !errors.Is(err, model.ErrCursorInvalid) {
		t.Fatalf("expired token: %v, want ErrCursorInvalid", err)
	}
	bad, _ := New(Options{URL: srv.URL + "/cal/", Username: "me", Password: "wrong-pw-42"})
	_, err = bad.SyncCollection(context.Background(), "/cal/", "")
	if !errors.Is(err, ErrUnauthorized) || strings.Contains(err.Error(), "wrong-pw-42") {
		t.Fatalf("wrong password: %v", err)
	}
}

// TestPasswordStaysOnItsHost: a well-known redirect to another host is not
// followed, and no request there carries the password.
func TestPasswordStaysOnItsHost(t *testing.T) {
	other := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("Authorization") != "" {
			t.Errorf("the password was sent to another host")
		}
	}))
	defer other.Close()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, other.URL+"/dav/", http.StatusMovedPermanently)
	}))
	defer srv.Close()
	c, err := New(Options{URL: srv.URL, Username: "me", Password: "pw"})
	if err != nil {
		t.Fatal(err)
	}
	if p := c.WellKnown(context.Background(), "caldav"); p != "" {
		t.Fatalf("followed a redirect to another host: %q", p)
	}
	req, _ := http.NewRequest(http.MethodGet, other.URL+"/x", nil)
	resp, err := c.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
}
