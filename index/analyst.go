package index

// What the analyst views (significant entities, co-occurrence, the network,
// trends, entity pages) share: the entity types they count, how a
// "type:value" names one entity, the JLH score, and exact counts of every
// value of a type, over the whole index (cached until the next write) and
// over a search.

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"strings"
	"sync"
	"unicode"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/query"

	"github.com/searchd/searchd/errs"
	"github.com/searchd/searchd/extract"
)

// AnalystTypes are the entity types the analyst views count, in display order.
var AnalystTypes = []string{FacetCountry, FacetGroup, FacetPerson, FacetPlace}

// ScoreJLH names the significance score the views report: Elasticsearch's
// significant_terms default, (fg/fgTotal − bg/bgTotal) · (fg/fgTotal) / (bg/bgTotal).
const ScoreJLH = "jlh"

// EntityKey names one entity: its type, canonical value and display label.
type EntityKey struct {
	Type  string `json:"type"`
	Value string `json:"value"`
	Label string `json:"label"`
}

// ID is the entity as "type:value", as the views accept and return it.
func (e EntityKey) ID() string { return e.Type + ":" + e.Value }

// jlh is the JLH score of a value seen in fg of fgTotal foreground articles
// and bg of bgTotal background ones: the absolute change of its rate times
// the relative change, 0 when the foreground rate does not exceed the
// background's (as Elasticsearch does, so that only over-represented values
// score).
func jlh(fg, fgTotal, bg, bgTotal int) float64 {
	if fg <= 0 || fgTotal <= 0 || bg <= 0 || bgTotal <= 0 {
		return 0
	}
	sub := float64(fg) / float64(fgTotal)
	sup := float64(bg) / float64(bgTotal)
	if sub <= sup {
		return 0
	}
	return (sub - sup) * sub / sup
}

// counts are the articles of a set and, per entity type counted, how
// many of them hold each value.
type counts struct {
	total int
	types map[string]*typeCounts
}

// typeCounts are the values of one type in a set of articles.
type typeCounts struct {
	values []FacetValue // every value, most frequent first, ties by value
	byVal  map[string]int

	foldOnce sync.Once
	folded   [][]string     // the words of each value, folded
	byFold   map[string]int // a folded value -> the index of the most frequent value folding so
}

// names returns the values' folded words and the index of each folded
// value, computed once: resolving a name would otherwise fold every value.
func (tc *typeCounts) names() ([][]string, map[string]int) {
	tc.foldOnce.Do(func() {
		tc.folded = make([][]string, len(tc.values))
		tc.byFold = make(map[string]int, len(tc.values))
		for i, v := range tc.values {
			f := extract.Fold(v.Value)
			tc.folded[i] = foldedWords(f)
			if _, ok := tc.byFold[f]; !ok {
				tc.byFold[f] = i
			}
		}
	})
	return tc.folded, tc.byFold
}

// list is every value of type typ in the set, most frequent first.
func (c *counts) list(typ string) []FacetValue {
	if tc := c.types[typ]; tc != nil {
		return tc.values
	}
	return nil
}

// count is the articles of the set with the value of type typ.
func (c *counts) count(typ, value string) int {
	if tc := c.types[typ]; tc != nil {
		return tc.byVal[value]
	}
	return 0
}

// parseTypes reads a list of entity types (comma-separated values
// allowed); none means every type.
func parseTypes(param string, list []string) ([]string, error) {
	var out []string
	for _, item := range list {
		for _, t := range strings.Split(item, ",") {
			t = strings.TrimSpace(t)
			if t == "" {
				continue
			}
			if !slices.Contains(AnalystTypes, t) {
				return nil, invalid(param, "unknown entity type %q (known: %s)", t, strings.Join(AnalystTypes, ", "))
			}
			if !slices.Contains(out, t) {
				out = append(out, t)
			}
		}
	}
	if len(out) == 0 {
		out = slices.Clone(AnalystTypes)
	}
	return out, nil
}

// termCounter counts, during a visit, the articles holding each term of a
// keyword field, each article once however often it holds the term.
type termCounter struct {
	field string
	doc   int // ordinal of the article being visited, from 1
	terms map[string]*termCount
}

type termCount struct{ n, last int }

var _ search.FacetBuilder = (*termCounter)(nil)

func newTermCounter(field string) *termCounter {
	return &termCounter{field: field, terms: map[string]*termCount{}}
}

func (c *termCounter) StartDoc() { c.doc++ }

func (c *termCounter) UpdateVisitor(term []byte) {
	if tc, ok := c.terms[string(term)]; ok { // a lookup by string(term) does not allocate
		if tc.last != c.doc {
			tc.n++
			tc.last = c.doc
		}
		return
	}
	c.terms[string(term)] = &termCount{n: 1, last: c.doc}
}

func (c *termCounter) EndDoc() {}

func (c *termCounter) Result() *search.FacetResult { return &search.FacetResult{Field: c.field} }

func (c *termCounter) Field() string { return c.field }

func (c *termCounter) Size() int { return 64 + 48*len(c.terms) }

// countTypes counts the articles bq matches and, for each type, every
// value they hold, in one pass over the matches; extra builders see the
// same pass.
func (ix *Index) countTypes(ctx context.Context, bq query.Query, types []string, extra ...search.FacetBuilder) (*counts, error) {
	counters := make([]*termCounter, len(types))
	builders := make([]search.FacetBuilder, 0, len(types)+len(extra))
	for i, t := range types {
		counters[i] = newTermCounter(facetField[t])
		builders = append(builders, counters[i])
	}
	total, err := ix.visit(ctx, bq, append(builders, extra...)...)
	if err != nil {
		return nil, fmt.Errorf("count entities: %w", err)
	}
	c := &counts{total: int(total), types: make(map[string]*typeCounts, len(types))}
	for i, t := range types {
		tc := &typeCounts{values: make([]FacetValue, 0, len(counters[i].terms)), byVal: make(map[string]int, len(counters[i].terms))}
		for term, n := range counters[i].terms {
			tc.values = append(tc.values, FacetValue{Value: term, Label: ix.label(t, term), Count: n.n})
			tc.byVal[term] = n.n
		}
		sortValues(tc.values)
		c.types[t] = tc
	}
	return c, nil
}

// sortValues orders values most frequent first, ties by value.
func sortValues(values []FacetValue) {
	slices.SortFunc(values, func(a, b FacetValue) int {
		return cmp.Or(cmp.Compare(b.Count, a.Count), cmp.Compare(a.Value, b.Value))
	})
}

// analystCache keeps, until the next write, the whole index's counts of
// every entity type (the background of every view) and the counts of
// recent searches by type (a page shows several views of one search).
// Its zero value is ready to use.
type analystCache struct {
	mu       sync.Mutex
	epoch    uint64
	bg       *counts
	searches map[string]*counts // by viewScope.key and type, each holding one type
}

// maxCachedCounts bounds the search counts kept: those of a broad search
// hold every value of a type (a megabyte at 100k articles).
const maxCachedCounts = 64

// sync forgets what an older epoch counted; it reports whether epoch may be
// served (a view that began before the last write may not). Callers hold mu.
func (c *analystCache) sync(epoch uint64) bool {
	if epoch < c.epoch {
		return false
	}
	if epoch > c.epoch || c.searches == nil {
		c.epoch, c.bg, c.searches = epoch, nil, map[string]*counts{}
	}
	return true
}

// background returns the whole index's counts of every entity type,
// counted once per write. Concurrent callers wait for the one counting.
func (ix *Index) background(ctx context.Context) (*counts, error) {
	epoch := ix.writes.Load()
	c := &ix.analyst
	c.mu.Lock()
	defer c.mu.Unlock()
	fresh := c.sync(epoch)
	if fresh && c.bg != nil {
		return c.bg, nil
	}
	bg, err := ix.countTypes(ctx, bleve.NewMatchAllQuery(), AnalystTypes)
	if err != nil {
		return nil, err
	}
	if fresh {
		c.bg = bg
	}
	return bg, nil
}

// searchCounts returns the counts of the types over the articles of a
// search (sc), reusing those of the same search until the next write
// unless noCache. The whole index's are the background's.
func (ix *Index) searchCounts(ctx context.Context, sc *viewScope, types []string, noCache bool) (*counts, error) {
	if sc.all {
		return ix.background(ctx)
	}
	epoch := ix.writes.Load()
	c := &ix.analyst
	out := &counts{total: -1, types: map[string]*typeCounts{}}
	var missing []string
	c.mu.Lock()
	fresh := c.sync(epoch)
	for _, t := range types {
		if hit, ok := c.searches[sc.key+"\x00"+t]; ok && fresh && !noCache {
			out.total, out.types[t] = hit.total, hit.types[t]
			continue
		}
		missing = append(missing, t)
	}
	c.mu.Unlock()
	if len(missing) == 0 {
		return out, nil
	}
	fg, err := ix.countTypes(ctx, sc.query, missing)
	if err != nil {
		return nil, err
	}
	out.total = fg.total
	for _, t := range missing {
		out.types[t] = fg.types[t]
	}
	ix.keepCounts(epoch, sc, fg)
	return out, nil
}

// keepCounts caches the counts of a search's types, counted in epoch.
func (ix *Index) keepCounts(epoch uint64, sc *viewScope, fg *counts) {
	if sc.all {
		return
	}
	c := &ix.analyst
	c.mu.Lock()
	defer c.mu.Unlock()
	if !c.sync(epoch) {
		return
	}
	for t, tc := range fg.types {
		if len(c.searches) >= maxCachedCounts {
			clear(c.searches)
		}
		c.searches[sc.key+"\x00"+t] = &counts{total: fg.total, types: map[string]*typeCounts{t: tc}}
	}
}

// viewScope is the set of articles a view counts: those of a search.
type viewScope struct {
	plan  *plan
	query query.Query
	key   string // identifies the set for the counts cache
	all   bool   // the whole index: no query, no filter
}

// scope compiles the query and filters of q into the articles a view
// counts; q's paging, sort, facets and highlights play no part. Errors are
// those a search with the same parameters gives.
func (ix *Index) scope(ctx context.Context, q Query) (*viewScope, error) {
	q.Facets, q.FacetSize, q.Histogram, q.Sort, q.Page, q.Size, q.SearchAfter = nil, 0, "", "", 0, nil, ""
	p, err := ix.compileChecked(ctx, q)
	if err != nil {
		return nil, err
	}
	return &viewScope{plan: p, query: p.request("", 0, 0).Query, key: facetKey(q, "\x00analyst", 0),
		all: p.parsed == nil && len(p.filters) == 0 && len(p.fixed) == 0}, nil
}

// entityQuery matches the articles holding the entity.
func entityQuery(e EntityKey) query.Query {
	tq := bleve.NewTermQuery(e.Value)
	tq.SetField(facetField[e.Type])
	return tq
}

// ParseEntity reads "type:value" into a type and a name, naming param in
// its errors.
func ParseEntity(param, s string) (typ, name string, err error) {
	typ, name, ok := strings.Cut(s, ":")
	typ, name = strings.TrimSpace(typ), strings.TrimSpace(name)
	if !ok || name == "" {
		return "", "", invalid(param, "want type:value (such as group:Hezbollah), got %q", s)
	}
	if !slices.Contains(AnalystTypes, typ) {
		return "", "", invalid(param, "unknown entity type %q in %q (known: %s)", typ, s, strings.Join(AnalystTypes, ", "))
	}
	return typ, name, nil
}

// ResolveEntity finds the entity of type typ that name means, as the
// filters of a search read names: a country by code, name, alias or
// demonym; a group by any alias; any value whose folded form is the name's;
// failing that, the value holding the name's words in order (person:Maduro
// is Nicolás Maduro), the one with most articles when several do. An entity
// no article holds is not found.
func (ix *Index) ResolveEntity(ctx context.Context, param, typ, name string) (EntityKey, error) {
	if !slices.Contains(AnalystTypes, typ) {
		return EntityKey{}, invalid(param, "unknown entity type %q (known: %s)", typ, strings.Join(AnalystTypes, ", "))
	}
	bg, err := ix.background(ctx)
	if err != nil {
		return EntityKey{}, err
	}
	notFound := errs.E(errs.NotFound, param, "no article mentions the %s %q", typ, name)
	if typ == FacetCountry {
		code, ok := ix.names.ResolveCountry(name)
		if !ok || bg.count(typ, code) == 0 {
			return EntityKey{}, notFound
		}
		return EntityKey{Type: typ, Value: code, Label: ix.label(typ, code)}, nil
	}
	key := extract.Fold(name)
	if typ == FacetGroup {
		if canon, ok := ix.names.ResolveGroup(name); ok {
			key = extract.Fold(canon)
		}
	}
	if key == "" {
		return EntityKey{}, notFound
	}
	tc := bg.types[typ]
	folded, byFold := tc.names()
	if i, ok := byFold[key]; ok {
		return EntityKey{Type: typ, Value: tc.values[i].Value, Label: tc.values[i].Label}, nil
	}
	words := foldedWords(key)
	for i, w := range folded { // most frequent first
		if containsRun(w, words) {
			return EntityKey{Type: typ, Value: tc.values[i].Value, Label: tc.values[i].Label}, nil
		}
	}
	return EntityKey{}, notFound
}

// foldedWords splits a folded name into its words.
func foldedWords(s string) []string {
	return strings.FieldsFunc(s, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) })
}

// containsRun reports whether words holds run as consecutive words.
func containsRun(words, run []string) bool {
	if len(run) == 0 {
		return false
	}
	for i := 0; i+len(run) <= len(words); i++ {
		if slices.Equal(words[i:i+len(run)], run) {
			return true
		}
	}
	return false
}

// parseEntityRef reads and resolves "type:value".
func (ix *Index) parseEntityRef(ctx context.Context, param, s string) (EntityKey, error) {
	typ, name, err := ParseEntity(param, s)
	if err != nil {
		return EntityKey{}, err
	}
	return ix.ResolveEntity(ctx, param, typ, name)
}

// sizeParam checks a view's size: def when 0, else between 1 and max.
func sizeParam(param string, size, def, max int) (int, error) {
	if size == 0 {
		return def, nil
	}
	if size < 1 || size > max {
		return 0, invalid(param, "must be between 1 and %d, got %d", max, size)
	}
	return size, nil
}
