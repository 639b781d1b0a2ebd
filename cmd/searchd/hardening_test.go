package main

import (
	"encoding/json"
	"io"
	"net/http"
	"path/filepath"
	"strings"
	"testing"
)

// TestServeHardening drives the real binary with the default config (no
// keys, loopback): a page of another site cannot write, a foreign Host
// name is not answered, and the new keys come from the environment.
func TestServeHardening(t *testing.T) {
	d := start(t, "SEARCHD_INDEX_PATH="+filepath.Join(t.TempDir(), "idx"), "SEARCHD_INGEST_LOAD_TESTDATA=false",
		"SEARCHD_HTTP_ALLOWED_HOSTS=news.example.org", "SEARCHD_HTTP_MAX_HEADER_BYTES=8192")
	send := func(method, path, body string, header ...string) (int, string, map[string]any) {
		t.Helper()
		req, err := http.NewRequest(method, d.base+path, strings.NewReader(body))
		if err != nil {
			t.Fatal(err)
		}
		for i := 0; i+1 < len(header); i += 2 {
			if header[i] == "Host" {
				req.Host = header[i+1]
			} else {
				req.Header.Set(header[i], header[i+1])
			}
		}
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer res.Body.Close()
		raw, _ := io.ReadAll(res.Body)
		var v map[string]any
		_ = json.Unmarshal(raw, &v)
		code := ""
		if e, ok := v["error"].(map[string]any); ok {
			code, _ = e["code"].(string)
		}
		return res.StatusCode, code, v
	}
	article := `{"id":"h1","body":"Iran","published_at":"2024-01-01"}`
	for _, tt := range []struct {
		name, method, path, body string
		header                   []string
		status                   int
		code                     string
	}{
		{"cross-site text/plain write", "POST", "/api/v1/articles", article,
			[]string{"Content-Type", "text/plain", "Origin", "https://evil.example"}, 403, "forbidden_origin"},
		{"cross-site backup", "POST", "/api/v1/admin/backup", "",
			[]string{"Content-Type", "text/plain", "Origin", "https://evil.example"}, 403, "forbidden_origin"},
		{"text/plain from a script", "POST", "/api/v1/articles", article,
			[]string{"Content-Type", "text/plain"}, 415, "unsupported_media_type"},
		{"rebound name", "GET", "/api/v1/search?q=iran", "", []string{"Host", "attacker.example:8080"}, 421, "misdirected_host"},
		{"allowed name", "GET", "/api/v1/search?q=iran", "", []string{"Host", "news.example.org"}, 200, ""},
		{"JSON from a script", "POST", "/api/v1/articles", article, []string{"Content-Type", "application/json"}, 201, ""},
	} {
		if status, code, v := send(tt.method, tt.path, tt.body, tt.header...); status != tt.status || code != tt.code {
			t.Errorf("%s: %d %q %v, want %d %q", tt.name, status, code, v, tt.status, tt.code)
		}
	}
	// Past max_header_bytes net/http answers 431 itself, in plain text,
	// before any handler runs (see README).
	if status, _, _ := send("GET", "/api/v1/search?q=x", "", "X-Padding", strings.Repeat("p", 16<<10)); status != 431 {
		t.Errorf("headers past http.max_header_bytes: %d", status)
	}
	if status, _, v := send("GET", "/api/v1/stats", ""); status != 200 || v["writable"] != true {
		t.Errorf("stats: %d %v", status, v)
	}
}
