package api

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/searchd/searchd/errs"
	"github.com/searchd/searchd/index"
)

// fullDisk is a real index on a disk that filled up: reads work, writes
// are refused.
type fullDisk struct{ *index.Index }

const fullDiskPath = "/var/lib/searchd/data/searchd.bleve"

func (fullDisk) Writable() error {
	return fmt.Errorf("%s: 3 MiB free, below the reserve of 64 MiB: %w", fullDiskPath, index.ErrNoSpace)
}

// TestDiskFull is row 1 of the adversarial report, as the API sees it.
func TestDiskFull(t *testing.T) {
	srv := httptest.NewServer(validated(t, New(fullDisk{newIndex(t)}, Options{})))
	defer srv.Close()
	article := `{"body":"Iran","published_at":"2024-01-01"}`
	for _, tt := range []struct {
		name, method, path, body string
		status                   int
		code                     string
	}{
		{"healthz stays up", "GET", "/healthz", "", 200, ""},
		{"readyz says read-only, still serving reads", "GET", "/readyz", "", 200, ""},
		{"readyz of the write path says why", "GET", "/readyz?writes=true", "", 503, "read_only"},
		{"search works", "GET", "/api/v1/search?q=iran", "", 200, ""},
		{"get works", "GET", "/api/v1/articles/a1", "", 200, ""},
		{"post refused", "POST", "/api/v1/articles", article, 507, "insufficient_storage"},
		{"bulk refused", "POST", "/api/v1/articles/_bulk", article, 507, "insufficient_storage"},
		{"delete refused", "DELETE", "/api/v1/articles/a1", "", 507, "insufficient_storage"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			r := do(t, tt.method, srv.URL+tt.path, tt.body)
			if r.status != tt.status || errorCode(r) != tt.code {
				t.Errorf("%d %s, want %d %q", r.status, r.raw, tt.status, tt.code)
			}
			if strings.Contains(r.raw, "/var/lib") {
				t.Errorf("answer names a server path: %s", r.raw)
			}
		})
	}
	r := do(t, "GET", srv.URL+"/readyz?writes=true", "")
	if !strings.Contains(errorMessage(r), "3 MiB free") || !strings.Contains(errorMessage(r), "read-only") {
		t.Errorf("readyz message: %s", r.raw)
	}
	r = do(t, "GET", srv.URL+"/readyz", "")
	if r.body["status"] != "read_only" || r.body["writable"] != false || !strings.Contains(fmt.Sprint(r.body["reason"]), "3 MiB free") {
		t.Errorf("readyz on a full disk: %s", r.raw)
	}
	r = do(t, "GET", srv.URL+"/api/v1/stats", "")
	reason, _ := r.body["read_only_reason"].(string)
	if r.status != 200 || r.body["writable"] != false || !strings.Contains(reason, "3 MiB free") || strings.Contains(reason, "/var/lib") {
		t.Errorf("stats: %d %s", r.status, r.raw)
	}
}

func TestStatsWritable(t *testing.T) {
	srv, _ := newServer(t, Options{})
	r := do(t, "GET", srv.URL+"/api/v1/stats", "")
	if _, ok := r.body["read_only_reason"]; r.body["writable"] != true || ok {
		t.Errorf("stats: %s", r.raw)
	}
}

// noSpaceStore is an index that finds the disk full while committing:
// Writable said yes a moment before.
type noSpaceStore struct{ Store }

func (noSpaceStore) Writable() error { return nil }

func (noSpaceStore) Add(context.Context, index.Article) (index.Article, error) {
	return index.Article{}, fmt.Errorf("index article %q: write %s/000000000042.zap: no space left on device: %w",
		"x", fullDiskPath, index.ErrNoSpace)
}

func (noSpaceStore) IngestNDJSON(_ context.Context, r io.Reader, _ int) (index.BulkResult, error) {
	io.Copy(io.Discard, r)
	msg := "batch not indexed: write acknowledgement: open " + fullDiskPath + "/searchd_ack.json.tmp: no space left on device"
	return index.BulkResult{Indexed: 1, Failed: 2, Errors: []index.LineError{{Line: 2, ID: "b", Error: msg}, {Line: 3, ID: "c", Error: msg}}},
		fmt.Errorf("index batch of 2 articles: %w", index.ErrNoSpace)
}

func TestNoSpaceWhileWriting(t *testing.T) {
	var logs syncBuffer
	srv := httptest.NewServer(validated(t, New(noSpaceStore{}, Options{Logger: slog.New(slog.NewTextHandler(&logs, nil))})))
	defer srv.Close()
	r := do(t, "POST", srv.URL+"/api/v1/articles", `{"body":"Iran","published_at":"2024-01-01"}`)
	if r.status != 507 || errorCode(r) != "insufficient_storage" || !strings.Contains(errorMessage(r), "disk") {
		t.Errorf("post: %d %s", r.status, r.raw)
	}
	r = do(t, "POST", srv.URL+"/api/v1/articles/_bulk", "{}\n{}\n{}")
	if r.status != 507 || errorCode(r) != "insufficient_storage" || r.body["indexed"] != float64(1) || r.body["failed"] != float64(2) {
		t.Errorf("bulk: %d %s", r.status, r.raw)
	}
	if strings.Contains(r.raw, "/var/lib") || !strings.Contains(r.raw, "open <path>: no space left on device") {
		t.Errorf("bulk line errors must not name server paths: %s", r.raw)
	}
	if !strings.Contains(logs.String(), "level=WARN") || strings.Contains(logs.String(), "level=ERROR") {
		t.Errorf("a full disk is a warning, once a request:\n%s", logs.String())
	}
}

func TestRedactPaths(t *testing.T) {
	for _, tt := range []struct{ in, want string }{
		{"open /var/lib/searchd/x.zap: no space left on device", "open <path>: no space left on device"},
		{"/data/idx/searchd_ack.json.tmp: disk full", "<path>: disk full"},
		{`backup: "/srv/backups/nightly" exists`, `backup: "<path>" exists`},
		{"(at /tmp/a/b)", "(at <path>)"},
		{"url https://example.test/2024/04/quds is fine", "url https://example.test/2024/04/quds is fine"},
		{"one element /tmp is not a path worth hiding", "one element /tmp is not a path worth hiding"},
		{`field "body" is required`, `field "body" is required`},
		{"published_at: want YYYY-MM-DD, got 2024/01/01", "published_at: want YYYY-MM-DD, got 2024/01/01"},
	} {
		if got := redactPaths(tt.in); got != tt.want {
			t.Errorf("redactPaths(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

// TestTooManyQueryParams is row 7: past 10,000 parameters Go's URL.Query
// drops them all, and the search ran as match-all with every filter
// ignored.
func TestTooManyQueryParams(t *testing.T) {
	srv, _ := newServer(t, Options{})
	many := "q=quds" + strings.Repeat("&country=Atlantis", 10000) // 10,001 parameters
	for _, path := range []string{"/api/v1/search?", "/api/v1/entities?type=country&"} {
		r := do(t, "GET", srv.URL+path+many, "")
		if r.status != 400 || errorCode(r) != "invalid_argument" || !strings.Contains(errorMessage(r), "10000") {
			t.Errorf("%s with 10,001 parameters: %d %s", path, r.status, r.raw)
		}
	}
	for _, bad := range []string{"q=iran;country=IR", "q=%zz"} {
		if r := do(t, "GET", srv.URL+"/api/v1/search?"+bad, ""); r.status != 400 || !strings.Contains(errorMessage(r), "query string") {
			t.Errorf("search?%s: %d %s", bad, r.status, r.raw)
		}
	}
}

// panicStore panics in every search.
type panicStore struct{ Store }

func (panicStore) Search(context.Context, index.Query) (*index.Result, error) { panic("boom") }

func TestPanicIsJSON(t *testing.T) {
	var logs syncBuffer
	srv := httptest.NewServer(validated(t, New(panicStore{}, Options{Logger: slog.New(slog.NewTextHandler(&logs, nil))})))
	defer srv.Close()
	r := do(t, "GET", srv.URL+"/api/v1/search?q=x", "")
	if r.status != 500 || errorCode(r) != "internal" || r.header.Get("X-Content-Type-Options") != "nosniff" {
		t.Errorf("panic: %d %v %s", r.status, r.header, r.raw)
	}
	if !strings.Contains(logs.String(), "panic in handler") || !strings.Contains(logs.String(), "status=500") {
		t.Errorf("panic not logged with its status:\n%s", logs.String())
	}
}

func TestPreflightRefusedIsJSON(t *testing.T) {
	srv, _ := newServer(t, Options{CORSOrigins: []string{"https://newsroom.example.org"}})
	r := doWith(t, "OPTIONS", srv.URL+"/api/v1/articles", "",
		hdr("Origin", "https://evil.example", "Access-Control-Request-Method", "POST"))
	if r.status != http.StatusForbidden || errorCode(r) != "forbidden_origin" {
		t.Errorf("preflight: %d %s", r.status, r.raw)
	}
}

// TestEveryKindHasAnAnswer: a kind added to the core either gets a 4xx or
// 503 answer here or is listed as a fault of the service.
func TestEveryKindHasAnAnswer(t *testing.T) {
	faults := map[errs.Kind]bool{errs.Locked: true, errs.Damaged: true, errs.MappingVersion: true}
	for _, k := range errs.Kinds() {
		status, code := classify(fmt.Errorf("wrapped: %w", &errs.Error{Kind: k, Msg: "x"}))
		if faults[k] {
			if status != http.StatusInternalServerError {
				t.Errorf("%v: %d %s, want 500", k, status, code)
			}
			continue
		}
		if status == http.StatusInternalServerError || code == "internal" {
			t.Errorf("kind %v has no answer in kindAnswers", k)
		}
		if s2, c2 := classify(fmt.Errorf("article 1: %w", k)); s2 != status || c2 != code {
			t.Errorf("%v wrapped with %%w answers %d %s, as an *Error %d %s", k, s2, c2, status, code)
		}
	}
}
