package infer

import (
	"mime"
	"strings"
)

// fastPhrase reads the unquoted display name starting at raw[i], up to the
// "<" of its angle-addr: words of atext, dots and valid UTF-8 separated by
// spaces and tabs. A word starting "=?" must be an RFC 2047 encoded word
// dec decodes. It returns the name as net/mail's phrase reader builds it
// (up to runs of blanks, which cleanName collapses) and the position of
// the "<"; ok is false when raw[i:] is not such a name.
func fastPhrase(raw string, i int, dec *mime.WordDecoder) (name string, next int, ok bool) {
	start, encoded := i, false
	for i < len(raw) && raw[i] != '<' {
		if isSpTab(raw[i]) {
			i++
			continue
		}
		w := i
		for i < len(raw) {
			c := raw[i]
			if c < 0x80 {
				if !atext(c) && c != '.' {
					break
				}
				i++
				continue
			}
			n := utf8Len(raw, i)
			if n == 0 {
				return "", 0, false
			}
			i += n
		}
		if i == w {
			return "", 0, false // a special: a comment, quote, comma, "@"...
		}
		encoded = encoded || strings.HasPrefix(raw[w:i], "=?")
	}
	if i == len(raw) || i == start {
		return "", 0, false
	}
	if !encoded {
		return raw[start:i], i, true
	}
	name, ok = decodePhrase(raw[start:i], dec)
	return name, i, ok
}

// decodePhrase joins the blank-separated words of s the way net/mail's
// consumePhrase does: encoded words decoded, adjacent encoded words
// concatenated, the rest joined by single spaces. ok is false when a word
// starting "=?" does not decode (net/mail may then keep it raw or stop).
func decodePhrase(s string, dec *mime.WordDecoder) (string, bool) {
	var (
		words []string
		sb    strings.Builder
	)
	for _, w := range strings.FieldsFunc(s, isSpTabRune) {
		if !strings.HasPrefix(w, "=?") {
			if sb.Len() > 0 {
				words = append(words, sb.String())
				sb.Reset()
			}
			words = append(words, w)
			continue
		}
		d, err := dec.Decode(w)
		if err != nil {
			return "", false
		}
		sb.WriteString(d)
	}
	if sb.Len() > 0 {
		words = append(words, sb.String())
	}
	return strings.Join(words, " "), true
}

// isSpTabRune reports whether r is a space or a tab.
func isSpTabRune(r rune) bool { return r == ' ' || r == '\t' }
