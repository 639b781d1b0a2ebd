package index

import (
	"context"
	"fmt"
	"strings"
	"testing"
)

// TestBatchesApplyInOrder checks that pipelined batches keep the order of
// the input: an id repeated in a later batch ends with the later version.
func TestBatchesApplyInOrder(t *testing.T) {
	ix := newTestIndex(t, "") // two articles a batch
	var lines []string
	for i := range 9 {
		lines = append(lines, fmt.Sprintf(`{"id":"same","title":"Version %d","body":"Body %d.","published_at":"2024-01-0%dT00:00:00Z"}`, i, i, i+1))
		lines = append(lines, fmt.Sprintf(`{"id":"other%d","title":"Other","body":"Other body.","published_at":"2024-01-01T00:00:00Z"}`, i))
	}
	lines = append(lines, `{"id":"bad","title":""}`)
	res, err := ix.IngestNDJSON(context.Background(), strings.NewReader(strings.Join(lines, "\n")), 1<<20)
	if err != nil {
		t.Fatal(err)
	}
	if res.Indexed != 18 || res.Failed != 1 {
		t.Fatalf("indexed %d failed %d, want 18 and 1: %+v", res.Indexed, res.Failed, res.Errors)
	}
	a, err := ix.Get(context.Background(), "same")
	if err != nil {
		t.Fatal(err)
	}
	if a.Title != "Version 8" {
		t.Errorf("title %q, want the last version", a.Title)
	}
	st, err := ix.Stats(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if st.Documents != 10 {
		t.Errorf("%d articles, want 10", st.Documents)
	}
}
