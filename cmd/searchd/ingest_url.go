package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"os"
	"strings"
	"time"

	"github.com/searchd/searchd/client"
	"github.com/searchd/searchd/feeds"
	"github.com/searchd/searchd/index"
)

// isURL reports an argument of `searchd ingest` that names a URL, not a file.
func isURL(arg string) bool {
	return strings.HasPrefix(arg, "http://") || strings.HasPrefix(arg, "https://")
}

// hasURLArgs reports whether `searchd ingest` was given URLs to ingest
// (the value of --server is not one).
func hasURLArgs(args []string) bool {
	for i := 0; i < len(args); i++ {
		switch a := args[i]; {
		case a == "--server" || a == "-server":
			i++
		case isURL(a):
			return true
		}
	}
	return false
}

// ingestURLs is `searchd ingest URL...`: each URL is a feed, whose items'
// pages are fetched and indexed, or a page, indexed itself. Without
// --server it opens the index directly (the daemon must be stopped); with
// it, articles go to the running daemon's bulk endpoint.
func ingestURLs(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	flags := newFlags("ingest")
	configPath := flags.String("config", "", "config file (default ./config.yaml when present)")
	server := flags.String("server", "", "with URLs: send the articles to the daemon at this base URL\n(e.g. http://127.0.0.1:8080) instead of opening the index")
	if helped, err := flags.parse(args, stdout); helped || err != nil {
		return err
	}
	for _, a := range flags.Args() {
		if !isURL(a) {
			return usageError{fmt.Sprintf("ingest: %q is a file and the other arguments are URLs: ingest files and URLs in separate runs", a)}
		}
	}
	var sink feeds.Sink
	var log *slog.Logger
	if *server != "" {
		cfg, err := loadConfig(*configPath)
		if err != nil {
			return err
		}
		level, _ := cfg.Log.SlogLevel()
		log = newLogger(stderr, level, cfg.Log.Format)
		key := os.Getenv("SEARCHD_KEY")
		if write, _, err := cfg.Auth.Keys(); key == "" && err == nil && len(write) > 0 {
			key = write[0]
		}
		api, err := client.New(strings.TrimSuffix(*server, "/"), client.WithAPIKey(key), client.WithTimeout(10*time.Minute))
		if err != nil {
			return usageError{"--server: " + err.Error()}
		}
		sink = &daemonSink{api: api}
		return ingestEach(ctx, flags.Args(), feeds.NewClient(sink, fetchOptions(cfg.Feeds), log.With("component", "feeds")), stderr)
	}
	cfg, log, ex, err := setup(*configPath, stderr)
	if err != nil {
		return err
	}
	ix, err := index.Open(indexOptions(cfg, log), ex)
	if err != nil {
		return err
	}
	defer ix.Close()
	return ingestEach(ctx, flags.Args(), feeds.NewClient(ix, fetchOptions(cfg.Feeds), log.With("component", "feeds")), stderr)
}

// ingestEach ingests the URLs in turn and prints what each did.
func ingestEach(ctx context.Context, urls []string, c *feeds.Client, stderr io.Writer) error {
	failed := 0
	for _, u := range urls {
		rep, err := c.Ingest(ctx, u)
		for _, e := range rep.Errors {
			what := "not indexed"
			if e.FromItemText {
				what = "indexed from the feed's text"
			}
			fmt.Fprintf(stderr, "  %s: %s (%s)\n", e.Link, e.Error, what)
		}
		if err != nil {
			fmt.Fprintf(stderr, "%s: %v\n", u, err)
			failed++
			continue
		}
		if rep.Kind == feeds.KindPage {
			fmt.Fprintf(stderr, "%s: page %q: %d indexed\n", u, rep.Title, rep.Indexed)
		} else {
			fmt.Fprintf(stderr, "%s: feed %q: %d items, %d indexed (%d from the feed's own text), %d already indexed, %d failed\n",
				u, rep.Title, rep.Items, rep.Indexed, rep.FromItemText, rep.Skipped, rep.Failed)
		}
		if rep.Failed > 0 {
			failed++
		}
	}
	if failed > 0 {
		return fmt.Errorf("%d of %d URLs were not ingested in full", failed, len(urls))
	}
	return nil
}

// daemonSink sends articles to a running daemon through the Go client.
type daemonSink struct {
	api *client.Client
}

// IngestArticles posts the articles to the bulk endpoint; the result's
// lines are the articles' positions, as the index's own.
func (d *daemonSink) IngestArticles(ctx context.Context, articles []index.Article) (index.BulkResult, error) {
	in := make([]client.ArticleInput, len(articles))
	for i, a := range articles {
		in[i] = client.ArticleInput{ID: a.ID, URL: a.URL, Title: a.Title, Body: a.Body, Source: a.Source,
			Language: a.Language, Authors: a.Authors, PublishedAt: a.PublishedAt}
	}
	res, err := d.api.BulkArticles(ctx, in)
	if res == nil {
		return index.BulkResult{}, err
	}
	out := index.BulkResult{Indexed: res.Indexed, Failed: res.Failed}
	for _, e := range res.Errors {
		out.Errors = append(out.Errors, index.LineError{Line: e.Line, ID: e.ID, Error: e.Error})
	}
	return out, err
}

// Has asks the daemon for the article.
func (d *daemonSink) Has(ctx context.Context, id string) (bool, error) {
	_, err := d.api.GetArticle(ctx, id)
	var e *client.Error
	switch {
	case err == nil:
		return true, nil
	case errors.As(err, &e) && e.StatusCode == http.StatusNotFound:
		return false, nil
	default:
		return false, err
	}
}
