package dav

import (
	"context"
	"net/http"
	"net/url"
	"strings"
)

// WellKnown asks /.well-known/<service> ("caldav" or "carddav") where the
// service lives and returns that path, or "" when the server does not say
// (no redirect). Only a redirect on the same host is followed.
func (c *Client) WellKnown(ctx context.Context, service string) string {
	u := c.Base()
	u.Path, u.RawPath = "/.well-known/"+service, ""
	for range 3 {
		req, err := http.NewRequestWithContext(ctx, "PROPFIND", u.String(),
			strings.NewReader(`<?xml version="1.0"?><D:propfind xmlns:D="DAV:"><D:prop><D:current-user-principal/></D:prop></D:propfind>`))
		if err != nil {
			return ""
		}
		req.Header.Set("Depth", "0")
		req.Header.Set("Content-Type", `application/xml; charset="utf-8"`)
		resp, err := c.Do(req)
		if err != nil {
			return ""
		}
		resp.Body.Close()
		if resp.StatusCode < 300 || resp.StatusCode >= 400 {
			return ""
		}
		loc, err := url.Parse(resp.Header.Get("Location"))
		if err != nil {
			return ""
		}
		next := u.ResolveReference(loc)
		if next.Host != c.base.Host {
			return ""
		}
		if !strings.HasPrefix(next.Path, "/.well-known/") {
			return next.EscapedPath()
		}
		u = next
	}
	return ""
}
