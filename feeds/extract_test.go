package feeds

import (
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

// boilerplate is text of the test pages' navigation, banners, related
// links, newsletters, sidebars and footers: none of it may reach a body.
var boilerplate = []string{
	"cookie", "Cookie", "Accept all", "Sign up", "Morning Briefing", "Related stories",
	"Engineers find corrosion", "Most read", "Storm warning", "Harbour Street bakery",
	"All rights reserved", "©", "Share on", "Copy link", "Subscribe", "Podcasts", "Trending now",
	"tractor is stolen", "Dairy herd", "Comments are closed", "Follow us", "Advertisement",
	"More from Politics", "Budget gap widens", "Mayor to stand again", "Your privacy matters",
	"Log in", "Brenmoor 14°C", "Home", "Topics:", "Read more", "hosepipe ban means",
}

func TestBoilerplatePagesGiveOnlyTheStory(t *testing.T) {
	s := newSite(t)
	ix := newIndex(t)
	m := newManager(t, ix, testOptions())
	st := addAndPoll(t, m, s.URL+"/rss.xml")
	if st.Status != StatusOK || st.Articles != 4 {
		t.Fatalf("status %+v, want ok with 4 articles", st)
	}
	tests := []struct {
		link      string
		story     []string // sentences from the start, middle and end of the story
		title     string
		authors   []string
		published string
		url       string
		source    string
		language  string
	}{
		{
			link: "/news/ferry-terminal.html",
			story: []string{"The Elsin Harbour Board voted on Monday to build a new ferry terminal",
				"Building once is cheaper than building twice.",
				"order a larger vessel once the new berth is confirmed."},
			title: "Harbour board approves ferry terminal at Port Elsin", authors: []string{"Marta Quillan"},
			published: "2026-03-02T08:15:00Z", url: s.URL + "/news/ferry-terminal.html",
			source: "Coast and Valley News", language: "en-GB",
		},
		{
			link: "/news/drought-reservoirs.html",
			story: []string{"The three reservoirs that supply Brenmoor",
				"the stone walls of the village flooded to build it in 1958",
				"open a temporary pipeline from the neighbouring catchment in June."},
			// og:url names another site: ignored, the page's own URL is kept.
			title: "Reservoirs at lowest level in thirty years", authors: []string{"Tomas Ferreira"},
			published: "2026-02-26T15:00:00Z", url: s.URL + "/news/drought-reservoirs.html",
			source: "Coast and Valley News", language: "en",
		},
		{
			link: "/news/council-vote.html",
			story: []string{"The district council has voted to keep Brenmoor's library open",
				"twenty-two votes to fourteen", "must be agreed by the end of March."},
			// No author in the feed: JSON-LD's; the feed's date wins over the page's.
			title: "Council votes to keep Brenmoor library open", authors: []string{"Anneke Dahl", "Paul Oyelaran"},
			published: "2026-02-25T18:00:00Z", url: s.URL + "/news/council-vote.html",
			source: "Coast and Valley News", language: "en",
		},
	}
	for _, tt := range tests {
		t.Run(tt.link, func(t *testing.T) {
			a := get(t, ix, s.URL+tt.link)
			for _, want := range tt.story {
				if !strings.Contains(a.Body, want) {
					t.Errorf("body lacks %q:\n%s", want, a.Body)
				}
			}
			for _, bad := range boilerplate {
				if strings.Contains(a.Body, bad) {
					t.Errorf("body has boilerplate %q:\n%s", bad, a.Body)
				}
			}
			if strings.Count(a.Body, "\n\n") < 3 {
				t.Errorf("paragraphs were not kept apart:\n%s", a.Body)
			}
			got := []string{a.Title, a.PublishedAt.UTC().Format(time.RFC3339), a.URL, a.Source, a.Language}
			want := []string{tt.title, tt.published, tt.url, tt.source, tt.language}
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("title, published_at, url, source, language (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff(tt.authors, a.Authors); diff != "" {
				t.Errorf("authors (-want +got):\n%s", diff)
			}
		})
	}
}

func TestMissingPageFallsBackToItemText(t *testing.T) {
	s := newSite(t)
	ix := newIndex(t)
	m := newManager(t, ix, testOptions())
	st := addAndPoll(t, m, s.URL+"/rss.xml")
	// /news/lifeboat-rescue.html does not exist: 404, a permanent failure.
	a := get(t, ix, s.URL+"/news/lifeboat-rescue.html")
	want := "The volunteer lifeboat crew rescued two kayakers who were swept past the point by a strong ebb tide on Monday afternoon.\n\n" +
		"Both were brought ashore cold but unhurt. The coastguard reminded paddlers to check the tide tables & carry a radio."
	if diff := cmp.Diff(want, a.Body); diff != "" {
		t.Errorf("body from content:encoded, HTML stripped (-want +got):\n%s", diff)
	}
	if len(st.ItemErrors) != 1 || !st.ItemErrors[0].FromItemText || !strings.Contains(st.ItemErrors[0].Error, "404") {
		t.Errorf("item errors %+v, want the 404 reported as indexed from the item's text", st.ItemErrors)
	}
}

func TestDatesFromFeedThenPage(t *testing.T) {
	s := newSite(t)
	ix := newIndex(t)
	var logs logBuffer
	opts := testOptions()
	opts.Logger = logs.logger()
	m := newManager(t, ix, opts)
	before := time.Now()
	st := addAndPoll(t, m, s.URL+"/dates.xml")
	after := time.Now()
	if st.Articles != 5 {
		t.Fatalf("status %+v, want 5 articles", st)
	}
	for _, tt := range []struct{ link, want string }{
		{"/news/night-trains", "2025-11-20T04:00:00Z"},      // JSON-LD datePublished (the page's canonical URL)
		{"/news/og-date.html", "2025-09-14T11:00:00Z"},      // article:published_time
		{"/news/time-date.html", "2025-07-03T06:30:00Z"},    // <time datetime>
		{"/news/council-vote.html", "2026-02-25T18:00:00Z"}, // the feed's pubDate beats JSON-LD's 17:40
	} {
		if got := get(t, ix, s.URL+tt.link).PublishedAt.UTC().Format(time.RFC3339); got != tt.want {
			t.Errorf("%s: published_at %s, want %s", tt.link, got, tt.want)
		}
	}
	a := get(t, ix, s.URL+"/news/no-date.html")
	if a.PublishedAt.Before(before.Add(-time.Second)) || a.PublishedAt.After(after.Add(time.Second)) {
		t.Errorf("no date anywhere: published_at %s, want the fetch time (between %s and %s)", a.PublishedAt, before, after)
	}
	if !strings.Contains(logs.String(), "using the fetch time") || !strings.Contains(logs.String(), "no-date.html") {
		t.Errorf("the fetch-time date is not logged:\n%s", logs.String())
	}
}

func TestFeedFormats(t *testing.T) {
	s := newSite(t)
	tests := []struct {
		feed      string
		items     int
		link      string
		title     string
		authors   []string
		published string
		source    string
	}{
		{"/rss.xml", 4, "/news/drought-reservoirs.html", "Reservoirs at lowest level in thirty years", []string{"Tomas Ferreira"}, "2026-02-26T15:00:00Z", "Coast and Valley News"},
		{"/atom.xml", 2, "/news/council-vote.html", "Council votes to keep Brenmoor library open", []string{"Anneke Dahl", "Paul Oyelaran"}, "2026-02-26T17:40:00Z", "Valley Courier"},
		{"/atom.xml", 2, "/news/drought-reservoirs.html", "Reservoirs at lowest level in thirty years", []string{"Tomas Ferreira"}, "2026-02-26T15:00:00Z", "Valley Courier"},
		{"/feed.json", 2, "/news/time-date.html", "Bridge closes for repairs", []string{"Highways desk"}, "2025-07-03T06:30:00Z", "Rail Notes"},
		{"/feed.json", 2, "/news/night-trains", "Night trains return to the coast line", []string{"Lior Brandt"}, "2025-11-20T04:00:00Z", "Rail Notes"},
		{"/rss091.xml", 1, "/news/og-date.html", "Museum reopens its maritime gallery", []string{"Sanne Okafor"}, "2025-09-14T11:00:00Z", "Harbour Gazette (classic)"},
	}
	for _, tt := range tests {
		t.Run(tt.feed+tt.link, func(t *testing.T) {
			ix := newIndex(t)
			st := addAndPoll(t, newManager(t, ix, testOptions()), s.URL+tt.feed)
			if st.Status != StatusOK || st.Articles != tt.items || count(t, ix) != uint64(tt.items) {
				t.Fatalf("status %+v, index holds %d, want ok with %d articles", st, count(t, ix), tt.items)
			}
			a := get(t, ix, s.URL+tt.link)
			got := []string{a.Title, a.PublishedAt.UTC().Format(time.RFC3339), a.Source}
			if diff := cmp.Diff([]string{tt.title, tt.published, tt.source}, got); diff != "" {
				t.Errorf("title, published_at, source (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff(tt.authors, a.Authors); diff != "" {
				t.Errorf("authors (-want +got):\n%s", diff)
			}
			if len(a.Body) < 300 {
				t.Errorf("body is not the page's story: %q", a.Body)
			}
		})
	}
}
