package index

import (
	"context"
	"fmt"
	"time"

	"golang.org/x/sync/semaphore"
)

// Writes are admitted per batch, not per connection: a slot and a share of
// the memory budget are taken when a batch is about to be prepared
// (extraction, documents) and returned when it is committed. A client that
// uploads its body slowly holds nothing while its next batch fills, and a
// few large articles cannot take more memory than the budget allows.

// Defaults for the write gate where Options leaves a value zero.
const (
	defaultMaxWrites      = 2
	defaultWriteWait      = 10 * time.Second
	defaultMaxWriteMemory = 1 << 30
)

// memoryPerTextByte estimates the peak memory one article costs while its
// batch is prepared and committed, per byte of title and body: entity
// extraction's tokens and mentions, then Bleve's analysis (terms,
// positions, offsets) and segment building, measured on news text and on
// long single-token bodies. articleOverhead is the cost of any article.
const (
	memoryPerTextByte = 100
	articleOverhead   = 64 << 10
)

// articleMemory is the memory estimated for indexing an article of n bytes of text.
func articleMemory(n int) int64 {
	return int64(n)*memoryPerTextByte + articleOverhead
}

// writeGate bounds the batches being prepared or committed at once, by
// count and by estimated memory.
type writeGate struct {
	slots  *semaphore.Weighted
	memory *semaphore.Weighted
	maxMem int64
	wait   time.Duration
}

func newWriteGate(slots int, maxMem int64, wait time.Duration) *writeGate {
	if slots <= 0 {
		slots = defaultMaxWrites
	}
	if maxMem <= 0 {
		maxMem = defaultMaxWriteMemory
	}
	if wait <= 0 {
		wait = defaultWriteWait
	}
	return &writeGate{slots: semaphore.NewWeighted(int64(slots)), memory: semaphore.NewWeighted(maxMem),
		maxMem: maxMem, wait: wait}
}

// acquire waits for a slot and mem bytes of the budget (a batch larger than
// the whole budget takes all of it, alone). It gives up with ErrBusy after
// the gate's wait, or with ctx's error. release returns both.
func (g *writeGate) acquire(ctx context.Context, mem int64) (release func(), err error) {
	mem = min(max(mem, 0), g.maxMem)
	wctx, cancel := context.WithTimeout(ctx, g.wait)
	defer cancel()
	if err := g.slots.Acquire(wctx, 1); err != nil {
		return nil, g.waitError(ctx)
	}
	if err := g.memory.Acquire(wctx, mem); err != nil {
		g.slots.Release(1)
		return nil, g.waitError(ctx)
	}
	return func() {
		g.memory.Release(mem)
		g.slots.Release(1)
	}, nil
}

// tryAcquire takes a slot and mem bytes if both are free now.
func (g *writeGate) tryAcquire(mem int64) (release func(), ok bool) {
	mem = min(max(mem, 0), g.maxMem)
	if !g.slots.TryAcquire(1) {
		return nil, false
	}
	if !g.memory.TryAcquire(mem) {
		g.slots.Release(1)
		return nil, false
	}
	return func() {
		g.memory.Release(mem)
		g.slots.Release(1)
	}, true
}

// waitError says why a wait ended: the caller's context, or the gate's wait.
func (g *writeGate) waitError(ctx context.Context) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	return fmt.Errorf("every write slot stayed busy for %s: %w", g.wait, ErrBusy)
}
