package client_test

import (
	"context"
	"encoding/json"
	"errors"
	"go/parser"
	"go/token"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	"github.com/searchd/searchd/api"
	"github.com/searchd/searchd/client"
)

func newClient(t testing.TB, base string, opts ...client.Option) *client.Client {
	t.Helper()
	c, err := client.New(base, opts...)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func TestNewValidatesTheBaseURL(t *testing.T) {
	for _, tt := range []struct {
		in, base, err string
	}{
		{in: "http://127.0.0.1:8080", base: "http://127.0.0.1:8080"},
		{in: "https://news.example.org/searchd/", base: "https://news.example.org/searchd"},
		{in: " http://[::1]:8080/ ", base: "http://[::1]:8080"},
		{in: "127.0.0.1:8080", err: "http:// or https://"},
		{in: "ftp://example.org", err: "http:// or https://"},
		{in: "http://", err: "no host"},
		{in: "http://:8080", err: "no host"},
		{in: "http://user:secret@example.org", err: "credentials"},
		{in: "http://example.org/?q=x", err: "query or fragment"},
		{in: "http://example.org/#top", err: "query or fragment"},
		{in: "http://exa mple.org", err: "base URL"},
	} {
		c, err := client.New(tt.in)
		switch {
		case tt.err != "" && (err == nil || !strings.Contains(err.Error(), tt.err)):
			t.Errorf("New(%q) = %v, want an error containing %q", tt.in, err, tt.err)
		case tt.err == "" && err != nil:
			t.Errorf("New(%q): %v", tt.in, err)
		case tt.err == "" && c.BaseURL() != tt.base:
			t.Errorf("New(%q).BaseURL() = %q, want %q", tt.in, c.BaseURL(), tt.base)
		}
	}
}

func TestArticleLifecycle(t *testing.T) {
	srv := newServer(t, api.Options{})
	c := newClient(t, srv.URL)
	ctx := context.Background()
	published := time.Date(2024, 3, 3, 9, 30, 0, 0, time.UTC)
	a, err := c.AddArticle(ctx, client.ArticleInput{ID: "x?y#z%", Title: "Tehran talks", Body: "Iranian diplomats in Tehran.",
		Authors: []string{"A. Writer"}, PublishedAt: published})
	if err != nil {
		t.Fatal(err)
	}
	if a.ID != "x?y#z%" || !a.PublishedAt.Equal(published) || len(a.Entities.Countries) != 1 || a.Entities.Countries[0].Value != "IR" {
		t.Fatalf("AddArticle = %+v", a)
	}
	// '?', '#' and '%' travel escaped in the path.
	got, err := c.GetArticle(ctx, a.ID)
	if err != nil || got.ID != a.ID || got.Body != "Iranian diplomats in Tehran." {
		t.Fatalf("GetArticle(%q) = %+v, %v", a.ID, got, err)
	}
	del, err := c.DeleteArticle(ctx, a.ID)
	if err != nil || !del.Deleted || del.ID != a.ID {
		t.Fatalf("DeleteArticle = %+v, %v", del, err)
	}
	_, err = c.GetArticle(ctx, a.ID)
	var e *client.Error
	if !errors.As(err, &e) || e.StatusCode != http.StatusNotFound || e.Code != client.CodeNotFound || e.Method != "GET" {
		t.Fatalf("GetArticle after delete: %#v", err)
	}
}

// TestIDsTheDaemonRefuses: the daemon refuses '/' in ids, and its router
// would clean "a1/../a2" to a2's path; the client sends no such request.
func TestIDsTheDaemonRefuses(t *testing.T) {
	c := newClient(t, newServer(t, api.Options{}).URL)
	ctx := context.Background()
	_, err := c.AddArticle(ctx, client.ArticleInput{ID: "x/y", Body: "b", PublishedAt: time.Now()})
	if !client.HasCode(err, client.CodeInvalidArgument) {
		t.Fatalf("adding an id with '/': %v", err)
	}
	for _, id := range []string{"a1/../a2", "..", ".", ""} {
		if a, err := c.GetArticle(ctx, id); err == nil || !strings.Contains(err.Error(), "must not") {
			t.Errorf("GetArticle(%q) = %+v, %v", id, a, err)
		}
		if _, err := c.DeleteArticle(ctx, id); err == nil {
			t.Errorf("DeleteArticle(%q) was sent", id)
		}
	}
	if st, _ := c.Stats(ctx); st.Documents != uint64(len(articles)) {
		t.Errorf("%d documents, want %d", st.Documents, len(articles))
	}
}

func TestErrors(t *testing.T) {
	srv := newServer(t, api.Options{})
	c := newClient(t, srv.URL)
	ctx := context.Background()
	for _, tt := range []struct {
		name string
		call func() error
		want client.Error
	}{
		{"query syntax", func() error { _, err := c.Search(ctx, client.SearchRequest{Q: "(Iran"}); return err },
			client.Error{StatusCode: 400, Code: client.CodeBadQuery, Param: "q", Pos: 1, Method: "GET", Path: "/api/v1/search"}},
		{"explain syntax", func() error { _, err := c.Explain(ctx, client.ExplainRequest{Q: "Iran AND"}); return err },
			client.Error{StatusCode: 400, Code: client.CodeBadQuery, Param: "q", Pos: 6, Method: "GET", Path: "/api/v1/search/explain"}},
		{"bad parameter", func() error { _, err := c.Search(ctx, client.SearchRequest{Sort: "sideways"}); return err },
			client.Error{StatusCode: 400, Code: client.CodeInvalidArgument, Param: "sort", Method: "GET", Path: "/api/v1/search"}},
		{"bad POST body value", func() error { _, err := c.SearchPost(ctx, client.SearchRequest{Page: -1}); return err },
			client.Error{StatusCode: 400, Code: client.CodeInvalidArgument, Param: "page", Method: "POST", Path: "/api/v1/search"}},
		{"missing field", func() error { _, err := c.AddArticle(ctx, client.ArticleInput{Body: "no date"}); return err },
			client.Error{StatusCode: 400, Code: client.CodeInvalidArgument, Method: "POST", Path: "/api/v1/articles"}},
		{"unknown entity type", func() error { _, err := c.Entities(ctx, client.EntitiesRequest{Type: "planet"}); return err },
			client.Error{StatusCode: 400, Code: client.CodeInvalidArgument, Param: "type", Method: "GET", Path: "/api/v1/entities"}},
		{"backups off", func() error { _, err := c.Backup(ctx, client.BackupRequest{}); return err },
			client.Error{StatusCode: 400, Code: client.CodeInvalidArgument, Method: "POST", Path: "/api/v1/admin/backup"}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.call()
			var e *client.Error
			if !errors.As(err, &e) {
				t.Fatalf("error %v is not a *client.Error", err)
			}
			if e.Message == "" || !strings.Contains(err.Error(), e.Message) || !strings.Contains(err.Error(), tt.want.Code) {
				t.Errorf("Error() = %q, message %q", err.Error(), e.Message)
			}
			if diff := cmp.Diff(&tt.want, e, cmpopts.IgnoreUnexported(client.Error{}), cmpopts.IgnoreFields(client.Error{}, "Message")); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
}

func TestAPIKeys(t *testing.T) {
	const write, read = "write-key-0123456789", "read-key-0123456789"
	srv := newServer(t, api.Options{WriteKeys: []string{write}, ReadKeys: []string{read}})
	ctx := context.Background()
	article := client.ArticleInput{Body: "Iran", PublishedAt: time.Now()}

	anon := newClient(t, srv.URL)
	if _, err := anon.Search(ctx, client.SearchRequest{}); !client.HasCode(err, client.CodeUnauthorized) {
		t.Errorf("search without a key: %v", err)
	}
	reader := newClient(t, srv.URL, client.WithAPIKey(read))
	if _, err := reader.Search(ctx, client.SearchRequest{}); err != nil {
		t.Errorf("search with the read key: %v", err)
	}
	if _, err := reader.AddArticle(ctx, article); !client.HasCode(err, client.CodeForbidden) {
		t.Errorf("write with the read key: %v", err)
	}
	writer := newClient(t, srv.URL, client.WithAPIKey(write))
	if _, err := writer.AddArticle(ctx, article); err != nil {
		t.Errorf("write with the write key: %v", err)
	}
	if _, err := writer.Stats(ctx); err != nil {
		t.Errorf("a write key also reads: %v", err)
	}
}

// TestSearchGETAndPOSTAgree sends every parameter both ways: the daemon
// refuses unknown parameters and fields, so each name is the API's.
func TestSearchGETAndPOSTAgree(t *testing.T) {
	c := newClient(t, newServer(t, api.Options{}).URL)
	ctx := context.Background()
	req := client.SearchRequest{
		Q: "Quds OR Damascus OR Iran", Countries: []string{"Iran", "SY"}, Groups: nil,
		Persons: []string{}, Places: nil, Sources: []string{"Wire", "Ledger"},
		CountryOp: "or", GroupOp: "or", PersonOp: "and", PlaceOp: "or",
		From: "2023", To: "2024-12", MentionedFrom: "", MentionedTo: "",
		Facets: []string{"country", "group", "source", "year"}, FacetSize: 5, Histogram: "month",
		Sort: "-published_at", Page: 1, Size: new(2), Highlight: new(true), Expand: new(false), NoCache: true,
	}
	get, err := c.Search(ctx, req)
	if err != nil {
		t.Fatal(err)
	}
	post, err := c.SearchPost(ctx, req)
	if err != nil {
		t.Fatal(err)
	}
	if get.Total == 0 || len(get.Hits) != 2 || get.Size != 2 || get.Sort != "-published_at" || get.Histogram == nil || len(get.Facets["source"]) == 0 {
		t.Fatalf("search: %+v", get)
	}
	if get.Cached || post.Cached {
		t.Errorf("NoCache searches answered from the cache")
	}
	if diff := cmp.Diff(get, post, cmpopts.IgnoreFields(client.SearchResult{}, "TookMs")); diff != "" {
		t.Errorf("GET and POST differ (-get +post):\n%s", diff)
	}
	// The mentioned-date window filters too.
	req.MentionedFrom, req.MentionedTo = "1990", "1990"
	if res, err := c.Search(ctx, req); err != nil || res.Total != 0 {
		t.Errorf("mentioned 1990: %v, %+v", err, res)
	}
	if again, err := c.Search(ctx, client.SearchRequest{Q: "Quds"}); err != nil {
		t.Fatal(err)
	} else if again2, _ := c.Search(ctx, client.SearchRequest{Q: "Quds"}); !again2.Cached || again.Cached {
		t.Errorf("a repeated search is not answered from the cache: %v then %v", again.Cached, again2.Cached)
	}
}

func TestBulk(t *testing.T) {
	c := newClient(t, newServer(t, api.Options{}).URL)
	res, err := c.BulkArticles(context.Background(), []client.ArticleInput{
		{ID: "b1", Body: "Iran", PublishedAt: time.Now()},
		{ID: "b2", Body: "no date"},
		{ID: "b3", Body: "Syria", PublishedAt: time.Now()},
	})
	if err != nil {
		t.Fatal(err)
	}
	if res.Indexed != 2 || res.Failed != 1 || len(res.Errors) != 1 || res.Errors[0].Line != 2 || res.Errors[0].ID != "b2" ||
		!strings.Contains(res.Errors[0].Error, "published_at") {
		t.Fatalf("BulkArticles = %+v", res)
	}
}

// TestBulkStoppedEarlyReportsWhatWasIndexed: a body over the daemon's limit
// stops the load; what was indexed before is reported with the error.
func TestBulkStoppedEarlyReportsWhatWasIndexed(t *testing.T) {
	c := newClient(t, newServer(t, api.Options{MaxBulkBytes: 2000}).URL)
	var b strings.Builder
	for i := range 100 {
		b.WriteString(`{"id":"l` + strings.Repeat("0", 3) + string(rune('a'+i%26)) + string(rune('a'+i/26)) + `","body":"Iranian officials met in Tehran.","published_at":"2024-01-01"}` + "\n")
	}
	res, err := c.Bulk(context.Background(), strings.NewReader(b.String()))
	var e *client.Error
	if !errors.As(err, &e) || e.StatusCode != http.StatusRequestEntityTooLarge || e.Code != client.CodeTooLarge {
		t.Fatalf("bulk over the limit: %v", err)
	}
	if res == nil || res.Indexed == 0 || res.Indexed >= 100 {
		t.Fatalf("partial result %+v", res)
	}
	st, err := c.Stats(context.Background())
	if err != nil || st.Documents != uint64(len(articles)+res.Indexed) {
		t.Errorf("stats after a partial bulk: %+v %v, want %d documents", st, err, len(articles)+res.Indexed)
	}
}

func TestCancellation(t *testing.T) {
	entered := make(chan struct{}, 1)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		entered <- struct{}{}
		<-r.Context().Done() // answers only when the client leaves
	}))
	defer srv.Close()

	t.Run("cancelled during the call", func(t *testing.T) {
		c := newClient(t, srv.URL)
		ctx, cancel := context.WithCancel(context.Background())
		go func() { <-entered; cancel() }()
		_, err := c.Stats(ctx)
		if !errors.Is(err, context.Canceled) {
			t.Fatalf("Stats after cancel: %v", err)
		}
		var e *client.Error
		if errors.As(err, &e) {
			t.Errorf("a cancelled call is not an API error: %v", e)
		}
	})
	t.Run("cancelled before", func(t *testing.T) {
		c := newClient(t, srv.URL)
		ctx, cancel := context.WithCancel(context.Background())
		cancel()
		if _, err := c.Search(ctx, client.SearchRequest{}); !errors.Is(err, context.Canceled) {
			t.Fatalf("Search with a cancelled context: %v", err)
		}
	})
	t.Run("the client's timeout", func(t *testing.T) {
		c := newClient(t, srv.URL, client.WithTimeout(50*time.Millisecond))
		if _, err := c.Healthz(context.Background()); !errors.Is(err, context.DeadlineExceeded) {
			t.Fatalf("Healthz past WithTimeout: %v", err)
		}
		<-entered
	})
	t.Run("the caller's deadline wins", func(t *testing.T) {
		c := newClient(t, srv.URL, client.WithTimeout(time.Hour))
		ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
		defer cancel()
		if _, err := c.Healthz(ctx); !errors.Is(err, context.DeadlineExceeded) {
			t.Fatalf("Healthz past the context's deadline: %v", err)
		}
		<-entered
	})
}

// TestNonAPIAnswers: answers that are not the API's JSON (net/http's own
// 431, a proxy's page) still come back as *Error, with the text.
func TestNonAPIAnswers(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/healthz":
			w.Header().Set("Retry-After", "7")
			http.Error(w, "<html>maintenance</html>", http.StatusServiceUnavailable)
		case "/api/v1/stats":
			w.Write([]byte("not json"))
		default:
			w.Write([]byte(`{"documents": 1, "padding": "` + strings.Repeat("x", 1000) + `"}`))
		}
	}))
	defer srv.Close()
	c := newClient(t, srv.URL)
	_, err := c.Healthz(context.Background())
	var e *client.Error
	if !errors.As(err, &e) || e.StatusCode != 503 || e.Code != "" || e.Message != "<html>maintenance</html>" ||
		e.RetryAfter != 7*time.Second || !e.Temporary() {
		t.Errorf("plain-text 503: %#v", err)
	}
	if _, err := c.Stats(context.Background()); err == nil || errors.As(err, &e) && e.StatusCode == 200 || !strings.Contains(err.Error(), "decode") {
		t.Errorf("a 200 that is not JSON: %v", err)
	}
	small := newClient(t, srv.URL, client.WithMaxResponseBytes(100))
	if _, err := small.Schema(context.Background()); err == nil || !strings.Contains(err.Error(), "larger than 100 bytes") {
		t.Errorf("an answer over WithMaxResponseBytes: %v", err)
	}
}

func TestHTTPClientAndUserAgent(t *testing.T) {
	var seen http.Header
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		seen = r.Header.Clone()
		w.Write([]byte(`{"status":"ok"}`))
	}))
	defer srv.Close()
	used := false
	hc := &http.Client{Transport: roundTripFunc(func(r *http.Request) (*http.Response, error) {
		used = true
		return http.DefaultTransport.RoundTrip(r)
	})}
	c := newClient(t, srv.URL, client.WithHTTPClient(hc), client.WithAPIKey("k-0123456789abcdef"))
	if h, err := c.Healthz(context.Background()); err != nil || h.Status != "ok" {
		t.Fatalf("Healthz = %+v, %v", h, err)
	}
	if !used {
		t.Error("WithHTTPClient's client was not used")
	}
	if seen.Get("Authorization") != "Bearer k-0123456789abcdef" || !strings.HasPrefix(seen.Get("User-Agent"), "searchd-client") {
		t.Errorf("headers sent: %v", seen)
	}
}

type roundTripFunc func(*http.Request) (*http.Response, error)

func (f roundTripFunc) RoundTrip(r *http.Request) (*http.Response, error) { return f(r) }

func TestReadyzAndOps(t *testing.T) {
	ready := false
	srv := httptest.NewServer(api.New(newIndex(t, true), api.Options{Ready: func() bool { return ready }, BackupDir: t.TempDir()}))
	defer srv.Close()
	c := newClient(t, srv.URL)
	ctx := context.Background()
	if _, err := c.Readyz(ctx, client.ReadyRequest{}); !client.HasCode(err, client.CodeNotReady) {
		t.Fatalf("readyz before ready: %v", err)
	}
	ready = true
	if r, err := c.Readyz(ctx, client.ReadyRequest{Writes: true}); err != nil || r.Status != "ready" || !r.Writable {
		t.Fatalf("readyz: %+v %v", r, err)
	}
	if h, err := c.Healthz(ctx); err != nil || h.Status != "ok" {
		t.Fatalf("healthz: %+v %v", h, err)
	}
	info, err := c.Backup(ctx, client.BackupRequest{Name: "nightly"})
	if err != nil || info.Documents != uint64(len(articles)) || !strings.HasSuffix(info.Path, "nightly") {
		t.Fatalf("backup: %+v %v", info, err)
	}
	if _, err := c.Backup(ctx, client.BackupRequest{Name: "nightly"}); !client.HasCode(err, client.CodeConflict) {
		t.Fatalf("second backup of the same name: %v", err)
	}
	st, err := c.Stats(ctx)
	if err != nil || st.Documents != uint64(len(articles)) || !st.Writable || st.MappingVersion == 0 {
		t.Fatalf("stats: %+v %v", st, err)
	}
	sch, err := c.Schema(ctx)
	if err != nil || len(sch.Fields) == 0 || len(sch.Facets) == 0 || sch.Properties["q"].Type != "string" {
		t.Fatalf("schema: %+v %v", sch, err)
	}
	sug, err := c.Suggest(ctx, client.SuggestRequest{Q: "ir", Types: []string{"country", "group"}, Size: 5})
	if err != nil || len(sug.Suggestions) == 0 || sug.Q != "ir" {
		t.Fatalf("suggest: %+v %v", sug, err)
	}
	ents, err := c.Entities(ctx, client.EntitiesRequest{Type: "group", Prefix: "irgc", Size: 3})
	if err != nil || len(ents.Values) != 1 || ents.Values[0].Value != "Islamic Revolutionary Guard Corps" {
		t.Fatalf("entities: %+v %v", ents, err)
	}
}

// TestImportsOnlyTheStandardLibrary: programs outside this module import
// the client; it must not pull in the daemon (api, index, Bleve).
func TestImportsOnlyTheStandardLibrary(t *testing.T) {
	files, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	fset := token.NewFileSet()
	for _, name := range files {
		if strings.HasSuffix(name, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(fset, name, nil, parser.ImportsOnly)
		if err != nil {
			t.Fatal(err)
		}
		for _, imp := range f.Imports {
			path, _ := strconv.Unquote(imp.Path.Value)
			if first, _, _ := strings.Cut(path, "/"); strings.Contains(first, ".") {
				t.Errorf("%s imports %s", name, path)
			}
		}
	}
}

// TestBulkRefusedHasNoResult: a bulk refused before any line was read
// (a write key missing) reports no result, only the error.
func TestBulkRefusedHasNoResult(t *testing.T) {
	c := newClient(t, newServer(t, api.Options{WriteKeys: []string{"write-key-0123456789"}}).URL)
	res, err := c.Bulk(context.Background(), strings.NewReader(`{"body":"x","published_at":"2024-01-01"}`+"\n"))
	if !client.HasCode(err, client.CodeUnauthorized) || res != nil {
		t.Errorf("Bulk without a key: %+v, %v", res, err)
	}
}

func TestSearchRaw(t *testing.T) {
	c := newClient(t, newServer(t, api.Options{}).URL)
	req := client.SearchRequest{Q: "Quds", Facets: []string{"country"}, NoCache: true}
	raw, err := c.SearchRaw(context.Background(), req)
	if err != nil {
		t.Fatal(err)
	}
	var fromRaw client.SearchResult
	if err := json.Unmarshal(raw, &fromRaw); err != nil {
		t.Fatalf("%v: %s", err, raw)
	}
	decoded, err := c.Search(context.Background(), req)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(decoded, &fromRaw, cmpopts.IgnoreFields(client.SearchResult{}, "TookMs")); diff != "" || decoded.Total != 2 {
		t.Errorf("SearchRaw and Search differ (-Search +SearchRaw):\n%s", diff)
	}
	if _, err := c.SearchRaw(context.Background(), client.SearchRequest{Q: "(Iran"}); !client.HasCode(err, client.CodeBadQuery) {
		t.Errorf("SearchRaw of a bad query: %v", err)
	}
	small := newClient(t, c.BaseURL(), client.WithMaxResponseBytes(64))
	if _, err := small.SearchRaw(context.Background(), req); err == nil || !strings.Contains(err.Error(), "larger than 64 bytes") {
		t.Errorf("SearchRaw over the limit: %v", err)
	}
}
