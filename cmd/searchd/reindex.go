package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"

	"github.com/searchd/searchd/extract"
	"github.com/searchd/searchd/index"
)

func reindexCmd(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	flags := newFlags("reindex")
	configPath := flags.String("config", "", "config file (default ./config.yaml when present)")
	if helped, err := flags.parse(args, stdout); helped || err != nil {
		return err
	}
	if flags.NArg() > 0 {
		return usageError{fmt.Sprintf("reindex takes no arguments, got %q", flags.Args())}
	}
	cfg, log, ex, err := setup(*configPath, stderr)
	if err != nil {
		return err
	}
	var prog *progress
	n, err := index.RebuildProgress(ctx, indexOptions(cfg, log), ex, func(done, total int) {
		if prog == nil {
			prog = newProgress(stderr, isTerminal(stderr), log, "reindex", "articles", int64(total), false)
		}
		prog.set(int64(done))
	})
	if prog != nil {
		prog.finish()
	}
	if errors.Is(err, index.ErrLocked) {
		base := "http://" + cfg.HTTP.Addr
		return fmt.Errorf("the index is in use by a running searchd, which can reindex it online while it serves: "+
			"curl -XPOST %s/api/v1/admin/reindex (with -H 'Authorization: Bearer <write key>' when write keys are set), "+
			"then watch curl %s/api/v1/admin/reindex: %w", base, base, err)
	}
	if err != nil {
		return err
	}
	log.Info("reindexed", "articles", n, "path", cfg.Index.Path)
	return nil
}

// reindexIfNeeded rebuilds the index only when its mapping version differs.
func reindexIfNeeded(ctx context.Context, opts index.Options, ex *extract.Extractor, log *slog.Logger) error {
	ix, err := index.Open(opts, ex)
	if err == nil {
		return ix.Close()
	}
	if !errors.Is(err, index.ErrMappingVersion) {
		return err
	}
	log.Warn("index built with another mapping version; reindexing", "path", opts.Path)
	n, err := index.Rebuild(ctx, opts, ex)
	if err != nil {
		return fmt.Errorf("reindex: %w", err)
	}
	log.Info("reindexed", "articles", n)
	return nil
}
