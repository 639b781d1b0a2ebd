package index

import (
	"bytes"
	"context"
	"errors"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/searchd/searchd/internal/fakeextract"
	qlang "github.com/searchd/searchd/query"
)

func FuzzDecodeArticle(f *testing.F) {
	for _, s := range corpus {
		f.Add([]byte(s))
	}
	f.Add([]byte(`{"body":"x","published_at":"2024-01-01","authors":["a", ""]}`))
	f.Add([]byte(`{"body":"x","published_at":"2024-01-01T25:00:00Z"}`))
	f.Add([]byte(`{"id":"a/b","body":"x","published_at":"2024-01-01"}`))
	f.Add([]byte(`[1,2]`))
	f.Add([]byte("{\"body\":\"\xff\",\"published_at\":\"2024-01-01\"}"))
	f.Fuzz(func(t *testing.T, data []byte) {
		a, err := DecodeArticle(data)
		if err != nil {
			if !errors.Is(err, ErrInvalid) {
				t.Fatalf("error is not ErrInvalid: %v", err)
			}
			return
		}
		if strings.TrimSpace(a.Body) == "" || a.ID == "" || a.PublishedAt.IsZero() || a.Language == "" {
			t.Fatalf("accepted an incomplete article: %+v", a)
		}
		if !utf8.ValidString(a.Body) || !utf8.ValidString(a.Title) || !utf8.ValidString(a.ID) {
			t.Fatalf("accepted invalid UTF-8")
		}
		if _, err := BuildDocument(a); err != nil {
			t.Fatalf("accepted article cannot be indexed: %v", err)
		}
	})
}

func FuzzIngestNDJSON(f *testing.F) {
	f.Add([]byte(strings.Join(corpus, "\n")), 1<<10)
	f.Add([]byte("{}\n\n{\"body\":\"x\"}\r\nnot json\n"), 16)
	f.Add([]byte(corpus[0]+"\n"+corpus[0]), 64)
	ix, err := Open(Options{BatchSize: 3}, fakeextract.New())
	if err != nil {
		f.Fatal(err)
	}
	defer ix.Close()
	f.Fuzz(func(t *testing.T, data []byte, maxLine int) {
		if maxLine < 1 || maxLine > 1<<20 {
			maxLine = 1 << 10
		}
		res, err := ix.IngestNDJSON(context.Background(), bytes.NewReader(data), maxLine)
		if err != nil {
			t.Fatalf("reading from memory failed: %v", err)
		}
		lines := 0
		for _, l := range bytes.Split(data, []byte("\n")) {
			if len(bytes.TrimSpace(l)) > 0 || len(l) > maxLine+1 {
				lines++
			}
		}
		if res.Indexed+res.Failed > lines {
			t.Fatalf("indexed %d + failed %d > %d non-blank lines", res.Indexed, res.Failed, lines)
		}
		for _, e := range res.Errors {
			if e.Line < 1 || e.Error == "" {
				t.Fatalf("bad line error %+v", e)
			}
		}
	})
}

func FuzzSearch(f *testing.F) {
	ix, err := Open(Options{}, fakeextract.New())
	if err != nil {
		f.Fatal(err)
	}
	defer ix.Close()
	if _, err := ix.IngestNDJSON(context.Background(), strings.NewReader(strings.Join(corpus, "\n")), 1<<20); err != nil {
		f.Fatal(err)
	}
	f.Add("quds", "IR", "2024", "2024-03", "country,group", "month", "-published_at", 1, 10)
	f.Add(`title:"open`, "", "", "", "", "", "", 0, 0)
	f.Add(`/a.*/ +b~2 -c*`, "U.S.", "2024-02-30", "9999", "year", "auto", "relevance", 2, 1)
	f.Add(`"Quds Force"~3 OR body:(iran AND -syria)`, "", "", "", "person,place", "", "", 1, 5)
	f.Add("x", "", "", "", "", "", "", 4611686018427387904, 2)
	f.Add(`ira~1e20 /ir\b/ ab-cdefgh~2`, "", "", "", "", "", "", 1, 10)
	f.Fuzz(func(t *testing.T, q, country, from, to, facets, histogram, sort string, page, size int) {
		query := Query{Q: q, From: from, To: to, Histogram: histogram, Sort: sort, Page: page, Size: &size,
			Facets: strings.Split(facets, ",")}
		if country != "" {
			query.Countries = []string{country}
		}
		res, err := ix.Search(context.Background(), query)
		if err != nil {
			if !errors.Is(err, ErrInvalid) && !errors.Is(err, ErrBadQuery) && !errors.Is(err, ErrExpensive) && !errors.Is(err, ErrTooLarge) {
				t.Fatalf("search error of no known kind (would be a 500): %v", err)
			}
			return
		}
		if len(res.Hits) > *query.Size {
			t.Fatalf("%d hits for size %d", len(res.Hits), *query.Size)
		}
	})
}

func FuzzParseDates(f *testing.F) {
	for _, s := range []string{"2024", "2024-02", "2024-02-29", "2023-02-29", "2024-04-01T09:30:00Z", "2024-04-01T09:30:00+03:00", "0000", "99999", "2024-13", ""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if start, end, err := qlang.ParseDateBound(s); err == nil && !start.Before(end) {
			t.Fatalf("%q: start %v not before end %v", s, start, end)
		}
		if ts, err := ParseTimestamp(s); err == nil {
			// Whatever parses must print back to an instant that parses to the same time.
			again, err := ParseTimestamp(ts.Format(time.RFC3339Nano))
			if err != nil || !again.Equal(ts) {
				t.Fatalf("%q parsed to %v, which does not round-trip: %v %v", s, ts, again, err)
			}
		}
	})
}
