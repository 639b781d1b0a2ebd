package index

import (
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"time"

	"github.com/blevesearch/bleve/v2"
	"github.com/searchd/searchd/internal/atomicfile"
)

// Scorch, on opening, skips a snapshot whose segment files cannot be read
// and silently falls back to an older one, or to an empty index. To never
// serve such a rollback unnoticed, every write carries a generation number:
// the index records it atomically with the batch, and a file beside the
// index records the highest generation acknowledged to a client. An index
// whose generation is behind that file has lost acknowledged writes.

// generationKey is the internal key holding the generation of the last batch.
var generationKey = []byte("searchd:generation")

// ackFileName is the file, inside the index directory, recording the
// highest acknowledged generation.
const ackFileName = "searchd_ack.json"

// ErrRolledBack means the index opened at an older state than it had acknowledged.
var ErrRolledBack = errors.New("index rolled back: acknowledged writes are missing")

type ackRecord struct {
	Generation uint64 `json:"generation"`
}

func readGeneration(bi bleve.Index) (uint64, error) {
	raw, err := bi.GetInternal(generationKey)
	if err != nil {
		return 0, fmt.Errorf("read generation: %w", err)
	}
	if len(raw) != 8 {
		return 0, nil
	}
	return binary.BigEndian.Uint64(raw), nil
}

// checkRollback compares the opened index with its acknowledgement file.
func checkRollback(path string, bi bleve.Index) (uint64, error) {
	gen, err := readGeneration(bi)
	if err != nil {
		return 0, err
	}
	ackPath := filepath.Join(path, ackFileName)
	data, err := os.ReadFile(ackPath)
	if errors.Is(err, fs.ErrNotExist) {
		return gen, nil
	}
	if err != nil {
		return 0, fmt.Errorf("read %s: %w", ackPath, err)
	}
	var ack ackRecord
	if err := json.Unmarshal(data, &ack); err != nil {
		return 0, fmt.Errorf("%s is damaged: %v; delete it only if the index is known to be complete", ackPath, err)
	}
	if gen < ack.Generation {
		return 0, fmt.Errorf("index at %s opened at write generation %d, but generation %d was acknowledged "+
			"(a segment file is damaged or missing): restore a backup with `searchd restore`, "+
			"or delete %s to accept the loss: %w", path, gen, ack.Generation, ackPath, ErrRolledBack)
	}
	return gen, nil
}

// commit applies a batch of articles articles durably: it stamps it with
// the next generation, waits until Bleve has persisted it, then records the
// acknowledgement. Writes are serialised so generations reach the index in
// order. ids are the articles the batch indexes or deletes, which a running
// online reindex must copy again.
func (ix *Index) commit(b *bleve.Batch, articles int, ids ...string) error {
	ix.writeMu.Lock()
	defer ix.writeMu.Unlock()
	if err := ix.space.check(diskBytesPerDocByte * b.TotalDocsSize()); err != nil {
		return err // refused before Bleve: the index is as it was
	}
	// Whatever Bleve's outcome, cached results may no longer hold.
	defer ix.writes.Add(1)
	// Timed from here: the wait for writeMu is queueing, not committing.
	start := time.Now()
	defer func() { ix.obs.Committed(time.Since(start), articles) }()
	next := ix.generation + 1
	var raw [8]byte
	binary.BigEndian.PutUint64(raw[:], next)
	b.SetInternal(generationKey, raw[:])
	logged, err := ix.changes.record(b, articles, ids)
	if err != nil {
		return err
	}
	if err := ix.bi.Batch(b); err != nil {
		return noSpaceError(err)
	}
	if logged {
		ix.changes.committed()
	}
	ix.re.touched(ids)
	ix.generation = next
	if ix.path == "" {
		return nil
	}
	return noSpaceError(writeAck(filepath.Join(ix.path, ackFileName), next))
}

// writeAck replaces the acknowledgement file atomically and durably.
func writeAck(path string, gen uint64) error {
	data, err := json.Marshal(ackRecord{Generation: gen})
	if err != nil {
		return err
	}
	if err := atomicfile.Write(path, data, 0o600); err != nil {
		return fmt.Errorf("write acknowledgement: %w", err)
	}
	return nil
}
