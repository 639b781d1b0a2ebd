package index

// Matching a stored search against given articles: which of the articles
// a commit wrote match a saved search, through the same plan a search
// compiles, restricted to their ids.

import (
	"context"
	"fmt"

	"github.com/blevesearch/bleve/v2"

	"github.com/searchd/searchd/errs"
	"github.com/searchd/searchd/mapping"
)

// CheckQuery validates q as Search would, without running it: the query
// string parses and compiles, filters resolve, no pattern expands past the
// policy. Errors are those of Search, naming the parameter at fault.
func (ix *Index) CheckQuery(ctx context.Context, q Query) error {
	_, err := ix.compileChecked(ctx, q)
	return err
}

// compileChecked compiles q and refuses a pattern that expands past the
// policy, as every reader of a query (search, views, saved searches) must
// before running it.
func (ix *Index) compileChecked(ctx context.Context, q Query) (*plan, error) {
	p, err := ix.compile(q)
	if err != nil {
		return nil, err
	}
	if p.parsed != nil {
		if err := ix.guardExpensive(ctx, p.parsed); err != nil {
			if ctxErr := ctx.Err(); ctxErr != nil {
				return nil, fmt.Errorf("search: %w", ctxErr)
			}
			return nil, &errs.Error{Kind: errs.Expensive, Param: "q", Err: err}
		}
	}
	return p, nil
}

// MatchIDs returns the hits among ids that match q's query string and
// filters, newest first; q's facets, sort and paging are ignored. It reads
// the index as it is now: an id deleted since it was logged is not returned.
func (ix *Index) MatchIDs(ctx context.Context, q Query, ids []string) ([]Hit, error) {
	if len(ids) == 0 {
		return []Hit{}, nil
	}
	q.Facets, q.Histogram, q.Sort, q.Page, q.Size, q.SearchAfter = nil, "", "", 0, nil, ""
	p, err := ix.compile(q)
	if err != nil {
		return nil, err
	}
	req := p.request("", len(ids), 0)
	req.Query = bleve.NewConjunctionQuery(bleve.NewDocIDQuery(ids), req.Query)
	req.Score = bleve.ScoreNone
	req.SortBy([]string{"-" + mapping.FieldPublishedAt, "_id"})
	req.Fields = []string{mapping.FieldSummary}
	res, err := ix.bi.SearchInContext(ctx, req)
	if err != nil {
		if ctxErr := ctx.Err(); ctxErr != nil {
			return nil, fmt.Errorf("match: %w", ctxErr)
		}
		return nil, fmt.Errorf("match: %w", err)
	}
	out := make([]Hit, 0, len(res.Hits))
	for _, h := range res.Hits {
		hit, err := decodeHit(h)
		if err != nil {
			return nil, err
		}
		out = append(out, hit)
	}
	return out, nil
}
