package infer

import (
	"math"
	"strings"
	"testing"
	"time"

	"github.com/tend-dev/tend/model"
)

// arrival is the INTERNALDATE every sample is given.
var arrival = time.Date(2024, 3, 12, 7, 0, 0, 0, time.UTC)

// want is one expected interaction.
type want struct {
	email, name string
	dir         model.Direction
	weight      float64
	recipients  int
}

func TestClassifySamples(t *testing.T) {
	third := 1 / math.Sqrt(3)
	tests := []struct {
		name     string
		sample   string
		class    model.Class
		reason   string // substring; "" only for Personal
		inter    []want
		at       time.Time // zero: not checked
		fallback bool
		key      string // "" not checked
		thread   string // "" not checked
		from     string // "" not checked
	}{
		{name: "gmail personal", sample: "gmail personal", class: model.Personal,
			inter: []want{{"anna.schmidt@gmail.com", "Anna Schmidt", model.Inbound, 1, 1}},
			at:    time.Date(2024, 3, 5, 9, 15, 42, 0, time.UTC), key: "CAF3x+mQ8yT2kz@mail.gmail.com",
			thread: "CAB7y-root@mail.gmail.com", from: "anna.schmidt@gmail.com"},
		{name: "outlook Last, First names", sample: "outlook last first", class: model.Personal,
			inter: []want{{"jane.doe@contoso.com", "Doe, Jane", model.Inbound, 1, 3}},
			key:   "DB9PR0@EUR03.PROD.OUTLOOK.COM", thread: "DB9PR0@EUR03.PROD.OUTLOOK.COM"},
		{name: "mailchimp newsletter", sample: "mailchimp newsletter", class: model.Bulk, reason: "List-Unsubscribe"},
		{name: "amazon ses notification", sample: "ses notification", class: model.Bulk, reason: "Feedback-ID"},
		{name: "sendgrid mail from a person", sample: "sendgrid transactional", class: model.Bulk, reason: "X-SG-EID"},
		{name: "github notification", sample: "github notification", class: model.Bulk, reason: "List-Id"},
		{name: "google calendar invitation", sample: "google calendar invite", class: model.Automated,
			reason: "calendar-notification@google.com"},
		{name: "postfix bounce", sample: "postfix bounce", class: model.Bounce, reason: "delivery status",
			from: "mailer-daemon@mail.example.org", at: time.Date(2024, 3, 8, 13, 2, 11, 0, time.UTC)},
		{name: "exchange out of office", sample: "exchange out of office", class: model.AutoReply, reason: "auto-replied"},
		{name: "robot hidden in Reply-To", sample: "newsletter robot reply-to", class: model.Automated,
			reason: "Reply-To do-not-reply@acme.example"},
		{name: "utf-8 B name", sample: "rfc2047 utf-8 b", class: model.Personal,
			inter: []want{{"juergen@example.de", "Jürgen Müller", model.Inbound, 1, 1}}},
		{name: "utf-8 Q name", sample: "rfc2047 utf-8 q", class: model.Personal,
			inter: []want{{"francoise@example.fr", "Françoise Dupré", model.Inbound, 1, 1}}},
		{name: "iso-8859-1 name", sample: "rfc2047 iso-8859-1", class: model.Personal,
			inter: []want{{"pirard@example.be", "André Pirard", model.Inbound, 1, 1}}},
		{name: "windows-1252 name", sample: "rfc2047 windows-1252", class: model.Personal,
			inter: []want{{"zoe@example.com", "Zoë “Z” Smith", model.Inbound, 1, 1}}},
		{name: "koi8-r name", sample: "rfc2047 koi8-r", class: model.Personal,
			inter: []want{{"ivan@example.ru", "Иван", model.Inbound, 1, 1}}},
		{name: "broken date falls back", sample: "broken date", class: model.Personal, at: arrival, fallback: true,
			inter: []want{{"pat@example.com", "Pat", model.Inbound, 1, 1}}},
		{name: "lenient date is read", sample: "lenient date", class: model.Personal,
			at: time.Date(2024, 3, 12, 4, 30, 0, 0, time.UTC)},
		{name: "missing date falls back", sample: "missing date", class: model.Personal, at: arrival, fallback: true},
		{name: "far-future date falls back", sample: "future date", class: model.Personal, at: arrival, fallback: true},
		{name: "message-id with spaces", sample: "message-id with spaces", class: model.Personal,
			key: "spaced.id@example.com", thread: "spaced.id@example.com"},
		{name: "undisclosed recipients", sample: "undisclosed recipients", class: model.Indirect, reason: "not addressed"},
		{name: "malformed To keeps every recipient", sample: "malformed to", class: model.Personal,
			inter: []want{{"pat@example.com", "Pat", model.Inbound, 1, 3}}},
		{name: "mixed-case addresses", sample: "mixed case", class: model.Personal,
			inter: []want{{"pat.q@example.com", "Pat Q", model.Inbound, 1, 1}}, from: "pat.q@example.com"},
		{name: "user's +tag address", sample: "plus tag", class: model.Personal,
			inter: []want{{"owner@smallshop.example", "Shop Owner", model.Inbound, 1, 1}}},
		{name: "sent to three people", sample: "sent to three", class: model.Personal,
			inter: []want{
				{"anna.schmidt@gmail.com", "Anna", model.Outbound, third, 3},
				{"jane.doe@contoso.com", "Doe, Jane", model.Outbound, third, 3},
				{"sam@example.com", "Sam", model.Outbound, third, 3},
			}},
		{name: "sent to one person", sample: "sent to one", class: model.Personal,
			inter: []want{{"anna.schmidt@gmail.com", "", model.Outbound, 1, 1}}},
		{name: "sent to twenty is mass", sample: "sent to twenty", class: model.Mass, reason: "maximum"},
		{name: "note to self", sample: "sent to self", class: model.Self, reason: "no recipient"},
		{name: "bcc-only received", sample: "bcc only", class: model.Indirect, reason: "Bcc"},
		{name: "received with four others", sample: "to five people", class: model.Personal,
			inter: []want{{"pat@example.com", "Pat", model.Inbound, 1 / math.Sqrt(5), 5}}},
	}
	c := New(Options{Self: []string{"Me@Example.org"}})
	all := samples()
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			raw, ok := all[tt.sample]
			if !ok {
				t.Fatalf("no sample %q", tt.sample)
			}
			got, err := c.Classify(model.HeaderMessage{InternalDate: arrival, Header: raw})
			if err != nil {
				t.Fatalf("Classify: %v", err)
			}
			if got.Class != tt.class {
				t.Errorf("class = %q (%s), want %q", got.Class, got.Reason, tt.class)
			}
			if tt.class != model.Personal && !strings.Contains(got.Reason, tt.reason) {
				t.Errorf("reason = %q, want it to contain %q", got.Reason, tt.reason)
			}
			if tt.class == model.Personal && got.Reason != "" {
				t.Errorf("reason = %q for a personal message", got.Reason)
			}
			checkInteractions(t, got, tt.inter, tt.class == model.Personal)
			if !tt.at.IsZero() && !got.At.Equal(tt.at) {
				t.Errorf("at = %v, want %v", got.At, tt.at)
			}
			if got.At.Location() != time.UTC {
				t.Errorf("at %v is not UTC", got.At)
			}
			if got.DateFallback != tt.fallback {
				t.Errorf("fallback = %v, want %v", got.DateFallback, tt.fallback)
			}
			if tt.key != "" && got.Key != tt.key {
				t.Errorf("key = %q, want %q", got.Key, tt.key)
			}
			if tt.thread != "" && got.ThreadKey != tt.thread {
				t.Errorf("thread = %q, want %q", got.ThreadKey, tt.thread)
			}
			if tt.from != "" && got.From != tt.from {
				t.Errorf("from = %q, want %q", got.From, tt.from)
			}
			if got.Subject != "" {
				t.Errorf("subject %q kept without KeepSubjects", got.Subject)
			}
		})
	}
}

// checkInteractions compares interactions; with personal set and w nil it
// only requires at least one.
func checkInteractions(t *testing.T, got model.Message, w []want, personal bool) {
	t.Helper()
	if !personal {
		if len(got.Interactions) != 0 {
			t.Errorf("%d interactions on a %s message", len(got.Interactions), got.Class)
		}
		return
	}
	if w == nil {
		if len(got.Interactions) == 0 {
			t.Error("no interaction on a personal message")
		}
		return
	}
	if len(got.Interactions) != len(w) {
		t.Fatalf("interactions = %+v, want %d", got.Interactions, len(w))
	}
	for i, in := range got.Interactions {
		e := w[i]
		if in.Email != e.email || in.Name != e.name || in.Direction != e.dir ||
			math.Abs(in.Weight-e.weight) > 1e-9 || in.Recipients != e.recipients {
			t.Errorf("interaction %d = {%q %q %s %.3f %d}, want {%q %q %s %.3f %d}", i,
				in.Email, in.Name, in.Direction, in.Weight, in.Recipients,
				e.email, e.name, e.dir, e.weight, e.recipients)
		}
		if in.Channel != model.Email || !in.At.Equal(got.At) {
			t.Errorf("interaction %d channel %q at %v, want email at %v", i, in.Channel, in.At, got.At)
		}
	}
}
