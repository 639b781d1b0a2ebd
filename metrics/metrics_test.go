package metrics

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus/testutil"
	"github.com/searchd/searchd/index"
)

func TestObserverCounts(t *testing.T) {
	m := New()
	m.Ingested(3)
	m.Ingested(2)
	m.Rejected(1)
	m.Extracted(2 * time.Millisecond)
	m.Committed(10*time.Millisecond, 5)
	m.Committed(time.Millisecond, 0) // a deletion: a commit, no batch size
	m.CacheHit(index.CacheResults)
	m.CacheMiss(index.CacheResults)
	m.CacheMiss(index.CacheFacets)
	m.FeedPolled("ok")
	m.FeedPolled("ok")
	m.FeedPolled("error")

	for _, tt := range []struct {
		name string
		got  float64
		want float64
	}{
		{"ingested", testutil.ToFloat64(m.ingested), 5},
		{"rejected", testutil.ToFloat64(m.rejected), 1},
		{"results hits", testutil.ToFloat64(m.hits.WithLabelValues(index.CacheResults)), 1},
		{"results misses", testutil.ToFloat64(m.misses.WithLabelValues(index.CacheResults)), 1},
		{"facets misses", testutil.ToFloat64(m.misses.WithLabelValues(index.CacheFacets)), 1},
		{"feed ok", testutil.ToFloat64(m.feedPolls.WithLabelValues("ok")), 2},
		{"feed error", testutil.ToFloat64(m.feedPolls.WithLabelValues("error")), 1},
	} {
		if tt.got != tt.want {
			t.Errorf("%s = %v, want %v", tt.name, tt.got, tt.want)
		}
	}
	want := `
# HELP searchd_commit_batch_articles Articles per commit, of the commits that indexed articles.
# TYPE searchd_commit_batch_articles histogram
searchd_commit_batch_articles_bucket{le="1"} 0
searchd_commit_batch_articles_bucket{le="2"} 0
searchd_commit_batch_articles_bucket{le="5"} 1
searchd_commit_batch_articles_bucket{le="10"} 1
searchd_commit_batch_articles_bucket{le="25"} 1
searchd_commit_batch_articles_bucket{le="50"} 1
searchd_commit_batch_articles_bucket{le="100"} 1
searchd_commit_batch_articles_bucket{le="250"} 1
searchd_commit_batch_articles_bucket{le="500"} 1
searchd_commit_batch_articles_bucket{le="1000"} 1
searchd_commit_batch_articles_bucket{le="2500"} 1
searchd_commit_batch_articles_bucket{le="5000"} 1
searchd_commit_batch_articles_bucket{le="+Inf"} 1
searchd_commit_batch_articles_sum 5
searchd_commit_batch_articles_count 1
`
	if err := testutil.GatherAndCompare(m.Gatherer(), strings.NewReader(want), "searchd_commit_batch_articles"); err != nil {
		t.Error(err)
	}
	if n, err := testutil.GatherAndCount(m.Gatherer(), "searchd_commit_duration_seconds", "searchd_extract_duration_seconds"); err != nil || n != 2 {
		t.Errorf("commit and extraction histograms: %d series, %v", n, err)
	}
}

func TestRuntimeAndProcessCollectors(t *testing.T) {
	families, err := New().Gatherer().Gather()
	if err != nil {
		t.Fatal(err)
	}
	seen := map[string]bool{}
	for _, f := range families {
		seen[f.GetName()] = true
	}
	for _, name := range []string{"go_goroutines", "go_memstats_heap_alloc_bytes", "process_cpu_seconds_total", "process_resident_memory_bytes"} {
		if !seen[name] {
			t.Errorf("%s not gathered", name)
		}
	}
}

func TestMethodLabel(t *testing.T) {
	for in, want := range map[string]string{"GET": "GET", "DELETE": "DELETE", "get": "other", "BREW": "other", "": "other"} {
		if got := Method(in); got != want {
			t.Errorf("Method(%q) = %q, want %q", in, got, want)
		}
	}
}

// fakeStats is an index whose statistics a test sets.
type fakeStats struct {
	st       index.Stats
	err      error
	writable error
	calls    int
}

func (f *fakeStats) Stats(context.Context) (index.Stats, error) { f.calls++; return f.st, f.err }
func (f *fakeStats) Writable() error                            { return f.writable }

func TestIndexCollectedAtScrape(t *testing.T) {
	m := New()
	src := &fakeStats{st: index.Stats{Documents: 42, DiskBytes: 1 << 20}}
	if err := m.CollectIndex(src); err != nil {
		t.Fatal(err)
	}
	if src.calls != 0 {
		t.Fatalf("stats read %d times before any scrape", src.calls)
	}
	want := `
# HELP searchd_index_disk_bytes Size of the index directory on disk (0 for an in-memory index).
# TYPE searchd_index_disk_bytes gauge
searchd_index_disk_bytes 1.048576e+06
# HELP searchd_index_documents Articles in the index.
# TYPE searchd_index_documents gauge
searchd_index_documents 42
# HELP searchd_index_writable Whether the index takes writes: 1, or 0 while it refuses them (disk full).
# TYPE searchd_index_writable gauge
searchd_index_writable 1
`
	names := []string{"searchd_index_documents", "searchd_index_disk_bytes", "searchd_index_writable"}
	if err := testutil.GatherAndCompare(m.Gatherer(), strings.NewReader(want), names...); err != nil {
		t.Error(err)
	}
	// The next scrape reads the index again: new values, no staleness.
	src.st.Documents, src.writable = 43, errors.New("disk full")
	want = strings.NewReplacer("searchd_index_documents 42", "searchd_index_documents 43", "searchd_index_writable 1", "searchd_index_writable 0").Replace(want)
	if err := testutil.GatherAndCompare(m.Gatherer(), strings.NewReader(want), names...); err != nil {
		t.Error(err)
	}
	// Statistics that cannot be read fail the scrape's gathering, saying why.
	src.err = errors.New("walk: permission denied")
	if _, err := m.Gatherer().Gather(); err == nil || !strings.Contains(err.Error(), "permission denied") {
		t.Errorf("gather with failing stats: %v", err)
	}
}
