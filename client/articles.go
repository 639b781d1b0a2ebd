package client

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"time"
)

// ArticleInput is an article to index. Body and PublishedAt are required;
// without ID the daemon derives one from URL, else from title and body, so
// sending the same article again replaces it.
type ArticleInput struct {
	ID          string    `json:"id,omitempty"`
	URL         string    `json:"url,omitempty"` // absolute
	Title       string    `json:"title,omitempty"`
	Body        string    `json:"body"`
	Source      string    `json:"source,omitempty"`
	Language    string    `json:"language,omitempty"` // BCP 47 tag; the daemon's default is "en"
	Authors     []string  `json:"authors,omitempty"`
	PublishedAt time.Time `json:"published_at,omitzero"`
}

// Article is an article as the daemon stores it, with its extracted entities.
type Article struct {
	ID          string    `json:"id"`
	URL         string    `json:"url,omitempty"`
	Title       string    `json:"title"`
	Body        string    `json:"body"`
	Source      string    `json:"source,omitempty"`
	Language    string    `json:"language"`
	Authors     []string  `json:"authors,omitempty"`
	PublishedAt time.Time `json:"published_at"`
	// Story is the id shared by the article's wire copies: the id of the
	// first of them indexed.
	Story    string   `json:"story"`
	Entities Entities `json:"entities"`
}

// Entities are an article's extracted entities by type.
type Entities struct {
	Persons        []Entity `json:"persons"`
	Countries      []Entity `json:"countries"`
	AboutCountries []Entity `json:"about_countries"` // the countries the article is about
	Groups         []Entity `json:"groups"`
	Places         []Entity `json:"places"`
	Dates          []Entity `json:"dates"`
}

// Entity is one distinct entity of an article with all its mentions.
// Value is what filters and facets use: an ISO 3166-1 code for a country,
// the canonical name of a person, group or place, an ISO date (or a range
// "FROM/TO" of them) for a date.
type Entity struct {
	Type        string    `json:"type"` // person, country, group, place or date
	Value       string    `json:"value"`
	Label       string    `json:"label"`
	Country     string    `json:"country,omitempty"`     // place: its country's code
	Granularity string    `json:"granularity,omitempty"` // date: day, month or year
	From        string    `json:"from,omitempty"`        // date: first day covered, YYYY-MM-DD
	To          string    `json:"to,omitempty"`          // date: last day covered, YYYY-MM-DD
	Mentions    []Mention `json:"mentions"`
}

// Mention is one occurrence of an entity in the article's text.
type Mention struct {
	Field string `json:"field"` // title or body
	Start int    `json:"start"` // offset of the first character, in Unicode code points
	End   int    `json:"end"`   // offset just past the last character
	Text  string `json:"text"`  // as written
}

// Deleted is the answer to DeleteArticle.
type Deleted struct {
	ID      string `json:"id"`
	Deleted bool   `json:"deleted"`
}

// BulkResult is the answer to a bulk load: lines indexed and failed, and
// why each failed line failed.
type BulkResult struct {
	Indexed int         `json:"indexed"`
	Failed  int         `json:"failed"`
	Errors  []LineError `json:"errors"`
}

// LineError is one line of a bulk load that was not indexed.
type LineError struct {
	Line  int    `json:"line,omitempty"` // 1-based line of the NDJSON body
	File  string `json:"file,omitempty"`
	ID    string `json:"id,omitempty"` // the line's id, when it had a readable one
	Error string `json:"error"`
}

// AddArticle indexes one article and returns it as stored, with its id
// and entities (POST /api/v1/articles; a write key when the daemon has any).
func (c *Client) AddArticle(ctx context.Context, a ArticleInput) (*Article, error) {
	return call[Article](ctx, c, request{method: http.MethodPost, path: "/api/v1/articles", body: a, want: http.StatusCreated})
}

// GetArticle returns the article with its entities and their mentions
// (GET /api/v1/articles/{id}); an unknown id is an *Error with CodeNotFound.
func (c *Client) GetArticle(ctx context.Context, id string) (*Article, error) {
	path, err := articlePath(id)
	if err != nil {
		return nil, err
	}
	return call[Article](ctx, c, request{method: http.MethodGet, path: path})
}

// DeleteArticle removes the article (DELETE /api/v1/articles/{id}).
func (c *Client) DeleteArticle(ctx context.Context, id string) (*Deleted, error) {
	path, err := articlePath(id)
	if err != nil {
		return nil, err
	}
	return call[Deleted](ctx, c, request{method: http.MethodDelete, path: path})
}

// articlePath is the path of an article. Ids the daemon never gives out
// are refused here: the router cleans "a/../b" to another path before it
// looks for an id, so such a request would reach another article or
// endpoint.
func articlePath(id string) (string, error) {
	if id == "" || id == "." || id == ".." || strings.Contains(id, "/") {
		return "", fmt.Errorf("client: article id %q: must not be empty, \".\" or \"..\", nor contain '/'", id)
	}
	return "/api/v1/articles/" + url.PathEscape(id), nil
}

// Bulk streams NDJSON, one article object a line, to
// POST /api/v1/articles/_bulk. A line that fails is reported in the
// result's Errors and never stops the others. When the load stops early
// (the body could not be read, the disk filled, the daemon was
// overloaded), Bulk returns the *Error together with the result the daemon
// reported: what it counted as indexed stays indexed.
func (c *Client) Bulk(ctx context.Context, ndjson io.Reader) (*BulkResult, error) {
	var partial BulkResult
	res, err := call[BulkResult](ctx, c, request{method: http.MethodPost, path: "/api/v1/articles/_bulk",
		body: ndjson, ctype: "application/x-ndjson", partial: &partial})
	if e := (*Error)(nil); errors.As(err, &e) && e.partial {
		return &partial, err
	}
	return res, err
}

// BulkArticles sends articles through Bulk, one line each; a result's
// LineError.Line is the 1-based index in articles.
func (c *Client) BulkArticles(ctx context.Context, articles []ArticleInput) (*BulkResult, error) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	for _, a := range articles {
		if err := enc.Encode(a); err != nil { // Encode ends each with "\n"
			return nil, err
		}
	}
	return c.Bulk(ctx, &buf)
}
