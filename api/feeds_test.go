package api

import (
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/searchd/searchd/feeds"
)

const feedKey = "feeds-write-key-0123456789"

// newFeedServer serves the API with a feed manager that is not running
// (nothing is fetched), keeping its state in stateFile.
func newFeedServer(t *testing.T, stateFile string, opts Options) (string, *feeds.Manager) {
	t.Helper()
	ix := newIndex(t)
	m, err := feeds.New(ix, feeds.Options{
		Sources:         []feeds.Source{{URL: "https://config.example.org/rss.xml", Interval: 30 * time.Minute}},
		StateFile:       stateFile,
		DefaultInterval: time.Hour,
		MinInterval:     time.Minute,
	})
	if err != nil {
		t.Fatal(err)
	}
	opts.Feeds = m
	srv := httptest.NewServer(validated(t, New(ix, opts)))
	t.Cleanup(srv.Close)
	return srv.URL, m
}

func withKey(key string) http.Header {
	h := http.Header{"Content-Type": {"application/json"}}
	if key != "" {
		h.Set("Authorization", "Bearer "+key)
	}
	return h
}

func TestFeedsAPI(t *testing.T) {
	base, _ := newFeedServer(t, filepath.Join(t.TempDir(), "feeds.json"), Options{WriteKeys: []string{feedKey}})
	url := base + "/api/v1/feeds"
	tests := []struct {
		name, method, path, body string
		header                   http.Header
		status                   int
		code, msg                string
	}{
		{"list", "GET", "", "", nil, 200, "", ""},
		{"add without key", "POST", "", `{"url":"https://news.example.org/rss.xml"}`, withKey(""), 401, "unauthorized", ""},
		{"add with a wrong key", "POST", "", `{"url":"https://news.example.org/rss.xml"}`, withKey("not-the-key-0123456789"), 403, "forbidden", ""},
		{"add", "POST", "", `{"url":"https://news.example.org/rss.xml","interval":"20m"}`, withKey(feedKey), 201, "", ""},
		{"add again", "POST", "", `{"url":"HTTPS://News.Example.org/rss.xml?utm_source=x"}`, withKey(feedKey), 409, "conflict", "already polled"},
		{"add a config feed", "POST", "", `{"url":"https://config.example.org/rss.xml"}`, withKey(feedKey), 409, "conflict", "already polled"},
		{"add not JSON", "POST", "", `url=https://x.example.org/`, http.Header{"Content-Type": {"application/x-www-form-urlencoded"}, "Authorization": {"Bearer " + feedKey}}, 415, "unsupported_media_type", ""},
		{"add malformed", "POST", "", `{"url":`, withKey(feedKey), 400, "invalid_argument", "feed body"},
		{"add unknown field", "POST", "", `{"url":"https://x.example.org/","every":"1h"}`, withKey(feedKey), 400, "invalid_argument", `unknown field "every"`},
		{"add without url", "POST", "", `{"interval":"1h"}`, withKey(feedKey), 400, "invalid_argument", `"url" is required`},
		{"add ftp", "POST", "", `{"url":"ftp://x.example.org/feed"}`, withKey(feedKey), 400, "invalid_argument", "http or https"},
		{"add with a password", "POST", "", `{"url":"https://reader:s3cret@x.example.org/feed"}`, withKey(feedKey), 400, "invalid_argument", "password"},
		{"add a long URL", "POST", "", `{"url":"https://x.example.org/` + strings.Repeat("a", 3000) + `"}`, withKey(feedKey), 400, "invalid_argument", "longer than 2048"},
		{"add relative", "POST", "", `{"url":"/rss.xml"}`, withKey(feedKey), 400, "invalid_argument", ""},
		{"add bad interval", "POST", "", `{"url":"https://x.example.org/","interval":"soon"}`, withKey(feedKey), 400, "invalid_argument", `"interval"`},
		{"add short interval", "POST", "", `{"url":"https://x.example.org/","interval":"5s"}`, withKey(feedKey), 400, "invalid_argument", "feeds.min_interval"},
		{"add metadata address", "POST", "", `{"url":"http://169.254.169.254/latest/"}`, withKey(feedKey), 400, "invalid_argument", "link-local (cloud metadata)"},
		{"add loopback", "POST", "", `{"url":"http://127.0.0.1:8080/api/v1/stats"}`, withKey(feedKey), 400, "invalid_argument", "loopback"},
		{"delete without key", "DELETE", "/0123456789abcdef", "", withKey(""), 401, "unauthorized", ""},
		{"delete unknown", "DELETE", "/0123456789abcdef", "", withKey(feedKey), 404, "not_found", "0123456789abcdef"},
		{"wrong method", "PUT", "", "", nil, 405, "method_not_allowed", ""},
		{"wrong method on a feed", "GET", "/0123456789abcdef", "", nil, 405, "method_not_allowed", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := tt.header
			if h == nil {
				h = http.Header{}
			}
			r := doWith(t, tt.method, url+tt.path, tt.body, h)
			if r.status != tt.status || errorCode(r) != tt.code || !strings.Contains(errorMessage(r), tt.msg) {
				t.Errorf("%s %s: %d %s, want %d %q with %q", tt.method, tt.path, r.status, r.raw, tt.status, tt.code, tt.msg)
			}
			if tt.status >= 400 && !strings.HasPrefix(r.header.Get("Content-Type"), "application/json") {
				t.Errorf("error answered as %q", r.header.Get("Content-Type"))
			}
		})
	}
	if r := doWith(t, "PUT", url, "", http.Header{}); r.header.Get("Allow") != "GET, POST" {
		t.Errorf("405 Allow = %q", r.header.Get("Allow"))
	}

	r := do(t, "GET", url, "")
	list, _ := r.body["feeds"].([]any)
	if r.status != 200 || len(list) != 2 {
		t.Fatalf("GET: %d %s, want 2 feeds", r.status, r.raw)
	}
	var added, configured map[string]any
	for _, f := range list {
		f := f.(map[string]any)
		switch f["origin"] {
		case "api":
			added = f
		case "config":
			configured = f
		}
	}
	if added == nil || configured == nil {
		t.Fatalf("feeds %s, want one from config and one from the API", r.raw)
	}
	for key, want := range map[string]any{"url": "https://news.example.org/rss.xml", "interval": "20m0s", "status": "pending",
		"articles": 0.0, "failures": 0.0, "last_poll": nil, "last_success": nil} {
		if added[key] != want {
			t.Errorf("added feed %s = %v, want %v", key, added[key], want)
		}
	}
	for _, key := range []string{"id", "next_poll", "added_at"} {
		if s, _ := added[key].(string); s == "" {
			t.Errorf("added feed has no %s: %v", key, added)
		}
	}
	if items, ok := added["item_errors"].([]any); !ok || len(items) != 0 {
		t.Errorf("item_errors = %v, want []", added["item_errors"])
	}

	if r := doWith(t, "DELETE", url+"/"+configured["id"].(string), "", withKey(feedKey)); r.status != 409 || errorCode(r) != "conflict" ||
		!strings.Contains(errorMessage(r), "feeds.sources") {
		t.Errorf("DELETE a config feed: %d %s, want 409 naming feeds.sources", r.status, r.raw)
	}
	if r := doWith(t, "DELETE", url+"/"+added["id"].(string), "", withKey(feedKey)); r.status != 200 || r.body["deleted"] != true {
		t.Errorf("DELETE: %d %s", r.status, r.raw)
	}
	if r := do(t, "GET", url, ""); len(r.body["feeds"].([]any)) != 1 {
		t.Errorf("after DELETE: %s, want only the config feed", r.raw)
	}
}

func TestFeedsAPIReadKeys(t *testing.T) {
	base, _ := newFeedServer(t, "", Options{WriteKeys: []string{feedKey}, ReadKeys: []string{"feeds-read-key-0123456789"}})
	if r := do(t, "GET", base+"/api/v1/feeds", ""); r.status != 401 {
		t.Errorf("GET without a key: %d %s, want 401", r.status, r.raw)
	}
	if r := doWith(t, "GET", base+"/api/v1/feeds", "", withKey("feeds-read-key-0123456789")); r.status != 200 {
		t.Errorf("GET with the read key: %d %s", r.status, r.raw)
	}
	if r := doWith(t, "POST", base+"/api/v1/feeds", `{"url":"https://x.example.org/"}`, withKey("feeds-read-key-0123456789")); r.status != 403 {
		t.Errorf("POST with a read key: %d %s, want 403", r.status, r.raw)
	}
}

func TestFeedsAddedAtRunTimeSurviveRestart(t *testing.T) {
	state := filepath.Join(t.TempDir(), "feeds.json")
	base, _ := newFeedServer(t, state, Options{})
	r := do(t, "POST", base+"/api/v1/feeds", `{"url":"https://news.example.org/atom.xml","interval":"45m"}`)
	if r.status != 201 {
		t.Fatalf("POST: %d %s", r.status, r.raw)
	}
	id := r.body["id"]

	// A new manager and server over the same state file: the restart.
	base2, _ := newFeedServer(t, state, Options{})
	r = do(t, "GET", base2+"/api/v1/feeds", "")
	var found map[string]any
	for _, f := range r.body["feeds"].([]any) {
		if f := f.(map[string]any); f["id"] == id {
			found = f
		}
	}
	if found == nil || found["url"] != "https://news.example.org/atom.xml" || found["interval"] != "45m0s" || found["origin"] != "api" {
		t.Fatalf("after restart: %s, want the feed added before (id %v)", r.raw, id)
	}
	entries, _ := os.ReadDir(filepath.Dir(state))
	if len(entries) != 1 {
		t.Errorf("state directory holds %d files, want only feeds.json (no temporary files left)", len(entries))
	}
}

func TestFeedsDisabled(t *testing.T) {
	srv, _ := newServer(t, Options{})
	if r := do(t, "GET", srv.URL+"/api/v1/feeds", ""); r.status != 404 || errorCode(r) != "not_found" {
		t.Errorf("GET without a feed service: %d %s, want 404", r.status, r.raw)
	}
}
