package alerts

import (
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/searchd/searchd/errs"
	"github.com/searchd/searchd/index"
	"github.com/searchd/searchd/internal/netguard"
)

// Index is what the alerts need of the index.
type Index interface {
	CheckQuery(ctx context.Context, q index.Query) error
	MatchIDs(ctx context.Context, q index.Query, ids []string) ([]index.Hit, error)
	Search(ctx context.Context, q index.Query) (*index.Result, error)
	Meta(name string) ([]byte, error)
	MetaNames(prefix string) ([]string, error)
	SetMeta(values map[string][]byte) error
	Changes(after uint64, limit int) ([]index.Change, error)
	LastChange() uint64
	ChangesDone(seq uint64)
	ChangeSignal() <-chan struct{}
}

// Options configures the alerts.
type Options struct {
	// AllowPrivate lets webhooks reach loopback, private, link-local and
	// other internal addresses (alerts.allow_private_addresses).
	AllowPrivate bool
	// Timeout bounds one delivery, connection to answer; 0 means 10s.
	Timeout time.Duration
	// MaxPayloadBytes bounds a delivery's body; 0 means 1 MiB. A delivery
	// sends as many of the pending articles as fit.
	MaxPayloadBytes int
	// RetryMin is the wait after a first failed delivery, doubled at each
	// failure up to RetryMax; 0 means 10s and 1h.
	RetryMin, RetryMax time.Duration
	// MaxSaved bounds how many searches may be saved; 0 means 1000.
	MaxSaved int
	Logger   *slog.Logger // nil discards
}

// The metadata keys of the alerts' state in the index.
const (
	savedPrefix = "alerts.saved."
	cursorKey   = "alerts.cursor"
)

// Bounds of a saved search's state.
const (
	maxNew         = 1000  // new ids kept for new_count
	maxPending     = 10000 // matches waiting for the webhook
	maxPerDelivery = 100   // articles in one delivery
	changesPerRead = 32    // change log entries read at a time
	feedSize       = 50    // entries of a feed
)

// Service keeps the saved searches, matches each commit against them and
// delivers the matches to their webhooks. Its methods are safe for
// concurrent use.
type Service struct {
	ix     Index
	opts   Options
	log    *slog.Logger
	guard  *netguard.Guard
	client *http.Client

	mu     sync.Mutex
	saved  map[string]*record // guarded by mu; a record is replaced, never changed in place
	cursor uint64             // the last change handled, guarded by mu
	wake   chan struct{}      // nudges Run: a delivery may be due
}

// New loads the saved searches kept in the index.
func New(ix Index, opts Options) (*Service, error) {
	if opts.Timeout <= 0 {
		opts.Timeout = 10 * time.Second
	}
	if opts.MaxPayloadBytes <= 0 {
		opts.MaxPayloadBytes = 1 << 20
	}
	if opts.RetryMin <= 0 {
		opts.RetryMin = 10 * time.Second
	}
	if opts.RetryMax <= 0 {
		opts.RetryMax = time.Hour
	}
	opts.RetryMax = max(opts.RetryMax, opts.RetryMin)
	if opts.MaxSaved <= 0 {
		opts.MaxSaved = 1000
	}
	log := opts.Logger
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	s := &Service{ix: ix, opts: opts, log: log, saved: map[string]*record{}, wake: make(chan struct{}, 1),
		guard: &netguard.Guard{AllowPrivate: opts.AllowPrivate, Key: "alerts.allow_private_addresses"}}
	s.client = newClient(s.guard, opts.Timeout)
	names, err := ix.MetaNames(savedPrefix)
	if err != nil {
		return nil, fmt.Errorf("load saved searches: %w", err)
	}
	for _, key := range names {
		raw, err := ix.Meta(key)
		if err != nil {
			return nil, fmt.Errorf("load saved searches: %w", err)
		}
		var r record
		if err := json.Unmarshal(raw, &r); err != nil {
			return nil, fmt.Errorf("load saved search %s: %w", strings.TrimPrefix(key, savedPrefix), err)
		}
		s.saved[r.Name] = &r
	}
	raw, err := ix.Meta(cursorKey)
	if err != nil {
		return nil, fmt.Errorf("load the alerts' cursor: %w", err)
	}
	if len(raw) > 0 {
		if s.cursor, err = strconv.ParseUint(string(raw), 10, 64); err != nil {
			return nil, fmt.Errorf("load the alerts' cursor: %w", err)
		}
	}
	return s, nil
}

// newClient is the webhooks' HTTP client: every connection through the
// guard, no proxy (the guard would check the proxy's address, not the
// target's), no redirects followed (a redirect could lead anywhere; the
// webhook's owner gives its final URL).
func newClient(g *netguard.Guard, timeout time.Duration) *http.Client {
	dialer := &net.Dialer{Timeout: timeout, KeepAlive: 30 * time.Second, Control: g.Control}
	return &http.Client{
		Transport: &http.Transport{
			Proxy:                 nil,
			DialContext:           dialer.DialContext,
			ForceAttemptHTTP2:     true,
			MaxIdleConns:          16,
			MaxIdleConnsPerHost:   2,
			IdleConnTimeout:       90 * time.Second,
			TLSHandshakeTimeout:   timeout,
			ResponseHeaderTimeout: timeout,
		},
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
	}
}

// Save validates a definition against the index and stores it. A name in
// use is refused (Exists): delete it first.
func (s *Service) Save(ctx context.Context, d Definition) (Saved, error) {
	if err := d.validate(s.guard.CheckLiteral); err != nil {
		return Saved{}, err
	}
	if err := checkQuery(ctx, s.ix, d.Query); err != nil {
		return Saved{}, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if _, ok := s.saved[d.Name]; ok {
		return Saved{}, errs.E(errs.Exists, "name", "a search is already saved as %q: delete it first, or choose another name", d.Name)
	}
	if len(s.saved) >= s.opts.MaxSaved {
		return Saved{}, errs.E(errs.TooLarge, "name", "%d searches are saved, the most allowed (alerts.max_saved): delete one first", len(s.saved))
	}
	now := time.Now().UTC()
	r := &record{Name: d.Name, Query: d.Query, QueryJSON: d.rawQuery, Collapse: d.Collapse, Webhook: d.Webhook, Secret: d.WebhookSecret,
		CreatedAt: now, SeenAt: now, Since: s.ix.LastChange(), New: []string{}, Pending: []string{}}
	if err := s.store(r); err != nil {
		return Saved{}, err
	}
	return r.view(), nil
}

// store writes r durably, then makes it the record of its name. Called
// with mu held.
func (s *Service) store(r *record) error {
	raw, err := json.Marshal(r)
	if err != nil {
		return err
	}
	values := map[string][]byte{savedPrefix + r.Name: raw}
	if err := s.ix.SetMeta(values); err != nil {
		return fmt.Errorf("store saved search %q: %w", r.Name, err)
	}
	s.saved[r.Name] = r
	return nil
}

// List returns the saved searches, by name.
func (s *Service) List() []Saved {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make([]Saved, 0, len(s.saved))
	for _, r := range s.saved {
		out = append(out, r.view())
	}
	slices.SortFunc(out, func(a, b Saved) int { return strings.Compare(a.Name, b.Name) })
	return out
}

// Get returns one saved search, or a NotFound error.
func (s *Service) Get(name string) (Saved, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	r, ok := s.saved[name]
	if !ok {
		return Saved{}, notFound(name)
	}
	return r.view(), nil
}

func notFound(name string) error {
	return errs.E(errs.NotFound, "name", "no search is saved as %q", name)
}

// Delete forgets a saved search, its state and its pending deliveries.
func (s *Service) Delete(name string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if _, ok := s.saved[name]; !ok {
		return notFound(name)
	}
	if err := s.ix.SetMeta(map[string][]byte{savedPrefix + name: nil}); err != nil {
		return fmt.Errorf("delete saved search %q: %w", name, err)
	}
	delete(s.saved, name)
	return nil
}

// MarkSeen marks the saved search's new articles read: new_count starts
// again from zero.
func (s *Service) MarkSeen(name string) (Saved, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	r, ok := s.saved[name]
	if !ok {
		return Saved{}, notFound(name)
	}
	c := r.clone()
	c.SeenAt, c.New, c.NewMore = time.Now().UTC(), []string{}, false
	if err := s.store(c); err != nil {
		return Saved{}, err
	}
	return c.view(), nil
}

// Feed returns a saved search and its newest matching articles, newest
// first, as a feed lists them.
func (s *Service) Feed(ctx context.Context, name string) (Saved, []index.Hit, error) {
	s.mu.Lock()
	r, ok := s.saved[name]
	s.mu.Unlock()
	if !ok {
		return Saved{}, nil, notFound(name)
	}
	q := r.Query
	size, highlight := feedSize, false
	q.Sort, q.Size, q.Page, q.Highlight, q.Facets, q.Histogram, q.SearchAfter = index.SortPublishedDesc, &size, 0, &highlight, nil, "", ""
	if r.Collapse != "" {
		// A collapsed saved search's feed has one entry per story, not one per copy.
		q.Collapse = r.Collapse
	}
	res, err := s.ix.Search(ctx, q)
	if err != nil {
		return Saved{}, nil, err
	}
	return r.view(), res.Hits, nil
}

func (r *record) clone() *record {
	c := *r
	c.New = slices.Clone(r.New)
	c.Pending = slices.Clone(r.Pending)
	c.Retry = slices.Clone(r.Retry)
	return &c
}

// Run matches every logged commit against the saved searches and delivers
// the matches, until ctx ends.
func (s *Service) Run(ctx context.Context) {
	const retryRead = 5 * time.Second // after the index failed to read or write
	for {
		signal := s.ix.ChangeSignal() // before matching: a commit from now on closes it
		wait := time.Duration(-1)
		if err := s.match(ctx); err != nil {
			if ctx.Err() != nil {
				return
			}
			s.log.Error("match saved searches", "err", err)
			wait = retryRead
		}
		if next := s.deliverDue(ctx); next >= 0 && (wait < 0 || next < wait) {
			wait = next
		}
		var timer <-chan time.Time
		var t *time.Timer
		if wait >= 0 {
			t = time.NewTimer(wait)
			timer = t.C
		}
		select {
		case <-ctx.Done():
		case <-signal:
		case <-s.wake:
		case <-timer:
		}
		if t != nil {
			t.Stop()
		}
		if ctx.Err() != nil {
			return
		}
	}
}

// nudge wakes Run.
func (s *Service) nudge() {
	select {
	case s.wake <- struct{}{}:
	default:
	}
}

// match handles the change log's entries after the cursor.
func (s *Service) match(ctx context.Context) error {
	for {
		s.mu.Lock()
		after := s.cursor
		s.mu.Unlock()
		changes, err := s.ix.Changes(after, changesPerRead)
		if err != nil {
			return err
		}
		if len(changes) == 0 {
			return nil
		}
		for _, c := range changes {
			if err := s.apply(ctx, c); err != nil {
				return err
			}
		}
	}
}

// apply matches one commit's articles against every saved search older
// than it, and records the matches (new ids, pending deliveries) with the
// cursor in one write. A commit that matches nothing writes nothing: the
// cursor then moves in memory only, and after a restart those entries, if
// still logged, are matched again to the same nothing.
func (s *Service) apply(ctx context.Context, c index.Change) error {
	type match struct {
		r   *record
		ids []string
	}
	s.mu.Lock()
	var todo []*record
	for _, r := range s.saved {
		if r.Since < c.Seq {
			todo = append(todo, r)
		}
	}
	s.mu.Unlock()
	var found []match
	for _, r := range todo {
		hits, err := s.ix.MatchIDs(ctx, r.Query, c.IDs)
		if err != nil {
			if ctx.Err() != nil {
				return ctx.Err()
			}
			// A query valid when saved can fail later (a country the
			// extractor no longer knows): that one search misses this
			// commit, the others do not.
			s.log.Warn("saved search does not run", "saved", r.Name, "err", err)
			continue
		}
		if len(hits) > 0 {
			ids := make([]string, len(hits))
			for i, h := range hits {
				ids[len(hits)-1-i] = h.ID // oldest first
			}
			found = append(found, match{r, ids})
		}
	}

	s.mu.Lock()
	defer s.mu.Unlock()
	values := map[string][]byte{}
	updated := map[string]*record{}
	for _, m := range found {
		cur := s.saved[m.r.Name]
		if cur == nil || !cur.CreatedAt.Equal(m.r.CreatedAt) {
			continue // deleted (and perhaps saved anew) meanwhile
		}
		u := cur.clone()
		u.addNew(m.ids)
		if u.Webhook != "" {
			u.addPending(m.ids)
		}
		raw, err := json.Marshal(u)
		if err != nil {
			return err
		}
		values[savedPrefix+u.Name], updated[u.Name] = raw, u
	}
	if len(values) > 0 {
		values[cursorKey] = []byte(strconv.FormatUint(c.Seq, 10))
		if err := s.ix.SetMeta(values); err != nil {
			return fmt.Errorf("record the matches of change %d: %w", c.Seq, err)
		}
		for name, u := range updated {
			s.saved[name] = u
		}
		s.nudge()
	}
	s.cursor = c.Seq
	s.ix.ChangesDone(c.Seq)
	return nil
}

// addNew adds ids to the new articles, once each, up to maxNew.
func (r *record) addNew(ids []string) {
	for _, id := range ids {
		if slices.Contains(r.New, id) {
			continue
		}
		if len(r.New) >= maxNew {
			r.NewMore = true
			continue
		}
		r.New = append(r.New, id)
	}
}

// addPending queues ids for the webhook, once each, up to maxPending; an
// article updated again while waiting is delivered once, as it is then.
func (r *record) addPending(ids []string) {
	queued := make(map[string]bool, len(r.Pending))
	for _, id := range r.Pending {
		queued[id] = true
	}
	for _, id := range ids {
		if queued[id] {
			continue
		}
		queued[id] = true
		if len(r.Pending) >= maxPending {
			r.Dropped++
			continue
		}
		r.Pending = append(r.Pending, id)
	}
}
