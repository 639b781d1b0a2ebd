package client_test

import (
	"context"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"testing"

	"github.com/searchd/searchd/api"
	"github.com/searchd/searchd/index"
	"github.com/searchd/searchd/internal/fakeextract"
)

// articles are what the test daemon holds; the fake extractor finds the
// countries, places, groups and persons they name.
var articles = []string{
	`{"id":"a1","title":"Iran and the IRGC","body":"Iranian officials in Tehran met the Quds Force.","source":"Wire","authors":["Zoë Brønstad"],"published_at":"2023-12-31T23:30:00Z"}`,
	`{"id":"a2","title":"Damascus talks","body":"Talks in Damascus with Hezbollah and Iran.","source":"Wire","published_at":"2024-01-01T00:15:00Z"}`,
	`{"id":"a3","url":"https://example.test/quds","title":"Mexico and the Quds Force","body":"The Quds Force in Mexico, said U.S. officials.","source":"Ledger","published_at":"2024-02-29"}`,
	`{"id":"a4","title":"Weather","body":"Light rain.","source":"Courier","published_at":"2025-06-16"}`,
}

// newIndex opens an index holding articles: in memory, or on disk in a
// temporary directory (backups need one).
func newIndex(t testing.TB, onDisk bool) *index.Index {
	t.Helper()
	opts := index.Options{MinFreeBytes: -1, CacheEntries: 100}
	if onDisk {
		opts.Path = filepath.Join(t.TempDir(), "idx")
	}
	ix, err := index.Open(opts, fakeextract.New())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ix.Close() })
	res, err := ix.IngestNDJSON(context.Background(), strings.NewReader(strings.Join(articles, "\n")), 1<<20)
	if err != nil || res.Indexed != len(articles) {
		t.Fatalf("load: %+v %v", res, err)
	}
	return ix
}

// newServer serves the real API over newIndex.
func newServer(t testing.TB, opts api.Options) *httptest.Server {
	t.Helper()
	ix := newIndex(t, opts.BackupDir != "")
	srv := httptest.NewServer(api.New(ix, opts))
	t.Cleanup(srv.Close)
	return srv
}
