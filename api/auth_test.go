package api

import (
	"context"
	"fmt"
	"io"
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
	if body != "" {
		req.Header.Set("Content-Type", "application/json")
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
	return &index.Result{Page: 1, Size: 10, Hits: []index.Hit{}, Sort: index.SortRelevance}, nil
}

func (b *blockingStore) Stats(context.Context) (index.Stats, error) { return index.Stats{}, nil }

func TestConcurrentSearchBound(t *testing.T) {
	store := &blockingStore{entered: make(chan struct{}, 10), release: make(chan struct{})}
	srv := httptest.NewServer(validated(t, New(store, Options{MaxConcurrent: 2, RequestTimeout: 300 * time.Millisecond})))
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

func (b *blockingWrites) Writable() error { return nil }

// TestWritesTakeNoAPISlot: the index bounds writes per batch it commits, so
// the API lets more writes in than limits.max_concurrent_writes (2).
func TestWritesTakeNoAPISlot(t *testing.T) {
	store := &blockingWrites{entered: make(chan struct{}, 8), release: make(chan struct{})}
	srv := httptest.NewServer(validated(t, New(store, Options{RequestTimeout: time.Minute})))
	defer srv.Close()
	article := `{"body":"Iran","published_at":"2024-01-01"}`
	const writes = 4
	answered := make(chan int, writes)
	var wg sync.WaitGroup
	for range writes {
		wg.Go(func() {
			res, err := http.Post(srv.URL+"/api/v1/articles", "application/json", strings.NewReader(article))
			if err != nil {
				answered <- 0
				return
			}
			res.Body.Close()
			answered <- res.StatusCode
		})
	}
	for range writes {
		select {
		case <-store.entered:
		case status := <-answered:
			t.Fatalf("a write was answered %d before all %d reached the index", status, writes)
		}
	}
	close(store.release)
	wg.Wait()
	for range writes {
		if status := <-answered; status != 201 {
			t.Errorf("write answered %d", status)
		}
	}
}

// busyStore is an index whose write slots stay busy past the wait allowed.
type busyStore struct{ Store }

func (busyStore) Writable() error { return nil }

func (busyStore) Add(context.Context, index.Article) (index.Article, error) {
	return index.Article{}, fmt.Errorf("index article %q: %w", "x", index.ErrBusy)
}

func (busyStore) Delete(context.Context, string) error {
	return fmt.Errorf("delete article %q: %w", "x", index.ErrBusy)
}

func (busyStore) IngestNDJSON(_ context.Context, r io.Reader, _ int) (index.BulkResult, error) {
	io.Copy(io.Discard, r)
	return index.BulkResult{Indexed: 500, Errors: []index.LineError{}}, fmt.Errorf("index batch of 500 articles: %w", index.ErrBusy)
}

func TestIndexBusyIsOverloaded(t *testing.T) {
	srv := httptest.NewServer(validated(t, New(busyStore{}, Options{})))
	defer srv.Close()
	for _, tt := range []struct{ method, path, body string }{
		{"POST", "/api/v1/articles", `{"body":"Iran","published_at":"2024-01-01"}`},
		{"DELETE", "/api/v1/articles/x", ""},
		{"POST", "/api/v1/articles/_bulk", `{"body":"Iran","published_at":"2024-01-01"}`},
	} {
		r := do(t, tt.method, srv.URL+tt.path, tt.body)
		if r.status != 503 || errorCode(r) != "overloaded" || r.header.Get("Retry-After") == "" {
			t.Errorf("%s %s: %d %v %s", tt.method, tt.path, r.status, r.header, r.raw)
		}
		if tt.path == "/api/v1/articles/_bulk" && r.body["indexed"] != float64(500) {
			t.Errorf("bulk partial answer lost its count: %s", r.raw)
		}
	}
}

// blockingBackups holds every backup until released.
type blockingBackups struct {
	Store
	entered chan struct{}
	release chan struct{}
}

func (b *blockingBackups) Backup(_ context.Context, dir string) (index.BackupInfo, error) {
	b.entered <- struct{}{}
	<-b.release
	return index.BackupInfo{Path: dir}, nil
}

func TestOneBackupAtATime(t *testing.T) {
	store := &blockingBackups{entered: make(chan struct{}, 4), release: make(chan struct{})}
	srv := httptest.NewServer(validated(t, New(store, Options{BackupDir: t.TempDir(), RequestTimeout: 100 * time.Millisecond})))
	defer srv.Close()
	var wg sync.WaitGroup
	wg.Go(func() {
		res, err := http.Post(srv.URL+"/api/v1/admin/backup", "application/json", strings.NewReader(`{"name":"one"}`))
		if err == nil {
			res.Body.Close()
		}
	})
	<-store.entered
	r := do(t, "POST", srv.URL+"/api/v1/admin/backup", `{"name":"two"}`)
	if r.status != 503 || errorCode(r) != "overloaded" || !strings.Contains(errorMessage(r), "backup") {
		t.Errorf("second backup while one runs: %d %s", r.status, r.raw)
	}
	close(store.release)
	wg.Wait()
}
