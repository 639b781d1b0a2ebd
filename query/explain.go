package query

import "encoding/json"

// Explanation says how a query was read, for GET /api/v1/search/explain:
// its canonical form, its tree (each node with its "type") and the
// entities its words were also read as.
type Explanation struct {
	Query       string           `json:"query"`
	Tree        Node             `json:"tree"`
	Interpreted []Interpretation `json:"interpreted"`
}

// Explain describes n and what Compile interpreted in it.
func Explain(n Node, interpreted []Interpretation) Explanation {
	if interpreted == nil {
		interpreted = []Interpretation{}
	}
	return Explanation{Query: n.String(), Tree: n, Interpreted: interpreted}
}

// jsonNode is the JSON form of every node: its type and the attributes it
// has; children are nodes again.
type jsonNode struct {
	Type          string  `json:"type"`
	Field         string  `json:"field,omitempty"`
	Text          string  `json:"text,omitempty"`
	Pattern       string  `json:"pattern,omitempty"`
	Slop          int     `json:"slop,omitempty"`
	Distance      int     `json:"distance,omitempty"`
	From          *string `json:"from,omitempty"` // "" is an open end, "*" in the query
	To            *string `json:"to,omitempty"`
	FromExclusive bool    `json:"from_exclusive,omitempty"`
	ToExclusive   bool    `json:"to_exclusive,omitempty"`
	Factor        float64 `json:"factor,omitempty"`
	Nodes         []Node  `json:"nodes,omitempty"`
	Node          Node    `json:"node,omitempty"`
	Pos           int     `json:"pos,omitempty"`
	Canonical     string  `json:"canonical,omitempty"` // leaves only: the clause as Parse reads it back
}

// MarshalJSON gives the node's type and attributes.
func (n *MatchAll) MarshalJSON() ([]byte, error) {
	return json.Marshal(jsonNode{Type: "match_all", Pos: n.Pos, Canonical: n.String()})
}

// MarshalJSON gives the node's type and attributes.
func (n *Term) MarshalJSON() ([]byte, error) {
	return json.Marshal(jsonNode{Type: "term", Field: n.Field, Text: n.Text, Pos: n.Pos, Canonical: n.String()})
}

// MarshalJSON gives the node's type and attributes.
func (n *Phrase) MarshalJSON() ([]byte, error) {
	return json.Marshal(jsonNode{Type: "phrase", Field: n.Field, Text: n.Text, Slop: n.Slop, Pos: n.Pos, Canonical: n.String()})
}

// MarshalJSON gives the node's type and attributes.
func (n *Wildcard) MarshalJSON() ([]byte, error) {
	return json.Marshal(jsonNode{Type: "wildcard", Field: n.Field, Pattern: n.Pattern, Pos: n.Pos, Canonical: n.String()})
}

// MarshalJSON gives the node's type and attributes.
func (n *Regexp) MarshalJSON() ([]byte, error) {
	return json.Marshal(jsonNode{Type: "regexp", Field: n.Field, Pattern: n.Pattern, Pos: n.Pos, Canonical: n.String()})
}

// MarshalJSON gives the node's type and attributes.
func (n *Fuzzy) MarshalJSON() ([]byte, error) {
	return json.Marshal(jsonNode{Type: "fuzzy", Field: n.Field, Text: n.Text, Distance: n.Distance, Pos: n.Pos, Canonical: n.String()})
}

// MarshalJSON gives the node's type and attributes.
func (n *Range) MarshalJSON() ([]byte, error) {
	return json.Marshal(jsonNode{Type: "range", Field: n.Field, From: &n.From, To: &n.To,
		FromExclusive: n.FromExclusive, ToExclusive: n.ToExclusive, Pos: n.Pos, Canonical: n.String()})
}

// MarshalJSON gives the node's type and attributes.
func (n *And) MarshalJSON() ([]byte, error) {
	return json.Marshal(jsonNode{Type: "and", Nodes: n.Nodes, Pos: n.Pos})
}

// MarshalJSON gives the node's type and attributes.
func (n *Or) MarshalJSON() ([]byte, error) {
	return json.Marshal(jsonNode{Type: "or", Nodes: n.Nodes, Pos: n.Pos})
}

// MarshalJSON gives the node's type and attributes.
func (n *Not) MarshalJSON() ([]byte, error) {
	return json.Marshal(jsonNode{Type: "not", Node: n.Node, Pos: n.Pos})
}

// MarshalJSON gives the node's type and attributes.
func (n *Boost) MarshalJSON() ([]byte, error) {
	return json.Marshal(jsonNode{Type: "boost", Node: n.Node, Factor: n.Factor, Pos: n.Pos})
}
