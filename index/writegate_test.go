package index

import (
	"context"
	"errors"
	"io"
	"strings"
	"testing"
	"time"

	"github.com/searchd/searchd/internal/fakeextract"
)

func TestSlowBulkHoldsNoWriteSlot(t *testing.T) {
	ix, err := Open(Options{BatchSize: 2, MaxWrites: 1, WriteWait: 50 * time.Millisecond}, fakeextract.New())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = ix.Close() })
	ctx := context.Background()

	// A bulk body that stops mid-batch, as a client uploading slowly.
	pr, pw := io.Pipe()
	bulk := make(chan BulkResult, 1)
	go func() {
		res, _ := ix.IngestNDJSON(ctx, pr, 1<<20)
		bulk <- res
	}()
	if _, err := pw.Write([]byte(corpus[0] + "\n")); err != nil {
		t.Fatal(err)
	}
	// With the only slot, other writes go through meanwhile.
	a, _ := DecodeArticle([]byte(`{"id":"other","title":"t","body":"Iran","published_at":"2024-01-01"}`))
	if _, err := ix.Add(ctx, a); err != nil {
		t.Fatalf("Add while a bulk body is slow: %v", err)
	}
	if err := ix.Delete(ctx, "other"); err != nil {
		t.Fatalf("Delete while a bulk body is slow: %v", err)
	}

	// A write that finds the slot busy past WriteWait gets ErrBusy.
	release, err := ix.gate.acquire(ctx, 0)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := ix.Add(ctx, a); !errors.Is(err, ErrBusy) {
		t.Fatalf("Add with every slot busy = %v, want ErrBusy", err)
	}
	release()

	if _, err := pw.Write([]byte(corpus[1] + "\n" + corpus[2] + "\n")); err != nil {
		t.Fatal(err)
	}
	pw.Close()
	if res := <-bulk; res.Indexed != 3 || res.Failed != 0 {
		t.Fatalf("bulk = %+v, want 3 indexed", res)
	}
}

func TestWriteGateBoundsMemory(t *testing.T) {
	g := newWriteGate(4, 1000, 20*time.Millisecond)
	ctx := context.Background()
	r1, err := g.acquire(ctx, 600)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := g.acquire(ctx, 600); !errors.Is(err, ErrBusy) {
		t.Fatalf("second 600 of a 1000 budget = %v, want ErrBusy", err)
	}
	r2, err := g.acquire(ctx, 400)
	if err != nil {
		t.Fatalf("400 more fits: %v", err)
	}
	r1()
	r2()
	// A batch larger than the whole budget runs alone rather than never.
	r3, err := g.acquire(ctx, 5000)
	if err != nil {
		t.Fatalf("a batch above the budget: %v", err)
	}
	r3()
	// A caller that leaves while waiting gets its own error, not ErrBusy.
	full, err := g.acquire(ctx, 1000)
	if err != nil {
		t.Fatal(err)
	}
	defer full()
	cctx, cancel := context.WithTimeout(ctx, 5*time.Millisecond)
	defer cancel()
	if _, err := g.acquire(cctx, 1); !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("acquire by a caller whose deadline passes = %v, want its deadline", err)
	}
}

// TestOneSlotBulkWaitsForItsOwnCommit: with a single write slot, a bulk's
// next batch waits for the bulk's own commit in flight instead of timing
// out against it.
func TestOneSlotBulkWaitsForItsOwnCommit(t *testing.T) {
	ix, err := Open(Options{BatchSize: 1, MaxWrites: 1, WriteWait: time.Millisecond}, fakeextract.New())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = ix.Close() })
	// Commits are held up well past WriteWait.
	stop := make(chan struct{})
	done := make(chan struct{})
	go func() {
		defer close(done)
		for {
			select {
			case <-stop:
				return
			default:
			}
			ix.writeMu.Lock()
			time.Sleep(5 * time.Millisecond)
			ix.writeMu.Unlock()
			time.Sleep(time.Millisecond)
		}
	}()
	res, err := ix.IngestNDJSON(context.Background(), strings.NewReader(strings.Join(corpus, "\n")), 1<<20)
	close(stop)
	<-done
	if err != nil || res.Indexed != len(corpus) {
		t.Fatalf("one-slot bulk: %+v, %v; want all %d indexed", res, err, len(corpus))
	}
}
