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
	"strings"
	"testing"

	"github.com/searchd/searchd/internal/bench"
)

func TestHelp(t *testing.T) {
	var stdout, stderr bytes.Buffer
	err := run(context.Background(), []string{"--help"}, &stdout, &stderr)
	if !errors.Is(err, flag.ErrHelp) {
		t.Fatalf("--help: %v", err)
	}
	if !strings.HasPrefix(stdout.String(), "usage: searchd-bench ") || stderr.Len() != 0 {
		t.Errorf("--help: stdout %q, stderr %q", stdout.String(), stderr.String())
	}
	for _, f := range []string{"-n ", "-searchd ", "-data ", "-json", "-clients "} {
		if !strings.Contains(stdout.String(), "  "+f) {
			t.Errorf("--help lacks %s:\n%s", f, stdout.String())
		}
	}
	if err := run(context.Background(), []string{"--nope"}, &stdout, &stderr); err == nil || !strings.Contains(err.Error(), "--help") {
		t.Errorf("unknown flag: %v", err)
	}
}

func TestDefaultSearchdIsBesideThisBinary(t *testing.T) {
	dir := t.TempDir()
	self := filepath.Join(dir, "searchd-bench")
	beside := filepath.Join(dir, "searchd")
	if err := os.WriteFile(beside, []byte("#!/bin/sh\n"), 0o755); err != nil {
		t.Fatal(err)
	}
	if got := defaultSearchd(self); got != beside {
		t.Errorf("defaultSearchd = %q, want %q", got, beside)
	}
}

// TestRunsAgainstTheDaemon builds searchd and searchd-bench and runs a
// small benchmark: the daemon through the Go client, raw Bleve in a child
// process, and their parity on every query of the mix. It needs the
// shared data folder the corpus generator reads (SEARCHD_BENCH_DATA,
// default ../shared/data beside the repository).
func TestRunsAgainstTheDaemon(t *testing.T) {
	if testing.Short() {
		t.Skip("builds two binaries and runs a benchmark")
	}
	data := os.Getenv("SEARCHD_BENCH_DATA")
	if data == "" {
		data = filepath.Join("..", "..", "..", "shared", "data")
	}
	if _, err := os.Stat(data); err != nil {
		t.Skipf("needs the shared data folder (set SEARCHD_BENCH_DATA): %v", err)
	}
	bin := t.TempDir()
	for _, pkg := range []string{"../searchd", "."} {
		build := exec.Command("go", "build", "-o", bin, pkg)
		if out, err := build.CombinedOutput(); err != nil {
			t.Fatalf("go build %s: %v\n%s", pkg, err, out)
		}
	}
	cmd := exec.Command(filepath.Join(bin, "searchd-bench"), "-n", "300", "--queries", "12", "--rounds", "1",
		"--clients", "2", "--bulk-lines", "100", "--min-words", "60", "--max-words", "120", "--data", data, "--json")
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("searchd-bench: %v\n%s", err, stderr.String())
	}
	var rep bench.Report
	if err := json.Unmarshal(out, &rep); err != nil {
		t.Fatalf("report: %v\n%s", err, out)
	}
	if rep.Service == nil || rep.Raw == nil || rep.Service.Ingest.Articles != 300 || rep.Raw.Ingest.Articles != 300 {
		t.Fatalf("report: %s", out)
	}
	if rep.Service.Single.All.Requests != 12 || rep.Service.Single.All.Errors != 0 || rep.Service.Suggest == nil ||
		rep.Service.Suggest.All.Requests == 0 {
		t.Errorf("service load: %+v, suggest %+v", rep.Service.Single.All, rep.Service.Suggest)
	}
	if rep.ParityChecked != 12 || len(rep.ParityMismatches) > 0 {
		t.Errorf("parity: %d checked, mismatches %v", rep.ParityChecked, rep.ParityMismatches)
	}
}
