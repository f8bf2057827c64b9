// Package infer turns a message's raw header block into tend's conclusion
// about it: a stable key, a date, a class (personal, bulk, automated, ...)
// and the interactions it creates with people. It is pure (no I/O, no
// clock) and is the one implementation of tend's inference rules, shared by
// every mail provider. RULES.md states the rules for users.
package infer

import (
	"mime"
	"strings"
)

// DefaultMaxRecipients is the recipient count above which a message counts
// as Mass when Options.MaxRecipients is zero.
const DefaultMaxRecipients = 15

// Options configure inference. The zero value is usable.
type Options struct {
	// Self lists the user's own addresses, in any case. "me+tag@x" matches
	// "me@x", and Gmail addresses match with or without dots. Nil means no
	// message is recognised as the user's own (every message is inbound).
	Self []string
	// MaxRecipients: a message with more people on it is Mass and creates
	// no contact. Zero means DefaultMaxRecipients.
	MaxRecipients int
	// KeepSubjects keeps Message.Subject; otherwise it is left empty.
	KeepSubjects bool
}

// Classifier applies tend's inference rules. Build one per account with New;
// it is safe for concurrent use.
type Classifier struct {
	self          map[string]bool // canonical self addresses
	maxRecipients int
	keepSubjects  bool
	dec           *mime.WordDecoder
	fields        fieldNames
	listFields    []field // listFields(), in order
	bulkFields    []field // bulkSenderFields(), in order
}

// New returns a Classifier for opts.
func New(opts Options) *Classifier {
	c := &Classifier{
		self:          make(map[string]bool, len(opts.Self)),
		maxRecipients: opts.MaxRecipients,
		keepSubjects:  opts.KeepSubjects,
		dec:           newWordDecoder(),
		fields:        newFieldNames(),
	}
	for i := range listFields() {
		c.listFields = append(c.listFields, numFixed+field(i))
	}
	for i := range bulkSenderFields() {
		c.bulkFields = append(c.bulkFields, numFixed+field(len(listFields())+i))
	}
	if c.maxRecipients <= 0 {
		c.maxRecipients = DefaultMaxRecipients
	}
	for _, s := range opts.Self {
		if e := canonicalSelf(normalizeEmail(s)); strings.Contains(e, "@") {
			c.self[e] = true
		}
	}
	return c
}

// IsSelf reports whether email is one of the user's addresses, ignoring
// case, a "+tag" and, for Gmail, dots in the local part.
func (c *Classifier) IsSelf(email string) bool {
	return c.self[canonicalSelf(normalizeEmail(email))]
}

// canonicalSelf drops a "+tag" from a lowercased address, and the dots of
// a Gmail local part (Gmail ignores them).
func canonicalSelf(email string) string {
	at := strings.LastIndexByte(email, '@')
	if at < 0 {
		return email
	}
	local, domain := email[:at], email[at+1:]
	changed := false
	if i := strings.IndexByte(local, '+'); i > 0 {
		local, changed = local[:i], true
	}
	if domain == "gmail.com" || domain == "googlemail.com" {
		local, domain, changed = strings.ReplaceAll(local, ".", ""), "gmail.com", true
	}
	if !changed {
		return email
	}
	return local + "@" + domain
}
