package feeds

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"log/slog"
	"maps"
	"net/url"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/searchd/searchd/index"
)

// Source is a feed to poll.
type Source struct {
	URL      string
	Interval time.Duration // 0 means Options.DefaultInterval
}

// Origins of a feed.
const (
	OriginConfig = "config" // listed in config.yaml; removed there
	OriginAPI    = "api"    // added at run time; saved in the state file
)

// Feed statuses.
const (
	StatusPending     = "pending"      // not polled yet
	StatusPolling     = "polling"      // a poll is running
	StatusOK          = "ok"           // the last poll handled every item
	StatusNotModified = "not_modified" // the server said nothing changed (304)
	StatusPartial     = "partial"      // some items failed and are retried
	StatusError       = "error"        // the feed itself could not be fetched or read
	StatusInterrupted = "interrupted"  // the daemon stopped during the poll
)

// Options configures a Manager.
type Options struct {
	// Sources are the feeds of the configuration; they cannot be removed
	// at run time.
	Sources []Source
	// StateFile is where feeds added at run time and every feed's polling
	// state are kept; empty keeps them in memory only.
	StateFile       string
	DefaultInterval time.Duration // 0 means 15m
	MinInterval     time.Duration // shortest interval accepted; 0 means 1m
	MaxBackoff      time.Duration // longest wait after failures; 0 means 6h
	// MaxItemsPerPoll bounds the new items of one poll (the rest wait for
	// the next); 0 means 100.
	MaxItemsPerPoll int
	Fetch           FetchOptions
	Logger          *slog.Logger // nil discards
	// Polled, when set, is told the status each poll ended with (ok,
	// not_modified, partial, error, interrupted), for metrics.
	Polled func(status string)
}

// Status is a feed and how its polling goes.
type Status struct {
	ID          string
	URL         string
	Interval    time.Duration
	Origin      string
	Title       string // the feed's own title, once read
	AddedAt     time.Time
	LastPoll    *time.Time
	LastSuccess *time.Time
	NextPoll    *time.Time
	Status      string
	LastError   string
	Failures    int // consecutive failed polls
	Articles    int // articles this feed has indexed
	ItemErrors  []ItemError
}

// Manager polls feeds and indexes their stories through a Sink.
type Manager struct {
	proc *processor
	opts Options
	// unrestored are saved feeds this configuration refuses (an address
	// now private, say): written back on every save, never polled.
	unrestored []feedState
	log        *slog.Logger

	mu      sync.Mutex
	feeds   map[string]*feed
	order   []string // ids, in the order feeds were added
	running bool
	runCtx  context.Context
	loops   sync.WaitGroup

	saveMu sync.Mutex // orders writes of the state file
}

// feed is one polled feed.
type feed struct {
	id       string
	url      string
	interval time.Duration
	origin   string
	addedAt  time.Time

	pollMu sync.Mutex // one poll of a feed at a time

	// Guarded by Manager.mu.
	st     state
	next   time.Time
	cancel context.CancelFunc // of its polling loop; nil when none runs
}

// New returns a Manager for the configured sources and the feeds saved in
// opts.StateFile. Polling starts with Run.
func New(sink Sink, opts Options) (*Manager, error) {
	if opts.DefaultInterval <= 0 {
		opts.DefaultInterval = 15 * time.Minute
	}
	if opts.MinInterval <= 0 {
		opts.MinInterval = time.Minute
	}
	if opts.MaxBackoff <= 0 {
		opts.MaxBackoff = 6 * time.Hour
	}
	if opts.MaxItemsPerPoll <= 0 {
		opts.MaxItemsPerPoll = 100
	}
	log := opts.Logger
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	m := &Manager{opts: opts, log: log, feeds: map[string]*feed{},
		proc: &processor{fetch: newFetcher(opts.Fetch), sink: sink, log: log}}
	saved := stateFile{Version: stateVersion}
	if opts.StateFile != "" {
		var err error
		if saved, err = loadState(opts.StateFile); err != nil {
			return nil, err
		}
	}
	now := time.Now()
	for i, src := range opts.Sources {
		f, err := m.newFeed(src.URL, src.Interval, OriginConfig, now)
		if err != nil {
			return nil, fmt.Errorf("feeds.sources[%d]: %w", i, err)
		}
		if _, dup := m.feeds[f.id]; dup {
			return nil, fmt.Errorf("feeds.sources[%d]: %s is listed twice: %w", i, src.URL, index.ErrInvalid)
		}
		m.insert(f)
	}
	for _, fs := range saved.Feeds {
		f, ok := m.feeds[fs.ID]
		if !ok {
			if fs.Origin != OriginAPI {
				continue // a feed config.yaml no longer lists
			}
			var err error
			if f, err = m.newFeed(fs.URL, time.Duration(fs.Interval), OriginAPI, fs.AddedAt); err != nil {
				// An interval below a feeds.min_interval raised since: poll
				// at the new minimum rather than lose the feed.
				if retry, rerr := m.newFeed(fs.URL, max(time.Duration(fs.Interval), m.opts.MinInterval), OriginAPI, fs.AddedAt); rerr == nil {
					log.Warn("saved feed polled at feeds.min_interval", "url", fs.URL, "interval", retry.interval, "was", time.Duration(fs.Interval))
					f, err = retry, nil
				}
			}
			if err != nil {
				// Kept in the state file as it was, so that changing the
				// configuration back (allow_private_addresses, say) brings
				// it back; a save must not drop it for good.
				log.Warn("saved feed not restored; it stays in the state file", "url", fs.URL, "err", err)
				m.unrestored = append(m.unrestored, fs)
				continue
			}
			m.insert(f)
		}
		if f.origin == OriginConfig && fs.Origin == OriginConfig {
			f.addedAt = fs.AddedAt
		}
		f.st = fs.state
		if f.st.Status == StatusPolling {
			f.st.Status = StatusInterrupted
		}
		if f.st.LastPoll != nil {
			f.next = f.st.LastPoll.Add(m.delay(f, f.st.Failures))
		}
	}
	return m, nil
}

// maxURLLength bounds a feed's URL.
const maxURLLength = 2048

// FeedID is a feed's id: a hash of its normalised URL.
func FeedID(normalized string) string {
	h := sha256.Sum256([]byte("feed\x00" + normalized))
	return hex.EncodeToString(h[:8])
}

// newFeed validates a feed's URL and interval.
func (m *Manager) newFeed(rawURL string, interval time.Duration, origin string, added time.Time) (*feed, error) {
	rawURL = strings.TrimSpace(rawURL)
	if len(rawURL) > maxURLLength {
		return nil, fmt.Errorf("feed URL is longer than %d bytes: %w", maxURLLength, index.ErrInvalid)
	}
	n, err := NormalizeURL(rawURL)
	if err != nil {
		return nil, err
	}
	u, _ := url.Parse(rawURL)
	if u.User != nil {
		// GET /api/v1/feeds shows every feed's URL to whoever may read.
		return nil, fmt.Errorf("feed URL %s holds a user name or password, which the feed list would show: %w", u.Redacted(), index.ErrInvalid)
	}
	if err := m.proc.fetch.guard.CheckLiteral(u); err != nil {
		return nil, fmt.Errorf("%w: %w", err, index.ErrInvalid)
	}
	if interval == 0 {
		interval = m.opts.DefaultInterval
	}
	if interval < m.opts.MinInterval {
		return nil, fmt.Errorf("interval %s is shorter than feeds.min_interval (%s): %w", interval, m.opts.MinInterval, index.ErrInvalid)
	}
	return &feed{id: FeedID(n), url: rawURL, interval: interval, origin: origin, addedAt: added.UTC(),
		st: state{Status: StatusPending}}, nil
}

func (m *Manager) insert(f *feed) {
	m.feeds[f.id] = f
	m.order = append(m.order, f.id)
}

// Add starts polling a feed at run time; its first poll starts at once. The
// feed is saved, so it is polled again after a restart. A URL already
// polled is refused with index.ErrExists, an invalid one with
// index.ErrInvalid.
func (m *Manager) Add(ctx context.Context, rawURL string, interval time.Duration) (Status, error) {
	if err := ctx.Err(); err != nil {
		return Status{}, err
	}
	f, err := m.newFeed(rawURL, interval, OriginAPI, time.Now())
	if err != nil {
		return Status{}, err
	}
	m.mu.Lock()
	if old, dup := m.feeds[f.id]; dup {
		m.mu.Unlock()
		return Status{}, fmt.Errorf("feed %s is already polled (id %s): %w", old.url, old.id, index.ErrExists)
	}
	m.insert(f)
	if m.running {
		m.startLocked(f)
	}
	st := m.statusLocked(f)
	m.mu.Unlock()
	if err := m.save(); err != nil {
		m.mu.Lock()
		m.removeLocked(f.id)
		m.mu.Unlock()
		return Status{}, err
	}
	m.log.Info("feed added", "id", f.id, "url", f.url, "interval", f.interval)
	return st, nil
}

// Remove stops polling a feed added at run time and forgets it. A feed of
// config.yaml is refused with index.ErrConflict, an unknown id with
// index.ErrNotFound. Articles it indexed stay indexed.
func (m *Manager) Remove(ctx context.Context, id string) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	m.mu.Lock()
	f, ok := m.feeds[id]
	switch {
	case !ok:
		m.mu.Unlock()
		return fmt.Errorf("feed %q: %w", id, index.ErrNotFound)
	case f.origin == OriginConfig:
		m.mu.Unlock()
		return fmt.Errorf("feed %s is listed in the configuration (feeds.sources); remove it there: %w", f.url, index.ErrConflict)
	}
	m.removeLocked(id)
	m.mu.Unlock()
	m.log.Info("feed removed", "id", id, "url", f.url)
	return m.save()
}

func (m *Manager) removeLocked(id string) {
	f := m.feeds[id]
	if f == nil {
		return
	}
	if f.cancel != nil {
		f.cancel()
	}
	delete(m.feeds, id)
	m.order = slices.DeleteFunc(m.order, func(s string) bool { return s == id })
}

// List returns every feed's status, in the order they were added
// (configured feeds first).
func (m *Manager) List() []Status {
	m.mu.Lock()
	defer m.mu.Unlock()
	out := make([]Status, 0, len(m.order))
	for _, id := range m.order {
		out = append(out, m.statusLocked(m.feeds[id]))
	}
	return out
}

// Get returns one feed's status.
func (m *Manager) Get(id string) (Status, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	f, ok := m.feeds[id]
	if !ok {
		return Status{}, fmt.Errorf("feed %q: %w", id, index.ErrNotFound)
	}
	return m.statusLocked(f), nil
}

func (m *Manager) statusLocked(f *feed) Status {
	s := Status{ID: f.id, URL: f.url, Interval: f.interval, Origin: f.origin, Title: f.st.Title,
		AddedAt: f.addedAt, LastPoll: f.st.LastPoll, LastSuccess: f.st.LastSuccess, Status: f.st.Status,
		LastError: f.st.LastError, Failures: f.st.Failures, Articles: f.st.Articles,
		ItemErrors: slices.Clone(f.st.ItemErrors)}
	next := f.next
	if next.IsZero() {
		next = time.Now()
	}
	next = next.UTC()
	s.NextPoll = &next
	return s
}

// Run polls every feed until ctx ends, then waits for the polls in flight
// to stop (they are cancelled with ctx) and returns.
func (m *Manager) Run(ctx context.Context) error {
	m.mu.Lock()
	if m.running {
		m.mu.Unlock()
		return errors.New("feeds: Run called twice")
	}
	m.running, m.runCtx = true, ctx
	for _, id := range m.order {
		m.startLocked(m.feeds[id])
	}
	m.mu.Unlock()
	<-ctx.Done()
	m.mu.Lock()
	m.running = false
	m.mu.Unlock()
	m.loops.Wait()
	return nil
}

func (m *Manager) startLocked(f *feed) {
	ctx, cancel := context.WithCancel(m.runCtx)
	f.cancel = cancel
	m.loops.Add(1)
	go m.loop(ctx, f)
}

// loop polls one feed at its times until ctx ends.
func (m *Manager) loop(ctx context.Context, f *feed) {
	defer m.loops.Done()
	for {
		m.mu.Lock()
		wait := time.Until(f.next)
		m.mu.Unlock()
		timer := time.NewTimer(max(wait, 0))
		select {
		case <-ctx.Done():
			timer.Stop()
			return
		case <-timer.C:
		}
		m.poll(ctx, f)
	}
}

// Poll polls one feed now and returns its status afterwards.
func (m *Manager) Poll(ctx context.Context, id string) (Status, error) {
	m.mu.Lock()
	f, ok := m.feeds[id]
	m.mu.Unlock()
	if !ok {
		return Status{}, fmt.Errorf("feed %q: %w", id, index.ErrNotFound)
	}
	m.poll(ctx, f)
	return m.Get(id)
}

// delay is how long after a poll with this many consecutive failures the
// next one starts: the interval, doubled for each failure after the first,
// up to MaxBackoff.
func (m *Manager) delay(f *feed, failures int) time.Duration {
	d := f.interval
	limit := max(m.opts.MaxBackoff, f.interval)
	for i := 1; i < failures && d < limit; i++ {
		d *= 2
	}
	return min(d, limit)
}

// poll fetches the feed (conditionally, with the validators of the last
// complete poll) and handles its new items. The validators advance only
// when every item of the document was handled, so that an item that failed
// is met again next time even if the server would answer 304.
func (m *Manager) poll(ctx context.Context, f *feed) {
	f.pollMu.Lock()
	defer f.pollMu.Unlock()
	m.mu.Lock()
	if m.feeds[f.id] != f {
		m.mu.Unlock()
		return // removed
	}
	prev := f.st.Status
	f.st.Status = StatusPolling
	v := f.st.validators
	handled := map[string]bool{}
	for _, k := range f.st.Handled {
		handled[k] = true
	}
	attempts := maps.Clone(f.st.Attempts)
	if attempts == nil {
		attempts = map[string]int{}
	}
	m.mu.Unlock()

	start := time.Now().UTC()
	log := m.log.With("feed", f.id, "url", f.url)
	resp, err := m.proc.fetch.get(ctx, f.url, acceptFeed, v)
	var doc *feedDoc
	if err == nil && !resp.notModified() {
		if detect(resp) != kindFeed {
			err = fmt.Errorf("%s is not a feed (Content-Type %q); pages are ingested with `searchd ingest URL`", f.url, resp.contentType)
		} else {
			doc, err = parseFeed(resp)
		}
	}
	var rep itemsReport
	backlog := 0
	if err == nil && doc != nil {
		var todo []item
		for _, it := range doc.items {
			if !handled[it.key] {
				todo = append(todo, it)
			}
		}
		if len(todo) > m.opts.MaxItemsPerPoll {
			backlog = len(todo) - m.opts.MaxItemsPerPoll
			todo = todo[:m.opts.MaxItemsPerPoll]
		}
		rep, err = m.proc.items(ctx, todo, doc.title, attempts, func(keys []string, n int) {
			m.mu.Lock()
			defer m.mu.Unlock()
			f.st.Handled = append(f.st.Handled, keys...)
			f.st.Articles += n
			f.st.Attempts = maps.Clone(attempts)
		})
	}

	m.mu.Lock()
	if m.feeds[f.id] != f {
		m.mu.Unlock()
		return // removed during the poll
	}
	now := time.Now().UTC()
	st := &f.st
	if doc != nil {
		// Keys of items that left the feed will not come back: forget them.
		present := map[string]bool{}
		for _, it := range doc.items {
			present[it.key] = true
		}
		st.Handled = slices.DeleteFunc(slices.Compact(sortedCopy(st.Handled)), func(k string) bool { return !present[k] })
		for k := range st.Attempts {
			if !present[k] {
				delete(st.Attempts, k)
			}
		}
		st.Title = doc.title
	}
	switch {
	case ctx.Err() != nil:
		st.Status = StatusInterrupted
		if prev == StatusPending {
			st.Status = StatusPending
		}
		f.next = now
	case err != nil:
		st.LastPoll = &now
		st.Failures++
		st.Status, st.LastError = StatusError, errText(err)
		f.next = now.Add(m.delay(f, st.Failures))
		log.Warn("feed poll failed", "err", err, "failures", st.Failures, "next_poll", f.next)
	case resp.notModified():
		st.LastPoll, st.LastSuccess = &now, &now
		st.Failures, st.Status, st.LastError, st.ItemErrors = 0, StatusNotModified, "", nil
		f.next = now.Add(f.interval)
		log.Debug("feed not modified")
	case rep.pending > 0:
		st.LastPoll = &now
		st.Failures++
		st.Status, st.ItemErrors = StatusPartial, rep.errors
		st.LastError = fmt.Sprintf("%d of %d new items not indexed yet; they are retried at the next poll", rep.pending, rep.pending+rep.indexed+rep.skipped)
		f.next = now.Add(m.delay(f, st.Failures))
		log.Warn("feed poll incomplete", "indexed", rep.indexed, "pending", rep.pending, "next_poll", f.next)
	default:
		st.LastPoll, st.LastSuccess = &now, &now
		st.Failures, st.Status, st.LastError, st.ItemErrors = 0, StatusOK, "", rep.errors
		if backlog > 0 {
			// Not every item was looked at: keep the old validators, and
			// come back soon for the rest.
			f.next = now.Add(m.opts.MinInterval)
		} else {
			st.validators = validators{ETag: resp.header.Get("ETag"), LastModified: resp.header.Get("Last-Modified")}
			f.next = now.Add(f.interval)
		}
		log.Info("feed polled", "indexed", rep.indexed, "already_indexed", rep.skipped, "from_item_text", rep.fallbacks,
			"backlog", backlog, "ms", time.Since(start).Milliseconds())
	}
	status := st.Status
	m.mu.Unlock()
	if m.opts.Polled != nil {
		m.opts.Polled(status)
	}
	if err := m.save(); err != nil {
		log.Error("save feeds state", "err", err)
	}
}

func sortedCopy(s []string) []string {
	c := slices.Clone(s)
	slices.Sort(c)
	return c
}

// save writes the state file, if there is one.
func (m *Manager) save() error {
	if m.opts.StateFile == "" {
		return nil
	}
	m.saveMu.Lock()
	defer m.saveMu.Unlock()
	m.mu.Lock()
	sf := stateFile{Version: stateVersion, Feeds: make([]feedState, 0, len(m.order))}
	for _, id := range m.order {
		f := m.feeds[id]
		st := f.st
		st.Handled = slices.Clone(st.Handled)
		st.Attempts = maps.Clone(st.Attempts)
		sf.Feeds = append(sf.Feeds, feedState{ID: f.id, URL: f.url, Interval: Duration(f.interval),
			Origin: f.origin, AddedAt: f.addedAt, state: st})
	}
	for _, fs := range m.unrestored {
		if _, back := m.feeds[fs.ID]; !back {
			sf.Feeds = append(sf.Feeds, fs)
		}
	}
	m.mu.Unlock()
	return saveState(m.opts.StateFile, sf)
}
