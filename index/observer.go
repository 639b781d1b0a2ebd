package index

import "time"

// Observer is told what the index does, for metrics. The index calls it on
// its write and search paths, from many goroutines: its methods must be
// safe for concurrent use and quick (a counter or histogram update). The
// index itself knows nothing of how the counts are kept or served.
type Observer interface {
	// Ingested counts articles committed to the index.
	Ingested(n int)
	// Rejected counts articles given to the index that it did not index:
	// invalid bulk lines, failed extractions, batches that failed or were
	// refused (busy, disk full, request ended).
	Rejected(n int)
	// Extracted reports how long the entity extraction of one article took.
	Extracted(d time.Duration)
	// Committed reports one commit that reached Bleve: how long it took to
	// be persisted and acknowledged, and how many articles it indexed (0
	// for a deletion or an internal marker).
	Committed(d time.Duration, articles int)
	// CacheHit and CacheMiss count the lookups of a search cache, named
	// CacheResults or CacheFacets.
	CacheHit(cache string)
	CacheMiss(cache string)
}

// The names of the search caches an Observer is told about.
const (
	CacheResults = "results" // whole search results
	CacheFacets  = "facets"  // one facet's counts under a query and filters
)

// nopObserver is the Observer of an index opened without one.
type nopObserver struct{}

func (nopObserver) Ingested(int)                 {}
func (nopObserver) Rejected(int)                 {}
func (nopObserver) Extracted(time.Duration)      {}
func (nopObserver) Committed(time.Duration, int) {}
func (nopObserver) CacheHit(string)              {}
func (nopObserver) CacheMiss(string)             {}
