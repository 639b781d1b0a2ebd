package feeds

import (
	"strings"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// blockTags end a line of text: paragraphs stay apart once tags are gone.
var blockTags = map[atom.Atom]bool{
	atom.P: true, atom.Div: true, atom.Br: true, atom.Li: true, atom.Ul: true, atom.Ol: true,
	atom.H1: true, atom.H2: true, atom.H3: true, atom.H4: true, atom.H5: true, atom.H6: true,
	atom.Blockquote: true, atom.Pre: true, atom.Tr: true, atom.Table: true, atom.Section: true,
	atom.Article: true, atom.Header: true, atom.Footer: true, atom.Figure: true, atom.Figcaption: true,
	atom.Dd: true, atom.Dt: true, atom.Hr: true,
}

// skipTags hold no reader-visible text.
var skipTags = map[atom.Atom]bool{
	atom.Script: true, atom.Style: true, atom.Noscript: true, atom.Template: true, atom.Iframe: true,
	atom.Object: true, atom.Svg: true, atom.Head: true, atom.Button: true, atom.Select: true,
}

// htmlToText returns the text of an HTML fragment (an item's description or
// content): tags removed, entities decoded, script and style dropped, one
// paragraph a line, runs of spaces collapsed.
func htmlToText(s string) string {
	if !strings.ContainsAny(s, "<&") {
		return tidyText(s)
	}
	z := html.NewTokenizer(strings.NewReader(s))
	var b strings.Builder
	skip := 0
	for {
		tt := z.Next()
		switch tt {
		case html.ErrorToken:
			return tidyText(b.String())
		case html.TextToken:
			if skip == 0 {
				b.Write(z.Text())
			}
		case html.StartTagToken, html.SelfClosingTagToken:
			name, _ := z.TagName()
			a := atom.Lookup(name)
			if skipTags[a] && tt == html.StartTagToken {
				skip++
			}
			if blockTags[a] {
				b.WriteString("\n")
			}
		case html.EndTagToken:
			name, _ := z.TagName()
			a := atom.Lookup(name)
			if skipTags[a] && skip > 0 {
				skip--
			}
			if blockTags[a] {
				b.WriteString("\n")
			}
		}
	}
}

// tidyText collapses spaces inside lines and blank lines between them:
// paragraphs are separated by one empty line.
func tidyText(s string) string {
	var paras []string
	for _, line := range strings.Split(s, "\n") {
		if line = strings.Join(strings.Fields(line), " "); line != "" {
			paras = append(paras, line)
		}
	}
	return strings.Join(paras, "\n\n")
}
