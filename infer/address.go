package infer

import (
	"mime"
	"net/mail"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/tend-dev/tend/model"
)

// parseAddresses parses an address-list header value. Plain lists are read
// by fastAddresses; the others by the strict RFC 5322 parser, falling back
// to lenientAddresses, so a malformed list never loses a recipient. Group markers ("undisclosed-recipients:;")
// yield no address. Emails are lowercased; names decoded and cleaned.
func parseAddresses(raw string, dec *mime.WordDecoder) []model.Address {
	return appendAddresses(nil, raw, dec)
}

// appendAddresses is parseAddresses appending to dst.
func appendAddresses(dst []model.Address, raw string, dec *mime.WordDecoder) []model.Address {
	raw = strings.TrimSpace(validUTF8(raw))
	if raw == "" {
		return dst
	}
	if out, ok := appendFast(dst, raw, dec); ok {
		return out
	}
	return append(dst, slowAddresses(raw, dec)...)
}

// slowAddresses parses a trimmed, valid UTF-8 address list with net/mail,
// falling back to lenientAddresses.
func slowAddresses(raw string, dec *mime.WordDecoder) []model.Address {
	p := mail.AddressParser{WordDecoder: dec}
	list, err := p.ParseList(raw)
	if err != nil {
		return lenientAddresses(raw, dec)
	}
	out := make([]model.Address, 0, len(list))
	for _, a := range list {
		email := normalizeEmail(a.Address)
		if !strings.Contains(email, "@") {
			continue
		}
		out = append(out, model.Address{Name: cleanName(a.Name, email), Email: email})
	}
	return out
}

// normalizeEmail lowercases and trims an address.
func normalizeEmail(s string) string {
	if plainLower(s) {
		return s // nothing to trim or lowercase: the usual case
	}
	s = strings.TrimSpace(s)
	s = strings.Trim(s, "<>\"' \t")
	return strings.ToLower(s)
}

// cleanName turns a decoded display name into what a user should see:
// surrounding quotes stripped, whitespace collapsed, and "" when the name is
// empty or merely repeats the address. "Last, First" stays as it is.
func cleanName(name, email string) string {
	// An encoded word may decode to bytes that are not UTF-8 (found by
	// FuzzParseAddresses: "=?UTF-8?B?7000?=").
	if !collapsed(name) {
		name = strings.Join(strings.Fields(validUTF8(name)), " ")
	}
	for len(name) >= 2 {
		f, l := name[0], name[len(name)-1]
		if (f == '"' && l == '"') || (f == '\'' && l == '\'') {
			name = strings.TrimSpace(name[1 : len(name)-1])
			continue
		}
		break
	}
	if strings.EqualFold(name, email) || len(name) >= 2 && name[0] == '<' && name[len(name)-1] == '>' &&
		strings.EqualFold(name[1:len(name)-1], email) { // "<email>", without building it
		return ""
	}
	return name
}

// plainLower reports whether s is non-empty ASCII without upper-case
// letters, whitespace or control characters, and neither starts nor ends
// with a character normalizeEmail trims: normalizeEmail(s) is then s.
func plainLower(s string) bool {
	if s == "" || strings.IndexByte("<>\"'", s[0]) >= 0 || strings.IndexByte("<>\"'", s[len(s)-1]) >= 0 {
		return false
	}
	for i := 0; i < len(s); i++ {
		if c := s[i]; c <= ' ' || c >= 0x7f || ('A' <= c && c <= 'Z') {
			return false
		}
	}
	return true
}

// collapsed reports whether s is valid UTF-8 whose only whitespace is
// single ASCII spaces between words: strings.Fields then joins back to s.
func collapsed(s string) bool {
	if s != "" && (s[0] == ' ' || s[len(s)-1] == ' ') {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= 0x80 {
			// Valid UTF-8 other than Unicode spaces is left as it is.
			r, size := utf8.DecodeRuneInString(s[i:])
			if r == utf8.RuneError || unicode.IsSpace(r) {
				return false
			}
			i += size - 1
			continue
		}
		if ('\t' <= c && c <= '\r') || (c == ' ' && s[i+1] == ' ') {
			return false
		}
	}
	return true
}

// decodeName decodes RFC 2047 encoded words in a raw display name, keeping
// words it cannot decode as they are.
func decodeName(raw string, dec *mime.WordDecoder) string {
	s, err := dec.DecodeHeader(raw)
	if err != nil {
		return raw
	}
	return s
}

// localPart returns the part of an address before the last "@".
func localPart(email string) string {
	if i := strings.LastIndexByte(email, '@'); i >= 0 {
		return email[:i]
	}
	return email
}

// dedupe appends to dst[:0] the addresses of lists but later repeats of an
// email and those dropped by skip, stopping once it holds more than limit
// (no limit when negative). Short lists, nearly all of them, are searched
// without a map. Callers pass a small array of their own as dst: the
// lists are read and dropped within one Classify.
func dedupe(dst []model.Address, lists [][]model.Address, skip func(email string) bool, limit int) []model.Address {
	n := 0
	for _, l := range lists {
		n += len(l)
	}
	out := dst[:0]
	var seen map[string]bool // the emails in out, once out is long
	for _, l := range lists {
		for _, a := range l {
			if seen != nil && seen[a.Email] || seen == nil && kept(out, a.Email) || (skip != nil && skip(a.Email)) {
				continue
			}
			if seen == nil && len(out) == dedupeScan {
				seen = make(map[string]bool, n)
				for _, o := range out {
					seen[o.Email] = true
				}
			}
			if seen != nil {
				seen[a.Email] = true
			}
			out = append(out, a)
			if limit >= 0 && len(out) > limit {
				return out
			}
		}
	}
	if len(out) == 0 {
		return nil
	}
	return out
}

// dedupeScan is how many addresses dedupe searches linearly.
const dedupeScan = 16

// kept reports whether out holds email.
func kept(out []model.Address, email string) bool {
	for i := range out {
		if out[i].Email == email {
			return true
		}
	}
	return false
}
