package infer

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// leftPhrases in an auto-reply mean its sender left the organisation (or
// the address is dead). Matched on normalizeText output (lower case,
// straight apostrophes); first match wins. An out-of-office reply without
// any of them is not evidence of a move.
var leftPhrases = []string{
	// English
	"no longer with", "no longer employed", "no longer works", "no longer working", "no longer part of",
	"has left the company", "has left the organization", "has left the organisation", "has left the firm",
	"has left the business", "has left the team", "have left the company", "have left the organization",
	"have left the organisation", "left the company", "i have left", "i've left",
	"last day at", "last day with", "my last day", "last working day", "has moved on", "have moved on",
	"email address is no longer", "e-mail address is no longer", "mailbox is no longer", "address is no longer in use",
	// German
	"nicht mehr bei", "nicht mehr für", "nicht mehr im unternehmen", "nicht mehr in unserem unternehmen",
	"unternehmen verlassen", "firma verlassen", "nicht mehr tätig", "nicht mehr beschäftigt",
	"ist nicht mehr", "letzter arbeitstag", "nicht mehr erreichbar",
	// French
	"ne fait plus partie", "n'est plus", "ne travaille plus", "a quitté", "dernier jour",
	// Spanish
	"ya no trabaja", "ya no forma parte", "ya no está en", "ya no pertenece", "dejó la empresa",
	"ha dejado la empresa", "ha dejado de trabajar",
	// Italian
	"non lavora più", "non fa più parte", "ha lasciato", "non è più",
	// Dutch
	"niet meer werkzaam", "niet langer werkzaam", "niet meer in dienst", "heeft het bedrijf verlaten",
	// Portuguese
	"não trabalha mais", "não faz mais parte", "deixou a empresa", "já não trabalha",
	// Swedish
	"har slutat", "inte längre anställd",
}

// newAddressCues before an address mean it is the person's own new address.
var newAddressCues = []string{
	"my new", "new email", "new e-mail", "new address", "new mail", "reach me at", "reach me on",
	"reach me via", "contact me at", "contact me on", "contact me via", "email me at", "write to me",
	"personal email", "personal e-mail", "personal address", "private email", "i can be reached",
	"can still be reached", "i have joined", "i've joined", "i joined", "now at",
	"neue e-mail", "neue adresse", "neue mail", "erreichen sie mich", "privat",
	"nouvelle adresse", "me joindre", "mi nuevo", "mi nueva", "nuevo correo", "nueva dirección",
	"contactarme", "nuova email", "nuovo indirizzo",
}

// replacementCues before an address mean it is whom to contact instead.
var replacementCues = []string{
	"contact", "reach out to", "write to", "get in touch with", "successor", "replacement", "colleague",
	"take over", "taking over", "taken over", "responsible", "in charge", "wenden sie sich", "kontaktieren",
	"ansprechpartner", "nachfolger", "kollegin", "kollege", "contacter", "adresser", "contacte",
	"contactar", "diríjase", "rivolgersi", "contattare",
}

// parseAutoReply finds in an auto-reply the words that say its sender left,
// and whom or where it points to instead.
func parseAutoReply(header, body []byte) (Evidence, bool) {
	th := readHeader(header)
	dec := newWordDecoder()
	from := parseAddresses(th.Get("From"), dec)
	if len(from) == 0 {
		return Evidence{}, false
	}
	text := readableText(messageParts(header, body))
	phrase := firstPhrase(normalizeText(text), leftPhrases)
	if phrase == "" {
		return Evidence{}, false
	}
	ev := Evidence{Kind: EvidenceAutoReply, Address: from[0].Email, Detail: phrase, Hard: true}
	skip := map[string]bool{ev.Address: true}
	for _, k := range []string{"To", "Cc", "Reply-To", "Sender"} {
		for _, a := range parseAddresses(th.Get(k), dec) {
			skip[a.Email] = true
		}
	}
	ev.Replacement, ev.NewAddress = pointers(text, ev.Address, skip)
	return ev, true
}

// pointers finds the first replacement contact and the first new address an
// auto-reply text gives. An address counts as new when the words before it
// say so ("my new address", "reach me at"), or when it is at another domain
// and nothing names it a contact; otherwise it is a replacement, named by
// the capitalised words just before it when there are some.
func pointers(text, addr string, skip map[string]bool) (replacement, newAddr string) {
	var kept []string
	for line := range strings.Lines(text) {
		if !headerLine.MatchString(line) {
			kept = append(kept, line)
		}
	}
	flat := strings.Join(strings.Fields(strings.Join(kept, " ")), " ")
	for _, loc := range emailPattern.FindAllStringIndex(flat, -1) {
		e := normalizeEmail(flat[loc[0]:loc[1]])
		if skip[e] || isRobot(e) {
			continue
		}
		before := sentenceTail(flat[max(0, loc[0]-120):loc[0]])
		lb := normalizeText(before)
		isNew := firstPhrase(lb, newAddressCues) != ""
		isRepl := firstPhrase(lb, replacementCues) != ""
		if isNew || (!isRepl && domainOf(e) != domainOf(addr)) {
			if newAddr == "" {
				newAddr = e
			}
			continue
		}
		if replacement == "" {
			replacement = e
			if name := nameBefore(before); name != "" {
				replacement = name + " <" + e + ">"
			}
		}
	}
	return replacement, newAddr
}

func domainOf(email string) string {
	return email[strings.LastIndexByte(email, '@')+1:]
}

// sentenceTail keeps the part of s after its last sentence end.
func sentenceTail(s string) string {
	for _, end := range []string{". ", "! ", "? ", "; "} {
		if i := strings.LastIndex(s, end); i >= 0 {
			s = s[i+len(end):]
		}
	}
	return s
}

// connectors sit between a name and its address ("Jane Roe at jane@x").
var connectors = map[string]bool{
	"at": true, "via": true, "on": true, "by": true, "email": true, "e-mail": true, "mail": true,
	"unter": true, "per": true, "bei": true, "über": true, "à": true, "a": true, "en": true, "al": true,
	"or": true, "oder": true, "ou": true, "o": true, "-": true, "under": true,
}

// leadWords start a run of capitalised words without being part of a name.
var leadWords = map[string]bool{
	"please": true, "contact": true, "bitte": true, "kontaktieren": true, "contactez": true, "veuillez": true,
	"my": true, "our": true, "colleague": true, "dear": true, "the": true, "for": true, "i": true,
	"email": true, "e-mail": true, "sie": true, "ihre": true, "ihr": true, "mein": true, "meine": true,
}

// nameBefore returns the capitalised words (up to four) that end s, after
// dropping punctuation and connector words: "please contact Jane Roe at " ->
// "Jane Roe".
func nameBefore(s string) string {
	words := strings.Fields(strings.Map(func(r rune) rune {
		if strings.ContainsRune("()<>[]:,\"", r) {
			return ' '
		}
		return r
	}, s))
	for len(words) > 0 && connectors[strings.ToLower(words[len(words)-1])] {
		words = words[:len(words)-1]
	}
	var name []string
	for i := len(words) - 1; i >= 0 && len(name) < 4; i-- {
		r, _ := utf8.DecodeRuneInString(words[i])
		if !unicode.IsUpper(r) {
			break
		}
		name = append([]string{words[i]}, name...)
	}
	for len(name) > 0 && leadWords[strings.ToLower(name[0])] {
		name = name[1:]
	}
	return strings.Join(name, " ")
}
