// Command cmd runs searchd's benchmark (package bench) against a searchd
// binary named with --searchd; scripts/bench.sh builds one and runs it.
//
// Usage:
//
//	go run ./internal/bench/cmd --searchd BIN [-n 10000] [--data ../shared/data] [--json]
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"os"
	"os/signal"
	"syscall"

	"github.com/searchd/searchd/internal/bench"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	self, err := os.Executable()
	if err == nil {
		err = bench.Main(ctx, os.Args[1:], []string{self}, "", os.Stdout, os.Stderr)
	}
	stop()
	if err != nil {
		if !errors.Is(err, flag.ErrHelp) {
			fmt.Fprintln(os.Stderr, "bench:", err)
		}
		os.Exit(1)
	}
}
