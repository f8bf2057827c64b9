package dav

import (
	"encoding/xml"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
)

// multistatus is a 207 response body, with the properties tend asks for.
type multistatus struct {
	Responses []response `xml:"DAV: response"`
	SyncToken string     `xml:"DAV: sync-token"`
}

type response struct {
	Hrefs    []string   `xml:"DAV: href"`
	Status   string     `xml:"DAV: status"`
	Propstat []propstat `xml:"DAV: propstat"`
}

type propstat struct {
	Status string `xml:"DAV: status"`
	Prop   struct {
		ETag         string    `xml:"DAV: getetag"`
		CTag         string    `xml:"http://calendarserver.org/ns/ getctag"`
		SyncToken    string    `xml:"DAV: sync-token"`
		ResourceType *struct{} `xml:"DAV: resourcetype>collection"`
		CalData      string    `xml:"urn:ietf:params:xml:ns:caldav calendar-data"`
		AddrData     string    `xml:"urn:ietf:params:xml:ns:carddav address-data"`
	} `xml:"DAV: prop"`
}

// statusCode reads "HTTP/1.1 404 Not Found"; 0 when absent or unreadable.
func statusCode(s string) int {
	f := strings.Fields(s)
	if len(f) < 2 {
		return 0
	}
	n, _ := strconv.Atoi(f[1])
	return n
}

// ok reports whether a response is a resource that exists: no status of its
// own other than 2xx, and a 2xx propstat.
func (r response) ok() bool {
	if c := statusCode(r.Status); c != 0 && c/100 != 2 {
		return false
	}
	if len(r.Propstat) == 0 {
		return r.Status != ""
	}
	for _, p := range r.Propstat {
		if c := statusCode(p.Status); c/100 == 2 || c == 0 {
			return true
		}
	}
	return false
}

// prop returns the first 2xx propstat's properties.
func (r response) prop() propstat {
	for _, p := range r.Propstat {
		if c := statusCode(p.Status); c/100 == 2 || c == 0 {
			return p
		}
	}
	return propstat{}
}

// decodeMultistatus reads a 207 body (at most maxBody bytes).
func decodeMultistatus(resp *http.Response) (*multistatus, error) {
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusMultiStatus {
		return nil, fmt.Errorf("%s %s: want 207 Multi-Status, got %s", resp.Request.Method, resp.Request.URL.Path, resp.Status)
	}
	var ms multistatus
	lr := &io.LimitedReader{R: resp.Body, N: maxBody + 1}
	if err := xml.NewDecoder(lr).Decode(&ms); err != nil {
		if lr.N <= 0 {
			return nil, fmt.Errorf("%s %s: response larger than %d MB", resp.Request.Method, resp.Request.URL.Path, maxBody>>20)
		}
		return nil, fmt.Errorf("%s %s: unreadable multistatus: %w", resp.Request.Method, resp.Request.URL.Path, err)
	}
	return &ms, nil
}

// hrefPath normalizes an href to the path on the server: absolute URLs lose
// scheme and host, percent-encoding is made canonical.
func hrefPath(h string) string {
	h = strings.TrimSpace(h)
	u, err := url.Parse(h)
	if err != nil {
		return h
	}
	return u.EscapedPath()
}

// sameCollection reports whether href names the collection itself.
func sameCollection(href, collection string) bool {
	return strings.TrimSuffix(href, "/") == strings.TrimSuffix(collection, "/")
}

func xmlEscape(s string) string {
	var b strings.Builder
	_ = xml.EscapeText(&b, []byte(s))
	return b.String()
}
