// Command searchd-bench benchmarks a searchd binary against raw Bleve on
// one machine in one run (see package internal/bench): it generates N
// synthetic articles, ingests them through the daemon's HTTP bulk endpoint
// and through Bleve's batch API with the same mapping, runs a fixed mixed
// query set with one and several clients, and reports throughput, index
// size, peak RSS and latency percentiles. scripts/bench.sh builds both
// binaries and runs it.
//
// Usage:
//
//	searchd-bench [--searchd BIN] [-n 10000] [--data ../shared/data] [--json] [flags]
//
// Without --searchd it runs the searchd beside its own executable, else
// the one on $PATH.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"syscall"

	"github.com/searchd/searchd/internal/bench"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	err := run(ctx, os.Args[1:], os.Stdout, os.Stderr)
	stop()
	if err != nil && !errors.Is(err, flag.ErrHelp) {
		fmt.Fprintln(os.Stderr, "searchd-bench:", err)
		os.Exit(1)
	}
}

// run is main without the process around it.
func run(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	self, err := os.Executable()
	if err != nil {
		return fmt.Errorf("locate this binary (it runs the raw reference as a child): %w", err)
	}
	return bench.Main(ctx, args, []string{self}, defaultSearchd(self), stdout, stderr)
}

// defaultSearchd is the searchd binary beside self, else the one on $PATH,
// else none (--searchd must then name one).
func defaultSearchd(self string) string {
	beside := filepath.Join(filepath.Dir(self), "searchd")
	if info, err := os.Stat(beside); err == nil && info.Mode().IsRegular() {
		return beside
	}
	if path, err := exec.LookPath("searchd"); err == nil {
		return path
	}
	return ""
}
