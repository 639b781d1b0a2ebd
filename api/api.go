// Package api serves searchd's HTTP interface: the JSON API under /api/v1,
// health endpoints and the embedded web UI.
package api

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"io/fs"
	"log/slog"
	"net/http"
	"path"
	"strings"
	"time"

	"github.com/gorilla/mux"
	"github.com/searchd/searchd/index"
	"github.com/searchd/searchd/metrics"
	"github.com/searchd/searchd/query"
)

// Store is what the API needs of the index.
type Store interface {
	Add(ctx context.Context, a index.Article) (index.Article, error)
	IngestNDJSON(ctx context.Context, r io.Reader, maxLine int) (index.BulkResult, error)
	Get(ctx context.Context, id string) (index.Article, error)
	Delete(ctx context.Context, id string) error
	Search(ctx context.Context, q index.Query) (*index.Result, error)
	Entities(ctx context.Context, typ, prefix string, size int) ([]index.FacetValue, error)
	Stats(ctx context.Context) (index.Stats, error)
	Backup(ctx context.Context, dir string) (index.BackupInfo, error)
	Writable() error
	Suggest(ctx context.Context, prefix string, types []string, size int) ([]index.Suggestion, error)
	Explain(q string, expand bool) (query.Explanation, error)
	Schema() query.Schema
	exportStore  // export.go
	reindexStore // reindex.go
}

// Options configures the API.
type Options struct {
	MaxBodyBytes   int64         // bound of single-article, search and backup bodies
	MaxBulkBytes   int64         // bound of a bulk NDJSON body
	MaxLineBytes   int           // bound of one NDJSON line
	RequestTimeout time.Duration // deadline of reads (search, get, entities, stats) and of waits for a slot
	// BodyReadTimeout bounds reading a single-article, search or backup
	// body, which is read in full before the request takes a slot; 0 means 10s.
	BodyReadTimeout time.Duration
	Logger          *slog.Logger // nil discards
	Ready           func() bool  // nil means always ready
	UI              fs.FS        // static files served at /; nil serves none
	WriteKeys       []string     // keys that allow writes; empty leaves writes open
	ReadKeys        []string     // keys that allow reads; empty leaves reads open
	CORSOrigins     []string     // origins allowed cross-site; empty turns CORS off
	// AllowedHosts are the Host names answered besides IP addresses and
	// localhost: exact names, ".example.org" for a domain and its
	// subdomains, or "*" for any.
	AllowedHosts  []string
	MaxConcurrent int    // searches run at once; 0 means 4
	BackupDir     string // where admin backups go; empty disables them
	// Feeds polls feeds into the index; nil answers the feed routes with
	// 404.
	Feeds FeedService
	// Saved keeps saved searches and their feeds; nil answers their routes
	// with 404.
	Saved SavedService
	// Metrics, when set, counts every request by route and serves the
	// registry at GET /metrics; nil serves no metrics and counts nothing.
	Metrics *metrics.Metrics
	// MetricsRequireKey makes /metrics ask for a read or write key, as
	// reads do when read keys are configured; otherwise it is open.
	MetricsRequireKey bool
	// ExportTimeout bounds a whole export; 0 means an hour. MaxExports is
	// how many run at once; 0 means 2.
	ExportTimeout time.Duration
	MaxExports    int
	exportPage    int                         // hits per export page; 0: the index's default (tests)
	wrapExport    func(exportRows) exportRows // sees an export's pages (tests)
}

// Server holds the API's dependencies.
type Server struct {
	store     Store
	opts      Options
	log       *slog.Logger
	writeKeys keySet
	readKeys  keySet
	hosts     hostPolicy
	slots     chan struct{} // search slots
	backups   chan struct{} // one backup at a time
	metrics   *metrics.Metrics
}

// New returns the HTTP handler of the whole service.
func New(store Store, opts Options) http.Handler {
	s, r := build(store, opts)
	// Middleware wraps the router itself so that 404 and 405 answers get it
	// too. A panic is recovered inside the access log, so its 500 is logged.
	h := s.accessLog(s.recoverPanics(securityHeaders(s.checkHost(s.cors(s.checkOrigin(r))))))
	if s.metrics != nil {
		h = s.instrument(h)
	}
	return h
}

// build returns the server and its router, every route registered.
func build(store Store, opts Options) (*Server, *mux.Router) {
	if opts.MaxBodyBytes <= 0 {
		opts.MaxBodyBytes = 4 << 20
	}
	if opts.MaxBulkBytes <= 0 {
		opts.MaxBulkBytes = 1 << 30
	}
	if opts.MaxLineBytes <= 0 {
		opts.MaxLineBytes = 4 << 20
	}
	if opts.RequestTimeout <= 0 {
		opts.RequestTimeout = 10 * time.Second
	}
	if opts.Ready == nil {
		opts.Ready = func() bool { return true }
	}
	log := opts.Logger
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	if opts.MaxConcurrent <= 0 {
		opts.MaxConcurrent = 4
	}
	if opts.BodyReadTimeout <= 0 {
		opts.BodyReadTimeout = 10 * time.Second
	}
	if opts.ExportTimeout <= 0 {
		opts.ExportTimeout = time.Hour
	}
	if opts.MaxExports <= 0 {
		opts.MaxExports = 2
	}
	s := &Server{store: store, opts: opts, log: log, writeKeys: newKeySet(opts.WriteKeys),
		readKeys: newKeySet(opts.ReadKeys), hosts: newHostPolicy(opts.AllowedHosts),
		slots: make(chan struct{}, opts.MaxConcurrent), backups: make(chan struct{}, 1), metrics: opts.Metrics}

	r := mux.NewRouter()
	if s.metrics != nil {
		r.Use(labelRoute)
	}
	r.Handle("/healthz", s.handle(s.healthz)).Methods(http.MethodGet, http.MethodHead)
	r.Handle("/readyz", s.handle(s.readyz)).Methods(http.MethodGet, http.MethodHead)

	// Full paths on the root router: gorilla/mux subrouters answer 404
	// instead of 405 for a known path with the wrong method.
	// Bodies are read (withBody) before a slot is taken (limited,
	// backupSlot): a slow client holds a connection, never a slot. Writes
	// take no slot here: the index takes one per batch it commits.
	const v1 = "/api/v1"
	r.Handle(v1+"/stats", s.handle(s.read(s.timed(s.stats)))).Methods(http.MethodGet)
	r.Handle(v1+"/articles", s.handle(s.write(s.writable(s.withBody(s.postArticle))))).Methods(http.MethodPost)
	r.Handle(v1+"/articles/_bulk", s.handle(s.write(s.writable(s.bulk)))).Methods(http.MethodPost)
	r.Handle(v1+"/articles/{id}", s.handle(s.read(s.timed(s.getArticle)))).Methods(http.MethodGet)
	r.Handle(v1+"/articles/{id}", s.handle(s.write(s.writable(s.timed(s.deleteArticle))))).Methods(http.MethodDelete)
	r.Handle(v1+"/search", s.handle(s.read(s.timed(s.limited(s.searchGET))))).Methods(http.MethodGet)
	r.Handle(v1+"/search", s.handle(s.read(s.withBody(s.timed(s.limited(s.searchPOST)))))).Methods(http.MethodPost)
	r.Handle(v1+"/admin/backup", s.handle(s.write(s.withBody(s.backupSlot(s.backup))))).Methods(http.MethodPost)
	r.Handle(v1+"/entities", s.handle(s.read(s.timed(s.limited(s.entities))))).Methods(http.MethodGet)
	r.Handle(v1+"/suggest", s.handle(s.read(s.timed(s.limited(s.suggest))))).Methods(http.MethodGet)
	r.Handle(v1+"/search/explain", s.handle(s.read(s.timed(s.limited(s.explain))))).Methods(http.MethodGet)
	r.Handle(v1+"/schema", s.handle(s.read(s.schema))).Methods(http.MethodGet)
	r.Handle(v1+"/export", s.exportHandler()).Methods(http.MethodGet)
	r.Handle(v1+"/admin/reindex", s.handle(s.write(s.writable(s.withBody(s.startReindex))))).Methods(http.MethodPost)
	r.Handle(v1+"/admin/reindex", s.handle(s.write(s.reindexStatus))).Methods(http.MethodGet)
	r.Handle(v1+"/feeds", s.handle(s.read(s.listFeeds))).Methods(http.MethodGet)
	r.Handle(v1+"/feeds", s.handle(s.write(s.withBody(s.timed(s.addFeed))))).Methods(http.MethodPost)
	r.Handle(v1+"/feeds/{id}", s.handle(s.write(s.timed(s.deleteFeed)))).Methods(http.MethodDelete)
	r.Handle(v1+"/saved", s.handle(s.read(s.listSaved))).Methods(http.MethodGet)
	r.Handle(v1+"/saved", s.handle(s.write(s.writable(s.withBody(s.timed(s.saveSearch)))))).Methods(http.MethodPost)
	r.Handle(v1+"/saved/{name}", s.handle(s.read(s.getSaved))).Methods(http.MethodGet)
	r.Handle(v1+"/saved/{name}", s.handle(s.write(s.writable(s.deleteSaved)))).Methods(http.MethodDelete)
	r.Handle(v1+"/saved/{name}/seen", s.handle(s.write(s.writable(s.markSeen)))).Methods(http.MethodPost)
	r.Handle(v1+"/saved/{name}/feed.atom", s.feedHandler(s.read(s.timed(s.limited(s.savedFeed))))).Methods(http.MethodGet)
	// The API's description is public, like the UI that links to it.
	r.Handle(v1+"/openapi.json", s.handle(s.openapi)).Methods(http.MethodGet)
	if s.metrics != nil {
		// Not part of the API (and not in its description): Prometheus's
		// text format, for a scraper.
		r.Handle("/metrics", s.metricsHandler()).Methods(http.MethodGet, http.MethodHead)
	}
	if opts.UI != nil {
		// notAPI must be the route's first matcher: a matching path matcher
		// before it would clear the 405 an API route recorded.
		r.MatcherFunc(notAPI).Methods(http.MethodGet, http.MethodHead).Handler(s.static(opts.UI)).Name(uiRoute)
	}
	r.NotFoundHandler = s.handle(func(*http.Request) (any, int, error) { return nil, 0, errNotFoundRoute })
	r.MethodNotAllowedHandler = s.handle(func(*http.Request) (any, int, error) { return nil, 0, errMethod })
	return s, r
}

// notAPI keeps the UI's catch-all route away from API paths, so that an API
// path with the wrong method answers 405 and an unknown one a JSON 404.
func notAPI(r *http.Request, _ *mux.RouteMatch) bool {
	return !strings.HasPrefix(r.URL.Path, "/api/")
}

// handlerFunc returns the response body and status, or an error that the
// wrapper turns into the JSON error envelope. With an error, a non-nil body
// is a partial result reported beside it (a bulk load that stopped early).
type handlerFunc func(r *http.Request) (any, int, error)

// timed bounds a request with the configured deadline.
func (s *Server) timed(h handlerFunc) handlerFunc {
	return func(r *http.Request) (any, int, error) {
		ctx, cancel := context.WithTimeout(r.Context(), s.opts.RequestTimeout)
		defer cancel()
		return h(r.WithContext(ctx))
	}
}

// handle adapts a handlerFunc: the one place where a handler's answer or
// error is written. The request's context carries the ResponseController, so
// that the body reader can set a read deadline on the connection.
func (s *Server) handle(h handlerFunc) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		r = r.WithContext(context.WithValue(r.Context(), controllerKey{}, http.NewResponseController(w)))
		data, status, err := h(r)
		if err != nil {
			s.writeError(w, r, err, data)
			return
		}
		writeJSON(w, status, data)
	})
}

func writeJSON(w http.ResponseWriter, status int, data any) {
	if status == http.StatusNoContent {
		w.WriteHeader(status)
		return
	}
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(status)
	if data == nil {
		return
	}
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	_ = enc.Encode(data) // the client may have gone; nothing left to tell it
}

func (s *Server) healthz(*http.Request) (any, int, error) {
	return map[string]string{"status": "ok"}, http.StatusOK, nil
}

// readyz is 503 until the index is open and loaded, and while it refuses
// writes (disk full), saying why; reads keep working for whoever still
// sends them, and /healthz stays 200 so the process is not restarted.
// readyz says whether the daemon serves. While the index is read-only (a
// full disk) it still serves reads, so it answers 200 with status
// "read_only" and the reason: a load balancer keeps sending searches. A
// probe of the write path asks /readyz?writes=true, which answers 503
// read_only instead.
func (s *Server) readyz(r *http.Request) (any, int, error) {
	if !s.opts.Ready() {
		return nil, 0, errNotReady
	}
	if err := s.store.Writable(); err != nil {
		if r.URL.Query().Get("writes") == "true" {
			return nil, 0, &readOnlyError{reason: err}
		}
		return map[string]any{"status": "read_only", "writable": false, "reason": message(&readOnlyError{reason: err}, http.StatusServiceUnavailable)},
			http.StatusOK, nil
	}
	return map[string]any{"status": "ready", "writable": true}, http.StatusOK, nil
}

// statsResponse is the index's statistics and whether it takes writes.
type statsResponse struct {
	index.Stats
	Writable       bool   `json:"writable"`
	ReadOnlyReason string `json:"read_only_reason,omitempty"`
}

func (s *Server) stats(r *http.Request) (any, int, error) {
	st, err := s.store.Stats(r.Context())
	if err != nil {
		return nil, 0, err
	}
	res := statsResponse{Stats: st, Writable: true}
	if err := s.store.Writable(); err != nil {
		res.Writable, res.ReadOnlyReason = false, clientText(err)
	}
	return res, http.StatusOK, nil
}

// recoverPanics turns a panic in a handler into a logged 500, so one bad
// request never takes the process down.
func (s *Server) recoverPanics(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		defer func() {
			if v := recover(); v != nil {
				if v == http.ErrAbortHandler {
					panic(v)
				}
				s.log.Error("panic in handler", "path", r.URL.Path, "panic", v)
				s.writeError(w, r, errPanic, nil)
			}
		}()
		next.ServeHTTP(w, r)
	})
}

type statusRecorder struct {
	http.ResponseWriter
	status int
	bytes  int64
}

func (sr *statusRecorder) WriteHeader(code int) {
	if sr.status == 0 {
		sr.status = code
	}
	sr.ResponseWriter.WriteHeader(code)
}

func (sr *statusRecorder) Write(b []byte) (int, error) {
	if sr.status == 0 {
		sr.status = http.StatusOK
	}
	n, err := sr.ResponseWriter.Write(b)
	sr.bytes += int64(n)
	return n, err
}

func (sr *statusRecorder) Unwrap() http.ResponseWriter { return sr.ResponseWriter }

// accessLog logs one line per request, never its body.
func (s *Server) accessLog(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		rec := &statusRecorder{ResponseWriter: w}
		// Deferred, so that an answer cut off mid-body (http.ErrAbortHandler)
		// is logged too.
		defer func() {
			s.log.Info("request", "method", r.Method, "path", r.URL.Path, "status", rec.status,
				"bytes", rec.bytes, "ms", float64(time.Since(start).Microseconds())/1000, "remote", r.RemoteAddr)
		}()
		next.ServeHTTP(rec, r)
	})
}

// securityHeaders sets the headers every response carries.
func securityHeaders(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("Referrer-Policy", "no-referrer")
		h.Set("X-Frame-Options", "DENY")
		h.Set("Content-Security-Policy", "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'")
		next.ServeHTTP(w, r)
	})
}

var (
	errNotFoundRoute = errors.New("no such endpoint")
	errMethod        = errors.New("method not allowed on this endpoint")
	errNotReady      = errors.New("index not open")
	errPanic         = errors.New("panic in handler")
)

// static serves the UI's files; a path that names no file gets the JSON
// 404 every other error gets, not the file server's plain text.
func (s *Server) static(ui fs.FS) http.Handler {
	files := http.FileServerFS(ui)
	notFound := s.handle(func(*http.Request) (any, int, error) { return nil, 0, errNotFoundRoute })
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		name := strings.TrimPrefix(path.Clean(r.URL.Path), "/")
		if name == "" {
			name = "."
		}
		if _, err := fs.Stat(ui, name); err != nil {
			notFound.ServeHTTP(w, r)
			return
		}
		files.ServeHTTP(w, r)
	})
}
