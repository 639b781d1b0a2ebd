package api

import (
	"context"
	"encoding/json"
	"flag"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/searchd/searchd/index"
	"github.com/searchd/searchd/internal/fakeextract"
)

func fuzzHandler(f *testing.F) http.Handler {
	ix, err := index.Open(index.Options{}, fakeextract.New())
	if err != nil {
		f.Fatal(err)
	}
	f.Cleanup(func() { ix.Close() })
	if _, err := ix.IngestNDJSON(context.Background(), strings.NewReader(strings.Join(articles, "\n")), 1<<20); err != nil {
		f.Fatal(err)
	}
	// httptest.NewRequest sends "Host: example.com".
	return New(ix, Options{AllowedHosts: []string{"example.com"}})
}

// fuzzValidated is validated(t, h) for the seed corpus, which every go
// test run goes through, and h itself while fuzzing (-test.fuzz): there
// kin-openapi, which compiles the schemas anew for every exchange, runs
// under coverage instrumentation, and validating every input made a 20 s
// run of FuzzSearchParams execute 232 inputs instead of about 5,000.
func fuzzValidated(t *testing.T, h http.Handler) http.Handler {
	if f := flag.Lookup("test.fuzz"); f != nil && f.Value.String() != "" {
		return h
	}
	return validated(t, h)
}

// checkResponse fails on a 500 or a body that is not JSON.
func checkResponse(t *testing.T, rec *httptest.ResponseRecorder) {
	if rec.Code >= 500 && rec.Code != http.StatusServiceUnavailable {
		t.Fatalf("status %d: %s", rec.Code, rec.Body)
	}
	if !json.Valid(rec.Body.Bytes()) {
		t.Fatalf("status %d with a body that is not JSON: %q", rec.Code, rec.Body)
	}
}

func FuzzSearchParams(f *testing.F) {
	h := fuzzHandler(f)
	for _, s := range []string{
		"q=quds&facets=country,group&histogram=month",
		"q=title:%22open",
		"country=Iran&country=U.S.&from=2024&to=2024-02&sort=-published_at&page=2&size=1",
		"size=-1&page=0&facet_size=99999",
		"q=%2F.*%2F&highlight=false",
		"q=%00%ff&mentioned_from=2024-13-01",
		"page=4611686018427387904&size=2",
		"q=ira~1e20",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, rawQuery string) {
		req := httptest.NewRequest("GET", "/api/v1/search", nil)
		req.URL.RawQuery = rawQuery
		rec := httptest.NewRecorder()
		fuzzValidated(t, h).ServeHTTP(rec, req)
		checkResponse(t, rec)
	})
}

func FuzzSearchBody(f *testing.F) {
	h := fuzzHandler(f)
	for _, s := range []string{
		`{"q":"iran","country":["IR"],"facets":["country"]}`,
		`{"q":"x","size":null,"highlight":false}`,
		`{"page":1e99}`,
		`{"country":"IR"}`,
		`[]`,
		`{"q":"a"}{"q":"b"}`,
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, body string) {
		req := httptest.NewRequest("POST", "/api/v1/search", strings.NewReader(body))
		req.Header.Set("Content-Type", "application/json")
		rec := httptest.NewRecorder()
		fuzzValidated(t, h).ServeHTTP(rec, req)
		checkResponse(t, rec)
	})
}

func FuzzPostArticle(f *testing.F) {
	h := fuzzHandler(f)
	for _, s := range articles {
		f.Add(s)
	}
	f.Add(`{"body":"<script>alert(1)</script>","published_at":"2024-01-01"}`)
	f.Fuzz(func(t *testing.T, body string) {
		req := httptest.NewRequest("POST", "/api/v1/articles", strings.NewReader(body))
		req.Header.Set("Content-Type", "application/json")
		rec := httptest.NewRecorder()
		fuzzValidated(t, h).ServeHTTP(rec, req)
		checkResponse(t, rec)
	})
}
