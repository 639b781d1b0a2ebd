package bench

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"sort"
	"testing"
	"time"

	"github.com/searchd/searchd/extract"
	"github.com/searchd/searchd/index"
)

func TestZZProfile(t *testing.T) {
	path := os.Getenv("ZZ_INDEX")
	if path == "" {
		t.Skip()
	}
	ex, err := extract.New()
	if err != nil {
		t.Fatal(err)
	}
	ix, err := index.Open(index.Options{Path: path}, ex)
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	raw, err := os.ReadFile(filepath.Join(filepath.Dir(filepath.Dir(path)), "queries.json"))
	if err != nil {
		t.Fatal(err)
	}
	var qs []QuerySpec
	if err := json.Unmarshal(raw, &qs); err != nil {
		t.Fatal(err)
	}
	byKind := map[string][]float64{}
	var all []float64
	for round := range 3 {
		for _, q := range qs {
			if k := os.Getenv("ZZ_KIND"); k != "" && q.Kind != k {
				continue
			}
			iq := q.IndexQuery()
			iq.NoCache = true
			start := time.Now()
			if _, err := ix.Search(context.Background(), iq); err != nil {
				t.Fatal(err)
			}
			ms := float64(time.Since(start).Microseconds()) / 1000
			if round > 0 {
				byKind[q.Kind] = append(byKind[q.Kind], ms)
				all = append(all, ms)
			}
		}
	}
	p := func(xs []float64, f float64) float64 { sort.Float64s(xs); return xs[int(f*float64(len(xs)-1))] }
	t.Logf("all p50 %.2f p95 %.2f p99 %.2f", p(all, .5), p(all, .95), p(all, .99))
	for _, k := range Kinds {
		if len(byKind[k]) == 0 {
			continue
		}
		t.Logf("%-18s p50 %.2f p95 %.2f", k, p(byKind[k], .5), p(byKind[k], .95))
	}
}

func TestZZCounts(t *testing.T) {
	path := os.Getenv("ZZ_INDEX")
	if path == "" {
		t.Skip()
	}
	ex, _ := extract.New()
	ix, err := index.Open(index.Options{Path: path}, ex)
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	for _, q := range []string{`"climate change"`, `+climate +change`, `"state media"`, `+state +media`, `"opposition leader"`, `+opposition +leader`, `"supreme court"`, `+supreme +court`} {
		start := time.Now()
		r, err := ix.Search(context.Background(), index.Query{Q: q, NoCache: true, Size: new(int)})
		if err != nil {
			t.Fatal(err)
		}
		t.Logf("%-22s %6d  %.1f ms", q, r.Total, float64(time.Since(start).Microseconds())/1000)
	}
}
