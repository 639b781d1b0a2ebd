package feeds

import (
	"bytes"
	"fmt"
	"net/url"
	"regexp"
	"strings"
	"time"

	readability "codeberg.org/readeck/go-readability/v2"
	"github.com/searchd/searchd/index"
	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
	"golang.org/x/net/html/charset"
)

// page is what a story's web page says about itself.
type page struct {
	text      string   // the story's main text, paragraphs one a line
	title     string   // JSON-LD headline, og:title, <title>, in that order
	authors   []string // JSON-LD author, article:author, <meta name=author>, byline
	published time.Time
	dateFrom  string // which source gave published: "json-ld", "opengraph", "time", ""
	canonical string // absolute; only on the page's own site
	siteName  string
	language  string
}

// extractPage reads a fetched HTML page: metadata from JSON-LD, OpenGraph,
// <link rel=canonical> and <time>, and the main text with readability.
func extractPage(r *response) (p *page, err error) {
	defer func() {
		// The parsers read what any site sends; their panic is this page's error.
		if v := recover(); v != nil {
			p, err = nil, fmt.Errorf("page %s: reading it failed (%v): %w", r.url, v, index.ErrInvalid)
		}
	}()
	body, err := charset.NewReader(bytes.NewReader(r.body), r.contentType)
	if err != nil {
		return nil, fmt.Errorf("page %s: %w: %w", r.url, err, index.ErrInvalid)
	}
	doc, err := html.Parse(body)
	if err != nil {
		return nil, fmt.Errorf("page %s is not HTML: %w: %w", r.url, err, index.ErrInvalid)
	}
	m := readMeta(doc, r.url)
	p = &page{siteName: m.siteName, language: m.lang}
	p.title = firstNonEmpty(m.ld.headline, m.ogTitle, m.title)
	p.authors = m.ld.authors
	if len(p.authors) == 0 && m.author != "" {
		p.authors = []string{m.author}
	}
	if p.siteName == "" {
		p.siteName = m.ld.publisher
	}
	if p.language == "" {
		p.language = m.ld.language
	}
	switch {
	case !m.ld.published.IsZero():
		p.published, p.dateFrom = m.ld.published, "json-ld"
	case !m.ogPublished.IsZero():
		p.published, p.dateFrom = m.ogPublished, "opengraph"
	case !m.timeTag.IsZero():
		p.published, p.dateFrom = m.timeTag, "time"
	}
	// A page may name any URL as its canonical one; only its own site's is
	// believed, or a page elsewhere could take over another site's story id.
	for _, c := range []string{m.canonical, m.ogURL, m.ld.url} {
		if c == "" {
			continue
		}
		if u, err := r.url.Parse(c); err == nil && (u.Scheme == "http" || u.Scheme == "https") && sameSite(u, r.url) {
			p.canonical = u.String()
			break
		}
	}

	// readability (Mozilla's algorithm) was chosen over go-trafilatura
	// v1.12.2 on the boilerplate-heavy test pages: both kept every sentence
	// of the stories and each let one inline "Read more" link through, but
	// readability keeps paragraphs apart (trafilatura's text is one line),
	// took 6 ms a page against 9, and needs 4 modules where trafilatura
	// needs about 25, a WebAssembly regexp engine among them.
	//
	// readability rewrites the tree it reads; the metadata is taken first.
	// It scores every element several times over: a page of more elements
	// than any news page has is left to the item's own text.
	parser := readability.NewParser()
	parser.MaxElemsToParse = maxElements
	art, err := parser.ParseAndMutate(doc, r.url)
	if err == nil && art.Node != nil {
		var b strings.Builder
		if art.RenderText(&b) == nil {
			p.text = cleanText(b.String())
		}
		if len(p.authors) == 0 {
			if by := cleanByline(art.Byline()); by != "" {
				p.authors = []string{by}
			}
		}
		if p.title == "" {
			p.title = strings.TrimSpace(art.Title())
		}
	}
	return p, nil
}

// maxElements bounds the elements of a page given to readability; large
// news pages have 3,000-6,000.
const maxElements = 100000

// adLine matches paragraphs that are only a label of the page's furniture,
// which readability keeps when they sit inside the story's container.
var adLine = regexp.MustCompile(`(?i)^(advertisement|advertising|sponsored( content)?|ad|anzeige|publicité|story continues below( advertisement)?|scroll to continue( with content)?)$`)

// promoLine matches a short paragraph that points to another story ("Read
// more: what a hosepipe ban means for you"): links inside the story's
// container, which readability keeps. The colon is required, so that a
// sentence starting with "Related" stays.
var promoLine = regexp.MustCompile(`(?i)^(read more|read also|also read|more on this( story)?|related( stories| story| articles?)?|see also|recommended|watch|listen)\s*:`)

// cleanText tidies readability's text and drops the ad labels and links to
// other stories it kept.
func cleanText(s string) string {
	var out []string
	for _, para := range strings.Split(tidyText(s), "\n\n") {
		if adLine.MatchString(para) || (len(para) <= 160 && promoLine.MatchString(para)) {
			continue
		}
		out = append(out, para)
	}
	return strings.Join(out, "\n\n")
}

// cleanByline strips "By " from a byline; long bylines are sentences, not names.
func cleanByline(s string) string {
	s = strings.Join(strings.Fields(s), " ")
	if len(s) > 3 && strings.EqualFold(s[:3], "by ") {
		s = s[3:]
	}
	if len(s) > 100 {
		return ""
	}
	return s
}

func firstNonEmpty(list ...string) string {
	for _, s := range list {
		if s = strings.TrimSpace(s); s != "" {
			return s
		}
	}
	return ""
}

// meta is the metadata of a page's markup.
type meta struct {
	lang, title, author, siteName string
	ogTitle, ogURL, canonical     string
	ogPublished, timeTag          time.Time
	ld                            jsonLD
}

// readMeta walks the document once for the metadata.
func readMeta(doc *html.Node, base *url.URL) meta {
	var m meta
	var walk func(n *html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.ElementNode {
			switch n.DataAtom {
			case atom.Html:
				m.lang = attr(n, "lang")
			case atom.Title:
				if m.title == "" {
					m.title = textOf(n)
				}
			case atom.Meta:
				key := strings.ToLower(firstNonEmpty(attr(n, "property"), attr(n, "name")))
				content := strings.TrimSpace(attr(n, "content"))
				switch key {
				case "og:title":
					m.ogTitle = content
				case "og:url":
					m.ogURL = content
				case "og:site_name":
					m.siteName = content
				case "article:published_time", "og:article:published_time":
					if t, ok := parseDate(content); ok {
						m.ogPublished = t
					}
				case "author", "article:author":
					// article:author is often a profile URL, which is no name.
					if m.author == "" && !strings.Contains(content, "://") {
						m.author = content
					}
				}
			case atom.Link:
				if hasToken(attr(n, "rel"), "canonical") && m.canonical == "" {
					m.canonical = strings.TrimSpace(attr(n, "href"))
				}
			case atom.Script:
				if strings.EqualFold(strings.TrimSpace(attr(n, "type")), "application/ld+json") && m.ld.empty() {
					m.ld = parseJSONLD(textOf(n))
				}
			case atom.Time:
				if m.timeTag.IsZero() {
					if t, ok := parseDate(attr(n, "datetime")); ok {
						m.timeTag = t
					}
				}
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(doc)
	return m
}

func attr(n *html.Node, name string) string {
	for _, a := range n.Attr {
		if a.Namespace == "" && strings.EqualFold(a.Key, name) {
			return a.Val
		}
	}
	return ""
}

func hasToken(list, token string) bool {
	for _, t := range strings.Fields(list) {
		if strings.EqualFold(t, token) {
			return true
		}
	}
	return false
}

func textOf(n *html.Node) string {
	var b strings.Builder
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.TextNode {
			b.WriteString(n.Data)
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(n)
	return strings.TrimSpace(b.String())
}

// dateLayouts are the forms of dates found in page metadata, most common first.
var dateLayouts = []string{
	time.RFC3339Nano,
	"2006-01-02T15:04:05Z0700",
	"2006-01-02T15:04Z07:00",
	"2006-01-02T15:04:05",
	"2006-01-02T15:04",
	"2006-01-02 15:04:05Z07:00",
	"2006-01-02 15:04:05",
	time.DateOnly,
	time.RFC1123Z,
	time.RFC1123,
}

// parseDate reads a metadata date; one without a zone is taken as UTC.
func parseDate(s string) (time.Time, bool) {
	s = strings.TrimSpace(s)
	if s == "" {
		return time.Time{}, false
	}
	for _, layout := range dateLayouts {
		if t, err := time.Parse(layout, s); err == nil {
			if y := t.Year(); y < 1900 || y > 2200 {
				return time.Time{}, false
			}
			return t, true
		}
	}
	return time.Time{}, false
}
