package eval

import (
	"bytes"
	"encoding/json"
	"errors"
	"math"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/searchd/searchd/extract"
)

var (
	exOnce sync.Once
	exVal  *extract.Extractor
	exErr  error
)

func newExtractor(t *testing.T) *extract.Extractor {
	t.Helper()
	exOnce.Do(func() { exVal, exErr = extract.New() })
	if exErr != nil {
		t.Fatal(exErr)
	}
	return exVal
}

func writeFile(t *testing.T, name, content string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

func TestReadCoNLL(t *testing.T) {
	// IOB1 with a B- between two adjacent entities of one type, MISC kept
	// as a boundary, two documents, index-token-tag lines.
	in := `-DOCSTART- -X- O O

Nicolás I-PER
Maduro I-PER
met I-MISC
Xi B-PER
in O
Caracas I-LOC
. O

-DOCSTART- -X- O O

1	The	O
2	UN	B-ORG
3	spoke	O
`
	docs, err := readCoNLL(strings.NewReader(in))
	if err != nil {
		t.Fatal(err)
	}
	if len(docs) != 2 {
		t.Fatalf("got %d docs, want 2", len(docs))
	}
	if want := "Nicolás Maduro met Xi in Caracas ."; docs[0].text != want {
		t.Errorf("text = %q, want %q", docs[0].text, want)
	}
	r := []rune(docs[0].text)
	var got []string
	for _, g := range docs[0].gold {
		got = append(got, g.typ+":"+string(r[g.start:g.end]))
	}
	want := []string{"PER:Nicolás Maduro", "-MISC:met", "PER:Xi", "LOC:Caracas"}
	if strings.Join(got, "|") != strings.Join(want, "|") {
		t.Errorf("chunks = %v, want %v", got, want)
	}
	if docs[1].text != "The UN spoke" || len(docs[1].gold) != 1 || docs[1].gold[0].typ != "ORG" {
		t.Errorf("doc 2 = %+v", docs[1])
	}
}

func near(a, b float64) bool { return math.Abs(a-b) < 1e-9 }

func TestScoreCoNLL(t *testing.T) {
	ex := newExtractor(t)
	// "Iranian" is MISC in CoNLL and must not count as a LOC prediction.
	p := writeFile(t, "tiny.conll", `-DOCSTART- -X- O O

President O
Hassan B-PER
Rouhani I-PER
visited O
Tehran B-LOC
and O
there B-LOC
with O
Iranian B-MISC
officials O
. O
`)
	r, err := ScoreFile(ex, p)
	if err != nil {
		t.Fatal(err)
	}
	if r.Document != nil {
		t.Error("CoNLL files have no document scores")
	}
	per, loc := r.Span["PER"], r.Span["LOC"]
	if per.Gold != 1 || per.Predicted != 1 || !near(per.F1, 1) {
		t.Errorf("PER = %+v, want one exact match", per)
	}
	if loc.Gold != 2 || loc.Predicted != 1 || !near(loc.Precision, 1) || !near(loc.Recall, 0.5) || !near(loc.F1, 2.0/3) {
		t.Errorf("LOC = %+v, want P=1 R=0.5 (Tehran found, there missed, Iranian left out)", loc)
	}
}

func TestScoreJSONL(t *testing.T) {
	ex := newExtractor(t)
	arts := []GoldArticle{{
		ID:          "a1",
		Title:       "Iran",
		Body:        "Officials in Tehran met on Monday.",
		PublishedAt: "2024-03-14T10:00:00Z",
		Entities: []GoldEntity{
			{Type: "country", Value: "IR", Field: "title", Start: 0, End: 4},
			{Type: "place", Value: "Tehran", Field: "body", Start: 13, End: 19},
			{Type: "date", Value: "2024-03-11", Field: "body", Start: 27, End: 33},
		},
	}, {
		ID:          "a2",
		Body:        "Nothing to see.",
		PublishedAt: "2024-03-14",
		Entities:    []GoldEntity{},
	}}
	var buf bytes.Buffer
	for _, a := range arts {
		b, _ := json.Marshal(a)
		buf.Write(b)
		buf.WriteByte('\n')
	}
	p := writeFile(t, "gold.jsonl", buf.String())
	r, err := ScoreFile(ex, p)
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := r.Span["person"]; ok {
		t.Error("a type the file never annotates must not be scored")
	}
	for _, typ := range []string{"country", "place", "date"} {
		s := r.Span[typ]
		if s == nil || s.Gold != 1 || s.Predicted != 1 || !near(s.F1, 1) {
			t.Errorf("span %s = %+v, want one exact match", typ, s)
		}
	}
	// the country Tehran implies is an article value, not a country span
	if c := r.Document["country"]; c.Gold != 1 || c.Predicted != 1 || !near(c.F1, 1) {
		t.Errorf("document country = %+v", c)
	}

	var out bytes.Buffer
	if err := Run(&out, ex, []string{p}, true); err != nil {
		t.Fatal(err)
	}
	var decoded map[string]map[string]map[string]map[string]float64
	if err := json.Unmarshal(out.Bytes(), &decoded); err != nil {
		t.Fatalf("json output: %v\n%s", err, out.String())
	}
	got := decoded[p]["document"]["place"]
	for _, k := range []string{"precision", "recall", "f1", "gold", "predicted"} {
		if _, ok := got[k]; !ok {
			t.Errorf("json lacks %q: %v", k, got)
		}
	}
	out.Reset()
	if err := Run(&out, ex, []string{p}, false); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out.String(), "document") || !strings.Contains(out.String(), "place") {
		t.Errorf("table output:\n%s", out.String())
	}
}

func TestScoreErrors(t *testing.T) {
	ex := newExtractor(t)
	// Files that are neither CoNLL nor gold JSONL are refused by content,
	// whatever their name, with the line at fault.
	for _, tc := range []struct{ name, content, inErr string }{
		{"gold.csv", "id,type,start,end\n1,PER,0,5\n", "line 1"},
		{"article.txt", "Ministers meet in Oslo\n\nThe talks began on Monday and ended late.\n", "line 1"},
		{"one-word.conll", "-DOCSTART- -X- O O\n\nOslo\n", "line 3"},
		{"tagless.conll", "Oslo B-LOC\nhosts O\ntalks today\n", "line 3"},
		{"empty.conll", "\n\n", "no token lines"},
		{"other.jsonl", `{"id":"a","text":"no body field"}` + "\n", "neither title nor body"},
	} {
		_, err := ScoreFile(ex, writeFile(t, tc.name, tc.content))
		if !errors.Is(err, ErrUnknownFormat) || !strings.Contains(err.Error(), tc.inErr) {
			t.Errorf("%s: err = %v, want ErrUnknownFormat naming %q", tc.name, err, tc.inErr)
		}
	}
	// CoNLL files are read whatever their extension (BTC's "btc.test"),
	// comment lines and index columns included (Universal NER).
	for _, tc := range []struct{ name, content string }{
		{"btc.test", "Oslo B-LOC\nhosts O\n"},
		{"uner.iob2", "# sent_id = 1\n1\tOslo\tB-LOC\t-\tx\n2\thosts\tO\t-\t-\n"},
	} {
		r, err := ScoreFile(ex, writeFile(t, tc.name, tc.content))
		if err != nil {
			t.Errorf("%s: %v", tc.name, err)
		} else if r.Span["LOC"].Gold != 1 {
			t.Errorf("%s: LOC gold = %d, want 1", tc.name, r.Span["LOC"].Gold)
		}
	}
	if _, err := ScoreFile(ex, filepath.Join(t.TempDir(), "missing.jsonl")); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("missing file: err = %v", err)
	}
	bad := writeFile(t, "bad.jsonl", "{not json\n")
	if _, err := ScoreFile(ex, bad); err == nil {
		t.Error("bad json: no error")
	}
}
