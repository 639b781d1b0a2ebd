package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/searchd/searchd/config"
	"github.com/searchd/searchd/extract"
	"github.com/searchd/searchd/mapping"
)

// runCmd runs searchd in-process and returns its stdout and stderr.
func runCmd(t *testing.T, args ...string) (string, string, error) {
	t.Helper()
	var stdout, stderr bytes.Buffer
	err := run(context.Background(), args, &stdout, &stderr)
	return stdout.String(), stderr.String(), err
}

// TestHelpOfEveryCommand: each command prints its usage and flags to
// stdout for --help and -h, and exits 0.
func TestHelpOfEveryCommand(t *testing.T) {
	wantFlags := map[string][]string{
		"serve":   {"-config", "-reindex"},
		"ingest":  {"-config", "-published-at"},
		"reindex": {"-config"},
		"backup":  {"-config", "-server"},
		"restore": {"-config", "-force"},
		"config":  {"-config", "-format"},
		"version": {"-json"},
		"help":    nil,
	}
	for _, d := range commandDocs {
		if _, ok := wantFlags[d.name]; !ok {
			t.Errorf("command %s has no row in this test", d.name)
		}
	}
	for name, flags := range wantFlags {
		for _, help := range []string{"--help", "-h"} {
			t.Run(name+" "+help, func(t *testing.T) {
				stdout, stderr, err := runCmd(t, name, help)
				if err != nil {
					t.Fatalf("exit %d: %v", exitCode(err), err)
				}
				if stderr != "" {
					t.Errorf("help wrote to stderr: %q", stderr)
				}
				if name == "help" {
					if !strings.HasPrefix(stdout, "usage:\n") {
						t.Errorf("help --help:\n%s", stdout)
					}
					return
				}
				if want := "usage: searchd " + docOf(name).synopsis + "\n"; !strings.HasPrefix(stdout, want) {
					t.Errorf("usage starts %q, want %q", stdout, want)
				}
				for _, f := range flags {
					if !strings.Contains(stdout, "  "+f+" ") && !strings.Contains(stdout, "  "+f+"\n") {
						t.Errorf("usage lacks %s:\n%s", f, stdout)
					}
				}
				// searchd help CMD says the same.
				if again, _, err := runCmd(t, "help", name); err != nil || again != stdout {
					t.Errorf("searchd help %s: %v\n%s", name, err, again)
				}
			})
		}
	}
}

func TestUsage(t *testing.T) {
	for _, args := range [][]string{{"--help"}, {"-h"}, {"help"}} {
		stdout, _, err := runCmd(t, args...)
		if err != nil {
			t.Fatalf("%v: %v", args, err)
		}
		for _, d := range commandDocs {
			if !strings.Contains(stdout, "searchd "+d.synopsis) {
				t.Errorf("%v: usage lacks %q:\n%s", args, d.synopsis, stdout)
			}
		}
		for _, gone := range []string{"searchd eval", "searchd bench"} {
			if strings.Contains(stdout, gone) {
				t.Errorf("%v: usage still lists %q", args, gone)
			}
		}
	}
	for _, tt := range []struct {
		args []string
		want string
	}{
		{[]string{"frobnicate"}, `unknown command "frobnicate"`},
		{[]string{"ingest", "--nope"}, "ingest: flag provided but not defined: -nope (see searchd ingest --help)"},
		{[]string{"version", "extra"}, "version takes no arguments"},
		{[]string{"config", "--format", "toml"}, "want yaml or json"},
		{[]string{"help", "frobnicate"}, `help: unknown command "frobnicate"`},
		{[]string{"eval", "x.conll"}, `unknown command "eval"`},
	} {
		_, _, err := runCmd(t, tt.args...)
		var u usageError
		if !errors.As(err, &u) || exitCode(err) != 2 || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%v: %v (exit %d), want a usage error containing %q", tt.args, err, exitCode(err), tt.want)
		}
		if errors.Is(err, flag.ErrHelp) {
			t.Errorf("%v: ErrHelp leaked", tt.args)
		}
	}
}

func TestVersion(t *testing.T) {
	stdout, _, err := runCmd(t, "version")
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"searchd ", "\nmapping   " + strconv.Itoa(mapping.Version) + "\n",
		"\nextractor " + strconv.Itoa(extract.Version) + "\n", "\ngo        go1."} {
		if !strings.Contains(stdout, want) {
			t.Errorf("version lacks %q:\n%s", want, stdout)
		}
	}
	stdout, _, err = runCmd(t, "version", "--json")
	if err != nil {
		t.Fatal(err)
	}
	var v buildVersion
	if err := json.Unmarshal([]byte(stdout), &v); err != nil || v.Mapping != mapping.Version || v.Extractor != extract.Version || v.Go == "" {
		t.Errorf("version --json: %v %+v", err, v)
	}
}

// TestVersionOfTheBinary: the built daemon names the commit it was built
// from (TestMain builds it with VCS stamping). The go command stamps only
// in a checkout whose .git is a directory: not in a git worktree, nor in a
// tarball of the sources.
func TestVersionOfTheBinary(t *testing.T) {
	out, err := exec.Command(binary, "version", "--json").Output()
	if err != nil {
		t.Fatal(err)
	}
	var v buildVersion
	if err := json.Unmarshal(out, &v); err != nil {
		t.Fatalf("%v: %s", err, out)
	}
	if v.Module != "github.com/searchd/searchd" || v.Version == "" {
		t.Errorf("module %q version %q", v.Module, v.Version)
	}
	head, err := exec.Command("git", "rev-parse", "HEAD").Output()
	if info, statErr := os.Stat(filepath.Join("..", "..", ".git")); err != nil || statErr != nil || !info.IsDir() {
		t.Logf("not a git clone the go command stamps: commit %q not checked", v.Commit)
		return
	}
	if want := strings.TrimSpace(string(head)); v.Commit != want {
		t.Errorf("commit %q, want HEAD %q", v.Commit, want)
	}
}

// TestConfigRedactsKeys: the effective configuration shows the file's and
// the environment's values, and no key.
func TestConfigRedactsKeys(t *testing.T) {
	const fileKey, envKey = "file-write-key-0123456789", "env-read-key-0123456789"
	cfgFile := filepath.Join(t.TempDir(), "searchd.yaml")
	if err := os.WriteFile(cfgFile, []byte("auth:\n  write_keys: ["+fileKey+"]\nlimits:\n  max_page_size: 50\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	t.Setenv("SEARCHD_AUTH_READ_KEYS", envKey)
	t.Setenv("SEARCHD_HTTP_ADDR", "127.0.0.1:9191")
	for _, format := range []string{"yaml", "json"} {
		stdout, _, err := runCmd(t, "config", "--config", cfgFile, "--format", format)
		if err != nil {
			t.Fatal(err)
		}
		if strings.Contains(stdout, fileKey) || strings.Contains(stdout, envKey) {
			t.Fatalf("%s shows a key:\n%s", format, stdout)
		}
		if n := strings.Count(stdout, config.Redacted); n != 2 {
			t.Errorf("%s: %d redacted values, want 2:\n%s", format, n, stdout)
		}
		if !strings.Contains(stdout, "127.0.0.1:9191") || !strings.Contains(stdout, "max_page_size") ||
			!strings.Contains(stdout, "50") {
			t.Errorf("%s lacks the file's or the environment's values:\n%s", format, stdout)
		}
	}
	stdout, _, _ := runCmd(t, "config", "--config", cfgFile)
	if !strings.HasPrefix(stdout, "# searchd's effective configuration, from defaults, "+cfgFile) {
		t.Errorf("YAML header: %q", strings.SplitN(stdout, "\n", 2)[0])
	}
	// A bad value is reported as serve would report it.
	t.Setenv("SEARCHD_LIMITS_MAX_PAGE_SIZE", "-1")
	if _, _, err := runCmd(t, "config", "--config", cfgFile); err == nil || !strings.Contains(err.Error(), "limits.max_page_size") {
		t.Errorf("bad value: %v", err)
	}
}
