package index

// Metadata is small named state that belongs with the articles (saved
// searches, the alerts' delivery state) and must live as long as they do:
// it is kept in Bleve's internal key-values, written durably like a batch
// of articles, copied by backups (Scorch's snapshot holds the internal
// store) and carried over by a rebuild (copyMarkers), unlike a file beside
// the index, which neither a backup nor a rebuild copies.

import (
	"encoding/json"
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/blevesearch/bleve/v2"
)

// metaPrefix namespaces the internal keys of SetMeta.
const metaPrefix = "searchd:meta:"

// metaListKey lists the names with a value, so that a rebuild can copy them
// (Bleve cannot list internal keys).
var metaListKey = []byte("searchd:meta")

// maxMetaBytes bounds one value: metadata is small, and Bleve keeps the
// internal store's writes in memory until they persist.
const maxMetaBytes = 4 << 20

func metaNames(bi bleve.Index) ([]string, error) {
	raw, err := bi.GetInternal(metaListKey)
	if err != nil || len(raw) == 0 {
		return nil, err
	}
	var names []string
	if err := json.Unmarshal(raw, &names); err != nil {
		return nil, fmt.Errorf("read the list of metadata: %w", err)
	}
	return names, nil
}

// Meta returns the value stored under name, or nil when there is none.
func (ix *Index) Meta(name string) ([]byte, error) {
	v, err := ix.bi.GetInternal([]byte(metaPrefix + name))
	if err != nil {
		return nil, fmt.Errorf("read metadata %s: %w", name, err)
	}
	if len(v) == 0 {
		return nil, nil
	}
	return v, nil
}

// MetaNames lists the names with a value that start with prefix, sorted.
func (ix *Index) MetaNames(prefix string) ([]string, error) {
	names, err := metaNames(ix.bi)
	if err != nil {
		return nil, err
	}
	out := []string{}
	for _, n := range names {
		if strings.HasPrefix(n, prefix) {
			out = append(out, n)
		}
	}
	return out, nil
}

// SetMeta stores the values in one durable commit, all or none; an empty
// value deletes its name. Callers serialise their own read-modify-write.
func (ix *Index) SetMeta(values map[string][]byte) error {
	if len(values) == 0 {
		return nil
	}
	if err := ix.space.check(0); err != nil {
		return err
	}
	ix.metaMu.Lock()
	defer ix.metaMu.Unlock()
	names, err := metaNames(ix.bi)
	if err != nil {
		return err
	}
	set := map[string]bool{}
	for _, n := range names {
		set[n] = true
	}
	b := ix.bi.NewBatch()
	for name, v := range values {
		if name == "" || len(v) > maxMetaBytes {
			return fmt.Errorf("metadata %q: empty name or value over %d bytes: %w", name, maxMetaBytes, ErrInvalid)
		}
		if len(v) == 0 {
			b.DeleteInternal([]byte(metaPrefix + name))
			delete(set, name)
			continue
		}
		b.SetInternal([]byte(metaPrefix+name), v)
		set[name] = true
	}
	raw, err := json.Marshal(slices.Sorted(maps.Keys(set)))
	if err != nil {
		return err
	}
	b.SetInternal(metaListKey, raw)
	if err := ix.commit(b, 0); err != nil {
		return fmt.Errorf("write metadata: %w", err)
	}
	return nil
}

// copyMeta adds to b every metadata value of src, and their list.
func copyMeta(src bleve.Index, b *bleve.Batch) error {
	names, err := metaNames(src)
	if err != nil || len(names) == 0 {
		return err
	}
	for _, name := range names {
		v, err := src.GetInternal([]byte(metaPrefix + name))
		if err != nil {
			return fmt.Errorf("read metadata %s: %w", name, err)
		}
		if len(v) > 0 {
			b.SetInternal([]byte(metaPrefix+name), v)
		}
	}
	raw, err := json.Marshal(names)
	if err != nil {
		return err
	}
	b.SetInternal(metaListKey, raw)
	return nil
}
