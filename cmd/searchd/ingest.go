package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/searchd/searchd/index"
)

func ingest(ctx context.Context, args []string, stderr io.Writer) error {
	if hasURLArgs(args) {
		return ingestURLs(ctx, args, stderr) // feeds and pages: ingest_url.go
	}
	flags := flag.NewFlagSet("ingest", flag.ContinueOnError)
	flags.SetOutput(stderr)
	configPath := flags.String("config", "", "config file (default ./config.yaml when present)")
	published := flags.String("published-at", "", "publication date of .txt articles (RFC 3339 or YYYY-MM-DD; default: the file's modification time)")
	if err := flags.Parse(args); err != nil {
		return err
	}
	if flags.NArg() == 0 {
		return usageError{"ingest needs at least one file or folder"}
	}
	var opts index.FileOptions
	if *published != "" {
		t, err := index.ParseTimestamp(*published)
		if err != nil {
			return usageError{"--published-at: " + err.Error()}
		}
		opts.PublishedAt = t
	}
	cfg, log, ex, err := setup(*configPath, stderr)
	if err != nil {
		return err
	}
	opts.MaxLine = cfg.Limits.MaxLineBytes
	ix, err := index.Open(indexOptions(cfg, log), ex)
	if err != nil {
		return err
	}
	defer ix.Close()

	// Paths are resolved against the root so that any file the user names is
	// reachable through one fs.FS.
	var roots []string
	for _, p := range flags.Args() {
		abs, err := filepath.Abs(p)
		if err != nil {
			return err
		}
		if _, err := os.Stat(abs); err != nil {
			return fmt.Errorf("ingest: %w", err)
		}
		roots = append(roots, strings.TrimPrefix(filepath.ToSlash(abs), "/"))
	}
	tty := isTerminal(stderr)
	start := time.Now()
	opts.Progress = func(p index.Progress) {
		if tty {
			fmt.Fprintf(stderr, "\r%d/%d files, %d articles indexed, %d failed", p.Files, p.TotalFiles, p.Indexed, p.Failed)
		}
	}
	res, err := ix.IngestFiles(ctx, os.DirFS("/"), roots, opts)
	if tty {
		fmt.Fprintln(stderr)
	}
	for _, e := range res.Errors {
		loc := "/" + e.File
		if e.Line > 0 {
			loc = fmt.Sprintf("%s:%d", loc, e.Line)
		}
		fmt.Fprintf(stderr, "%s: %s\n", loc, e.Error)
	}
	elapsed := time.Since(start)
	fmt.Fprintf(stderr, "indexed %d articles, %d failed, in %s (%.0f articles/s)\n",
		res.Indexed, res.Failed, elapsed.Round(time.Millisecond), float64(res.Indexed)/elapsed.Seconds())
	if err != nil {
		return err
	}
	if res.Failed > 0 {
		return fmt.Errorf("%d articles could not be indexed", res.Failed)
	}
	return nil
}

// isTerminal reports whether w is a character device, where progress lines make sense.
func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	info, err := f.Stat()
	return err == nil && info.Mode()&os.ModeCharDevice != 0
}
