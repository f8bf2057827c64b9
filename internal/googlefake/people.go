package googlefake

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strings"

	people "google.golang.org/api/people/v1"
)

type person struct {
	p   *people.Person
	seq int
}

type peopleState struct {
	list  []*person
	seq   int
	epoch int
}

// PutPerson adds or replaces (by ResourceName) a contact; an empty
// ResourceName gets one. It returns the resource name.
func (f *Fake) PutPerson(p people.Person) string {
	f.mu.Lock()
	defer f.mu.Unlock()
	s := &f.people
	s.seq++
	if p.ResourceName == "" {
		p.ResourceName = fmt.Sprintf("people/c%d", 7000+s.seq)
	}
	p.Etag = fmt.Sprintf("%%EgU%d", s.seq)
	for i, e := range s.list {
		if e.p.ResourceName == p.ResourceName {
			s.list = append(s.list[:i], s.list[i+1:]...)
			break
		}
	}
	s.list = append(s.list, &person{p: &p, seq: s.seq})
	return p.ResourceName
}

// DeletePerson deletes a contact; incremental syncs report it with
// metadata.deleted.
func (f *Fake) DeletePerson(name string) {
	f.PutPerson(people.Person{ResourceName: name, Metadata: &people.PersonMetadata{Deleted: true}})
}

// ExpirePeopleSyncTokens makes every People sync token so far expire.
func (f *Fake) ExpirePeopleSyncTokens() {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.people.epoch++
}

func (f *Fake) routePeople(mux *http.ServeMux) {
	mux.HandleFunc("GET /v1/people/me/connections", f.connections)
}

func (f *Fake) connections(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	if q.Get("personFields") == "" {
		badRequest(w, "personFields mask is required. Please specify one or more valid paths.")
		return
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	s := &f.people
	since := -1
	if tok := q.Get("syncToken"); tok != "" {
		ep, n, err := parseToken(tok, "EpsB")
		if err != nil || ep != s.epoch {
			expiredSyncToken(w)
			return
		}
		since = n
	}
	fields := strings.Split(q.Get("personFields"), ",")
	var out []*people.Person
	for _, e := range s.list {
		if e.seq <= since || (since < 0 && e.p.Metadata != nil && e.p.Metadata.Deleted) {
			continue
		}
		out = append(out, mask(e.p, fields))
	}
	lo, hi, next := page(len(out), q, "pageSize", 100)
	resp := &people.ListConnectionsResponse{Connections: out[lo:hi], NextPageToken: next,
		TotalItems: int64(len(out)), TotalPeople: int64(len(out))}
	if next == "" && q.Get("requestSyncToken") == "true" {
		resp.NextSyncToken = fmt.Sprintf("EpsB%d_%d", s.epoch, s.seq)
	}
	writeJSON(w, resp)
}

// mask keeps only the requested person fields, as the API does.
func mask(p *people.Person, fields []string) *people.Person {
	out := &people.Person{ResourceName: p.ResourceName, Etag: p.Etag, Metadata: p.Metadata}
	for _, fl := range fields {
		switch strings.TrimSpace(fl) {
		case "names":
			out.Names = p.Names
		case "emailAddresses":
			out.EmailAddresses = p.EmailAddresses
		case "birthdays":
			out.Birthdays = p.Birthdays
		case "events":
			out.Events = p.Events
		}
	}
	return out
}

// expiredSyncToken answers as the People API does for an expired token:
// 400 FAILED_PRECONDITION with an ErrorInfo reason EXPIRED_SYNC_TOKEN.
func expiredSyncToken(w http.ResponseWriter) {
	w.Header().Set("Content-Type", "application/json; charset=UTF-8")
	w.WriteHeader(http.StatusBadRequest)
	_ = json.NewEncoder(w).Encode(map[string]any{"error": map[string]any{
		"code":    400,
		"message": "Sync token is expired. Clear local cache and retry call without the sync token.",
		"status":  "FAILED_PRECONDITION",
		"details": []any{map[string]any{"@type": "type.googleapis.com/google.rpc.ErrorInfo",
			"reason": "EXPIRED_SYNC_TOKEN", "domain": "people.googleapis.com"}},
	}})
}
