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
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
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
