package extract

import (
	"bufio"
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"
)

// aboutArticle is one line of testdata/about/*.jsonl: an article written
// for this project and the countries a reader says it is about.
type aboutArticle struct {
	ID          string   `json:"id"`
	Title       string   `json:"title"`
	Body        string   `json:"body"`
	PublishedAt string   `json:"published_at"`
	About       []string `json:"about"`
}

// aboutFloor is testdata/about/floor.json: per set, the precision and
// recall the about-country method must keep.
type aboutFloor map[string]struct {
	Precision float64 `json:"precision"`
	Recall    float64 `json:"recall"`
}

func readAboutSet(t *testing.T, name string) []aboutArticle {
	t.Helper()
	f, err := os.Open(filepath.Join("..", "testdata", "about", name+".jsonl"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var out []aboutArticle
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	for sc.Scan() {
		if strings.TrimSpace(sc.Text()) == "" {
			continue
		}
		var a aboutArticle
		if err := json.Unmarshal(sc.Bytes(), &a); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		out = append(out, a)
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

// prScore counts (article, country) pairs.
type prScore struct{ correct, predicted, gold int }

func (s *prScore) add(pred, gold []string) {
	s.predicted += len(pred)
	s.gold += len(gold)
	for _, p := range pred {
		if slices.Contains(gold, p) {
			s.correct++
		}
	}
}

func (s prScore) precision() float64 {
	if s.predicted == 0 {
		return 1
	}
	return float64(s.correct) / float64(s.predicted)
}

func (s prScore) recall() float64 {
	if s.gold == 0 {
		return 1
	}
	return float64(s.correct) / float64(s.gold)
}

// TestAboutCountryEval scores the about-country method on the annotated
// sets, beside the mention baseline (every country the article mentions is
// one it is about), and fails when precision or recall falls below
// testdata/about/floor.json. Run with -v for the figures and, on the dev
// set, the articles it gets wrong.
func TestAboutCountryEval(t *testing.T) {
	ex := newTest(t)
	raw, err := os.ReadFile(filepath.Join("..", "testdata", "about", "floor.json"))
	if err != nil {
		t.Fatal(err)
	}
	var floor aboutFloor
	if err := json.Unmarshal(raw, &floor); err != nil {
		t.Fatal(err)
	}
	for _, set := range []string{"dev", "heldout"} {
		t.Run(set, func(t *testing.T) {
			arts := readAboutSet(t, set)
			var method, baseline prScore
			for _, a := range arts {
				pub, _ := time.Parse(time.RFC3339, a.PublishedAt)
				var about, mentioned []string
				for _, en := range ex.Extract(Input{Title: a.Title, Body: a.Body, Published: pub}) {
					switch en.Type {
					case AboutCountry:
						about = append(about, en.Value)
					case Country:
						mentioned = append(mentioned, en.Value)
					}
				}
				method.add(about, a.About)
				baseline.add(mentioned, a.About)
				slices.Sort(about)
				gold := slices.Sorted(slices.Values(a.About))
				if set == "dev" && !slices.Equal(about, gold) {
					t.Logf("%-24s gold %v got %v", a.ID, gold, about)
				}
			}
			t.Logf("%s: %d articles, %d about-countries annotated", set, len(arts), method.gold)
			t.Logf("about-country method: P %.3f R %.3f (%d/%d predicted, %d/%d annotated)",
				method.precision(), method.recall(), method.correct, method.predicted, method.correct, method.gold)
			t.Logf("mention baseline:     P %.3f R %.3f (%d/%d predicted, %d/%d annotated)",
				baseline.precision(), baseline.recall(), baseline.correct, baseline.predicted, baseline.correct, baseline.gold)
			fl, ok := floor[set]
			if !ok {
				t.Fatalf("floor.json has no %q", set)
			}
			if method.precision() < fl.Precision || method.recall() < fl.Recall {
				t.Errorf("about-country P %.3f R %.3f, below the floor P %.3f R %.3f",
					method.precision(), method.recall(), fl.Precision, fl.Recall)
			}
		})
	}
}
