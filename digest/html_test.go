package digest

import (
	"strings"
	"testing"

	"golang.org/x/net/html"
)

// unstyled are elements that carry no visible box and need no style.
var unstyled = map[string]bool{"html": true, "head": true, "meta": true, "title": true, "tbody": true}

func TestRenderHTMLIsSafeForMailClients(t *testing.T) {
	tests := []struct {
		name   string
		digest func(*testing.T) Digest
	}{
		{"full", fullDigest},
		{"reach_only", reachOnlyDigest},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			out, err := RenderHTML(tt.digest(t))
			if err != nil {
				t.Fatal(err)
			}
			if strings.Contains(strings.ToLower(out), "<script") {
				t.Error("output contains <script")
			}
			checkTree(t, out)
		})
	}
}

func checkElement(t *testing.T, n *html.Node) {
	t.Helper()
	switch n.Data {
	case "script", "style", "link", "img", "iframe", "object", "embed", "form", "base":
		t.Errorf("<%s> element in a mail digest", n.Data)
	}
	styled := false
	for _, a := range n.Attr {
		key, val := strings.ToLower(a.Key), strings.ToLower(strings.TrimSpace(a.Val))
		switch {
		case key == "style":
			styled = val != ""
			if strings.Contains(val, "url(") || strings.Contains(val, "expression") {
				t.Errorf("<%s> style loads a resource: %q", n.Data, a.Val)
			}
		case key == "src" || key == "background" || key == "srcset":
			t.Errorf("<%s %s=%q>: external resource", n.Data, key, a.Val)
		case key == "href" && !strings.HasPrefix(val, "mailto:"):
			t.Errorf("<%s href=%q>: only mailto: links allowed", n.Data, a.Val)
		case strings.HasPrefix(key, "on"):
			t.Errorf("<%s %s>: event handler", n.Data, key)
		}
	}
	if !styled && !unstyled[n.Data] {
		t.Errorf("<%s> has no inline style", n.Data)
	}
}

func TestRenderHTMLEscapesUserData(t *testing.T) {
	d := fullDigest(t)
	d.ReachOut[0].Result.Email = `x"onmouseover="alert(1)@example.com`
	d.AtRisk[0].Company = "<img src=https://tracker.example/p.gif>"
	out, err := RenderHTML(d)
	if err != nil {
		t.Fatal(err)
	}
	for _, raw := range []string{"<script>alert(1)", "<b>soon</b>", "<em>no</em>", `"onmouseover="`, "<img"} {
		if strings.Contains(out, raw) {
			t.Errorf("raw user data %q in HTML", raw)
		}
	}
	for _, escaped := range []string{"Tom &lt;script&gt;alert(1)&lt;/script&gt;", "Smith &amp; &#34;Sons&#34;", "&lt;img src=https://tracker.example/p.gif&gt;"} {
		if !strings.Contains(out, escaped) {
			t.Errorf("escaped %q missing from HTML", escaped)
		}
	}
	checkTree(t, out)
}

// checkTree parses out and checks every element with checkElement.
func checkTree(t *testing.T, out string) {
	t.Helper()
	doc, err := html.Parse(strings.NewReader(out))
	if err != nil {
		t.Fatalf("parsing html: %v", err)
	}
	var walk func(n *html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.ElementNode {
			checkElement(t, n)
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(doc)
}
