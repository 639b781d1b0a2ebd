package index

// Collapse: a search with collapse=story shows each story (an article and
// its wire copies, see story.go) once, as its best hit in the search's
// order, with the number of its matching copies and the others listed.
// Totals, facets and the histogram then count stories, not articles.
//
// Counting: Bleve's facets count documents, so each counting scope (the
// query with every filter, and one per facet whose own filter is left
// out) is one pass of our own over the matches: a score-free searcher
// over an index snapshot, reading the doc values of the story and of the
// counted fields, each value holding the bitmap of the stories that have
// it among their matching articles. A value's count is then exactly the
// number of stories a click on it leaves, and the total the number of
// distinct stories. The page is read from Bleve's ranked hits, deduplicated
// by story until it holds page × size stories.

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"sync"
	"time"

	"github.com/RoaringBitmap/roaring/v2"
	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/query"

	"github.com/searchd/searchd/mapping"
	qlang "github.com/searchd/searchd/query"
)

// CollapseStory is the collapse a search offers: each story to its best hit.
const CollapseStory = "story"

// maxOthers is how many other copies a collapsed hit lists; Copies counts them all.
const maxOthers = 20

// maxCollapseScan bounds the ranked hits a collapsed page is read from,
// as a multiple of the result window.
const maxCollapseScan = 10

// StoryCopy is another matching article of a collapsed hit's story.
type StoryCopy struct {
	ID          string    `json:"id"`
	Title       string    `json:"title"`
	URL         string    `json:"url,omitempty"`
	Source      string    `json:"source,omitempty"`
	PublishedAt time.Time `json:"published_at"`
}

// storyCounts is what a counting pass found: the matching articles, their
// stories, and per counted field the stories of each value.
type storyCounts struct {
	articles uint64
	ord      map[string]uint32 // story -> ordinal
	copies   []int             // matching articles per story ordinal
	fields   map[string]*valueStories
}

// valueStories maps each value of a field to the stories holding it.
type valueStories struct {
	ord     map[string]int
	values  []string
	stories []*roaring.Bitmap
	any     roaring.Bitmap // stories with any value
}

// value returns the ordinal of a value, numbering it when new.
func (v *valueStories) value(term []byte) int {
	i, ok := v.ord[string(term)]
	if !ok {
		i = len(v.values)
		v.ord[string(term)] = i
		v.values = append(v.values, string(term))
		v.stories = append(v.stories, roaring.New())
	}
	return i
}

// countStories makes one counting pass over the matches of q, reading the
// given fields' values.
func (ix *Index) countStories(ctx context.Context, q query.Query, fields []string) (*storyCounts, error) {
	r, err := ix.reader()
	if err != nil {
		return nil, err
	}
	defer r.Close()
	s, err := q.Searcher(ctx, r, ix.bi.Mapping(), search.SearcherOptions{Score: "none"})
	if err != nil {
		return nil, err
	}
	defer s.Close()
	dvr, err := r.DocValueReader(append([]string{mapping.FieldStory}, fields...))
	if err != nil {
		return nil, err
	}
	c := &storyCounts{ord: map[string]uint32{}, fields: map[string]*valueStories{}}
	for _, f := range fields {
		c.fields[f] = &valueStories{ord: map[string]int{}}
	}
	sctx := &search.SearchContext{DocumentMatchPool: search.NewDocumentMatchPool(s.DocumentMatchPoolSize(), 0)}
	type seen struct {
		field *valueStories
		value int
	}
	var values []seen
	for n := 0; ; n++ {
		if n%1024 == 0 {
			if err := ctx.Err(); err != nil {
				return nil, err
			}
		}
		dm, err := s.Next(sctx)
		if err != nil {
			return nil, err
		}
		if dm == nil {
			break
		}
		values = values[:0]
		story, has := uint32(0), false
		err = dvr.VisitDocValues(dm.IndexInternalID, func(field string, term []byte) {
			if field == mapping.FieldStory {
				story, has = c.story(term), true
				return
			}
			if v := c.fields[field]; v != nil {
				values = append(values, seen{v, v.value(term)})
			}
		})
		if err != nil {
			return nil, err
		}
		if !has { // an article without a story is a story of its own
			story = c.story(append([]byte{0}, dm.IndexInternalID...))
		}
		c.articles++
		c.copies[story]++
		for _, v := range values {
			v.field.stories[v.value].Add(story)
			v.field.any.Add(story)
		}
		sctx.DocumentMatchPool.Put(dm)
	}
	return c, nil
}

// story returns the ordinal of a story, numbering it when new.
func (c *storyCounts) story(term []byte) uint32 {
	if o, ok := c.ord[string(term)]; ok {
		return o
	}
	o := uint32(len(c.copies))
	c.ord[string(term)] = o
	c.copies = append(c.copies, 0)
	return o
}

// facet returns a field's values by the stories holding them, most first,
// the first size of them, with what the list leaves out.
func (c *storyCounts) facet(ix *Index, name, field string, size int) ([]FacetValue, FacetMeta) {
	v := c.fields[field]
	all := make([]FacetValue, len(v.values))
	for i, val := range v.values {
		all[i] = FacetValue{Value: val, Count: int(v.stories[i].GetCardinality())}
	}
	sort.Slice(all, func(i, j int) bool {
		if all[i].Count != all[j].Count {
			return all[i].Count > all[j].Count
		}
		return all[i].Value < all[j].Value
	})
	meta := FacetMeta{Missing: len(c.copies) - int(v.any.GetCardinality())}
	if len(all) > size {
		for _, fv := range all[size:] {
			meta.Other += fv.Count
		}
		all = all[:size]
	}
	for i := range all {
		all[i].Label = ix.label(name, all[i].Value)
	}
	return all, meta
}

// histogram returns the month counts of stories as a Bleve facet result,
// for buildHistogram.
func (c *storyCounts) histogram() *search.FacetResult {
	v := c.fields[mapping.FieldMonth]
	fr := &search.FacetResult{Field: mapping.FieldMonth, Terms: &search.TermFacets{}}
	for i, val := range v.values {
		fr.Terms.Add(&search.TermFacet{Term: val, Count: int(v.stories[i].GetCardinality())})
	}
	return fr
}

// searchCollapsed answers a search with collapse=story.
func (ix *Index) searchCollapsed(ctx context.Context, p *plan, start time.Time) (*Result, error) {
	// The counting scopes: every filter (the total, the copies, the facets
	// counted under all filters, the histogram), and each facet with a
	// filter of its own without it.
	type scope struct {
		skip   string
		facets []string
		counts *storyCounts
	}
	scopes := []*scope{{}}
	for _, f := range p.facets {
		if p.isFiltered(f) {
			scopes = append(scopes, &scope{skip: f, facets: []string{f}})
		} else {
			scopes[0].facets = append(scopes[0].facets, f)
		}
	}
	errs := make([]error, len(scopes)+1)
	var wg sync.WaitGroup
	for i, sc := range scopes {
		fields := make([]string, 0, len(sc.facets)+1)
		for _, f := range sc.facets {
			fields = append(fields, facetField[f])
		}
		if i == 0 && p.histogram != "" {
			fields = append(fields, mapping.FieldMonth)
		}
		wg.Go(func() {
			defer recoverInto(&errs[i])
			sc.counts, errs[i] = ix.countStories(ctx, p.request(sc.skip, 0, 0).Query, dedupe(fields))
		})
	}
	var page []*search.DocumentMatch
	wg.Go(func() {
		defer recoverInto(&errs[len(scopes)])
		page, errs[len(scopes)] = ix.collapsedPage(ctx, p)
	})
	wg.Wait()
	if err := errors.Join(errs...); err != nil {
		if ctxErr := ctx.Err(); ctxErr != nil {
			return nil, fmt.Errorf("search: %w", ctxErr)
		}
		return nil, fmt.Errorf("search: %w", err)
	}
	main := scopes[0].counts
	out := &Result{Total: uint64(len(main.copies)), TotalArticles: main.articles, Collapse: CollapseStory,
		Page: p.page, Size: p.size, Sort: p.sortName, Hits: make([]Hit, 0, len(page)), Interpreted: p.interpreted}
	if out.Interpreted == nil {
		out.Interpreted = []qlang.Interpretation{}
	}
	if out.Total == 0 && p.ast != nil {
		ix.noDeadEnd(ctx, p.ast, out)
	}
	if err := ix.loadSummaries(ctx, page); err != nil {
		return nil, err
	}
	if p.highlight && p.parsed != nil && len(page) > 0 {
		if err := ix.highlight(ctx, p, page); err != nil {
			if ctxErr := ctx.Err(); ctxErr != nil {
				return nil, fmt.Errorf("search: %w", ctxErr)
			}
			return nil, fmt.Errorf("highlight: %w", err)
		}
	}
	for _, h := range page {
		hit, err := decodeHit(h)
		if err != nil {
			return nil, err
		}
		hit.Copies = 1
		if o, ok := main.ord[hit.Story]; ok {
			hit.Copies = main.copies[o]
		}
		out.Hits = append(out.Hits, hit)
	}
	if err := ix.listOthers(ctx, p, out.Hits); err != nil {
		if ctxErr := ctx.Err(); ctxErr != nil {
			return nil, fmt.Errorf("search: %w", ctxErr)
		}
		return nil, fmt.Errorf("search: list copies: %w", err)
	}
	if len(p.facets) > 0 {
		out.Facets = make(map[string][]FacetValue, len(p.facets))
		out.FacetMeta = make(map[string]FacetMeta, len(p.facets))
	}
	for _, sc := range scopes {
		for _, f := range sc.facets {
			values, meta := sc.counts.facet(ix, f, facetField[f], p.facetSize)
			meta.Disjunctive = sc.skip != ""
			out.Facets[f], out.FacetMeta[f] = values, meta
		}
	}
	if p.histogram != "" {
		out.Histogram = buildHistogram(p.histogram, main.histogram(), p.histFrom, p.histTo)
	}
	out.TookMs = msSince(start)
	return out, nil
}

// collapsedPage returns the page's hits, one per story, in the search's
// order: Bleve's ranked hits read from the first, in windows growing four
// times, until they hold page × size stories or end.
func (ix *Index) collapsedPage(ctx context.Context, p *plan) ([]*search.DocumentMatch, error) {
	need := p.from + p.size
	if p.size == 0 {
		return nil, nil
	}
	limit := maxCollapseScan * ix.limits.MaxResultWindow
	for window := max(2*need+10, 50); ; window *= 4 {
		window = min(window, limit)
		req := p.request("", window, 0)
		req.SortBy(p.sort)
		req.Fields = []string{mapping.FieldStory}
		res, err := ix.bi.SearchInContext(ctx, req)
		if err != nil {
			return nil, err
		}
		seen := map[string]bool{}
		var firsts []*search.DocumentMatch
		for _, h := range res.Hits {
			story, _ := h.Fields[mapping.FieldStory].(string)
			if story == "" {
				story = "\x00" + h.ID
			}
			if !seen[story] {
				seen[story] = true
				firsts = append(firsts, h)
			}
		}
		if len(firsts) >= need || uint64(len(res.Hits)) >= res.Total {
			if p.from >= len(firsts) {
				return nil, nil
			}
			return firsts[p.from:min(need, len(firsts))], nil
		}
		if window >= limit {
			return nil, invalid("page", "collapse=%s reads at most %d ranked hits to fill a page, and the first %d "+
				"hold only %d stories; narrow the search or ask for an earlier page", CollapseStory, limit, limit, len(firsts))
		}
	}
}

// loadSummaries reads the stored summaries of a page's hits.
func (ix *Index) loadSummaries(ctx context.Context, hits []*search.DocumentMatch) error {
	if len(hits) == 0 {
		return nil
	}
	ids := make([]string, len(hits))
	for i, h := range hits {
		ids[i] = h.ID
	}
	req := bleve.NewSearchRequestOptions(bleve.NewDocIDQuery(ids), len(ids), 0, false)
	req.Score = bleve.ScoreNone
	req.Fields = []string{mapping.FieldSummary}
	res, err := ix.bi.SearchInContext(ctx, req)
	if err != nil {
		return err
	}
	fields := make(map[string]map[string]any, len(res.Hits))
	for _, h := range res.Hits {
		fields[h.ID] = h.Fields
	}
	for _, h := range hits {
		h.Fields = fields[h.ID]
	}
	return nil
}

// listOthers fills each hit's Others: the other matching articles of its
// story, newest first, up to maxOthers.
func (ix *Index) listOthers(ctx context.Context, p *plan, hits []Hit) error {
	var stories []string
	shown := map[string]bool{}
	want := 0
	for _, h := range hits {
		shown[h.ID] = true
		if h.Copies > 1 {
			stories = append(stories, h.Story)
			want += min(h.Copies-1, maxOthers)
		}
	}
	if len(stories) == 0 {
		return nil
	}
	req := p.request("", 0, 0)
	q := bleve.NewConjunctionQuery(req.Query, AnyTerm(mapping.FieldStory, stories))
	// Every other copy is fetched when there are few; past that, stories
	// with many copies may list fewer than maxOthers of them.
	size := min(want+len(hits), 100*maxOthers)
	req = bleve.NewSearchRequestOptions(q, size, 0, false)
	req.Score = bleve.ScoreNone
	req.SortBy([]string{"-" + mapping.FieldPublishedAt, "_id"})
	req.Fields = []string{mapping.FieldSummary}
	res, err := ix.bi.SearchInContext(ctx, req)
	if err != nil {
		return err
	}
	byStory := map[string][]StoryCopy{}
	for _, m := range res.Hits {
		if shown[m.ID] {
			continue
		}
		h, err := decodeHit(m)
		if err != nil {
			return err
		}
		if len(byStory[h.Story]) < maxOthers {
			byStory[h.Story] = append(byStory[h.Story], StoryCopy{ID: h.ID, Title: h.Title, URL: h.URL,
				Source: h.Source, PublishedAt: h.PublishedAt})
		}
	}
	for i := range hits {
		if others := byStory[hits[i].Story]; len(others) > 0 {
			hits[i].Others = others
		} else if hits[i].Copies > 1 {
			hits[i].Others = []StoryCopy{}
		}
	}
	return nil
}
