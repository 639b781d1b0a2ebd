package api

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// The API's articles (see api_test.go): a1 Iran, IRGC, Quds Force, Tehran;
// a2 Iran, Hezbollah, Damascus; a3 Quds Force, Mexico, United States; a4 none.

func TestAnalystViews(t *testing.T) {
	srv, _ := newServer(t, Options{})
	cases := []struct {
		name, path string
		check      func(t *testing.T, body map[string]any)
	}{
		{"significant", "/api/v1/significant?country=Iranian&type=group&min_fg=1", func(t *testing.T, body map[string]any) {
			// Iran's articles a1 a2 (fg_total 2 of 4): IRGC 1 of 2 against 1
			// of 4: (0.5-0.25)*0.5/0.25 = 0.5; Hezbollah the same; Quds Force
			// 1 of 2 against 2 of 4 is not over-represented.
			if body["fg_total"] != 2.0 || body["bg_total"] != 4.0 || body["score"] != "jlh" {
				t.Errorf("totals: %v", body)
			}
			var got []string
			for _, e := range body["entities"].([]any) {
				got = append(got, e.(map[string]any)["value"].(string))
			}
			if diff := cmp.Diff([]string{"Hezbollah", "Islamic Revolutionary Guard Corps"}, got); diff != "" {
				t.Errorf("entities (-want +got):\n%s", diff)
			}
		}},
		{"cooccurrence", "/api/v1/cooccurrence?entity=group:Quds%20Force&type=country,group", func(t *testing.T, body map[string]any) {
			entity := body["entity"].(map[string]any)
			if entity["value"] != "Quds Force" || entity["count"] != 2.0 {
				t.Errorf("entity: %v", entity)
			}
			types := body["types"].(map[string]any)
			if len(types) != 2 || len(types["country"].([]any)) != 3 {
				t.Errorf("types: %v", types)
			}
		}},
		{"network", "/api/v1/network?types=group&size=3", func(t *testing.T, body map[string]any) {
			// Quds Force 2; Hezbollah 1 and IRGC 1; Quds Force-IRGC share a1.
			if len(body["nodes"].([]any)) != 3 || len(body["edges"].([]any)) != 1 {
				t.Errorf("graph: %v", body)
			}
		}},
		{"trends", "/api/v1/trends?q=&entities=group:IRGC&interval=year&from=2023&to=2025", func(t *testing.T, body map[string]any) {
			series := body["series"].([]any)
			if len(series) != 2 || series[1].(map[string]any)["key"] != "group:Islamic Revolutionary Guard Corps" {
				t.Fatalf("series: %v", series)
			}
			var counts []float64
			for _, b := range series[0].(map[string]any)["buckets"].([]any) {
				counts = append(counts, b.(map[string]any)["count"].(float64))
			}
			if diff := cmp.Diff([]float64{1, 2, 1}, counts); diff != "" {
				t.Errorf("2023-2025 (-want +got):\n%s", diff)
			}
		}},
		{"entity page", "/api/v1/entities/group/irgc", func(t *testing.T, body map[string]any) {
			if body["value"] != "Islamic Revolutionary Guard Corps" || body["count"] != 1.0 || len(body["latest"].([]any)) != 1 {
				t.Errorf("page: %v", body)
			}
		}},
		{"entity page, country", "/api/v1/entities/country/Iranian?latest=1&size=1", func(t *testing.T, body map[string]any) {
			if body["value"] != "IR" || body["count"] != 2.0 || len(body["latest"].([]any)) != 1 {
				t.Errorf("page: %v", body)
			}
		}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			res := do(t, http.MethodGet, srv.URL+c.path, "")
			if res.status != http.StatusOK {
				t.Fatalf("status %d: %s", res.status, res.raw)
			}
			c.check(t, res.body)
		})
	}
}

func TestAnalystErrors(t *testing.T) {
	srv, _ := newServer(t, Options{})
	six := url.QueryEscape("group:IRGC,group:Hezbollah,group:Quds Force,country:IR,country:US,country:MX")
	cases := []struct {
		name, path string
		status     int
		code       string
		param      string // the error's param, when the index names it
		message    string // a part of the message
	}{
		{"significant without type", "/api/v1/significant?q=iran", 400, "invalid_argument", "type", "required"},
		{"significant bad type", "/api/v1/significant?type=planet", 400, "invalid_argument", "type", "planet"},
		{"significant bad min_fg", "/api/v1/significant?type=group&min_fg=-1", 400, "invalid_argument", "min_fg", ""},
		{"significant bad size", "/api/v1/significant?type=group&size=x", 400, "invalid_argument", "", "size"},
		{"significant unknown parameter", "/api/v1/significant?type=group&facets=country", 400, "invalid_argument", "", "facets"},
		{"significant bad filter", "/api/v1/significant?type=group&country=Atlantis", 400, "invalid_argument", "country", "Atlantis"},
		{"significant bad query", "/api/v1/significant?type=group&q=(iran", 400, "bad_query", "q", ""},
		{"significant two types", "/api/v1/significant?type=group&type=person", 400, "invalid_argument", "", "once"},
		{"cooccurrence two entities", "/api/v1/cooccurrence?entity=group:IRGC&entity=group:Hezbollah", 400, "invalid_argument", "", "entity"},
		{"cooccurrence without entity", "/api/v1/cooccurrence", 400, "invalid_argument", "entity", "required"},
		{"cooccurrence bad entity", "/api/v1/cooccurrence?entity=Hezbollah", 400, "invalid_argument", "entity", "type:value"},
		{"cooccurrence bad type", "/api/v1/cooccurrence?entity=group:Hezbollah&type=planet", 400, "invalid_argument", "type", "planet"},
		{"cooccurrence unknown entity", "/api/v1/cooccurrence?entity=group:Nobody", 404, "not_found", "entity", "Nobody"},
		{"network bad types", "/api/v1/network?types=group,planet", 400, "invalid_argument", "types", "planet"},
		{"network too large", "/api/v1/network?size=1000", 400, "invalid_argument", "size", ""},
		{"trends bad interval", "/api/v1/trends?interval=hour", 400, "invalid_argument", "interval", "hour"},
		{"trends too many entities", "/api/v1/trends?entities=" + six, 400, "invalid_argument", "entities", "at most 5"},
		{"trends too many buckets", "/api/v1/trends?interval=day&from=1990&to=2025", 400, "invalid_argument", "interval", "narrow"},
		{"trends unknown entity", "/api/v1/trends?entities=person:Nobody", 404, "not_found", "entities", ""},
		{"entity page bad type", "/api/v1/entities/planet/Mars", 400, "invalid_argument", "", "planet"},
		{"entity page unknown", "/api/v1/entities/group/Nobody", 404, "not_found", "value", "Nobody"},
		{"entity page unknown, slash", "/api/v1/entities/group/AC%2FDC", 404, "not_found", "value", "AC/DC"},
		{"entity page unknown parameter", "/api/v1/entities/group/IRGC?q=x", 400, "invalid_argument", "", "q"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			res := do(t, http.MethodGet, srv.URL+c.path, "")
			if res.status != c.status {
				t.Fatalf("status %d, want %d: %s", res.status, c.status, res.raw)
			}
			e, _ := res.body["error"].(map[string]any)
			if e["code"] != c.code {
				t.Errorf("code %v, want %s", e["code"], c.code)
			}
			if c.param != "" && e["param"] != c.param {
				t.Errorf("param %v, want %s", e["param"], c.param)
			}
			if msg, _ := e["message"].(string); !strings.Contains(msg, c.message) {
				t.Errorf("message %q lacks %q", msg, c.message)
			}
		})
	}
}
