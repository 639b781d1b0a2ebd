package api

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/searchd/searchd/index"
)

const (
	writeKey = "w-0123456789abcdef"
	readKey  = "r-0123456789abcdef"
)

func doAuth(t *testing.T, method, url, key, body string) response {
	t.Helper()
	req, err := http.NewRequest(method, url, strings.NewReader(body))
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
	r := response{status: res.StatusCode, header: res.Header}
	return r
}

func TestWriteKeys(t *testing.T) {
	srv, _ := newServer(t, Options{WriteKeys: []string{writeKey}})
	article := `{"body":"Iran","published_at":"2024-01-01"}`
	tests := []struct {
		name, method, path, key, body string
		status                        int
	}{
		{"post without key", "POST", "/api/v1/articles", "", article, 401},
		{"post wrong key", "POST", "/api/v1/articles", "nope-nope-nope-nope", article, 403},
		{"post read key is not a write key", "POST", "/api/v1/articles", readKey, article, 403},
		{"post with key", "POST", "/api/v1/articles", writeKey, article, 201},
		{"bulk without key", "POST", "/api/v1/articles/_bulk", "", article, 401},
		{"bulk with key", "POST", "/api/v1/articles/_bulk", writeKey, article, 200},
		{"delete without key", "DELETE", "/api/v1/articles/a1", "", "", 401},
		{"delete with key", "DELETE", "/api/v1/articles/a1", writeKey, "", 200},
		{"backup without key", "POST", "/api/v1/admin/backup", "", `{}`, 401},
		{"backup wrong key", "POST", "/api/v1/admin/backup", readKey, `{}`, 403},
		{"search stays open", "GET", "/api/v1/search?q=iran", "", "", 200},
		{"search by POST stays open", "POST", "/api/v1/search", "", `{"q":"iran"}`, 200},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := doAuth(t, tt.method, srv.URL+tt.path, tt.key, tt.body)
			if r.status != tt.status {
				t.Errorf("status = %d, want %d", r.status, tt.status)
			}
			if r.status == 401 && r.header.Get("WWW-Authenticate") == "" {
				t.Errorf("401 without WWW-Authenticate")
			}
		})
	}
}

func TestReadKeys(t *testing.T) {
	srv, _ := newServer(t, Options{WriteKeys: []string{writeKey}, ReadKeys: []string{readKey}})
	for _, tt := range []struct {
		path, key string
		status    int
	}{
		{"/api/v1/search", "", 401},
		{"/api/v1/search", "wrong-wrong-wrong-wrong", 403},
		{"/api/v1/search", readKey, 200},
		{"/api/v1/search", writeKey, 200},
		{"/api/v1/articles/a1", "", 401},
		{"/api/v1/entities?type=country", readKey, 200},
		{"/api/v1/stats", "", 401},
		{"/healthz", "", 200},
		{"/", "", 200},
	} {
		if r := doAuth(t, "GET", srv.URL+tt.path, tt.key, ""); r.status != tt.status {
			t.Errorf("GET %s with %q: status %d, want %d", tt.path, tt.key, r.status, tt.status)
		}
	}
}

func TestKeySetConstantTimeCompare(t *testing.T) {
	ks := newKeySet([]string{writeKey, readKey})
	for key, want := range map[string]bool{writeKey: true, readKey: true, writeKey + "x": false, writeKey[:10]: false, "": false} {
		if got := ks.contains(key); got != want {
			t.Errorf("contains(%q) = %v", key, got)
		}
	}
}

func TestCORS(t *testing.T) {
	allowed := "https://newsroom.example.org"
	srv, _ := newServer(t, Options{CORSOrigins: []string{allowed}})
	pre := func(origin string) *http.Response {
		req, _ := http.NewRequest("OPTIONS", srv.URL+"/api/v1/search", nil)
		req.Header.Set("Origin", origin)
		req.Header.Set("Access-Control-Request-Method", "POST")
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		return res
	}
	if res := pre(allowed); res.StatusCode != 204 || res.Header.Get("Access-Control-Allow-Origin") != allowed {
		t.Errorf("preflight from allowed origin: %d %v", res.StatusCode, res.Header)
	}
	if res := pre("https://evil.example"); res.StatusCode != 403 || res.Header.Get("Access-Control-Allow-Origin") != "" {
		t.Errorf("preflight from other origin: %d %v", res.StatusCode, res.Header)
	}
	// Without configured origins no CORS header is ever sent.
	plain, _ := newServer(t, Options{})
	req, _ := http.NewRequest("GET", plain.URL+"/api/v1/search", nil)
	req.Header.Set("Origin", allowed)
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.Header.Get("Access-Control-Allow-Origin") != "" {
		t.Errorf("CORS header without configuration: %v", res.Header)
	}
}

// blockingStore holds every search until released, to fill the slots.
type blockingStore struct {
	Store
	entered chan struct{}
	release chan struct{}
}

func (b *blockingStore) Search(ctx context.Context, _ index.Query) (*index.Result, error) {
	b.entered <- struct{}{}
	<-b.release // ignores ctx on purpose: the slot stays taken past the deadline
	return &index.Result{Hits: []index.Hit{}}, nil
}

func (b *blockingStore) Stats(context.Context) (index.Stats, error) { return index.Stats{}, nil }

func TestConcurrentSearchBound(t *testing.T) {
	store := &blockingStore{entered: make(chan struct{}, 10), release: make(chan struct{})}
	srv := httptest.NewServer(New(store, Options{MaxConcurrent: 2, RequestTimeout: 300 * time.Millisecond}))
	defer srv.Close()
	var wg sync.WaitGroup
	statuses := make(chan int, 3)
	for range 2 {
		wg.Go(func() {
			res, err := http.Get(srv.URL + "/api/v1/search")
			if err == nil {
				statuses <- res.StatusCode
				res.Body.Close()
			}
		})
	}
	<-store.entered
	<-store.entered
	// Both slots are taken: a third search waits for its deadline, then 503,
	// while health checks answer at once.
	if res, err := http.Get(srv.URL + "/healthz"); err != nil || res.StatusCode != 200 {
		t.Fatalf("healthz while searches run: %v %v", res, err)
	}
	r := do(t, "GET", srv.URL+"/api/v1/search", "")
	if r.status != 503 || errorCode(r) != "overloaded" || r.header.Get("Retry-After") == "" {
		t.Errorf("third search: %d %s", r.status, r.raw)
	}
	close(store.release)
	wg.Wait()
}

// blockingWrites holds every single-article write until released.
type blockingWrites struct {
	Store
	entered chan struct{}
	release chan struct{}
}

func (b *blockingWrites) Add(ctx context.Context, a index.Article) (index.Article, error) {
	b.entered <- struct{}{}
	<-b.release
	return a, nil
}

func TestConcurrentWriteBound(t *testing.T) {
	store := &blockingWrites{entered: make(chan struct{}, 4), release: make(chan struct{})}
	srv := httptest.NewServer(New(store, Options{MaxWrites: 1, RequestTimeout: 200 * time.Millisecond}))
	defer srv.Close()
	article := `{"body":"Iran","published_at":"2024-01-01"}`
	var wg sync.WaitGroup
	wg.Go(func() {
		res, err := http.Post(srv.URL+"/api/v1/articles", "application/json", strings.NewReader(article))
		if err == nil {
			res.Body.Close()
		}
	})
	<-store.entered
	r := do(t, "POST", srv.URL+"/api/v1/articles", article)
	if r.status != 503 || errorCode(r) != "overloaded" {
		t.Errorf("second write while the slot is held: %d %s", r.status, r.raw)
	}
	close(store.release)
	wg.Wait()
}
