package client_test

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"testing"

	"github.com/searchd/searchd/api"
	"github.com/searchd/searchd/client"
)

// BenchmarkSearch is what the client adds to a search: the same faceted,
// highlighted search through client.Search (encode the parameters, decode
// the answer into SearchResult) and as a plain GET whose body is read and
// dropped, against the real API over an in-memory index.
//
//	go test ./client -run '^$' -bench Search -benchmem
func BenchmarkSearch(b *testing.B) {
	srv := newServer(b, api.Options{})
	req := client.SearchRequest{Q: "Quds OR Iran OR Damascus", Facets: []string{"country", "group", "person", "year"}, NoCache: true}
	b.Run("client", func(b *testing.B) {
		c := newClient(b, srv.URL)
		for b.Loop() {
			if _, err := c.Search(context.Background(), req); err != nil {
				b.Fatal(err)
			}
		}
	})
	u := srv.URL + "/api/v1/search?" + req.Values().Encode()
	b.Run("decode only", func(b *testing.B) {
		res, err := http.Get(u)
		if err != nil {
			b.Fatal(err)
		}
		raw, _ := io.ReadAll(res.Body)
		res.Body.Close()
		b.SetBytes(int64(len(raw)))
		for b.Loop() {
			var r client.SearchResult
			if err := json.Unmarshal(raw, &r); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("raw", func(b *testing.B) {
		for b.Loop() {
			r, _ := http.NewRequest(http.MethodGet, u, nil)
			r.Header.Set("Cache-Control", "no-cache")
			res, err := http.DefaultClient.Do(r)
			if err != nil {
				b.Fatal(err)
			}
			io.Copy(io.Discard, res.Body)
			res.Body.Close()
		}
	})
}
