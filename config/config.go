// Package config loads searchd's typed configuration from a YAML file and
// SEARCHD_* environment variables, applies defaults and validates it.
//
// It is the only package that imports viper.
package config

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/url"
	"os"
	"regexp"
	"strings"
	"time"

	"github.com/spf13/viper"
)

// EnvPrefix is the prefix of environment variables that override config keys:
// http.addr is overridden by SEARCHD_HTTP_ADDR.
const EnvPrefix = "SEARCHD"

// Config is the whole configuration of the daemon.
type Config struct {
	HTTP    HTTP    `mapstructure:"http"`
	Index   Index   `mapstructure:"index"`
	Ingest  Ingest  `mapstructure:"ingest"`
	Limits  Limits  `mapstructure:"limits"`
	Search  Search  `mapstructure:"search"`
	Auth    Auth    `mapstructure:"auth"`
	Log     Log     `mapstructure:"log"`
	Runtime Runtime `mapstructure:"runtime"`
	Feeds   Feeds   `mapstructure:"feeds"`
	Alerts  Alerts  `mapstructure:"alerts"`
	Metrics Metrics `mapstructure:"metrics"`
	Debug   Debug   `mapstructure:"debug"`
}

// Metrics configures the Prometheus metrics served at /metrics.
type Metrics struct {
	// Enabled serves /metrics and counts requests; off, neither is done.
	Enabled bool `mapstructure:"enabled"`
	// RequireKey makes /metrics ask for a read or write key.
	RequireKey bool `mapstructure:"require_key"`
}

// Debug configures the profiling server.
type Debug struct {
	// PprofAddr is where net/http/pprof is served, host:port; empty: nowhere.
	PprofAddr string `mapstructure:"pprof_addr"`
	// PprofAllowRemote allows a PprofAddr that is not a loopback address.
	PprofAllowRemote bool `mapstructure:"pprof_allow_remote"`
}

// Feeds configures polling RSS, Atom and JSON feeds into the index.
type Feeds struct {
	// Sources are the feeds the daemon polls; more can be added at run time
	// with POST /api/v1/feeds.
	Sources         []FeedSource  `mapstructure:"sources"`
	DefaultInterval time.Duration `mapstructure:"default_interval"`
	MinInterval     time.Duration `mapstructure:"min_interval"`
	MaxBackoff      time.Duration `mapstructure:"max_backoff"`
	FetchTimeout    time.Duration `mapstructure:"fetch_timeout"`
	MaxBodyBytes    int64         `mapstructure:"max_body_bytes"`
	// MaxConcurrentFetches bounds the feed and page requests in flight at
	// once, over all feeds.
	MaxConcurrentFetches int `mapstructure:"max_concurrent_fetches"`
	MaxRedirects         int `mapstructure:"max_redirects"`
	MaxItemsPerPoll      int `mapstructure:"max_items_per_poll"`
	// AllowPrivateAddresses lets fetches reach loopback, private,
	// link-local and other internal addresses.
	AllowPrivateAddresses bool `mapstructure:"allow_private_addresses"`
	// StateFile keeps feeds added at run time and every feed's polling
	// state; empty means feeds.json beside index.path.
	StateFile string `mapstructure:"state_file"`
}

// Alerts configures the webhooks of saved searches.
type Alerts struct {
	// WebhookTimeout bounds one delivery, connection to answer.
	WebhookTimeout time.Duration `mapstructure:"webhook_timeout"`
	// MaxPayloadBytes bounds a delivery's JSON body.
	MaxPayloadBytes int `mapstructure:"max_payload_bytes"`
	// RetryMin is the wait after a first failed delivery, doubled at each
	// failure up to RetryMax.
	RetryMin time.Duration `mapstructure:"retry_min"`
	RetryMax time.Duration `mapstructure:"retry_max"`
	// MaxSaved bounds how many searches may be saved.
	MaxSaved int `mapstructure:"max_saved"`
	// AllowPrivateAddresses lets webhooks reach loopback, private,
	// link-local and other internal addresses.
	AllowPrivateAddresses bool `mapstructure:"allow_private_addresses"`
}

// FeedSource is one configured feed.
type FeedSource struct {
	URL      string        `mapstructure:"url"`
	Interval time.Duration `mapstructure:"interval"` // 0 means feeds.default_interval
}

// Search configures which query forms are allowed and how far they may expand.
type Search struct {
	AllowExpensiveQueries bool  `mapstructure:"allow_expensive_queries"`
	MaxExpansions         int   `mapstructure:"max_expansions"`
	CacheEntries          int   `mapstructure:"cache_entries"`
	CacheBytes            int64 `mapstructure:"cache_bytes"`
}

// Auth configures API keys.
type Auth struct {
	WriteKeys       []string `mapstructure:"write_keys"`
	WriteKeysFile   string   `mapstructure:"write_keys_file"`
	ReadKeys        []string `mapstructure:"read_keys"`
	ReadKeysFile    string   `mapstructure:"read_keys_file"`
	AllowOpenWrites bool     `mapstructure:"allow_open_writes"`
}

// HTTP configures the HTTP server.
type HTTP struct {
	Addr              string        `mapstructure:"addr"`
	ReadHeaderTimeout time.Duration `mapstructure:"read_header_timeout"`
	ReadTimeout       time.Duration `mapstructure:"read_timeout"`
	WriteTimeout      time.Duration `mapstructure:"write_timeout"`
	IdleTimeout       time.Duration `mapstructure:"idle_timeout"`
	RequestTimeout    time.Duration `mapstructure:"request_timeout"`
	ShutdownTimeout   time.Duration `mapstructure:"shutdown_timeout"`
	CORSOrigins       []string      `mapstructure:"cors_origins"`
	// BodyReadTimeout bounds reading a search, article or backup body,
	// which is read in full before the request takes a slot.
	BodyReadTimeout time.Duration `mapstructure:"body_read_timeout"`
	// AllowedHosts are the host names, besides IP addresses and localhost,
	// that requests may name in their Host header.
	AllowedHosts []string `mapstructure:"allowed_hosts"`
	// MaxHeaderBytes bounds the request line and headers of a request.
	MaxHeaderBytes int `mapstructure:"max_header_bytes"`
	// ExportTimeout bounds a whole export (GET /api/v1/export).
	ExportTimeout time.Duration `mapstructure:"export_timeout"`
}

// Index configures the on-disk Bleve index.
type Index struct {
	Path         string `mapstructure:"path"`
	BackupDir    string `mapstructure:"backup_dir"`
	MinFreeBytes int64  `mapstructure:"min_free_bytes"`
}

// Ingest configures how articles are loaded.
type Ingest struct {
	LoadTestdata bool `mapstructure:"load_testdata"`
	BatchSize    int  `mapstructure:"batch_size"`
	BatchBytes   int  `mapstructure:"batch_bytes"`
	Workers      int  `mapstructure:"workers"`
	// MaxWriteMemoryBytes bounds the estimated memory of the batches being
	// prepared and committed at once.
	MaxWriteMemoryBytes int64 `mapstructure:"max_write_memory_bytes"`
	// ExtractTimeout bounds the entity extraction of one article.
	ExtractTimeout time.Duration `mapstructure:"extract_timeout"`
}

// Limits bounds what one request may ask of the daemon.
type Limits struct {
	MaxBodyBytes    int64 `mapstructure:"max_body_bytes"`
	MaxBulkBytes    int64 `mapstructure:"max_bulk_bytes"`
	MaxLineBytes    int   `mapstructure:"max_line_bytes"`
	MaxPageSize     int   `mapstructure:"max_page_size"`
	MaxResultWindow int   `mapstructure:"max_result_window"`
	MaxFacetSize    int   `mapstructure:"max_facet_size"`
	MaxQueryLength  int   `mapstructure:"max_query_length"`
	MaxConcurrent   int   `mapstructure:"max_concurrent_searches"`
	MaxWrites       int   `mapstructure:"max_concurrent_writes"`
	MaxFilterValues int   `mapstructure:"max_filter_values"`
	MaxExports      int   `mapstructure:"max_concurrent_exports"`
}

// Log configures logging.
type Log struct {
	Level  string `mapstructure:"level"`
	Format string `mapstructure:"format"`
}

// Runtime tunes the Go runtime's garbage collector.
type Runtime struct {
	GCPercent        int   `mapstructure:"gc_percent"`
	MemoryLimitBytes int64 `mapstructure:"memory_limit_bytes"`
}

// Default returns the configuration used when neither file nor environment sets a key.
func Default() Config {
	return Config{
		HTTP: HTTP{
			Addr:              "127.0.0.1:8080",
			ReadHeaderTimeout: 5 * time.Second,
			ReadTimeout:       5 * time.Minute,
			WriteTimeout:      5 * time.Minute,
			IdleTimeout:       2 * time.Minute,
			RequestTimeout:    10 * time.Second,
			ShutdownTimeout:   15 * time.Second,
			CORSOrigins:       []string{},
			BodyReadTimeout:   10 * time.Second,
			AllowedHosts:      []string{},
			MaxHeaderBytes:    64 << 10,
			ExportTimeout:     time.Hour,
		},
		Index: Index{Path: "./data/searchd.bleve", BackupDir: "./data/backups", MinFreeBytes: 512 << 20},
		Ingest: Ingest{LoadTestdata: true, BatchSize: 500, BatchBytes: 4 << 20, Workers: 0, MaxWriteMemoryBytes: 1 << 30,
			ExtractTimeout: 30 * time.Second},
		Limits: Limits{
			MaxBodyBytes:    4 << 20,
			MaxBulkBytes:    1 << 30,
			MaxLineBytes:    1 << 20,
			MaxPageSize:     100,
			MaxResultWindow: 10000,
			MaxFacetSize:    1000,
			MaxQueryLength:  4096,
			MaxConcurrent:   4,
			MaxWrites:       2,
			MaxFilterValues: 100,
			MaxExports:      2,
		},
		Search:  Search{AllowExpensiveQueries: true, MaxExpansions: 1024, CacheEntries: 1000, CacheBytes: 64 << 20},
		Auth:    Auth{WriteKeys: []string{}, ReadKeys: []string{}},
		Log:     Log{Level: "info", Format: "text"},
		Runtime: Runtime{GCPercent: 200, MemoryLimitBytes: 2 << 30},
		Feeds: Feeds{Sources: []FeedSource{}, DefaultInterval: 15 * time.Minute, MinInterval: time.Minute,
			MaxBackoff: 6 * time.Hour, FetchTimeout: 20 * time.Second, MaxBodyBytes: 8 << 20,
			MaxConcurrentFetches: 4, MaxRedirects: 5, MaxItemsPerPoll: 100},
		Alerts: Alerts{WebhookTimeout: 10 * time.Second, MaxPayloadBytes: 1 << 20, RetryMin: 10 * time.Second,
			RetryMax: time.Hour, MaxSaved: 1000},
		Metrics: Metrics{Enabled: true},
	}
}

// LoadFile reads the YAML file at path (if path is empty, no file is read),
// then applies SEARCHD_* environment overrides, defaults and validation.
func LoadFile(path string) (Config, error) {
	if path == "" {
		return Load(nil, os.LookupEnv)
	}
	data, err := os.ReadFile(path)
	if err != nil {
		return Config{}, fmt.Errorf("read config: %w", err)
	}
	cfg, err := Load(bytes.NewReader(data), os.LookupEnv)
	if err != nil {
		return Config{}, fmt.Errorf("config %s: %w", path, err)
	}
	return cfg, nil
}

// Load reads YAML from r (nil for none), applies the environment seen through
// lookupEnv, fills defaults and validates the result.
func Load(r io.Reader, lookupEnv func(string) (string, bool)) (Config, error) {
	v := viper.New()
	v.SetConfigType("yaml")
	setDefaults(v, Default())
	if r != nil {
		if err := v.ReadConfig(r); err != nil {
			return Config{}, fmt.Errorf("parse YAML: %w", err)
		}
	}
	// Environment overrides: bind each known key explicitly so that the
	// lookup is injectable in tests instead of reading the process env.
	for _, key := range v.AllKeys() {
		env := EnvPrefix + "_" + strings.ToUpper(strings.ReplaceAll(key, ".", "_"))
		if val, ok := lookupEnv(env); ok {
			v.Set(key, val)
		}
	}
	var cfg Config
	if err := v.UnmarshalExact(&cfg); err != nil {
		return Config{}, fmt.Errorf("decode: %w", err)
	}
	if err := cfg.Validate(); err != nil {
		return Config{}, err
	}
	return cfg, nil
}

func setDefaults(v *viper.Viper, d Config) {
	v.SetDefault("http.addr", d.HTTP.Addr)
	v.SetDefault("http.read_header_timeout", d.HTTP.ReadHeaderTimeout)
	v.SetDefault("http.read_timeout", d.HTTP.ReadTimeout)
	v.SetDefault("http.write_timeout", d.HTTP.WriteTimeout)
	v.SetDefault("http.idle_timeout", d.HTTP.IdleTimeout)
	v.SetDefault("http.request_timeout", d.HTTP.RequestTimeout)
	v.SetDefault("http.shutdown_timeout", d.HTTP.ShutdownTimeout)
	v.SetDefault("http.body_read_timeout", d.HTTP.BodyReadTimeout)
	v.SetDefault("http.allowed_hosts", d.HTTP.AllowedHosts)
	v.SetDefault("http.max_header_bytes", d.HTTP.MaxHeaderBytes)
	v.SetDefault("http.export_timeout", d.HTTP.ExportTimeout)
	v.SetDefault("index.path", d.Index.Path)
	v.SetDefault("index.backup_dir", d.Index.BackupDir)
	v.SetDefault("ingest.load_testdata", d.Ingest.LoadTestdata)
	v.SetDefault("ingest.batch_size", d.Ingest.BatchSize)
	v.SetDefault("ingest.batch_bytes", d.Ingest.BatchBytes)
	v.SetDefault("ingest.workers", d.Ingest.Workers)
	v.SetDefault("ingest.max_write_memory_bytes", d.Ingest.MaxWriteMemoryBytes)
	v.SetDefault("ingest.extract_timeout", d.Ingest.ExtractTimeout)
	v.SetDefault("index.min_free_bytes", d.Index.MinFreeBytes)
	v.SetDefault("limits.max_body_bytes", d.Limits.MaxBodyBytes)
	v.SetDefault("limits.max_bulk_bytes", d.Limits.MaxBulkBytes)
	v.SetDefault("limits.max_line_bytes", d.Limits.MaxLineBytes)
	v.SetDefault("limits.max_page_size", d.Limits.MaxPageSize)
	v.SetDefault("limits.max_result_window", d.Limits.MaxResultWindow)
	v.SetDefault("limits.max_facet_size", d.Limits.MaxFacetSize)
	v.SetDefault("limits.max_query_length", d.Limits.MaxQueryLength)
	v.SetDefault("http.cors_origins", d.HTTP.CORSOrigins)
	v.SetDefault("limits.max_concurrent_searches", d.Limits.MaxConcurrent)
	v.SetDefault("limits.max_concurrent_writes", d.Limits.MaxWrites)
	v.SetDefault("limits.max_filter_values", d.Limits.MaxFilterValues)
	v.SetDefault("limits.max_concurrent_exports", d.Limits.MaxExports)
	v.SetDefault("search.allow_expensive_queries", d.Search.AllowExpensiveQueries)
	v.SetDefault("search.max_expansions", d.Search.MaxExpansions)
	v.SetDefault("search.cache_entries", d.Search.CacheEntries)
	v.SetDefault("search.cache_bytes", d.Search.CacheBytes)
	v.SetDefault("auth.write_keys", d.Auth.WriteKeys)
	v.SetDefault("auth.write_keys_file", d.Auth.WriteKeysFile)
	v.SetDefault("auth.read_keys", d.Auth.ReadKeys)
	v.SetDefault("auth.read_keys_file", d.Auth.ReadKeysFile)
	v.SetDefault("auth.allow_open_writes", d.Auth.AllowOpenWrites)
	v.SetDefault("log.level", d.Log.Level)
	v.SetDefault("log.format", d.Log.Format)
	v.SetDefault("runtime.gc_percent", d.Runtime.GCPercent)
	v.SetDefault("runtime.memory_limit_bytes", d.Runtime.MemoryLimitBytes)
	v.SetDefault("feeds.sources", d.Feeds.Sources)
	v.SetDefault("feeds.default_interval", d.Feeds.DefaultInterval)
	v.SetDefault("feeds.min_interval", d.Feeds.MinInterval)
	v.SetDefault("feeds.max_backoff", d.Feeds.MaxBackoff)
	v.SetDefault("feeds.fetch_timeout", d.Feeds.FetchTimeout)
	v.SetDefault("feeds.max_body_bytes", d.Feeds.MaxBodyBytes)
	v.SetDefault("feeds.max_concurrent_fetches", d.Feeds.MaxConcurrentFetches)
	v.SetDefault("feeds.max_redirects", d.Feeds.MaxRedirects)
	v.SetDefault("feeds.max_items_per_poll", d.Feeds.MaxItemsPerPoll)
	v.SetDefault("feeds.allow_private_addresses", d.Feeds.AllowPrivateAddresses)
	v.SetDefault("feeds.state_file", d.Feeds.StateFile)
	v.SetDefault("alerts.webhook_timeout", d.Alerts.WebhookTimeout)
	v.SetDefault("alerts.max_payload_bytes", d.Alerts.MaxPayloadBytes)
	v.SetDefault("alerts.retry_min", d.Alerts.RetryMin)
	v.SetDefault("alerts.retry_max", d.Alerts.RetryMax)
	v.SetDefault("alerts.max_saved", d.Alerts.MaxSaved)
	v.SetDefault("alerts.allow_private_addresses", d.Alerts.AllowPrivateAddresses)
	v.SetDefault("metrics.enabled", d.Metrics.Enabled)
	v.SetDefault("metrics.require_key", d.Metrics.RequireKey)
	v.SetDefault("debug.pprof_addr", d.Debug.PprofAddr)
	v.SetDefault("debug.pprof_allow_remote", d.Debug.PprofAllowRemote)
}

// Validate reports every invalid key, each by name.
func (c Config) Validate() error {
	var errs []error
	bad := func(key string, format string, args ...any) {
		errs = append(errs, fmt.Errorf("%s: %s", key, fmt.Sprintf(format, args...)))
	}
	if _, _, err := net.SplitHostPort(c.HTTP.Addr); err != nil {
		bad("http.addr", "want host:port, got %q", c.HTTP.Addr)
	}
	positive := map[string]time.Duration{
		"http.read_header_timeout": c.HTTP.ReadHeaderTimeout,
		"http.read_timeout":        c.HTTP.ReadTimeout,
		"http.write_timeout":       c.HTTP.WriteTimeout,
		"http.idle_timeout":        c.HTTP.IdleTimeout,
		"http.request_timeout":     c.HTTP.RequestTimeout,
		"http.shutdown_timeout":    c.HTTP.ShutdownTimeout,
		"http.body_read_timeout":   c.HTTP.BodyReadTimeout,
		"http.export_timeout":      c.HTTP.ExportTimeout,
		"ingest.extract_timeout":   c.Ingest.ExtractTimeout,
	}
	for _, key := range []string{"http.read_header_timeout", "http.read_timeout", "http.write_timeout",
		"http.idle_timeout", "http.request_timeout", "http.shutdown_timeout", "http.body_read_timeout",
		"http.export_timeout", "ingest.extract_timeout"} {
		if positive[key] <= 0 {
			bad(key, "must be a positive duration such as 10s, got %s", positive[key])
		}
	}
	if c.HTTP.BodyReadTimeout > c.HTTP.ReadTimeout {
		bad("http.body_read_timeout", "must not exceed http.read_timeout (%s), got %s", c.HTTP.ReadTimeout, c.HTTP.BodyReadTimeout)
	}
	if c.HTTP.MaxHeaderBytes < 4<<10 || c.HTTP.MaxHeaderBytes > 16<<20 {
		bad("http.max_header_bytes", "must be between 4096 and 16777216, got %d", c.HTTP.MaxHeaderBytes)
	}
	for i, h := range c.HTTP.AllowedHosts {
		if !validHostPattern(h) {
			bad(fmt.Sprintf("http.allowed_hosts[%d]", i), "want a host name without scheme or port "+
				"(news.example.org), a leading dot for a domain and its subdomains (.example.org), or *; got %q", h)
		}
	}
	if strings.TrimSpace(c.Index.Path) == "" {
		bad("index.path", "must not be empty")
	}
	if strings.TrimSpace(c.Index.BackupDir) == "" {
		bad("index.backup_dir", "must not be empty")
	}
	if c.Ingest.BatchSize < 1 || c.Ingest.BatchSize > 100000 {
		bad("ingest.batch_size", "must be between 1 and 100000, got %d", c.Ingest.BatchSize)
	}
	if c.Ingest.Workers < 0 || c.Ingest.Workers > 1024 {
		bad("ingest.workers", "must be between 0 (one per CPU) and 1024, got %d", c.Ingest.Workers)
	}
	if c.Runtime.GCPercent < 10 || c.Runtime.GCPercent > 10000 {
		bad("runtime.gc_percent", "must be between 10 and 10000, got %d", c.Runtime.GCPercent)
	}
	if c.Runtime.MemoryLimitBytes != 0 && c.Runtime.MemoryLimitBytes < 64<<20 {
		bad("runtime.memory_limit_bytes", "must be 0 (no limit) or at least 64 MiB, got %d", c.Runtime.MemoryLimitBytes)
	}
	ints := []struct {
		key string
		val int64
	}{
		{"limits.max_body_bytes", c.Limits.MaxBodyBytes},
		{"limits.max_bulk_bytes", c.Limits.MaxBulkBytes},
		{"limits.max_line_bytes", int64(c.Limits.MaxLineBytes)},
		{"limits.max_page_size", int64(c.Limits.MaxPageSize)},
		{"limits.max_result_window", int64(c.Limits.MaxResultWindow)},
		{"limits.max_facet_size", int64(c.Limits.MaxFacetSize)},
		{"limits.max_query_length", int64(c.Limits.MaxQueryLength)},
		{"limits.max_concurrent_searches", int64(c.Limits.MaxConcurrent)},
		{"limits.max_concurrent_writes", int64(c.Limits.MaxWrites)},
		{"limits.max_filter_values", int64(c.Limits.MaxFilterValues)},
		{"limits.max_concurrent_exports", int64(c.Limits.MaxExports)},
		{"ingest.batch_bytes", int64(c.Ingest.BatchBytes)},
		{"search.max_expansions", int64(c.Search.MaxExpansions)},
		{"search.cache_bytes", c.Search.CacheBytes},
		{"ingest.max_write_memory_bytes", c.Ingest.MaxWriteMemoryBytes},
	}
	for _, kv := range ints {
		if kv.val < 1 {
			bad(kv.key, "must be positive, got %d", kv.val)
		}
	}
	if c.Index.MinFreeBytes < 0 {
		bad("index.min_free_bytes", "must be 0 (no reserve checked) or more, got %d", c.Index.MinFreeBytes)
	}
	if c.Search.CacheEntries < 0 || c.Search.CacheEntries > 1_000_000 {
		bad("search.cache_entries", "must be between 0 and 1000000, got %d", c.Search.CacheEntries)
	}
	if int64(c.Limits.MaxLineBytes) > c.Limits.MaxBulkBytes || c.Limits.MaxLineBytes > 64<<20 {
		bad("limits.max_line_bytes", "must be at most 64 MiB and at most limits.max_bulk_bytes, got %d", c.Limits.MaxLineBytes)
	}
	if c.Limits.MaxPageSize > c.Limits.MaxResultWindow {
		bad("limits.max_page_size", "must not exceed limits.max_result_window (%d), got %d",
			c.Limits.MaxResultWindow, c.Limits.MaxPageSize)
	}
	for i, o := range c.HTTP.CORSOrigins {
		if u, err := url.Parse(o); err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || u.Path != "" {
			bad(fmt.Sprintf("http.cors_origins[%d]", i), "want an origin such as https://news.example.org, got %q", o)
		}
	}
	for i, k := range c.Auth.WriteKeys {
		if len(k) < 16 {
			bad(fmt.Sprintf("auth.write_keys[%d]", i), "keys must be at least 16 characters")
		}
	}
	for i, k := range c.Auth.ReadKeys {
		if len(k) < 16 {
			bad(fmt.Sprintf("auth.read_keys[%d]", i), "keys must be at least 16 characters")
		}
	}
	c.Feeds.validate(bad)
	c.Alerts.validate(bad)
	if _, err := c.Log.SlogLevel(); err != nil {
		bad("log.level", "%v", err)
	}
	if c.Log.Format != "text" && c.Log.Format != "json" {
		bad("log.format", "want text or json, got %q", c.Log.Format)
	}
	if addr := c.Debug.PprofAddr; addr != "" {
		if _, _, err := net.SplitHostPort(addr); err != nil {
			bad("debug.pprof_addr", "want host:port or empty (no profiling server), got %q", addr)
		} else if !IsLoopback(addr) && !c.Debug.PprofAllowRemote {
			bad("debug.pprof_addr", "%s is not a loopback address: profiles show memory contents "+
				"(articles, keys) and cost CPU; use 127.0.0.1:PORT, or set debug.pprof_allow_remote: true", addr)
		}
	}
	// Port 0 picks a free port for each listener.
	if _, port, err := net.SplitHostPort(c.Debug.PprofAddr); err == nil && port != "0" && c.Debug.PprofAddr == c.HTTP.Addr {
		bad("debug.pprof_addr", "must differ from http.addr (%s)", c.HTTP.Addr)
	}
	return errors.Join(errs...)
}

// validate reports the invalid alerts.* keys through bad.
func (a Alerts) validate(bad func(key, format string, args ...any)) {
	if a.WebhookTimeout < time.Second || a.WebhookTimeout > 10*time.Minute {
		bad("alerts.webhook_timeout", "must be between 1s and 10m, got %s", a.WebhookTimeout)
	}
	if a.MaxPayloadBytes < 1024 || a.MaxPayloadBytes > 64<<20 {
		bad("alerts.max_payload_bytes", "must be between 1024 and 67108864, got %d", a.MaxPayloadBytes)
	}
	if a.RetryMin < 100*time.Millisecond {
		bad("alerts.retry_min", "must be at least 100ms, got %s", a.RetryMin)
	}
	if a.RetryMax < a.RetryMin {
		bad("alerts.retry_max", "must be at least alerts.retry_min (%s), got %s", a.RetryMin, a.RetryMax)
	}
	if a.MaxSaved < 1 || a.MaxSaved > 100000 {
		bad("alerts.max_saved", "must be between 1 and 100000, got %d", a.MaxSaved)
	}
}

// validate reports the invalid feeds.* keys through bad.
func (f Feeds) validate(bad func(key, format string, args ...any)) {
	if f.MinInterval < time.Second {
		bad("feeds.min_interval", "must be at least 1s, got %s", f.MinInterval)
	}
	if f.DefaultInterval < f.MinInterval {
		bad("feeds.default_interval", "must be at least feeds.min_interval (%s), got %s", f.MinInterval, f.DefaultInterval)
	}
	if f.MaxBackoff < f.DefaultInterval {
		bad("feeds.max_backoff", "must be at least feeds.default_interval (%s), got %s", f.DefaultInterval, f.MaxBackoff)
	}
	if f.FetchTimeout <= 0 || f.FetchTimeout > 10*time.Minute {
		bad("feeds.fetch_timeout", "must be a positive duration up to 10m, got %s", f.FetchTimeout)
	}
	if f.MaxBodyBytes < 1<<10 || f.MaxBodyBytes > 1<<30 {
		bad("feeds.max_body_bytes", "must be between 1024 and 1073741824, got %d", f.MaxBodyBytes)
	}
	if f.MaxConcurrentFetches < 1 || f.MaxConcurrentFetches > 256 {
		bad("feeds.max_concurrent_fetches", "must be between 1 and 256, got %d", f.MaxConcurrentFetches)
	}
	if f.MaxRedirects < 0 || f.MaxRedirects > 20 {
		bad("feeds.max_redirects", "must be between 0 and 20, got %d", f.MaxRedirects)
	}
	if f.MaxItemsPerPoll < 1 || f.MaxItemsPerPoll > 10000 {
		bad("feeds.max_items_per_poll", "must be between 1 and 10000, got %d", f.MaxItemsPerPoll)
	}
	seen := map[string]int{}
	for i, src := range f.Sources {
		key := fmt.Sprintf("feeds.sources[%d]", i)
		u, err := url.Parse(strings.TrimSpace(src.URL))
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			bad(key+".url", "want an http or https URL, got %q", src.URL)
			continue
		}
		if j, dup := seen[u.String()]; dup {
			bad(key+".url", "%s is already feeds.sources[%d]", src.URL, j)
		}
		seen[u.String()] = i
		if src.Interval != 0 && src.Interval < f.MinInterval {
			bad(key+".interval", "must be 0 (feeds.default_interval) or at least feeds.min_interval (%s), got %s", f.MinInterval, src.Interval)
		}
	}
}

// SlogLevel returns the configured log level.
func (l Log) SlogLevel() (slog.Level, error) {
	var lvl slog.Level
	if err := lvl.UnmarshalText([]byte(l.Level)); err != nil {
		return 0, fmt.Errorf("want debug, info, warn or error, got %q", l.Level)
	}
	return lvl, nil
}

// Keys returns the write and read keys from the config lists and key files
// (one key a line, blank lines and lines starting with # ignored).
func (a Auth) Keys() (write, read []string, err error) {
	// Keys from the environment arrive as "k1, k2": trim what a list allows.
	for _, k := range a.WriteKeys {
		if k = strings.TrimSpace(k); k != "" {
			write = append(write, k)
		}
	}
	for _, k := range a.ReadKeys {
		if k = strings.TrimSpace(k); k != "" {
			read = append(read, k)
		}
	}
	for _, f := range []struct {
		key, path string
		into      *[]string
	}{{"auth.write_keys_file", a.WriteKeysFile, &write}, {"auth.read_keys_file", a.ReadKeysFile, &read}} {
		if f.path == "" {
			continue
		}
		data, err := os.ReadFile(f.path)
		if err != nil {
			return nil, nil, fmt.Errorf("%s: %w", f.key, err)
		}
		for n, line := range strings.Split(string(data), "\n") {
			line = strings.TrimSpace(line)
			if line == "" || strings.HasPrefix(line, "#") {
				continue
			}
			if len(line) < 16 {
				return nil, nil, fmt.Errorf("%s: line %d: keys must be at least 16 characters", f.key, n+1)
			}
			*f.into = append(*f.into, line)
		}
	}
	return write, read, nil
}

// hostLabel is one label of a DNS name as Host headers carry it.
var hostLabel = regexp.MustCompile(`^[A-Za-z0-9_]([A-Za-z0-9_-]*[A-Za-z0-9_])?$`)

// validHostPattern reports whether p is an http.allowed_hosts entry: "*", a
// host name or IP address without port, or ".domain" for a domain and all
// its subdomains.
func validHostPattern(p string) bool {
	if p == "*" {
		return true
	}
	if ip := net.ParseIP(strings.Trim(p, "[]")); ip != nil {
		return true
	}
	name := strings.TrimSuffix(strings.TrimPrefix(p, "."), ".")
	if name == "" || len(name) > 253 {
		return false
	}
	for _, label := range strings.Split(name, ".") {
		if !hostLabel.MatchString(label) {
			return false
		}
	}
	return true
}

// IsLoopback reports whether addr (host:port) listens only on the loopback interface.
func IsLoopback(addr string) bool {
	host, _, err := net.SplitHostPort(addr)
	if err != nil {
		return false
	}
	if host == "localhost" {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}
