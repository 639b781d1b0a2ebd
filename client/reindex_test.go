package client_test

import (
	"context"
	"net/http"
	"net/url"
	"slices"
	"testing"
	"time"

	"github.com/searchd/searchd/api"
	"github.com/searchd/searchd/client"
)

func TestReindex(t *testing.T) {
	srv := newServer(t, api.Options{})
	c := newClient(t, srv.URL)
	ctx := context.Background()
	if st, err := c.ReindexStatus(ctx); err != nil || st.State != "idle" {
		t.Fatalf("before: %+v %v", st, err)
	}
	st, err := c.StartReindex(ctx)
	if err != nil || st.State != "running" || st.Started == nil || st.DocsTotal == 0 {
		t.Fatalf("start: %+v %v", st, err)
	}
	deadline := time.Now().Add(30 * time.Second)
	for st.State == "running" && time.Now().Before(deadline) {
		time.Sleep(10 * time.Millisecond)
		if st, err = c.ReindexStatus(ctx); err != nil {
			t.Fatal(err)
		}
	}
	if st.State != "done" || st.DocsDone != st.DocsTotal || st.Finished == nil {
		t.Errorf("after: %+v", st)
	}
	t.Run("shape", func(t *testing.T) {
		shape[client.ReindexStatus](t, rawCall(t, http.MethodGet, srv.URL+"/api/v1/admin/reindex", "", "", http.StatusOK))
	})
}

func TestSearchAfter(t *testing.T) {
	srv := newServer(t, api.Options{})
	c := newClient(t, srv.URL)
	search := func(r client.SearchRequest) *client.SearchResult {
		t.Helper()
		res, err := c.Search(context.Background(), r)
		if err != nil {
			t.Fatal(err)
		}
		return res
	}
	all := search(client.SearchRequest{Sort: "published_at"})
	one := 1
	var got []string
	r := client.SearchRequest{Sort: "published_at", Size: &one}
	for {
		res := search(r)
		for _, h := range res.Hits {
			got = append(got, h.ID)
		}
		if res.Next == "" {
			break
		}
		r.SearchAfter = res.Next
	}
	var want []string
	for _, h := range all.Hits {
		want = append(want, h.ID)
	}
	if len(want) < 2 || !slices.Equal(got, want) {
		t.Errorf("page by page %v, one page %v", got, want)
	}
	t.Run("shape", func(t *testing.T) {
		shape[client.SearchResult](t, rawCall(t, http.MethodGet, srv.URL+"/api/v1/search?"+url.Values{"sort": {"published_at"}, "size": {"1"}}.Encode(), "", "", http.StatusOK))
	})
}
