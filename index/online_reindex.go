package index

// An online reindex rebuilds the index from the articles stored in it, with
// this binary's mapping and extractor, while the daemon keeps serving
// searches and writes, then switches to the new index.
//
// It builds the new index beside the one in use (see current.go) and copies
// every stored article into it, extracting its entities again. Writes go on
// to the index in use meanwhile, and every commit records the ids it wrote
// or deleted (commit calls touched under the write lock, after Bleve took
// the batch). Once the copy is done, those ids are copied again from the
// index in use, as they are now (present: extracted and indexed; gone:
// deleted), in rounds while writes keep coming, and a last time under the
// write lock, with no write in between. The new index then holds exactly
// what the old one does, and the switch happens still under the lock: the
// file naming the index in use is replaced durably, the alias every read
// and write goes through (Bleve's IndexAlias) is swapped, and the old index
// is closed and removed.
//
// Nothing acknowledged is lost: a write acknowledged before the switch is
// in the old index and, copied again, in the new one before the file names
// it; after the switch writes go to the new index. A crash before the file
// is replaced restarts on the old index, and opening it removes the
// half-built one; a crash after restarts on the new one.
//
// Copying again costs a second extraction of each article written during
// the rebuild, and writes wait for the last round (at most
// finalCatchUpLimit articles) and the switch.

import (
	"cmp"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"os"
	"slices"
	"sync"
	"time"

	"github.com/blevesearch/bleve/v2"
	bleveindex "github.com/blevesearch/bleve_index_api"

	"github.com/searchd/searchd/mapping"
)

// Reindex states.
const (
	ReindexIdle    = "idle"    // none ran since the index was opened
	ReindexRunning = "running" // one runs
	ReindexDone    = "done"    // the last one switched to its new index
	ReindexFailed  = "failed"  // the last one stopped; the index in use did not change
)

// Phases of a running reindex.
const (
	phaseCopying   = "copying"     // the stored articles into the new index
	phaseCatchUp   = "catching_up" // articles written meanwhile, again
	phaseSwitching = "switching"   // writes wait; the last of them, then the switch
)

// Limits of catching up: rounds run while writes keep coming, until at most
// finalCatchUpLimit articles are left for the round under the write lock,
// or maxCatchUpRounds have run.
const (
	finalCatchUpLimit = 100
	maxCatchUpRounds  = 10
	// maxLockedCatchUp is the most articles the round under the write lock
	// copies: more, after maxCatchUpRounds, fails the reindex.
	maxLockedCatchUp = 10 * finalCatchUpLimit
)

// ReindexStatus is the progress of the online reindex.
type ReindexStatus struct {
	State string `json:"state"`           // idle, running, done or failed
	Phase string `json:"phase,omitempty"` // while running: copying, catching_up or switching
	// DocsDone of DocsTotal stored articles were copied (DocsTotal is the
	// count when the reindex started; writes meanwhile move it).
	DocsDone  int `json:"docs_done"`
	DocsTotal int `json:"docs_total"`
	// Changed counts the articles written or deleted during the rebuild and
	// copied again.
	Changed  int        `json:"changed"`
	Started  *time.Time `json:"started,omitempty"`
	Finished *time.Time `json:"finished,omitempty"`
	Error    string     `json:"error,omitempty"` // why the last one failed
}

// reindexState is an index's online reindex: its status, and the ids
// written while it runs.
type reindexState struct {
	mu      sync.Mutex
	status  ReindexStatus
	running bool
	closed  bool            // the index is closing: no reindex starts
	ctx     context.Context // the running one's, cancelled to stop it
	cancel  context.CancelFunc
	done    chan struct{}

	capMu sync.Mutex
	dirty map[string]struct{} // ids written since the capture began; nil when none runs

	// hook, when set (tests), is called at each step of a reindex with its
	// name: "copied" after each page, "current" once the file names the new
	// index, before the old one is closed.
	hook func(step string)
	page int // articles copied per search; 0 means rebuildPage (tests)
}

// touched records ids a commit wrote, if a reindex is capturing them.
func (r *reindexState) touched(ids []string) {
	if len(ids) == 0 {
		return
	}
	r.capMu.Lock()
	defer r.capMu.Unlock()
	if r.dirty == nil {
		return
	}
	for _, id := range ids {
		r.dirty[id] = struct{}{}
	}
}

// capture starts (on) or ends recording the ids commits write.
func (r *reindexState) capture(on bool) {
	r.capMu.Lock()
	defer r.capMu.Unlock()
	r.dirty = nil
	if on {
		r.dirty = map[string]struct{}{}
	}
}

// pending returns how many ids were written since the last take.
func (r *reindexState) pending() int {
	r.capMu.Lock()
	defer r.capMu.Unlock()
	return len(r.dirty)
}

// take returns the ids written since the last take, sorted, and forgets them.
func (r *reindexState) take() []string {
	r.capMu.Lock()
	defer r.capMu.Unlock()
	ids := make([]string, 0, len(r.dirty))
	for id := range r.dirty {
		ids = append(ids, id)
	}
	if r.dirty != nil {
		r.dirty = map[string]struct{}{}
	}
	slices.Sort(ids)
	return ids
}

func (r *reindexState) update(fn func(*ReindexStatus)) {
	r.mu.Lock()
	defer r.mu.Unlock()
	fn(&r.status)
}

func (r *reindexState) step(name string) {
	if r.hook != nil {
		r.hook(name)
	}
}

// ReindexStatus returns the progress of the running reindex, or the outcome
// of the last one.
func (ix *Index) ReindexStatus() ReindexStatus {
	ix.re.mu.Lock()
	defer ix.re.mu.Unlock()
	st := ix.re.status
	if st.State == "" {
		st.State = ReindexIdle
	}
	return st
}

// StartReindex starts an online reindex in the background and returns its
// status. It fails with ErrConflict while one runs, with ErrNoSpace when the
// disk cannot hold a second copy of the index.
func (ix *Index) StartReindex() (ReindexStatus, error) {
	if err := ix.Writable(); err != nil {
		return ReindexStatus{}, fmt.Errorf("reindex: %w", err)
	}
	st, err := ix.Stats(context.Background())
	if err != nil {
		return ReindexStatus{}, fmt.Errorf("reindex: %w", err)
	}
	ix.re.mu.Lock()
	defer ix.re.mu.Unlock()
	if ix.re.running {
		return ix.re.status, fmt.Errorf("a reindex is already running (%d of %d articles copied): %w",
			ix.re.status.DocsDone, ix.re.status.DocsTotal, ErrConflict)
	}
	if ix.re.closed {
		return ReindexStatus{}, errors.New("reindex: the index is closing")
	}
	// The new index is about as large as the one in use.
	if err := ix.space.check(uint64(st.DiskBytes)); err != nil {
		return ReindexStatus{}, fmt.Errorf("reindex needs room for a second copy of the index: %w", err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	now := time.Now().UTC()
	ix.re.running, ix.re.ctx, ix.re.cancel, ix.re.done = true, ctx, cancel, done
	ix.re.status = ReindexStatus{State: ReindexRunning, Phase: phaseCopying, DocsTotal: int(st.Documents), Started: &now}
	go func() {
		defer close(done)
		defer cancel()
		err := func() (err error) {
			defer recoverInto(&err)
			return ix.reindex(ctx)
		}()
		finished := time.Now().UTC()
		ix.re.mu.Lock()
		defer ix.re.mu.Unlock()
		ix.re.running = false
		ix.re.status.Phase, ix.re.status.Finished = "", &finished
		if err != nil {
			ix.re.status.State, ix.re.status.Error = ReindexFailed, err.Error()
			if ctx.Err() == nil {
				ix.log.Error("reindex failed; the index in use is unchanged", "err", err)
			}
			return
		}
		ix.re.status.State = ReindexDone
		ix.log.Info("reindexed", "articles", ix.re.status.DocsDone, "changed_meanwhile", ix.re.status.Changed,
			"ms", finished.Sub(now).Milliseconds())
	}()
	return ix.re.status, nil
}

// Reindex runs an online reindex and waits for it; when ctx ends first, the
// reindex is stopped and the index in use stays as it was.
func (ix *Index) Reindex(ctx context.Context) (ReindexStatus, error) {
	if _, err := ix.StartReindex(); err != nil {
		return ReindexStatus{}, err
	}
	ix.re.mu.Lock()
	done, cancel := ix.re.done, ix.re.cancel
	ix.re.mu.Unlock()
	select {
	case <-done:
	case <-ctx.Done():
		cancel()
		<-done
	}
	st := ix.ReindexStatus()
	if st.State != ReindexDone {
		if err := ctx.Err(); err != nil {
			return st, err
		}
		return st, errors.New(st.Error)
	}
	return st, nil
}

// stopReindex stops a running reindex and waits for it, for Close.
func (ix *Index) stopReindex() {
	ix.re.mu.Lock()
	ix.re.closed = true
	running, cancel, done := ix.re.running, ix.re.cancel, ix.re.done
	ix.re.mu.Unlock()
	if running {
		cancel()
		<-done
	}
}

// closeLive closes the index in use.
func (ix *Index) closeLive() error {
	ix.swapMu.Lock()
	defer ix.swapMu.Unlock()
	// The alias stays open: closing one closes nothing it serves, and
	// its NewBatch would return nil where a closed index's returns a batch
	// that fails to commit.
	return ix.live.Close()
}

// dir returns the directory of the index in use ("" in memory).
func (ix *Index) dir() string {
	ix.pathMu.Lock()
	defer ix.pathMu.Unlock()
	return ix.path
}

// reader returns a reader of the index in use that a switch cannot close
// between opening and using it: the snapshot it holds outlives the index.
func (ix *Index) reader() (bleveindex.IndexReader, error) {
	ix.swapMu.RLock()
	defer ix.swapMu.RUnlock()
	adv, err := ix.live.Advanced()
	if err != nil {
		return nil, err
	}
	return adv.Reader()
}

// reindex builds the new index and switches to it; see the top of the file.
func (ix *Index) reindex(ctx context.Context) error {
	cur := ix.dir()
	next := ""
	if ix.root != "" {
		next = nextDir(ix.root, cur)
		if err := os.RemoveAll(next); err != nil {
			return fmt.Errorf("reindex: clear %s: %w", next, err)
		}
	}
	fresh, err := ix.openBeside(next)
	if err != nil {
		return fmt.Errorf("reindex: %w", err)
	}
	switched := false
	defer func() {
		if !switched {
			ix.writeMu.Lock()
			ix.re.capture(false)
			ix.writeMu.Unlock()
			_ = fresh.live.Close()
			if next != "" {
				_ = os.RemoveAll(next)
			}
		}
	}()

	// Every commit from here on is copied again; those before are in what
	// the copy reads.
	ix.writeMu.Lock()
	ix.re.capture(true)
	ix.writeMu.Unlock()

	err = copyAll(ctx, ix.bi, fresh, cmp.Or(ix.re.page, rebuildPage), func(n int) {
		ix.re.update(func(st *ReindexStatus) { st.DocsDone += n })
		ix.re.step("copied")
	})
	if err != nil {
		return fmt.Errorf("reindex: %w", err)
	}
	ix.re.update(func(st *ReindexStatus) { st.Phase = phaseCatchUp })
	for round := 0; round < maxCatchUpRounds && ix.re.pending() > finalCatchUpLimit; round++ {
		if err := ix.copyAgain(ctx, fresh, ix.re.take(), true); err != nil {
			return fmt.Errorf("reindex: %w", err)
		}
	}

	ix.re.update(func(st *ReindexStatus) { st.Phase = phaseSwitching })
	ix.maint.Lock() // no backup copies the old index while it goes
	defer ix.maint.Unlock()
	ix.writeMu.Lock()
	defer ix.writeMu.Unlock()
	// Every write waits while this round runs: it must stay short. Writes
	// that outran every gated round are a reason to give up, not to hold
	// them all for minutes.
	if n := ix.re.pending(); n > maxLockedCatchUp {
		return fmt.Errorf("reindex: writes arrive faster than the rebuild copies them (%d articles changed since the last round): "+
			"retry when ingestion is lighter: %w", n, ErrBusy)
	}
	if err := ix.copyAgain(ctx, fresh, ix.re.take(), false); err != nil {
		return fmt.Errorf("reindex: %w", err)
	}
	if err := copyMarkers(ix.bi, fresh); err != nil {
		return fmt.Errorf("reindex: %w", err)
	}
	if err := ctx.Err(); err != nil {
		return fmt.Errorf("reindex: %w", err)
	}
	if next != "" {
		if err := setCurrent(ix.root, next); err != nil {
			restoreCurrent(ix.root, cur)
			return fmt.Errorf("reindex: %w", err)
		}
	}
	// From here the new index is the one in use, on disk and in memory.
	switched = true
	ix.re.step("current")
	fresh.writeMu.Lock()
	gen := fresh.generation
	fresh.writeMu.Unlock()
	ix.swapMu.Lock()
	old := ix.live
	ix.alias.Swap([]bleve.Index{fresh.live}, []bleve.Index{old})
	ix.live = fresh.live
	ix.pathMu.Lock()
	ix.path = next
	ix.pathMu.Unlock()
	ix.generation = gen
	ix.re.capture(false)
	ix.writes.Add(1) // cached results were the old index's
	ix.swapMu.Unlock()

	if n, err := fresh.live.DocCount(); err == nil {
		ix.re.update(func(st *ReindexStatus) { st.DocsDone = int(n) })
	}
	if err := old.Close(); err != nil {
		ix.log.Warn("reindex: close the old index", "err", err)
	}
	if ix.root != "" {
		if err := removeIndexAt(ix.root, cur); err != nil {
			// The next start removes it (removeStale).
			ix.log.Warn("reindex: remove the old index", "path", cur, "err", err)
		}
	}
	return nil
}

// openBeside opens a new, empty index at dir ("" in memory) with the
// settings of ix, whose write slots and memory budget it shares.
func (ix *Index) openBeside(dir string) (*Index, error) {
	bi, err := openBleve(dir)
	if err != nil {
		return nil, err
	}
	alias := bleve.NewIndexAlias(bi)
	return &Index{
		bi: alias, alias: alias, live: bi, ex: ix.ex, path: dir, root: dir,
		batch: ix.batch, bytes: ix.bytes, work: ix.work, limits: ix.limits, policy: ix.policy, log: ix.log,
		obs:   nopObserver{}, // the copy is not ingestion
		vocab: ix.vocab, names: ix.names, extractTimeout: ix.extractTimeout, stories: newStoryTable(),
		space: spaceGuard{path: dir, reserve: ix.space.reserve, free: ix.space.free},
		// The copy waits for slots as long as it takes, never failing with
		// ErrBusy under a stream of writes.
		gate: &writeGate{slots: ix.gate.slots, memory: ix.gate.memory, maxMem: ix.gate.maxMem, wait: math.MaxInt64},
	}, nil
}

// copyAll copies every article stored in src into dst, extracting its
// entities again, page articles at a time in id order; done gets each
// page's count.
func copyAll(ctx context.Context, src bleve.Index, dst *Index, page int, done func(n int)) error {
	var after []string
	for {
		req := bleve.NewSearchRequestOptions(bleve.NewMatchAllQuery(), page, 0, false)
		req.SortBy([]string{"_id"})
		req.Fields = []string{mapping.FieldStored, mapping.FieldBody}
		req.SearchAfter = after
		res, err := src.SearchInContext(ctx, req)
		if err != nil {
			return fmt.Errorf("read the index in use: %w", err)
		}
		if len(res.Hits) == 0 {
			return nil
		}
		articles := make([]Article, 0, len(res.Hits))
		previous := make([]Entities, 0, len(res.Hits))
		for _, h := range res.Hits {
			stored, _ := h.Fields[mapping.FieldStored].(string)
			body, _ := h.Fields[mapping.FieldBody].(string)
			a, err := storedArticle(h.ID, stored, body)
			if err != nil || a.ID == "" {
				return fmt.Errorf("article %q has no readable stored source", h.ID)
			}
			previous = append(previous, a.Entities)
			a.Entities = Entities{}
			articles = append(articles, a)
		}
		r, err := dst.ingestArticles(ctx, articles, previous)
		if err != nil {
			return err
		}
		if r.Failed > 0 {
			return fmt.Errorf("%d articles failed, first %s: %s", r.Failed, r.Errors[0].ID, r.Errors[0].Error)
		}
		done(r.Indexed)
		if len(res.Hits) < page {
			return nil
		}
		after = []string{res.Hits[len(res.Hits)-1].ID}
	}
}

// copyAgain copies the articles ids from the index in use into fresh as
// they are now: indexed again if present, deleted if gone. gated, the
// batches take write slots like any write's; under the write lock they
// cannot (writers waiting for the lock hold slots), and are committed
// directly.
func (ix *Index) copyAgain(ctx context.Context, fresh *Index, ids []string, gated bool) error {
	for len(ids) > 0 {
		var present []Article
		var previous []Entities
		var gone []string
		n, size := 0, 0
		for ; n < len(ids) && n < ix.batch && size < ix.bytes; n++ {
			a, ok, err := ix.storedByID(ids[n])
			if err != nil {
				return err
			}
			if !ok {
				gone = append(gone, ids[n])
				continue
			}
			previous = append(previous, a.Entities)
			a.Entities = Entities{}
			present = append(present, a)
			size += len(a.Title) + len(a.Body)
		}
		ids = ids[n:]
		if err := fresh.putAgain(ctx, present, previous, gone, gated); err != nil {
			return err
		}
		ix.re.update(func(st *ReindexStatus) { st.Changed += n })
	}
	return nil
}

// putAgain indexes present and deletes gone, articles copied again.
func (ix *Index) putAgain(ctx context.Context, present []Article, previous []Entities, gone []string, gated bool) error {
	var failed []LineError
	if gated {
		r, err := ix.ingestArticles(ctx, present, previous)
		if err != nil {
			return fmt.Errorf("copy %d articles again: %w", len(present), err)
		}
		failed = r.Errors
		present = nil
	}
	chunk := make([]pending, len(present))
	for i, a := range present {
		chunk[i] = pending{article: a, previous: &previous[i]}
	}
	b, _, prepared := ix.prepare(ctx, chunk, func(e LineError) { failed = append(failed, e) })
	defer prepared()
	if len(failed) > 0 {
		return fmt.Errorf("copy article %q again: %s", failed[0].ID, failed[0].Error)
	}
	for _, id := range gone {
		b.Delete(id)
	}
	if b.Size() == 0 {
		return nil
	}
	if err := ix.commit(b, len(present)); err != nil {
		return fmt.Errorf("copy %d articles again: %w", len(present)+len(gone), err)
	}
	return nil
}

// storedByID reads an article as stored, entities included; ok is false
// when there is none with that id.
func (ix *Index) storedByID(id string) (Article, bool, error) {
	doc, err := ix.bi.Document(id)
	if err != nil {
		return Article{}, false, fmt.Errorf("load article %q: %w", id, err)
	}
	if doc == nil {
		return Article{}, false, nil
	}
	var stored, body string
	doc.VisitFields(func(f bleveindex.Field) {
		switch f.Name() {
		case mapping.FieldStored:
			stored = string(f.Value())
		case mapping.FieldBody:
			body = string(f.Value())
		}
	})
	a, err := storedArticle(id, stored, body)
	return a, err == nil, err
}

// markerListKey is the internal key listing the names SetMarker was given,
// so that a rebuild carries the markers over.
var markerListKey = []byte("searchd:markers")

// markerNames lists the markers set on bi.
func markerNames(bi bleve.Index) ([]string, error) {
	raw, err := bi.GetInternal(markerListKey)
	if err != nil || len(raw) == 0 {
		return nil, err
	}
	var names []string
	if err := json.Unmarshal(raw, &names); err != nil {
		return nil, fmt.Errorf("read the list of markers: %w", err)
	}
	return names, nil
}

// listMarker adds name to the list of markers that b sets.
func (ix *Index) listMarker(b *bleve.Batch, name string) error {
	names, err := markerNames(ix.bi)
	if err != nil {
		return err
	}
	if slices.Contains(names, name) {
		return nil
	}
	raw, err := json.Marshal(append(names, name))
	if err != nil {
		return err
	}
	b.SetInternal(markerListKey, raw)
	return nil
}

// copyMarkers sets on dst the markers set on src, with the metadata and
// the change log's unhandled entries (meta.go, changes.go).
func copyMarkers(src bleve.Index, dst *Index) error {
	names, err := markerNames(src)
	if err != nil {
		return err
	}
	b := dst.bi.NewBatch()
	if err := copyMeta(src, b); err != nil {
		return err
	}
	if err := copyChanges(src, b); err != nil {
		return err
	}
	for _, name := range names {
		v, err := src.GetInternal([]byte(markerPrefix + name))
		if err != nil {
			return fmt.Errorf("read marker %s: %w", name, err)
		}
		if len(v) > 0 {
			b.SetInternal([]byte(markerPrefix+name), v)
		}
	}
	if len(names) > 0 {
		raw, err := json.Marshal(names)
		if err != nil {
			return err
		}
		b.SetInternal(markerListKey, raw)
	}
	if err := dst.commit(b, 0); err != nil {
		return fmt.Errorf("copy markers: %w", err)
	}
	return nil
}
