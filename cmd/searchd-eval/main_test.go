package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestGoldF1Floor is the extractor's regression guard: `searchd-eval --json`
// on the project's gold sets (testdata/gold, which the extractor was tuned
// on, and testdata/heldout, which it never saw) must keep every per-type F1
// at or above the floors in testdata/gold/f1-floor.json, set just under the
// scores reported when the extractor landed. Raise a floor when the
// extractor improves; never lower one to make a change pass.
func TestGoldF1Floor(t *testing.T) {
	root := filepath.Join("..", "..")
	raw, err := os.ReadFile(filepath.Join(root, "testdata", "gold", "f1-floor.json"))
	if err != nil {
		t.Fatal(err)
	}
	var files map[string]map[string]map[string]float64 // file -> "span"/"document" -> type -> F1
	if err := json.Unmarshal(raw, &files); err != nil {
		t.Fatal(err)
	}
	if len(files) < 2 {
		t.Fatalf("f1-floor.json lists %d gold files", len(files))
	}
	for file, floors := range files {
		t.Run(file, func(t *testing.T) { checkFloors(t, filepath.Join(root, filepath.FromSlash(file)), floors) })
	}
}

func checkFloors(t *testing.T, gold string, floors map[string]map[string]float64) {
	var out bytes.Buffer
	if err := run([]string{"--json", gold}, &out); err != nil {
		t.Fatalf("searchd-eval: %v", err)
	}
	var scores map[string]map[string]map[string]struct {
		Precision, Recall, F1 float64
		Gold, Predicted       int
	}
	if err := json.Unmarshal(out.Bytes(), &scores); err != nil {
		t.Fatalf("--json output: %v\n%s", err, out.String())
	}
	got, ok := scores[gold]
	if !ok {
		t.Fatalf("no scores for %s in %s", gold, out.String())
	}
	for level, types := range floors {
		for typ, floor := range types {
			s, ok := got[level][typ]
			if !ok {
				t.Errorf("%s %s: not scored", level, typ)
				continue
			}
			if s.F1 < floor {
				t.Errorf("%s %s: F1 %.3f fell below the floor %.3f (P %.3f R %.3f)", level, typ, s.F1, floor, s.Precision, s.Recall)
			}
			if s.F1 < 0 || s.F1 > 1 || s.Precision < 0 || s.Precision > 1 || s.Recall < 0 || s.Recall > 1 {
				t.Errorf("%s %s: scores out of range: %+v", level, typ, s)
			}
		}
	}
}

func TestUsage(t *testing.T) {
	var out bytes.Buffer
	if err := run([]string{"--help"}, &out); !errors.Is(err, flag.ErrHelp) {
		t.Fatalf("--help: %v", err)
	}
	if !strings.HasPrefix(out.String(), "usage: searchd-eval [--json] FILE...\n") || !strings.Contains(out.String(), "  -json") {
		t.Errorf("--help:\n%s", out.String())
	}
	for _, args := range [][]string{{}, {"--nope", "x.conll"}} {
		if err := run(args, &out); !errors.As(err, new(usageError)) {
			t.Errorf("%v: %v, want a usage error", args, err)
		}
	}
}

// TestTextOutput scores a small CoNLL file written here.
func TestTextOutput(t *testing.T) {
	conll := filepath.Join(t.TempDir(), "tiny.conll")
	if err := os.WriteFile(conll, []byte("Iranian B-MISC\nofficials O\nmet O\nin O\nTehran B-LOC\n. O\n\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	if err := run([]string{conll}, &out); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out.String(), "LOC") || !strings.Contains(out.String(), "tiny.conll") {
		t.Errorf("text output:\n%s", out.String())
	}
}
