package index

import (
	"context"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/searchd/searchd/internal/fakeextract"
)

// recorder is an Observer that keeps what it was told.
type recorder struct {
	mu                 sync.Mutex
	ingested, rejected int
	extracted          int
	commits            []int // articles per commit
	hits, misses       map[string]int
}

func newRecorder() *recorder {
	return &recorder{hits: map[string]int{}, misses: map[string]int{}}
}

func (r *recorder) Ingested(n int)          { r.mu.Lock(); r.ingested += n; r.mu.Unlock() }
func (r *recorder) Rejected(n int)          { r.mu.Lock(); r.rejected += n; r.mu.Unlock() }
func (r *recorder) Extracted(time.Duration) { r.mu.Lock(); r.extracted++; r.mu.Unlock() }
func (r *recorder) Committed(_ time.Duration, n int) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.commits = append(r.commits, n)
}
func (r *recorder) CacheHit(c string)  { r.mu.Lock(); r.hits[c]++; r.mu.Unlock() }
func (r *recorder) CacheMiss(c string) { r.mu.Lock(); r.misses[c]++; r.mu.Unlock() }

func TestObserver(t *testing.T) {
	rec := newRecorder()
	ix, err := Open(Options{BatchSize: 2, CacheEntries: 10, Observer: rec}, fakeextract.New())
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	ctx := context.Background()

	// Three good lines in batches of two, two bad ones.
	bulk := strings.Join([]string{corpus[0], `{"id":"bad","published_at":"2024-01-01"}`, corpus[1], `{oops`, corpus[2]}, "\n")
	if res, err := ix.IngestNDJSON(ctx, strings.NewReader(bulk), 1<<20); err != nil || res.Indexed != 3 || res.Failed != 2 {
		t.Fatalf("bulk: %+v %v", res, err)
	}
	a, err := DecodeArticle([]byte(corpus[3]))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := ix.Add(ctx, a); err != nil {
		t.Fatal(err)
	}
	canceled, cancel := context.WithCancel(ctx)
	cancel()
	if _, err := ix.Add(canceled, a); err == nil {
		t.Fatal("Add with a cancelled context succeeded")
	}
	if err := ix.Delete(ctx, "a1"); err != nil {
		t.Fatal(err)
	}
	// The same search twice: a miss of the results cache, then a hit; its
	// facet counts are looked up once, when the result is computed.
	q := Query{Q: "quds", Facets: []string{FacetCountry}}
	for range 2 {
		if _, err := ix.Search(ctx, q); err != nil {
			t.Fatal(err)
		}
	}

	rec.mu.Lock()
	defer rec.mu.Unlock()
	if rec.ingested != 4 || rec.rejected != 3 {
		t.Errorf("ingested %d, rejected %d; want 4, 3", rec.ingested, rec.rejected)
	}
	if rec.extracted != 4 {
		t.Errorf("extractions observed = %d, want 4 (3 bulk articles and one Add)", rec.extracted)
	}
	// Batches of 2 and 1, the single article, the deletion.
	if diff := cmp.Diff([]int{2, 1, 1, 0}, rec.commits); diff != "" {
		t.Errorf("articles per commit (-want +got):\n%s", diff)
	}
	want := map[string]int{CacheResults: 1, CacheFacets: 1}
	if diff := cmp.Diff(want, rec.misses); diff != "" {
		t.Errorf("cache misses (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff(map[string]int{CacheResults: 1}, rec.hits); diff != "" {
		t.Errorf("cache hits (-want +got):\n%s", diff)
	}
}

func TestNoObserver(t *testing.T) {
	// An index opened without an Observer works as before.
	ix := newTestIndex(t, "")
	loadCorpus(t, ix)
	if _, err := ix.Search(context.Background(), Query{Q: "iran"}); err != nil {
		t.Fatal(err)
	}
}
