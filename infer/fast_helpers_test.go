package infer

import (
	"reflect"
	"strings"
	"testing"

	"github.com/tend-dev/tend/model"
)

// The reference implementations below are the helpers as they were before
// their fast paths; FuzzFastHelpers proves the fast ones answer the same.

func refNormalizeEmail(s string) string {
	s = strings.TrimSpace(s)
	s = strings.Trim(s, "<>\"' \t")
	return strings.ToLower(s)
}

func refCleanName(name, email string) string {
	name = strings.Join(strings.Fields(validUTF8(name)), " ")
	for len(name) >= 2 {
		f, l := name[0], name[len(name)-1]
		if (f == '"' && l == '"') || (f == '\'' && l == '\'') {
			name = strings.TrimSpace(name[1 : len(name)-1])
			continue
		}
		break
	}
	if strings.EqualFold(name, email) || strings.EqualFold(name, "<"+email+">") {
		return ""
	}
	return name
}

func refCanonicalSelf(email string) string {
	at := strings.LastIndexByte(email, '@')
	if at < 0 {
		return email
	}
	local, domain := email[:at], email[at+1:]
	if i := strings.IndexByte(local, '+'); i > 0 {
		local = local[:i]
	}
	if domain == "gmail.com" || domain == "googlemail.com" {
		local, domain = strings.ReplaceAll(local, ".", ""), "gmail.com"
	}
	return local + "@" + domain
}

func refDedupe(lists [][]model.Address, skip func(email string) bool) []model.Address {
	var out []model.Address
	seen := make(map[string]bool)
	for _, l := range lists {
		for _, a := range l {
			if seen[a.Email] || (skip != nil && skip(a.Email)) {
				continue
			}
			seen[a.Email] = true
			out = append(out, a)
		}
	}
	return out
}

// refFirstMsgID is what messageKey and threadKey took before firstMsgID.
func refCompactLower(s string) string {
	return strings.Map(func(r rune) rune {
		switch r {
		case ' ', '\t', '\r', '\n', '"':
			return -1
		}
		return r
	}, strings.ToLower(s))
}

func refFirstMsgID(v string) string {
	if ids := msgIDs(v); len(ids) > 0 {
		return ids[0]
	}
	return ""
}

// msgIDs extracts message ids: the contents of each "<...>" with
// whitespace removed, or, when there are no brackets, the whole value
// with whitespace removed.
func msgIDs(v string) []string {
	strip := func(s string) string { return strings.Join(strings.Fields(validUTF8(s)), "") }
	var ids []string
	for {
		i := strings.IndexByte(v, '<')
		if i < 0 {
			break
		}
		j := strings.IndexByte(v[i:], '>')
		if j < 0 {
			v = v[i+1:]
			break
		}
		if id := strip(v[i+1 : i+j]); id != "" {
			ids = append(ids, id)
		}
		v = v[i+j+1:]
	}
	if len(ids) == 0 {
		if id := strip(strings.Trim(v, "<>")); id != "" {
			ids = append(ids, id)
		}
	}
	return ids
}

// fastHelperSeeds are inputs at the edges of the helpers' fast paths.
func fastHelperSeeds() []string {
	return []string{"", " ", "a@b.c", "A@B.C", " a@b ", "<a@b>", `"a@b"`, "'a@b'", "a\t@b", "é@x", "a\x00b",
		"Jane  Doe", "Jane Doe", " Jane", "Jane ", "J\u00a0D", "J\x1fD", "\"Jane\"", "'J'", "a@b.c",
		"me+tag@x.org", "first.last+x@googlemail.com", "f.l@gmail.com", "no-at", "+@x", "<id@x>", "<a b@x> <c@d>",
		"<> <x@y>", "id@x", "< >", "<a@b", "a>b<", "\xff<\xfe>", "\u2028id@x", "x\u0085y",
		"text/plain; charset=utf-8", "multipart/report;report-type=delivery-status", "Text/HTML", "\u0130",
		strings.Repeat("a@b, ", 20), manyWords()}
}

// manyWords returns more distinct words than dedupe searches linearly,
// with repeats before and after that limit and words dedupe's test skips.
func manyWords() string {
	var w []string
	for i := range 40 {
		w = append(w, string(rune('a'+i%26))+strings.Repeat("y", i/26), "x"+string(rune('a'+i%5)))
		if i%3 == 0 {
			w = append(w, string(rune('a'+i/2)))
		}
	}
	return strings.Join(w, " ")
}

// FuzzFastHelpers: normalizeEmail, cleanName, canonicalSelf, dedupe,
// compactLower, firstMsgID and lowerPrefix answer what their plain
// versions answer.
func FuzzFastHelpers(f *testing.F) {
	for _, s := range fastHelperSeeds() {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		checkFastHelpers(t, s)
	})
}

func TestFastHelpers(t *testing.T) {
	for _, s := range fastHelperSeeds() {
		t.Run(s, func(t *testing.T) { checkFastHelpers(t, s) })
	}
}

func checkFastHelpers(t *testing.T, s string) {
	t.Helper()
	if got, want := normalizeEmail(s), refNormalizeEmail(s); got != want {
		t.Fatalf("normalizeEmail(%q) = %q, want %q", s, got, want)
	}
	email := refNormalizeEmail(s)
	if got, want := cleanName(s, email), refCleanName(s, email); got != want {
		t.Fatalf("cleanName(%q) = %q, want %q", s, got, want)
	}
	if got, want := canonicalSelf(email), refCanonicalSelf(email); got != want {
		t.Fatalf("canonicalSelf(%q) = %q, want %q", email, got, want)
	}
	if got, want := compactLower(s), refCompactLower(s); got != want {
		t.Fatalf("compactLower(%q) = %q, want %q", s, got, want)
	}
	if got, want := firstMsgID(s), refFirstMsgID(s); got != want {
		t.Fatalf("firstMsgID(%q) = %q, want %q", s, got, want)
	}
	// lowerPrefix: the lowered s, or at least its first n bytes.
	for _, n := range []int{0, 3, autoReplyPrefixMax} {
		got, low := lowerPrefix(s, n), strings.ToLower(s)
		if !strings.HasPrefix(low, got) || len(got) < n && got != low {
			t.Fatalf("lowerPrefix(%q, %d) = %q, strings.ToLower gives %q", s, n, got, low)
		}
	}
	// dedupe: the words of s as emails, in three lists, skipping those
	// starting with "x"; long inputs cross the linear-search limit.
	var lists [][]model.Address
	for i, w := range strings.Fields(s) {
		if i%7 == 0 {
			lists = append(lists, nil)
		}
		lists[len(lists)-1] = append(lists[len(lists)-1], model.Address{Email: w})
	}
	skip := func(e string) bool { return strings.HasPrefix(e, "x") }
	for _, sk := range []func(string) bool{nil, skip} {
		if got, want := dedupe(nil, lists, sk, -1), refDedupe(lists, sk); !reflect.DeepEqual(got, want) {
			t.Fatalf("dedupe(%q) = %v, want %v", s, got, want)
		}
	}
}
