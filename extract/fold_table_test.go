package extract

import (
	"encoding/json"
	"os"
	"testing"
)

// TestFoldTable checks Fold against testdata/fold.json, the table the web
// UI's fold (web/static/fold.js) is tested against too, so that the name
// matching in the browser and in the index cannot drift apart.
func TestFoldTable(t *testing.T) {
	raw, err := os.ReadFile("testdata/fold.json")
	if err != nil {
		t.Fatal(err)
	}
	var table struct {
		Cases []struct {
			In   string `json:"in"`
			Want string `json:"want"`
		} `json:"cases"`
	}
	if err := json.Unmarshal(raw, &table); err != nil {
		t.Fatal(err)
	}
	if len(table.Cases) == 0 {
		t.Fatal("testdata/fold.json has no cases")
	}
	for _, c := range table.Cases {
		if got := Fold(c.In); got != c.Want {
			t.Errorf("Fold(%q) = %q, want %q", c.In, got, c.Want)
		}
	}
}
