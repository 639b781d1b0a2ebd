package index

import (
	"context"
	"errors"
	"fmt"
	"os"

	"github.com/blevesearch/bleve/v2"
	"github.com/searchd/searchd/mapping"
)

// rebuildPage is how many stored articles Rebuild reads per search.
const rebuildPage = 1000

// Rebuild re-creates the on-disk index at opts.Path with the current mapping
// from the articles stored in it, extracting their entities again. It builds
// the new index beside the old one and swaps them only when complete, so an
// interrupted rebuild leaves the old index as it was. It returns the number
// of articles carried over.
func Rebuild(ctx context.Context, opts Options, ex Extractor) (int, error) {
	return RebuildProgress(ctx, opts, ex, nil)
}

// RebuildProgress is Rebuild that calls progress, when not nil, with the
// articles carried over so far and the number in the old index, after each
// page of rebuildPage articles.
func RebuildProgress(ctx context.Context, opts Options, ex Extractor, progress func(done, total int)) (int, error) {
	if opts.Path == "" {
		return 0, errors.New("rebuild: an in-memory index cannot be rebuilt")
	}
	old, err := bleve.OpenUsing(opts.Path, map[string]any{"bolt_timeout": "2s"})
	if err != nil {
		return 0, fmt.Errorf("rebuild: open %s: %w", opts.Path, err)
	}
	// Rebuilding a rolled-back index would write a fresh acknowledgement
	// and erase the evidence of the loss.
	if _, err := checkRollback(opts.Path, old); err != nil {
		_ = old.Close()
		return 0, fmt.Errorf("rebuild: %w", err)
	}
	oldOpen := true
	defer func() {
		if oldOpen {
			_ = old.Close()
		}
	}()

	tmp := opts.Path + ".rebuild"
	if err := os.RemoveAll(tmp); err != nil {
		return 0, fmt.Errorf("rebuild: clear %s: %w", tmp, err)
	}
	newOpts := opts
	newOpts.Path = tmp
	fresh, err := Open(newOpts, ex)
	if err != nil {
		return 0, fmt.Errorf("rebuild: %w", err)
	}
	closed := false
	defer func() {
		if !closed {
			_ = fresh.Close()
			_ = os.RemoveAll(tmp)
		}
	}()

	oldCount, err := old.DocCount()
	if err != nil {
		return 0, fmt.Errorf("rebuild: count old index: %w", err)
	}
	total := 0
	var after []string
	for {
		req := bleve.NewSearchRequestOptions(bleve.NewMatchAllQuery(), rebuildPage, 0, false)
		req.SortBy([]string{"_id"})
		req.Fields = []string{mapping.FieldStored, mapping.FieldBody}
		if after != nil {
			req.SetSearchAfter(after)
		}
		res, err := old.SearchInContext(ctx, req)
		if err != nil {
			return total, fmt.Errorf("rebuild: read old index: %w", err)
		}
		if len(res.Hits) == 0 {
			break
		}
		articles := make([]Article, 0, len(res.Hits))
		for _, h := range res.Hits {
			stored, _ := h.Fields[mapping.FieldStored].(string)
			body, _ := h.Fields[mapping.FieldBody].(string)
			a, err := storedArticle(h.ID, stored, body)
			if err != nil || a.ID == "" {
				return total, fmt.Errorf("rebuild: article %q has no readable stored source", h.ID)
			}
			a.Entities = Entities{}
			articles = append(articles, a)
		}
		r, err := fresh.IngestArticles(ctx, articles)
		total += r.Indexed
		if err != nil {
			return total, fmt.Errorf("rebuild: %w", err)
		}
		if r.Failed > 0 {
			return total, fmt.Errorf("rebuild: %d articles failed, first: %s", r.Failed, r.Errors[0].Error)
		}
		after = []string{res.Hits[len(res.Hits)-1].ID}
		if progress != nil {
			progress(total, int(oldCount))
		}
	}
	if err := fresh.Close(); err != nil {
		return total, fmt.Errorf("rebuild: close new index: %w", err)
	}
	closed = true
	oldOpen = false
	if err := old.Close(); err != nil {
		return total, fmt.Errorf("rebuild: close old index: %w", err)
	}
	backup := opts.Path + ".old"
	if err := os.RemoveAll(backup); err != nil {
		return total, fmt.Errorf("rebuild: %w", err)
	}
	if err := os.Rename(opts.Path, backup); err != nil {
		return total, fmt.Errorf("rebuild: move old index aside: %w", err)
	}
	if err := os.Rename(tmp, opts.Path); err != nil {
		return total, fmt.Errorf("rebuild: move new index in place (old one kept at %s): %w", backup, err)
	}
	if err := os.RemoveAll(backup); err != nil {
		return total, fmt.Errorf("rebuild: remove old index: %w", err)
	}
	return total, nil
}
