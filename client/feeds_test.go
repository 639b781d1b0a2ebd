package client_test

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/searchd/searchd/api"
	"github.com/searchd/searchd/client"
	"github.com/searchd/searchd/feeds"
)

// newFeedServer serves the real API with a feed poller that is never
// started: feeds are added, listed and removed, not fetched.
func newFeedServer(t *testing.T) *httptest.Server {
	t.Helper()
	ix := newIndex(t, false)
	m, err := feeds.New(ix, feeds.Options{})
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(api.New(ix, api.Options{Feeds: m}))
	t.Cleanup(srv.Close)
	return srv
}

func TestFeeds(t *testing.T) {
	srv := newFeedServer(t)
	c, err := client.New(srv.URL)
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	f, err := c.AddFeed(ctx, client.FeedRequest{URL: "https://news.example.test/world/rss.xml", Interval: "30m"})
	if err != nil {
		t.Fatal(err)
	}
	if f.ID == "" || f.Interval != "30m0s" || f.Status != "pending" || f.Origin != "api" {
		t.Errorf("added feed: %+v", f)
	}
	_, err = c.AddFeed(ctx, client.FeedRequest{URL: "https://news.example.test/world/rss.xml"})
	var apiErr *client.Error
	if !errors.As(err, &apiErr) || apiErr.Code != client.CodeConflict || apiErr.StatusCode != http.StatusConflict {
		t.Errorf("adding a feed twice: %v, want a conflict", err)
	}
	list, err := c.Feeds(ctx)
	if err != nil || len(list.Feeds) != 1 || list.Feeds[0].ID != f.ID {
		t.Fatalf("Feeds = %+v, %v", list, err)
	}
	shape[client.FeedList](t, rawCall(t, http.MethodGet, srv.URL+"/api/v1/feeds", "", "", http.StatusOK))
	d, err := c.DeleteFeed(ctx, f.ID)
	if err != nil || !d.Deleted || d.ID != f.ID {
		t.Fatalf("DeleteFeed = %+v, %v", d, err)
	}
	if _, err := c.DeleteFeed(ctx, f.ID); !errors.As(err, &apiErr) || apiErr.Code != client.CodeNotFound {
		t.Errorf("deleting it again: %v, want not_found", err)
	}
}

// TestExportRefusalIsAnError: an export the daemon refuses is an *Error,
// and nothing is written.
func TestExportRefusalIsAnError(t *testing.T) {
	srv := newServer(t, api.Options{})
	c, _ := client.New(srv.URL)
	var out strings.Builder
	n, err := c.Export(context.Background(), client.ExportRequest{Search: client.SearchRequest{Sort: "relevance"}}, &out)
	var apiErr *client.Error
	if !errors.As(err, &apiErr) || apiErr.StatusCode != http.StatusBadRequest || n != 0 || out.Len() != 0 {
		t.Errorf("Export(sort=relevance) = %d, %v, %q; want a 400 and nothing written", n, err, out.String())
	}
}
