package index

import (
	"container/list"
	"encoding/json"
	"sync"
)

// Search results and facet counts are kept until the next write: a search
// box asks the same queries again (typing, paging, going back), and a click
// on a facet value asks for the counts the previous search already had.
// Every commit moves the index to a new epoch, and entries of an older
// epoch are never served.

// lru is a least-recently-used map of at most max entries, emptied when the
// epoch moves on. It is safe for concurrent use.
type lru[V any] struct {
	mu      sync.Mutex
	max     int
	epoch   uint64
	order   *list.List // of *lruEntry[V], most recently used first
	entries map[string]*list.Element
}

type lruEntry[V any] struct {
	key   string
	value V
}

// newLRU returns a cache of max entries, or nil (caching nothing) when max
// is not positive.
func newLRU[V any](max int) *lru[V] {
	if max <= 0 {
		return nil
	}
	return &lru[V]{max: max, order: list.New(), entries: map[string]*list.Element{}}
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
		return true
	default: // a search that started before the last write
		return false
	}
}

func (c *lru[V]) get(key string, epoch uint64) (V, bool) {
	var zero V
	if c == nil {
		return zero, false
	}
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
	if e, ok := c.entries[key]; ok {
		e.Value.(*lruEntry[V]).value = value
		c.order.MoveToFront(e)
		return
	}
	c.entries[key] = c.order.PushFront(&lruEntry[V]{key: key, value: value})
	for c.order.Len() > c.max {
		last := c.order.Back()
		c.order.Remove(last)
		delete(c.entries, last.Value.(*lruEntry[V]).key)
	}
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
	b, err := json.Marshal(struct {
		F                                    string
		Size                                 int
		Q                                    string
		Countries, Groups, Persons, Places   []string
		Sources                              []string
		From, To, MentionedFrom, MentionedTo string
	}{f, size, q.Q, orNil(q.Countries), orNil(q.Groups), orNil(q.Persons), orNil(q.Places), orNil(q.Sources),
		q.From, q.To, q.MentionedFrom, q.MentionedTo})
	if err != nil {
		return ""
	}
	return string(b)
}

// withoutFilter returns q without the filter of facet f, as the disjunctive
// counts of f are taken.
func withoutFilter(q Query, f string) Query {
	switch f {
	case FacetCountry:
		q.Countries = nil
	case FacetGroup:
		q.Groups = nil
	case FacetPerson:
		q.Persons = nil
	case FacetPlace:
		q.Places = nil
	case FacetSource:
		q.Sources = nil
	case FacetYear, FacetMonth:
		q.From, q.To = "", ""
	}
	return q
}

// orNil makes an empty list and no list the same key.
func orNil(list []string) []string {
	if len(list) == 0 {
		return nil
	}
	return list
}
