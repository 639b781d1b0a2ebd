package index

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"os"
	"runtime"
	"strconv"
	"strings"
	"testing"
	"time"
)

// bigDictionary builds an index whose body field holds about n distinct
// random terms. SEARCHD_DOS_TERMS overrides n (the figure is 1e6;
// the default keeps the race-enabled suite quick).
func bigDictionary(t *testing.T, n int) *Index {
	t.Helper()
	if s := os.Getenv("SEARCHD_DOS_TERMS"); s != "" {
		v, err := strconv.Atoi(s)
		if err != nil {
			t.Fatal(err)
		}
		n = v
	}
	ix := newTestIndex(t, "")
	ix.batch = 100
	rng := rand.New(rand.NewPCG(1, 2))
	const perDoc = 2000
	var articles []Article
	start := time.Now()
	for d := 0; d*perDoc < n; d++ {
		var b strings.Builder
		for range perDoc {
			l := 5 + rng.IntN(6)
			for range l {
				b.WriteByte(byte('a' + rng.IntN(26)))
			}
			b.WriteByte(' ')
		}
		articles = append(articles, Article{ID: fmt.Sprint(d), Body: b.String(), Language: "en",
			PublishedAt: time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)})
	}
	if _, err := ix.IngestArticles(context.Background(), articles); err != nil {
		t.Fatal(err)
	}
	dict, err := ix.bi.FieldDict("body")
	if err != nil {
		t.Fatal(err)
	}
	terms := 0
	for e, _ := dict.Next(); e != nil; e, _ = dict.Next() {
		terms++
	}
	dict.Close()
	t.Logf("index with %d distinct body terms built in %s", terms, time.Since(start).Round(time.Millisecond))
	return ix
}

func TestExpensiveQueriesBounded(t *testing.T) {
	if testing.Short() {
		t.Skip("builds a large dictionary")
	}
	ix := bigDictionary(t, 200000)
	tests := []struct {
		q       string
		refused bool
	}{
		{`/.*.*.*a/`, true},
		{`*a*b*`, true},
		{`a*`, true},
		{`a~2`, true}, // too short for two edits, stop word or not (the README once said otherwise)
		{`b~2`, true},
		{`abcdef~2`, false},
		{`body:/.*a/`, true},
		{`?bc*`, true},
		{`qwert*`, false},
		{`/qwer[a-z]+/`, false},
		{`sanction~1`, false},
		{`ab~1`, true},
		{`+xyzzy -/.*z/`, true},
		{`ab-cdefgh~2`, false}, // one word of nine characters: two edits allowed
		{`qwerty~1 qwertz~1 qwerta~1 qwertb~1 qwertc~1`, false}, // within the query's budget
		{`q*`, true}, // over the budget on its own
		{`ira~1e20`, true},
		{`/ir\b/`, true},
		{`/i.{0,1000}/`, true},
		{`/i(?U)r+/`, true},
	}
	for _, tt := range tests {
		t.Run(tt.q, func(t *testing.T) {
			var before, after runtime.MemStats
			runtime.GC()
			runtime.ReadMemStats(&before)
			ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
			defer cancel()
			start := time.Now()
			_, err := ix.Search(ctx, Query{Q: tt.q})
			took := time.Since(start)
			runtime.ReadMemStats(&after)
			t.Logf("%s: %v in %s, %d MB allocated", tt.q, err, took.Round(time.Microsecond), (after.TotalAlloc-before.TotalAlloc)>>20)
			if tt.refused {
				if !errors.Is(err, ErrExpensive) && !errors.Is(err, ErrBadQuery) {
					t.Fatalf("err = %v, want ErrExpensive or ErrBadQuery", err)
				}
				if !strings.HasPrefix(err.Error(), "q: ") {
					t.Errorf("error does not name q: %v", err)
				}
			} else if err != nil {
				t.Fatalf("err = %v, want the query to run", err)
			}
		})
	}
}

func TestExpensiveQueriesSwitchedOff(t *testing.T) {
	ix := newTestIndex(t, "")
	ix.policy = QueryPolicy{AllowExpensive: false, MaxExpansions: 10}
	loadCorpus(t, ix)
	ctx := context.Background()
	// Every reader of a query refuses it the same way: a search, an export,
	// a saved search's check and an analyst view.
	readers := map[string]func(q Query) error{
		"search": func(q Query) error { _, err := ix.Search(ctx, q); return err },
		"export": func(q Query) error { _, err := ix.Export(ctx, q, nil, 0); return err },
		"check":  func(q Query) error { return ix.CheckQuery(ctx, q) },
		"significant": func(q Query) error {
			_, err := ix.Significant(ctx, q, SignificantOptions{Type: "group"})
			return err
		},
	}
	for _, q := range []string{"qud*", "/qu.*/", "quds~1", "title:ir?n"} {
		for name, read := range readers {
			err := read(Query{Q: q})
			if !errors.Is(err, ErrExpensive) || !strings.Contains(err.Error(), "allow_expensive_queries") {
				t.Errorf("%s %s: err = %v", name, q, err)
			}
		}
	}
	if res, err := ix.Search(context.Background(), Query{Q: `quds +"force"`}); err != nil || res.Total != 2 {
		t.Errorf("plain query with expensive forms off: %v %v", res, err)
	}
}
