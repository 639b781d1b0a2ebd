package client_test

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/searchd/searchd/api"
	"github.com/searchd/searchd/client"
)

// shape decodes an answer of the API into T refusing unknown fields (a
// field the client lacks fails), encodes T again and compares the two
// (a field the client names differently, or omits when the API does not,
// fails).
func shape[T any](t *testing.T, raw []byte) {
	t.Helper()
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.DisallowUnknownFields()
	var v T
	if err := dec.Decode(&v); err != nil {
		t.Fatalf("%T does not hold the answer: %v\n%s", v, err, raw)
	}
	back, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	var want, got any
	if err := json.Unmarshal(raw, &want); err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(back, &got); err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("%T does not give back the answer (-api +client):\n%s", v, diff)
	}
}

// rawCall sends a request and returns the answer's body.
func rawCall(t *testing.T, method, u, ctype, body string, wantStatus int) []byte {
	t.Helper()
	req, err := http.NewRequest(method, u, strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	if ctype != "" {
		req.Header.Set("Content-Type", ctype)
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	raw, _ := io.ReadAll(res.Body)
	if res.StatusCode != wantStatus {
		t.Fatalf("%s %s: %d, want %d: %s", method, u, res.StatusCode, wantStatus, raw)
	}
	return raw
}

// TestShapesMatchTheAPI checks every endpoint's answer, in its richest
// form, against the client's type of it.
func TestShapesMatchTheAPI(t *testing.T) {
	srv := newServer(t, api.Options{BackupDir: t.TempDir()})
	get := func(path string, params url.Values) []byte {
		t.Helper()
		u := srv.URL + path
		if params != nil {
			u += "?" + params.Encode()
		}
		return rawCall(t, http.MethodGet, u, "", "", http.StatusOK)
	}
	t.Run("healthz", func(t *testing.T) { shape[client.Health](t, get("/healthz", nil)) })
	t.Run("readyz", func(t *testing.T) { shape[client.Readiness](t, get("/readyz", nil)) })
	t.Run("stats", func(t *testing.T) { shape[client.Stats](t, get("/api/v1/stats", nil)) })
	t.Run("article", func(t *testing.T) { shape[client.Article](t, get("/api/v1/articles/a1", nil)) })
	t.Run("post article", func(t *testing.T) {
		shape[client.Article](t, rawCall(t, http.MethodPost, srv.URL+"/api/v1/articles", "application/json",
			`{"id":"new","url":"https://example.test/new","title":"Tehran","body":"Iran and Syria.","source":"Wire","language":"en","authors":["A. Writer"],"published_at":"2024-03-03"}`,
			http.StatusCreated))
	})
	t.Run("delete", func(t *testing.T) {
		shape[client.Deleted](t, rawCall(t, http.MethodDelete, srv.URL+"/api/v1/articles/new", "", "", http.StatusOK))
	})
	t.Run("bulk", func(t *testing.T) {
		shape[client.BulkResult](t, rawCall(t, http.MethodPost, srv.URL+"/api/v1/articles/_bulk", "application/x-ndjson",
			`{"id":"b1","body":"Iran","published_at":"2024-01-01"}`+"\n"+`{"id":"b2","body":""}`+"\n"+`not json`+"\n", http.StatusOK))
	})
	t.Run("search", func(t *testing.T) {
		shape[client.SearchResult](t, get("/api/v1/search", url.Values{"q": {"IRGC OR Quds"},
			"facets": {"country,group,person,place,source,year,month"}, "histogram": {"month"}, "country": {"Iran"}}))
	})
	t.Run("search without hits", func(t *testing.T) {
		shape[client.SearchResult](t, get("/api/v1/search", url.Values{"q": {"Damascuss"}}))
	})
	t.Run("explain", func(t *testing.T) {
		shape[client.Explanation](t, get("/api/v1/search/explain", url.Values{"q": {
			`(Iran OR Iraq) AND NOT oil "quds force"~2 title:Ira* /teh.*/ sanctoins~1 published_at:[2024-01 TO 2024-06} IRGC^2`}}))
	})
	t.Run("entities", func(t *testing.T) {
		shape[client.EntityList](t, get("/api/v1/entities", url.Values{"type": {"country"}}))
	})
	t.Run("suggest", func(t *testing.T) { shape[client.Suggestions](t, get("/api/v1/suggest", url.Values{"q": {"ir"}})) })
	t.Run("schema", func(t *testing.T) { shape[client.Schema](t, get("/api/v1/schema", nil)) })
	t.Run("significant", func(t *testing.T) {
		shape[client.Significance](t, get("/api/v1/significant", url.Values{"country": {"Iran"}, "type": {"group"}, "min_fg": {"1"}}))
	})
	t.Run("cooccurrence", func(t *testing.T) {
		shape[client.Cooccurrence](t, get("/api/v1/cooccurrence", url.Values{"entity": {"group:Quds Force"}}))
	})
	t.Run("network", func(t *testing.T) { shape[client.Network](t, get("/api/v1/network", nil)) })
	t.Run("trends", func(t *testing.T) {
		shape[client.Trends](t, get("/api/v1/trends", url.Values{"entities": {"group:IRGC,country:IR"}, "interval": {"week"}}))
	})
	t.Run("trends without buckets", func(t *testing.T) {
		shape[client.Trends](t, get("/api/v1/trends", url.Values{"q": {"nothingmatchesthis"}}))
	})
	t.Run("entity page", func(t *testing.T) { shape[client.EntityPage](t, get("/api/v1/entities/group/IRGC", nil)) })
	t.Run("backup", func(t *testing.T) {
		shape[client.BackupInfo](t, rawCall(t, http.MethodPost, srv.URL+"/api/v1/admin/backup", "application/json",
			`{"name":"shape"}`, http.StatusCreated))
	})
}
