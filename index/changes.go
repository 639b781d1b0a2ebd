package index

// The change log tells a consumer (saved-search alerts) exactly which
// articles each commit wrote, across restarts. When Options.ChangeLog is
// set, every commit that indexes articles also records their ids under a
// sequence number, in the same Bleve batch: the entry is on disk if and
// only if the articles are, so no commit is ever missed or reported twice
// by the log itself, whatever the moment of a crash. The consumer reads the
// entries after the last one it handled (Changes), and once its own state
// is durable says so (ChangesDone); later commits then delete the handled
// entries in their own batches, so trimming costs no extra commit.
//
// Entries live in Bleve's internal key-values, which backups copy; a
// rebuild carries the unhandled ones over with the markers (copyMarkers).
// A sequence number is the log's own, not the write generation: a rebuild
// restarts generations, never the log.

import (
	"encoding/json"
	"fmt"
	"sync"

	"github.com/blevesearch/bleve/v2"
)

// changeRangeKey is the internal key holding the log's first and next
// sequence numbers.
var changeRangeKey = []byte("searchd:changes")

// changePrefix namespaces the log's entries: the prefix, then the sequence
// number in 16 hex digits.
const changePrefix = "searchd:change:"

// maxTrimPerCommit bounds the handled entries one commit deletes, so that a
// consumer coming back after a long pause never makes one commit large.
const maxTrimPerCommit = 256

// Change is one logged commit: the ids of the articles it indexed.
type Change struct {
	Seq uint64   `json:"seq"`
	IDs []string `json:"ids"`
}

// changeRange is the log's extent: entries first..next-1 exist.
type changeRange struct {
	First uint64 `json:"first"`
	Next  uint64 `json:"next"`
}

// changeLog is an index's log state. record and committed run under the
// index's writeMu; mu guards the fields for readers outside it.
type changeLog struct {
	on bool

	mu      sync.Mutex
	rng     changeRange
	done    uint64        // handled by the consumer: later commits delete up to it
	pending changeRange   // what the batch being committed will make of rng
	signal  chan struct{} // closed at the next logged commit
}

func changeKey(seq uint64) []byte {
	return fmt.Appendf(nil, "%s%016x", changePrefix, seq)
}

// readChangeRange returns the log's extent as recorded in bi; a log never
// written starts at 1.
func readChangeRange(bi bleve.Index) (changeRange, error) {
	raw, err := bi.GetInternal(changeRangeKey)
	if err != nil {
		return changeRange{}, fmt.Errorf("read the change log: %w", err)
	}
	if len(raw) == 0 {
		return changeRange{First: 1, Next: 1}, nil
	}
	var r changeRange
	if err := json.Unmarshal(raw, &r); err != nil {
		return changeRange{}, fmt.Errorf("read the change log: %w", err)
	}
	return r, nil
}

// load sets the log's state from the index it opened.
func (c *changeLog) load(on bool, bi bleve.Index) error {
	r, err := readChangeRange(bi)
	if err != nil {
		return err
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	c.on, c.rng, c.signal = on, r, make(chan struct{})
	return nil
}

// record adds to b, about to commit articles, the entry of ids and the
// deletion of handled entries. It reports whether it logged anything.
func (c *changeLog) record(b *bleve.Batch, articles int, ids []string) (bool, error) {
	if !c.on || articles == 0 || len(ids) == 0 {
		return false, nil
	}
	raw, err := json.Marshal(ids)
	if err != nil {
		return false, err
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	r := c.rng
	b.SetInternal(changeKey(r.Next), raw)
	for n := 0; r.First <= c.done && r.First < r.Next && n < maxTrimPerCommit; n++ {
		b.DeleteInternal(changeKey(r.First))
		r.First++
	}
	r.Next++
	enc, err := json.Marshal(r)
	if err != nil {
		return false, err
	}
	b.SetInternal(changeRangeKey, enc)
	c.pending = r
	return true, nil
}

// committed makes the recorded batch's extent the log's, once Bleve took it.
func (c *changeLog) committed() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.rng = c.pending
	close(c.signal)
	c.signal = make(chan struct{})
}

// Changes returns up to limit logged commits after seq, oldest first. Entries
// already deleted as handled are skipped.
func (ix *Index) Changes(after uint64, limit int) ([]Change, error) {
	ix.changes.mu.Lock()
	r := ix.changes.rng
	ix.changes.mu.Unlock()
	var out []Change
	for seq := max(after+1, r.First); seq < r.Next && len(out) < limit; seq++ {
		raw, err := ix.bi.GetInternal(changeKey(seq))
		if err != nil {
			return nil, fmt.Errorf("read change %d: %w", seq, err)
		}
		if len(raw) == 0 {
			continue // deleted by a commit since the range was read
		}
		var ids []string
		if err := json.Unmarshal(raw, &ids); err != nil {
			return nil, fmt.Errorf("read change %d: %w", seq, err)
		}
		out = append(out, Change{Seq: seq, IDs: ids})
	}
	return out, nil
}

// LastChange returns the sequence number of the newest logged commit (0
// when none was logged).
func (ix *Index) LastChange() uint64 {
	ix.changes.mu.Lock()
	defer ix.changes.mu.Unlock()
	return ix.changes.rng.Next - 1
}

// ChangesDone tells the log that the consumer's state reflects every commit
// up to seq, durably: later commits delete those entries.
func (ix *Index) ChangesDone(seq uint64) {
	ix.changes.mu.Lock()
	defer ix.changes.mu.Unlock()
	ix.changes.done = max(ix.changes.done, seq)
}

// ChangeSignal returns a channel closed at the next logged commit, for a
// consumer to wait on instead of polling.
func (ix *Index) ChangeSignal() <-chan struct{} {
	ix.changes.mu.Lock()
	defer ix.changes.mu.Unlock()
	return ix.changes.signal
}

// copyChanges adds to b the entries of src's log not yet deleted, and its
// extent, so that a rebuild keeps what the consumer has not handled.
func copyChanges(src bleve.Index, b *bleve.Batch) error {
	r, err := readChangeRange(src)
	if err != nil {
		return err
	}
	for seq := r.First; seq < r.Next; seq++ {
		raw, err := src.GetInternal(changeKey(seq))
		if err != nil {
			return fmt.Errorf("read change %d: %w", seq, err)
		}
		if len(raw) > 0 {
			b.SetInternal(changeKey(seq), raw)
		}
	}
	enc, err := json.Marshal(r)
	if err != nil {
		return err
	}
	b.SetInternal(changeRangeKey, enc)
	return nil
}
