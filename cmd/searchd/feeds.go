package main

import (
	"context"
	"log/slog"
	"path/filepath"

	"github.com/searchd/searchd/config"
	"github.com/searchd/searchd/feeds"
	"github.com/searchd/searchd/index"
)

// fetchOptions maps feeds.* to the fetcher's bounds.
func fetchOptions(f config.Feeds) feeds.FetchOptions {
	o := feeds.FetchOptions{
		Timeout:      f.FetchTimeout,
		MaxBodyBytes: f.MaxBodyBytes,
		MaxRedirects: f.MaxRedirects,
		MaxParallel:  f.MaxConcurrentFetches,
		AllowPrivate: f.AllowPrivateAddresses,
	}
	if f.MaxRedirects == 0 {
		o.MaxRedirects = -1 // feeds.FetchOptions spells "none" negative
	}
	return o
}

// feedStateFile is feeds.state_file, or feeds.json beside the index
// directory: outside it, so that a reindex or a restore, which replace the
// directory, keep the feeds.
func feedStateFile(cfg config.Config) string {
	if cfg.Feeds.StateFile != "" {
		return cfg.Feeds.StateFile
	}
	return filepath.Join(filepath.Dir(filepath.Clean(cfg.Index.Path)), "feeds.json")
}

// newFeedManager builds the feed poller of the daemon over the index's bulk
// write path, the one the API's bulk endpoint uses.
// polled, when set, is told how each poll ended.
func newFeedManager(cfg config.Config, ix *index.Index, log *slog.Logger, polled func(status string)) (*feeds.Manager, error) {
	f := cfg.Feeds
	sources := make([]feeds.Source, len(f.Sources))
	for i, s := range f.Sources {
		sources[i] = feeds.Source{URL: s.URL, Interval: s.Interval}
	}
	return feeds.New(ix, feeds.Options{
		Sources:         sources,
		StateFile:       feedStateFile(cfg),
		DefaultInterval: f.DefaultInterval,
		MinInterval:     f.MinInterval,
		MaxBackoff:      f.MaxBackoff,
		MaxItemsPerPoll: f.MaxItemsPerPoll,
		Fetch:           fetchOptions(f),
		Logger:          log.With("component", "feeds"),
		Polled:          polled,
	})
}

// runFeeds polls in the background until ctx ends or the returned stop is
// called; stop returns once the polls in flight have stopped, so the index
// can be closed after it.
func runFeeds(ctx context.Context, m *feeds.Manager, log *slog.Logger) (stop func()) {
	ctx, cancel := context.WithCancel(ctx)
	done := make(chan struct{})
	go func() {
		defer close(done)
		if err := m.Run(ctx); err != nil {
			log.Error("feeds", "err", err)
		}
	}()
	return func() {
		cancel()
		<-done
	}
}
