package googlefake

import (
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"

	gmail "google.golang.org/api/gmail/v1"
)

type gmailState struct {
	email      string
	messages   []*gmail.Message // oldest first
	byID       map[string]*gmail.Message
	history    []*gmail.History
	historyID  uint64
	minHistory uint64 // history before this id is gone (404)
	nextID     int
}

func newGmailState(email string) gmailState {
	return gmailState{email: email, byID: map[string]*gmail.Message{}, historyID: 1000}
}

// AddMessage stores a message with the header block header ("Name: value"
// lines, folded lines allowed), labels and arrival time, records a
// messageAdded history entry and returns its id.
func (f *Fake) AddMessage(labels []string, internal time.Time, header string) string {
	f.mu.Lock()
	defer f.mu.Unlock()
	g := &f.gmail
	g.nextID++
	g.historyID++
	id := fmt.Sprintf("18c%013x", g.nextID)
	m := &gmail.Message{Id: id, ThreadId: id, LabelIds: slices.Clone(labels), HistoryId: g.historyID,
		InternalDate: internal.UnixMilli(), SizeEstimate: int64(len(header) + 200),
		Payload: &gmail.MessagePart{MimeType: "text/plain", Headers: parseHeaders(header)}}
	g.messages = append(g.messages, m)
	g.byID[id] = m
	g.history = append(g.history, &gmail.History{Id: g.historyID,
		Messages:      []*gmail.Message{{Id: id, ThreadId: id}},
		MessagesAdded: []*gmail.HistoryMessageAdded{{Message: &gmail.Message{Id: id, ThreadId: id, LabelIds: m.LabelIds}}}})
	return id
}

// DeleteMessage removes a message (as permanently deleting it would).
func (f *Fake) DeleteMessage(id string) {
	f.mu.Lock()
	defer f.mu.Unlock()
	g := &f.gmail
	delete(g.byID, id)
	g.messages = slices.DeleteFunc(g.messages, func(m *gmail.Message) bool { return m.Id == id })
	g.historyID++
	g.history = append(g.history, &gmail.History{Id: g.historyID,
		MessagesDeleted: []*gmail.HistoryMessageDeleted{{Message: &gmail.Message{Id: id, ThreadId: id}}}})
}

// ExpireHistory forgets all history so far: history.list from any earlier
// startHistoryId answers 404, as Gmail does after about a week.
func (f *Fake) ExpireHistory() {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.gmail.minHistory = f.gmail.historyID + 1
}

func parseHeaders(block string) []*gmail.MessagePartHeader {
	var out []*gmail.MessagePartHeader
	for _, line := range strings.Split(strings.ReplaceAll(block, "\r\n", "\n"), "\n") {
		if line == "" {
			continue
		}
		if (line[0] == ' ' || line[0] == '\t') && len(out) > 0 {
			out[len(out)-1].Value += " " + strings.TrimSpace(line)
			continue
		}
		name, value, ok := strings.Cut(line, ":")
		if ok {
			out = append(out, &gmail.MessagePartHeader{Name: name, Value: strings.TrimSpace(value)})
		}
	}
	return out
}

func (f *Fake) routeGmail(mux *http.ServeMux) {
	mux.HandleFunc("GET /gmail/v1/users/{user}/profile", f.gmailProfile)
	mux.HandleFunc("GET /gmail/v1/users/{user}/messages", f.gmailList)
	mux.HandleFunc("GET /gmail/v1/users/{user}/messages/{id}", f.gmailGet)
	mux.HandleFunc("GET /gmail/v1/users/{user}/history", f.gmailHistory)
}

func (f *Fake) gmailProfile(w http.ResponseWriter, r *http.Request) {
	f.mu.Lock()
	defer f.mu.Unlock()
	writeJSON(w, &gmail.Profile{EmailAddress: f.gmail.email, HistoryId: f.gmail.historyID,
		MessagesTotal: int64(len(f.gmail.messages)), ThreadsTotal: int64(len(f.gmail.messages))})
}

// gmailList lists message ids newest first; several labelIds must all match.
func (f *Fake) gmailList(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	if q.Get("q") != "" {
		writeError(w, http.StatusForbidden, "forbidden", "Metadata scope does not support 'q' parameter")
		return
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	var ids []*gmail.Message
	for i := len(f.gmail.messages) - 1; i >= 0; i-- {
		m := f.gmail.messages[i]
		if hasAll(m.LabelIds, q["labelIds"]) {
			ids = append(ids, &gmail.Message{Id: m.Id, ThreadId: m.ThreadId})
		}
	}
	lo, hi, next := page(len(ids), q, "maxResults", 100)
	writeJSON(w, &gmail.ListMessagesResponse{Messages: ids[lo:hi], NextPageToken: next, ResultSizeEstimate: int64(len(ids))})
}

func (f *Fake) gmailGet(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	if fm := q.Get("format"); fm == "full" || fm == "raw" || fm == "" {
		writeError(w, http.StatusForbidden, "forbidden", "Metadata scope doesn't allow format FULL")
		return
	}
	f.mu.Lock()
	m, ok := f.gmail.byID[r.PathValue("id")]
	f.mu.Unlock()
	if !ok {
		writeError(w, http.StatusNotFound, "notFound", "")
		return
	}
	out := *m
	part := *m.Payload
	part.Headers = nil
	want := q["metadataHeaders"]
	for _, h := range m.Payload.Headers {
		if len(want) == 0 || slices.ContainsFunc(want, func(s string) bool { return strings.EqualFold(s, h.Name) }) {
			part.Headers = append(part.Headers, h)
		}
	}
	out.Payload = &part
	writeJSON(w, &out)
}

func (f *Fake) gmailHistory(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	start, err := strconv.ParseUint(q.Get("startHistoryId"), 10, 64)
	if err != nil {
		badRequest(w, "Invalid startHistoryId")
		return
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	g := &f.gmail
	if start < g.minHistory || start > g.historyID {
		writeError(w, http.StatusNotFound, "notFound", "")
		return
	}
	types := q["historyTypes"]
	var recs []*gmail.History
	for _, h := range g.history {
		if h.Id <= start {
			continue
		}
		rec := *h
		if len(types) > 0 && !slices.Contains(types, "messageAdded") {
			rec.MessagesAdded = nil
		}
		if len(types) > 0 && !slices.Contains(types, "messageDeleted") {
			rec.MessagesDeleted = nil
		}
		if l := q.Get("labelId"); l != "" && len(rec.MessagesAdded) > 0 && !slices.Contains(rec.MessagesAdded[0].Message.LabelIds, l) {
			continue
		}
		recs = append(recs, &rec)
	}
	lo, hi, next := page(len(recs), q, "maxResults", 100)
	writeJSON(w, &gmail.ListHistoryResponse{History: recs[lo:hi], HistoryId: g.historyID, NextPageToken: next})
}

func hasAll(have, want []string) bool {
	for _, w := range want {
		if !slices.Contains(have, w) {
			return false
		}
	}
	return true
}
