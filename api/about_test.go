package api

import (
	"context"
	"fmt"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/google/go-cmp/cmp"
	"github.com/searchd/searchd/index"
	"github.com/searchd/searchd/internal/fakeextract"
)

// newAboutServer serves the test articles read by an extractor whose
// about-countries are the countries a title names: a1 is about Iran, a3
// about Mexico, a2 (Iran in its body only) about none.
func newAboutServer(t *testing.T) *httptest.Server {
	t.Helper()
	fx := fakeextract.New()
	fx.About = true
	ix, err := index.Open(index.Options{}, fx)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ix.Close() })
	res, err := ix.IngestNDJSON(context.Background(), strings.NewReader(strings.Join(articles, "\n")), 1<<20)
	if err != nil || res.Indexed != len(articles) {
		t.Fatalf("load: %+v %v", res, err)
	}
	srv := httptest.NewServer(validated(t, New(ix, Options{UI: fstest.MapFS{"index.html": {Data: []byte("<!doctype html>")}}})))
	t.Cleanup(srv.Close)
	return srv
}

func hitIDs(r response) string {
	hits, _ := r.body["hits"].([]any)
	var ids []string
	for _, h := range hits {
		ids = append(ids, h.(map[string]any)["id"].(string))
	}
	return strings.Join(ids, ",")
}

func TestAboutCountryFilterAndFacet(t *testing.T) {
	srv := newAboutServer(t)
	for _, c := range []struct{ query, want string }{
		{"country=Iran&sort=published_at", "a1,a2"}, // every article naming Iran
		{"about_country=Iran", "a1"},                // the one about it
		{"about_country=IR&about_country=MX&sort=published_at", "a1,a3"},
		{"about_country=IR&about_country=MX&about_country_op=and", ""},
		{"q=" + url.QueryEscape("about_country:Iranian"), "a1"},
		{"q=" + url.QueryEscape("about_country:IR OR about_country:MX") + "&sort=published_at", "a1,a3"},
	} {
		r := do(t, "GET", srv.URL+"/api/v1/search?"+c.query, "")
		if r.status != 200 {
			t.Fatalf("%s: %d %s", c.query, r.status, r.raw)
		}
		if got := hitIDs(r); got != c.want {
			t.Errorf("%s: hits %q, want %q", c.query, got, c.want)
		}
	}

	r := do(t, "GET", srv.URL+"/api/v1/search?facets=about_country&country=Iran", "")
	want := []any{
		map[string]any{"value": "IR", "label": "Iran", "count": float64(1)},
	}
	if diff := cmp.Diff(want, r.body["facets"].(map[string]any)["about_country"]); diff != "" {
		t.Errorf("about_country facet under country=Iran (-want +got):\n%s", diff)
	}
	// The facet leaves its own filter out, as country's does.
	r = do(t, "GET", srv.URL+"/api/v1/search?facets=about_country&about_country=IR", "")
	want = []any{
		map[string]any{"value": "IR", "label": "Iran", "count": float64(1)},
		map[string]any{"value": "MX", "label": "Mexico", "count": float64(1)},
	}
	if diff := cmp.Diff(want, r.body["facets"].(map[string]any)["about_country"]); diff != "" {
		t.Errorf("about_country facet (-want +got):\n%s", diff)
	}

	r = do(t, "GET", srv.URL+"/api/v1/search?about_country=Atlantis", "")
	if r.status != 400 || errorCode(r) != "invalid_argument" || fmt.Sprint(r.body["error"].(map[string]any)["param"]) != "about_country" {
		t.Errorf("about_country=Atlantis: %d %s", r.status, r.raw)
	}

	r = do(t, "GET", srv.URL+"/api/v1/articles/a1", "")
	about, _ := r.body["entities"].(map[string]any)["about_countries"].([]any)
	if len(about) != 1 || about[0].(map[string]any)["value"] != "IR" || about[0].(map[string]any)["type"] != "about_country" {
		t.Errorf("a1 about_countries = %v", about)
	}
	r = do(t, "GET", srv.URL+"/api/v1/search?q=weather", "")
	hit := r.body["hits"].([]any)[0].(map[string]any)
	if got := fmt.Sprint(hit["entities"].(map[string]any)["about_countries"]); got != "[]" {
		t.Errorf("a4's hit about_countries = %s, want []", got)
	}

	r = do(t, "GET", srv.URL+"/api/v1/entities?type=about_country", "")
	if r.status != 200 || !strings.Contains(r.raw, `"IR"`) || !strings.Contains(r.raw, `"MX"`) {
		t.Errorf("entities?type=about_country: %d %s", r.status, r.raw)
	}

	r = do(t, "GET", srv.URL+"/api/v1/export?fields=id,about_country_codes,about_countries&about_country=IR", "")
	if r.status != 200 || strings.TrimSpace(r.raw) != `{"id":"a1","about_country_codes":["IR"],"about_countries":["Iran"]}` {
		t.Errorf("export about_country=IR: %d %s", r.status, r.raw)
	}

	r = do(t, "GET", srv.URL+"/api/v1/schema", "")
	props, _ := r.body["properties"].(map[string]any)
	facets, _ := props["facets"].(map[string]any)["items"].(map[string]any)["enum"].([]any)
	if !strings.Contains(fmt.Sprint(facets), "about_country") {
		t.Errorf("schema facets enum = %v", facets)
	}
}
