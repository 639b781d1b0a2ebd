package index

import (
	"context"
	"os"
	"slices"
	"strconv"
	"testing"
	"time"
)

// BenchmarkAnalyst measures each analyst view on an in-memory index of
// synthetic news (10k articles; SEARCHD_BENCH_ARTICLES to change it), for
// a broad search (one common word) and a narrow one (the word, the most
// frequent country and a group), computed afresh each time (NoCache; the
// whole index's counts are cached until a write, as in the daemon). Each
// case reports p50-ms and p99-ms; run enough of them for a p99:
//
//	go test ./index -run '^$' -bench Analyst -benchtime 100x
//	SEARCHD_BENCH_ARTICLES=100000 SEARCHD_BENCH_INDEX=$HOME/analyst-100k.bleve go test ./index -run '^$' -bench Analyst -benchtime 100x -timeout 60m
func BenchmarkAnalyst(b *testing.B) {
	n := 10000
	if s := os.Getenv("SEARCHD_BENCH_ARTICLES"); s != "" {
		v, err := strconv.Atoi(s)
		if err != nil || v <= 0 {
			b.Fatalf("SEARCHD_BENCH_ARTICLES=%q: want a positive number", s)
		}
		n = v
	}
	// SEARCHD_BENCH_INDEX keeps the index on disk there, and reuses it
	// when it already holds n articles: building 100k takes minutes.
	ix, err := Open(Options{Path: os.Getenv("SEARCHD_BENCH_INDEX"), CacheEntries: 1000, MinFreeBytes: -1}, benchExtractor(b))
	if err != nil {
		b.Fatal(err)
	}
	defer ix.Close()
	ctx := context.Background()
	if have, err := ix.bi.DocCount(); err != nil || have != uint64(n) {
		list := benchArticles(b, n)
		start := time.Now()
		res, err := ix.IngestArticles(ctx, list)
		if err != nil || res.Failed > 0 {
			b.Fatalf("ingest: %v (%d failed)", err, res.Failed)
		}
		b.Logf("indexed %d articles in %s", res.Indexed, time.Since(start).Round(time.Millisecond))
	}
	bg, err := ix.background(ctx)
	if err != nil {
		b.Fatal(err)
	}
	top := func(typ string, rank int) EntityKey {
		values := bg.list(typ)
		if len(values) <= rank {
			b.Fatalf("fewer than %d %s values", rank+1, typ)
		}
		return EntityKey{Type: typ, Value: values[rank].Value, Label: values[rank].Label}
	}
	country, group, group2, person := top(FacetCountry, 0), top(FacetGroup, 0), top(FacetGroup, 1), top(FacetPerson, 0)
	rare := top(FacetGroup, min(50, len(bg.list(FacetGroup))-1))
	// Weeks over the last two years of the corpus (its whole span has too
	// many).
	span, err := ix.Trends(ctx, Query{}, TrendOptions{Interval: IntervalYear})
	if err != nil || span.To == nil {
		b.Fatalf("span: %v", err)
	}
	last := strconv.Itoa(span.To.Year() - 1)
	recent := strconv.Itoa(span.To.Year() - 2)
	searches := []struct {
		name string
		q    Query
	}{
		{"broad", Query{Q: "government", NoCache: true}},
		{"narrow", Query{Q: "government", Countries: []string{country.Value}, Groups: []string{group.Value}, NoCache: true}},
	}
	for _, s := range searches {
		probe, err := ix.Search(ctx, Query{Q: s.q.Q, Countries: s.q.Countries, Groups: s.q.Groups, Size: new(0)})
		if err != nil {
			b.Fatal(err)
		}
		b.Logf("%s search: %d hits", s.name, probe.Total)
		views := []struct {
			name string
			run  func() error
		}{
			{"significant", func() error {
				_, err := ix.Significant(ctx, s.q, SignificantOptions{Type: FacetGroup})
				return err
			}},
			{"cooccurrence", func() error {
				_, err := ix.Cooccurring(ctx, s.q, CooccurrenceOptions{Entity: group.ID(), Size: 20})
				return err
			}},
			{"network", func() error {
				_, err := ix.Network(ctx, s.q, NetworkOptions{Types: []string{FacetPerson, FacetGroup}, Size: 30})
				return err
			}},
			{"trends-month", func() error {
				_, err := ix.Trends(ctx, s.q, TrendOptions{Interval: IntervalMonth, Entities: []string{group.ID(), group2.ID(), person.ID()}})
				return err
			}},
			{"trends-week", func() error {
				q := s.q
				q.From, q.To = recent, last
				_, err := ix.Trends(ctx, q, TrendOptions{Interval: IntervalWeek, Entities: []string{group.ID(), group2.ID()}})
				return err
			}},
		}
		for _, v := range views {
			b.Run(s.name+"/"+v.name, func(b *testing.B) { measure(b, v.run) })
		}
	}
	for _, e := range []struct {
		name string
		key  EntityKey
	}{{"frequent", country}, {"rare", rare}} {
		b.Run("entity/"+e.name, func(b *testing.B) {
			measure(b, func() error {
				_, err := ix.Entity(ctx, e.key.Type, e.key.Value, EntityPageOptions{})
				return err
			})
		})
	}
}

// measure runs f for each iteration and reports the median and 99th
// percentile of its latency in milliseconds, and the processor time an
// iteration took (cpu-ms; the machine is shared, so latency alone says
// little).
func measure(b *testing.B, f func() error) {
	var lat []float64
	cpu := processCPU()
	for b.Loop() {
		t := time.Now()
		if err := f(); err != nil {
			b.Fatal(err)
		}
		lat = append(lat, float64(time.Since(t).Microseconds())/1000)
	}
	if cpu > 0 {
		b.ReportMetric(float64((processCPU()-cpu).Microseconds())/1000/float64(len(lat)), "cpu-ms")
	}
	slices.Sort(lat)
	b.ReportMetric(lat[len(lat)/2], "p50-ms")
	b.ReportMetric(lat[min(len(lat)-1, len(lat)*99/100)], "p99-ms")
}
