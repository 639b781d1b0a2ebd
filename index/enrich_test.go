package index

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/searchd/searchd/extract"
	"github.com/searchd/searchd/internal/fakeextract"
)

// stubbornExtractor fails on bodies saying so: "BUDGET" over its work
// budget, "SLOW" by taking until its context ends.
type stubbornExtractor struct {
	*fakeextract.Extractor
	maxWork atomic.Int64 // the budget the last call was given
}

func (s *stubbornExtractor) ExtractContext(ctx context.Context, in extract.Input) ([]extract.Entity, error) {
	s.maxWork.Store(in.MaxWork)
	switch {
	case strings.Contains(in.Body, "BUDGET"):
		return nil, fmt.Errorf("stopped: %w", extract.ErrBudget)
	case strings.Contains(in.Body, "SLOW"):
		<-ctx.Done()
		return nil, ctx.Err()
	}
	return s.Extractor.ExtractContext(ctx, in)
}

func TestExtractionBudgetFailsOnlyItsArticle(t *testing.T) {
	ex := &stubbornExtractor{Extractor: fakeextract.New()}
	ix, err := Open(Options{BatchSize: 10, ExtractTimeout: 50 * time.Millisecond}, ex)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = ix.Close() })
	lines := []string{
		`{"id":"ok1","title":"t","body":"Iran","published_at":"2024-01-01"}`,
		`{"id":"budget","title":"t","body":"BUDGET","published_at":"2024-01-01"}`,
		`{"id":"slow","title":"t","body":"SLOW","published_at":"2024-01-01"}`,
		`{"id":"ok2","title":"t","body":"Syria","published_at":"2024-01-01"}`,
	}
	res, err := ix.IngestNDJSON(context.Background(), strings.NewReader(strings.Join(lines, "\n")), 1<<20)
	if err != nil {
		t.Fatal(err)
	}
	if res.Indexed != 2 || res.Failed != 2 {
		t.Fatalf("indexed %d, failed %d (%+v); want 2 and 2", res.Indexed, res.Failed, res.Errors)
	}
	for _, e := range res.Errors {
		want := map[string]string{"budget": "work allowed", "slow": "ingest.extract_timeout"}[e.ID]
		if want == "" || !strings.Contains(e.Error, want) {
			t.Errorf("%s: %q, want it to mention %q", e.ID, e.Error, want)
		}
	}
	a, _ := DecodeArticle([]byte(lines[1]))
	if _, err := ix.Add(context.Background(), a); !errors.Is(err, ErrInvalid) {
		t.Errorf("Add over budget = %v, want ErrInvalid", err)
	}
	if want := int64(extractWorkPerByte*len("tBUDGET") + extractWorkBase); ex.maxWork.Load() != want {
		t.Errorf("budget %d, want %d for 7 bytes", ex.maxWork.Load(), want)
	}
	// A request that ends stops its extraction with its own error.
	ctx, cancel := context.WithCancel(context.Background())
	slow, _ := DecodeArticle([]byte(lines[2]))
	go func() { time.Sleep(10 * time.Millisecond); cancel() }()
	ix.extractTimeout = time.Minute
	if _, err := ix.Add(ctx, slow); !errors.Is(err, context.Canceled) {
		t.Errorf("Add cancelled during extraction = %v, want context.Canceled", err)
	}
}
