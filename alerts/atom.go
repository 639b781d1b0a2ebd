package alerts

// The Atom 1.0 feed (RFC 4287) of a saved search, written with
// encoding/xml: gorilla/feeds, the usual library, writes an entry's
// category as element text and one per entry, where Atom wants a term
// attribute and an article has many entities.

import (
	"encoding/xml"
	"io"
	"net/url"
	"time"

	"github.com/searchd/searchd/index"
)

// AtomContentType is the media type of a feed.
const AtomContentType = "application/atom+xml; charset=utf-8"

const atomNS = "http://www.w3.org/2005/Atom"

type atomFeed struct {
	XMLName   xml.Name    `xml:"feed"`
	NS        string      `xml:"xmlns,attr"`
	ID        string      `xml:"id"`
	Title     string      `xml:"title"`
	Subtitle  string      `xml:"subtitle,omitempty"`
	Updated   string      `xml:"updated"`
	Links     []atomLink  `xml:"link"`
	Author    atomPerson  `xml:"author"`
	Generator string      `xml:"generator"`
	Entries   []atomEntry `xml:"entry"`
}

type atomLink struct {
	Href string `xml:"href,attr"`
	Rel  string `xml:"rel,attr,omitempty"`
	Type string `xml:"type,attr,omitempty"`
}

type atomPerson struct {
	Name string `xml:"name"`
}

type atomEntry struct {
	ID         string         `xml:"id"`
	Title      atomText       `xml:"title"`
	Links      []atomLink     `xml:"link"`
	Published  string         `xml:"published"`
	Updated    string         `xml:"updated"`
	Summary    *atomText      `xml:"summary,omitempty"`
	Source     *atomSource    `xml:"source,omitempty"`
	Categories []atomCategory `xml:"category"`
}

type atomText struct {
	Type string `xml:"type,attr"`
	Text string `xml:",chardata"`
}

type atomSource struct {
	Title string `xml:"title"`
}

type atomCategory struct {
	Term   string `xml:"term,attr"`
	Scheme string `xml:"scheme,attr,omitempty"`
	Label  string `xml:"label,attr,omitempty"`
}

// FeedLinks are the URLs a feed names: itself, the search in the UI, and
// an article's page when it has no URL of its own.
type FeedLinks struct {
	Self      string
	Alternate string                 // empty for none
	Article   func(id string) string // the API's URL of an article
}

// categorySchemes name the kind of entity a category is, as Atom's scheme.
var categorySchemes = []struct {
	scheme string
	list   func(index.HitEntities) []index.EntityRef
}{
	{"urn:searchd:entity:person", func(e index.HitEntities) []index.EntityRef { return e.Persons }},
	{"urn:searchd:entity:country", func(e index.HitEntities) []index.EntityRef { return e.Countries }},
	{"urn:searchd:entity:group", func(e index.HitEntities) []index.EntityRef { return e.Groups }},
	{"urn:searchd:entity:place", func(e index.HitEntities) []index.EntityRef { return e.Places }},
}

// WriteAtom writes the Atom feed of a saved search's hits, newest first.
func WriteAtom(w io.Writer, s Saved, hits []index.Hit, links FeedLinks) error {
	f := atomFeed{NS: atomNS, ID: "urn:searchd:saved:" + url.PathEscape(s.Name), Title: "searchd: " + s.Name,
		Subtitle: "Newest articles matching the saved search " + s.Name, Author: atomPerson{Name: "searchd"},
		Generator: "searchd", Links: []atomLink{{Href: links.Self, Rel: "self", Type: "application/atom+xml"}}}
	if links.Alternate != "" {
		f.Links = append(f.Links, atomLink{Href: links.Alternate, Rel: "alternate", Type: "text/html"})
	}
	// A feed's updated is its newest entry's (hits come newest first), or
	// when the search was saved while nothing matches.
	updated := s.CreatedAt
	if len(hits) > 0 {
		updated = hits[0].PublishedAt
	}
	f.Updated = atomTime(updated)
	for _, h := range hits {
		e := atomEntry{ID: "urn:searchd:article:" + url.PathEscape(h.ID), Title: atomText{Type: "text", Text: h.Title},
			Published: atomTime(h.PublishedAt), Updated: atomTime(h.PublishedAt)}
		href := h.URL
		if href == "" && links.Article != nil {
			href = links.Article(h.ID)
		}
		if href != "" {
			e.Links = []atomLink{{Href: href, Rel: "alternate"}}
		}
		if h.Snippet != "" {
			e.Summary = &atomText{Type: "text", Text: h.Snippet}
		}
		if h.Source != "" {
			e.Source = &atomSource{Title: h.Source}
		}
		for _, c := range categorySchemes {
			for _, ref := range c.list(h.Entities) {
				e.Categories = append(e.Categories, atomCategory{Term: ref.Value, Scheme: c.scheme, Label: ref.Label})
			}
		}
		f.Entries = append(f.Entries, e)
	}
	if _, err := io.WriteString(w, xml.Header); err != nil {
		return err
	}
	enc := xml.NewEncoder(w)
	enc.Indent("", "  ")
	if err := enc.Encode(f); err != nil {
		return err
	}
	_, err := io.WriteString(w, "\n")
	return err
}

func atomTime(t time.Time) string { return t.UTC().Format(time.RFC3339) }
