package main

import (
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
)

// TestGoldF1Floor is the extractor's regression guard: `searchd eval --json`
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
	out, err := exec.Command(binary, "eval", "--json", gold).Output()
	if err != nil {
		t.Fatalf("searchd eval: %v", err)
	}
	var scores map[string]map[string]map[string]struct {
		Precision, Recall, F1 float64
		Gold, Predicted       int
	}
	if err := json.Unmarshal(out, &scores); err != nil {
		t.Fatalf("eval --json output: %v\n%s", err, out)
	}
	got, ok := scores[gold]
	if !ok {
		t.Fatalf("no scores for %s in %s", gold, out)
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
