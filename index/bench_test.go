package index

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strconv"
	"testing"
	"time"

	"github.com/searchd/searchd/extract"
	gencorpus "github.com/searchd/searchd/internal/bench/corpus"
)

// The benchmarks below run on synthetic articles from internal/bench/corpus,
// which reads the shared data folder: SEARCHD_BENCH_DATA, or ../../shared/data
// from this package. They skip, saying so, when it is absent.
//
//	go test ./index -run '^$' -bench . -benchmem
//	SEARCHD_BENCH_ARTICLES=100000 go test ./index -run '^$' -bench Search -benchmem -timeout 30m

func benchData(tb testing.TB) *gencorpus.Data {
	tb.Helper()
	dir := os.Getenv("SEARCHD_BENCH_DATA")
	if dir == "" {
		dir = filepath.Join("..", "..", "shared", "data")
	}
	d, err := gencorpus.Load(dir)
	if err != nil {
		tb.Skipf("benchmark corpus needs the shared data folder (set SEARCHD_BENCH_DATA): %v", err)
	}
	return d
}

// benchArticles generates n validated articles without entities.
func benchArticles(tb testing.TB, n int) []Article {
	tb.Helper()
	g, err := gencorpus.New(benchData(tb), gencorpus.Options{Seed: 1})
	if err != nil {
		tb.Fatal(err)
	}
	out := make([]Article, 0, n)
	for i := range n {
		raw, err := json.Marshal(g.Article(i))
		if err != nil {
			tb.Fatal(err)
		}
		a, err := DecodeArticle(raw)
		if err != nil {
			tb.Fatalf("generated article %d: %v", i, err)
		}
		out = append(out, a)
	}
	return out
}

func benchExtractor(tb testing.TB) *extract.Extractor {
	tb.Helper()
	ex, err := extract.New()
	if err != nil {
		tb.Fatal(err)
	}
	return ex
}

func textBytes(list []Article) int64 {
	var n int64
	for _, a := range list {
		n += int64(len(a.Title) + len(a.Body))
	}
	return n
}

// BenchmarkBuildDocument measures turning an article with its entities into
// the field map Bleve indexes (two JSON encodings and the entity fields).
func BenchmarkBuildDocument(b *testing.B) {
	ex := benchExtractor(b)
	ix := &Index{ex: ex, extractTimeout: defaultExtractTimeout}
	list := benchArticles(b, 200)
	for i := range list {
		if err := ix.enrich(context.Background(), &list[i]); err != nil {
			b.Fatal(err)
		}
	}
	b.SetBytes(textBytes(list) / int64(len(list)))
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		if _, err := BuildDocument(list[i%len(list)]); err != nil {
			b.Fatal(err)
		}
		i++
	}
}

// BenchmarkIngest measures IngestArticles into an in-memory index, 500
// articles (one batch) an operation: extraction, document building, Bleve
// analysis and segment building together.
func BenchmarkIngest(b *testing.B) {
	list := benchArticles(b, 5000)
	ix, err := Open(Options{}, benchExtractor(b))
	if err != nil {
		b.Fatal(err)
	}
	defer ix.Close()
	const batch = 500
	b.SetBytes(textBytes(list[:batch]))
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		start := (i * batch) % len(list)
		if _, err := ix.IngestArticles(context.Background(), list[start:start+batch]); err != nil {
			b.Fatal(err)
		}
		i++
	}
	b.ReportMetric(float64(i*batch)/b.Elapsed().Seconds(), "articles/s")
}

// BenchmarkSearch measures faceted searches on an in-memory index of 10k
// articles (SEARCHD_BENCH_ARTICLES to change it): each case isolates one
// cost, facets, highlights or a disjunctive facet filter.
func BenchmarkSearch(b *testing.B) {
	n := 10000
	if s := os.Getenv("SEARCHD_BENCH_ARTICLES"); s != "" {
		v, err := strconv.Atoi(s)
		if err != nil || v <= 0 {
			b.Fatalf("SEARCHD_BENCH_ARTICLES=%q: want a positive number", s)
		}
		n = v
	}
	list := benchArticles(b, n)
	ix, err := Open(Options{}, benchExtractor(b))
	if err != nil {
		b.Fatal(err)
	}
	defer ix.Close()
	start := time.Now()
	res, err := ix.IngestArticles(context.Background(), list)
	if err != nil || res.Failed > 0 {
		b.Fatalf("ingest: %v (%d failed)", err, res.Failed)
	}
	b.Logf("indexed %d articles in %s", res.Indexed, time.Since(start).Round(time.Millisecond))

	// The most frequent country and group, so that filters match.
	top := func(facet string) string {
		r, err := ix.Search(context.Background(), Query{Facets: []string{facet}, Size: new(0)})
		if err != nil || len(r.Facets[facet]) == 0 {
			b.Fatalf("no %s facet values: %v", facet, err)
		}
		return r.Facets[facet][0].Value
	}
	country, group := top(FacetCountry), top(FacetGroup)
	four := []string{FacetCountry, FacetGroup, FacetPerson, FacetYear}
	off := false
	cases := []struct {
		name string
		q    Query
	}{
		{"keyword/plain", Query{Q: "government", Highlight: &off}},
		{"keyword/highlight", Query{Q: "government"}},
		{"keyword/facets4", Query{Q: "government", Facets: four, Highlight: &off}},
		{"keyword/facets4+highlight", Query{Q: "government", Facets: four}},
		{"keywords3/facets4+highlight", Query{Q: "+government +said +new", Facets: four}},
		{"keyword+country/facets4+highlight", Query{Q: "government", Countries: []string{country}, Facets: four}},
		{"keyword+country+group/facets4+highlight", Query{Q: "government", Countries: []string{country}, Groups: []string{group}, Facets: four}},
		{"phrase/facets4+highlight", Query{Q: `"prime minister"`, Facets: four}},
		{"matchall/facets4", Query{Facets: four}},
		// Under collapse the facets and the total count stories (collapse.go).
		{"keyword/facets4+collapse", Query{Q: "government", Facets: four, Highlight: &off, Collapse: CollapseStory}},
		{"keyword+country/facets4+collapse", Query{Q: "government", Countries: []string{country}, Facets: four, Highlight: &off, Collapse: CollapseStory}},
		{"matchall/facets4+collapse", Query{Facets: four, Collapse: CollapseStory}},
	}
	for _, c := range cases {
		b.Run(c.name, func(b *testing.B) {
			b.ReportAllocs()
			var total uint64
			for b.Loop() {
				r, err := ix.Search(context.Background(), c.q)
				if err != nil {
					b.Fatal(err)
				}
				total = r.Total
			}
			b.ReportMetric(float64(total), "hits")
		})
	}
}
