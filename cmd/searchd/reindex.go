package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"

	"github.com/searchd/searchd/extract"
	"github.com/searchd/searchd/index"
)

func reindexCmd(ctx context.Context, args []string, stderr io.Writer) error {
	flags := flag.NewFlagSet("reindex", flag.ContinueOnError)
	flags.SetOutput(stderr)
	configPath := flags.String("config", "", "config file (default ./config.yaml when present)")
	if err := flags.Parse(args); err != nil {
		return err
	}
	cfg, log, ex, err := setup(*configPath, stderr)
	if err != nil {
		return err
	}
	n, err := index.Rebuild(ctx, indexOptions(cfg, log), ex)
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
