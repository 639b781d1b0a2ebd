package alerts

import (
	"bytes"
	"context"
	"encoding/json"
	"encoding/xml"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"net/url"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/mmcdole/gofeed"

	"github.com/searchd/searchd/errs"
	"github.com/searchd/searchd/index"
	"github.com/searchd/searchd/internal/fakeextract"
)

// waitLimit only keeps a broken test from hanging; nothing is timed.
const waitLimit = 30 * time.Second

func openIndex(t *testing.T, path string) *index.Index {
	t.Helper()
	ix, err := index.Open(index.Options{Path: path, BatchSize: 2, ChangeLog: true}, fakeextract.New())
	if err != nil {
		t.Fatal(err)
	}
	return ix
}

// running is a Service with its loop started, stopped at the test's end.
func running(t *testing.T, ix Index, opts Options, exempt ...*httptest.Server) *Service {
	t.Helper()
	if opts.RetryMin == 0 {
		opts.RetryMin, opts.RetryMax = time.Millisecond, 10*time.Millisecond
	}
	s, err := New(ix, opts)
	if err != nil {
		t.Fatal(err)
	}
	s.guard.Exempt = map[netip.AddrPort]bool{}
	for _, srv := range exempt {
		u, _ := url.Parse(srv.URL)
		s.guard.Exempt[netip.MustParseAddrPort(u.Host)] = true
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { defer close(done); s.Run(ctx) }()
	t.Cleanup(func() { cancel(); <-done })
	return s
}

func ingest(t *testing.T, ix *index.Index, lines ...string) {
	t.Helper()
	res, err := ix.IngestNDJSON(context.Background(), strings.NewReader(strings.Join(lines, "\n")+"\n"), 1<<20)
	if err != nil || res.Failed != 0 {
		t.Fatalf("ingest: %+v %v", res, err)
	}
}

func save(t *testing.T, s *Service, body string) Saved {
	t.Helper()
	d, err := DecodeDefinition([]byte(body))
	if err != nil {
		t.Fatal(err)
	}
	saved, err := s.Save(context.Background(), d)
	if err != nil {
		t.Fatal(err)
	}
	return saved
}

// hook is a webhook receiver that answers with the statuses it is given,
// then 200, and hands every request it gets to the test.
type hook struct {
	*httptest.Server
	mu       sync.Mutex
	statuses []int
	got      chan delivery
}

type delivery struct {
	header http.Header
	body   []byte
	status int
}

func newHook(t *testing.T, statuses ...int) *hook {
	h := &hook{statuses: statuses, got: make(chan delivery, 100)}
	h.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		h.mu.Lock()
		status := http.StatusOK
		if len(h.statuses) > 0 {
			status, h.statuses = h.statuses[0], h.statuses[1:]
		}
		h.mu.Unlock()
		w.WriteHeader(status)
		h.got <- delivery{header: r.Header.Clone(), body: body, status: status}
	}))
	t.Cleanup(h.Close)
	return h
}

func (h *hook) next(t *testing.T) delivery {
	t.Helper()
	select {
	case d := <-h.got:
		return d
	case <-time.After(waitLimit):
		t.Fatal("no delivery came")
		return delivery{}
	}
}

// waitFor polls cond until it holds.
func waitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(waitLimit)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("never: %s", what)
		}
		time.Sleep(5 * time.Millisecond)
	}
}

const (
	artIran   = `{"id":"n1","url":"https://news.example/n1","title":"Iran talks","body":"Iranian officials met in Tehran.","source":"Wire","published_at":"2024-05-01T10:00:00Z"}`
	artSyria  = `{"id":"n2","title":"Damascus","body":"Talks in Damascus.","source":"Wire","published_at":"2024-05-02T10:00:00Z"}`
	artIran2  = `{"id":"n3","title":"IRGC drills","body":"The IRGC held drills; Iran said so.","source":"Ledger","published_at":"2024-05-03T10:00:00Z"}`
	artOldIrn = `{"id":"n0","title":"Old Iran story","body":"Iran, before the search was saved.","published_at":"2024-04-01T10:00:00Z"}`
)

func TestWebhookRetriedAfterFailureAndSigned(t *testing.T) {
	ix := openIndex(t, "")
	defer ix.Close()
	ingest(t, ix, artOldIrn) // before the search: never delivered
	h := newHook(t, http.StatusInternalServerError)
	s := running(t, ix, Options{}, h.Server)
	save(t, s, `{"name":"iran","query":{"q":"Iran","country":["IR"]},"webhook":"`+h.URL+`/hook","webhook_secret":"s3cret"}`)
	ingest(t, ix, artIran, artSyria, artIran2)

	first := h.next(t)
	if first.status != http.StatusInternalServerError {
		t.Fatalf("first answer %d", first.status)
	}
	second := h.next(t)
	if first.header.Get(DeliveryHeader) == "" || first.header.Get(DeliveryHeader) != second.header.Get(DeliveryHeader) {
		t.Errorf("a retry is not the same delivery: %s vs %s", first.header.Get(DeliveryHeader), second.header.Get(DeliveryHeader))
	}
	if got, want := second.header.Get(SignatureHeader), Sign("s3cret", second.body); got != want {
		t.Errorf("signature %q, want %q", got, want)
	}
	// The signature is the receiver's check: HMAC-SHA256 of the body.
	if strings.TrimPrefix(second.header.Get(SignatureHeader), "sha256=") == "" || Sign("wrong", second.body) == second.header.Get(SignatureHeader) {
		t.Error("signature does not depend on the secret")
	}
	if second.header.Get("Content-Type") != "application/json" || second.header.Get(EventHeader) != EventMatch {
		t.Errorf("headers %v", second.header)
	}
	var p Payload
	if err := json.Unmarshal(second.body, &p); err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, a := range p.Articles {
		ids = append(ids, a.ID)
	}
	// Both batches (n1+n2, then n3) may come in one delivery or two.
	for len(ids) < 2 {
		var more Payload
		if err := json.Unmarshal(h.next(t).body, &more); err != nil {
			t.Fatal(err)
		}
		for _, a := range more.Articles {
			ids = append(ids, a.ID)
		}
	}
	if diff := cmp.Diff([]string{"n1", "n3"}, ids); diff != "" {
		t.Errorf("delivered (-want +got):\n%s", diff)
	}
	if p.SavedSearch != "iran" || p.Articles[0].Title != "Iran talks" || p.Articles[0].URL != "https://news.example/n1" ||
		p.Articles[0].Entities == nil || len(p.Articles[0].Entities.Countries) == 0 {
		t.Errorf("payload %+v", p)
	}
	waitFor(t, "delivery recorded", func() bool {
		sv, _ := s.Get("iran")
		return sv.Delivery != nil && sv.Delivery.Status == "ok" && sv.Delivery.Delivered == 2
	})
	sv, _ := s.Get("iran")
	if sv.Delivery.LastStatus != 200 || sv.Delivery.LastError != "" || sv.Delivery.Failures != 0 || sv.Secret != redacted {
		t.Errorf("after delivery: %+v %+v", sv, *sv.Delivery)
	}
	if sv.NewCount != 2 {
		t.Errorf("new_count %d, want 2", sv.NewCount)
	}
}

func TestPrivateAddressRefusedByDefault(t *testing.T) {
	ix := openIndex(t, "")
	defer ix.Close()
	h := newHook(t)
	s := running(t, ix, Options{}) // the hook's 127.0.0.1 is not exempt
	d, _ := DecodeDefinition([]byte(`{"name":"x","query":{"q":"Iran"},"webhook":"` + h.URL + `"}`))
	_, err := s.Save(context.Background(), d)
	if errs.KindOf(err) != errs.Invalid || !strings.Contains(err.Error(), "loopback") || !strings.Contains(err.Error(), "alerts.allow_private_addresses") {
		t.Errorf("save with a loopback webhook: %v", err)
	}
	// A name resolving to loopback passes the save and is refused when dialled.
	port := h.URL[strings.LastIndex(h.URL, ":")+1:]
	save(t, s, `{"name":"y","query":{"q":"Iran"},"webhook":"http://localhost:`+port+`/"}`)
	ingest(t, ix, artIran)
	waitFor(t, "a refused delivery", func() bool {
		sv, _ := s.Get("y")
		return sv.Delivery.Failures > 0
	})
	sv, _ := s.Get("y")
	if !strings.Contains(sv.Delivery.LastError, "refused to connect") || sv.Delivery.Status != "failing" || sv.Delivery.Pending != 1 {
		t.Errorf("delivery to localhost: %+v", *sv.Delivery)
	}
	select {
	case <-h.got:
		t.Error("the loopback server was reached")
	default:
	}
	// Allowed by configuration.
	s2 := running(t, ix, Options{AllowPrivate: true})
	d.Name = "z"
	if _, err := s2.Save(context.Background(), d); err != nil {
		t.Errorf("with alerts.allow_private_addresses: %v", err)
	}
}

func TestSavedSearchesSurviveRestartBackupAndRestore(t *testing.T) {
	ctx := context.Background()
	root := filepath.Join(t.TempDir(), "idx")
	ix := openIndex(t, root)
	down := newHook(t, 500, 500, 500, 500, 500, 500, 500, 500, 500, 500, 500, 500, 500, 500, 500, 500, 500, 500, 500, 500)
	s, err := New(ix, Options{RetryMin: time.Hour}) // one attempt, then a long wait
	if err != nil {
		t.Fatal(err)
	}
	s.guard.AllowPrivate = true
	save(t, s, `{"name":"iran","query":{"q":"Iran"},"collapse":"story","webhook":"`+down.URL+`","webhook_secret":"k"}`)
	save(t, s, `{"name":"syria","query":{"place":["Damascus"]}}`)
	ingest(t, ix, artIran, artSyria)
	runCtx, stop := context.WithCancel(ctx)
	stopped := make(chan struct{})
	go func() { defer close(stopped); s.Run(runCtx) }()
	down.next(t) // failed: the delivery stays pending
	waitFor(t, "the failure recorded", func() bool { sv, _ := s.Get("iran"); return sv.Delivery.Failures == 1 })
	stop()
	<-stopped
	want := s.List()
	if err := ix.Close(); err != nil {
		t.Fatal(err)
	}

	// A restart: the searches, their new counts and the pending delivery
	// are all there, and the delivery goes out.
	ix = openIndex(t, root)
	up := newHook(t)
	s2, err := New(ix, Options{RetryMin: time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(want, s2.List()); diff != "" {
		t.Errorf("after a restart (-want +got):\n%s", diff)
	}
	if want[0].NewCount != 1 || want[1].NewCount != 1 || want[0].Collapse != "story" {
		t.Errorf("before the restart: %+v", want)
	}
	// The webhook moved; the pending delivery follows it.
	s2.mu.Lock()
	r := s2.saved["iran"].clone()
	r.Webhook, r.Delivery.NextAttempt = up.URL, nil
	if err := s2.store(r); err != nil {
		t.Fatal(err)
	}
	s2.mu.Unlock()
	s2.guard.AllowPrivate = true
	runCtx, stop = context.WithCancel(ctx)
	stopped = make(chan struct{})
	go func() { defer close(stopped); s2.Run(runCtx) }()
	var p Payload
	if err := json.Unmarshal(up.next(t).body, &p); err != nil || len(p.Articles) != 1 || p.Articles[0].ID != "n1" {
		t.Errorf("the delivery pending before the restart: %+v %v", p, err)
	}
	waitFor(t, "delivered", func() bool { sv, _ := s2.Get("iran"); return sv.Delivery.Pending == 0 })
	stop()
	<-stopped

	// A backup, restored elsewhere, holds them too.
	backup := filepath.Join(t.TempDir(), "backup")
	if _, err := ix.Backup(ctx, backup); err != nil {
		t.Fatal(err)
	}
	want = s2.List()
	if err := ix.Close(); err != nil {
		t.Fatal(err)
	}
	dst := filepath.Join(t.TempDir(), "restored")
	if _, err := index.Restore(backup, dst, false, nil); err != nil {
		t.Fatal(err)
	}
	rx := openIndex(t, dst)
	defer rx.Close()
	s3, err := New(rx, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(want, s3.List()); diff != "" {
		t.Errorf("after backup and restore (-want +got):\n%s", diff)
	}
	if err := s3.Delete("syria"); err != nil {
		t.Fatal(err)
	}
	if _, err := s3.Get("syria"); errs.KindOf(err) != errs.NotFound {
		t.Errorf("after delete: %v", err)
	}
}

func TestNewCountAndSeen(t *testing.T) {
	ix := openIndex(t, "")
	defer ix.Close()
	s := running(t, ix, Options{})
	ingest(t, ix, artOldIrn)
	save(t, s, `{"name":"iran","query":{"q":"Iran"}}`)
	ingest(t, ix, artIran, artSyria)
	waitFor(t, "one new", func() bool { sv, _ := s.Get("iran"); return sv.NewCount == 1 })
	ingest(t, ix, artIran) // updated: still one new article
	ingest(t, ix, artIran2)
	waitFor(t, "two new", func() bool { sv, _ := s.Get("iran"); return sv.NewCount == 2 })
	sv, err := s.MarkSeen("iran")
	if err != nil || sv.NewCount != 0 {
		t.Fatalf("seen: %+v %v", sv, err)
	}
	ingest(t, ix, `{"id":"n4","title":"Iran again","body":"Iran.","published_at":"2024-05-04T10:00:00Z"}`)
	waitFor(t, "one new after seen", func() bool { sv, _ := s.Get("iran"); return sv.NewCount == 1 })
	if sv, _ := s.Get("iran"); sv.Delivery != nil {
		t.Errorf("a search without webhook shows a delivery: %+v", sv.Delivery)
	}
}

func TestAtomFeed(t *testing.T) {
	ix := openIndex(t, "")
	defer ix.Close()
	s := running(t, ix, Options{})
	ingest(t, ix, artIran, artSyria, artIran2)
	save(t, s, `{"name":"iran","query":{"q":"Iran"}}`)
	sv, hits, err := s.Feed(context.Background(), "iran")
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	links := FeedLinks{Self: "http://h/api/v1/saved/iran/feed.atom", Article: func(id string) string { return "http://h/api/v1/articles/" + id }}
	if err := WriteAtom(&buf, sv, hits, links); err != nil {
		t.Fatal(err)
	}
	CheckAtom(t, buf.Bytes())
	f, err := gofeed.NewParser().ParseString(buf.String())
	if err != nil {
		t.Fatal(err)
	}
	if f.FeedType != "atom" || f.FeedVersion != "1.0" || f.Title != "searchd: iran" || len(f.Items) != 2 {
		t.Fatalf("feed %s %s %q with %d items", f.FeedType, f.FeedVersion, f.Title, len(f.Items))
	}
	newest := f.Items[0]
	if newest.Title != "IRGC drills" || newest.Link != "http://h/api/v1/articles/n3" || newest.PublishedParsed == nil ||
		!newest.PublishedParsed.Equal(time.Date(2024, 5, 3, 10, 0, 0, 0, time.UTC)) || newest.Description == "" {
		t.Errorf("newest entry %+v", newest)
	}
	// gofeed reads a category's label where it has one.
	if diff := cmp.Diff([]string{"Iran", "Islamic Revolutionary Guard Corps"}, newest.Categories); diff != "" {
		t.Errorf("categories (-want +got):\n%s", diff)
	}
	if !strings.Contains(buf.String(), `<category term="IR" scheme="urn:searchd:entity:country" label="Iran"></category>`) {
		t.Errorf("the country's category:\n%s", buf.String())
	}
	if f.Items[1].Link != "https://news.example/n1" {
		t.Errorf("an article's own URL is its link: %q", f.Items[1].Link)
	}
}

// CheckAtom fails t unless data is an Atom 1.0 feed with the elements RFC
// 4287 requires: feed id, title, updated, an author, a self link; each entry
// id, title, updated, a link or content, and each category a term.
func CheckAtom(t testing.TB, data []byte) {
	t.Helper()
	var f struct {
		XMLName xml.Name
		ID      string `xml:"id"`
		Title   string `xml:"title"`
		Updated string `xml:"updated"`
		Author  []struct {
			Name string `xml:"name"`
		} `xml:"author"`
		Links []struct {
			Href string `xml:"href,attr"`
			Rel  string `xml:"rel,attr"`
		} `xml:"link"`
		Entries []struct {
			ID        string `xml:"id"`
			Title     string `xml:"title"`
			Updated   string `xml:"updated"`
			Published string `xml:"published"`
			Summary   string `xml:"summary"`
			Links     []struct {
				Href string `xml:"href,attr"`
			} `xml:"link"`
			Categories []struct {
				Term string `xml:"term,attr"`
			} `xml:"category"`
		} `xml:"entry"`
	}
	if err := xml.Unmarshal(data, &f); err != nil {
		t.Fatalf("not XML: %v", err)
	}
	if f.XMLName.Space != atomNS || f.XMLName.Local != "feed" {
		t.Errorf("root element %v, want {%s}feed", f.XMLName, atomNS)
	}
	rfc3339 := func(s string) bool { _, err := time.Parse(time.RFC3339, s); return err == nil }
	if f.ID == "" || f.Title == "" || !rfc3339(f.Updated) || len(f.Author) == 0 || f.Author[0].Name == "" {
		t.Errorf("feed lacks id, title, updated or author: %+v", f)
	}
	self := false
	for _, l := range f.Links {
		self = self || (l.Rel == "self" && l.Href != "")
	}
	if !self {
		t.Error("feed has no self link")
	}
	for i, e := range f.Entries {
		if e.ID == "" || e.Title == "" || !rfc3339(e.Updated) || !rfc3339(e.Published) || len(e.Links) == 0 || e.Summary == "" {
			t.Errorf("entry %d lacks a required element: %+v", i, e)
		}
		for _, c := range e.Categories {
			if c.Term == "" {
				t.Errorf("entry %d has a category without term", i)
			}
		}
	}
}

func TestValidation(t *testing.T) {
	ix := openIndex(t, "")
	defer ix.Close()
	s, err := New(ix, Options{MaxSaved: 2})
	if err != nil {
		t.Fatal(err)
	}
	save(t, s, `{"name":"taken","query":{"q":"x"}}`)
	for _, c := range []struct {
		body  string
		kind  errs.Kind
		param string
		msg   string
	}{
		{`{"name":"","query":{}}`, errs.Invalid, "name", "required"},
		{`{"name":"a b","query":{}}`, errs.Invalid, "name", "letters, digits"},
		{`{"name":"` + strings.Repeat("a", 65) + `","query":{}}`, errs.Invalid, "name", "longer than 64"},
		{`{"name":"q"}`, errs.Invalid, "query", "required"},
		{`{"name":"q","query":{"q":"(Iran"}}`, errs.Syntax, "query.q", ""},
		{`{"name":"q","query":{"country":["Atlantis"]}}`, errs.Invalid, "query.country", "unknown country"},
		{`{"name":"q","query":{"nope":1}}`, errs.Invalid, "query", "unknown field \"nope\""},
		{`{"name":"q","query":{},"extra":1}`, errs.Invalid, "", "unknown field \"extra\""},
		{`{"name":"q","query":{},"collapse":"source"}`, errs.Invalid, "collapse", "story"},
		{`{"name":"q","query":{},"webhook":"ftp://example.org/x"}`, errs.Invalid, "webhook", "http or https"},
		{`{"name":"q","query":{},"webhook":"https://u:p@example.org/x"}`, errs.Invalid, "webhook", "credentials"},
		{`{"name":"q","query":{},"webhook":"http://169.254.169.254/latest"}`, errs.Invalid, "webhook", "cloud metadata"},
		{`{"name":"q","query":{},"webhook_secret":"s"}`, errs.Invalid, "webhook_secret", "without a webhook"},
		{`{"name":"taken","query":{}}`, errs.Exists, "name", "already saved"},
		{`{"name":"q","query":{"page":3}}`, errs.Invalid, "query.page", "no pages"},
	} {
		d, err := DecodeDefinition([]byte(c.body))
		if err == nil {
			_, err = s.Save(context.Background(), d)
		}
		var e *errs.Error
		if !errors.As(err, &e) || e.Kind != c.kind || e.Param != c.param || !strings.Contains(err.Error(), c.msg) {
			t.Errorf("%s: got %v (%#v), want kind %v param %q containing %q", c.body, err, e, c.kind, c.param, c.msg)
		}
	}
	save(t, s, `{"name":"second","query":{}}`)
	d, _ := DecodeDefinition([]byte(`{"name":"third","query":{}}`))
	if _, err := s.Save(context.Background(), d); errs.KindOf(err) != errs.TooLarge || !strings.Contains(err.Error(), "alerts.max_saved") {
		t.Errorf("past max_saved: %v", err)
	}
}
