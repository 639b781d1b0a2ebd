package feeds

import (
	"encoding/json"
	"fmt"
	"net/url"
	"regexp"
	"strings"
	"time"

	"github.com/searchd/searchd/index"
)

// story is everything known about one article before it is built: the
// feed's item (nil for a page ingested on its own), the page (nil when it
// could not be fetched) and where the page was in the end.
type story struct {
	item      *item
	page      *page
	finalURL  *url.URL // after redirects; nil without a page
	source    string   // the feed's title; empty for a page on its own
	fetchedAt time.Time
}

// dateFrom values say where an article's published_at came from.
const (
	dateFeed      = "feed"
	dateFetchTime = "fetch time"
)

// build makes the article, validated exactly as one posted to the API is.
// The title, authors and date of the feed win over the page's; the page's
// text wins over the item's unless it is shorter (readability found less
// than the feed gives); the URL is the page's canonical URL on its own site,
// else the URL it was served from, else the item's link, and the id is
// derived from it once normalised.
func (s story) build() (index.Article, string, error) {
	var it item
	if s.item != nil {
		it = *s.item
	}
	p := s.page
	if p == nil {
		p = &page{}
	}
	title := firstNonEmpty(it.title, p.title)
	authors := it.authors
	if len(authors) == 0 {
		authors = p.authors
	}
	published, dateFrom := it.published, dateFeed
	if published.IsZero() {
		published, dateFrom = p.published, p.dateFrom
	}
	if published.IsZero() {
		published, dateFrom = s.fetchedAt, dateFetchTime
	}
	body := p.text
	if len(body) < len(it.text) {
		body = it.text
	}
	if strings.TrimSpace(body) == "" {
		return index.Article{}, "", fmt.Errorf("no text: the page has no readable story and the item no content: %w", index.ErrInvalid)
	}
	link := it.link
	if s.finalURL != nil {
		link = s.finalURL.String()
	}
	if p.canonical != "" {
		link = p.canonical
	}
	var id string
	if link != "" {
		n, err := NormalizeURL(link)
		if err != nil {
			return index.Article{}, "", err
		}
		link, id = n, ArticleID(n)
	}
	source := s.source
	if source == "" {
		source = p.siteName
	}
	if source == "" && s.finalURL != nil {
		source = strings.TrimPrefix(s.finalURL.Hostname(), "www.")
	}
	in := map[string]any{
		"id": id, "url": link, "title": title, "body": body, "source": source,
		"language":     firstNonEmpty(languageTag(p.language), languageTag(it.language)),
		"published_at": published.UTC().Format(time.RFC3339Nano),
	}
	if len(authors) > 0 {
		in["authors"] = authors
	}
	data, err := json.Marshal(in)
	if err != nil {
		return index.Article{}, "", err
	}
	a, err := index.DecodeArticle(data)
	if err != nil {
		return index.Article{}, "", err
	}
	return a, dateFrom, nil
}

var langTag = regexp.MustCompile(`^[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*$`)

// languageTag returns a page's language as a tag the index takes ("en_GB"
// becomes "en-GB"), or "" (the index's default) for anything else.
func languageTag(s string) string {
	s = strings.ReplaceAll(strings.TrimSpace(s), "_", "-")
	if !langTag.MatchString(s) {
		return ""
	}
	return s
}
