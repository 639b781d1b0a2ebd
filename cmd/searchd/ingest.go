package main

import (
	"context"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"time"

	"github.com/searchd/searchd/index"
)

func ingest(ctx context.Context, args []string, stdout, stderr io.Writer) error {
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

// formatDay writes a date alone when it is midnight UTC, as a date line gives it.
func formatDay(t time.Time) string {
	if u := t.UTC(); u.Equal(u.Truncate(24 * time.Hour)) {
		return u.Format(time.DateOnly)
	}
	return t.Format(time.RFC3339)
}

func dateSourceText(from index.DateSource) string {
	switch from {
	case index.DateFromText:
		return "from the date line or dateline at the top of its text"
	case index.DateFromOptions:
		return "from --published-at: its text states no date"
	default:
		return "from the file's modification time: its text states no date; give --published-at or a date line such as \"Published: 2024-03-03\""
	}
}

// countingFS counts the bytes read from its files: IngestFiles reads each
// file once, so the count is the progress, within a large file too.
type countingFS struct {
	fs.FS
	read *atomic.Int64
}

func (c countingFS) Open(name string) (fs.File, error) {
	f, err := c.FS.Open(name)
	if err != nil {
		return nil, err
	}
	return countingFile{File: f, read: c.read}, nil
}

// ReadDir and Stat keep the directory walk on the underlying FS.
func (c countingFS) ReadDir(name string) ([]fs.DirEntry, error) { return fs.ReadDir(c.FS, name) }
func (c countingFS) Stat(name string) (fs.FileInfo, error)      { return fs.Stat(c.FS, name) }

// sizeOf sums the sizes of the files IngestFiles reads under roots.
func (c countingFS) sizeOf(roots []string) (int64, error) {
	var n int64
	for _, root := range roots {
		err := fs.WalkDir(c.FS, root, func(p string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() || (p != root && !index.IsArticleFile(p)) {
				return err
			}
			info, err := d.Info()
			if err == nil {
				n += info.Size()
			}
			return err
		})
		if err != nil {
			return 0, err
		}
	}
	return n, nil
}

type countingFile struct {
	fs.File
	read *atomic.Int64
}

func (f countingFile) Read(p []byte) (int, error) {
	n, err := f.File.Read(p)
	f.read.Add(int64(n))
	return n, err
}
