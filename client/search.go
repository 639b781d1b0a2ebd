package client

import (
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"
)

// SearchRequest is a search: the query, filters, facets and page. Zero
// fields are left out and take the daemon's defaults. The JSON form is
// the body of POST /api/v1/search; Values gives the parameters of GET.
type SearchRequest struct {
	Q string `json:"q,omitempty"` // the query language; empty matches all
	// Filters, each repeatable: values of one facet are OR'ed (unless its
	// Op is "and"), facets AND'ed. Countries take an ISO code or any name,
	// alias or demonym; Groups an alias or acronym.
	Countries []string `json:"country,omitempty"`
	// AboutCountries filters on the countries articles are about (their
	// focus), where Countries takes every country they mention.
	AboutCountries []string `json:"about_country,omitempty"`
	Groups         []string `json:"group,omitempty"`
	Persons        []string `json:"person,omitempty"`
	Places         []string `json:"place,omitempty"`
	Sources        []string `json:"source,omitempty"`
	// How the values of a facet's filter combine: "or" (default) or "and".
	CountryOp      string `json:"country_op,omitempty"`
	AboutCountryOp string `json:"about_country_op,omitempty"`
	GroupOp        string `json:"group_op,omitempty"`
	PersonOp       string `json:"person_op,omitempty"`
	PlaceOp        string `json:"place_op,omitempty"`
	// Publication dates, inclusive, UTC: YYYY, YYYY-MM, YYYY-MM-DD or RFC 3339.
	From string `json:"from,omitempty"`
	To   string `json:"to,omitempty"`
	// Dates mentioned in the text: an article matches when one overlaps the window.
	MentionedFrom string   `json:"mentioned_from,omitempty"`
	MentionedTo   string   `json:"mentioned_to,omitempty"`
	Facets        []string `json:"facets,omitempty"`     // country, about_country, group, person, place, source, year, month
	FacetSize     int      `json:"facet_size,omitempty"` // values per facet; 0 means 10
	Histogram     string   `json:"histogram,omitempty"`  // month, year or auto
	Sort          string   `json:"sort,omitempty"`       // relevance, published_at or -published_at
	Page          int      `json:"page,omitempty"`       // 1-based; 0 means 1
	// Size is the page size: nil means 10, new(0) facets only.
	Size *int `json:"size,omitempty"`
	// SearchAfter is a cursor, the Next of an earlier result: the page
	// starts after that result's last hit, past any result window. Date
	// orders only (Sort "-published_at" or "published_at"), with Page 0 or 1.
	SearchAfter string `json:"search_after,omitempty"`
	// Collapse "story" shows each story (an article and its wire copies)
	// once, as its best hit with Copies and Others; Total and the facets
	// then count stories. Not with SearchAfter.
	Collapse string `json:"collapse,omitempty"`
	// Highlight, nil or true, marks matches in <mark> in title and body fragments.
	Highlight *bool `json:"highlight,omitempty"`
	// Expand, nil or true, also searches words of Q that name an entity as that entity.
	Expand *bool `json:"expand,omitempty"`
	// NoCache asks for an answer computed afresh ("Cache-Control: no-cache").
	NoCache bool `json:"-"`
}

// Values returns the request as GET /api/v1/search parameters.
func (r SearchRequest) Values() url.Values {
	v := url.Values{}
	set := func(name, s string) {
		if s != "" {
			v.Set(name, s)
		}
	}
	set("q", r.Q)
	for name, vals := range map[string][]string{"country": r.Countries, "about_country": r.AboutCountries, "group": r.Groups,
		"person": r.Persons, "place": r.Places, "source": r.Sources} {
		if len(vals) > 0 {
			v[name] = append([]string(nil), vals...)
		}
	}
	set("country_op", r.CountryOp)
	set("about_country_op", r.AboutCountryOp)
	set("group_op", r.GroupOp)
	set("person_op", r.PersonOp)
	set("place_op", r.PlaceOp)
	set("from", r.From)
	set("to", r.To)
	set("mentioned_from", r.MentionedFrom)
	set("mentioned_to", r.MentionedTo)
	set("facets", strings.Join(r.Facets, ","))
	if r.FacetSize != 0 {
		v.Set("facet_size", strconv.Itoa(r.FacetSize))
	}
	set("histogram", r.Histogram)
	set("sort", r.Sort)
	if r.Page != 0 {
		v.Set("page", strconv.Itoa(r.Page))
	}
	if r.Size != nil {
		v.Set("size", strconv.Itoa(*r.Size))
	}
	set("search_after", r.SearchAfter)
	set("collapse", r.Collapse)
	if r.Highlight != nil {
		v.Set("highlight", strconv.FormatBool(*r.Highlight))
	}
	if r.Expand != nil {
		v.Set("expand", strconv.FormatBool(*r.Expand))
	}
	return v
}

// header is the request's headers: Cache-Control for NoCache.
func (r SearchRequest) header() http.Header {
	if !r.NoCache {
		return nil
	}
	return http.Header{"Cache-Control": {"no-cache"}}
}

// SearchResult is a page of hits with facet counts and what the query was
// read as.
type SearchResult struct {
	Total uint64 `json:"total"` // matching articles; under collapse, their stories
	// TotalArticles, under collapse, counts the matching articles.
	TotalArticles uint64                  `json:"total_articles,omitempty"`
	Collapse      string                  `json:"collapse,omitempty"` // the collapse applied
	TookMs        float64                 `json:"took_ms"`
	Page          int                     `json:"page"`
	Size          int                     `json:"size"` // the page size used
	Hits          []Hit                   `json:"hits"`
	Facets        map[string][]FacetValue `json:"facets,omitempty"`
	FacetMeta     map[string]FacetMeta    `json:"facet_meta,omitempty"`
	Histogram     *Histogram              `json:"histogram,omitempty"`
	Sort          string                  `json:"sort"` // the order applied
	// Interpreted lists the entities words of q were also searched as.
	Interpreted []Interpretation `json:"interpreted"`
	// DidYouMean, for a search without hits, is q with unknown words
	// replaced by the nearest ones the index holds.
	DidYouMean string `json:"did_you_mean,omitempty"`
	// Suggestions, for a search without hits, are entities named like q's words.
	Suggestions []Suggestion `json:"suggestions,omitempty"`
	Cached      bool         `json:"cached,omitempty"` // answered from the daemon's cache
	// Next, in a date order when hits follow the page, is the cursor of
	// the next page: set it as the next request's SearchAfter.
	Next string `json:"next,omitempty"`
}

// Hit is one article of a result page.
type Hit struct {
	ID          string              `json:"id"`
	Title       string              `json:"title"`
	URL         string              `json:"url,omitempty"`
	Source      string              `json:"source,omitempty"`
	PublishedAt time.Time           `json:"published_at"`
	Score       float64             `json:"score"`
	Highlights  map[string][]string `json:"highlights,omitempty"` // HTML: matches in <mark>, the rest escaped
	Snippet     string              `json:"snippet,omitempty"`    // plain text: escape it before showing it as HTML
	Story       string              `json:"story,omitempty"`      // the id shared by the article's wire copies
	// Copies, under collapse, counts the matching articles of the hit's
	// story, the hit included; Others lists the others, newest first (at most 20).
	Copies   int         `json:"copies,omitempty"`
	Others   []StoryCopy `json:"others,omitempty"`
	Entities HitEntities `json:"entities"`
}

// StoryCopy is another matching article of a collapsed hit's story.
type StoryCopy struct {
	ID          string    `json:"id"`
	Title       string    `json:"title"`
	URL         string    `json:"url,omitempty"`
	Source      string    `json:"source,omitempty"`
	PublishedAt time.Time `json:"published_at"`
}

// HitEntities are a hit's entities by type, without their mentions.
type HitEntities struct {
	Persons        []EntityRef `json:"persons"`
	Countries      []EntityRef `json:"countries"`
	AboutCountries []EntityRef `json:"about_countries"` // the countries the article is about
	Groups         []EntityRef `json:"groups"`
	Places         []EntityRef `json:"places"`
	Dates          []EntityRef `json:"dates"`
}

// EntityRef is an entity of a hit and how often the article mentions it.
type EntityRef struct {
	Value    string `json:"value"`
	Label    string `json:"label"`
	Country  string `json:"country,omitempty"` // place: its country's code
	Mentions int    `json:"mentions"`
}

// FacetValue is one value of a facet, or of an entity listing, with the
// number of articles that have it.
type FacetValue struct {
	Value string `json:"value"`
	Label string `json:"label"`
	Count int    `json:"count"`
}

// FacetMeta says what a facet's values leave out.
type FacetMeta struct {
	Missing     int  `json:"missing"`     // matching articles with no value for the facet
	Other       int  `json:"other"`       // values counted beyond the returned ones
	Disjunctive bool `json:"disjunctive"` // counted without the facet's own filter
}

// Histogram is article counts over published_at.
type Histogram struct {
	Interval string   `json:"interval"` // month or year
	Buckets  []Bucket `json:"buckets"`
}

// Bucket is one period of a histogram.
type Bucket struct {
	Key   string    `json:"key"`   // "2024" or "2024-04"
	Start time.Time `json:"start"` // first instant of the period, UTC
	Count int       `json:"count"`
}

// Interpretation is a word or phrase of q that was also searched as an entity.
type Interpretation struct {
	Text   string    `json:"text"` // as written
	Pos    int       `json:"pos"`  // 1-based column in q
	Entity EntityKey `json:"entity"`
}

// EntityKey names an entity.
type EntityKey struct {
	Type  string `json:"type"`  // country, group, person or place
	Value string `json:"value"` // the filter value: ISO code for a country, canonical name otherwise
	Label string `json:"label"` // display form
}

// Search runs r as GET /api/v1/search.
func (c *Client) Search(ctx context.Context, r SearchRequest) (*SearchResult, error) {
	return call[SearchResult](ctx, c, request{method: http.MethodGet, path: "/api/v1/search", query: r.Values(), header: r.header()})
}

// SearchPost runs r as POST /api/v1/search with a JSON body: the same
// search as Search, for queries too long for a URL.
func (c *Client) SearchPost(ctx context.Context, r SearchRequest) (*SearchResult, error) {
	return call[SearchResult](ctx, c, request{method: http.MethodPost, path: "/api/v1/search", body: r, header: r.header()})
}

// SearchRaw runs r as Search does and returns the answer's JSON as the
// daemon sent it, read but not parsed: for programs that pass it on as it
// is, and for searchd-bench, which measures the daemon rather than the
// decoding (a page of 10 hits with four facets, 27 kB, took 2.4 ms to
// decode into SearchResult on this project's 2-core machine under load).
func (c *Client) SearchRaw(ctx context.Context, r SearchRequest) (json.RawMessage, error) {
	raw, err := call[json.RawMessage](ctx, c, request{method: http.MethodGet, path: "/api/v1/search", query: r.Values(), header: r.header()})
	if err != nil {
		return nil, err
	}
	return *raw, nil
}
