package extract

import (
	"runtime"
	"strings"
	"testing"
)

// proseOf repeats the benchmark article's body, paragraph by paragraph,
// to n bytes: long, ordinary news prose.
func proseOf(tb testing.TB, n int) string {
	tb.Helper()
	body := benchInput(tb).Body
	var b strings.Builder
	b.Grow(n + len(body))
	for b.Len() < n {
		b.WriteString(body)
		b.WriteString("\n\n")
	}
	return b.String()[:n]
}

// BenchmarkExtractMemory reports the bytes the extractor allocates per byte
// of input (alloc-B/in-B), the figure that tells how much of an article's
// ingestion memory is the extractor's: for a 600-word article, for 4 MiB
// of prose (a long transcript) and for one 4 MiB token (a pasted blob).
func BenchmarkExtractMemory(b *testing.B) {
	ex := newTest(b)
	article := benchInput(b)
	const big = 4 << 20
	for _, c := range []struct {
		name string
		in   Input
	}{
		{"article", article},
		{"prose4MiB", Input{Title: article.Title, Body: proseOf(b, big), Published: article.Published}},
		{"token4MiB", Input{Body: "A" + strings.Repeat("b", big-1)}},
	} {
		b.Run(c.name, func(b *testing.B) {
			size := len(c.in.Title) + len(c.in.Body)
			b.SetBytes(int64(size))
			b.ReportAllocs()
			var before, after runtime.MemStats
			runtime.ReadMemStats(&before)
			n := 0
			for b.Loop() {
				ex.Extract(c.in)
				n++
			}
			runtime.ReadMemStats(&after)
			b.ReportMetric(float64(after.TotalAlloc-before.TotalAlloc)/float64(n)/float64(size), "alloc-B/in-B")
		})
	}
}
