package index

import (
	"container/list"
	"encoding/json"
	"sync"

	qlang "github.com/searchd/searchd/query"
)

// Search results and facet counts are kept until the next write: a search
// box asks the same queries again (typing, paging, going back), and a click
// on a facet value asks for the counts the previous search already had.
// Every commit moves the index to a new epoch, and entries of an older
// epoch are never served.

// lru is a least-recently-used map of at most max entries and maxBytes of
// estimated size, emptied when the epoch moves on. It is safe for
// concurrent use.
type lru[V any] struct {
	mu       sync.Mutex
	max      int
	maxBytes int64
	bytes    int64         // estimated size of the entries held
	size     func(V) int64 // estimates an entry's memory, key excluded
	epoch    uint64
	order    *list.List // of *lruEntry[V], most recently used first
	entries  map[string]*list.Element
	obs      Observer // told of every lookup under name; nil tells no one
	name     string
}

type lruEntry[V any] struct {
	key   string
	value V
	bytes int64
}

// defaultCacheBytes bounds the search caches' memory where Options leaves it zero.
const defaultCacheBytes = 64 << 20

// newLRU returns a cache of max entries and maxBytes as size estimates
// them, or nil (caching nothing) when either bound is not positive.
func newLRU[V any](max int, maxBytes int64, size func(V) int64) *lru[V] {
	if max <= 0 || maxBytes <= 0 {
		return nil
	}
	return &lru[V]{max: max, maxBytes: maxBytes, size: size, order: list.New(), entries: map[string]*list.Element{}}
}

// sync drops every entry when epoch differs from the cache's; it reports
// whether the cache may serve epoch. Callers hold c.mu.
func (c *lru[V]) sync(epoch uint64) bool {
	switch {
	case epoch == c.epoch:
		return true
	case epoch > c.epoch:
		c.epoch = epoch
		c.order.Init()
		clear(c.entries)
		c.bytes = 0
		return true
	default: // a search that started before the last write
		return false
	}
}

// observed makes c tell obs of its lookups as the cache name; it returns c.
func (c *lru[V]) observed(obs Observer, name string) *lru[V] {
	if c != nil {
		c.obs, c.name = obs, name
	}
	return c
}

// get returns the value of key cached in epoch, if any; a disabled (nil)
// cache counts no lookups.
func (c *lru[V]) get(key string, epoch uint64) (V, bool) {
	if c == nil {
		var zero V
		return zero, false
	}
	v, ok := c.lookup(key, epoch)
	if c.obs != nil {
		if ok {
			c.obs.CacheHit(c.name)
		} else {
			c.obs.CacheMiss(c.name)
		}
	}
	return v, ok
}

func (c *lru[V]) lookup(key string, epoch uint64) (V, bool) {
	var zero V
	c.mu.Lock()
	defer c.mu.Unlock()
	if !c.sync(epoch) {
		return zero, false
	}
	e, ok := c.entries[key]
	if !ok {
		return zero, false
	}
	c.order.MoveToFront(e)
	return e.Value.(*lruEntry[V]).value, true
}

func (c *lru[V]) put(key string, epoch uint64, value V) {
	if c == nil {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if !c.sync(epoch) {
		return
	}
	n := int64(len(key)) + entryOverhead + c.size(value)
	if n > c.maxBytes/2 {
		return // one answer may not crowd out all the others
	}
	if e, ok := c.entries[key]; ok {
		c.order.Remove(e)
		delete(c.entries, key)
		c.bytes -= e.Value.(*lruEntry[V]).bytes
	}
	c.entries[key] = c.order.PushFront(&lruEntry[V]{key: key, value: value, bytes: n})
	c.bytes += n
	for c.order.Len() > c.max || c.bytes > c.maxBytes {
		last := c.order.Back()
		c.order.Remove(last)
		e := last.Value.(*lruEntry[V])
		delete(c.entries, e.key)
		c.bytes -= e.bytes
	}
}

// entryOverhead is an entry's bookkeeping: list element, map slot, header.
const entryOverhead = 160

// Size estimates count the bytes of strings and the headers of slices,
// maps and structs; they bound the caches within a small factor, which is
// what a byte limit needs, without the cost of measuring exactly.
const (
	stringHeader = 16
	sliceHeader  = 24
	mapEntry     = 48
)

// resultBytes estimates the memory a cached search result holds.
func resultBytes(r *Result) int64 {
	n := int64(128)
	for _, h := range r.Hits {
		n += 160 + int64(len(h.ID)+len(h.Title)+len(h.URL)+len(h.Source)+len(h.Snippet))
		for field, frags := range h.Highlights {
			n += mapEntry + int64(len(field)) + sliceHeader
			for _, f := range frags {
				n += stringHeader + int64(len(f))
			}
		}
		for _, list := range [][]EntityRef{h.Entities.Persons, h.Entities.Countries, h.Entities.AboutCountries, h.Entities.Groups,
			h.Entities.Places, h.Entities.Dates} {
			n += sliceHeader
			for _, e := range list {
				n += 3*stringHeader + 8 + int64(len(e.Value)+len(e.Label)+len(e.Country))
			}
		}
	}
	for name, values := range r.Facets {
		n += mapEntry + int64(len(name)) + facetValuesBytes(values)
	}
	n += int64(len(r.FacetMeta)) * (mapEntry + 24)
	if r.Histogram != nil {
		n += int64(len(r.Histogram.Buckets)) * (stringHeader + 7 + 24 + 8)
	}
	return n
}

// facetBytes estimates the memory of one facet's cached counts.
func facetBytes(f cachedFacet) int64 {
	return 64 + facetValuesBytes(f.values)
}

func facetValuesBytes(values []FacetValue) int64 {
	n := int64(sliceHeader)
	for _, v := range values {
		n += 2*stringHeader + 8 + int64(len(v.Value)+len(v.Label))
	}
	return n
}

// cachedFacet is one facet's counts as a search returns them.
type cachedFacet struct {
	values []FacetValue
	meta   FacetMeta
}

// resultKey identifies everything a Query's result depends on.
func resultKey(q Query) string {
	b, err := json.Marshal(q)
	if err != nil { // a Query holds only strings, numbers and bools
		return ""
	}
	return string(b)
}

// facetKey identifies the counts of facet f under the query and filters of q:
// what they depend on, and not the page, sort, highlights or other facets.
func facetKey(q Query, f string, size int) string {
	params := map[string]any{}
	for _, name := range qlang.Params() {
		if l := q.list(name); len(l) > 0 {
			params[name] = l
		} else if v := q.single(name); v != "" {
			params[name] = v
		}
	}
	b, err := json.Marshal(struct {
		F      string
		Size   int
		Q      string
		Expand *bool
		Params map[string]any // sorted by name when encoded
	}{f, size, q.Q, q.Expand, params})
	if err != nil {
		return ""
	}
	return string(b)
}

// withoutFilter returns q without the filters the counts of facet f leave
// out: its own, and how its values combine.
func withoutFilter(q Query, f string) Query {
	for _, param := range facetFields[f].FilteredBy {
		q.clearParam(param)
		if field, ok := qlang.ByParam(param); ok && field.Param == param && field.OpParam != "" {
			q.clearParam(field.OpParam)
		}
	}
	return q
}
