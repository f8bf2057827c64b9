package caldav

import (
	"encoding/json"
	"fmt"
	"slices"

	"github.com/tend-dev/tend/model"
)

// cursor is what a calendar's sync left behind. It is stored as JSON.
type cursor struct {
	// Token is the sync-collection token; empty in etag mode.
	Token string `json:"t,omitempty"`
	// ETags maps every resource to its etag, in etag mode only.
	ETags map[string]string `json:"e,omitempty"`
	// Horizon is the last day occurrences were expanded to (2006-01-02).
	Horizon string `json:"h"`
	// Open lists resources with occurrences beyond that day (recurring
	// events, events not yet in the horizon): read again when it moves.
	Open []string `json:"o,omitempty"`
}

func parseCursor(s string) (cursor, error) {
	var c cursor
	if s == "" {
		return c, nil
	}
	if err := json.Unmarshal([]byte(s), &c); err != nil || c.Horizon == "" {
		return cursor{}, fmt.Errorf("%w: unreadable caldav cursor", model.ErrCursorInvalid)
	}
	return c, nil
}

func (c cursor) String() string {
	slices.Sort(c.Open)
	c.Open = slices.Compact(c.Open)
	b, _ := json.Marshal(c)
	return string(b)
}

// setOpen records whether href has occurrences beyond the horizon.
func (c *cursor) setOpen(href string, open bool) {
	c.Open = slices.DeleteFunc(c.Open, func(h string) bool { return h == href })
	if open {
		c.Open = append(c.Open, href)
	}
}
