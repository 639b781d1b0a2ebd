package client_test

import (
	"bytes"
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/mmcdole/gofeed"

	"github.com/searchd/searchd/alerts"
	"github.com/searchd/searchd/api"
	"github.com/searchd/searchd/client"
)

func TestSavedSearches(t *testing.T) {
	ix := newIndex(t, false)
	svc, err := alerts.New(ix, alerts.Options{})
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(api.New(ix, api.Options{Saved: svc}))
	defer srv.Close()
	c, err := client.New(srv.URL)
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	req := client.SavedRequest{Name: "iran", Query: client.SearchRequest{Q: "Iran", Countries: []string{"IR"}},
		Webhook: "https://hooks.example.org/searchd", WebhookSecret: "s"}
	s, err := c.SaveSearch(ctx, req)
	if err != nil {
		t.Fatal(err)
	}
	if s.Name != "iran" || s.Query.Q != "Iran" || s.WebhookSecret != "<redacted>" || s.Delivery == nil || s.Delivery.Status != "none" {
		t.Errorf("saved: %+v", s)
	}
	var apiErr *client.Error
	if _, err := c.SaveSearch(ctx, req); !errors.As(err, &apiErr) || apiErr.Code != client.CodeConflict {
		t.Errorf("saving twice: %v", err)
	}
	bad := client.SavedRequest{Name: "bad", Query: client.SearchRequest{Q: "(Iran"}}
	if _, err := c.SaveSearch(ctx, bad); !errors.As(err, &apiErr) || apiErr.StatusCode != http.StatusBadRequest || apiErr.Param != "query.q" {
		t.Errorf("a bad query: %v", err)
	}
	shape[client.SavedList](t, rawCall(t, http.MethodGet, srv.URL+"/api/v1/saved", "", "", http.StatusOK))
	shape[client.Saved](t, rawCall(t, http.MethodGet, srv.URL+"/api/v1/saved/iran", "", "", http.StatusOK))
	if list, err := c.SavedSearches(ctx); err != nil || len(list.Saved) != 1 {
		t.Errorf("list: %+v %v", list, err)
	}
	if s, err := c.MarkSavedSeen(ctx, "iran"); err != nil || s.NewCount != 0 {
		t.Errorf("seen: %+v %v", s, err)
	}
	var feed bytes.Buffer
	if _, err := c.SavedFeed(ctx, "iran", &feed); err != nil {
		t.Fatal(err)
	}
	if f, err := gofeed.NewParser().Parse(strings.NewReader(feed.String())); err != nil || f.FeedType != "atom" || len(f.Items) == 0 {
		t.Errorf("feed: %v\n%s", err, feed.String())
	}
	if d, err := c.DeleteSaved(ctx, "iran"); err != nil || !d.Deleted || d.Name != "iran" {
		t.Errorf("delete: %+v %v", d, err)
	}
	if _, err := c.SavedSearch(ctx, "iran"); !errors.As(err, &apiErr) || apiErr.Code != client.CodeNotFound {
		t.Errorf("after delete: %v", err)
	}
}
