package config

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// TestMarshalLoadsBack: the effective configuration, printed, is a config
// file that gives the same configuration; every key of config.yaml is in it.
func TestMarshalLoadsBack(t *testing.T) {
	want := Default()
	want.HTTP.AllowedHosts = []string{"news.example.org"}
	want.Index.Path = "/var/lib/searchd/index"
	want.Auth.WriteKeysFile = "/etc/searchd/write-keys"
	out, err := want.Marshal("yaml")
	if err != nil {
		t.Fatal(err)
	}
	got, err := Load(bytes.NewReader(out), noEnv)
	if err != nil {
		t.Fatalf("the printed YAML does not load: %v\n%s", err, out)
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("printed and loaded back (-want +got):\n%s\n%s", diff, out)
	}
	for _, line := range []string{"http:\n  addr: 127.0.0.1:8080\n", "  request_timeout: 10s\n", "  cors_origins: []\n",
		"  write_keys_file: /etc/searchd/write-keys\n", "runtime:\n  gc_percent: 200\n"} {
		if !bytes.Contains(out, []byte(line)) {
			t.Errorf("YAML lacks %q:\n%s", line, out)
		}
	}
	// In the order of the struct, which is config.yaml's.
	if i, j := bytes.Index(out, []byte("http:")), bytes.Index(out, []byte("runtime:")); i != 0 || j < i {
		t.Errorf("sections out of order:\n%s", out)
	}
}

func TestMarshalRedactsSecrets(t *testing.T) {
	cfg := Default()
	cfg.Auth.WriteKeys = []string{"write-secret-0123456789", "write-secret-9876543210"}
	cfg.Auth.ReadKeys = []string{"read-secret-0123456789"}
	for _, format := range []string{"yaml", "json"} {
		out, err := cfg.Marshal(format)
		if err != nil {
			t.Fatal(err)
		}
		if bytes.Contains(out, []byte("secret")) {
			t.Errorf("%s shows a key:\n%s", format, out)
		}
		if n := bytes.Count(out, []byte(Redacted)); n != 3 {
			t.Errorf("%s: %d redacted values, want 3 (one per key):\n%s", format, n, out)
		}
	}
	out, _ := cfg.Marshal("json")
	var doc map[string]map[string]any
	if err := json.Unmarshal(out, &doc); err != nil {
		t.Fatal(err)
	}
	if got := doc["auth"]["write_keys"]; !cmp.Equal(got, []any{Redacted, Redacted}) {
		t.Errorf("auth.write_keys = %v", got)
	}
	if got := doc["http"]["read_timeout"]; got != "5m0s" {
		t.Errorf("http.read_timeout = %v, want 5m0s", got)
	}
	if _, err := cfg.Marshal("toml"); err == nil || !strings.Contains(err.Error(), "yaml or json") {
		t.Errorf("unknown format: %v", err)
	}
}

func TestSecretKeyNames(t *testing.T) {
	for key, secret := range map[string]bool{"write_keys": true, "read_keys": true, "api_key": true, "token": true,
		"password": true, "client_secret": true, "write_keys_file": false, "require_key": true, "keyword": false, "monkeys": false} {
		if got := secretKey.MatchString(key); got != secret {
			t.Errorf("%s: secret %v, want %v", key, got, secret)
		}
	}
}
