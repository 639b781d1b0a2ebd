package main

import (
	"context"
	"fmt"
	"io"
	"os"

	"github.com/searchd/searchd/internal/bench"
)

// benchCmd is `searchd bench`: it benchmarks this very binary, started as a
// daemon on a loopback port, against raw Bleve (see package bench).
func benchCmd(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	self, err := os.Executable()
	if err != nil {
		return fmt.Errorf("bench: locate this binary: %w", err)
	}
	return bench.Main(ctx, args, []string{self, "bench"}, self, stdout, stderr)
}
