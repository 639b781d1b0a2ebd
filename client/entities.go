package client

import (
	"context"
	"net/http"
	"net/url"
	"strconv"
	"strings"
)

// EntitiesRequest lists the values of one entity type.
type EntitiesRequest struct {
	Type   string // country, group, person, place or source
	Prefix string // keeps values whose name, an alias or a word of them starts with it
	Size   int    // 0 means 20
}

// EntityList is the answer to Entities: values, most frequent first.
type EntityList struct {
	Type   string       `json:"type"`
	Values []FacetValue `json:"values"`
}

// Entities lists known values of an entity type with their article counts
// (GET /api/v1/entities).
func (c *Client) Entities(ctx context.Context, r EntitiesRequest) (*EntityList, error) {
	v := url.Values{"type": {r.Type}}
	if r.Prefix != "" {
		v.Set("prefix", r.Prefix)
	}
	if r.Size != 0 {
		v.Set("size", strconv.Itoa(r.Size))
	}
	return call[EntityList](ctx, c, request{method: http.MethodGet, path: "/api/v1/entities", query: v})
}

// SuggestRequest asks for entities whose name starts with a prefix.
type SuggestRequest struct {
	Q     string   // the prefix typed so far
	Size  int      // 0 means 10
	Types []string // country, group, person, place; empty means all
}

// Suggestions is the answer to Suggest.
type Suggestions struct {
	Q           string       `json:"q"`
	Suggestions []Suggestion `json:"suggestions"`
}

// Suggestion is an entity whose name or alias starts with the prefix.
type Suggestion struct {
	Type    string `json:"type"`    // country, group, person or place
	Value   string `json:"value"`   // the filter value
	Label   string `json:"label"`   // the display name
	Matched string `json:"matched"` // the name or alias that matched, folded
	Count   int    `json:"count"`   // articles with the entity
}

// Suggest returns entities for a search box (GET /api/v1/suggest): exact
// aliases first, then by article count.
func (c *Client) Suggest(ctx context.Context, r SuggestRequest) (*Suggestions, error) {
	v := url.Values{"q": {r.Q}}
	if r.Size != 0 {
		v.Set("size", strconv.Itoa(r.Size))
	}
	if len(r.Types) > 0 {
		v.Set("type", strings.Join(r.Types, ","))
	}
	return call[Suggestions](ctx, c, request{method: http.MethodGet, path: "/api/v1/suggest", query: v})
}
