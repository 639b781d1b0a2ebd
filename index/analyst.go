package index

// What the analyst views (significant entities, co-occurrence, the network,
// trends, entity pages) share: the entity types they count, how a
// "type:value" names one entity, the JLH score, and exact counts of every
// value of a type, over the whole index (cached until the next write) and
// over a search.

import (
	"context"
	"fmt"
	"math"
	"slices"
	"strings"
	"sync"
	"unicode"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/search/query"

	"github.com/searchd/searchd/errs"
	"github.com/searchd/searchd/extract"
)

// AnalystTypes are the entity types the analyst views count, in display order.
var AnalystTypes = []string{FacetCountry, FacetGroup, FacetPerson, FacetPlace}

// ScoreJLH names the significance score the views report: Elasticsearch's
// significant_terms default, (fg/fgTotal − bg/bgTotal) · (fg/fgTotal) / (bg/bgTotal).
const ScoreJLH = "jlh"

// allValues is the facet size that returns every value: Bleve counts every
// value of a terms facet whatever its size and only trims the sorted list,
// so the size costs nothing and the counts stay exact.
const allValues = math.MaxInt32

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

// counts are the articles of a set and, per entity type, how many of them
// hold each value.
type counts struct {
	total  int
	values map[string][]FacetValue // type -> every value, most frequent first
	byVal  map[string]map[string]int
}

// count is the articles of the set with the value of type typ.
func (c *counts) count(typ, value string) int { return c.byVal[typ][value] }

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

// countTerms counts the articles bq matches and, for each type, every
// value they hold, in one Bleve request.
func (ix *Index) countTerms(ctx context.Context, bq query.Query, types []string) (*counts, error) {
	req := bleve.NewSearchRequestOptions(bq, 0, 0, false)
	req.Score = bleve.ScoreNone
	for _, t := range types {
		req.AddFacet(t, bleve.NewFacetRequest(facetField[t], allValues))
	}
	res, err := ix.bi.SearchInContext(ctx, req)
	if err != nil {
		if ctxErr := ctx.Err(); ctxErr != nil {
			return nil, fmt.Errorf("count entities: %w", ctxErr)
		}
		return nil, fmt.Errorf("count entities: %w", err)
	}
	c := &counts{total: int(res.Total), values: map[string][]FacetValue{}, byVal: map[string]map[string]int{}}
	for _, t := range types {
		values, _ := ix.facetValues(t, res.Facets[t])
		by := make(map[string]int, len(values))
		for _, v := range values {
			by[v.Value] = v.Count
		}
		c.values[t], c.byVal[t] = values, by
	}
	return c, nil
}

// analystCache keeps, until the next write, the whole index's counts of
// every entity type (the background of every view) and the counts of
// recent searches (a view's page asks for several views of one search).
// Its zero value is ready to use.
type analystCache struct {
	mu       sync.Mutex
	epoch    uint64
	bg       *counts
	searches map[string]*counts
}

// maxCachedCounts bounds the searches whose counts are kept: those of a
// broad search hold every value of four types (megabytes at 100k articles).
const maxCachedCounts = 16

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
	bg, err := ix.countTerms(ctx, bleve.NewMatchAllQuery(), AnalystTypes)
	if err != nil {
		return nil, err
	}
	if fresh {
		c.bg = bg
	}
	return bg, nil
}

// searchCounts returns the counts of every entity type over the articles
// of a search, reusing those of an identical search until the next write
// unless noCache.
func (ix *Index) searchCounts(ctx context.Context, key string, bq query.Query, noCache bool) (*counts, error) {
	epoch := ix.writes.Load()
	c := &ix.analyst
	if !noCache {
		c.mu.Lock()
		if c.sync(epoch) {
			if hit, ok := c.searches[key]; ok {
				c.mu.Unlock()
				return hit, nil
			}
		}
		c.mu.Unlock()
	}
	fg, err := ix.countTerms(ctx, bq, AnalystTypes)
	if err != nil {
		return nil, err
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.sync(epoch) {
		if len(c.searches) >= maxCachedCounts {
			clear(c.searches)
		}
		c.searches[key] = fg
	}
	return fg, nil
}

// scope compiles the query and filters of q into the Bleve query of the
// articles a view counts; q's paging, sort, facets and highlights play no
// part. Errors are those a search with the same parameters gives.
func (ix *Index) scope(ctx context.Context, q Query) (*plan, query.Query, error) {
	q.Facets, q.FacetSize, q.Histogram, q.Sort, q.Page, q.Size, q.SearchAfter = nil, 0, "", "", 0, nil, ""
	p, err := ix.compile(q)
	if err != nil {
		return nil, nil, err
	}
	if p.parsed != nil {
		if err := ix.guardExpensive(ctx, p.parsed); err != nil {
			if ctxErr := ctx.Err(); ctxErr != nil {
				return nil, nil, fmt.Errorf("search: %w", ctxErr)
			}
			return nil, nil, &errs.Error{Kind: errs.Expensive, Param: "q", Err: err}
		}
	}
	return p, p.request("", 0, 0).Query, nil
}

// scopeKey identifies the articles of q for the counts cache.
func scopeKey(q Query) string { return facetKey(q, "\x00analyst", 0) }

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
	words := foldedWords(key)
	var partial string
	for _, v := range bg.values[typ] { // most frequent first
		folded := extract.Fold(v.Value)
		if folded == key {
			return EntityKey{Type: typ, Value: v.Value, Label: v.Label}, nil
		}
		if partial == "" && containsRun(foldedWords(folded), words) {
			partial = v.Value
		}
	}
	if partial == "" {
		return EntityKey{}, notFound
	}
	return EntityKey{Type: typ, Value: partial, Label: ix.label(typ, partial)}, nil
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
