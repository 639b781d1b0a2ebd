package index

// Co-occurrence: the entities mentioned in the same articles as one entity,
// and the graph of a search's top entities with the articles each pair
// shares.

import (
	"cmp"
	"context"
	"slices"
	"time"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/query"
)

// Cooccurrence is the answer of Cooccurring.
type Cooccurrence struct {
	Entity CountedEntity            `json:"entity"`
	Types  map[string][]Cooccurrent `json:"types"`
	TookMs float64                  `json:"took_ms"`
}

// CountedEntity is an entity with the number of articles that hold it.
type CountedEntity struct {
	EntityKey
	Count int `json:"count"`
}

// Cooccurrent is an entity mentioned in articles of another.
type Cooccurrent struct {
	Value  string `json:"value"`
	Label  string `json:"label"`
	Shared int    `json:"shared"` // articles with both
	Count  int    `json:"count"`  // articles of the whole set with this one
	// Score is the JLH of this entity among the other's articles against
	// the whole set: how much more often it appears with the other than
	// without.
	Score float64 `json:"score"`
}

// CooccurrenceOptions says what Cooccurring lists.
type CooccurrenceOptions struct {
	Entity string   // "type:value", any alias
	Types  []string // of the co-occurring entities; none means every type
	Size   int      // per type; 0 means 10
}

// Cooccurring lists, per type, the entities most often in the same
// articles of q as o.Entity: by shared articles, then by score, then by
// value; the entity itself is left out. Counts are exact.
func (ix *Index) Cooccurring(ctx context.Context, q Query, o CooccurrenceOptions) (*Cooccurrence, error) {
	start := time.Now()
	types, err := parseTypes("type", o.Types)
	if err != nil {
		return nil, err
	}
	size, err := sizeParam("size", o.Size, 10, ix.limits.MaxFacetSize)
	if err != nil {
		return nil, err
	}
	if o.Entity == "" {
		return nil, invalid("entity", "required: type:value, such as group:Hezbollah")
	}
	_, bq, err := ix.scope(ctx, q)
	if err != nil {
		return nil, err
	}
	e, err := ix.parseEntityRef(ctx, "entity", o.Entity)
	if err != nil {
		return nil, err
	}
	set, err := ix.searchCounts(ctx, scopeKey(q), bq, q.NoCache)
	if err != nil {
		return nil, err
	}
	with, err := ix.countTerms(ctx, bleve.NewConjunctionQuery(bq, entityQuery(e)), types)
	if err != nil {
		return nil, err
	}
	out := &Cooccurrence{Entity: CountedEntity{EntityKey: e, Count: with.total}, Types: cooccurrents(e, with, set, types, size)}
	out.TookMs = msSince(start)
	return out, nil
}

// cooccurrents ranks, per type, the values of the entity's articles (with)
// against those of the whole set.
func cooccurrents(e EntityKey, with, set *counts, types []string, size int) map[string][]Cooccurrent {
	out := make(map[string][]Cooccurrent, len(types))
	for _, t := range types {
		list := []Cooccurrent{}
		for _, v := range with.values[t] {
			if t == e.Type && v.Value == e.Value {
				continue
			}
			n := set.count(t, v.Value)
			list = append(list, Cooccurrent{Value: v.Value, Label: v.Label, Shared: v.Count, Count: n,
				Score: jlh(v.Count, with.total, n, set.total)})
		}
		slices.SortFunc(list, func(a, b Cooccurrent) int {
			return cmp.Or(cmp.Compare(b.Shared, a.Shared), cmp.Compare(b.Score, a.Score), cmp.Compare(a.Value, b.Value))
		})
		if len(list) > size {
			list = list[:size]
		}
		out[t] = list
	}
	return out
}

// Network is the co-occurrence graph of a search's top entities.
type Network struct {
	Nodes  []NetworkNode `json:"nodes"`
	Edges  []NetworkEdge `json:"edges"`
	TookMs float64       `json:"took_ms"`
}

// NetworkNode is an entity of the graph with its matching articles.
type NetworkNode struct {
	ID string `json:"id"` // type:value
	EntityKey
	Count int `json:"count"`
}

// NetworkEdge joins two nodes (their IDs) that share articles.
type NetworkEdge struct {
	Source string `json:"source"`
	Target string `json:"target"`
	Shared int    `json:"shared"`
}

// NetworkOptions says which entities a Network holds.
type NetworkOptions struct {
	Types []string // none means every type
	Size  int      // nodes; 0 means 30
}

// maxNetworkNodes bounds a network's nodes: the UI draws tens, and its
// edges grow as the square.
const maxNetworkNodes = 200

// Network returns the Size entities of the types in most articles of q
// (ties by type, then value) and, between every two of them sharing
// articles, how many: exact, counted in one pass over the articles holding
// any node.
func (ix *Index) Network(ctx context.Context, q Query, o NetworkOptions) (*Network, error) {
	start := time.Now()
	types, err := parseTypes("types", o.Types)
	if err != nil {
		return nil, err
	}
	size, err := sizeParam("size", o.Size, 30, maxNetworkNodes)
	if err != nil {
		return nil, err
	}
	_, bq, err := ix.scope(ctx, q)
	if err != nil {
		return nil, err
	}
	set, err := ix.searchCounts(ctx, scopeKey(q), bq, q.NoCache)
	if err != nil {
		return nil, err
	}
	var nodes []NetworkNode
	for _, t := range types {
		for _, v := range set.values[t] {
			k := EntityKey{Type: t, Value: v.Value, Label: v.Label}
			nodes = append(nodes, NetworkNode{ID: k.ID(), EntityKey: k, Count: v.Count})
		}
	}
	slices.SortFunc(nodes, func(a, b NetworkNode) int {
		return cmp.Or(cmp.Compare(b.Count, a.Count), cmp.Compare(slices.Index(AnalystTypes, a.Type), slices.Index(AnalystTypes, b.Type)),
			cmp.Compare(a.Value, b.Value))
	})
	if len(nodes) > size {
		nodes = nodes[:size]
	}
	out := &Network{Nodes: nodes, Edges: []NetworkEdge{}}
	if out.Nodes == nil {
		out.Nodes = []NetworkNode{}
	}
	if len(nodes) > 1 {
		pairs, err := ix.pairCounts(ctx, bq, nodes)
		if err != nil {
			return nil, err
		}
		n := len(nodes)
		for i := range n {
			for j := i + 1; j < n; j++ {
				if c := pairs[i*n+j]; c > 0 {
					out.Edges = append(out.Edges, NetworkEdge{Source: nodes[i].ID, Target: nodes[j].ID, Shared: c})
				}
			}
		}
		slices.SortStableFunc(out.Edges, func(a, b NetworkEdge) int { return cmp.Compare(b.Shared, a.Shared) })
	}
	out.TookMs = msSince(start)
	return out, nil
}

// pairCounts counts, for every two nodes i < j, the articles of bq holding
// both, at [i*len(nodes)+j].
func (ix *Index) pairCounts(ctx context.Context, bq query.Query, nodes []NetworkNode) ([]int, error) {
	n := len(nodes)
	byField := map[string]map[string]int{}
	var any []query.Query
	for i, nd := range nodes {
		f := facetField[nd.Type]
		if byField[f] == nil {
			byField[f] = map[string]int{}
		}
		byField[f][nd.Value] = i
		any = append(any, entityQuery(nd.EntityKey))
	}
	pairs := make([]int, n*n)
	var present []int // the nodes the current article holds
	fields := make([]string, 0, len(byField))
	for f := range byField {
		fields = append(fields, f)
	}
	slices.Sort(fields)
	builders := make([]*visitor, len(fields))
	for k, f := range fields {
		ids := byField[f]
		builders[k] = &visitor{field: f, value: func(term []byte) {
			if i, ok := ids[string(term)]; ok {
				present = append(present, i)
			}
		}}
	}
	// Builders see each article in order: the first clears what the
	// article holds, the last counts its pairs.
	builders[0].start = func() { present = present[:0] }
	builders[len(builders)-1].end = func() {
		if len(present) < 2 {
			return
		}
		slices.Sort(present)
		present = slices.Compact(present)
		for a := range present {
			for b := a + 1; b < len(present); b++ {
				pairs[present[a]*n+present[b]]++
			}
		}
	}
	fbs := make([]search.FacetBuilder, len(builders))
	for i, b := range builders {
		fbs[i] = b
	}
	if _, err := ix.visit(ctx, bleve.NewConjunctionQuery(bq, bleve.NewDisjunctionQuery(any...)), fbs...); err != nil {
		return nil, err
	}
	return pairs, nil
}
