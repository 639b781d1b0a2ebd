package config

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

func noEnv(string) (string, bool) { return "", false }

func TestDefaultsMatchConfigYAML(t *testing.T) {
	// The shipped config.yaml documents the defaults; it must load to exactly them.
	f, err := os.Open(filepath.Join("..", "config.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	got, err := Load(f, noEnv)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(Default(), got); diff != "" {
		t.Errorf("config.yaml differs from Default() (-want +got):\n%s", diff)
	}
}

func TestGoodConfig(t *testing.T) {
	f, err := os.Open(filepath.Join("..", "testdata", "config", "full.good.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	got, err := Load(f, noEnv)
	if err != nil {
		t.Fatal(err)
	}
	want := Default()
	want.HTTP.Addr = "127.0.0.1:9999"
	want.HTTP.RequestTimeout = 3 * time.Second
	want.Index.Path = "/tmp/searchd-test-index"
	want.Ingest.LoadTestdata = false
	want.Ingest.BatchSize = 50
	want.Limits.MaxPageSize = 20
	want.Log = Log{Level: "debug", Format: "json"}
	want.Feeds.Sources = []FeedSource{{URL: "https://news.example.org/rss.xml", Interval: 10 * time.Minute},
		{URL: "https://other.example.net/atom.xml"}}
	want.Feeds.MaxConcurrentFetches = 8
	want.Feeds.AllowPrivateAddresses = true
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
}

func TestBadConfigs(t *testing.T) {
	tests := []struct {
		file string
		want string
	}{
		{"unknown-key.bad.yaml", "adress"},
		{"bad-addr.bad.yaml", "http.addr"},
		{"bad-duration.bad.yaml", "request_timeout"},
		{"bad-batch.bad.yaml", "ingest.batch_size"},
		{"bad-level.bad.yaml", "log.level"},
		{"bad-yaml.bad.yaml", "parse YAML"},
		{"bad-gc.bad.yaml", "runtime.gc_percent"},
		{"bad-cache.bad.yaml", "search.cache_entries"},
		{"bad-body-timeout.bad.yaml", "http.body_read_timeout: must not exceed http.read_timeout"},
		{"bad-allowed-hosts.bad.yaml", "http.allowed_hosts[1]"},
		{"bad-header-bytes.bad.yaml", "http.max_header_bytes"},
		{"bad-feeds.bad.yaml", "feeds.sources[1].url: want an http or https URL"},
		{"bad-feeds.bad.yaml", "feeds.sources[2].url: https://news.example.org/rss.xml is already feeds.sources[0]"},
		{"bad-feeds.bad.yaml", "feeds.sources[3].interval: must be 0 (feeds.default_interval) or at least feeds.min_interval"},
		{"bad-feeds.bad.yaml", "feeds.max_concurrent_fetches"},
		{"bad-feeds-interval.bad.yaml", "feeds.default_interval: must be at least feeds.min_interval"},
		{"bad-pprof-remote.bad.yaml", "debug.pprof_addr: 0.0.0.0:6060 is not a loopback address"},
		{"bad-alerts.bad.yaml", "alerts.webhook_timeout: must be between 1s and 10m"},
		{"bad-alerts.bad.yaml", "alerts.max_payload_bytes"},
		{"bad-alerts.bad.yaml", "alerts.retry_max: must be at least alerts.retry_min (1m0s)"},
		{"bad-alerts.bad.yaml", "alerts.max_saved"},
	}
	for _, tt := range tests {
		t.Run(tt.file+"/"+tt.want, func(t *testing.T) {
			_, err := LoadFile(filepath.Join("..", "testdata", "config", tt.file))
			if err == nil {
				t.Fatalf("LoadFile(%s) succeeded, want error mentioning %q", tt.file, tt.want)
			}
			if !strings.Contains(err.Error(), tt.want) {
				t.Errorf("error %q does not mention %q", err, tt.want)
			}
		})
	}
}

func TestEnvOverrides(t *testing.T) {
	env := map[string]string{
		"SEARCHD_HTTP_ADDR":            "0.0.0.0:9090",
		"SEARCHD_INDEX_PATH":           "/srv/idx",
		"SEARCHD_INGEST_LOAD_TESTDATA": "false",
		"SEARCHD_LIMITS_MAX_PAGE_SIZE": "42",
		"SEARCHD_HTTP_REQUEST_TIMEOUT": "750ms",
	}
	got, err := Load(strings.NewReader("http:\n  addr: 127.0.0.1:1\n"), func(k string) (string, bool) {
		v, ok := env[k]
		return v, ok
	})
	if err != nil {
		t.Fatal(err)
	}
	if got.HTTP.Addr != "0.0.0.0:9090" || got.Index.Path != "/srv/idx" || got.Ingest.LoadTestdata ||
		got.Limits.MaxPageSize != 42 || got.HTTP.RequestTimeout != 750*time.Millisecond {
		t.Errorf("environment not applied: %+v", got)
	}
}

func TestEnvOverridesHardeningKeys(t *testing.T) {
	env := map[string]string{
		"SEARCHD_HTTP_ALLOWED_HOSTS":     "news.example.org,.example.net",
		"SEARCHD_HTTP_BODY_READ_TIMEOUT": "3s",
		"SEARCHD_HTTP_MAX_HEADER_BYTES":  "16384",
	}
	got, err := Load(nil, func(k string) (string, bool) {
		v, ok := env[k]
		return v, ok
	})
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([]string{"news.example.org", ".example.net"}, got.HTTP.AllowedHosts); diff != "" {
		t.Errorf("http.allowed_hosts (-want +got):\n%s", diff)
	}
	if got.HTTP.BodyReadTimeout != 3*time.Second || got.HTTP.MaxHeaderBytes != 16384 {
		t.Errorf("environment not applied: %+v", got.HTTP)
	}
	_, err = Load(nil, func(k string) (string, bool) {
		if k == "SEARCHD_HTTP_ALLOWED_HOSTS" {
			return "news.example.org:8080", true
		}
		return "", false
	})
	if err == nil || !strings.Contains(err.Error(), "http.allowed_hosts[0]") {
		t.Errorf("a host with a port: err = %v", err)
	}
}

func TestValidHostPattern(t *testing.T) {
	for p, want := range map[string]bool{
		"news.example.org": true, ".example.org": true, "*": true, "localhost": true, "intranet": true,
		"192.0.2.1": true, "::1": true, "[::1]": true, "news.example.org.": true,
		"": false, ".": false, "https://news.example.org": false, "news.example.org:8080": false,
		"news.example.org/": false, "*.example.org": false, " news.example.org": false, "a..b": false, "-a.org": false,
	} {
		if got := validHostPattern(p); got != want {
			t.Errorf("validHostPattern(%q) = %v, want %v", p, got, want)
		}
	}
}

func TestEnvBadValueNamesKey(t *testing.T) {
	_, err := Load(nil, func(k string) (string, bool) {
		if k == "SEARCHD_INGEST_BATCH_SIZE" {
			return "many", true
		}
		return "", false
	})
	if err == nil || !strings.Contains(err.Error(), "batch_size") {
		t.Fatalf("err = %v, want it to name batch_size", err)
	}
}

func TestEnvOverridesFeedKeys(t *testing.T) {
	env := map[string]string{
		"SEARCHD_FEEDS_ALLOW_PRIVATE_ADDRESSES": "true",
		"SEARCHD_FEEDS_MAX_CONCURRENT_FETCHES":  "2",
		"SEARCHD_FEEDS_FETCH_TIMEOUT":           "5s",
	}
	got, err := Load(nil, func(k string) (string, bool) {
		v, ok := env[k]
		return v, ok
	})
	if err != nil {
		t.Fatal(err)
	}
	if !got.Feeds.AllowPrivateAddresses || got.Feeds.MaxConcurrentFetches != 2 || got.Feeds.FetchTimeout != 5*time.Second {
		t.Errorf("environment not applied: %+v", got.Feeds)
	}
}

func TestMetricsAndDebugKeys(t *testing.T) {
	lookup := func(env map[string]string) func(string) (string, bool) {
		return func(k string) (string, bool) { v, ok := env[k]; return v, ok }
	}
	got, err := Load(nil, lookup(map[string]string{
		"SEARCHD_METRICS_ENABLED":     "false",
		"SEARCHD_METRICS_REQUIRE_KEY": "true",
		"SEARCHD_DEBUG_PPROF_ADDR":    "127.0.0.1:6060",
	}))
	if err != nil {
		t.Fatal(err)
	}
	if want := (Metrics{Enabled: false, RequireKey: true}); got.Metrics != want {
		t.Errorf("metrics = %+v, want %+v", got.Metrics, want)
	}
	if got.Debug.PprofAddr != "127.0.0.1:6060" {
		t.Errorf("debug.pprof_addr = %q", got.Debug.PprofAddr)
	}
	for _, tt := range []struct {
		env  map[string]string
		want string // error substring, "" for none
	}{
		{map[string]string{"SEARCHD_DEBUG_PPROF_ADDR": "localhost:6060"}, ""},
		{map[string]string{"SEARCHD_DEBUG_PPROF_ADDR": "[::1]:6060"}, ""},
		{map[string]string{"SEARCHD_DEBUG_PPROF_ADDR": ":6060"}, "debug.pprof_addr: :6060 is not a loopback address"},
		{map[string]string{"SEARCHD_DEBUG_PPROF_ADDR": ":6060", "SEARCHD_DEBUG_PPROF_ALLOW_REMOTE": "true"}, ""},
		{map[string]string{"SEARCHD_DEBUG_PPROF_ADDR": "6060"}, "debug.pprof_addr: want host:port"},
		{map[string]string{"SEARCHD_DEBUG_PPROF_ADDR": "127.0.0.1:8080"}, "must differ from http.addr"},
		{map[string]string{"SEARCHD_DEBUG_PPROF_ADDR": "127.0.0.1:0", "SEARCHD_HTTP_ADDR": "127.0.0.1:0"}, ""},
	} {
		_, err := Load(nil, lookup(tt.env))
		switch {
		case tt.want == "" && err != nil:
			t.Errorf("%v: %v", tt.env, err)
		case tt.want != "" && (err == nil || !strings.Contains(err.Error(), tt.want)):
			t.Errorf("%v: err = %v, want %q", tt.env, err, tt.want)
		}
	}
}
