// Package export writes scoring results as CSV (for spreadsheets) and JSON
// (for scripts). Both carry the same fields under the same names; neither
// does anything but format.
package export

import (
	"math"
	"strconv"
	"time"

	"github.com/tend-dev/tend/scoring"
)

// Columns returns the fixed CSV column order; JSON uses the same keys.
func Columns() []string {
	return []string{"name", "email", "company", "last_contact", "days_since", "last_channel",
		"last_direction", "sent", "received", "meetings", "score", "status", "cadence_days",
		"overdue_days", "reason", "note"}
}

// row is one result in export form.
type row struct {
	Name          string   `json:"name"`
	Email         string   `json:"email"`
	Company       string   `json:"company"`
	LastContact   *string  `json:"last_contact"`
	DaysSince     *int     `json:"days_since"`
	LastChannel   string   `json:"last_channel"`
	LastDirection string   `json:"last_direction"`
	Sent          int      `json:"sent"`
	Received      int      `json:"received"`
	Meetings      int      `json:"meetings"`
	Score         float64  `json:"score"`
	Status        string   `json:"status"`
	CadenceDays   int      `json:"cadence_days"`
	OverdueDays   *int     `json:"overdue_days"`
	Reason        string   `json:"reason"`
	Note          string   `json:"note"` // the user's own note about the person
	LastSubject   string   `json:"last_subject"`
	Candidate     bool     `json:"candidate"`
	ReachOut      bool     `json:"reach_out"`
	Priority      float64  `json:"priority"`
	Reasons       []reason `json:"reasons"`
}

// reason is one structured why-now entry (JSON only).
type reason struct {
	Kind string `json:"kind"`
	Text string `json:"text"`
}

// newRow converts a result. Fields that only make sense after a contact
// (last_contact, days_since, overdue_days) are nil when there was none.
func newRow(r scoring.Result) row {
	cad := int(math.Round(r.Cadence.Hours() / 24))
	out := row{
		Name: r.Name, Email: r.Email, Company: r.Company,
		LastChannel: string(r.LastChannel), LastDirection: string(r.LastDirection),
		Sent: r.Sent, Received: r.Received, Meetings: r.Meetings,
		Score: round2(r.Score), Status: r.Status, CadenceDays: cad,
		Reason: r.Reason, Note: r.Note, LastSubject: r.LastSubject, Candidate: r.Candidate,
		Priority: round2(r.Priority), ReachOut: r.ReachOut, Reasons: []reason{},
	}
	for _, x := range r.Reasons {
		out.Reasons = append(out.Reasons, reason{Kind: x.Kind, Text: x.Text})
	}
	if !r.LastContact.IsZero() {
		s := r.LastContact.UTC().Format(time.RFC3339)
		days := max(r.DaysSince, 0)
		over := max(days-cad, 0)
		out.LastContact, out.DaysSince, out.OverdueDays = &s, &days, &over
	}
	return out
}

// cells is the row as CSV cells in Columns order, before neutralisation.
func (r row) cells() []string {
	return []string{r.Name, r.Email, r.Company, deref(r.LastContact), itoaPtr(r.DaysSince),
		r.LastChannel, r.LastDirection, strconv.Itoa(r.Sent), strconv.Itoa(r.Received),
		strconv.Itoa(r.Meetings), strconv.FormatFloat(r.Score, 'f', 2, 64), r.Status,
		strconv.Itoa(r.CadenceDays), itoaPtr(r.OverdueDays), r.Reason, r.Note}
}

// round2 rounds to two decimals; NaN and infinities become 0 so that JSON
// encoding cannot fail.
func round2(f float64) float64 {
	if math.IsNaN(f) || math.IsInf(f, 0) {
		return 0
	}
	return math.Round(f*100) / 100
}

func deref(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}

func itoaPtr(n *int) string {
	if n == nil {
		return ""
	}
	return strconv.Itoa(*n)
}
