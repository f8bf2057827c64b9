package radicaletest

import (
	"io"
	"net/http"
	"strings"
	"testing"
)

// HomePath is the user's collection root, "/alice/".
func (s *Server) HomePath() string { return "/" + s.User + "/" }

// CollectionURL is the URL of the user's collection name ("work" →
// http://127.0.0.1:port/alice/work/).
func (s *Server) CollectionURL(name string) string {
	return strings.TrimSuffix(s.URL, "/") + s.HomePath() + name + "/"
}

// MkCalendar creates calendar name (for events) with a display name.
func (s *Server) MkCalendar(t testing.TB, name, display string) {
	t.Helper()
	body := `<?xml version="1.0" encoding="utf-8"?>
<C:mkcalendar xmlns:D="DAV:" xmlns:C="urn:ietf:params:xml:ns:caldav"><D:set><D:prop>
<D:displayname>` + display + `</D:displayname>
<C:supported-calendar-component-set><C:comp name="VEVENT"/></C:supported-calendar-component-set>
</D:prop></D:set></C:mkcalendar>`
	s.do(t, "MKCALENDAR", s.CollectionURL(name), "application/xml", body, http.StatusCreated)
}

// MkAddressBook creates address book name with a display name (extended MKCOL).
func (s *Server) MkAddressBook(t testing.TB, name, display string) {
	t.Helper()
	body := `<?xml version="1.0" encoding="utf-8"?>
<D:mkcol xmlns:D="DAV:" xmlns:C="urn:ietf:params:xml:ns:carddav"><D:set><D:prop>
<D:resourcetype><D:collection/><C:addressbook/></D:resourcetype>
<D:displayname>` + display + `</D:displayname>
</D:prop></D:set></D:mkcol>`
	s.do(t, "MKCOL", s.CollectionURL(name), "application/xml", body, http.StatusCreated)
}

// PutEvent stores an iCalendar object as collection/file ("work", "a.ics").
// Lines may end in \n; they are sent with CRLF.
func (s *Server) PutEvent(t testing.TB, collection, file, ics string) {
	t.Helper()
	s.do(t, http.MethodPut, s.CollectionURL(collection)+file, "text/calendar; charset=utf-8", crlf(ics), http.StatusCreated, http.StatusNoContent, http.StatusOK)
}

// PutCard stores a vCard as collection/file.
func (s *Server) PutCard(t testing.TB, collection, file, vcf string) {
	t.Helper()
	s.do(t, http.MethodPut, s.CollectionURL(collection)+file, "text/vcard; charset=utf-8", crlf(vcf), http.StatusCreated, http.StatusNoContent, http.StatusOK)
}

// Delete removes collection/file.
func (s *Server) Delete(t testing.TB, collection, file string) {
	t.Helper()
	s.do(t, http.MethodDelete, s.CollectionURL(collection)+file, "", "", http.StatusOK, http.StatusNoContent)
}

func (s *Server) do(t testing.TB, method, url, ctype, body string, want ...int) {
	t.Helper()
	req, err := http.NewRequest(method, url, strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	if ctype != "" {
		req.Header.Set("Content-Type", ctype)
	}
	req.SetBasicAuth(s.User, s.Password)
	resp, err := s.hc.Do(req)
	if err != nil {
		t.Fatalf("radicaletest: %s %s: %v", method, url, err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	for _, w := range want {
		if resp.StatusCode == w {
			return
		}
	}
	t.Fatalf("radicaletest: %s %s: %s\n%s", method, url, resp.Status, b)
}

func crlf(s string) string {
	s = strings.ReplaceAll(s, "\r\n", "\n")
	return strings.ReplaceAll(s, "\n", "\r\n")
}
