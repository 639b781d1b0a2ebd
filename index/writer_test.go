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

// closingReader closes the index once its first n bytes have been read, so
// that a later batch fails to commit.
type closingReader struct {
	r     *strings.Reader
	ix    *Index
	after int
	read  int
}

func (c *closingReader) Read(p []byte) (int, error) {
	if c.read >= c.after {
		_ = c.ix.Close()
	}
	p = p[:min(len(p), 64)] // small reads, so that batches commit in between
	n, err := c.r.Read(p)
	c.read += n
	return n, err
}

// TestFailedCommitReportsArticles checks that when a batch cannot be
// committed the ingestion stops with an error, and every article it had
// taken is counted as indexed or failed, none dropped silently.
func TestFailedCommitReportsArticles(t *testing.T) {
	ix := newTestIndex(t, "") // two articles a batch
	var lines []string
	for i := range 40 {
		lines = append(lines, fmt.Sprintf(`{"id":"n%d","title":"Title %d","body":"Body %d.","published_at":"2024-01-01T00:00:00Z"}`, i, i, i))
	}
	input := strings.Join(lines, "\n")
	reader := &closingReader{r: strings.NewReader(input), ix: ix, after: len(input) / 3}
	res, err := ix.IngestNDJSON(context.Background(), reader, 1<<20)
	if err == nil {
		t.Fatal("ingestion into a closed index succeeded")
	}
	if res.Indexed == 0 || res.Failed == 0 {
		t.Errorf("indexed %d, failed %d: want some of each", res.Indexed, res.Failed)
	}
	// Reads are shorter than a line, so the lines decoded are the newlines
	// read: each of them must be indexed or reported.
	if taken := strings.Count(input[:reader.read], "\n"); res.Indexed+res.Failed != taken {
		t.Errorf("indexed %d + failed %d, but %d articles were read", res.Indexed, res.Failed, taken)
	}
	for _, e := range res.Errors {
		if e.ID == "" || e.Error == "" {
			t.Errorf("failure without id or reason: %+v", e)
		}
	}
}
