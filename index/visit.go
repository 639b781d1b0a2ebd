package index

// Some views need more of each matching article than a terms facet gives
// (which entities it holds together, its day or ISO week of publication).
// They walk the matches once with Bleve's collector, showing each match's
// doc values to builders of their own: one pass, exact, and no per-bucket
// or per-node requests.

import (
	"context"
	"fmt"
	"strconv"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/collector"
	"github.com/blevesearch/bleve/v2/search/query"
)

// visit runs bq over the index in use without scoring and shows every
// match's doc values of the builders' fields to the builders, in their
// order for each match; it returns the number of matches.
func (ix *Index) visit(ctx context.Context, bq query.Query, builders ...search.FacetBuilder) (total uint64, err error) {
	r, err := ix.reader()
	if err != nil {
		return 0, fmt.Errorf("visit: %w", err)
	}
	defer func() {
		if cerr := r.Close(); err == nil && cerr != nil {
			err = fmt.Errorf("visit: %w", cerr)
		}
	}()
	s, err := bq.Searcher(ctx, r, ix.bi.Mapping(), search.SearcherOptions{Score: bleve.ScoreNone})
	if err != nil {
		return 0, fmt.Errorf("visit: %w", err)
	}
	defer func() {
		if cerr := s.Close(); err == nil && cerr != nil {
			err = fmt.Errorf("visit: %w", cerr)
		}
	}()
	fb := search.NewFacetsBuilder(r)
	for i, b := range builders {
		fb.Add(strconv.Itoa(i), b)
	}
	coll := collector.NewTopNCollector(0, 0, search.SortOrder{&search.SortScore{Desc: true}})
	coll.SetFacetsBuilder(fb)
	if err := coll.Collect(ctx, s, r); err != nil {
		if ctxErr := ctx.Err(); ctxErr != nil {
			return 0, fmt.Errorf("visit: %w", ctxErr)
		}
		return 0, fmt.Errorf("visit: %w", err)
	}
	return coll.Total(), nil
}

// visitor adapts a function of each value to search.FacetBuilder, with
// hooks at each match's start and end; what it builds is read from its
// owner, not from Result.
type visitor struct {
	field string
	start func()
	value func(term []byte)
	end   func()
}

var _ search.FacetBuilder = (*visitor)(nil)

func (v *visitor) StartDoc() {
	if v.start != nil {
		v.start()
	}
}

func (v *visitor) UpdateVisitor(term []byte) { v.value(term) }

func (v *visitor) EndDoc() {
	if v.end != nil {
		v.end()
	}
}

func (v *visitor) Result() *search.FacetResult { return &search.FacetResult{Field: v.field} }

func (v *visitor) Field() string { return v.field }

func (v *visitor) Size() int { return 64 }
