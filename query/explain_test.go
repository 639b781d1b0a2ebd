package query

import (
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"
)

func TestExplainGolden(t *testing.T) {
	var b strings.Builder
	b.WriteString("# Explain of each query, as GET /api/v1/search/explain would answer.\n")
	b.WriteString("# Regenerate with: go test ./query -run TestExplainGolden -update\n\n")
	for _, q := range []string{
		`(Iran OR Iraq) AND sanctions NOT oil`,
		`Iranian "Quds Force"~2^1.5 title:Tehr?n /teh.*/ sanctoins~1`,
		`published_at:{2024-01 TO *] source:"Atlas Report"`,
		``,
	} {
		n, err := Parse(q)
		if err != nil {
			t.Fatal(err)
		}
		_, interps, err := Compile(n, fakeResolver{}, Options{})
		if err != nil {
			t.Fatal(err)
		}
		j, err := json.MarshalIndent(Explain(n, interps), "  ", "  ")
		if err != nil {
			t.Fatal(err)
		}
		b.WriteString(q + "\n  " + string(j) + "\n\n")
	}
	golden(t, filepath.Join("testdata", "explain.golden"), b.String())
}
