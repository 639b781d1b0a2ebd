package feeds

import (
	"bytes"
	"context"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"net/url"
	"sync"
	"testing"
	"time"

	"github.com/searchd/searchd/index"
	"github.com/searchd/searchd/internal/fakeextract"
)

// site serves testdata/site over HTTP, counting requests per path; a test
// replaces the answer of a path with handle.
type site struct {
	*httptest.Server
	t        *testing.T
	mu       sync.Mutex
	hits     map[string]int
	requests map[string][]*http.Request
	handlers map[string]http.HandlerFunc
}

func newSite(t *testing.T) *site {
	t.Helper()
	s := &site{t: t, hits: map[string]int{}, requests: map[string][]*http.Request{}, handlers: map[string]http.HandlerFunc{}}
	files := http.FileServer(http.Dir("testdata/site"))
	s.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.mu.Lock()
		s.hits[r.URL.Path]++
		s.requests[r.URL.Path] = append(s.requests[r.URL.Path], r.Clone(context.Background()))
		h := s.handlers[r.URL.Path]
		s.mu.Unlock()
		if h != nil {
			h(w, r)
			return
		}
		files.ServeHTTP(w, r)
	}))
	t.Cleanup(s.Close)
	return s
}

// handle replaces the answer of one path.
func (s *site) handle(path string, h http.HandlerFunc) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.handlers[path] = h
}

// count is how many requests a path has had.
func (s *site) count(path string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.hits[path]
}

// lastRequest is the last request of a path.
func (s *site) lastRequest(path string) *http.Request {
	s.mu.Lock()
	defer s.mu.Unlock()
	list := s.requests[path]
	if len(list) == 0 {
		s.t.Fatalf("no request for %s", path)
	}
	return list[len(list)-1]
}

// addrPort is the server's address, for the guard's exemptions.
func (s *site) addrPort() netip.AddrPort {
	u, _ := url.Parse(s.URL)
	return netip.MustParseAddrPort(u.Host)
}

// newIndex opens an in-memory index with the fake extractor.
func newIndex(t testing.TB) *index.Index {
	t.Helper()
	ix, err := index.Open(index.Options{}, fakeextract.New())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ix.Close() })
	return ix
}

// countingSink records what reaches the index.
type countingSink struct {
	Sink
	mu       sync.Mutex
	ingested map[string]int // id -> times handed to the index
}

func newCountingSink(s Sink) *countingSink { return &countingSink{Sink: s, ingested: map[string]int{}} }

func (c *countingSink) IngestArticles(ctx context.Context, as []index.Article) (index.BulkResult, error) {
	c.mu.Lock()
	for _, a := range as {
		c.ingested[a.ID]++
	}
	c.mu.Unlock()
	return c.Sink.IngestArticles(ctx, as)
}

func (c *countingSink) times(id string) int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.ingested[id]
}

// testOptions are Manager options for tests: private addresses allowed
// (the test servers are on 127.0.0.1), short timeouts and intervals.
func testOptions() Options {
	return Options{
		DefaultInterval: time.Hour,
		MinInterval:     time.Millisecond,
		Fetch:           FetchOptions{Timeout: 5 * time.Second, AllowPrivate: true, MaxParallel: 4},
	}
}

// newManager returns a Manager over sink with opts.
func newManager(t *testing.T, sink Sink, opts Options) *Manager {
	t.Helper()
	m, err := New(sink, opts)
	if err != nil {
		t.Fatal(err)
	}
	return m
}

// addAndPoll adds a feed and polls it once.
func addAndPoll(t *testing.T, m *Manager, feedURL string) Status {
	t.Helper()
	st, err := m.Add(context.Background(), feedURL, 0)
	if err != nil {
		t.Fatal(err)
	}
	st, err = m.Poll(context.Background(), st.ID)
	if err != nil {
		t.Fatal(err)
	}
	return st
}

// get returns an indexed article by its URL.
func get(t *testing.T, ix *index.Index, rawURL string) index.Article {
	t.Helper()
	n, err := NormalizeURL(rawURL)
	if err != nil {
		t.Fatal(err)
	}
	a, err := ix.Get(context.Background(), ArticleID(n))
	if err != nil {
		t.Fatalf("article %s: %v", n, err)
	}
	return a
}

func count(t *testing.T, ix *index.Index) uint64 {
	t.Helper()
	n, err := ix.Count()
	if err != nil {
		t.Fatal(err)
	}
	return n
}

// logBuffer captures a logger's output.
type logBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (l *logBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.buf.Write(p)
}

func (l *logBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.buf.String()
}

func (l *logBuffer) logger() *slog.Logger {
	return slog.New(slog.NewTextHandler(l, &slog.HandlerOptions{Level: slog.LevelDebug}))
}
