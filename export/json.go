package export

import (
	"encoding/json"
	"fmt"
	"io"

	"github.com/tend-dev/tend/scoring"
)

// WriteJSON writes an indented JSON array with one object per result: the
// CSV columns under the same snake_case keys plus last_subject, candidate,
// reach_out, priority and reasons (an array of {kind, text}). last_contact is RFC 3339 in UTC; it, days_since and overdue_days
// are null for nobody contacted. No results give "[]".
func WriteJSON(w io.Writer, rs []scoring.Result) error {
	rows := make([]row, 0, len(rs))
	for _, r := range rs {
		rows = append(rows, newRow(r))
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	if err := enc.Encode(rows); err != nil {
		return fmt.Errorf("writing json: %w", err)
	}
	return nil
}
