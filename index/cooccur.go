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
	sc, err := ix.scope(ctx, q)
	if err != nil {
		return nil, err
	}
	e, err := ix.parseEntityRef(ctx, "entity", o.Entity)
	if err != nil {
		return nil, err
	}
	set, err := ix.searchCounts(ctx, sc, types, q.NoCache)
	if err != nil {
		return nil, err
	}
	with, err := ix.countTypes(ctx, bleve.NewConjunctionQuery(sc.query, entityQuery(e)), types)
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
		for _, v := range with.list(t) {
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
// articles, how many: exact, counted in one pass over the articles of q
// that notes the values of each.
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
	sc, err := ix.scope(ctx, q)
	if err != nil {
		return nil, err
	}
	epoch := ix.writes.Load()
	g := &valueGraph{}
	builders := make([]search.FacetBuilder, len(types))
	for i, t := range types {
		builders[i] = g.field(t)
	}
	total, err := ix.visit(ctx, sc.query, builders...)
	if err != nil {
		return nil, err
	}
	// The pass counted every value of the types: the other views of the
	// same search need not count them again.
	ix.keepCounts(epoch, sc, g.counted(ix, int(total), types))
	order := make([]int32, len(g.values))
	for i := range order {
		order[i] = int32(i)
	}
	slices.SortFunc(order, func(a, b int32) int {
		va, vb := g.values[a], g.values[b]
		return cmp.Or(cmp.Compare(g.counts[b], g.counts[a]), cmp.Compare(slices.Index(AnalystTypes, va.typ), slices.Index(AnalystTypes, vb.typ)),
			cmp.Compare(va.value, vb.value))
	})
	if len(order) > size {
		order = order[:size]
	}
	out := &Network{Nodes: make([]NetworkNode, len(order)), Edges: []NetworkEdge{}}
	node := make([]int32, len(g.values)) // value -> node index + 1, 0 for none
	for i, id := range order {
		v := g.values[id]
		k := EntityKey{Type: v.typ, Value: v.value, Label: ix.label(v.typ, v.value)}
		out.Nodes[i] = NetworkNode{ID: k.ID(), EntityKey: k, Count: g.counts[id]}
		node[id] = int32(i) + 1
	}
	n := len(order)
	pairs := make([]int, n*n)
	var present []int32
	for d := range g.starts {
		end := len(g.docs)
		if d+1 < len(g.starts) {
			end = int(g.starts[d+1])
		}
		present = present[:0]
		for _, id := range g.docs[g.starts[d]:end] {
			if node[id] > 0 {
				present = append(present, node[id]-1)
			}
		}
		slices.Sort(present)
		for a := range present {
			for b := a + 1; b < len(present); b++ {
				pairs[int(present[a])*n+int(present[b])]++
			}
		}
	}
	for i := range n {
		for j := i + 1; j < n; j++ {
			if c := pairs[i*n+j]; c > 0 {
				out.Edges = append(out.Edges, NetworkEdge{Source: out.Nodes[i].ID, Target: out.Nodes[j].ID, Shared: c})
			}
		}
	}
	slices.SortStableFunc(out.Edges, func(a, b NetworkEdge) int { return cmp.Compare(b.Shared, a.Shared) })
	out.TookMs = msSince(start)
	return out, nil
}

// valueGraph notes, during a visit, every entity value of each article:
// values are numbered as first seen, counted by article, and each
// article's list of numbers kept, so that the pairs of any values chosen
// afterwards can be counted without a second pass.
type valueGraph struct {
	ids    map[string]int32 // type + "\x00" + value -> number
	values []graphValue
	counts []int   // articles holding each value
	last   []int32 // the last article (starts index + 1) counted for each value
	docs   []int32 // every article's value numbers, one after the other
	starts []int32 // where each article's numbers start in docs
	first  *visitor
}

type graphValue struct{ typ, value string }

// field returns the builder that notes the values of type typ; the first
// asked for opens each article.
func (g *valueGraph) field(typ string) *visitor {
	if g.ids == nil {
		g.ids = map[string]int32{}
	}
	prefix := typ + "\x00"
	var key []byte
	v := &visitor{field: facetField[typ], value: func(term []byte) {
		key = append(append(key[:0], prefix...), term...)
		id, ok := g.ids[string(key)]
		if !ok {
			id = int32(len(g.values))
			g.ids[string(key)] = id
			g.values = append(g.values, graphValue{typ: typ, value: string(term)})
			g.counts = append(g.counts, 0)
			g.last = append(g.last, 0)
		}
		doc := int32(len(g.starts))
		if g.last[id] == doc {
			return // the article holds it twice
		}
		g.last[id] = doc
		g.counts[id]++
		g.docs = append(g.docs, id)
	}}
	if g.first == nil {
		g.first = v
		v.start = func() { g.starts = append(g.starts, int32(len(g.docs))) }
	}
	return v
}

// counted returns the article counts of every value of the types.
func (g *valueGraph) counted(ix *Index, total int, types []string) *counts {
	c := &counts{total: total, types: make(map[string]*typeCounts, len(types))}
	for _, t := range types {
		c.types[t] = &typeCounts{values: []FacetValue{}, byVal: map[string]int{}}
	}
	for id, v := range g.values {
		tc := c.types[v.typ]
		tc.values = append(tc.values, FacetValue{Value: v.value, Label: ix.label(v.typ, v.value), Count: g.counts[id]})
		tc.byVal[v.value] = g.counts[id]
	}
	for _, tc := range c.types {
		sortValues(tc.values)
	}
	return c
}
