// Package index owns searchd's Bleve index: opening it, writing articles with
// their extracted entities, and answering searches with facets.
//
// It knows nothing of HTTP or configuration files.
package index

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/index/scorch"
	bleveindex "github.com/blevesearch/bleve_index_api"
	"github.com/searchd/searchd/extract"
	"github.com/searchd/searchd/mapping"
)

// versionKey is the internal key under which the mapping version is recorded.
var versionKey = []byte("searchd:mapping_version")

// Extractor finds the entities of an article and resolves names users type
// into the canonical values the index holds.
type Extractor interface {
	ExtractContext(ctx context.Context, in extract.Input) ([]extract.Entity, error)
	ResolveCountry(s string) (code, label string, ok bool)
	CountryName(code string) (string, bool)
	ResolveGroup(s string) (canonical string, ok bool)
	// Names lists every name the extractor resolves, sorted by folded name.
	Names() []extract.Name
}

// Limits bounds what one search may ask for.
type Limits struct {
	MaxPageSize     int
	MaxResultWindow int
	MaxFacetSize    int
	MaxQueryLength  int
	MaxFilterValues int // filter values of all facets together
}

// DefaultLimits returns the limits used where Options leaves them zero.
func DefaultLimits() Limits {
	return Limits{MaxPageSize: 100, MaxResultWindow: 10000, MaxFacetSize: 1000, MaxQueryLength: 4096, MaxFilterValues: 100}
}

// Options configures Open.
type Options struct {
	Path       string       // directory of the index; empty for an in-memory index (tests)
	BatchSize  int          // articles per Bleve batch; 0 means 500
	BatchBytes int          // article JSON bytes per Bleve batch; 0 means 4 MiB
	Workers    int          // parallel extraction goroutines; 0 means one per CPU
	Limits     Limits       // zero fields take DefaultLimits
	Policy     *QueryPolicy // nil means DefaultQueryPolicy
	// CacheEntries is how many search results are kept for reuse until the
	// next write (facet counts: four times as many); 0 keeps none.
	CacheEntries int
	// CacheBytes bounds the memory the search caches hold together, by an
	// estimate of each entry's size; 0 means 64 MiB.
	CacheBytes int64
	// MinFreeBytes is the free disk space writes keep in reserve on the
	// index's filesystem: below it (plus the estimated size of a write) the
	// index is read-only until space returns. 0 means 512 MiB,
	// negative turns the check off.
	MinFreeBytes int64
	// MaxWrites is how many batches may be prepared or committed at once; 0
	// means 2.
	MaxWrites int
	// WriteWait is how long a write waits for a slot before ErrBusy; 0 means
	// 10s.
	WriteWait time.Duration
	// MaxWriteMemory bounds the estimated memory of the batches being
	// prepared or committed at once; 0 means 1 GiB.
	MaxWriteMemory int64
	// ExtractTimeout bounds the entity extraction of one article; 0 means
	// 30s.
	ExtractTimeout time.Duration
	// ChangeLog records the ids of every commit of articles, atomically
	// with it, for a consumer of Changes (saved-search alerts; changes.go).
	ChangeLog bool
	// Observer is told of ingestion, commits and cache lookups, for
	// metrics; nil tells no one.
	Observer Observer
	Logger   *slog.Logger // nil discards logs
}

// Index is an open searchd index. It is safe for concurrent use.
type Index struct {
	lock   *rootLock        // of the index directory, held while open
	bi     bleve.Index      // alias of live: what every read and write goes through
	alias  bleve.IndexAlias // the same as bi, to swap what it serves (online_reindex.go)
	live   bleve.Index      // the index in use, changed under swapMu and writeMu
	ex     Extractor
	path   string // directory of the index in use (see current.go), changed under pathMu and writeMu
	root   string // configured directory holding the index in use and its rebuilds
	batch  int
	bytes  int
	work   int
	limits Limits
	policy QueryPolicy
	log    *slog.Logger
	obs    Observer

	closeOnce sync.Once
	closeErr  error

	pathMu sync.Mutex   // guards path for readers outside writeMu
	swapMu sync.RWMutex // held, shared, by what uses live beyond one call; exclusive to swap it
	maint  sync.RWMutex // held, shared, by backups; exclusive by a reindex's switch
	re     reindexState // the online reindex, if any (online_reindex.go)

	writeMu    sync.Mutex // serialises commits
	generation uint64     // of the last committed batch, guarded by writeMu
	changes    changeLog  // ids of the commits, for Changes (changes.go)
	metaMu     sync.Mutex // serialises SetMeta's updates of the list of names

	vocab *vocabulary      // the extractor's names, for suggestions and query resolution
	names *Resolver        // resolves the words of queries and filters
	table entityTableCache // the index's entity values, for suggestions

	extractTimeout time.Duration

	space spaceGuard // refuses writes the disk cannot hold
	gate  *writeGate // admits batches by count and memory

	stories *storyTable // articles being written, for the stories of others (story.go)

	writes  atomic.Uint64 // commits attempted since opening: the caches' epoch
	results *lru[*Result]
	facets  *lru[cachedFacet]
	analyst analystCache // entity counts of the analyst views (analyst.go)
}

// Open opens the index at opts.Path, creating it with the current mapping if
// absent. An index built with another mapping version is refused with
// ErrMappingVersion; a damaged one fails with the underlying error.
func Open(opts Options, ex Extractor) (*Index, error) {
	if ex == nil {
		return nil, errors.New("open index: nil extractor")
	}
	// One spelling of the path: the index in use and its rebuilds are told
	// apart by comparing paths ("./data/x" and "data/x" are the same).
	opts.Path = cleanPath(opts.Path)
	ix := &Index{ex: ex, path: opts.Path, root: opts.Path, batch: opts.BatchSize, work: opts.Workers, limits: opts.Limits, log: opts.Logger,
		obs: opts.Observer}
	if ix.obs == nil {
		ix.obs = nopObserver{}
	}
	if ix.batch <= 0 {
		ix.batch = 500
	}
	ix.bytes = opts.BatchBytes
	if ix.bytes <= 0 {
		ix.bytes = 4 << 20
	}
	if ix.work <= 0 {
		ix.work = runtime.GOMAXPROCS(0)
	}
	ix.limits = ix.limits.withDefaults()
	ix.names = NewResolver(ex)
	ix.stories = newStoryTable()
	ix.vocab = ix.names.vocab
	ix.space = spaceGuard{path: opts.Path, free: freeBytes}
	switch {
	case opts.MinFreeBytes > 0:
		ix.space.reserve = uint64(opts.MinFreeBytes)
	case opts.MinFreeBytes == 0:
		ix.space.reserve = defaultMinFreeBytes
	}
	ix.extractTimeout = opts.ExtractTimeout
	if ix.extractTimeout <= 0 {
		ix.extractTimeout = defaultExtractTimeout
	}
	ix.gate = newWriteGate(opts.MaxWrites, opts.MaxWriteMemory, opts.WriteWait)
	// A batch is cut before its estimated memory passes half the budget,
	// so that one batch can be prepared while the one before commits.
	if limit := int(ix.gate.maxMem / 2 / memoryPerTextByte); limit < ix.bytes {
		ix.bytes = max(limit, 1)
	}
	cacheBytes := opts.CacheBytes
	if cacheBytes <= 0 {
		cacheBytes = defaultCacheBytes
	}
	// Half each: results are larger (hits, highlights), facet counts many
	// more, and the entity lists of the find box large at scale.
	ix.results = newLRU(opts.CacheEntries, cacheBytes/2, resultBytes).observed(ix.obs, CacheResults)
	ix.facets = newLRU(4*opts.CacheEntries, cacheBytes/2, facetBytes).observed(ix.obs, CacheFacets)
	ix.policy = DefaultQueryPolicy()
	if opts.Policy != nil {
		ix.policy = *opts.Policy
	}
	if ix.policy.MaxExpansions <= 0 {
		ix.policy.MaxExpansions = DefaultQueryPolicy().MaxExpansions
	}
	if ix.log == nil {
		ix.log = slog.New(slog.DiscardHandler)
	}
	// The directory's lock first: the pointer to the index in use must not
	// change between reading it and opening what it names.
	lock, err := lockRoot(opts.Path)
	if err != nil {
		return nil, err
	}
	cur, err := CurrentDir(opts.Path)
	if err != nil {
		_ = lock.release()
		return nil, err
	}
	ix.path = cur
	bi, err := openBleve(cur)
	if err != nil {
		_ = lock.release()
		return nil, err
	}
	if lock == nil && opts.Path != "" {
		// A new index: its directory exists now.
		if lock, err = lockRoot(opts.Path); err != nil {
			_ = bi.Close()
			return nil, err
		}
	}
	ix.lock = lock
	gen, err := readGeneration(bi)
	if err == nil && opts.Path != "" {
		gen, err = checkRollback(ix.path, bi)
	}
	if err == nil && opts.Path != "" {
		err = removeStale(opts.Path, ix.path, ix.log)
	}
	if err == nil {
		err = ix.changes.load(opts.ChangeLog, bi)
	}
	if err != nil {
		_ = bi.Close()
		_ = lock.release()
		return nil, err
	}
	ix.live = bi
	ix.alias = bleve.NewIndexAlias(bi)
	ix.bi = ix.alias
	ix.generation = gen
	return ix, nil
}

func (l Limits) withDefaults() Limits {
	d := DefaultLimits()
	if l.MaxPageSize <= 0 {
		l.MaxPageSize = d.MaxPageSize
	}
	if l.MaxResultWindow <= 0 {
		l.MaxResultWindow = d.MaxResultWindow
	}
	if l.MaxFacetSize <= 0 {
		l.MaxFacetSize = d.MaxFacetSize
	}
	if l.MaxQueryLength <= 0 {
		l.MaxQueryLength = d.MaxQueryLength
	}
	if l.MaxFilterValues <= 0 {
		l.MaxFilterValues = d.MaxFilterValues
	}
	return l
}

// damaged is the error of an index directory that cannot be opened, with
// what to do about it.
func damaged(path, why string) error {
	why, _, _ = strings.Cut(why, "\n") // Bleve appends the raw mapping
	return fmt.Errorf("index at %s is damaged or not a searchd index (%s): restore a backup with "+
		"`searchd restore --force BACKUP_DIR`, or move %s away to start with an empty index: %w", path, why, path, ErrDamaged)
}

func openBleve(path string) (bleve.Index, error) {
	im, err := mapping.New()
	if err != nil {
		return nil, err
	}
	version := []byte(strconv.Itoa(mapping.Version))
	if path == "" {
		// Scorch without a path keeps its segments in memory: the same
		// engine as on disk, unlike bleve.NewMemOnly's upsidedown store.
		bi, err := bleve.NewUsing("", im, scorch.Name, scorch.Name, nil)
		if err != nil {
			return nil, fmt.Errorf("create in-memory index: %w", err)
		}
		if err := bi.SetInternal(versionKey, version); err != nil {
			return nil, fmt.Errorf("record mapping version: %w", err)
		}
		return bi, nil
	}
	if _, err := os.Stat(path); errors.Is(err, fs.ErrNotExist) {
		// Rebuild moves the old index to path.old just before it moves the
		// new one in: if only path.old exists, a rebuild was interrupted
		// between the two, and an empty index must not take its place.
		if _, err := os.Stat(path + ".old"); err == nil {
			return nil, fmt.Errorf("index at %s is missing but %s.old exists: a rebuild was interrupted; "+
				"move %s.rebuild (the new index) or %s.old (the previous one) to %s", path, path, path, path, path)
		}
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			return nil, fmt.Errorf("create index directory: %w", err)
		}
		bi, err := bleve.New(path, im)
		if err != nil {
			return nil, fmt.Errorf("create index at %s: %w", path, err)
		}
		if err := bi.SetInternal(versionKey, version); err != nil {
			_ = bi.Close()
			return nil, fmt.Errorf("record mapping version: %w", err)
		}
		return bi, nil
	}
	// Bleve, missing its root file, creates an empty one and then fails to
	// read the mapping it kept there: check for the files first, so the
	// message says what is wrong and nothing is written into a damaged index.
	for _, name := range []string{"index_meta.json", filepath.Join("store", "root.bolt")} {
		if _, err := os.Stat(filepath.Join(path, name)); err != nil {
			return nil, damaged(path, fmt.Sprintf("%s is missing", name))
		}
	}
	bi, err := bleve.OpenUsing(path, map[string]any{"bolt_timeout": "2s"})
	if err != nil {
		if strings.Contains(err.Error(), "timeout") {
			return nil, fmt.Errorf("open index at %s: %w (is another searchd running on it?)", path, ErrLocked)
		}
		return nil, damaged(path, err.Error())
	}
	got, err := bi.GetInternal(versionKey)
	if err != nil {
		_ = bi.Close()
		return nil, fmt.Errorf("read mapping version of %s: %w", path, err)
	}
	if string(got) != string(version) {
		_ = bi.Close()
		recorded := string(got)
		if recorded == "" {
			recorded = "none"
		}
		return nil, fmt.Errorf("index at %s was built with mapping version %s, this searchd uses version %d; "+
			"run `searchd reindex` (or `searchd serve --reindex`) to rebuild it: %w",
			path, recorded, mapping.Version, ErrMappingVersion)
	}
	return bi, nil
}

// Close flushes and closes the index. It is safe to call more than once.
func (ix *Index) Close() error {
	ix.closeOnce.Do(func() {
		ix.stopReindex()
		ix.closeErr = ix.closeLive()
		if err := ix.lock.release(); err != nil && ix.closeErr == nil {
			ix.closeErr = fmt.Errorf("unlock index directory: %w", err)
		}
	})
	return ix.closeErr
}

// Count returns the number of articles in the index.
func (ix *Index) Count() (uint64, error) {
	n, err := ix.bi.DocCount()
	if err != nil {
		return 0, fmt.Errorf("count documents: %w", err)
	}
	return n, nil
}

// Stats describes the index.
type Stats struct {
	Documents      uint64 `json:"documents"`
	DiskBytes      int64  `json:"disk_bytes"`
	MappingVersion int    `json:"mapping_version"`
	Path           string `json:"path,omitempty"`
}

// Stats returns the document count, size on disk and mapping version.
func (ix *Index) Stats(ctx context.Context) (Stats, error) {
	n, err := ix.Count()
	if err != nil {
		return Stats{}, err
	}
	dir := ix.dir()
	st := Stats{Documents: n, MappingVersion: mapping.Version, Path: dir}
	if dir != "" {
		err := filepath.WalkDir(dir, func(_ string, d fs.DirEntry, err error) error {
			if err != nil {
				// Scorch removes obsolete segment files concurrently.
				if errors.Is(err, fs.ErrNotExist) {
					return nil
				}
				return err
			}
			if ctx.Err() != nil {
				return ctx.Err()
			}
			if !d.IsDir() {
				if info, err := d.Info(); err == nil {
					st.DiskBytes += info.Size()
				}
			}
			return nil
		})
		if err != nil {
			return Stats{}, fmt.Errorf("measure index size: %w", err)
		}
	}
	return st, nil
}

// Get returns the stored article with its entities, or ErrNotFound.
func (ix *Index) Get(ctx context.Context, id string) (Article, error) {
	if err := ctx.Err(); err != nil {
		return Article{}, err
	}
	doc, err := ix.bi.Document(id)
	if err != nil {
		return Article{}, fmt.Errorf("load article %q: %w", id, err)
	}
	if doc == nil {
		return Article{}, fmt.Errorf("article %q: %w", id, ErrNotFound)
	}
	var stored, body string
	doc.VisitFields(func(f bleveindex.Field) {
		switch f.Name() {
		case mapping.FieldStored:
			stored = string(f.Value())
		case mapping.FieldBody:
			body = string(f.Value())
		}
	})
	return storedArticle(id, stored, body)
}

// storedArticle rebuilds an article from its stored JSON and stored body.
func storedArticle(id, stored, body string) (Article, error) {
	if stored == "" {
		return Article{}, fmt.Errorf("article %q has no stored source", id)
	}
	var a Article
	if err := json.Unmarshal([]byte(stored), &a); err != nil {
		return Article{}, fmt.Errorf("decode stored article %q: %w", id, err)
	}
	if a.Body == "" {
		a.Body = body
	}
	return a, nil
}

// Delete removes an article, or returns ErrNotFound. It returns once the
// deletion is on disk.
func (ix *Index) Delete(ctx context.Context, id string) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	doc, err := ix.bi.Document(id)
	if err != nil {
		return fmt.Errorf("look up article %q: %w", id, err)
	}
	if doc == nil {
		return fmt.Errorf("article %q: %w", id, ErrNotFound)
	}
	release, err := ix.gate.acquire(ctx, 0)
	if err != nil {
		return err
	}
	defer release()
	b := ix.bi.NewBatch()
	b.Delete(id)
	if err := ix.commit(b, 0, id); err != nil {
		return fmt.Errorf("delete article %q: %w", id, err)
	}
	return nil
}

// msSince returns the time since t in milliseconds, for logs and responses.
func msSince(t time.Time) float64 {
	return float64(time.Since(t).Microseconds()) / 1000
}

var _ io.Closer = (*Index)(nil)

// markerPrefix namespaces the internal keys of SetMarker.
const markerPrefix = "searchd:marker:"

// SetMarker durably records that a one-time event named name happened.
func (ix *Index) SetMarker(name string) error {
	b := ix.bi.NewBatch()
	b.SetInternal([]byte(markerPrefix+name), []byte("1"))
	if err := ix.listMarker(b, name); err != nil {
		return err
	}
	if err := ix.commit(b, 0); err != nil {
		return fmt.Errorf("set marker %s: %w", name, err)
	}
	return nil
}

// HasMarker reports whether SetMarker(name) was ever called on this index.
// A marker set by a binary older than the list of markers is listed on
// the way, so that a rebuild carries it over.
func (ix *Index) HasMarker(name string) (bool, error) {
	v, err := ix.bi.GetInternal([]byte(markerPrefix + name))
	if err != nil {
		return false, fmt.Errorf("read marker %s: %w", name, err)
	}
	if len(v) == 0 {
		return false, nil
	}
	if names, err := markerNames(ix.bi); err == nil && !slices.Contains(names, name) && ix.Writable() == nil {
		if err := ix.SetMarker(name); err != nil {
			ix.log.Warn("list a marker of an older binary", "marker", name, "err", err)
		}
	}
	return true, nil
}

// Writable reports whether the index accepts writes: nil, or why not (an
// error wrapping ErrNoSpace while the disk is full).
func (ix *Index) Writable() error {
	return ix.space.check(0)
}
