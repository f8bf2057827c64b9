package digest

import (
	"bytes"
	"errors"
	"fmt"
	"strings"

	"github.com/emersion/go-message/mail"
)

// Subject is the digest's subject line, e.g. "tend: 3 people to reach out to
// this week" ("today" for a daily period). Without reach-outs it counts what
// else there is; an empty digest gets "tend: nothing due this week".
func Subject(d Digest) string {
	when := "today"
	if d.weekly() {
		when = "this week"
	}
	if n := len(d.ReachOut); n > 0 {
		return fmt.Sprintf("tend: %s to reach out to %s", plural(n, "person", "people"), when)
	}
	var parts []string
	if n := len(d.JobChanges); n > 0 {
		parts = append(parts, plural(n, "job change", "job changes"))
	}
	if n := len(d.Birthdays); n > 0 {
		parts = append(parts, plural(n, "birthday", "birthdays"))
	}
	if n := len(d.AtRisk); n > 0 {
		parts = append(parts, plural(n, "account at risk", "accounts at risk"))
	}
	if len(parts) > 0 {
		return "tend: " + strings.Join(parts, ", ") + " " + when
	}
	if d.Pick != nil {
		return "tend: " + displayName(d.Pick.Result.Name, d.Pick.Result.Email) + " is your pick " + when
	}
	return "tend: nothing due " + when
}

// Message builds the RFC 5322 message for d: multipart/alternative with a
// UTF-8 text/plain part (RenderText) and a UTF-8 text/html part (RenderHTML),
// From from, To d.To, Date d.Now, Subject Subject(d), and a random
// Message-ID at domain. from and each of d.To may be "addr" or
// "Name <addr>". An empty domain takes the domain of from. Lines end in CRLF.
func Message(d Digest, from string, domain string) ([]byte, error) {
	sender, err := mail.ParseAddress(from)
	if err != nil {
		return nil, fmt.Errorf("parsing from address %q: %w", from, err)
	}
	if len(d.To) == 0 {
		return nil, errors.New("building digest message: no recipients")
	}
	var to []*mail.Address
	for _, s := range d.To {
		a, err := mail.ParseAddress(s)
		if err != nil {
			return nil, fmt.Errorf("parsing to address %q: %w", s, err)
		}
		to = append(to, a)
	}
	if domain == "" {
		domain = sender.Address[strings.LastIndexByte(sender.Address, '@')+1:]
	}
	if domain == "" || strings.ContainsAny(domain, " \t\r\n<>@()[]\\\",;:") {
		return nil, fmt.Errorf("building digest message: invalid message-id domain %q", domain)
	}
	if d.Now.IsZero() {
		return nil, errors.New("building digest message: no date (Digest.Now is zero)")
	}
	if sender.Name == "" {
		sender.Name = "tend"
	}

	html, err := RenderHTML(d)
	if err != nil {
		return nil, err
	}
	var h mail.Header
	h.SetDate(d.Now)
	h.SetSubject(Subject(d))
	h.SetAddressList("From", []*mail.Address{sender})
	h.SetAddressList("To", to)
	if err := h.GenerateMessageIDWithHostname(domain); err != nil {
		return nil, fmt.Errorf("generating message-id: %w", err)
	}
	h.Set("Auto-Submitted", "auto-generated") // RFC 3834: no auto-replies to a digest

	var buf bytes.Buffer
	w, err := mail.CreateInlineWriter(&buf, h)
	if err != nil {
		return nil, fmt.Errorf("writing digest message: %w", err)
	}
	parts := []struct{ typ, body string }{{"text/plain", RenderText(d)}, {"text/html", html}}
	for _, p := range parts {
		var ph mail.InlineHeader
		ph.SetContentType(p.typ, map[string]string{"charset": "utf-8"})
		pw, err := w.CreatePart(ph)
		if err != nil {
			return nil, fmt.Errorf("writing %s part: %w", p.typ, err)
		}
		if _, err := pw.Write([]byte(p.body)); err != nil {
			return nil, fmt.Errorf("writing %s part: %w", p.typ, err)
		}
		if err := pw.Close(); err != nil {
			return nil, fmt.Errorf("writing %s part: %w", p.typ, err)
		}
	}
	if err := w.Close(); err != nil {
		return nil, fmt.Errorf("writing digest message: %w", err)
	}
	return buf.Bytes(), nil
}
