package infer

import (
	"mime"
	"strings"

	"github.com/tend-dev/tend/model"
)

// lenientAddresses extracts addresses from an address list the RFC 5322
// parser rejected: "<addr>" tokens (keeping the text before them as the
// name) and bare "local@domain" tokens. Quoted strings and comments are
// honoured when balanced; with an unbalanced quote, quotes are ignored.
func lenientAddresses(raw string, dec *mime.WordDecoder) []model.Address {
	if strings.Count(raw, `"`)%2 == 1 {
		raw = strings.ReplaceAll(raw, `"`, " ")
	}
	var out []model.Address
	start := 0    // start of the current segment (after a separator)
	nameEnd := -1 // where a "<addr>" began in the current segment
	inQuote := false
	flush := func(end int) {
		if nameEnd < 0 {
			seg := raw[start:end]
			if end < len(raw) && raw[end] == ',' && !strings.Contains(seg, "@") {
				return // a name with a comma ("Doe, Jane <j@x>") whose quotes were lost
			}
			out = append(out, bareAddresses(seg)...)
		}
		start, nameEnd = end+1, -1
	}
	for i := 0; i < len(raw); i++ {
		c := raw[i]
		switch {
		case inQuote && c == '\\':
			i++
		case c == '"':
			inQuote = !inQuote
		case inQuote:
		case c == '(':
			if j := strings.IndexByte(raw[i:], ')'); j > 0 {
				i += j
			}
		case c == '<':
			j := strings.IndexByte(raw[i:], '>')
			if j < 0 {
				j = len(raw) - i
			}
			email := normalizeEmail(raw[i+1 : i+j])
			if strings.Contains(email, "@") && !strings.ContainsAny(email, " ,;<") {
				name := cleanName(decodeName(groupTail(raw[start:i]), dec), email)
				out = append(out, model.Address{Name: name, Email: email})
				nameEnd = i
			}
			i += j
		case c == ',' || c == ';':
			flush(i)
		case c == ':' && nameEnd < 0 && !strings.Contains(raw[start:i], "@"):
			start = i + 1 // group name: "Team: a@x, b@y;"
		}
	}
	if start < len(raw) {
		flush(len(raw))
	}
	return out
}

// groupTail returns the text after a group name's colon, if any.
func groupTail(s string) string {
	if i := strings.LastIndexByte(s, ':'); i >= 0 && !strings.Contains(s[:i], `"`) {
		return s[i+1:]
	}
	return s
}

// bareAddresses returns every whitespace-separated "local@domain" token of
// s outside quotes and comments, with surrounding punctuation trimmed.
func bareAddresses(s string) []model.Address {
	var out []model.Address
	for _, f := range strings.Fields(stripQuoted(s)) {
		f = strings.Trim(f, `<>()[]"',;:.`)
		at := strings.LastIndexByte(f, '@')
		if at <= 0 || at == len(f)-1 {
			continue
		}
		out = append(out, model.Address{Email: normalizeEmail(f)})
	}
	return out
}

// stripQuoted blanks out quoted strings and parenthesised comments.
func stripQuoted(s string) string {
	b := []byte(s)
	depth, inQuote := 0, false
	for i, c := range b {
		switch {
		case c == '"' && depth == 0:
			inQuote = !inQuote
			b[i] = ' '
		case inQuote:
			b[i] = ' '
		case c == '(':
			depth++
			b[i] = ' '
		case c == ')' && depth > 0:
			depth--
			b[i] = ' '
		case depth > 0:
			b[i] = ' '
		}
	}
	return string(b)
}
