package client_test

import (
	"context"
	"errors"
	"net/http"
	"testing"

	"github.com/searchd/searchd/api"
	"github.com/searchd/searchd/client"
)

// TestAnalystRoundTrip calls each analyst view through the client. The
// test daemon's articles: a1 Iran, IRGC, Quds Force; a2 Iran, Hezbollah;
// a3 Quds Force, Mexico, United States; a4 none.
func TestAnalystRoundTrip(t *testing.T) {
	c := newClient(t, newServer(t, api.Options{}).URL)
	ctx := context.Background()
	iran := client.SearchRequest{Countries: []string{"Iranian"}}

	sig, err := c.Significant(ctx, iran, client.SignificantRequest{Type: "group", MinFg: 1})
	if err != nil {
		t.Fatal(err)
	}
	if sig.FgTotal != 2 || sig.BgTotal != 4 || len(sig.Entities) != 2 {
		t.Errorf("Significant = %+v", sig)
	}

	co, err := c.Cooccurrence(ctx, client.SearchRequest{}, client.CooccurrenceRequest{Entity: "group:Quds Force", Types: []string{"country"}})
	if err != nil {
		t.Fatal(err)
	}
	// a1 and a3: Iran, Mexico and the United States once each.
	if co.Entity.Count != 2 || len(co.Types) != 1 || len(co.Types["country"]) != 3 {
		t.Errorf("Cooccurrence = %+v", co)
	}

	nw, err := c.Network(ctx, client.SearchRequest{}, client.NetworkRequest{Types: []string{"group"}, Size: 2})
	if err != nil {
		t.Fatal(err)
	}
	// Quds Force 2, then Hezbollah 1 (before IRGC by value): they share nothing.
	if len(nw.Nodes) != 2 || nw.Nodes[0].ID != "group:Quds Force" || len(nw.Edges) != 0 {
		t.Errorf("Network = %+v", nw)
	}

	tr, err := c.Trends(ctx, client.SearchRequest{From: "2023-12", To: "2024-02"}, client.TrendsRequest{Interval: "month", Entities: []string{"country:IR"}})
	if err != nil {
		t.Fatal(err)
	}
	if len(tr.Series) != 2 || len(tr.Series[1].Buckets) != 3 || tr.Series[1].Total != 2 || tr.Series[0].Total != 3 {
		t.Errorf("Trends = %+v", tr)
	}

	page, err := c.Entity(ctx, "group", "IRGC", client.EntityRequest{Latest: 1})
	if err != nil {
		t.Fatal(err)
	}
	if page.Value != "Islamic Revolutionary Guard Corps" || page.Count != 1 || len(page.Latest) != 1 || page.Latest[0].ID != "a1" {
		t.Errorf("Entity = %+v", page)
	}
	_, err = c.Entity(ctx, "group", "AC/DC", client.EntityRequest{})
	var e *client.Error
	if !errors.As(err, &e) || e.StatusCode != http.StatusNotFound || e.Code != client.CodeNotFound {
		t.Errorf("unknown entity: %v", err)
	}
	_, err = c.Trends(ctx, client.SearchRequest{}, client.TrendsRequest{Interval: "hour"})
	if !client.HasCode(err, client.CodeInvalidArgument) {
		t.Errorf("bad interval: %v", err)
	}
}
