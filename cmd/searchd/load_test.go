package main

import (
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/searchd/searchd/client"
)

// TestLoad mixes faceted searches, bulk ingests and deletes from several
// clients against the real binary for a bounded time, then checks that the
// index holds exactly what was acknowledged. SEARCHD_LOAD_DURATION sets the
// time (default 5s; the closing note's run used 60s).
func TestLoad(t *testing.T) {
	if testing.Short() {
		t.Skip("load test")
	}
	duration := 5 * time.Second
	if s := os.Getenv("SEARCHD_LOAD_DURATION"); s != "" {
		d, err := time.ParseDuration(s)
		if err != nil {
			t.Fatal(err)
		}
		duration = d
	}
	d := start(t, "SEARCHD_INDEX_PATH="+t.TempDir()+"/idx", "SEARCHD_INGEST_LOAD_TESTDATA=false")

	type stat struct {
		latencies []time.Duration
		errors    int
	}
	const clients = 6
	stats := make([]map[string]*stat, clients)
	owned := make([]map[string]bool, clients) // acknowledged live ids per client
	var wg sync.WaitGroup
	deadline := time.Now().Add(duration)
	searches := []client.SearchRequest{
		{Q: "iran", Facets: []string{"country", "group", "person", "year"}},
		{Q: `"damascus"`, Countries: []string{"SY"}, Facets: []string{"country", "group", "source"}},
		{Facets: []string{"country", "group", "person", "place", "source", "year", "month"}, Histogram: "auto"},
		{Q: "report", Countries: []string{"IR", "US"}, Facets: []string{"country"}, Sort: "-published_at", Page: 2},
	}
	ctx := context.Background()
	for c := range clients {
		stats[c] = map[string]*stat{"search": {}, "bulk": {}, "delete": {}}
		owned[c] = map[string]bool{}
		wg.Go(func() {
			rng := rand.New(rand.NewPCG(uint64(c), 7))
			next := 0
			for time.Now().Before(deadline) {
				var op string
				var call func() error
				var newIDs []string
				var delID string
				switch r := rng.IntN(10); {
				case r < 6:
					op = "search"
					req := searches[rng.IntN(len(searches))]
					call = func() error { _, err := d.api.Search(ctx, req); return err }
				case r < 9 || len(owned[c]) == 0:
					op = "bulk"
					var b strings.Builder
					for range 10 {
						id := fmt.Sprintf("load-%d-%d", c, next)
						next++
						newIDs = append(newIDs, id)
						fmt.Fprintf(&b, `{"id":%q,"title":"Load %s","body":"Iranian and Syrian officials met in Damascus about %s.","source":"Load Wire","published_at":"2024-%02d-01"}`+"\n", id, id, id, 1+next%12)
					}
					call = func() error {
						res, err := d.api.Bulk(ctx, strings.NewReader(b.String()))
						if err == nil && res.Failed > 0 {
							err = fmt.Errorf("%d lines failed: %+v", res.Failed, res.Errors)
						}
						return err
					}
				default:
					op = "delete"
					for id := range owned[c] {
						delID = id
						break
					}
					call = func() error { _, err := d.api.DeleteArticle(ctx, delID); return err }
				}
				startReq := time.Now()
				err := call()
				took := time.Since(startReq)
				st := stats[c][op]
				st.latencies = append(st.latencies, took)
				if err != nil {
					st.errors++
					continue
				}
				for _, id := range newIDs {
					owned[c][id] = true
				}
				if delID != "" {
					delete(owned[c], delID)
				}
			}
		})
	}
	wg.Wait()

	totalOps, totalErrors := 0, 0
	for _, op := range []string{"search", "bulk", "delete"} {
		var all []time.Duration
		errs := 0
		for c := range clients {
			all = append(all, stats[c][op].latencies...)
			errs += stats[c][op].errors
		}
		slices.Sort(all)
		totalOps += len(all)
		totalErrors += errs
		if len(all) == 0 {
			continue
		}
		t.Logf("%-6s %6d requests %7.1f/s  p50 %6.2f ms  p99 %6.2f ms  errors %d", op, len(all),
			float64(len(all))/duration.Seconds(), ms(all[len(all)/2]), ms(all[len(all)*99/100]), errs)
	}
	t.Logf("total  %6d requests %7.1f/s in %s with %d clients, errors %d", totalOps, float64(totalOps)/duration.Seconds(), duration, clients, totalErrors)
	if totalErrors > 0 {
		t.Errorf("%d requests failed", totalErrors)
	}

	want := 0
	for c := range clients {
		want += len(owned[c])
	}
	if n := d.documents(t); n != uint64(want) {
		t.Errorf("index holds %d documents, %d acknowledged and not deleted", n, want)
	}
	for c := range clients {
		for id := range owned[c] {
			if a, err := d.api.GetArticle(ctx, id); err != nil || a.Title != "Load "+id {
				t.Fatalf("article %s: %+v, %v", id, a, err)
			}
		}
	}
	d.stop(t)
}

func ms(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }
