package index

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"

	"github.com/blevesearch/bleve/v2"
)

// batchWriter gathers articles into batches and indexes them in order,
// preparing one batch (entity extraction, documents) while the one before
// is being committed: extraction keeps both cores busy while Bleve analyses
// and persists, instead of each waiting for the other.
//
// Every method is called from one goroutine; the result is shared with the
// committing goroutine under mu. drain or abandon must return before the result is
// read.
type batchWriter struct {
	ix    *Index
	ctx   context.Context
	chunk []pending
	bytes int
	text  int // bytes of title and body in chunk, for its memory estimate

	mu  sync.Mutex
	res *BulkResult

	inflight chan struct{} // closed when the commit in flight is done; nil if none
	err      error         // the first commit error, set before inflight closes
}

func (ix *Index) newBatchWriter(ctx context.Context, res *BulkResult) *batchWriter {
	return &batchWriter{ix: ix, ctx: ctx, res: res, chunk: make([]pending, 0, ix.batch)}
}

// add queues an article, sized for the byte limit of a batch, and sends the
// batch on when it is full.
func (w *batchWriter) add(p pending, size int) error {
	w.chunk = append(w.chunk, p)
	w.bytes += size
	w.text += len(p.article.Title) + len(p.article.Body)
	if len(w.chunk) >= w.ix.batch || w.bytes >= w.ix.bytes {
		return w.flush()
	}
	return nil
}

// fail records an article that will not be indexed.
func (w *batchWriter) fail(e LineError) {
	w.ix.obs.Rejected(1)
	w.mu.Lock()
	defer w.mu.Unlock()
	w.res.fail(e)
}

// counts returns how many articles were indexed and failed so far.
func (w *batchWriter) counts() (indexed, failed int) {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.res.Indexed, w.res.Failed
}

// update changes the result under the lock.
func (w *batchWriter) update(fn func(*BulkResult)) {
	w.mu.Lock()
	defer w.mu.Unlock()
	fn(w.res)
}

// flush prepares the queued articles and starts committing them once the
// previous commit is done. It returns that previous commit's error, if any.
func (w *batchWriter) flush() error {
	if len(w.chunk) == 0 {
		return w.wait()
	}
	if err := w.ctx.Err(); err != nil {
		return w.refuse(err)
	}
	// Refused before any work: a full disk fails the whole batch alike.
	if err := w.ix.space.check(0); err != nil {
		return w.refuse(err)
	}
	// The slot and memory are held from preparing the batch to the end of
	// its commit: what the batch costs lives that long.
	mem := int64(len(w.chunk))*articleOverhead + int64(w.text)*memoryPerTextByte
	release, free := w.ix.gate.tryAcquire(mem)
	if !free {
		// This writer's own commit may hold what the batch needs (with one
		// slot, always): wait for it first, so that the gate's wait counts
		// only other writers' batches.
		if err := w.wait(); err != nil {
			return w.refuse(err)
		}
		var err error
		if release, err = w.ix.gate.acquire(w.ctx, mem); err != nil {
			return w.refuse(err)
		}
	}
	b, ok, prepared := w.ix.prepare(w.ctx, w.chunk, w.fail)
	w.chunk, w.bytes, w.text = w.chunk[:0], 0, 0
	if err := w.wait(); err != nil {
		prepared()
		release()
		for _, p := range ok {
			w.fail(LineError{Line: p.line, File: p.file, ID: p.article.ID, Error: "not indexed: an earlier batch failed"})
		}
		return err
	}
	if len(ok) == 0 {
		prepared()
		release()
		return nil
	}
	done := make(chan struct{})
	w.inflight = done
	go func() {
		defer close(done)
		defer release()
		defer prepared()
		start := time.Now()
		err := func() (err error) {
			// This goroutine is no request's: a panic must not end the process.
			defer recoverInto(&err)
			ids := make([]string, len(ok))
			for i, p := range ok {
				ids[i] = p.article.ID
			}
			return w.ix.commit(b, len(ok), ids...)
		}()
		w.mu.Lock()
		defer w.mu.Unlock()
		if err != nil {
			reason := commitFailure(err)
			if !errors.Is(err, ErrNoSpace) {
				w.ix.log.Error("batch not indexed", "articles", len(ok), "err", err)
			}
			for _, p := range ok {
				w.res.fail(LineError{Line: p.line, File: p.file, ID: p.article.ID, Error: reason})
			}
			w.ix.obs.Rejected(len(ok))
			w.err = fmt.Errorf("index batch of %d articles: %w", len(ok), err)
			return
		}
		w.res.Indexed += len(ok)
		w.ix.obs.Ingested(len(ok))
		w.ix.log.Debug("batch indexed", "articles", len(ok), "commit_ms", msSince(start))
	}()
	return nil
}

// refuse reports every queued article as not indexed, for err, after the
// commit in flight ends; it returns err, or that commit's error if it failed.
func (w *batchWriter) refuse(err error) error {
	if werr := w.wait(); werr != nil {
		err = werr
	}
	reason := commitFailure(err)
	for _, p := range w.chunk {
		w.fail(LineError{Line: p.line, File: p.file, ID: p.article.ID, Error: reason})
	}
	w.chunk, w.bytes, w.text = w.chunk[:0], 0, 0
	return err
}

// commitFailure is what a client is told of an article whose batch failed:
// the reason for kinds it can act on, never file paths or internals (the
// server log has those).
func commitFailure(err error) string {
	switch {
	case errors.Is(err, ErrNoSpace), errors.Is(err, ErrBusy):
		return "batch not indexed: " + err.Error()
	case errors.Is(err, context.Canceled), errors.Is(err, context.DeadlineExceeded):
		return "batch not indexed: the request ended first"
	default:
		return "batch not indexed: internal error (logged by the server)"
	}
}

// wait blocks until no commit is in flight and returns the first commit error.
func (w *batchWriter) wait() error {
	if w.inflight != nil {
		<-w.inflight
		w.inflight = nil
	}
	return w.err
}

// drain indexes what is queued, unless ctx is done or a commit failed, and
// waits for the last commit. Once it returns, the result is final.
func (w *batchWriter) drain() error {
	err := w.flush()
	if werr := w.wait(); err == nil {
		err = werr
	}
	return err
}

// abandon waits for the commit in flight, dropping what is queued.
func (w *batchWriter) abandon() {
	w.chunk = w.chunk[:0]
	_ = w.wait()
}

// prepare extracts the entities of a chunk in parallel, gives each
// article its story and builds its Bleve batch. Articles that cannot be
// indexed go to fail; the others, copied out of chunk, come back with the
// batch. done must be called once the batch is committed or given up:
// until then its articles count as in flight for the stories of others.
func (ix *Index) prepare(ctx context.Context, chunk []pending, fail func(LineError)) (b *bleve.Batch, ok []pending, done func()) {
	docs := make([]map[string]any, len(chunk))
	errs := make([]error, len(chunk))
	sigs := make([]signature, len(chunk))
	found := make([]storyMatch, len(chunk))
	// Begun before the archive is searched: what commits from here on may
	// be missed by those searches, and stays in the table for this chunk.
	tok := ix.stories.begin()
	parallel := func(fn func(i int)) {
		var wg sync.WaitGroup
		next := make(chan int)
		for range min(ix.work, len(chunk)) {
			wg.Go(func() {
				for i := range next {
					func() {
						defer recoverInto(&errs[i])
						fn(i)
					}()
				}
			})
		}
		for i := range chunk {
			if errs[i] == nil {
				next <- i
			}
		}
		close(next)
		wg.Wait()
	}
	parallel(func(i int) {
		errs[i] = ix.enrich(ctx, &chunk[i].article)
		if prev := chunk[i].previous; errs[i] != nil && prev != nil && ctx.Err() == nil &&
			(errors.Is(errs[i], ErrInvalid) || errors.Is(errs[i], ErrBusy)) {
			ix.log.Warn("rebuild: extraction gave up on an article; it keeps the entities it had",
				"id", chunk[i].article.ID, "err", errs[i])
			chunk[i].article.Entities, errs[i] = *prev, nil
		}
		if errs[i] == nil {
			sigs[i] = sign(chunk[i].article.Body)
			if !keepsStory(chunk[i]) {
				found[i], errs[i] = ix.findCopy(ctx, chunk[i].article.ID, sigs[i])
			}
		}
	})
	var arts []*Article
	var artSigs []signature
	var artFound []storyMatch
	var kept []bool
	for i := range chunk {
		if errs[i] == nil {
			arts = append(arts, &chunk[i].article)
			artSigs = append(artSigs, sigs[i])
			artFound = append(artFound, found[i])
			kept = append(kept, keepsStory(chunk[i]))
		}
	}
	ix.stories.assign(tok, arts, artSigs, artFound, kept)
	parallel(func(i int) {
		docs[i], errs[i] = buildDocument(chunk[i].article, sigs[i])
	})

	b = ix.bi.NewBatch()
	ok = make([]pending, 0, len(chunk))
	for i, p := range chunk {
		if errs[i] == nil {
			errs[i] = b.Index(p.article.ID, docs[i])
		}
		if errs[i] != nil {
			fail(LineError{Line: p.line, File: p.file, ID: p.article.ID, Error: errMessage(errs[i])})
			continue
		}
		ok = append(ok, p)
	}
	return b, ok, func() { ix.stories.finish(tok) }
}

// keepsStory reports whether an article keeps the story it has: a
// rebuild's copy of an article stored with one.
func keepsStory(p pending) bool {
	return p.previous != nil && p.article.Story != ""
}
