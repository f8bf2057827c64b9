package dav

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"

	"github.com/tend-dev/tend/model"
)

// ErrNoSyncCollection means the server does not support RFC 6578
// sync-collection on the collection: list etags instead.
var ErrNoSyncCollection = errors.New("server does not support sync-collection")

// Changes is what a sync-collection report says changed.
type Changes struct {
	Updated map[string]string // href path → etag of resources new or changed
	Deleted []string          // href paths gone
	Token   string            // the new sync token
}

// SyncCollection asks for the changes in collection since token ("" for
// every resource). An expired or unknown token is model.ErrCursorInvalid; a
// server without the report is ErrNoSyncCollection.
func (c *Client) SyncCollection(ctx context.Context, collection, token string) (Changes, error) {
	body := `<?xml version="1.0" encoding="utf-8"?>` +
		`<D:sync-collection xmlns:D="DAV:"><D:sync-token>` + xmlEscape(token) + `</D:sync-token>` +
		`<D:sync-level>1</D:sync-level><D:prop><D:getetag/></D:prop></D:sync-collection>`
	resp, err := c.send(ctx, "REPORT", collection, "", body)
	var he *HTTPError
	if errors.As(err, &he) {
		switch {
		case strings.Contains(he.Body, "valid-sync-token") && token != "":
			return Changes{}, fmt.Errorf("%w: %v", model.ErrCursorInvalid, err)
		case he.Code == http.StatusUnauthorized:
			return Changes{}, err
		case he.Code == http.StatusNotFound && token == "":
			return Changes{}, err
		case he.Code >= 400 && he.Code < 600 && token == "":
			return Changes{}, fmt.Errorf("%w (%v)", ErrNoSyncCollection, err)
		case he.Code == http.StatusForbidden || he.Code == http.StatusConflict:
			return Changes{}, fmt.Errorf("%w: %v", model.ErrCursorInvalid, err)
		}
	}
	if err != nil {
		return Changes{}, err
	}
	ms, err := decodeMultistatus(resp)
	if err != nil {
		return Changes{}, err
	}
	if ms.SyncToken == "" {
		return Changes{}, fmt.Errorf("%w (no sync-token in the answer)", ErrNoSyncCollection)
	}
	out := Changes{Updated: map[string]string{}, Token: ms.SyncToken}
	base := hrefPath(collection)
	for _, r := range ms.Responses {
		for _, h := range r.Hrefs {
			h = hrefPath(h)
			if sameCollection(h, base) {
				continue
			}
			if statusCode(r.Status) == http.StatusNotFound {
				out.Deleted = append(out.Deleted, h)
				delete(out.Updated, h)
				continue
			}
			if !r.ok() || r.prop().Prop.ResourceType != nil {
				continue
			}
			out.Updated[h] = r.prop().Prop.ETag
		}
	}
	return out, nil
}

// ETags lists the resources of collection and their etags (PROPFIND Depth 1),
// for servers without sync-collection.
func (c *Client) ETags(ctx context.Context, collection string) (map[string]string, error) {
	body := `<?xml version="1.0" encoding="utf-8"?>` +
		`<D:propfind xmlns:D="DAV:"><D:prop><D:getetag/><D:resourcetype/></D:prop></D:propfind>`
	resp, err := c.send(ctx, "PROPFIND", collection, "1", body)
	if err != nil {
		return nil, err
	}
	ms, err := decodeMultistatus(resp)
	if err != nil {
		return nil, err
	}
	out := map[string]string{}
	base := hrefPath(collection)
	for _, r := range ms.Responses {
		for _, h := range r.Hrefs {
			h = hrefPath(h)
			if sameCollection(h, base) || !r.ok() || r.prop().Prop.ResourceType != nil {
				continue
			}
			out[h] = r.prop().Prop.ETag
		}
	}
	return out, nil
}

// Resource is one resource a multiget returned.
type Resource struct {
	Href string
	ETag string
	Data string // calendar-data or address-data
}

// Kinds of multiget.
const (
	CalendarData = "calendar" // CalDAV calendar-multiget
	AddressData  = "address"  // CardDAV addressbook-multiget
)

// multigetChunk is how many hrefs one report asks for.
const multigetChunk = 200

// MultiGet fetches hrefs of collection with a calendar-multiget or
// addressbook-multiget report (kind CalendarData or AddressData). Resources
// that vanished meanwhile are missing from the result; missing lists them.
func (c *Client) MultiGet(ctx context.Context, kind, collection string, hrefs []string) (got []Resource, missing []string, err error) {
	root, ns, data := "C:calendar-multiget", "urn:ietf:params:xml:ns:caldav", "C:calendar-data"
	if kind == AddressData {
		root, ns, data = "C:addressbook-multiget", "urn:ietf:params:xml:ns:carddav", "C:address-data"
	}
	for len(hrefs) > 0 {
		n := min(len(hrefs), multigetChunk)
		chunk := hrefs[:n]
		hrefs = hrefs[n:]
		var b strings.Builder
		b.WriteString(`<?xml version="1.0" encoding="utf-8"?><` + root + ` xmlns:D="DAV:" xmlns:C="` + ns + `">`)
		b.WriteString(`<D:prop><D:getetag/><` + data + `/></D:prop>`)
		for _, h := range chunk {
			b.WriteString("<D:href>" + xmlEscape(h) + "</D:href>")
		}
		b.WriteString("</" + root + ">")
		resp, err := c.send(ctx, "REPORT", collection, "1", b.String())
		if err != nil {
			return nil, nil, err
		}
		ms, err := decodeMultistatus(resp)
		if err != nil {
			return nil, nil, err
		}
		seen := map[string]bool{}
		for _, r := range ms.Responses {
			p := r.prop().Prop
			for _, h := range r.Hrefs {
				h = hrefPath(h)
				d := p.CalData
				if kind == AddressData {
					d = p.AddrData
				}
				if !r.ok() || d == "" {
					continue
				}
				seen[h] = true
				got = append(got, Resource{Href: h, ETag: p.ETag, Data: d})
			}
		}
		for _, h := range chunk {
			if !seen[hrefPath(h)] {
				missing = append(missing, hrefPath(h))
			}
		}
	}
	return got, missing, nil
}
