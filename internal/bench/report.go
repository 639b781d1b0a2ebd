package bench

import (
	"fmt"
	"io"
	"strings"
	"text/tabwriter"
)

// Peer figures from issue 6 (this machine, 100k articles of 300 words,
// 1–3 required keywords, half with a country filter, country and group facets).
const (
	peerSQLiteDocsPerSec = 8533
	peerXapianP50        = 2.2
	peerXapianP95        = 5.1
	peerPostgresP50      = 3.2
	peerRawBleveP50      = 4.0
)

func ratio(a, b float64) string {
	if b == 0 {
		return "-"
	}
	return fmt.Sprintf("%.2f×", a/b)
}

func mb(b int64) float64 { return float64(b) / (1 << 20) }

// WriteTable prints the report for people.
func WriteTable(w io.Writer, r *Report) error {
	var b strings.Builder
	fmt.Fprintf(&b, "searchd bench: %d articles (seed %d), %.1f MB text, %.0f words/article, GOMAXPROCS %d (%d CPUs)\n",
		r.Articles, r.Seed, float64(r.TextBytes)/1e6, r.WordsPerArticle, r.GOMAXPROCS, r.CPUs)
	fmt.Fprintf(&b, "corpus generated in %.1fs; up-front extraction for the raw reference: %.1fs (%.0f articles/s, %d goroutines)\n\n",
		r.GenerateSeconds, r.ExtractSeconds, float64(r.Articles)/max(r.ExtractSeconds, 1e-9), r.ExtractWorkers)

	s, raw := r.Service, r.Raw
	if s == nil {
		s = &EngineReport{}
	}
	if raw == nil {
		raw = &EngineReport{}
	}
	tw := tabwriter.NewWriter(&b, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintf(tw, "INGEST\tservice (HTTP bulk, extraction)\traw Bleve (pre-extracted)\tservice/raw\t\n")
	row := func(name string, sv, rv float64, format string) {
		fmt.Fprintf(tw, "%s\t"+format+"\t"+format+"\t%s\t\n", name, sv, rv, ratio(sv, rv))
	}
	si, ri := s.Ingest, raw.Ingest
	row("articles/s", si.ArticlesPerSec, ri.ArticlesPerSec, "%.0f")
	row("MB/s of text", si.TextMBPerSec, ri.TextMBPerSec, "%.2f")
	row("seconds", si.Seconds, ri.Seconds, "%.1f")
	row("index MB after ingest", mb(si.DiskBytes), mb(ri.DiskBytes), "%.1f")
	row("index MB at end", mb(si.DiskBytesEnd), mb(ri.DiskBytesEnd), "%.1f")
	row("index bytes/article", si.DiskBytesPerArticle, ri.DiskBytesPerArticle, "%.0f")
	row("index size / text size", si.DiskPerText, ri.DiskPerText, "%.2f")
	row("segment files at end", float64(si.Segments), float64(ri.Segments), "%.0f")
	row("peak RSS MB, ingest", mb(si.PeakRSSIngest), mb(ri.PeakRSSIngest), "%.0f")
	row("peak RSS MB, end", mb(si.PeakRSS), mb(ri.PeakRSS), "%.0f")
	row("peak anon RSS MB, ingest", mb(si.PeakAnonIngest), mb(ri.PeakAnonIngest), "%.0f")
	row("peak anon RSS MB, end", mb(si.PeakAnon), mb(ri.PeakAnon), "%.0f")
	tw.Flush()
	if raw.Variant != "" {
		fmt.Fprintf(&b, "raw reference variant (experiment, not the service's setup): %s\n", raw.Variant)
	}
	if ri.ForceMergeSeconds > 0 {
		fmt.Fprintf(&b, "raw index force-merged to one segment after ingestion in %.1fs (not counted in ingestion)\n", ri.ForceMergeSeconds)
	}
	if ri.Seconds > 0 {
		fmt.Fprintf(&b, "raw ingest time: decode %.1fs, build document + batch.Index %.1fs, Batch (analysis, segment, persist) %.1fs\n",
			ri.DecodeSeconds, ri.BuildSeconds, ri.CommitSeconds)
	}

	mix := "keywords and phrases with 0-2 filters; facets country,group,person,year; top 10; highlights"
	if r.Mix == MixPeer {
		mix = "1-3 required keywords, half with a country filter; facets country,group; top 10; no highlights"
	}
	fmt.Fprintf(&b, "\nQUERIES (%s mix): %d queries × %d rounds per client; %s\n", r.Mix, r.Queries, r.Rounds, mix)
	fmt.Fprintf(&b, "service over HTTP (client in this process, keep-alive); raw Bleve in-process in its own process\n")
	tw = tabwriter.NewWriter(&b, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintf(tw, "\tclients\tp50 ms\tp95 ms\tp99 ms\tmean ms\tmax ms\tqueries/s\t\n")
	lat := func(name string, l Latency) {
		fmt.Fprintf(tw, "%s\t%d\t%.2f\t%.2f\t%.2f\t%.2f\t%.1f\t%.0f\t\n", name, l.Clients, l.P50, l.P95, l.P99, l.Mean, l.Max, l.QPS)
	}
	rat := func(name string, a, b Latency) {
		fmt.Fprintf(tw, "%s\t\t%s\t%s\t%s\t%s\t\t%s\t\n", name, ratio(a.P50, b.P50), ratio(a.P95, b.P95), ratio(a.P99, b.P99),
			ratio(a.Mean, b.Mean), ratio(a.QPS, b.QPS))
	}
	lat("service", s.Single.All)
	lat("raw", raw.Single.All)
	rat("service/raw", s.Single.All, raw.Single.All)
	lat("service", s.Concurrent.All)
	lat("raw", raw.Concurrent.All)
	rat("service/raw", s.Concurrent.All, raw.Concurrent.All)
	if s.CachedSingle != nil {
		lat("service, repeated", s.CachedSingle.All)
	}
	if s.Suggest != nil {
		lat("suggest (prefixes)", s.Suggest.All)
	}
	tw.Flush()
	fmt.Fprintf(&b, "service rows bypass its result cache (Cache-Control: no-cache); \"service, repeated\" asks the mix again without it\n")

	fmt.Fprintf(&b, "\nsingle client by kind (p50 / p95 ms)\n")
	tw = tabwriter.NewWriter(&b, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintf(tw, "kind\tservice p50\traw p50\tratio\tservice p95\traw p95\tratio\t\n")
	for _, k := range kindsOf(r.QueryMix) {
		sv, rv := s.Single.ByKind[k], raw.Single.ByKind[k]
		fmt.Fprintf(tw, "%s\t%.2f\t%.2f\t%s\t%.2f\t%.2f\t%s\t\n", k, sv.P50, rv.P50, ratio(sv.P50, rv.P50), sv.P95, rv.P95, ratio(sv.P95, rv.P95))
	}
	tw.Flush()

	if r.ParityChecked > 0 {
		fmt.Fprintf(&b, "\nparity: %d of %d queries gave the same total, top-10 ids and facet counts in service and raw Bleve\n",
			r.ParityChecked-len(r.ParityMismatches), r.ParityChecked)
		for i, m := range r.ParityMismatches {
			if i == 5 {
				fmt.Fprintf(&b, "  … %d more\n", len(r.ParityMismatches)-5)
				break
			}
			fmt.Fprintf(&b, "  %s\n", m)
		}
	}

	if r.Service != nil {
		fmt.Fprintf(&b, "\nTARGETS (issue 6; reported, not asserted)\n")
		tw = tabwriter.NewWriter(&b, 0, 0, 2, ' ', 0)
		check := func(name, got string, ok bool) {
			mark := "MISS"
			if ok {
				mark = "ok"
			}
			fmt.Fprintf(tw, "%s\t%s\t%s\n", mark, name, got)
		}
		if r.Raw != nil {
			check("ingest ≥ 0.7× raw Bleve articles/s", ratio(si.ArticlesPerSec, ri.ArticlesPerSec), si.ArticlesPerSec >= 0.7*ri.ArticlesPerSec)
		}
		check("ingest ≥ 1,000 articles/s", fmt.Sprintf("%.0f/s", si.ArticlesPerSec), si.ArticlesPerSec >= 1000)
		check("ingest > SQLite FTS5 8,533/s", fmt.Sprintf("%.0f/s", si.ArticlesPerSec), si.ArticlesPerSec > peerSQLiteDocsPerSec)
		l := s.Single.All
		check("p50 < 10 ms single client", fmt.Sprintf("%.2f ms", l.P50), l.P50 < 10)
		check("p99 < 50 ms single client", fmt.Sprintf("%.2f ms", l.P99), l.P99 < 50)
		if r.Raw != nil {
			check("p50 ≤ 1.2× raw Bleve", ratio(l.P50, raw.Single.All.P50), l.P50 <= 1.2*raw.Single.All.P50)
		}
		check("p50 below Xapian 2.2 ms (and PostgreSQL 3.2, raw Bleve 4.0)", fmt.Sprintf("%.2f ms", l.P50), l.P50 < peerXapianP50)
		check("p95 below Xapian 5.1 ms", fmt.Sprintf("%.2f ms", l.P95), l.P95 < peerXapianP95)
		check("index on disk < 2× text", fmt.Sprintf("%.2f×", si.DiskPerText), si.DiskPerText < 2)
		check("peak RSS < 2 GB (target is for 1M articles)", fmt.Sprintf("%.0f MB", mb(si.PeakRSS)), si.PeakRSS < 2<<30)
		check("peak anon RSS < 2 GB (RSS without mapped index files)", fmt.Sprintf("%.0f MB", mb(si.PeakAnon)), si.PeakAnon > 0 && si.PeakAnon < 2<<30)
		tw.Flush()
		if r.Articles != 100000 {
			fmt.Fprintf(&b, "(latency and peer targets are defined at 100k articles; this run has %d)\n", r.Articles)
		}
		if r.Mix == MixPeer {
			fmt.Fprintf(&b, "(peers: 300-word bodies, the peer mix; this corpus averages %.0f words)\n", r.WordsPerArticle)
		} else {
			fmt.Fprintf(&b, "(peers: 300-word bodies and 2 facets; this corpus averages %.0f words and every query asks 4 facets with highlights; compare with --mix peer)\n", r.WordsPerArticle)
		}
	}
	if r.WorkDir != "" {
		fmt.Fprintf(&b, "\nwork directory kept: %s\n", r.WorkDir)
	}
	_, err := io.WriteString(w, b.String())
	return err
}
