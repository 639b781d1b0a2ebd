package corpus

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

// fixture is a tiny world, so that these tests need no shared data.
func fixture() *Data {
	words := strings.Fields(`the of and to in a is that for it as was with be by on not he this are or his from at
		which but have an they you were her she there been one all we their has would when if so no will can more
		about said what up its into them than some could other time only new two may then do first any my now like
		over such our man me even most made after also did many before must through back years where much your way
		well down should because each just those people how too little state good very make world still own see men
		work long get here between both life being under never day same another know while last might us great old`)
	return &Data{
		Words: words,
		Countries: []Country{
			{Code: "IR", Names: []string{"Iran", "Islamic Republic of Iran"}, Demonyms: []string{"Iranian"}},
			{Code: "FR", Names: []string{"France"}, Demonyms: []string{"French"}},
			{Code: "MX", Names: []string{"Mexico"}, Demonyms: []string{"Mexican"}},
		},
		Cities:     []City{{"Tehran", "IR"}, {"Paris", "FR"}, {"Lyon", "FR"}},
		Groups:     []string{"Islamic Revolutionary Guard Corps", "Hezbollah", "Quds Force"},
		FirstNames: []string{"John", "Mary", "Ahmed", "Sofia"},
		Surnames:   []string{"Smith", "Garcia", "Rahimi", "Novak"},
	}
}

func newGen(t *testing.T, seed uint64) *Generator {
	t.Helper()
	g, err := New(fixture(), Options{Seed: seed, Persons: 10})
	if err != nil {
		t.Fatal(err)
	}
	return g
}

func TestDeterministic(t *testing.T) {
	a, b := newGen(t, 7), newGen(t, 7)
	for _, i := range []int{0, 1, 99} {
		if diff := cmp.Diff(a.Article(i), b.Article(i)); diff != "" {
			t.Errorf("article %d differs for the same seed (-first +second):\n%s", i, diff)
		}
	}
	if a.Article(3).Body == newGen(t, 8).Article(3).Body {
		t.Error("seeds 7 and 8 gave the same article 3")
	}
	if a.Article(3).Body == a.Article(4).Body {
		t.Error("articles 3 and 4 are the same")
	}
}

func TestArticleShape(t *testing.T) {
	g := newGen(t, 1)
	d := fixture()
	var entityHits int
	lo, hi := time.Date(1996, 1, 1, 0, 0, 0, 0, time.UTC), time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	for i := range 50 {
		a := g.Article(i)
		words := len(strings.Fields(a.Body))
		if words < 300 || words > 1200 {
			t.Errorf("article %d has %d words, want 300..900 plus mentions", i, words)
		}
		if a.Title == "" || a.URL == "" || a.Source == "" || len(a.Authors) == 0 {
			t.Errorf("article %d lacks a field: %+v", i, a)
		}
		p, err := time.Parse(time.RFC3339, a.PublishedAt)
		if err != nil || p.Before(lo) || !p.Before(hi) {
			t.Errorf("article %d published_at %q outside 1996..2025 (%v)", i, a.PublishedAt, err)
		}
		for _, c := range d.Countries {
			if strings.Contains(a.Body, c.Names[0]) || strings.Contains(a.Body, c.Demonyms[0]) {
				entityHits++
				break
			}
		}
	}
	if entityHits < 45 {
		t.Errorf("only %d of 50 articles mention a country", entityHits)
	}
}

func TestWriteNDJSONParallelMatchesSerial(t *testing.T) {
	g := newGen(t, 3)
	var serial, parallel bytes.Buffer
	st1, err := g.WriteNDJSON(context.Background(), &serial, 600, 1)
	if err != nil {
		t.Fatal(err)
	}
	st2, err := g.WriteNDJSON(context.Background(), &parallel, 600, 3)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(serial.Bytes(), parallel.Bytes()) || st1 != st2 {
		t.Fatal("parallel generation differs from serial generation")
	}
	lines := strings.Split(strings.TrimSuffix(serial.String(), "\n"), "\n")
	if len(lines) != 600 || st1.Articles != 600 || st1.Bytes != int64(serial.Len()) {
		t.Fatalf("got %d lines, stats %+v, want 600 articles of %d bytes", len(lines), st1, serial.Len())
	}
	var a Article
	if err := json.Unmarshal([]byte(lines[599]), &a); err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(g.Article(599), a); diff != "" {
		t.Errorf("line 600 is not article 599 (-want +got):\n%s", diff)
	}
}

func TestLoadFailsClearly(t *testing.T) {
	_, err := Load(t.TempDir())
	if err == nil || !strings.Contains(err.Error(), countriesFile) || !strings.Contains(err.Error(), "--data") {
		t.Fatalf("Load of an empty folder: got %v, want an error naming %s and --data", err, countriesFile)
	}
}

func TestLoadSharedData(t *testing.T) {
	dir := os.Getenv("SEARCHD_BENCH_DATA")
	if dir == "" {
		dir = filepath.Join("..", "..", "..", "..", "shared", "data")
	}
	if _, err := os.Stat(filepath.Join(dir, countriesFile)); err != nil {
		t.Skipf("needs the shared data folder (SEARCHD_BENCH_DATA): %v", err)
	}
	d, err := Load(dir)
	if err != nil {
		t.Fatal(err)
	}
	if len(d.Countries) < 150 || len(d.Cities) < 500 || len(d.Groups) < 1000 || len(d.Words) < 3000 ||
		len(d.FirstNames) < 500 || len(d.Surnames) < 1000 {
		t.Errorf("shared data loaded too little: %d countries, %d cities, %d groups, %d words, %d first names, %d surnames",
			len(d.Countries), len(d.Cities), len(d.Groups), len(d.Words), len(d.FirstNames), len(d.Surnames))
	}
	if d.Words[0] != "the" {
		t.Errorf("most frequent word is %q, want \"the\"", d.Words[0])
	}
}
