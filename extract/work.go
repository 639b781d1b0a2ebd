package extract

import (
	"context"
	"errors"
	"fmt"
	"time"
)

// ErrBudget is the error ExtractContext wraps when an article needs more
// units of work than Input.MaxWork allows.
var ErrBudget = errors.New("extraction work budget exceeded")

// checkEvery is how many units of work pass between two looks at the
// context and the budget. A unit costs about a tenth of a microsecond (4 MiB
// of prose is 23 million units in 2 to 3 s on the shared machine), so 4096
// of them are under a millisecond of latency, while the look itself (a
// channel poll and a clock read) is paid once in 4096 steps.
const checkEvery = 4096

// meter counts the units of work of one extraction and stops it on
// cancellation or when the budget is spent. Every loop whose trip count
// grows with the input adds to it; loops bounded by a constant (a trie walk
// of at most twelve tokens, a look at the next three words) count as one
// unit of the loop around them. The count is in token visits and
// comparisons, never in bytes: reading the bytes of a token is linear in
// the text on its own.
type meter struct {
	n    int64 // units of work so far
	max  int64 // budget in units; 0 for none
	next int64 // n at which to look at the context and the budget again
	ctx  context.Context
	done <-chan struct{} // ctx.Done(), nil when it can never be cancelled
	// deadline is ctx's, read from the clock at each look as well: the
	// timer that closes done runs on another goroutine, which a busy
	// machine can start tens of milliseconds late.
	deadline    time.Time
	hasDeadline bool
	err         error // why the extraction stopped, once it has
}

func newMeter(ctx context.Context, max int64) meter {
	m := meter{max: max, ctx: ctx, done: ctx.Done(), next: checkEvery}
	m.deadline, m.hasDeadline = ctx.Deadline()
	switch {
	case max > 0 && max < m.next:
		m.next = max + 1
	case max <= 0 && m.done == nil:
		m.next = 1<<63 - 1 // nothing to look at: the slow path never runs
	}
	return m
}

// step adds k units of work and reports whether the extraction may go on.
// A nil meter (tokenizing gazetteer names) counts nothing.
func (m *meter) step(k int) bool {
	if m == nil {
		return true
	}
	m.n += int64(k)
	if m.n < m.next {
		return true
	}
	return m.look()
}

// look checks the budget and the context; it is the slow path of step.
func (m *meter) look() bool {
	if m.err != nil {
		return false
	}
	if m.max > 0 && m.n > m.max {
		m.err = fmt.Errorf("extract: more than %d units of work: %w", m.max, ErrBudget)
	} else if m.done != nil {
		select {
		case <-m.done:
			m.err = fmt.Errorf("extract: %w", m.ctx.Err())
		default:
			if m.hasDeadline && !time.Now().Before(m.deadline) {
				m.err = fmt.Errorf("extract: %w", context.DeadlineExceeded)
			}
		}
	}
	if m.err != nil {
		m.next = 0 // every later step fails at once
		return false
	}
	m.next = m.n + checkEvery
	if m.max > 0 && m.max < m.next {
		m.next = m.max + 1
	}
	return true
}

// ok reports whether the extraction has not been stopped.
func (m *meter) ok() bool { return m.err == nil }
