package digest

import (
	_ "embed"
	"fmt"
	"html/template"
	"strings"
)

//go:embed digest.html.tmpl
var htmlSource string

// htmlData is what the HTML template sees.
type htmlData struct {
	Title string
	V     view
}

// RenderHTML renders the HTML digest with the same content and order as
// RenderText. The page is a table-based layout with inline styles only, no
// external resources and no scripts, so it renders in Gmail, Outlook and
// Apple Mail; html/template escapes all user data. The only links are
// mailto: links to the people named.
func RenderHTML(d Digest) (string, error) {
	// Parsing per call keeps the package free of mutable globals; it costs
	// well under a millisecond and a digest is rendered once per period.
	t, err := template.New("digest").Parse(htmlSource)
	if err != nil {
		return "", fmt.Errorf("parsing digest template: %w", err)
	}
	var b strings.Builder
	if err := t.Execute(&b, htmlData{Title: Subject(d), V: newView(d)}); err != nil {
		return "", fmt.Errorf("rendering html digest: %w", err)
	}
	return b.String(), nil
}
