// Package metrics keeps searchd's Prometheus metrics in a registry of its
// own (never the client library's global one): HTTP requests by route and
// status, the index's ingestion, extraction, commits and cache lookups
// (it implements index.Observer), the index's size collected at scrape
// time, and the Go runtime's and the process's own metrics.
//
// It serves nothing itself: the api package exposes Gatherer at /metrics.
package metrics

import (
	"strconv"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/searchd/searchd/index"
)

// namespace prefixes every metric of searchd's own.
const namespace = "searchd"

// Metrics holds the registry and the metrics searchd updates. Its methods
// are safe for concurrent use.
type Metrics struct {
	reg *prometheus.Registry

	requests *prometheus.CounterVec   // route, method, code
	duration *prometheus.HistogramVec // route, method

	ingested  prometheus.Counter
	rejected  prometheus.Counter
	extract   prometheus.Histogram
	commit    prometheus.Histogram
	batch     prometheus.Histogram
	hits      *prometheus.CounterVec // cache
	misses    *prometheus.CounterVec // cache
	feedPolls *prometheus.CounterVec // result
}

var _ index.Observer = (*Metrics)(nil)

// Buckets, in seconds or articles. Searches take 1-200 ms at 100k
// articles and suggestions under 10 ms; a bulk request can take minutes.
var (
	requestBuckets = []float64{.0005, .001, .0025, .005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5, 10, 30, 120}
	// Extraction runs at about 1 MB/s: a news article takes 1-10 ms, a
	// 4 MiB transcript a few seconds, ingest.extract_timeout (30 s) bounds it.
	extractBuckets = []float64{.0001, .00025, .0005, .001, .0025, .005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5, 10, 30}
	// A commit persists a batch (ingest.batch_size, 500 by default) and
	// fsyncs: milliseconds alone, seconds for a large batch.
	commitBuckets = []float64{.001, .0025, .005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5, 10, 30, 60}
	batchBuckets  = []float64{1, 2, 5, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000}
)

// New returns the metrics, registered with a new registry together with
// the Go runtime and process collectors.
func New() *Metrics {
	m := &Metrics{
		reg: prometheus.NewRegistry(),
		requests: prometheus.NewCounterVec(prometheus.CounterOpts{
			Namespace: namespace, Subsystem: "http", Name: "requests_total",
			Help: "HTTP requests answered, by route (the path template), method and status code.",
		}, []string{"route", "method", "code"}),
		duration: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Namespace: namespace, Subsystem: "http", Name: "request_duration_seconds",
			Help:    "Time from receiving an HTTP request's headers to the end of its answer, by route and method.",
			Buckets: requestBuckets,
		}, []string{"route", "method"}),
		ingested: prometheus.NewCounter(prometheus.CounterOpts{
			Namespace: namespace, Name: "articles_ingested_total",
			Help: "Articles committed to the index (single posts and bulk lines).",
		}),
		rejected: prometheus.NewCounter(prometheus.CounterOpts{
			Namespace: namespace, Name: "articles_rejected_total",
			Help: "Articles sent and not indexed: invalid, failed extraction, or in a batch that failed or was refused.",
		}),
		extract: prometheus.NewHistogram(prometheus.HistogramOpts{
			Namespace: namespace, Name: "extract_duration_seconds",
			Help:    "Entity extraction time of one article.",
			Buckets: extractBuckets,
		}),
		commit: prometheus.NewHistogram(prometheus.HistogramOpts{
			Namespace: namespace, Name: "commit_duration_seconds",
			Help:    "Time to persist and acknowledge one batch written to the index (articles, a deletion).",
			Buckets: commitBuckets,
		}),
		batch: prometheus.NewHistogram(prometheus.HistogramOpts{
			Namespace: namespace, Name: "commit_batch_articles",
			Help:    "Articles per commit, of the commits that indexed articles.",
			Buckets: batchBuckets,
		}),
		hits: prometheus.NewCounterVec(prometheus.CounterOpts{
			Namespace: namespace, Subsystem: "search", Name: "cache_hits_total",
			Help: "Lookups of a search cache (results, facets) answered from it.",
		}, []string{"cache"}),
		misses: prometheus.NewCounterVec(prometheus.CounterOpts{
			Namespace: namespace, Subsystem: "search", Name: "cache_misses_total",
			Help: "Lookups of a search cache (results, facets) it could not answer.",
		}, []string{"cache"}),
		feedPolls: prometheus.NewCounterVec(prometheus.CounterOpts{
			Namespace: namespace, Subsystem: "feed", Name: "polls_total",
			Help: "Polls of news feeds, by result.",
		}, []string{"result"}),
	}
	m.reg.MustRegister(
		collectors.NewGoCollector(),
		collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}),
		m.requests, m.duration, m.ingested, m.rejected, m.extract, m.commit, m.batch, m.hits, m.misses, m.feedPolls,
	)
	return m
}

// Gatherer returns the registry, for the /metrics handler and tests.
func (m *Metrics) Gatherer() prometheus.Gatherer { return m.reg }

// Request records one HTTP answer: route is the matched path template
// (never the raw path, so the labels stay few), method the request's
// method as Method normalises it.
func (m *Metrics) Request(route, method string, code int, d time.Duration) {
	m.requests.WithLabelValues(route, method, codeLabel(code)).Inc()
	m.duration.WithLabelValues(route, method).Observe(d.Seconds())
}

// codeLabel is strconv.Itoa without an allocation for searchd's statuses.
func codeLabel(code int) string {
	switch code {
	case 200:
		return "200"
	case 201:
		return "201"
	case 204:
		return "204"
	case 400:
		return "400"
	case 401:
		return "401"
	case 403:
		return "403"
	case 404:
		return "404"
	case 405:
		return "405"
	case 408:
		return "408"
	case 409:
		return "409"
	case 413:
		return "413"
	case 415:
		return "415"
	case 421:
		return "421"
	case 499:
		return "499"
	case 500:
		return "500"
	case 503:
		return "503"
	case 507:
		return "507"
	}
	return strconv.Itoa(code)
}

// Method returns an HTTP method as a label: the standard ones as they are,
// any other as "other", so that clients cannot mint label values.
func Method(m string) string {
	switch m {
	case "GET", "HEAD", "POST", "PUT", "DELETE", "PATCH", "OPTIONS", "CONNECT", "TRACE":
		return m
	}
	return "other"
}

// Ingested counts articles committed to the index.
func (m *Metrics) Ingested(n int) { m.ingested.Add(float64(n)) }

// Rejected counts articles sent and not indexed.
func (m *Metrics) Rejected(n int) { m.rejected.Add(float64(n)) }

// Extracted records the extraction time of one article.
func (m *Metrics) Extracted(d time.Duration) { m.extract.Observe(d.Seconds()) }

// Committed records one commit and, when it indexed articles, its size.
func (m *Metrics) Committed(d time.Duration, articles int) {
	m.commit.Observe(d.Seconds())
	if articles > 0 {
		m.batch.Observe(float64(articles))
	}
}

// CacheHit counts a lookup the named search cache answered.
func (m *Metrics) CacheHit(cache string) { m.hits.WithLabelValues(cache).Inc() }

// CacheMiss counts a lookup the named search cache could not answer.
func (m *Metrics) CacheMiss(cache string) { m.misses.WithLabelValues(cache).Inc() }

// FeedPolled counts one poll of a news feed by its result (a short fixed
// word such as "ok", "not_modified" or "error", never a URL or a
// message). It is the hook for the feed poller.
func (m *Metrics) FeedPolled(result string) { m.feedPolls.WithLabelValues(result).Inc() }
