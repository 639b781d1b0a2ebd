package feeds

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/searchd/searchd/extract"
	"github.com/searchd/searchd/index"
	"github.com/searchd/searchd/internal/fakeextract"
)

// discardSink takes articles and keeps nothing: the fetch and extraction
// cost alone.
type discardSink struct{}

func (discardSink) IngestArticles(_ context.Context, as []index.Article) (index.BulkResult, error) {
	return index.BulkResult{Indexed: len(as)}, nil
}
func (discardSink) Has(context.Context, string) (bool, error) { return false, nil }

// BenchmarkIngestFeed ingests a feed of 200 items from a local server, each
// page a copy of the boilerplate-heavy test page, and reports pages/s.
//
//	go test ./feeds -run '^$' -bench IngestFeed -benchtime 5x
func BenchmarkIngestFeed(b *testing.B) {
	const pages = 200
	tmpl, err := os.ReadFile("testdata/site/news/ferry-terminal.html")
	if err != nil {
		b.Fatal(err)
	}
	var feed strings.Builder
	feed.WriteString(`<?xml version="1.0"?><rss version="2.0"><channel><title>Bench</title>`)
	for i := range pages {
		fmt.Fprintf(&feed, "<item><title>Story %d</title><link>/p/%d</link><pubDate>Mon, 02 Mar 2026 08:15:00 GMT</pubDate></item>", i, i)
	}
	feed.WriteString("</channel></rss>")
	mux := http.NewServeMux()
	mux.HandleFunc("/feed.xml", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/rss+xml")
		fmt.Fprint(w, feed.String())
	})
	mux.HandleFunc("/p/", func(w http.ResponseWriter, r *http.Request) {
		page := strings.ReplaceAll(string(tmpl), "/news/ferry-terminal.html", r.URL.Path)
		page = strings.ReplaceAll(page, "Port Elsin", "Port Elsin "+strings.TrimPrefix(r.URL.Path, "/p/"))
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		fmt.Fprint(w, page)
	})
	srv := httptest.NewServer(mux)
	defer srv.Close()

	real, err := extract.New()
	if err != nil {
		b.Fatal(err)
	}
	for _, sink := range []struct {
		name string
		new  func(b *testing.B) (Sink, func())
	}{
		{"discard", func(*testing.B) (Sink, func()) { return discardSink{}, func() {} }},
		{"index-fakeextract", func(b *testing.B) (Sink, func()) {
			ix, err := index.Open(index.Options{}, fakeextract.New())
			if err != nil {
				b.Fatal(err)
			}
			return ix, func() { ix.Close() }
		}},
		{"index-extract", func(b *testing.B) (Sink, func()) {
			ix, err := index.Open(index.Options{}, real)
			if err != nil {
				b.Fatal(err)
			}
			return ix, func() { ix.Close() }
		}},
		{"disk-index-extract", func(b *testing.B) (Sink, func()) {
			// On disk every chunk's commit is fsync'd, as in the daemon.
			ix, err := index.Open(index.Options{Path: filepath.Join(b.TempDir(), "idx")}, real)
			if err != nil {
				b.Fatal(err)
			}
			return ix, func() { ix.Close() }
		}},
	} {
		b.Run(sink.name, func(b *testing.B) {
			for b.Loop() {
				b.StopTimer()
				s, done := sink.new(b) // a fresh index: nothing is already indexed
				c := NewClient(s, FetchOptions{AllowPrivate: true}, nil)
				b.StartTimer()
				rep, err := c.Ingest(context.Background(), srv.URL+"/feed.xml")
				if err != nil || rep.Indexed != pages {
					b.Fatalf("%+v, %v", rep, err)
				}
				b.StopTimer()
				done()
				b.StartTimer()
			}
			b.ReportMetric(float64(pages*b.N)/b.Elapsed().Seconds(), "pages/s")
		})
	}
}
