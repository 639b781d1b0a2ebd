package feeds

import (
	"bytes"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/mmcdole/gofeed"
	"github.com/searchd/searchd/index"
)

// docKind is what a fetched URL turned out to be.
type docKind int

const (
	kindUnknown docKind = iota
	kindFeed
	kindPage
)

// detect tells a feed from a web page by the Content-Type and, where that
// is vague (XML, JSON, text/plain, none) or wrong, by the body itself.
func detect(r *response) docKind {
	switch r.mediaType {
	case "application/rss+xml", "application/atom+xml", "application/feed+json", "application/rdf+xml":
		return kindFeed
	}
	switch gofeed.DetectFeedType(bytes.NewReader(r.body)) {
	case gofeed.FeedTypeRSS, gofeed.FeedTypeAtom:
		return kindFeed
	case gofeed.FeedTypeJSON:
		// gofeed takes any JSON object for a JSON Feed; a feed says its version.
		if bytes.Contains(r.body, []byte("jsonfeed.org/version")) {
			return kindFeed
		}
	}
	switch r.mediaType {
	case "text/html", "application/xhtml+xml":
		return kindPage
	}
	if strings.HasPrefix(http.DetectContentType(r.body), "text/html") {
		return kindPage
	}
	return kindUnknown
}

// feedDoc is a parsed feed.
type feedDoc struct {
	title    string
	language string
	items    []item
}

// item is one entry of a feed, with its link made absolute.
type item struct {
	key       string // identifies the item across polls: its normalised link, else its guid
	link      string // absolute; empty when the item has none
	title     string
	text      string // the item's own content or description, as text
	authors   []string
	published time.Time // zero when the feed gives no date
	language  string    // the feed's
}

// parseFeed parses RSS 0.9x/1.0/2.0, Atom 1.0 or JSON Feed; relative links
// are resolved against the feed's own URL.
func parseFeed(r *response) (doc *feedDoc, err error) {
	defer func() {
		// gofeed reads what any site sends; its panic is this feed's error.
		if v := recover(); v != nil {
			doc, err = nil, fmt.Errorf("reading the feed failed (%v): %w", v, index.ErrInvalid)
		}
	}()
	f, err := gofeed.NewParser().Parse(bytes.NewReader(r.body))
	if err != nil {
		return nil, fmt.Errorf("not a feed gofeed can read: %w: %w", err, index.ErrInvalid)
	}
	doc = &feedDoc{title: strings.TrimSpace(f.Title), language: f.Language}
	for _, it := range f.Items {
		if it == nil {
			continue
		}
		i := newItem(it, r.url)
		i.language = doc.language
		doc.items = append(doc.items, i)
	}
	return doc, nil
}

func newItem(it *gofeed.Item, base *url.URL) item {
	out := item{title: htmlToText(it.Title)}
	link := strings.TrimSpace(it.Link)
	if link == "" && strings.HasPrefix(it.GUID, "http") {
		link = it.GUID // an RSS guid is a permalink unless it says otherwise
	}
	if link != "" {
		if u, err := base.Parse(link); err == nil {
			if n, err := NormalizeURL(u.String()); err == nil {
				out.link, out.key = u.String(), n
			}
		}
	}
	if out.key == "" && it.GUID != "" {
		out.key = "guid:" + it.GUID
	}
	content, desc := htmlToText(it.Content), htmlToText(it.Description)
	out.text = desc
	if len(content) > len(desc) {
		out.text = content
	}
	if out.key == "" {
		out.key = "text:" + index.DeriveID("", out.title, out.text)
	}
	seen := map[string]bool{}
	for _, p := range it.Authors {
		if p != nil {
			if name := strings.TrimSpace(p.Name); name != "" && !seen[name] {
				seen[name] = true
				out.authors = append(out.authors, name)
			}
		}
	}
	switch {
	case it.PublishedParsed != nil:
		out.published = *it.PublishedParsed
	case it.UpdatedParsed != nil:
		// Atom entries must carry <updated>; without <published> it is the
		// feed's own date for the entry.
		out.published = *it.UpdatedParsed
	}
	return out
}
