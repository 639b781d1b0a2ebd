package client_test

import (
	"context"
	"errors"
	"fmt"
	"log"
	"net/http/httptest"
	"strings"
	"time"

	"github.com/searchd/searchd/api"
	"github.com/searchd/searchd/client"
	"github.com/searchd/searchd/index"
	"github.com/searchd/searchd/internal/fakeextract"
)

// exampleDaemon serves the real API over an in-memory index holding the
// test articles; the examples talk to it as they would to a daemon.
func exampleDaemon() (url string, stop func()) {
	ix, err := index.Open(index.Options{MinFreeBytes: -1}, fakeextract.New())
	if err != nil {
		log.Fatal(err)
	}
	if _, err := ix.IngestNDJSON(context.Background(), strings.NewReader(strings.Join(articles, "\n")), 1<<20); err != nil {
		log.Fatal(err)
	}
	srv := httptest.NewServer(api.New(ix, api.Options{}))
	return srv.URL, func() { srv.Close(); ix.Close() }
}

func Example() {
	base, stop := exampleDaemon() // e.g. "http://127.0.0.1:8080"
	defer stop()

	c, err := client.New(base)
	if err != nil {
		log.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	res, err := c.Search(ctx, client.SearchRequest{
		Q:         "Quds",
		Countries: []string{"Iranian"}, // a demonym resolves to the country
		Facets:    []string{"country", "source"},
		Highlight: new(false),
	})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(res.Total, "hit")
	for _, h := range res.Hits {
		fmt.Println(h.ID, h.Title, h.PublishedAt.Format(time.DateOnly))
	}
	for _, v := range res.Facets["country"] {
		fmt.Printf("%s (%s): %d\n", v.Label, v.Value, v.Count)
	}
	// Output:
	// 1 hit
	// a1 Iran and the IRGC 2023-12-31
	// Iran (IR): 1
	// Mexico (MX): 1
	// United States (US): 1
}

func ExampleClient_AddArticle() {
	base, stop := exampleDaemon()
	defer stop()
	c, err := client.New(base, client.WithAPIKey("")) // the daemon's write key, when it has any
	if err != nil {
		log.Fatal(err)
	}
	a, err := c.AddArticle(context.Background(), client.ArticleInput{
		URL:         "https://example.test/2024/04/quds",
		Title:       "Quds Force network uncovered in Mexico",
		Body:        "Mexican prosecutors said Iranian agents of the Quds Force met in Tehran.",
		PublishedAt: time.Date(2024, 4, 12, 9, 30, 0, 0, time.UTC),
	})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(a.ID)
	for _, e := range a.Entities.Countries {
		fmt.Println(e.Type, e.Value, e.Label, len(e.Mentions))
	}
	for _, e := range a.Entities.Groups {
		fmt.Println(e.Type, e.Value, e.Mentions[0].Field, e.Mentions[0].Start, e.Mentions[0].Text)
	}
	// Output:
	// 38eda27fdd2f1947e5f17c62
	// country MX Mexico 1
	// country IR Iran 1
	// group Quds Force title 0 Quds Force
}

func ExampleClient_BulkArticles() {
	base, stop := exampleDaemon()
	defer stop()
	c, _ := client.New(base)
	res, err := c.BulkArticles(context.Background(), []client.ArticleInput{
		{ID: "n1", Body: "Talks in Damascus.", PublishedAt: time.Date(2024, 5, 1, 0, 0, 0, 0, time.UTC)},
		{ID: "n2", Body: "No date given."},
	})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println("indexed", res.Indexed, "failed", res.Failed)
	for _, e := range res.Errors {
		fmt.Printf("line %d (%s): %s\n", e.Line, e.ID, e.Error)
	}
	// Output:
	// indexed 1 failed 1
	// line 2 (n2): field "published_at" is required (RFC 3339 or YYYY-MM-DD)
}

func ExampleError() {
	base, stop := exampleDaemon()
	defer stop()
	c, _ := client.New(base)
	_, err := c.Search(context.Background(), client.SearchRequest{Q: `Iran AND (oil OR`})
	var e *client.Error
	if errors.As(err, &e) {
		fmt.Println(e.StatusCode, e.Code, e.Param, e.Pos)
		fmt.Println(e.Message)
	}
	_, err = c.GetArticle(context.Background(), "no-such-id")
	fmt.Println(client.HasCode(err, client.CodeNotFound))
	// Output:
	// 400 bad_query q 15
	// q: expected a term after OR at 15
	// true
}

func ExampleClient_Explain() {
	base, stop := exampleDaemon()
	defer stop()
	c, _ := client.New(base)
	ex, err := c.Explain(context.Background(), client.ExplainRequest{Q: `IRGC -"oil sanctions"`})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(ex.Query)
	fmt.Println(ex.Tree.Type, len(ex.Tree.Nodes), ex.Tree.Nodes[1].Type, ex.Tree.Nodes[1].Node.Type)
	for _, in := range ex.Interpreted {
		fmt.Printf("%q at %d: %s %s\n", in.Text, in.Pos, in.Entity.Type, in.Entity.Value)
	}
	// Output:
	// IRGC -"oil sanctions"
	// and 2 not phrase
	// "IRGC" at 1: group Islamic Revolutionary Guard Corps
}

func ExampleClient_Suggest() {
	base, stop := exampleDaemon()
	defer stop()
	c, _ := client.New(base)
	s, err := c.Suggest(context.Background(), client.SuggestRequest{Q: "irg"})
	if err != nil {
		log.Fatal(err)
	}
	for _, v := range s.Suggestions {
		fmt.Println(v.Type, v.Value, v.Matched, v.Count)
	}
	// Output:
	// group Islamic Revolutionary Guard Corps irgc 1
}

func ExampleClient_Export() {
	base, stop := exampleDaemon()
	defer stop()
	c, _ := client.New(base)
	var out strings.Builder
	_, err := c.Export(context.Background(), client.ExportRequest{
		Search: client.SearchRequest{Q: "Quds OR Damascus", Sort: "published_at"},
		Format: "csv",
		Fields: []string{"id", "published_at", "countries"},
	}, &out)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Print(out.String())
	// Output:
	// id,published_at,countries
	// a1,2023-12-31T23:30:00Z,Iran
	// a2,2024-01-01T00:15:00Z,Iran
	// a3,2024-02-29T00:00:00Z,Mexico;United States
}
