package feeds

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/searchd/searchd/index"
)

// serveFile answers with a testdata file and the given headers.
func serveFile(t *testing.T, name string, header map[string]string) http.HandlerFunc {
	data, err := os.ReadFile("testdata/site/" + name)
	if err != nil {
		t.Fatal(err)
	}
	return func(w http.ResponseWriter, r *http.Request) {
		for k, v := range header {
			w.Header().Set(k, v)
		}
		w.Header().Set("Content-Type", "application/rss+xml")
		w.Write(data)
	}
}

func TestFeedThatTimesOutBacksOff(t *testing.T) {
	s := newSite(t)
	release := make(chan struct{})
	defer close(release)
	s.handle("/slow.xml", func(w http.ResponseWriter, r *http.Request) {
		select { // never answers in time
		case <-r.Context().Done():
		case <-release:
		}
	})
	opts := testOptions()
	opts.Fetch.Timeout = 200 * time.Millisecond
	m := newManager(t, newIndex(t), opts)
	st, err := m.Add(context.Background(), s.URL+"/slow.xml", 10*time.Minute)
	if err != nil {
		t.Fatal(err)
	}
	for poll, wantWait := range []time.Duration{10 * time.Minute, 20 * time.Minute, 40 * time.Minute} {
		st, err = m.Poll(context.Background(), st.ID)
		if err != nil {
			t.Fatal(err)
		}
		if st.Status != StatusError || st.Failures != poll+1 || !strings.Contains(st.LastError, "feeds.fetch_timeout") {
			t.Fatalf("poll %d: %+v, want an error naming feeds.fetch_timeout", poll+1, st)
		}
		if wait := st.NextPoll.Sub(*st.LastPoll); wait != wantWait {
			t.Errorf("poll %d: next poll %s after the last, want %s (exponential backoff)", poll+1, wait, wantWait)
		}
	}
}

func TestBackoffIsCapped(t *testing.T) {
	m := newManager(t, newIndex(t), Options{MaxBackoff: time.Hour})
	f := &feed{interval: 15 * time.Minute}
	for failures, want := range map[int]time.Duration{0: 15 * time.Minute, 1: 15 * time.Minute, 2: 30 * time.Minute,
		3: time.Hour, 4: time.Hour, 60: time.Hour} {
		if got := m.delay(f, failures); got != want {
			t.Errorf("delay after %d failures = %s, want %s", failures, got, want)
		}
	}
}

func TestNotModifiedFeedFetchesNoItems(t *testing.T) {
	s := newSite(t)
	const etag, modified = `"rss-v1"`, "Mon, 02 Mar 2026 09:00:00 GMT"
	feedOnce := serveFile(t, "rss.xml", map[string]string{"ETag": etag, "Last-Modified": modified})
	s.handle("/etag.xml", func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("If-None-Match") == etag {
			w.WriteHeader(http.StatusNotModified)
			return
		}
		feedOnce(w, r)
	})
	ix := newIndex(t)
	m := newManager(t, ix, testOptions())
	st := addAndPoll(t, m, s.URL+"/etag.xml")
	if st.Status != StatusOK || st.Articles != 4 {
		t.Fatalf("first poll: %+v", st)
	}
	pages := s.count("/news/ferry-terminal.html")
	st, err := m.Poll(context.Background(), st.ID)
	if err != nil {
		t.Fatal(err)
	}
	if st.Status != StatusNotModified || st.Articles != 4 {
		t.Errorf("second poll: %+v, want not_modified", st)
	}
	req := s.lastRequest("/etag.xml")
	if req.Header.Get("If-None-Match") != etag || req.Header.Get("If-Modified-Since") != modified {
		t.Errorf("second poll sent If-None-Match %q, If-Modified-Since %q", req.Header.Get("If-None-Match"), req.Header.Get("If-Modified-Since"))
	}
	if !strings.HasPrefix(req.Header.Get("User-Agent"), "searchd") {
		t.Errorf("User-Agent %q does not name searchd", req.Header.Get("User-Agent"))
	}
	if got := s.count("/news/ferry-terminal.html"); got != pages || pages != 1 {
		t.Errorf("item page fetched %d times after a 304 (%d before), want once in all", got, pages)
	}
}

func TestFeedAtPrivateAddressIsRefused(t *testing.T) {
	s := newSite(t)
	opts := testOptions()
	opts.Fetch.AllowPrivate = false
	ix := newIndex(t)
	m := newManager(t, ix, opts)
	// The test server is on 127.0.0.1: with the flag off it is refused
	// before a byte is sent, the literal address at once.
	if _, err := m.Add(context.Background(), s.URL+"/rss.xml", 0); !errors.Is(err, index.ErrInvalid) ||
		!strings.Contains(err.Error(), "refused to connect to 127.0.0.1: a loopback address") {
		t.Errorf("Add(%s) = %v, want a refusal naming the loopback address", s.URL, err)
	}
	// By name the address is only known when dialled: the poll fails.
	byName := strings.Replace(s.URL, "127.0.0.1", "localhost", 1) + "/rss.xml"
	st := addAndPoll(t, m, byName)
	if st.Status != StatusError || !strings.Contains(st.LastError, "loopback address") ||
		!strings.Contains(st.LastError, "feeds.allow_private_addresses") {
		t.Errorf("status %+v, want an error saying the loopback address was refused", st)
	}
	if n := s.count("/rss.xml"); n != 0 || count(t, ix) != 0 {
		t.Errorf("the refused server got %d requests, the index %d articles", n, count(t, ix))
	}
	for _, bad := range []string{"http://169.254.169.254/latest/meta-data/", "http://10.1.2.3/feed", "http://[::1]:8080/",
		"http://[fd00::1]/", "http://100.64.0.1/", "http://0.0.0.0/", "http://[::ffff:192.168.1.1]/"} {
		if _, err := m.Add(context.Background(), bad, 0); !errors.Is(err, index.ErrInvalid) || !errors.Is(err, ErrForbiddenAddress) {
			t.Errorf("Add(%s) = %v, want a refusal", bad, err)
		}
	}
}

func TestItemRedirectToPrivateAddressIsRefused(t *testing.T) {
	s := newSite(t)
	var otherHits int
	other := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		otherHits++
		fmt.Fprint(w, "<html><body><p>internal page</p></body></html>")
	}))
	defer other.Close()
	otherPort := other.Listener.Addr().(*net.TCPAddr).Port
	s.handle("/redirect/metadata", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "http://169.254.169.254/latest/meta-data/iam/", http.StatusFound)
	})
	s.handle("/redirect/loopback", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, other.URL+"/admin", http.StatusMovedPermanently)
	})
	s.handle("/redirect/localhost", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, fmt.Sprintf("http://localhost:%d/", otherPort), http.StatusTemporaryRedirect)
	})
	opts := testOptions()
	opts.Fetch.AllowPrivate = false
	ix := newIndex(t)
	m := newManager(t, ix, opts)
	// Only the feed's own server is let through.
	m.proc.fetch.guard.Exempt = map[netip.AddrPort]bool{s.addrPort(): true}
	st := addAndPoll(t, m, s.URL+"/ssrf.xml")
	if st.Status != StatusOK || st.Articles != 4 {
		t.Fatalf("status %+v, want ok with 4 articles (3 from the items' own text)", st)
	}
	if otherHits != 0 {
		t.Errorf("the other loopback server got %d requests through redirects", otherHits)
	}
	want := map[string]string{
		"/redirect/metadata":  "refused to connect to 169.254.169.254: a link-local (cloud metadata) address",
		"/redirect/loopback":  "refused to connect to 127.0.0.1: a loopback address",
		"/redirect/localhost": "loopback address",
	}
	for _, e := range st.ItemErrors {
		for path, msg := range want {
			if strings.HasSuffix(e.Link, path) {
				if !strings.Contains(e.Error, msg) || !e.FromItemText {
					t.Errorf("%s: item error %+v, want %q and the item's text indexed", path, e, msg)
				}
				delete(want, path)
			}
		}
	}
	if len(want) > 0 {
		t.Errorf("no item error for %v in %+v", want, st.ItemErrors)
	}
	if a := get(t, ix, s.URL+"/redirect/metadata"); a.Body != "Item text of the metadata redirect." {
		t.Errorf("body %q, want the item's own text", a.Body)
	}
}

func TestRedirectLoopStops(t *testing.T) {
	s := newSite(t)
	s.handle("/loop.xml", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "/loop.xml", http.StatusFound)
	})
	opts := testOptions()
	opts.Fetch.MaxRedirects = 3
	st := addAndPoll(t, newManager(t, newIndex(t), opts), s.URL+"/loop.xml")
	if st.Status != StatusError || !strings.Contains(st.LastError, "stopped after 3 redirects") || s.count("/loop.xml") != 4 {
		t.Errorf("status %+v after %d requests, want a stop after 3 redirects", st, s.count("/loop.xml"))
	}
}

func TestBodyLimit(t *testing.T) {
	s := newSite(t)
	opts := testOptions()
	opts.Fetch.MaxBodyBytes = 1000
	st := addAndPoll(t, newManager(t, newIndex(t), opts), s.URL+"/rss.xml")
	if st.Status != StatusError || !strings.Contains(st.LastError, "larger than 1000 bytes (feeds.max_body_bytes)") {
		t.Errorf("status %+v, want the body limit named", st)
	}
}

func TestPollFailingHalfWayLosesNothing(t *testing.T) {
	s := newSite(t)
	const etag = `"partial-v1"`
	feed := serveFile(t, "partial.xml", map[string]string{"ETag": etag})
	s.handle("/partial.xml", func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("If-None-Match") == etag {
			w.WriteHeader(http.StatusNotModified)
			return
		}
		feed(w, r)
	})
	files := http.FileServer(http.Dir("testdata/site"))
	failFirst := func(fail http.HandlerFunc) http.HandlerFunc {
		n := 0
		return func(w http.ResponseWriter, r *http.Request) {
			if n++; n == 1 {
				fail(w, r)
				return
			}
			files.ServeHTTP(w, r)
		}
	}
	s.handle("/news/council-vote.html", failFirst(func(w http.ResponseWriter, r *http.Request) {
		http.Error(w, "database is down", http.StatusInternalServerError)
	}))
	s.handle("/news/og-date.html", failFirst(func(w http.ResponseWriter, r *http.Request) {
		conn, _, err := http.NewResponseController(w).Hijack()
		if err == nil {
			conn.Write([]byte("HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: 5000\r\n\r\n<html><body><p>The town mus"))
			conn.Close() // dropped half-way through the body
		}
	}))
	ix := newIndex(t)
	sink := newCountingSink(ix)
	m := newManager(t, sink, testOptions())

	st := addAndPoll(t, m, s.URL+"/partial.xml")
	if st.Status != StatusPartial || st.Articles != 3 || count(t, ix) != 3 || len(st.ItemErrors) != 2 {
		t.Fatalf("first poll: %+v, index holds %d; want partial with 3 indexed and 2 item errors", st, count(t, ix))
	}
	for _, e := range st.ItemErrors {
		if !e.Retry {
			t.Errorf("item error %+v is not retried", e)
		}
	}
	if !strings.Contains(st.LastError, "2 of 5 new items not indexed yet") {
		t.Errorf("last_error %q", st.LastError)
	}

	st, err := m.Poll(context.Background(), st.ID)
	if err != nil {
		t.Fatal(err)
	}
	if st.Status != StatusOK || st.Articles != 5 || count(t, ix) != 5 || st.Failures != 0 {
		t.Fatalf("second poll: %+v, index holds %d; want ok with 5", st, count(t, ix))
	}
	if got := s.lastRequest("/partial.xml").Header.Get("If-None-Match"); got != "" {
		t.Errorf("second poll sent If-None-Match %q: the ETag advanced before every item was handled", got)
	}
	for path, want := range map[string]int{"/news/ferry-terminal.html": 1, "/news/drought-reservoirs.html": 1,
		"/news/time-date.html": 1, "/news/council-vote.html": 2, "/news/og-date.html": 2} {
		if got := s.count(path); got != want {
			t.Errorf("%s fetched %d times, want %d", path, got, want)
		}
		if n := sink.times(ArticleID(mustNormalize(t, s.URL+path))); n != 1 {
			t.Errorf("%s handed to the index %d times, want once", path, n)
		}
	}
	if a := get(t, ix, s.URL+"/news/og-date.html"); !strings.Contains(a.Body, "full-size reconstruction of a herring boat") {
		t.Errorf("the dropped page was not indexed in full the second time: %q", a.Body)
	}

	st, _ = m.Poll(context.Background(), st.ID)
	if st.Status != StatusNotModified {
		t.Errorf("third poll: %+v, want not_modified once everything was handled", st)
	}
}

func TestSameStoryInTwoFeedsIsIndexedOnce(t *testing.T) {
	s := newSite(t)
	ix := newIndex(t)
	sink := newCountingSink(ix)
	m := newManager(t, sink, testOptions())
	addAndPoll(t, m, s.URL+"/rss.xml")
	// feed2 links to the story with other tracking parameters, a fragment
	// and dot segments, and to its AMP page, whose canonical URL is the story.
	st := addAndPoll(t, m, s.URL+"/feed2.xml")
	if st.Status != StatusOK || st.Articles != 0 || count(t, ix) != 4 {
		t.Errorf("second feed: %+v, index holds %d; want nothing new", st, count(t, ix))
	}
	id := ArticleID(mustNormalize(t, s.URL+"/news/ferry-terminal.html"))
	if n := sink.times(id); n != 1 {
		t.Errorf("the story was handed to the index %d times, want once", n)
	}
	if n := s.count("/news/ferry-terminal.html"); n != 1 {
		t.Errorf("the story's page was fetched %d times, want once: the second link is known by its URL", n)
	}
	if n := s.count("/news/ferry-terminal.amp.html"); n != 1 {
		t.Errorf("the AMP page was fetched %d times, want once (to read its canonical URL)", n)
	}
	// Polling again fetches no page: both items are handled.
	if _, err := m.Poll(context.Background(), st.ID); err != nil {
		t.Fatal(err)
	}
	if n := s.count("/news/ferry-terminal.amp.html") + s.count("/news/ferry-terminal.html"); n != 2 {
		t.Errorf("pages fetched %d times after a second poll, want no more than the 2 of the first", n)
	}
}

func mustNormalize(t *testing.T, u string) string {
	t.Helper()
	n, err := NormalizeURL(u)
	if err != nil {
		t.Fatal(err)
	}
	return n
}

func TestPageFailingEveryPollFallsBackToItemText(t *testing.T) {
	s := newSite(t)
	s.handle("/news/ferry-terminal.html", func(w http.ResponseWriter, r *http.Request) {
		http.Error(w, "overloaded", http.StatusServiceUnavailable)
	})
	ix := newIndex(t)
	m := newManager(t, ix, testOptions())
	st := addAndPoll(t, m, s.URL+"/rss.xml")
	for poll := 2; poll <= maxAttempts; poll++ {
		if st.Status != StatusPartial || count(t, ix) != 3 {
			t.Fatalf("poll %d: %+v, index holds %d; want partial with 3", poll-1, st, count(t, ix))
		}
		st, _ = m.Poll(context.Background(), st.ID)
	}
	if st.Status != StatusOK || count(t, ix) != 4 || len(st.ItemErrors) != 1 || !st.ItemErrors[0].FromItemText {
		t.Fatalf("poll %d: %+v, index holds %d; want the item's own text indexed", maxAttempts, st, count(t, ix))
	}
	if a := get(t, ix, s.URL+"/news/ferry-terminal.html"); a.Body != "The new terminal will replace the 1960s pier by 2029." {
		t.Errorf("body %q, want the item's description", a.Body)
	}
	if n := s.count("/news/ferry-terminal.html"); n != maxAttempts {
		t.Errorf("the failing page was fetched %d times, want %d", n, maxAttempts)
	}
}

func TestLongFeedIsWorkedThroughOverPolls(t *testing.T) {
	s := newSite(t)
	const etag = `"long-v1"`
	feed := serveFile(t, "rss.xml", map[string]string{"ETag": etag})
	s.handle("/long.xml", func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("If-None-Match") == etag {
			w.WriteHeader(http.StatusNotModified)
			return
		}
		feed(w, r)
	})
	ix := newIndex(t)
	opts := testOptions()
	opts.MaxItemsPerPoll = 3
	opts.MinInterval = time.Minute
	m := newManager(t, ix, opts)
	st := addAndPoll(t, m, s.URL+"/long.xml")
	if st.Status != StatusOK || st.Articles != 3 || st.NextPoll.Sub(*st.LastPoll) != time.Minute {
		t.Fatalf("first poll: %+v; want 3 of the 4 items and the next poll after feeds.min_interval", st)
	}
	st, _ = m.Poll(context.Background(), st.ID)
	if st.Articles != 4 || s.lastRequest("/long.xml").Header.Get("If-None-Match") != "" {
		t.Fatalf("second poll: %+v; want the last item, fetched without the ETag of an unfinished document", st)
	}
	st, _ = m.Poll(context.Background(), st.ID)
	if st.Status != StatusNotModified {
		t.Errorf("third poll: %+v, want not_modified", st)
	}
}
