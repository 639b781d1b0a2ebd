package api

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/searchd/searchd/index"
	"github.com/searchd/searchd/internal/fakeextract"
	"github.com/searchd/searchd/metrics"
)

// benchIndex holds 500 short articles that mention the fake extractor's
// entities, so that searches score, facet and highlight real hits.
func benchIndex(b *testing.B) *index.Index {
	b.Helper()
	ix, err := index.Open(index.Options{}, fakeextract.New())
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { ix.Close() })
	subjects := []string{"Iranian officials in Tehran met the Quds Force", "Talks in Damascus with Hezbollah and Iran",
		"The Quds Force in Mexico, said U.S. officials", "Light rain over the capital"}
	var lines []string
	for i := range 500 {
		lines = append(lines, fmt.Sprintf(`{"id":"b%d","title":"Report %d","body":"%s. Item %d of the day's news, with sanctions and oil.","source":"Wire %d","published_at":"2024-%02d-%02d"}`,
			i, i, subjects[i%len(subjects)], i, i%7, 1+i%12, 1+i%28))
	}
	res, err := ix.IngestNDJSON(context.Background(), strings.NewReader(strings.Join(lines, "\n")), 1<<20)
	if err != nil || res.Indexed != len(lines) {
		b.Fatalf("load: %+v %v", res, err)
	}
	return ix
}

// searchTarget is a search computed afresh (no cache) with two facets.
const searchTarget = "/api/v1/search?q=quds+officials&facets=country,group"

func serveOnce(b *testing.B, h http.Handler, target string) time.Duration {
	w := httptest.NewRecorder()
	r := httptest.NewRequest("GET", target, nil)
	r.Host = "127.0.0.1"
	r.Header.Set("Cache-Control", "no-cache")
	start := time.Now()
	h.ServeHTTP(w, r)
	d := time.Since(start)
	if w.Code != http.StatusOK {
		b.Fatalf("search: %d %s", w.Code, w.Body)
	}
	return d
}

// BenchmarkSearchMetrics compares a search through the whole handler
// chain with metrics off (Options.Metrics nil: no instrumentation) and on.
// The interleaved runs alternate the two request by request, so that the
// load of a shared machine falls on both alike, and report their ratio;
// "healthz" does the same for the cheapest request, which shows the
// middleware's own cost per request:
//
//	go test ./api -run '^$' -bench 'SearchMetrics/interleaved' -benchtime 2000x -count 5
func BenchmarkSearchMetrics(b *testing.B) {
	ix := benchIndex(b)
	off := New(ix, Options{})
	on := New(ix, Options{Metrics: metrics.New()})
	b.Run("off", func(b *testing.B) {
		for b.Loop() {
			serveOnce(b, off, searchTarget)
		}
	})
	b.Run("on", func(b *testing.B) {
		for b.Loop() {
			serveOnce(b, on, searchTarget)
		}
	})
	b.Run("interleaved", func(b *testing.B) { interleave(b, off, on, searchTarget) })
	b.Run("healthz-interleaved", func(b *testing.B) { interleave(b, off, on, "/healthz") })
}

// interleave serves target from off and on in turn, each first every
// other time, and reports the time of each and their ratio.
func interleave(b *testing.B, off, on http.Handler, target string) {
	var tOff, tOn time.Duration
	n := 0
	for b.Loop() {
		if n%2 == 0 {
			tOff += serveOnce(b, off, target)
			tOn += serveOnce(b, on, target)
		} else {
			tOn += serveOnce(b, on, target)
			tOff += serveOnce(b, off, target)
		}
		n++
	}
	b.ReportMetric(float64(tOff.Nanoseconds())/float64(n), "off-ns/req")
	b.ReportMetric(float64(tOn.Nanoseconds())/float64(n), "on-ns/req")
	b.ReportMetric(float64(tOn)/float64(tOff), "on/off")
}
