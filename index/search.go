package index

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"time"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/search"

	"github.com/searchd/searchd/mapping"
	qlang "github.com/searchd/searchd/query"
)

// Result is the answer to a Query.
type Result struct {
	Total  uint64  `json:"total"`
	TookMs float64 `json:"took_ms"`
	Page   int     `json:"page"`
	Size   int     `json:"size"`
	// TotalArticles, under collapse, counts the matching articles; Total
	// then counts their stories.
	TotalArticles uint64                  `json:"total_articles,omitempty"`
	Collapse      string                  `json:"collapse,omitempty"` // the collapse applied: story, or none
	Hits          []Hit                   `json:"hits"`
	Facets        map[string][]FacetValue `json:"facets,omitempty"`
	FacetMeta     map[string]FacetMeta    `json:"facet_meta,omitempty"`
	Histogram     *Histogram              `json:"histogram,omitempty"`
	Sort          string                  `json:"sort"` // the order applied: relevance, published_at or -published_at
	// Interpreted lists the entities words or phrases of q were also
	// searched as ("IRGC": the group Islamic Revolutionary Guard Corps).
	Interpreted []qlang.Interpretation `json:"interpreted"`
	// DidYouMean, for a search without hits, is q with its words the index
	// does not hold replaced by the nearest ones it does.
	DidYouMean string `json:"did_you_mean,omitempty"`
	// Suggestions, for a search without hits, are entities named like the
	// words of q.
	Suggestions []Suggestion `json:"suggestions,omitempty"`
	Cached      bool         `json:"cached,omitempty"` // reused from an identical earlier search
	// Next is the cursor of the next page (Query.SearchAfter), when the
	// order has cursors and more hits may follow.
	Next string `json:"next,omitempty"`
}

// facetSearch is one Bleve search of those a Search runs concurrently, and
// the facets it counts.
type facetSearch struct {
	req    *bleve.SearchRequest
	facets []string
}

// Search runs q and returns a page of hits with facet counts. Facets whose
// own filter is active are counted without it (disjunctive faceting), each
// in its own search run concurrently with the main one. Results and facet
// counts are reused until the next write unless q.NoCache is set.
func (ix *Index) Search(ctx context.Context, q Query) (*Result, error) {
	start := time.Now()
	epoch := ix.writes.Load()
	useCache := !q.NoCache
	key := ""
	if useCache && ix.results != nil {
		key = resultKey(q)
		if r, ok := ix.results.get(key, epoch); ok {
			hit := *r
			hit.TookMs = msSince(start)
			hit.Cached = true
			return &hit, nil
		}
	}
	p, err := ix.compileChecked(ctx, q)
	if err != nil {
		return nil, err
	}
	if p.collapse {
		out, err := ix.searchCollapsed(ctx, p, start)
		if err == nil && key != "" {
			ix.results.put(key, epoch, out)
		}
		return out, err
	}
	main := p.request("", p.fetchSize(), p.from)
	main.SortBy(p.sort)
	main.SearchAfter = p.after
	main.Fields = []string{mapping.FieldSummary}

	searches, facets, facetKeys := ix.planSearches(p, q, main, epoch, useCache)

	results := make([]*bleve.SearchResult, len(searches))
	errs := make([]error, len(results))
	var wg sync.WaitGroup
	for i, fs := range searches {
		wg.Go(func() {
			defer recoverInto(&errs[i])
			results[i], errs[i] = ix.bi.SearchInContext(ctx, fs.req)
		})
	}
	wg.Wait()
	if err := errors.Join(errs...); err != nil {
		if ctxErr := ctx.Err(); ctxErr != nil {
			return nil, fmt.Errorf("search: %w", ctxErr)
		}
		return nil, fmt.Errorf("search: %w", err)
	}

	res := results[0]
	next, err := p.nextCursor(res)
	if err != nil {
		return nil, err
	}
	if p.highlight && strings.TrimSpace(q.Q) != "" && len(res.Hits) > 0 {
		if err := ix.highlight(ctx, p, res.Hits); err != nil {
			if ctxErr := ctx.Err(); ctxErr != nil {
				return nil, fmt.Errorf("search: %w", ctxErr)
			}
			return nil, fmt.Errorf("highlight: %w", err)
		}
	}
	out := &Result{Total: res.Total, Page: p.page, Size: p.size, Sort: p.sortName, Hits: make([]Hit, 0, len(res.Hits)),
		Interpreted: p.interpreted}
	if out.Interpreted == nil {
		out.Interpreted = []qlang.Interpretation{}
	}
	out.Next = next
	if res.Total == 0 && p.ast != nil {
		ix.noDeadEnd(ctx, p.ast, out)
	}
	for _, h := range res.Hits {
		hit, err := decodeHit(h)
		if err != nil {
			return nil, err
		}
		out.Hits = append(out.Hits, hit)
	}
	var histogram *search.FacetResult
	for i, fs := range searches {
		for _, f := range fs.facets {
			values, meta := ix.facetValues(f, results[i].Facets[f])
			facets[f] = cachedFacet{values: values, meta: meta}
			ix.facets.put(facetKeys[f], epoch, facets[f])
		}
		if fr, ok := results[i].Facets[histogramFacet]; ok {
			histogram = fr
		}
	}
	if len(p.facets) > 0 {
		out.Facets = make(map[string][]FacetValue, len(p.facets))
		out.FacetMeta = make(map[string]FacetMeta, len(p.facets))
	}
	for _, f := range p.facets {
		meta := facets[f].meta
		meta.Disjunctive = p.isFiltered(f)
		out.Facets[f] = facets[f].values
		out.FacetMeta[f] = meta
	}
	if p.histogram != "" {
		out.Histogram = buildHistogram(p.histogram, histogram, p.histFrom, p.histTo)
	}
	out.TookMs = msSince(start)
	if key != "" {
		ix.results.put(key, epoch, out)
	}
	return out, nil
}

// planSearches lists the Bleve searches a Search runs concurrently: main,
// which ranks the page, and those that count facets. Each facet is counted
// under the query and the filters it depends on: all of them, or all but its
// own. Counts already known are taken from the cache instead, into facets;
// facetKeys holds every facet's cache key.
func (ix *Index) planSearches(p *plan, q Query, main *bleve.SearchRequest, epoch uint64, useCache bool) (
	searches []facetSearch, facets map[string]cachedFacet, facetKeys map[string]string,
) {
	facets = make(map[string]cachedFacet, len(p.facets))
	facetKeys = make(map[string]string, len(p.facets))
	var shared []string // counted under every filter
	searches = []facetSearch{{req: main}}
	for _, f := range p.facets {
		scope := q
		if p.isFiltered(f) {
			scope = withoutFilter(q, f)
		}
		if ix.facets != nil { // no key to build when nothing is cached
			facetKeys[f] = facetKey(scope, f, p.facetSize)
		}
		if useCache {
			if c, ok := ix.facets.get(facetKeys[f], epoch); ok {
				facets[f] = c
				continue
			}
		}
		if p.isFiltered(f) {
			req := p.countRequest(f)
			req.AddFacet(f, bleve.NewFacetRequest(facetField[f], p.facetSize))
			searches = append(searches, facetSearch{req: req, facets: []string{f}})
			continue
		}
		shared = append(shared, f)
	}
	var histFacet *bleve.FacetRequest
	if p.histogram != "" {
		histFacet = bleve.NewFacetRequest(mapping.FieldMonth, maxHistogramBuckets)
	}
	switch {
	case len(shared) == 0 && histFacet == nil:
	case p.positional && p.size > 0:
		// A phrase's matches are costly to find (term positions): they are
		// found once, and counted as they are ranked.
		searches[0].facets = shared
		for _, f := range shared {
			main.AddFacet(f, bleve.NewFacetRequest(facetField[f], p.facetSize))
		}
		if histFacet != nil {
			main.AddFacet(histogramFacet, histFacet)
		}
	default:
		// Counting needs no scores, and most of its cost is reading each
		// facet's values: the facets are counted in two score-free requests
		// of their own, beside the one that ranks the page, so that a search
		// uses both cores.
		groups := [][]string{shared}
		if len(shared) > 1 && !p.positional { // a phrase's matches are found once
			half := (len(shared) + 1) / 2
			groups = [][]string{shared[:half], shared[half:]}
		}
		for i, g := range groups {
			counts := facetSearch{req: p.countRequest(""), facets: g}
			for _, f := range g {
				counts.req.AddFacet(f, bleve.NewFacetRequest(facetField[f], p.facetSize))
			}
			if i == len(groups)-1 && histFacet != nil {
				counts.req.AddFacet(histogramFacet, histFacet)
			}
			if i == 0 && p.size == 0 {
				searches[0] = counts // the counts give the total
				continue
			}
			searches = append(searches, counts)
		}
	}
	return searches, facets, facetKeys
}

// recoverInto turns a panic in a worker goroutine into an error: a panic
// there is out of reach of the HTTP server's recovery and would end the
// process.
func recoverInto(err *error) {
	if v := recover(); v != nil {
		*err = fmt.Errorf("internal error: %v", v)
	}
}
