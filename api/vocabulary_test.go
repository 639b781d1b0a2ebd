package api

import (
	"fmt"
	"net/url"
	"os"
	"strings"
	"testing"

	"github.com/searchd/searchd/query"
)

func TestSuggestEndpoint(t *testing.T) {
	srv, _ := newServer(t, Options{})
	r := do(t, "GET", srv.URL+"/api/v1/suggest?q=irg&size=5", "")
	if r.status != 200 {
		t.Fatalf("suggest: %d %s", r.status, r.raw)
	}
	list, _ := r.body["suggestions"].([]any)
	if len(list) == 0 {
		t.Fatalf("suggest irg: %s", r.raw)
	}
	first := list[0].(map[string]any)
	if first["type"] != "group" || first["value"] != "Islamic Revolutionary Guard Corps" || first["matched"] != "irgc" {
		t.Errorf("suggest irg: first %v", first)
	}
	for _, bad := range []string{"?q=x&type=year", "?q=x&size=-1", "?q=x&prefix=y"} {
		if r := do(t, "GET", srv.URL+"/api/v1/suggest"+bad, ""); r.status != 400 {
			t.Errorf("suggest%s: %d, want 400", bad, r.status)
		}
	}
}

func TestExplainEndpoint(t *testing.T) {
	srv, _ := newServer(t, Options{})
	r := do(t, "GET", srv.URL+"/api/v1/search/explain?q="+url.QueryEscape("(Iran OR IRGC) -oil"), "")
	if r.status != 200 || r.body["query"] == nil || r.body["tree"] == nil {
		t.Fatalf("explain: %d %s", r.status, r.raw)
	}
	if !strings.Contains(r.raw, `"entity":{"type":"group","value":"Islamic Revolutionary Guard Corps"`) {
		t.Errorf("explain does not say IRGC was read as the group: %s", r.raw)
	}
	r = do(t, "GET", srv.URL+"/api/v1/search/explain?q="+url.QueryEscape("(Iran"), "")
	if r.status != 400 || errorCode(r) != "bad_query" || !strings.Contains(errorMessage(r), `")"`) ||
		!strings.Contains(errorMessage(r), "at 1") {
		t.Errorf("explain of a syntax error: %d %s", r.status, r.raw)
	}
	r = do(t, "GET", srv.URL+"/api/v1/search?q="+url.QueryEscape("Iran AND (oil OR"), "")
	detail, _ := r.body["error"].(map[string]any)
	if r.status != 400 || detail["param"] != "q" || detail["pos"] == nil {
		t.Errorf("a query error names its parameter and column: %s", r.raw)
	}
}

// TestSearchSyntaxErrorsNamePosition checks the 400 a user sees for a
// malformed query: the parameter, what was expected and where.
func TestSearchSyntaxErrorsNamePosition(t *testing.T) {
	srv, _ := newServer(t, Options{})
	for _, tc := range []struct{ q, want string }{
		{"(Iran OR Iraq", `q: expected ")" to close "(" at 1`},
		{`"Quds Force`, "at 1"},
		{"Iran AND", "at"},
		{"nosuchfield:x", "unknown field"},
	} {
		r := do(t, "GET", srv.URL+"/api/v1/search?q="+url.QueryEscape(tc.q), "")
		if r.status != 400 || !strings.Contains(errorMessage(r), tc.want) {
			t.Errorf("q=%s: %d %q, want 400 containing %q", tc.q, r.status, errorMessage(r), tc.want)
		}
	}
}

func TestSchemaEndpointAndSyntaxHelp(t *testing.T) {
	srv, _ := newServer(t, Options{})
	r := do(t, "GET", srv.URL+"/api/v1/schema", "")
	if r.status != 200 {
		t.Fatalf("schema: %d %s", r.status, r.raw)
	}
	facets := fmt.Sprint(r.body["x-facets"])
	if facets != "[country about_country group person place source year month]" {
		t.Errorf("x-facets = %s", facets)
	}
	props, _ := r.body["properties"].(map[string]any)
	for _, p := range []string{"q", "country", "country_op", "about_country", "about_country_op", "mentioned_from"} {
		if _, ok := props[p]; !ok {
			t.Errorf("schema lacks parameter %s", p)
		}
	}
	// Every example the UI's help and the README show parses, and the
	// README's syntax table shows every one.
	readme, err := os.ReadFile("../README.md")
	if err != nil {
		t.Fatal(err)
	}
	for _, ex := range syntaxExamples {
		if _, err := query.Parse(ex); err != nil {
			t.Errorf("syntax example %q does not parse: %v", ex, err)
		}
		if !strings.Contains(string(readme), "`"+ex+"`") {
			t.Errorf("README's syntax table lacks the example `%s`", ex)
		}
	}
	for _, p := range searchParams {
		if r := do(t, "GET", srv.URL+"/api/v1/search?"+p+"=", ""); r.status == 400 && strings.Contains(errorMessage(r), "unknown parameter") {
			t.Errorf("the schema's parameter %s is refused as unknown", p)
		}
	}
}

func TestSearchOpsAndExpandParameters(t *testing.T) {
	srv, _ := newServer(t, Options{})
	count := func(qs string) float64 {
		t.Helper()
		r := do(t, "GET", srv.URL+"/api/v1/search?"+qs, "")
		if r.status != 200 {
			t.Fatalf("%s: %d %s", qs, r.status, r.raw)
		}
		return r.body["total"].(float64)
	}
	if anyOf, allOf := count("country=IR&country=MX"), count("country=IR&country=MX&country_op=and"); anyOf != 3 || allOf != 0 {
		t.Errorf("IR or MX: %v, IR and MX: %v; want 3 and 0", anyOf, allOf)
	}
	if r := do(t, "GET", srv.URL+"/api/v1/search?country=IR&country_op=both", ""); r.status != 400 {
		t.Errorf("country_op=both: %d, want 400", r.status)
	}
	if on, off := count("q=Iranian"), count("q=Iranian&expand=false"); on != 2 || off != 1 {
		t.Errorf("Iranian: %v expanded, %v literal; want 2 and 1", on, off)
	}
}
