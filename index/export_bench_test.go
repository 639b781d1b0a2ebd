package index

import (
	"context"
	"fmt"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/blevesearch/bleve/v2"

	"github.com/searchd/searchd/internal/fakeextract"
	"github.com/searchd/searchd/mapping"
)

// benchExportIndex holds n articles published over two years, on disk:
// an in-memory index never merges its segments (one a batch), and every
// hit's stored fields are looked up in each.
func benchExportIndex(b *testing.B, n int) *Index {
	b.Helper()
	ix, err := Open(Options{Path: filepath.Join(b.TempDir(), "idx"), BatchSize: 1000}, fakeextract.New())
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { ix.Close() })
	var sb strings.Builder
	start := time.Date(2023, 1, 1, 0, 0, 0, 0, time.UTC)
	step := 2 * 365 * 24 * time.Hour / time.Duration(n)
	for i := range n {
		fmt.Fprintf(&sb, `{"id":"b%06d","title":"Report %d on Iran","body":"Officials in Tehran met the IRGC and Hezbollah in Damascus; Israel and the U.S. replied. Report %d.","source":"Wire","published_at":%q}`+"\n",
			i, i, i, start.Add(time.Duration(i)*step).Format(time.RFC3339))
	}
	res, err := ix.IngestNDJSON(context.Background(), strings.NewReader(sb.String()), 1<<20)
	if err != nil || res.Indexed != n {
		b.Fatalf("load: %d %v", res.Indexed, err)
	}
	return ix
}

// BenchmarkExport reads every hit of an index of n articles with the
// default fields and page, and reports hits per second; "raw_search_after"
// pages with Bleve's search_after alone, without windows, for comparison.
func BenchmarkExport(b *testing.B) {
	for _, n := range []int{20000, 100000} {
		ix := benchExportIndex(b, n)
		b.Run(fmt.Sprintf("n=%d", n), func(b *testing.B) {
			cpu := processCPU()
			for b.Loop() {
				e, err := ix.Export(context.Background(), Query{}, DefaultExportFields, 0)
				if err != nil {
					b.Fatal(err)
				}
				got := 0
				for {
					rows, err := e.Next(context.Background())
					if err != nil {
						b.Fatal(err)
					}
					if len(rows) == 0 {
						break
					}
					got += len(rows)
				}
				if got != n {
					b.Fatalf("exported %d of %d", got, n)
				}
			}
			b.ReportMetric(float64(n*b.N)/b.Elapsed().Seconds(), "hits/s")
			// The machine is shared: processor time is the steadier figure.
			if used := processCPU() - cpu; used > 0 {
				b.ReportMetric(float64(n*b.N)/used.Seconds(), "hits/cpu-s")
			}
		})
		if n > 20000 {
			continue // quadratic: over 100,000 it took 40 s an export here
		}
		b.Run(fmt.Sprintf("raw_search_after/n=%d", n), func(b *testing.B) {
			cpu := processCPU()
			for b.Loop() {
				var after []string
				got := 0
				for {
					req := bleve.NewSearchRequestOptions(bleve.NewMatchAllQuery(), DefaultExportPage, 0, false)
					req.SortBy([]string{"-" + mapping.FieldPublishedAt, "_id"})
					req.Fields = []string{mapping.FieldSummary}
					req.SearchAfter = after
					res, err := ix.bi.SearchInContext(context.Background(), req)
					if err != nil {
						b.Fatal(err)
					}
					got += len(res.Hits)
					if len(res.Hits) < DefaultExportPage {
						break
					}
					after = res.Hits[len(res.Hits)-1].Sort
				}
				if got != n {
					b.Fatalf("read %d of %d", got, n)
				}
			}
			b.ReportMetric(float64(n*b.N)/b.Elapsed().Seconds(), "hits/s")
			if used := processCPU() - cpu; used > 0 {
				b.ReportMetric(float64(n*b.N)/used.Seconds(), "hits/cpu-s")
			}
		})
	}
}
