package api

import (
	"context"
	"encoding/json"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/mmcdole/gofeed"

	"github.com/searchd/searchd/alerts"
	"github.com/searchd/searchd/index"
	"github.com/searchd/searchd/internal/fakeextract"
)

// newSavedServer serves an index with a change log and saved searches
// whose loop runs; webhooks may reach internal addresses (the test's
// receivers on loopback) when allowPrivate.
func newSavedServer(t *testing.T, opts Options, allowPrivate bool) string {
	t.Helper()
	ix, err := index.Open(index.Options{ChangeLog: true}, fakeextract.New())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ix.Close() })
	svc, err := alerts.New(ix, alerts.Options{AllowPrivate: allowPrivate, RetryMin: time.Millisecond, RetryMax: time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { defer close(done); svc.Run(ctx) }()
	t.Cleanup(func() { cancel(); <-done })
	opts.Saved = svc
	srv := httptest.NewServer(validated(t, New(ix, opts)))
	t.Cleanup(srv.Close)
	return srv.URL
}

func TestSavedSearchesOverHTTP(t *testing.T) {
	got := make(chan *http.Request, 10)
	bodies := make(chan []byte, 10)
	// The webhook's receiver is not the API: a plain server, which the
	// description's validator has nothing to check on.
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	receiver := &http.Server{ReadHeaderTimeout: 10 * time.Second, Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		got <- r
		bodies <- b
	})}
	go func() { _ = receiver.Serve(ln) }()
	defer receiver.Close()
	receiverURL := "http://" + ln.Addr().String()
	base := newSavedServer(t, Options{}, true)

	r := do(t, "POST", base+"/api/v1/saved", `{"name":"iran","query":{"q":"Iran","country":["IR"]},"webhook":"`+receiverURL+`","webhook_secret":"topsecret"}`)
	if r.status != http.StatusCreated || r.body["webhook_secret"] != "<redacted>" || strings.Contains(r.raw, "topsecret") {
		t.Fatalf("save: %d %s", r.status, r.raw)
	}
	for _, a := range articles[:2] {
		if r := do(t, "POST", base+"/api/v1/articles", a); r.status != http.StatusCreated {
			t.Fatalf("ingest: %d %s", r.status, r.raw)
		}
	}
	var ids []string
	for len(ids) < 2 {
		select {
		case req := <-got:
			body := <-bodies
			if sig := req.Header.Get(alerts.SignatureHeader); sig != alerts.Sign("topsecret", body) {
				t.Errorf("signature %q does not verify", sig)
			}
			var p alerts.Payload
			if err := json.Unmarshal(body, &p); err != nil {
				t.Fatal(err)
			}
			for _, a := range p.Articles {
				ids = append(ids, a.ID)
			}
		case <-time.After(30 * time.Second):
			t.Fatal("no delivery")
		}
	}
	if strings.Join(ids, ",") != "a1,a2" {
		t.Errorf("delivered %v", ids)
	}

	list := do(t, "GET", base+"/api/v1/saved", "")
	saved, _ := list.body["saved"].([]any)
	if list.status != http.StatusOK || len(saved) != 1 || saved[0].(map[string]any)["new_count"] != float64(2) ||
		strings.Contains(list.raw, "topsecret") {
		t.Errorf("list: %d %s", list.status, list.raw)
	}
	if r := do(t, "POST", base+"/api/v1/saved/iran/seen", ""); r.status != http.StatusOK || r.body["new_count"] != float64(0) {
		t.Errorf("seen: %d %s", r.status, r.raw)
	}
	if r := do(t, "GET", base+"/api/v1/saved/iran", ""); r.status != http.StatusOK || r.body["new_count"] != float64(0) {
		t.Errorf("get: %d %s", r.status, r.raw)
	}

	feed := do(t, "GET", base+"/api/v1/saved/iran/feed.atom", "")
	if feed.status != http.StatusOK || feed.header.Get("Content-Type") != alerts.AtomContentType {
		t.Fatalf("feed: %d %s %s", feed.status, feed.header.Get("Content-Type"), feed.raw)
	}
	f, err := gofeed.NewParser().ParseString(feed.raw)
	if err != nil || f.FeedType != "atom" || len(f.Items) != 2 || f.Items[0].Title != "Damascus talks" ||
		!strings.HasSuffix(f.Items[0].Link, "/api/v1/articles/a2") || len(f.Items[0].Categories) == 0 {
		t.Errorf("feed %+v %v:\n%s", f, err, feed.raw)
	}

	if r := do(t, "DELETE", base+"/api/v1/saved/iran", ""); r.status != http.StatusOK || r.body["deleted"] != true {
		t.Errorf("delete: %d %s", r.status, r.raw)
	}
	for _, path := range []string{"/api/v1/saved/iran", "/api/v1/saved/iran/feed.atom"} {
		if r := do(t, "GET", base+path, ""); r.status != http.StatusNotFound || !strings.Contains(r.raw, `no search is saved as \"iran\"`) {
			t.Errorf("GET %s after delete: %d %s", path, r.status, r.raw)
		}
	}
}

func TestSavedSearchErrors(t *testing.T) {
	base := newSavedServer(t, Options{}, false)
	if r := do(t, "POST", base+"/api/v1/saved", `{"name":"a","query":{}}`); r.status != http.StatusCreated {
		t.Fatalf("save: %d %s", r.status, r.raw)
	}
	for _, c := range []struct {
		body, code, param, msg string
		status                 int
	}{
		{`{"name":"b","query":{"q":"(Iran"}}`, "bad_query", "query.q", "", 400},
		{`{"name":"b","query":{"country":["Atlantis"]}}`, "invalid_argument", "query.country", "unknown country", 400},
		{`{"name":"b c","query":{}}`, "invalid_argument", "name", "letters, digits", 400},
		{`{"name":"b","query":{},"webhook":"http://10.1.2.3/x"}`, "invalid_argument", "webhook", "private", 400},
		{`{"name":"b","query":{},"webhook":"file:///etc/passwd"}`, "invalid_argument", "webhook", "http or https", 400},
		{`{"name":"b","query":{},"collapse":"all"}`, "invalid_argument", "collapse", "story", 400},
		{`{"name":"a","query":{}}`, "conflict", "name", "already saved", 409},
	} {
		r := do(t, "POST", base+"/api/v1/saved", c.body)
		e, _ := r.body["error"].(map[string]any)
		if r.status != c.status || e["code"] != c.code || e["param"] != c.param || !strings.Contains(r.raw, c.msg) {
			t.Errorf("%s: %d %s", c.body, r.status, r.raw)
		}
	}
	if r := do(t, "DELETE", base+"/api/v1/saved/nope", ""); r.status != http.StatusNotFound {
		t.Errorf("delete unknown: %d %s", r.status, r.raw)
	}

	keyed := newSavedServer(t, Options{WriteKeys: []string{"write-key-0123456789"}}, false)
	if r := do(t, "POST", keyed+"/api/v1/saved", `{"name":"a","query":{}}`); r.status != http.StatusUnauthorized {
		t.Errorf("save without a write key: %d %s", r.status, r.raw)
	}
	srv, _ := newServer(t, Options{})
	if r := do(t, "GET", srv.URL+"/api/v1/saved", ""); r.status != http.StatusNotFound || !strings.Contains(r.raw, "not enabled") {
		t.Errorf("without saved searches: %d %s", r.status, r.raw)
	}
}
