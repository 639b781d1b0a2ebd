package client

import (
	"context"
	"net/http"
	"net/url"
	"strconv"
)

// ExplainRequest asks how a query is read.
type ExplainRequest struct {
	Q string
	// Expand, nil or true, reports the entities words of Q would also be searched as.
	Expand *bool
}

// Explanation is how the daemon read a query: its canonical form, its
// syntax tree and the entities its words were also searched as.
type Explanation struct {
	Query       string           `json:"query"`
	Tree        QueryNode        `json:"tree"`
	Interpreted []Interpretation `json:"interpreted"`
}

// QueryNode is a node of a parsed query. Type says which attributes it has:
// match_all, term, phrase (Slop), wildcard and regexp (Pattern), fuzzy
// (Distance), range (From, To), and, or (Nodes), not, boost (Node, Factor).
type QueryNode struct {
	Type          string      `json:"type"`
	Field         string      `json:"field,omitempty"`
	Text          string      `json:"text,omitempty"`
	Pattern       string      `json:"pattern,omitempty"`
	Slop          int         `json:"slop,omitempty"`
	Distance      int         `json:"distance,omitempty"`
	From          *string     `json:"from,omitempty"` // "" is an open end
	To            *string     `json:"to,omitempty"`
	FromExclusive bool        `json:"from_exclusive,omitempty"`
	ToExclusive   bool        `json:"to_exclusive,omitempty"`
	Factor        float64     `json:"factor,omitempty"`
	Nodes         []QueryNode `json:"nodes,omitempty"`
	Node          *QueryNode  `json:"node,omitempty"`
	Pos           int         `json:"pos,omitempty"`       // 1-based column in q
	Canonical     string      `json:"canonical,omitempty"` // leaves: the clause as the parser reads it back
}

// Explain asks GET /api/v1/search/explain how r.Q is read; a query that
// does not parse is an *Error with CodeBadQuery, Param "q" and its Pos.
func (c *Client) Explain(ctx context.Context, r ExplainRequest) (*Explanation, error) {
	v := url.Values{"q": {r.Q}}
	if r.Expand != nil {
		v.Set("expand", strconv.FormatBool(*r.Expand))
	}
	return call[Explanation](ctx, c, request{method: http.MethodGet, path: "/api/v1/search/explain", query: v})
}
