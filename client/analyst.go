package client

// The analyst views: each takes a search (its query, filters and date
// ranges; the daemon refuses its paging, sort, facet and highlight fields
// here) and what the view itself asks.

import (
	"context"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"
)

// SignificantRequest asks which entities of a type are unusual in a search.
type SignificantRequest struct {
	Type  string // country, group, person or place (required)
	Size  int    // 0 means 10
	MinFg int    // the fewest matching articles an entity needs; 0 means 3
}

// Significance is the answer to Significant.
type Significance struct {
	Type     string              `json:"type"`
	FgTotal  int                 `json:"fg_total"` // articles the search matches
	BgTotal  int                 `json:"bg_total"` // articles in the index
	Score    string              `json:"score"`    // jlh
	Entities []SignificantEntity `json:"entities"`
	TookMs   float64             `json:"took_ms"`
}

// SignificantEntity is an entity more frequent in the search than in the
// index, with the counts of its score,
// (fg/fg_total − bg/bg_total) · (fg/fg_total) / (bg/bg_total).
type SignificantEntity struct {
	Value   string  `json:"value"`
	Label   string  `json:"label"`
	Fg      int     `json:"fg"`
	FgTotal int     `json:"fg_total"`
	Bg      int     `json:"bg"`
	BgTotal int     `json:"bg_total"`
	Score   float64 `json:"score"`
}

// Significant lists the entities of a type unusually frequent among the
// articles of s (GET /api/v1/significant).
func (c *Client) Significant(ctx context.Context, s SearchRequest, r SignificantRequest) (*Significance, error) {
	v := s.Values()
	v.Set("type", r.Type)
	setInt(v, "size", r.Size)
	setInt(v, "min_fg", r.MinFg)
	return call[Significance](ctx, c, request{method: http.MethodGet, path: "/api/v1/significant", query: v, header: s.header()})
}

// CooccurrenceRequest names the entity whose companions are listed.
type CooccurrenceRequest struct {
	Entity string   // type:value, any alias (group:IRGC)
	Types  []string // of the companions; empty means all
	Size   int      // per type; 0 means 10
}

// Cooccurrence is the answer to Cooccurrence.
type Cooccurrence struct {
	Entity CountedEntity            `json:"entity"`
	Types  map[string][]Cooccurrent `json:"types"`
	TookMs float64                  `json:"took_ms"`
}

// CountedEntity is an entity with its articles.
type CountedEntity struct {
	Type  string `json:"type"`
	Value string `json:"value"`
	Label string `json:"label"`
	Count int    `json:"count"`
}

// Cooccurrent is an entity mentioned in the same articles as another.
type Cooccurrent struct {
	Value  string  `json:"value"`
	Label  string  `json:"label"`
	Shared int     `json:"shared"` // articles with both
	Count  int     `json:"count"`  // articles of the whole set with this one
	Score  float64 `json:"score"`  // JLH among the other's articles against the set
}

// Cooccurrence lists the entities most often in the same articles of s as
// r.Entity (GET /api/v1/cooccurrence).
func (c *Client) Cooccurrence(ctx context.Context, s SearchRequest, r CooccurrenceRequest) (*Cooccurrence, error) {
	v := s.Values()
	v.Set("entity", r.Entity)
	if len(r.Types) > 0 {
		v.Set("type", strings.Join(r.Types, ","))
	}
	setInt(v, "size", r.Size)
	return call[Cooccurrence](ctx, c, request{method: http.MethodGet, path: "/api/v1/cooccurrence", query: v, header: s.header()})
}

// NetworkRequest says which entities a network holds.
type NetworkRequest struct {
	Types []string // empty means all
	Size  int      // nodes; 0 means 30
}

// Network is the co-occurrence graph of a search's top entities.
type Network struct {
	Nodes  []NetworkNode `json:"nodes"`
	Edges  []NetworkEdge `json:"edges"`
	TookMs float64       `json:"took_ms"`
}

// NetworkNode is an entity of the graph.
type NetworkNode struct {
	ID    string `json:"id"` // type:value
	Type  string `json:"type"`
	Value string `json:"value"`
	Label string `json:"label"`
	Count int    `json:"count"`
}

// NetworkEdge joins two nodes sharing articles.
type NetworkEdge struct {
	Source string `json:"source"`
	Target string `json:"target"`
	Shared int    `json:"shared"`
}

// Network returns the co-occurrence graph of the top entities of s (GET
// /api/v1/network).
func (c *Client) Network(ctx context.Context, s SearchRequest, r NetworkRequest) (*Network, error) {
	v := s.Values()
	if len(r.Types) > 0 {
		v.Set("types", strings.Join(r.Types, ","))
	}
	setInt(v, "size", r.Size)
	return call[Network](ctx, c, request{method: http.MethodGet, path: "/api/v1/network", query: v, header: s.header()})
}

// TrendsRequest says how a trend buckets and what it compares.
type TrendsRequest struct {
	Entities []string // up to five, type:value
	Interval string   // day, week, month (the default) or year
}

// Trends is the answer to Trends: every series has the same buckets.
type Trends struct {
	Interval string        `json:"interval"`
	From     *time.Time    `json:"from"` // the first bucket's start; nil without buckets
	To       *time.Time    `json:"to"`   // the last bucket's end, exclusive
	Series   []TrendSeries `json:"series"`
	TookMs   float64       `json:"took_ms"`
}

// TrendSeries is the buckets of the search ("all") or of an entity in it.
type TrendSeries struct {
	Key     string     `json:"key"` // all, or type:value
	Label   string     `json:"label"`
	Entity  *EntityKey `json:"entity,omitempty"`
	Total   int        `json:"total"`
	Buckets []Bucket   `json:"buckets"` // Key: 2024-10-07, 2020-W53, 2024-10 or 2024
}

// Trends counts the articles of s, and of each entity among them, per
// period of publication (GET /api/v1/trends).
func (c *Client) Trends(ctx context.Context, s SearchRequest, r TrendsRequest) (*Trends, error) {
	v := s.Values()
	if len(r.Entities) > 0 {
		v.Set("entities", strings.Join(r.Entities, ","))
	}
	if r.Interval != "" {
		v.Set("interval", r.Interval)
	}
	return call[Trends](ctx, c, request{method: http.MethodGet, path: "/api/v1/trends", query: v, header: s.header()})
}

// EntityRequest says how much an entity page lists.
type EntityRequest struct {
	Size   int // co-occurring entities per type; 0 means 10
	Latest int // latest articles; 0 means 10
}

// EntityPage is what the index holds on one entity.
type EntityPage struct {
	Type        string                   `json:"type"`
	Value       string                   `json:"value"`
	Label       string                   `json:"label"`
	Aliases     []Alias                  `json:"aliases"`
	AliasesFrom int                      `json:"aliases_from"` // the latest articles the aliases were read from
	Count       int                      `json:"count"`
	FirstSeen   time.Time                `json:"first_seen"`
	LastSeen    time.Time                `json:"last_seen"`
	Cooccurring map[string][]Cooccurrent `json:"cooccurring"`
	Trend       *Histogram               `json:"trend"` // monthly
	Latest      []Hit                    `json:"latest"`
	TookMs      float64                  `json:"took_ms"`
}

// Alias is one written form of an entity and how many mentions use it.
type Alias struct {
	Text     string `json:"text"`
	Mentions int    `json:"mentions"`
}

// Entity returns the page of the entity of a type named name, any alias
// (GET /api/v1/entities/{type}/{value}); an entity no article holds is a
// not_found error.
func (c *Client) Entity(ctx context.Context, typ, name string, r EntityRequest) (*EntityPage, error) {
	v := url.Values{}
	setInt(v, "size", r.Size)
	setInt(v, "latest", r.Latest)
	path := "/api/v1/entities/" + url.PathEscape(typ) + "/" + url.PathEscape(name)
	return call[EntityPage](ctx, c, request{method: http.MethodGet, path: path, query: v})
}

// setInt sets a parameter unless n is 0 (the daemon's default).
func setInt(v url.Values, name string, n int) {
	if n != 0 {
		v.Set(name, strconv.Itoa(n))
	}
}
