package api

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"testing/fstest"

	dto "github.com/prometheus/client_model/go"
	"github.com/prometheus/common/expfmt"
	"github.com/prometheus/common/model"
	"github.com/searchd/searchd/index"
	"github.com/searchd/searchd/internal/fakeextract"
	"github.com/searchd/searchd/metrics"
)

// newMetricsServer serves an index that reports to m, with m's /metrics.
func newMetricsServer(t *testing.T, opts Options) (*httptest.Server, *metrics.Metrics) {
	t.Helper()
	m := metrics.New()
	ix, err := index.Open(index.Options{CacheEntries: 100, Observer: m}, fakeextract.New())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ix.Close() })
	if err := m.CollectIndex(ix); err != nil {
		t.Fatal(err)
	}
	opts.Metrics = m
	opts.UI = fstest.MapFS{"index.html": {Data: []byte("<!doctype html><title>searchd</title>")}}
	srv := httptest.NewServer(validated(t, New(ix, opts)))
	t.Cleanup(srv.Close)
	return srv, m
}

// scrape reads /metrics in Prometheus's text format.
func scrape(t *testing.T, url, key string) map[string]*dto.MetricFamily {
	t.Helper()
	req, err := http.NewRequest("GET", url+"/metrics", nil)
	if err != nil {
		t.Fatal(err)
	}
	if key != "" {
		req.Header.Set("Authorization", "Bearer "+key)
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	if res.StatusCode != 200 || !strings.HasPrefix(res.Header.Get("Content-Type"), "text/plain") {
		t.Fatalf("/metrics: %d %s", res.StatusCode, res.Header.Get("Content-Type"))
	}
	parser := expfmt.NewTextParser(model.UTF8Validation)
	families, err := parser.TextToMetricFamilies(res.Body)
	if err != nil {
		t.Fatal(err)
	}
	return families
}

// value is the counter, gauge or histogram count of the family's series
// with exactly these labels; ok is false when there is none.
func value(families map[string]*dto.MetricFamily, name string, labels map[string]string) (float64, bool) {
	f := families[name]
	if f == nil {
		return 0, false
	}
next:
	for _, m := range f.GetMetric() {
		if len(m.GetLabel()) != len(labels) {
			continue
		}
		for _, l := range m.GetLabel() {
			if labels[l.GetName()] != l.GetValue() {
				continue next
			}
		}
		switch {
		case m.Counter != nil:
			return m.GetCounter().GetValue(), true
		case m.Gauge != nil:
			return m.GetGauge().GetValue(), true
		case m.Histogram != nil:
			return float64(m.GetHistogram().GetSampleCount()), true
		}
	}
	return 0, false
}

func TestMetricsAfterTraffic(t *testing.T) {
	srv, _ := newMetricsServer(t, Options{})
	ndjson := strings.Join(append(articles[:3:3], `{"id":"bad","published_at":"2024-01-01"}`), "\n")
	traffic := []struct {
		method, path, body string
		status             int
	}{
		{"POST", "/api/v1/articles/_bulk", ndjson, 200},                                                 // 3 indexed, 1 rejected
		{"POST", "/api/v1/articles", `{"id":"n1","body":"Iran news","published_at":"2024-05-01"}`, 201}, // 1 indexed
		{"POST", "/api/v1/articles", `{"title":"no body","published_at":"2024-05-01"}`, 400},            // 1 rejected
		{"GET", "/api/v1/articles/a1", "", 200},
		{"GET", "/api/v1/articles/a2", "", 200},
		{"GET", "/api/v1/articles/nope", "", 404},
		{"GET", "/api/v1/search?q=quds", "", 200}, // computed
		{"GET", "/api/v1/search?q=quds", "", 200}, // from the cache
		{"GET", "/api/v1/nothing", "", 404},
		{"BREW", "/api/v1/search", "", 405},
		{"GET", "/", "", 200},
	}
	for _, tr := range traffic {
		if r := do(t, tr.method, srv.URL+tr.path, tr.body); r.status != tr.status {
			t.Fatalf("%s %s = %d, want %d: %s", tr.method, tr.path, r.status, tr.status, r.raw)
		}
	}
	families := scrape(t, srv.URL, "")

	requests := "searchd_http_requests_total"
	for _, tt := range []struct {
		name   string
		labels map[string]string
		want   float64
	}{
		// The route is the template: two articles, one series.
		{requests, map[string]string{"route": "/api/v1/articles/{id}", "method": "GET", "code": "200"}, 2},
		{requests, map[string]string{"route": "/api/v1/articles/{id}", "method": "GET", "code": "404"}, 1},
		{requests, map[string]string{"route": "/api/v1/articles", "method": "POST", "code": "400"}, 1},
		{requests, map[string]string{"route": "/api/v1/search", "method": "GET", "code": "200"}, 2},
		{requests, map[string]string{"route": "unmatched", "method": "GET", "code": "404"}, 1},
		{requests, map[string]string{"route": "unmatched", "method": "other", "code": "405"}, 1},
		{requests, map[string]string{"route": "ui", "method": "GET", "code": "200"}, 1},
		{"searchd_http_request_duration_seconds", map[string]string{"route": "/api/v1/search", "method": "GET"}, 2},
		{"searchd_articles_ingested_total", nil, 4},
		{"searchd_articles_rejected_total", nil, 2},
		{"searchd_search_cache_hits_total", map[string]string{"cache": "results"}, 1},
		{"searchd_search_cache_misses_total", map[string]string{"cache": "results"}, 1},
		{"searchd_commit_batch_articles", nil, 2}, // the bulk's batch and the single article
		{"searchd_commit_duration_seconds", nil, 2},
		{"searchd_extract_duration_seconds", nil, 4},
		{"searchd_index_documents", nil, 4},
		{"searchd_index_writable", nil, 1},
	} {
		got, ok := value(families, tt.name, tt.labels)
		if !ok || got != tt.want {
			t.Errorf("%s%v = %v (found %v), want %v", tt.name, tt.labels, got, ok, tt.want)
		}
	}
	// No label value is a raw path: the label set stays as small as the routes.
	for name, f := range families {
		for _, m := range f.GetMetric() {
			for _, l := range m.GetLabel() {
				if l.GetName() == "route" && (strings.Contains(l.GetValue(), "a1") || strings.Contains(l.GetValue(), "nothing")) {
					t.Errorf("%s has route label %q: a raw path", name, l.GetValue())
				}
			}
		}
	}
	for _, name := range []string{"go_goroutines", "process_cpu_seconds_total"} {
		if families[name] == nil {
			t.Errorf("%s missing: the Go and process collectors are not registered", name)
		}
	}
	// The scrape itself is counted by the next one.
	families = scrape(t, srv.URL, "")
	if got, _ := value(families, requests, map[string]string{"route": "/metrics", "method": "GET", "code": "200"}); got != 1 {
		t.Errorf("/metrics requests = %v, want 1", got)
	}
}

func TestMetricsOff(t *testing.T) {
	srv, _ := newServer(t, Options{})
	if r := do(t, "GET", srv.URL+"/metrics", ""); r.status != 404 || errorCode(r) != "not_found" {
		t.Errorf("/metrics without Options.Metrics = %d %s", r.status, r.raw)
	}
}

func TestMetricsRequireKey(t *testing.T) {
	srv, _ := newMetricsServer(t, Options{MetricsRequireKey: true, ReadKeys: []string{readKey}, WriteKeys: []string{writeKey}})
	for _, tt := range []struct {
		key    string
		status int
		code   string
	}{
		{"", 401, "unauthorized"},
		{"nope-nope-nope-nope", 403, "forbidden"},
	} {
		r := doWith(t, "GET", srv.URL+"/metrics", "", http.Header{"Authorization": {"Bearer " + tt.key}})
		if r.status != tt.status || errorCode(r) != tt.code {
			t.Errorf("key %q: %d %s, want %d %s", tt.key, r.status, r.raw, tt.status, tt.code)
		}
	}
	for _, key := range []string{readKey, writeKey} {
		if families := scrape(t, srv.URL, key); families["searchd_index_documents"] == nil {
			t.Errorf("scrape with key %s lacks the index's metrics", key)
		}
	}
	// Without require_key, /metrics stays open even with read keys set.
	open, _ := newMetricsServer(t, Options{ReadKeys: []string{readKey}})
	scrape(t, open.URL, "")
}

func TestMetricsIndexStatsAtScrape(t *testing.T) {
	srv, _ := newMetricsServer(t, Options{})
	get := func() float64 {
		v, _ := value(scrape(t, srv.URL, ""), "searchd_index_documents", nil)
		return v
	}
	if n := get(); n != 0 {
		t.Fatalf("documents = %v before any write", n)
	}
	if r := do(t, "POST", srv.URL+"/api/v1/articles", articles[0]); r.status != 201 {
		t.Fatal(r.raw)
	}
	if n := get(); n != 1 {
		t.Errorf("documents = %v after one write, want 1", n)
	}
}
