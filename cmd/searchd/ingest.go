package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"time"

	"github.com/searchd/searchd/index"
)

func ingest(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	if hasURLArgs(args) {
		return ingestURLs(ctx, args, stdout, stderr) // feeds and pages: ingest_url.go
	}
	flags := newFlags("ingest")
	configPath := flags.String("config", "", "config file (default ./config.yaml when present)")
	published := flags.String("published-at", "", "publication date of .txt articles whose text states none at its top\n(RFC 3339 or YYYY-MM-DD; default: the file's modification time)")
	if helped, err := flags.parse(args, stdout); helped || err != nil {
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
	files := countingFS{FS: os.DirFS("/"), read: new(atomic.Int64)}
	total, err := files.sizeOf(roots)
	if err != nil {
		return fmt.Errorf("ingest: %w", err)
	}
	start := time.Now()
	prog := newProgress(stderr, isTerminal(stderr), log, "ingest", "", total, true)
	opts.Progress = func(p index.Progress) {
		prog.describe(fmt.Sprintf("ingest: %d articles", p.Indexed))
		prog.set(files.read.Load(), "files", p.Files, "of", p.TotalFiles, "indexed", p.Indexed, "failed", p.Failed)
	}
	opts.Dated = func(file string, day time.Time, from index.DateSource) {
		prog.println(fmt.Sprintf("/%s: published_at %s (%s)", file, formatDay(day), dateSourceText(from)))
	}
	// Bytes read is the progress within a large NDJSON file too.
	done := make(chan struct{})
	go func() {
		tick := time.NewTicker(250 * time.Millisecond)
		defer tick.Stop()
		for {
			select {
			case <-done:
				return
			case <-tick.C:
				prog.set(files.read.Load())
			}
		}
	}()
	res, err := ix.IngestFiles(ctx, files, roots, opts)
	close(done)
	prog.finish()
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
