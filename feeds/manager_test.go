package feeds

import (
	"context"
	"errors"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/searchd/searchd/index"
)

func TestStateSurvivesRestart(t *testing.T) {
	s := newSite(t)
	const etag = `"v1"`
	feed := serveFile(t, "rss.xml", map[string]string{"ETag": etag})
	s.handle("/etag.xml", func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("If-None-Match") == etag {
			w.WriteHeader(http.StatusNotModified)
			return
		}
		feed(w, r)
	})
	dir := t.TempDir()
	opts := testOptions()
	opts.StateFile = filepath.Join(dir, "feeds.json")
	opts.Sources = []Source{{URL: s.URL + "/atom.xml", Interval: 2 * time.Hour}}
	ix := newIndex(t)
	m := newManager(t, ix, opts)
	st := addAndPoll(t, m, s.URL+"/etag.xml")
	if st.Articles != 4 {
		t.Fatalf("first poll: %+v", st)
	}

	// Restarted without the configured feed: the one added at run time
	// comes back with its state, the configured one is gone.
	opts.Sources = nil
	m2 := newManager(t, ix, opts)
	list := m2.List()
	if len(list) != 1 || list[0].ID != st.ID || list[0].Origin != OriginAPI || list[0].Articles != 4 || list[0].Status != StatusOK {
		t.Fatalf("after restart: %+v, want only %s with its state", list, st.ID)
	}
	if next := list[0].NextPoll.Sub(*list[0].LastPoll); next != time.Hour {
		t.Errorf("next poll %s after the last poll, want the interval (1h): a restart must not poll every feed at once", next)
	}
	st2, err := m2.Poll(context.Background(), st.ID)
	if err != nil {
		t.Fatal(err)
	}
	if st2.Status != StatusNotModified || s.lastRequest("/etag.xml").Header.Get("If-None-Match") != etag {
		t.Errorf("after restart: %+v, want a conditional GET answered 304", st2)
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 1 || entries[0].Name() != "feeds.json" {
		t.Errorf("state directory holds %v, want only feeds.json", entries)
	}
}

func TestDamagedStateFileIsReported(t *testing.T) {
	path := filepath.Join(t.TempDir(), "feeds.json")
	if err := os.WriteFile(path, []byte(`{"version":1,"feeds":[`), 0o644); err != nil {
		t.Fatal(err)
	}
	opts := testOptions()
	opts.StateFile = path
	if _, err := New(newIndex(t), opts); err == nil || !strings.Contains(err.Error(), "damaged") {
		t.Errorf("New over a torn state file: %v, want it reported as damaged", err)
	}
}

func TestAddAndRemove(t *testing.T) {
	opts := testOptions()
	opts.Sources = []Source{{URL: "https://config.example.org/rss.xml"}}
	opts.StateFile = filepath.Join(t.TempDir(), "feeds.json")
	m := newManager(t, newIndex(t), opts)
	ctx := context.Background()
	st, err := m.Add(ctx, "https://news.example.org/rss.xml", 30*time.Minute)
	if err != nil {
		t.Fatal(err)
	}
	if st.Interval != 30*time.Minute || st.Status != StatusPending || st.Origin != OriginAPI {
		t.Errorf("added: %+v", st)
	}
	if _, err := m.Add(ctx, "https://NEWS.example.org:443/rss.xml#x", 0); !errors.Is(err, index.ErrExists) {
		t.Errorf("the same URL again: %v, want ErrExists", err)
	}
	if _, err := m.Add(ctx, "https://other.example.org/rss.xml", time.Microsecond); !errors.Is(err, index.ErrInvalid) {
		t.Errorf("an interval under the minimum: %v, want ErrInvalid", err)
	}
	if err := m.Remove(ctx, m.List()[0].ID); !errors.Is(err, index.ErrConflict) {
		t.Errorf("removing the configured feed: %v, want ErrConflict", err)
	}
	if err := m.Remove(ctx, "nope"); !errors.Is(err, index.ErrNotFound) {
		t.Errorf("removing an unknown feed: %v, want ErrNotFound", err)
	}
	if err := m.Remove(ctx, st.ID); err != nil {
		t.Fatal(err)
	}
	data, _ := os.ReadFile(opts.StateFile)
	if strings.Contains(string(data), "news.example.org") {
		t.Errorf("the removed feed is still saved:\n%s", data)
	}
	if len(newManager(t, newIndex(t), opts).List()) != 1 {
		t.Errorf("after a restart the removed feed came back")
	}
}

func TestRunPollsAndStopsOnShutdown(t *testing.T) {
	s := newSite(t)
	entered := make(chan struct{}, 1)
	s.handle("/hang.xml", func(w http.ResponseWriter, r *http.Request) {
		select {
		case entered <- struct{}{}:
		default:
		}
		<-r.Context().Done() // answers only when the client gives up
	})
	ix := newIndex(t)
	opts := testOptions()
	opts.Fetch.Timeout = time.Hour // only the shutdown may end the hanging fetch
	opts.Sources = []Source{{URL: s.URL + "/rss.xml"}, {URL: s.URL + "/hang.xml"}}
	m := newManager(t, ix, opts)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- m.Run(ctx) }()

	polled := func() bool {
		for _, st := range m.List() {
			if strings.HasSuffix(st.URL, "/rss.xml") {
				return st.Status == StatusOK
			}
		}
		return false
	}
	deadline := time.After(30 * time.Second)
	for !polled() {
		select {
		case <-deadline:
			t.Fatalf("Run did not poll: %+v", m.List())
		case <-time.After(10 * time.Millisecond):
		}
	}
	<-entered
	cancel()
	select {
	case err := <-done:
		if err != nil {
			t.Fatal(err)
		}
	case <-time.After(30 * time.Second):
		t.Fatal("Run did not return after its context ended, with a fetch in flight")
	}
	for _, st := range m.List() {
		if strings.HasSuffix(st.URL, "/hang.xml") && st.Status != StatusPending {
			t.Errorf("the interrupted feed: %+v, want it still pending (never polled to the end)", st)
		}
		if strings.HasSuffix(st.URL, "/rss.xml") && (st.Status != StatusOK || st.Articles != 4 || count(t, ix) != 4) {
			t.Errorf("the polled feed: %+v, index holds %d", st, count(t, ix))
		}
	}
}

func TestAddWhileRunningPollsAtOnce(t *testing.T) {
	s := newSite(t)
	ix := newIndex(t)
	m := newManager(t, ix, testOptions())
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- m.Run(ctx) }()
	defer func() { cancel(); <-done }()
	// Run may not have started yet; Add works either way.
	st, err := m.Add(context.Background(), s.URL+"/feed.json", 0)
	if err != nil {
		t.Fatal(err)
	}
	deadline := time.After(30 * time.Second)
	for {
		got, _ := m.Get(st.ID)
		if got.Status == StatusOK {
			if got.Articles != 2 {
				t.Errorf("polled: %+v, want 2 articles", got)
			}
			return
		}
		select {
		case <-deadline:
			t.Fatalf("the added feed was not polled: %+v", got)
		case <-time.After(10 * time.Millisecond):
		}
	}
}

func TestClientIngestsFeedsAndPages(t *testing.T) {
	s := newSite(t)
	ix := newIndex(t)
	c := NewClient(ix, FetchOptions{AllowPrivate: true}, nil)
	ctx := context.Background()
	rep, err := c.Ingest(ctx, s.URL+"/news/jsonld-dates.html")
	if err != nil || rep.Kind != KindPage || rep.Indexed != 1 {
		t.Fatalf("page: %+v, %v", rep, err)
	}
	a := get(t, ix, s.URL+"/news/night-trains")
	if a.Title != "Night trains return to the coast line" || a.Source != "Rail Notes" ||
		a.PublishedAt.UTC().Format(time.RFC3339) != "2025-11-20T04:00:00Z" || len(a.Authors) != 1 || a.Authors[0] != "Lior Brandt" {
		t.Errorf("page article: %+v", a)
	}
	// The feed is served as text/xml by the file server: sniffed.
	rep, err = c.Ingest(ctx, s.URL+"/dates.xml")
	if err != nil || rep.Kind != KindFeed || rep.Items != 5 || rep.Indexed != 4 || rep.Skipped != 1 {
		t.Errorf("feed: %+v, %v; want 4 indexed and the page ingested before skipped", rep, err)
	}
	if _, err := c.Ingest(ctx, s.URL+"/notes.txt"); !errors.Is(err, index.ErrInvalid) {
		t.Errorf("a text file: %v, want ErrInvalid (neither a feed nor a page)", err)
	}
}

func TestClientRetriesTemporaryFailures(t *testing.T) {
	s := newSite(t)
	fails := 0
	files := http.FileServer(http.Dir("testdata/site"))
	s.handle("/news/og-date.html", func(w http.ResponseWriter, r *http.Request) {
		if fails++; fails <= 1 {
			http.Error(w, "busy", http.StatusServiceUnavailable)
			return
		}
		files.ServeHTTP(w, r)
	})
	ix := newIndex(t)
	rep, err := NewClient(ix, FetchOptions{AllowPrivate: true}, nil).Ingest(context.Background(), s.URL+"/rss091.xml")
	if err != nil || rep.Indexed != 1 || rep.Failed != 0 || rep.FromItemText != 0 {
		t.Fatalf("%+v, %v: want the page indexed on the second try", rep, err)
	}
	if a := get(t, ix, s.URL+"/news/og-date.html"); !strings.Contains(a.Body, "herring boat") {
		t.Errorf("body %q is not the page's", a.Body)
	}
}

// TestSavedFeedsOutliveAStricterConfiguration: a feed added at run time
// that the configuration of a restart refuses is not lost. An interval
// below a raised feeds.min_interval is polled at the minimum; a feed the
// address guard now refuses stays in the state file, unpolled, and comes
// back when the configuration allows it again, whatever was saved meanwhile.
func TestSavedFeedsOutliveAStricterConfiguration(t *testing.T) {
	s := newSite(t)
	opts := testOptions()
	opts.StateFile = filepath.Join(t.TempDir(), "feeds.json")
	opts.MinInterval = time.Minute
	ix := newIndex(t)
	m := newManager(t, ix, opts)
	fast, err := m.Add(context.Background(), s.URL+"/rss.xml", 2*time.Minute)
	if err != nil {
		t.Fatal(err)
	}

	opts.MinInterval = 5 * time.Minute
	m = newManager(t, ix, opts)
	if list := m.List(); len(list) != 1 || list[0].ID != fast.ID || list[0].Interval != 5*time.Minute {
		t.Fatalf("after raising min_interval: %+v, want %s polled every 5m", list, fast.ID)
	}

	opts.Fetch.AllowPrivate = false // the test site is on loopback
	m = newManager(t, ix, opts)
	if list := m.List(); len(list) != 0 {
		t.Fatalf("with the loopback site refused: %+v, want no feed polled", list)
	}
	if _, err := m.Add(context.Background(), "https://news.example.test/rss.xml", time.Hour); err != nil {
		t.Fatal(err) // a save while the first feed is refused
	}

	opts.Fetch.AllowPrivate = true
	m = newManager(t, ix, opts)
	ids := map[string]bool{}
	for _, f := range m.List() {
		ids[f.ID] = true
	}
	if !ids[fast.ID] || len(ids) != 2 {
		t.Errorf("with the site allowed again: %v, want %s back beside the feed added meanwhile", ids, fast.ID)
	}
}
