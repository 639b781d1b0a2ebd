package api

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/searchd/searchd/index"
	"github.com/searchd/searchd/internal/fakeextract"
)

var articles = []string{
	`{"id":"a1","title":"Iran and the IRGC","body":"Iranian officials in Tehran met the Quds Force.","source":"Wire","published_at":"2023-12-31T23:30:00Z"}`,
	`{"id":"a2","title":"Damascus talks","body":"Talks in Damascus with Hezbollah and Iran.","source":"Wire","published_at":"2024-01-01T00:15:00Z"}`,
	`{"id":"a3","title":"Mexico and the Quds Force","body":"The Quds Force in Mexico, said U.S. officials.","source":"Ledger","published_at":"2024-02-29"}`,
	`{"id":"a4","title":"Weather","body":"Light rain.","source":"Courier","published_at":"2025-06-16"}`,
}

// newIndex opens an in-memory index holding articles.
func newIndex(t *testing.T) *index.Index {
	t.Helper()
	ix, err := index.Open(index.Options{}, fakeextract.New())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ix.Close() })
	res, err := ix.IngestNDJSON(context.Background(), strings.NewReader(strings.Join(articles, "\n")), 1<<20)
	if err != nil || res.Indexed != len(articles) {
		t.Fatalf("load: %+v %v", res, err)
	}
	return ix
}

func newServer(t *testing.T, opts Options) (*httptest.Server, *index.Index) {
	t.Helper()
	ix := newIndex(t)
	if opts.UI == nil {
		opts.UI = fstest.MapFS{"index.html": {Data: []byte("<!doctype html><title>searchd</title>")}}
	}
	srv := httptest.NewServer(validated(t, New(ix, opts)))
	t.Cleanup(srv.Close)
	return srv, ix
}

type response struct {
	status int
	header http.Header
	body   map[string]any
	raw    string
}

// do sends a request, a non-empty body as application/json.
func do(t *testing.T, method, url, body string) response {
	t.Helper()
	h := http.Header{}
	if body != "" {
		h.Set("Content-Type", "application/json")
	}
	return doWith(t, method, url, body, h)
}

// doWith sends a request with exactly the headers given ("Host" sets the Host).
func doWith(t *testing.T, method, url, body string, header http.Header) response {
	t.Helper()
	req, err := http.NewRequest(method, url, strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	for k, v := range header {
		if k == "Host" {
			req.Host = v[0]
			continue
		}
		req.Header[k] = v
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	raw, _ := io.ReadAll(res.Body)
	r := response{status: res.StatusCode, header: res.Header, raw: string(raw)}
	if strings.HasPrefix(res.Header.Get("Content-Type"), "application/json") && len(raw) > 0 {
		if err := json.Unmarshal(raw, &r.body); err != nil {
			t.Fatalf("%s %s: invalid JSON %q: %v", method, url, raw, err)
		}
	}
	return r
}

func errorCode(r response) string {
	e, _ := r.body["error"].(map[string]any)
	c, _ := e["code"].(string)
	return c
}

func errorMessage(r response) string {
	e, _ := r.body["error"].(map[string]any)
	m, _ := e["message"].(string)
	return m
}

func TestEndpoints(t *testing.T) {
	srv, _ := newServer(t, Options{MaxBodyBytes: 2048, MaxLineBytes: 1024})
	tests := []struct {
		name, method, path, body string
		status                   int
		code                     string // error code, or "" for success
		msgContains              string
	}{
		{"healthz", "GET", "/healthz", "", 200, "", ""},
		{"readyz", "GET", "/readyz", "", 200, "", ""},
		{"stats", "GET", "/api/v1/stats", "", 200, "", ""},
		{"ui", "GET", "/", "", 200, "", ""},
		{"get", "GET", "/api/v1/articles/a1", "", 200, "", ""},
		{"get missing", "GET", "/api/v1/articles/nope", "", 404, "not_found", "nope"},
		{"delete missing", "DELETE", "/api/v1/articles/nope", "", 404, "not_found", "nope"},
		{"unknown route", "GET", "/api/v1/nothing", "", 404, "not_found", ""},
		{"unknown static file", "GET", "/nope.js", "", 404, "not_found", ""},
		{"wrong method", "PUT", "/api/v1/search", "", 405, "method_not_allowed", ""},
		{"post", "POST", "/api/v1/articles", `{"id":"n1","title":"New","body":"Iran news","published_at":"2024-05-01"}`, 201, "", ""},
		{"post malformed", "POST", "/api/v1/articles", `{"title":`, 400, "invalid_argument", "malformed JSON"},
		{"post unknown field", "POST", "/api/v1/articles", `{"body":"x","published_at":"2024-01-01","tags":["a"]}`, 400, "invalid_argument", `unknown field "tags"`},
		{"post wrong type", "POST", "/api/v1/articles", `{"body":"x","published_at":20240101}`, 400, "invalid_argument", `"published_at" must be a string`},
		{"post no body field", "POST", "/api/v1/articles", `{"title":"x","published_at":"2024-01-01"}`, 400, "invalid_argument", `"body" is required`},
		{"post bad date", "POST", "/api/v1/articles", `{"body":"x","published_at":"yesterday"}`, 400, "invalid_argument", "published_at"},
		{"post huge", "POST", "/api/v1/articles", `{"body":"` + strings.Repeat("x", 4096) + `","published_at":"2024-01-01"}`, 413, "too_large", "2048 bytes"},
		{"post empty", "POST", "/api/v1/articles", ``, 400, "invalid_argument", "empty body"},
		{"search", "GET", "/api/v1/search?q=quds&facets=country,group", "", 200, "", ""},
		{"search broken syntax", "GET", "/api/v1/search?q=title:%22open", "", 400, "bad_query", "q:"},
		{"search unknown param", "GET", "/api/v1/search?qq=iran", "", 400, "invalid_argument", `"qq"`},
		{"search bad int", "GET", "/api/v1/search?size=ten", "", 400, "invalid_argument", "size"},
		{"search bad date", "GET", "/api/v1/search?from=2024-13", "", 400, "invalid_argument", "from"},
		{"search bad highlight", "GET", "/api/v1/search?highlight=maybe", "", 400, "invalid_argument", "highlight"},
		{"search unknown country", "GET", "/api/v1/search?country=Atlantis", "", 400, "invalid_argument", "Atlantis"},
		{"search page past end", "GET", "/api/v1/search?page=50&size=10", "", 200, "", ""},
		{"search window", "GET", "/api/v1/search?page=1001&size=10", "", 400, "invalid_argument", "page"},
		{"search post", "POST", "/api/v1/search", `{"q":"iran","country":["IR"],"facets":["country"]}`, 200, "", ""},
		{"search post unknown field", "POST", "/api/v1/search", `{"query":"iran"}`, 400, "invalid_argument", `"query"`},
		{"search post wrong type", "POST", "/api/v1/search", `{"country":"IR"}`, 400, "invalid_argument", `"country"`},
		{"entities", "GET", "/api/v1/entities?type=country&prefix=ir", "", 200, "", ""},
		{"backup not configured", "POST", "/api/v1/admin/backup", `{}`, 400, "invalid_argument", "backup_dir"},
		{"entities bad type", "GET", "/api/v1/entities?type=colour", "", 400, "invalid_argument", "type"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := do(t, tt.method, srv.URL+tt.path, tt.body)
			if r.status != tt.status {
				t.Fatalf("status = %d, want %d; body %s", r.status, tt.status, r.raw)
			}
			if got := errorCode(r); got != tt.code {
				t.Errorf("error code = %q, want %q; body %s", got, tt.code, r.raw)
			}
			if !strings.Contains(errorMessage(r), tt.msgContains) {
				t.Errorf("message %q does not contain %q", errorMessage(r), tt.msgContains)
			}
			if r.header.Get("X-Content-Type-Options") != "nosniff" || r.header.Get("Content-Security-Policy") == "" {
				t.Errorf("security headers missing: %v", r.header)
			}
		})
	}
}

func TestSearchResponseShape(t *testing.T) {
	srv, _ := newServer(t, Options{})
	r := do(t, "GET", srv.URL+"/api/v1/search?q=quds&country=Iran&facets=country,group&histogram=month", "")
	if r.status != 200 {
		t.Fatalf("status %d: %s", r.status, r.raw)
	}
	var res struct {
		Total  int
		TookMs *float64 `json:"took_ms"`
		Hits   []struct {
			ID, Title   string
			PublishedAt string `json:"published_at"`
			Highlights  map[string][]string
			Entities    map[string][]map[string]any
		}
		Facets    map[string][]map[string]any
		FacetMeta map[string]map[string]any `json:"facet_meta"`
		Histogram struct {
			Interval string
			Buckets  []map[string]any
		}
	}
	if err := json.Unmarshal([]byte(r.raw), &res); err != nil {
		t.Fatal(err)
	}
	if res.Total != 1 || len(res.Hits) != 1 || res.Hits[0].ID != "a1" || res.TookMs == nil {
		t.Fatalf("hits = %s", r.raw)
	}
	if got := res.Hits[0].Highlights["body"]; len(got) == 0 || !strings.Contains(got[0], "<mark>Quds</mark>") {
		t.Errorf("highlights = %v", res.Hits[0].Highlights)
	}
	if len(res.Hits[0].Entities["countries"]) == 0 {
		t.Errorf("hit entities = %v", res.Hits[0].Entities)
	}
	// Disjunctive: the country facet ignores country=Iran, so Mexico and the US (a3) appear.
	wantCountry := []map[string]any{
		{"value": "IR", "label": "Iran", "count": float64(1)},
		{"value": "MX", "label": "Mexico", "count": float64(1)},
		{"value": "US", "label": "United States", "count": float64(1)},
	}
	if diff := cmp.Diff(wantCountry, res.Facets["country"]); diff != "" {
		t.Errorf("country facet (-want +got):\n%s", diff)
	}
	if res.FacetMeta["country"]["disjunctive"] != true {
		t.Errorf("facet_meta = %v", res.FacetMeta)
	}
	if res.Histogram.Interval != "month" || len(res.Histogram.Buckets) != 1 {
		t.Errorf("histogram = %+v", res.Histogram)
	}
}

func TestArticleLifecycle(t *testing.T) {
	srv, _ := newServer(t, Options{})
	body := `{"url":"https://example.test/x","title":"Maduro","body":"Nicolás Maduro spoke in Tehran.","published_at":"2024-05-01T10:00:00+02:00","authors":["Zoë Brønstad"]}`
	r := do(t, "POST", srv.URL+"/api/v1/articles", body)
	if r.status != 201 {
		t.Fatalf("post: %d %s", r.status, r.raw)
	}
	id, _ := r.body["id"].(string)
	ents, _ := r.body["entities"].(map[string]any)
	persons, _ := ents["persons"].([]any)
	if id == "" || len(persons) != 1 {
		t.Fatalf("post response = %s", r.raw)
	}
	mention := persons[0].(map[string]any)["mentions"].([]any)[0].(map[string]any)
	if mention["start"] != float64(0) || mention["end"] != float64(14) || mention["text"] != "Nicolás Maduro" {
		t.Errorf("mention = %v", mention)
	}
	again := do(t, "POST", srv.URL+"/api/v1/articles", body)
	if again.body["id"] != id {
		t.Errorf("re-post gave id %v, want %v", again.body["id"], id)
	}
	stats := do(t, "GET", srv.URL+"/api/v1/stats", "")
	if stats.body["documents"] != float64(len(articles)+1) {
		t.Errorf("documents = %v after idempotent re-post", stats.body["documents"])
	}
	got := do(t, "GET", srv.URL+"/api/v1/articles/"+id, "")
	if got.status != 200 || got.body["published_at"] != "2024-05-01T10:00:00+02:00" {
		t.Errorf("get = %d %s", got.status, got.raw)
	}
	if del := do(t, "DELETE", srv.URL+"/api/v1/articles/"+id, ""); del.status != 200 {
		t.Errorf("delete = %d %s", del.status, del.raw)
	}
	if gone := do(t, "GET", srv.URL+"/api/v1/articles/"+id, ""); gone.status != 404 {
		t.Errorf("after delete get = %d", gone.status)
	}
}

func TestBulk(t *testing.T) {
	srv, _ := newServer(t, Options{MaxLineBytes: 300, MaxBulkBytes: 4096})
	ndjson := strings.Join([]string{
		`{"id":"b1","body":"Iran","published_at":"2024-01-01"}`,
		`{"id":"b2","body":"","published_at":"2024-01-01"}`,
		`{oops`,
		`{"id":"b3","body":"Mexico","published_at":"2024-01-02","extra":1}`,
		`{"id":"b4","body":"` + strings.Repeat("y", 400) + `","published_at":"2024-01-01"}`,
		`{"id":"b5","body":"Syria","published_at":"2024-01-03"}`,
	}, "\n")
	r := do(t, "POST", srv.URL+"/api/v1/articles/_bulk", ndjson)
	if r.status != 200 {
		t.Fatalf("bulk: %d %s", r.status, r.raw)
	}
	if r.body["indexed"] != float64(2) || r.body["failed"] != float64(4) {
		t.Fatalf("bulk = %s", r.raw)
	}
	errs := r.body["errors"].([]any)
	var lines []float64
	for _, e := range errs {
		lines = append(lines, e.(map[string]any)["line"].(float64))
	}
	if diff := cmp.Diff([]float64{2, 3, 4, 5}, lines); diff != "" {
		t.Errorf("error lines (-want +got):\n%s", diff)
	}
	for _, id := range []string{"b1", "b5"} {
		if g := do(t, "GET", srv.URL+"/api/v1/articles/"+id, ""); g.status != 200 {
			t.Errorf("%s not indexed", id)
		}
	}
	// Over the body limit: what came before the limit stays indexed and is reported.
	var big []string
	for i := range 100 {
		big = append(big, `{"id":"c`+strings.Repeat("0", 3)+string(rune('a'+i%26))+string(rune('a'+i/26))+`","body":"Iran news","published_at":"2024-01-01"}`)
	}
	r = do(t, "POST", srv.URL+"/api/v1/articles/_bulk", strings.Join(big, "\n"))
	if r.status != 413 || errorCode(r) != "too_large" {
		t.Errorf("oversize bulk = %d %s", r.status, r.raw)
	}
}

func TestReadyzBeforeReady(t *testing.T) {
	srv, _ := newServer(t, Options{Ready: func() bool { return false }})
	if r := do(t, "GET", srv.URL+"/readyz", ""); r.status != 503 || errorCode(r) != "not_ready" {
		t.Errorf("readyz = %d %s", r.status, r.raw)
	}
	if r := do(t, "GET", srv.URL+"/healthz", ""); r.status != 200 {
		t.Errorf("healthz = %d", r.status)
	}
}

// slowStore blocks searches until their context ends.
type slowStore struct{ Store }

func (slowStore) Search(ctx context.Context, _ index.Query) (*index.Result, error) {
	<-ctx.Done()
	return nil, ctx.Err()
}

func TestSearchTimeout(t *testing.T) {
	h := New(slowStore{}, Options{RequestTimeout: 20 * time.Millisecond})
	srv := httptest.NewServer(validated(t, h))
	defer srv.Close()
	r := do(t, "GET", srv.URL+"/api/v1/search?q=x", "")
	if r.status != 503 || errorCode(r) != "timeout" {
		t.Errorf("timeout = %d %s", r.status, r.raw)
	}
}

// queryStore records the query it was asked.
type queryStore struct {
	Store
	got chan index.Query
}

func (s queryStore) Search(_ context.Context, q index.Query) (*index.Result, error) {
	s.got <- q
	return &index.Result{Page: 1, Size: 10, Hits: []index.Hit{}, Sort: index.SortRelevance}, nil
}

func TestCacheControlNoCache(t *testing.T) {
	store := queryStore{got: make(chan index.Query, 1)}
	srv := httptest.NewServer(validated(t, New(store, Options{})))
	defer srv.Close()
	tests := []struct {
		header, value string
		want          bool
	}{
		{"", "", false},
		{"Cache-Control", "no-cache", true},
		{"Cache-Control", "max-age=0, No-Cache", true},
		{"Cache-Control", "no-store", false},
		{"Cache-Control", "max-age=0", false},
		{"Pragma", "no-cache", true},
	}
	for _, tt := range tests {
		for _, method := range []string{"GET", "POST"} {
			req, err := http.NewRequest(method, srv.URL+"/api/v1/search?q=x", nil)
			if method == "POST" {
				req, err = http.NewRequest(method, srv.URL+"/api/v1/search", strings.NewReader(`{"q":"x"}`))
				req.Header.Set("Content-Type", "application/json")
			}
			if err != nil {
				t.Fatal(err)
			}
			if tt.header != "" {
				req.Header.Set(tt.header, tt.value)
			}
			resp, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			resp.Body.Close()
			if resp.StatusCode != 200 {
				t.Fatalf("%s %s: %s = %d", method, tt.header, tt.value, resp.StatusCode)
			}
			if q := <-store.got; q.NoCache != tt.want {
				t.Errorf("%s with %s: %s: NoCache = %v, want %v", method, tt.header, tt.value, q.NoCache, tt.want)
			}
		}
	}
}
