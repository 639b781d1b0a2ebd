package index

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/searchd/searchd/internal/fakeextract"
)

// wireArticles makes, from the built pairs, n stories of three articles
// each (a base and two copies) and two agencies' reports of one event.
// (One event only: the pairs' agency reports of different events share
// their agency's generated phrasing, and are near-duplicates of each other.)
func wireArticles(t *testing.T, n int) (articles []Article, story map[string]string) {
	t.Helper()
	pairs := readWirePairs(t)
	story = map[string]string{}
	day := time.Date(2024, 5, 1, 0, 0, 0, 0, time.UTC)
	mk := func(id string, w wireText) Article {
		return Article{ID: id, Title: w.Title, Body: w.Body, Source: w.Source, Language: "en", PublishedAt: day}
	}
	bases := map[string][]wireText{}
	var order []string
	for _, p := range pairs {
		if p.Same && len(bases[p.A.Title]) < 3 {
			if bases[p.A.Title] == nil {
				order = append(order, p.A.Title)
				bases[p.A.Title] = []wireText{p.A}
			}
			bases[p.A.Title] = append(bases[p.A.Title], p.B)
		}
	}
	for i, title := range order[:n] {
		for k, w := range bases[title] {
			id := fmt.Sprintf("s%02d-%d", i, k)
			articles = append(articles, mk(id, w))
			story[id] = fmt.Sprintf("s%02d-0", i)
		}
	}
	k := 0
	for _, p := range pairs {
		if p.Kind == "same-event-two-agencies" && k < 1 {
			for j, w := range []wireText{p.A, p.B} {
				id := fmt.Sprintf("e%02d-%d", k, j)
				articles = append(articles, mk(id, w))
				story[id] = id
			}
			k++
		}
	}
	return articles, story
}

// TestStoriesAtIngest checks that copies share the story of the first
// one indexed, whether they come in one batch, in batches of their own
// or one by one, and that different reports of one event do not.
func TestStoriesAtIngest(t *testing.T) {
	ctx := context.Background()
	articles, want := wireArticles(t, 6)
	check := func(t *testing.T, ix *Index) {
		t.Helper()
		for _, a := range articles {
			got, err := ix.Get(ctx, a.ID)
			if err != nil {
				t.Fatal(err)
			}
			if got.Story != want[a.ID] {
				t.Errorf("%s: story %q, want %q", a.ID, got.Story, want[a.ID])
			}
		}
	}
	for _, batch := range []int{500, 2, 1} {
		t.Run(fmt.Sprintf("batch-%d", batch), func(t *testing.T) {
			ix, err := Open(Options{BatchSize: batch}, fakeextract.New())
			if err != nil {
				t.Fatal(err)
			}
			defer ix.Close()
			res, err := ix.IngestArticles(ctx, articles)
			if err != nil || res.Failed != 0 {
				t.Fatalf("%v %+v", err, res)
			}
			check(t, ix)
		})
	}
	t.Run("one-by-one", func(t *testing.T) {
		ix, err := Open(Options{}, fakeextract.New())
		if err != nil {
			t.Fatal(err)
		}
		defer ix.Close()
		for _, a := range articles {
			if _, err := ix.Add(ctx, a); err != nil {
				t.Fatal(err)
			}
		}
		check(t, ix)

		// Written again, an article keeps its story; deleting a story's
		// first member leaves the others as they were, and a new copy
		// still joins them.
		if _, err := ix.Add(ctx, articles[1]); err != nil {
			t.Fatal(err)
		}
		if _, err := ix.Add(ctx, articles[0]); err != nil {
			t.Fatal(err)
		}
		check(t, ix)
		if err := ix.Delete(ctx, "s00-0"); err != nil {
			t.Fatal(err)
		}
		late := articles[0]
		late.ID = "s00-late"
		got, err := ix.Add(ctx, late)
		if err != nil {
			t.Fatal(err)
		}
		if got.Story != "s00-0" {
			t.Errorf("a copy after the first member's deletion: story %q, want s00-0", got.Story)
		}
		articles = articles[1:]
		check(t, ix)
	})
}

// TestStoriesConcurrentBulks checks that copies sent in two requests at
// once still group: each request's batches see the other's in flight.
func TestStoriesConcurrentBulks(t *testing.T) {
	ctx := context.Background()
	articles, _ := wireArticles(t, 8)
	ix, err := Open(Options{BatchSize: 3}, fakeextract.New())
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	var a, b []Article
	for i, art := range articles {
		if i%2 == 0 {
			a = append(a, art)
		} else {
			b = append(b, art)
		}
	}
	errc := make(chan error, 2)
	for _, part := range [][]Article{a, b} {
		go func() {
			_, err := ix.IngestArticles(ctx, part)
			errc <- err
		}()
	}
	for range 2 {
		if err := <-errc; err != nil {
			t.Fatal(err)
		}
	}
	stories := map[string]string{}
	for _, art := range articles {
		got, err := ix.Get(ctx, art.ID)
		if err != nil {
			t.Fatal(err)
		}
		stories[art.ID] = got.Story
	}
	for i := range 8 {
		s := stories[fmt.Sprintf("s%02d-0", i)]
		for k := 1; k < 3; k++ {
			if id := fmt.Sprintf("s%02d-%d", i, k); stories[id] != s {
				t.Errorf("%s: story %q, want %q as its story's first article", id, stories[id], s)
			}
		}
	}
	if x, y := stories["e00-0"], stories["e00-1"]; x == y {
		t.Errorf("two agencies' reports of one event share story %q", x)
	}
}
