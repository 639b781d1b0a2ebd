package index

import (
	"context"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	"github.com/searchd/searchd/internal/fakeextract"
	qlang "github.com/searchd/searchd/query"
)

func newCachedIndex(t *testing.T) *Index {
	t.Helper()
	ix, err := Open(Options{BatchSize: 2, CacheEntries: 100}, fakeextract.New())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = ix.Close() })
	loadCorpus(t, ix)
	return ix
}

// TestCachedResultsMatchFreshOnes runs a session of searches a user might
// make (typing, clicking facet values, paging, going back) and checks every
// answer, cached or not, against the same search computed afresh.
func TestCachedResultsMatchFreshOnes(t *testing.T) {
	ix := newCachedIndex(t)
	facets := []string{FacetCountry, FacetGroup, FacetPerson, FacetYear, FacetSource}
	session := []Query{
		{Q: "damascus", Facets: facets, Histogram: "month"},
		{Q: "damascus", Facets: facets, Countries: []string{"SY"}, Histogram: "month"},
		{Q: "damascus", Facets: facets, Countries: []string{"SY", "IR"}},
		{Q: "damascus", Facets: facets, Countries: []string{"SY"}, Groups: []string{"Hezbollah"}},
		{Q: "damascus", Facets: facets, Countries: []string{"SY"}, From: "2025-01-01"},
		{Q: "damascus", Facets: facets, Countries: []string{"SY"}},
		{Q: "damascus", Facets: facets},
		{Q: "", Facets: facets},
		{Q: "", Facets: facets, Sources: []string{"Wire"}},
		{Q: "", Facets: facets, Page: 2, Size: ptr(2)},
		{Q: "", Facets: facets, Page: 3, Size: ptr(2)},
		{Q: "", Facets: facets, From: "2024-01-01", To: "2024-12-31"},
		{Q: "", Facets: facets, From: "2024-01-01", To: "2024-12-31", Sources: []string{"Ledger"}},
		{Q: "", Facets: facets[:2], FacetSize: 1},
		{Q: "", Facets: facets[:2]},
		{Q: "quds", Facets: facets, Persons: []string{"Nicolás Maduro"}},
	}
	ignore := cmpopts.IgnoreFields(Result{}, "TookMs", "Cached")
	for round := range 2 {
		for i, q := range session {
			got, err := ix.Search(context.Background(), q)
			if err != nil {
				t.Fatalf("round %d query %d: %v", round, i, err)
			}
			if round == 1 && !got.Cached {
				t.Errorf("round %d query %d: not served from the cache", round, i)
			}
			fresh := q
			fresh.NoCache = true
			want, err := ix.Search(context.Background(), fresh)
			if err != nil {
				t.Fatal(err)
			}
			if want.Cached {
				t.Errorf("query %d: NoCache search was served from the cache", i)
			}
			if diff := cmp.Diff(want, got, ignore); diff != "" {
				t.Errorf("round %d query %d %+v: cached answer differs (-fresh +cached):\n%s", round, i, q, diff)
			}
		}
	}
}

// TestWriteInvalidatesCache checks that no answer outlives a write.
func TestWriteInvalidatesCache(t *testing.T) {
	ix := newCachedIndex(t)
	ctx := context.Background()
	q := Query{Q: "weather", Facets: []string{FacetSource}}
	first, err := ix.Search(ctx, q)
	if err != nil {
		t.Fatal(err)
	}
	if first.Total != 1 {
		t.Fatalf("total %d, want 1", first.Total)
	}
	a, err := DecodeArticle([]byte(`{"id":"a7","title":"More weather","body":"Snow.","source":"Gazette","published_at":"2025-07-01T00:00:00Z"}`))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := ix.Add(ctx, a); err != nil {
		t.Fatal(err)
	}
	after, err := ix.Search(ctx, q)
	if err != nil {
		t.Fatal(err)
	}
	if after.Cached || after.Total != 2 || len(after.Facets[FacetSource]) != 2 {
		t.Errorf("after adding: cached %v, total %d, sources %v; want a fresh answer with 2 hits and 2 sources",
			after.Cached, after.Total, after.Facets[FacetSource])
	}
	if err := ix.Delete(ctx, "a7"); err != nil {
		t.Fatal(err)
	}
	deleted, err := ix.Search(ctx, q)
	if err != nil {
		t.Fatal(err)
	}
	if deleted.Cached || deleted.Total != 1 {
		t.Errorf("after deleting: cached %v, total %d; want a fresh answer with 1 hit", deleted.Cached, deleted.Total)
	}
}

func TestLRUEvictsLeastRecentlyUsed(t *testing.T) {
	c := newLRU(2, 1<<20, func(int) int64 { return 8 })
	c.put("a", 0, 1)
	c.put("b", 0, 2)
	if _, ok := c.get("a", 0); !ok { // a is now the most recent
		t.Fatal("a missing")
	}
	c.put("c", 0, 3)
	if _, ok := c.get("b", 0); ok {
		t.Error("b survived, though least recently used")
	}
	if v, ok := c.get("a", 0); !ok || v != 1 {
		t.Errorf("a = %d, %v", v, ok)
	}
	if _, ok := c.get("a", 1); ok {
		t.Error("an entry of an older epoch was served")
	}
	c.put("d", 0, 4) // a search that began before the write stores nothing
	if _, ok := c.get("d", 1); ok {
		t.Error("an entry stored under an older epoch was served")
	}
	if newLRU(0, 1<<20, func(int) int64 { return 8 }) != nil {
		t.Error("a cache of 0 entries should be off")
	}
}

func TestLRUBoundedInBytes(t *testing.T) {
	// Each entry is its value's bytes plus its key and overhead.
	size := func(v int) int64 { return int64(v) }
	per := func(v int) int64 { return int64(v) + 1 + entryOverhead }
	c := newLRU(1000, 3*per(100), size)
	for i, k := range []string{"a", "b", "c", "d"} {
		c.put(k, 0, 100)
		if want := min(i+1, 3); c.order.Len() != want {
			t.Fatalf("after %d puts: %d entries, want %d (bounded by bytes)", i+1, c.order.Len(), want)
		}
	}
	if c.bytes != 3*per(100) {
		t.Errorf("bytes = %d, want %d", c.bytes, 3*per(100))
	}
	if _, ok := c.get("a", 0); ok {
		t.Error("a, the oldest, survived the byte bound")
	}
	c.put("b", 0, 300) // replacing an entry counts its new size only
	if c.bytes > c.maxBytes {
		t.Errorf("bytes %d over the bound %d", c.bytes, c.maxBytes)
	}
	c.put("huge", 0, int(c.maxBytes)) // more than half the cache: not kept
	if _, ok := c.get("huge", 0); ok {
		t.Error("an entry of more than half the cache was kept")
	}
	if newLRU(10, 0, size) != nil {
		t.Error("a cache of 0 bytes should be off")
	}
}

func TestResultBytesGrowsWithContent(t *testing.T) {
	small := &Result{Hits: []Hit{{ID: "a", Title: "t"}}}
	big := &Result{Hits: []Hit{{ID: "a", Title: "t", Highlights: map[string][]string{"body": {strings.Repeat("x", 10000)}}}},
		Facets: map[string][]FacetValue{"person": make([]FacetValue, 1000)}}
	if s, b := resultBytes(small), resultBytes(big); b < s+10000+1000*40 {
		t.Errorf("resultBytes: small %d, big %d: the highlight and 1,000 facet values are not counted", s, b)
	}
}

// TestCountsDoNotDependOnThePage checks that the requests a search is split
// into agree: the same totals and facet counts whether hits are asked or not,
// for keywords and phrases, with and without filters.
func TestCountsDoNotDependOnThePage(t *testing.T) {
	ix := newTestIndex(t, "")
	loadCorpus(t, ix)
	facets := []string{FacetCountry, FacetGroup, FacetPerson, FacetYear, FacetSource}
	for _, q := range []Query{
		{Q: "damascus"},
		{Q: `"quds force"`},
		{Q: "damascus", Countries: []string{"SY"}},
		{Q: `"quds force"`, Countries: []string{"MX"}, Sources: []string{"Ledger"}},
		{Q: "", Sources: []string{"Wire"}, From: "2024-01-01"},
		{Q: ""},
	} {
		q.Facets, q.Histogram = facets, "month"
		paged, err := ix.Search(context.Background(), q)
		if err != nil {
			t.Fatal(err)
		}
		q.Size = ptr(0)
		counted, err := ix.Search(context.Background(), q)
		if err != nil {
			t.Fatal(err)
		}
		if len(counted.Hits) != 0 {
			t.Errorf("%+v: size 0 returned hits", q)
		}
		if paged.Total == 0 {
			t.Errorf("%+v: no hits; the case proves nothing", q)
		}
		ignore := cmpopts.IgnoreFields(Result{}, "TookMs", "Hits", "Size")
		if diff := cmp.Diff(paged, counted, ignore); diff != "" {
			t.Errorf("%+v: counts differ (-with hits +without):\n%s", q, diff)
		}
	}
}

func TestEntitiesFollowWrites(t *testing.T) {
	ix := newCachedIndex(t)
	ctx := context.Background()
	sources := func() []string {
		t.Helper()
		vals, err := ix.Entities(ctx, FacetSource, "", 20)
		if err != nil {
			t.Fatal(err)
		}
		var out []string
		for _, v := range vals {
			out = append(out, v.Value)
		}
		return out
	}
	before := sources()
	if again := sources(); !cmp.Equal(before, again) {
		t.Fatalf("second listing differs: %v, then %v", before, again)
	}
	a, err := DecodeArticle([]byte(`{"id":"a7","title":"Gazette news","body":"Snow.","source":"Gazette","published_at":"2025-07-01T00:00:00Z"}`))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := ix.Add(ctx, a); err != nil {
		t.Fatal(err)
	}
	if after := sources(); len(after) != len(before)+1 {
		t.Errorf("after adding a source: %v, before %v", after, before)
	}
}

// TestEveryVocabularyParamIsBound checks that each HTTP parameter of the
// query vocabulary has a place in Query, so that compiling, cache keys and
// facet counts see it.
func TestEveryVocabularyParamIsBound(t *testing.T) {
	var q Query
	for _, name := range qlang.Params() {
		if l, s := q.paramValues(name); l == nil && s == nil {
			t.Errorf("parameter %q of the vocabulary has no field in index.Query", name)
		}
	}
}

// TestFacetKeySeesEveryInput checks that two queries differing in anything
// a facet's counts depend on get different cache keys.
func TestFacetKeySeesEveryInput(t *testing.T) {
	no := false
	base := Query{Q: "iran"}
	variants := map[string]Query{"expand=false": {Q: "iran", Expand: &no}}
	for _, name := range qlang.Params() {
		v := base
		if l, s := v.paramValues(name); l != nil {
			*l = []string{"x"}
		} else {
			*s = "x"
		}
		variants[name] = v
	}
	seen := map[string]string{facetKey(base, FacetCountry, 10): "base"}
	for name, v := range variants {
		k := facetKey(v, FacetCountry, 10)
		if other, dup := seen[k]; dup {
			t.Errorf("%s and %s have the same facet key %s", name, other, k)
		}
		seen[k] = name
	}
}
