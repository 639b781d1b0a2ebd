package index

import (
	"context"
	"errors"
	"fmt"
	"os"
	"strings"

	"github.com/blevesearch/bleve/v2"
)

// rebuildPage is how many stored articles a rebuild reads per search.
const rebuildPage = 1000

// Rebuild re-creates the on-disk index at opts.Path with the current mapping
// from the articles stored in it, extracting their entities again, while no
// daemon has it open (an index built with another mapping version, which
// Open refuses, included; a running daemon reindexes online, see
// Index.StartReindex). It builds the new index beside the old one and
// switches to it only when complete (see current.go), so an interrupted
// rebuild leaves the old index in use. It returns the number of articles
// carried over.
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
	opts.Path = cleanPath(opts.Path)
	lock, err := lockRoot(opts.Path)
	if errors.Is(err, ErrLocked) {
		return 0, fmt.Errorf("rebuild: %s: %w: a running searchd has it open; "+
			"ask it to reindex online with POST /api/v1/admin/reindex", opts.Path, ErrLocked)
	}
	if err != nil {
		return 0, fmt.Errorf("rebuild: %w", err)
	}
	defer lock.release()
	cur, err := CurrentDir(opts.Path)
	if err != nil {
		return 0, fmt.Errorf("rebuild: %w", err)
	}
	old, err := bleve.OpenUsing(cur, map[string]any{"bolt_timeout": "2s"})
	if err != nil {
		if strings.Contains(err.Error(), "timeout") {
			return 0, fmt.Errorf("rebuild: open %s: %w: a running searchd has it open; "+
				"ask it to reindex online with POST /api/v1/admin/reindex", cur, ErrLocked)
		}
		return 0, fmt.Errorf("rebuild: open %s: %w", cur, err)
	}
	// Rebuilding a rolled-back index would write a fresh acknowledgement
	// and erase the evidence of the loss.
	if _, err := checkRollback(cur, old); err != nil {
		_ = old.Close()
		return 0, fmt.Errorf("rebuild: %w", err)
	}
	oldOpen := true
	defer func() {
		if oldOpen {
			_ = old.Close()
		}
	}()

	next := nextDir(opts.Path, cur)
	if err := os.RemoveAll(next); err != nil {
		return 0, fmt.Errorf("rebuild: clear %s: %w", next, err)
	}
	newOpts := opts
	newOpts.Path = next
	fresh, err := Open(newOpts, ex)
	if err != nil {
		return 0, fmt.Errorf("rebuild: %w", err)
	}
	closed := false
	defer func() {
		if !closed {
			_ = fresh.Close()
			_ = os.RemoveAll(next)
		}
	}()

	oldCount, err := old.DocCount()
	if err != nil {
		return 0, fmt.Errorf("rebuild: count old index: %w", err)
	}
	total := 0
	err = copyAll(ctx, old, fresh, rebuildPage, func(n int) {
		total += n
		if progress != nil {
			progress(total, int(oldCount))
		}
	})
	if err != nil {
		return total, fmt.Errorf("rebuild: %w", err)
	}
	if err := copyMarkers(old, fresh); err != nil {
		return total, fmt.Errorf("rebuild: %w", err)
	}
	if err := fresh.Close(); err != nil {
		return total, fmt.Errorf("rebuild: close new index: %w", err)
	}
	closed = true
	oldOpen = false
	if err := old.Close(); err != nil {
		_ = os.RemoveAll(next)
		return total, fmt.Errorf("rebuild: close old index: %w", err)
	}
	if err := setCurrent(opts.Path, next); err != nil {
		restoreCurrent(opts.Path, cur)
		_ = os.RemoveAll(next)
		return total, fmt.Errorf("rebuild: %w", err)
	}
	if err := removeIndexAt(opts.Path, cur); err != nil {
		return total, fmt.Errorf("rebuild: remove the old index (the next start removes it): %w", err)
	}
	return total, nil
}
