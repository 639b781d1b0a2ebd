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

// scoreAbout scores ex's about-countries and the mention baseline on arts,
// calling wrong for each article whose about-countries are not the
// annotated ones.
func scoreAbout(ex *Extractor, arts []aboutArticle, wrong func(a aboutArticle, got []string)) (method, baseline prScore) {
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
		if wrong != nil && !slices.Equal(about, slices.Sorted(slices.Values(a.About))) {
			wrong(a, about)
		}
	}
	return method, baseline
}

// TestAboutWeightsSensitivity logs the dev set's scores with each piece of
// evidence left out and with the threshold moved: what each weight buys,
// and how flat the optimum is. It asserts nothing (the floors are
// TestAboutCountryEval's) and reads only the dev set, so that the held-out
// set stays unseen by tuning.
func TestAboutWeightsSensitivity(t *testing.T) {
	ex := newTest(t)
	arts := readAboutSet(t, "dev")
	variants := []struct {
		name string
		edit func(w *aboutWeights)
	}{
		{"default", func(*aboutWeights) {}},
		{"no title weight", func(w *aboutWeights) { w.title = w.rest }},
		{"no dateline weight", func(w *aboutWeights) { w.dateline = w.lead }},
		{"no lead weight", func(w *aboutWeights) { w.lead = w.rest }},
		{"demonyms as names", func(w *aboutWeights) { w.demonym = w.direct }},
		{"capitals acting as names", func(w *aboutWeights) { w.actor = w.direct }},
		{"no list discount", func(w *aboutWeights) { w.inList = 1 }},
		{"no venue discount", func(w *aboutWeights) { w.venue = 1 }},
		{"relative 0.3", func(w *aboutWeights) { w.relative = 0.3 }},
		{"relative 0.5", func(w *aboutWeights) { w.relative = 0.5 }},
		{"relative 0.6", func(w *aboutWeights) { w.relative = 0.6 }},
		{"minimum 1.5", func(w *aboutWeights) { w.minimum = 1.5 }},
		{"minimum 2", func(w *aboutWeights) { w.minimum = 2 }},
		{"minimum 3", func(w *aboutWeights) { w.minimum = 3 }},
		{"minimum 4", func(w *aboutWeights) { w.minimum = 4 }},
		{"unshown as shown", func(w *aboutWeights) { w.unshown = 0 }},
		{"unshown 4", func(w *aboutWeights) { w.unshown = 4 }},
		{"unshown 7", func(w *aboutWeights) { w.unshown = 7 }},
	}
	for _, v := range variants {
		e := *ex
		v.edit(&e.about)
		m, _ := scoreAbout(&e, arts, nil)
		t.Logf("%-26s P %.3f R %.3f", v.name, m.precision(), m.recall())
	}
}

// TestAboutCountryEval scores the about-country method on the annotated
// sets, beside the mention baseline (every country the article mentions is
// one it is about), and fails when precision or recall falls below
// testdata/about/floor.json. Run with -v for the figures and the articles
// it gets wrong (the held-out ones are there to be read, not tuned on).
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
			method, baseline := scoreAbout(ex, arts, func(a aboutArticle, got []string) {
				t.Logf("%-24s gold %v got %v", a.ID, slices.Sorted(slices.Values(a.About)), got)
			})
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
