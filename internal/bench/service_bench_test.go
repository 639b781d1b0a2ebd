package bench

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strconv"
	"testing"

	"github.com/searchd/searchd/api"
	"github.com/searchd/searchd/extract"
	"github.com/searchd/searchd/index"
	"github.com/searchd/searchd/internal/bench/corpus"
)

// BenchmarkQueryMix runs each kind of the benchmark's query mix in one
// process against the same in-memory articles three ways: through the API
// handler (query parsing, index.Search, JSON response; no network), through
// index.Search alone, and as raw Bleve requests. The differences locate the
// service's overhead; -cpuprofile shows where it goes.
//
//	go test ./internal/bench -run '^$' -bench QueryMix -benchmem -cpuprofile cpu.out
//
// SEARCHD_BENCH_DATA names the shared data folder (default ../../../shared/data),
// SEARCHD_BENCH_ARTICLES the corpus size (default 10,000).
func BenchmarkQueryMix(b *testing.B) {
	dir := os.Getenv("SEARCHD_BENCH_DATA")
	if dir == "" {
		dir = filepath.Join("..", "..", "..", "shared", "data")
	}
	data, err := corpus.Load(dir)
	if err != nil {
		b.Skipf("needs the shared data folder (set SEARCHD_BENCH_DATA): %v", err)
	}
	n := 10000
	if s := os.Getenv("SEARCHD_BENCH_ARTICLES"); s != "" {
		if n, err = strconv.Atoi(s); err != nil || n <= 0 {
			b.Fatalf("SEARCHD_BENCH_ARTICLES=%q: want a positive number", s)
		}
	}
	g, err := corpus.New(data, corpus.Options{Seed: 1})
	if err != nil {
		b.Fatal(err)
	}
	ex, err := extract.New()
	if err != nil {
		b.Fatal(err)
	}
	ctx := context.Background()
	ix, err := index.Open(index.Options{}, ex)
	if err != nil {
		b.Fatal(err)
	}
	defer ix.Close()
	bi, err := OpenRaw("")
	if err != nil {
		b.Fatal(err)
	}
	defer bi.Close()
	counts := NewEntityCounts()
	batch := bi.NewBatch()
	var articles []index.Article
	for i := range n {
		line, err := json.Marshal(g.Article(i))
		if err != nil {
			b.Fatal(err)
		}
		a, err := index.DecodeArticle(line)
		if err != nil {
			b.Fatal(err)
		}
		articles = append(articles, a)
		a.Entities = GroupEntities(ex.Extract(extract.Input{Title: a.Title, Body: a.Body, Language: a.Language, Published: a.PublishedAt}))
		counts.Add(a.Entities)
		doc, err := RawDocument(a)
		if err != nil {
			b.Fatal(err)
		}
		if err := batch.Index(a.ID, doc); err != nil {
			b.Fatal(err)
		}
		if batch.Size() >= 500 || i == n-1 {
			if err := bi.Batch(batch); err != nil {
				b.Fatal(err)
			}
			batch.Reset()
		}
	}
	if res, err := ix.IngestArticles(ctx, articles); err != nil || res.Failed > 0 {
		b.Fatalf("service ingest: %v (%d failed)", err, res.Failed)
	}
	qs := BuildQueries(data.Words, corpus.Collocations(), counts, 200, 1)
	handler := api.New(ix, api.Options{})
	rs := NewRawSearcher(bi, ex, Variant{})
	for _, kind := range Kinds {
		var mix []QuerySpec
		for _, q := range qs {
			if q.Kind == kind {
				mix = append(mix, q)
			}
		}
		b.Run("api/"+kind, func(b *testing.B) {
			b.ReportAllocs()
			i := 0
			for b.Loop() {
				req := httptest.NewRequest(http.MethodGet, "/api/v1/search?"+mix[i%len(mix)].Values().Encode(), nil)
				req.Host = "localhost" // not httptest's example.com, which the API does not answer to
				rec := httptest.NewRecorder()
				handler.ServeHTTP(rec, req)
				if rec.Code != http.StatusOK {
					b.Fatalf("%d: %s", rec.Code, rec.Body)
				}
				i++
			}
		})
		b.Run("index/"+kind, func(b *testing.B) {
			b.ReportAllocs()
			i := 0
			for b.Loop() {
				if _, err := ix.Search(ctx, mix[i%len(mix)].IndexQuery()); err != nil {
					b.Fatal(err)
				}
				i++
			}
		})
		b.Run("raw/"+kind, func(b *testing.B) {
			b.ReportAllocs()
			i := 0
			for b.Loop() {
				if _, err := rs.Search(ctx, mix[i%len(mix)]); err != nil {
					b.Fatal(err)
				}
				i++
			}
		})
	}
}
