package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"net"
	"net/http"
	"os"
	"runtime/debug"
	"sync"
	"sync/atomic"
	"time"

	"github.com/searchd/searchd"
	"github.com/searchd/searchd/api"
	"github.com/searchd/searchd/config"
	"github.com/searchd/searchd/extract"
	"github.com/searchd/searchd/index"
	"github.com/searchd/searchd/metrics"
	"github.com/searchd/searchd/web"
)

// defaultConfigFile is read when --config is not given and it exists.
const defaultConfigFile = "config.yaml"

// loadConfig reads the named file, or ./config.yaml when it exists, or only
// defaults and the environment.
func loadConfig(path string) (config.Config, error) {
	if path == "" {
		if _, err := os.Stat(defaultConfigFile); err == nil {
			path = defaultConfigFile
		}
	}
	return config.LoadFile(path)
}

// setup loads config, logger and extractor, shared by the subcommands.
func setup(path string, stderr io.Writer) (config.Config, *slog.Logger, *extract.Extractor, error) {
	cfg, err := loadConfig(path)
	if err != nil {
		return config.Config{}, nil, nil, err
	}
	level, _ := cfg.Log.SlogLevel() // validated by config.Load
	log := newLogger(stderr, level, cfg.Log.Format)
	tuneRuntime(cfg.Runtime, log)
	start := time.Now()
	ex, err := extract.New()
	if err != nil {
		return config.Config{}, nil, nil, fmt.Errorf("load extractor: %w", err)
	}
	log.Debug("extractor loaded", "ms", time.Since(start).Milliseconds())
	return cfg, log, ex, nil
}

// tuneRuntime applies the garbage collector settings, unless the standard
// environment variables set them.
func tuneRuntime(rt config.Runtime, log *slog.Logger) {
	if gogc := os.Getenv("GOGC"); gogc != "" {
		log.Debug("runtime.gc_percent left to GOGC", "GOGC", gogc)
	} else {
		debug.SetGCPercent(rt.GCPercent)
	}
	if os.Getenv("GOMEMLIMIT") == "" && rt.MemoryLimitBytes > 0 {
		debug.SetMemoryLimit(rt.MemoryLimitBytes)
	}
	// A negative limit only reads the current one.
	log.Debug("memory limit", "bytes", debug.SetMemoryLimit(-1))
}

func indexOptions(cfg config.Config, log *slog.Logger) index.Options {
	return index.Options{
		Path:       cfg.Index.Path,
		BatchSize:  cfg.Ingest.BatchSize,
		BatchBytes: cfg.Ingest.BatchBytes,
		Workers:    cfg.Ingest.Workers,
		Limits: index.Limits{
			MaxPageSize:     cfg.Limits.MaxPageSize,
			MaxResultWindow: cfg.Limits.MaxResultWindow,
			MaxFacetSize:    cfg.Limits.MaxFacetSize,
			MaxQueryLength:  cfg.Limits.MaxQueryLength,
			MaxFilterValues: cfg.Limits.MaxFilterValues,
		},
		CacheEntries:   cfg.Search.CacheEntries,
		CacheBytes:     cfg.Search.CacheBytes,
		MinFreeBytes:   minFree(cfg.Index.MinFreeBytes),
		MaxWrites:      cfg.Limits.MaxWrites,
		WriteWait:      cfg.HTTP.RequestTimeout,
		MaxWriteMemory: cfg.Ingest.MaxWriteMemoryBytes,
		ExtractTimeout: cfg.Ingest.ExtractTimeout,
		Policy: &index.QueryPolicy{
			AllowExpensive: cfg.Search.AllowExpensiveQueries,
			MaxExpansions:  cfg.Search.MaxExpansions,
		},
		// Saved-search alerts read what each commit indexed (also of
		// `searchd ingest`, matched at the daemon's next start).
		ChangeLog: true,
		Logger:    log.With("component", "index"),
	}
}

// minFree maps index.min_free_bytes to index.Options: 0 there means no
// check, which index.Options spells as a negative reserve.
func minFree(n int64) int64 {
	if n == 0 {
		return -1
	}
	return n
}

func serve(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	flags := newFlags("serve")
	configPath := flags.String("config", "", "config file (default ./config.yaml when present)")
	reindex := flags.Bool("reindex", false, "rebuild an index built with an older mapping before serving")
	if helped, err := flags.parse(args, stdout); helped || err != nil {
		return err
	}
	if flags.NArg() > 0 {
		return usageError{fmt.Sprintf("serve takes no arguments, got %q", flags.Args())}
	}
	cfg, log, ex, err := setup(*configPath, stderr)
	if err != nil {
		return err
	}
	writeKeys, readKeys, err := cfg.Auth.Keys()
	if err != nil {
		return err
	}
	if !config.IsLoopback(cfg.HTTP.Addr) && len(writeKeys) == 0 && !cfg.Auth.AllowOpenWrites {
		return fmt.Errorf("http.addr %s is not a loopback address and no auth.write_keys are set: "+
			"anyone could write and delete articles; set write keys (SEARCHD_AUTH_WRITE_KEYS) "+
			"or, behind an authenticating proxy, auth.allow_open_writes: true", cfg.HTTP.Addr)
	}
	if cfg.Metrics.RequireKey && len(writeKeys)+len(readKeys) == 0 {
		return errors.New("metrics.require_key is true but no auth.read_keys or auth.write_keys are set: " +
			"nothing could scrape /metrics; set a key, or metrics.require_key: false")
	}
	opts := indexOptions(cfg, log)
	if *reindex {
		if err := reindexIfNeeded(ctx, opts, ex, log); err != nil {
			return err
		}
	}
	// One registry per daemon, never the client library's global one.
	var m *metrics.Metrics
	if cfg.Metrics.Enabled {
		m = metrics.New()
		opts.Observer = m
	}
	ix, err := index.Open(opts, ex)
	if err != nil {
		return err
	}
	defer func() {
		if err := ix.Close(); err != nil {
			log.Error("close index", "err", err)
		} else {
			log.Info("index closed", "path", cfg.Index.Path)
		}
	}()
	if m != nil {
		if err := m.CollectIndex(ix); err != nil {
			return fmt.Errorf("metrics: %w", err)
		}
	}

	// Requests must not see the signal: on SIGTERM in-flight requests run to
	// completion, and are cancelled only if the shutdown grace period ends.
	baseCtx, cancelRequests := context.WithCancel(context.Background())
	defer cancelRequests()

	var polled func(string)
	if m != nil {
		polled = m.FeedPolled
	}
	feedManager, err := newFeedManager(cfg, ix, log, polled)
	if err != nil {
		return err
	}

	saved, err := newAlerts(cfg.Alerts, ix, log)
	if err != nil {
		return err
	}

	var ready atomic.Bool
	handler := api.New(ix, api.Options{
		MaxBodyBytes:    cfg.Limits.MaxBodyBytes,
		MaxBulkBytes:    cfg.Limits.MaxBulkBytes,
		MaxLineBytes:    cfg.Limits.MaxLineBytes,
		RequestTimeout:  cfg.HTTP.RequestTimeout,
		BodyReadTimeout: cfg.HTTP.BodyReadTimeout,
		Logger:          log.With("component", "api"),
		Ready:           ready.Load,
		UI:              web.Assets(),
		WriteKeys:       writeKeys,
		ReadKeys:        readKeys,
		CORSOrigins:     cfg.HTTP.CORSOrigins,
		AllowedHosts:    cfg.HTTP.AllowedHosts,
		MaxConcurrent:   cfg.Limits.MaxConcurrent,
		BackupDir:       cfg.Index.BackupDir,
		Metrics:         m,
		// Metrics behind a key only when asked: see metrics.require_key.
		MetricsRequireKey: cfg.Metrics.RequireKey,
		Feeds:             feedManager,
		Saved:             saved,
		ExportTimeout:     cfg.HTTP.ExportTimeout,
		MaxExports:        cfg.Limits.MaxExports,
	})
	// inflight lets shutdown wait for handlers it had to cancel before the
	// index closes under them.
	var inflight sync.WaitGroup
	api := handler
	handler = http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		inflight.Add(1)
		defer inflight.Done()
		api.ServeHTTP(w, r)
	})
	srv := &http.Server{
		Handler:           handler,
		ReadHeaderTimeout: cfg.HTTP.ReadHeaderTimeout,
		ReadTimeout:       cfg.HTTP.ReadTimeout,
		WriteTimeout:      cfg.HTTP.WriteTimeout,
		IdleTimeout:       cfg.HTTP.IdleTimeout,
		// Past it net/http answers a plain-text 431 itself, before any handler.
		MaxHeaderBytes: cfg.HTTP.MaxHeaderBytes,
		ErrorLog:       slog.NewLogLogger(log.Handler(), slog.LevelWarn),
		BaseContext:    func(net.Listener) context.Context { return baseCtx },
	}
	if cfg.Debug.PprofAddr != "" {
		stop, err := servePprof(cfg, log)
		if err != nil {
			return err
		}
		defer stop()
	}
	ln, err := net.Listen("tcp", cfg.HTTP.Addr)
	if err != nil {
		return fmt.Errorf("listen on %s (http.addr): %w", cfg.HTTP.Addr, err)
	}
	serveErr := make(chan error, 1)
	go func() { serveErr <- srv.Serve(ln) }()
	log.Info("listening", "addr", "http://"+ln.Addr().String(), "index", cfg.Index.Path,
		"write_keys", len(writeKeys), "read_keys", len(readKeys)) // counts only: keys are never logged

	if cfg.Ingest.LoadTestdata {
		if err := loadTestdata(ctx, ix, log); err != nil {
			log.Error("load testdata", "err", err)
		}
	}
	ready.Store(true)
	// Polling stops on shutdown, before the index closes (defers run last first).
	stopFeeds := runFeeds(ctx, feedManager, log)
	defer stopFeeds()
	stopAlerts := runAlerts(ctx, saved)
	defer stopAlerts()

	select {
	case err := <-serveErr:
		if !errors.Is(err, http.ErrServerClosed) {
			return fmt.Errorf("serve: %w", err)
		}
		return nil
	case <-ctx.Done():
	}
	ready.Store(false)
	log.Info("shutting down", "grace", cfg.HTTP.ShutdownTimeout)
	shutdownCtx, cancel := context.WithTimeout(context.Background(), cfg.HTTP.ShutdownTimeout)
	defer cancel()
	if err := srv.Shutdown(shutdownCtx); err != nil {
		cancelRequests()
		drained := make(chan struct{})
		go func() { inflight.Wait(); close(drained) }()
		select {
		case <-drained:
		case <-time.After(5 * time.Second):
			log.Error("handlers still running after cancellation; closing the index anyway")
		}
		return fmt.Errorf("shutdown: in-flight requests did not finish within http.shutdown_timeout: %w", err)
	}
	return nil
}

// servePprof starts the profiling server on debug.pprof_addr, apart from
// the API so that it is never exposed with it; stop closes it, ending any
// profile in progress (a CPU profile lasts up to its seconds parameter).
func servePprof(cfg config.Config, log *slog.Logger) (stop func(), err error) {
	ln, err := net.Listen("tcp", cfg.Debug.PprofAddr)
	if err != nil {
		return nil, fmt.Errorf("listen on %s (debug.pprof_addr): %w", cfg.Debug.PprofAddr, err)
	}
	srv := &http.Server{
		Handler:           api.Debug(),
		ReadHeaderTimeout: cfg.HTTP.ReadHeaderTimeout,
		ReadTimeout:       cfg.HTTP.ReadHeaderTimeout, // requests have no body
		// Profiles and traces last their seconds parameter (30 s by
		// default); pprof refuses one longer than the write timeout.
		WriteTimeout: cfg.HTTP.WriteTimeout,
		IdleTimeout:  cfg.HTTP.IdleTimeout,
		ErrorLog:     slog.NewLogLogger(log.Handler(), slog.LevelWarn),
	}
	go func() {
		if err := srv.Serve(ln); err != nil && !errors.Is(err, http.ErrServerClosed) {
			log.Error("pprof server stopped", "err", err)
		}
	}()
	log.Info("pprof listening", "addr", "http://"+ln.Addr().String()+"/debug/pprof/")
	return func() { _ = srv.Close() }, nil
}

// testdataMarker records in the index that testdata was loaded once, so an
// index a user emptied on purpose is not refilled on the next start.
const testdataMarker = "testdata_loaded"

// loadTestdata indexes the embedded test articles on the first start of an
// empty index.
func loadTestdata(ctx context.Context, ix *index.Index, log *slog.Logger) error {
	n, err := ix.Count()
	if err != nil {
		return err
	}
	loaded, err := ix.HasMarker(testdataMarker)
	if err != nil {
		return err
	}
	if n > 0 || loaded {
		log.Info("not the first start of an empty index; testdata not loaded", "documents", n)
		return nil
	}
	start := time.Now()
	res, err := ix.IngestFiles(ctx, searchd.TestdataArticles(), []string{searchd.TestdataArticlesDir}, index.FileOptions{})
	if err != nil {
		return err
	}
	for _, e := range res.Errors {
		log.Warn("testdata article not indexed", "file", e.File, "line", e.Line, "err", e.Error)
	}
	log.Info("testdata loaded", "indexed", res.Indexed, "failed", res.Failed, "ms", time.Since(start).Milliseconds())
	return ix.SetMarker(testdataMarker)
}

var _ fs.FS = searchd.TestdataArticles()
