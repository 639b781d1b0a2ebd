package main

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/url"
	"os"
	"strings"
	"time"

	"github.com/searchd/searchd/feeds"
	"github.com/searchd/searchd/index"
)

// isURL reports an argument of `searchd ingest` that names a URL, not a file.
func isURL(arg string) bool {
	return strings.HasPrefix(arg, "http://") || strings.HasPrefix(arg, "https://")
}

// hasURLArgs reports whether `searchd ingest` was given URLs.
func hasURLArgs(args []string) bool {
	for _, a := range args {
		if isURL(a) {
			return true
		}
	}
	return false
}

// ingestURLs is `searchd ingest URL...`: each URL is a feed, whose items'
// pages are fetched and indexed, or a page, indexed itself. Without
// --server it opens the index directly (the daemon must be stopped); with
// it, articles go to the running daemon's bulk endpoint.
func ingestURLs(ctx context.Context, args []string, stderr io.Writer) error {
	flags := flag.NewFlagSet("ingest", flag.ContinueOnError)
	flags.SetOutput(stderr)
	configPath := flags.String("config", "", "config file (default ./config.yaml when present)")
	server := flags.String("server", "", "send the articles to the daemon at this base URL (e.g. http://127.0.0.1:8080) instead of opening the index")
	if err := flags.Parse(args); err != nil {
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
		sink = &daemonSink{base: strings.TrimSuffix(*server, "/"), key: key, client: &http.Client{Timeout: 10 * time.Minute}}
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

// daemonSink sends articles to a running daemon over its API.
type daemonSink struct {
	base   string
	key    string
	client *http.Client
}

// articleBody is an article as POST /api/v1/articles takes it.
type articleBody struct {
	ID          string    `json:"id"`
	URL         string    `json:"url,omitempty"`
	Title       string    `json:"title"`
	Body        string    `json:"body"`
	Source      string    `json:"source,omitempty"`
	Language    string    `json:"language,omitempty"`
	Authors     []string  `json:"authors,omitempty"`
	PublishedAt time.Time `json:"published_at"`
}

// IngestArticles posts the articles as NDJSON to the bulk endpoint.
func (d *daemonSink) IngestArticles(ctx context.Context, articles []index.Article) (index.BulkResult, error) {
	var body bytes.Buffer
	enc := json.NewEncoder(&body)
	for _, a := range articles {
		if err := enc.Encode(articleBody{ID: a.ID, URL: a.URL, Title: a.Title, Body: a.Body, Source: a.Source,
			Language: a.Language, Authors: a.Authors, PublishedAt: a.PublishedAt}); err != nil {
			return index.BulkResult{}, err
		}
	}
	var res index.BulkResult
	status, err := d.do(ctx, http.MethodPost, "/api/v1/articles/_bulk", &body, &res)
	if err != nil {
		return res, err
	}
	if status != http.StatusOK {
		return res, fmt.Errorf("bulk ingest: the daemon answered %d", status)
	}
	return res, nil
}

// Has asks the daemon for the article.
func (d *daemonSink) Has(ctx context.Context, id string) (bool, error) {
	status, err := d.do(ctx, http.MethodGet, "/api/v1/articles/"+url.PathEscape(id), nil, nil)
	switch {
	case err != nil:
		return false, err
	case status == http.StatusOK:
		return true, nil
	case status == http.StatusNotFound:
		return false, nil
	default:
		return false, fmt.Errorf("look up article %s: the daemon answered %d", id, status)
	}
}

// do sends one request; a JSON error answer becomes the error.
func (d *daemonSink) do(ctx context.Context, method, path string, body io.Reader, out any) (int, error) {
	req, err := http.NewRequestWithContext(ctx, method, d.base+path, body)
	if err != nil {
		return 0, err
	}
	if body != nil {
		req.Header.Set("Content-Type", "application/x-ndjson")
	}
	if d.key != "" {
		req.Header.Set("Authorization", "Bearer "+d.key)
	}
	res, err := d.client.Do(req)
	if err != nil {
		return 0, fmt.Errorf("is the daemon running at %s? %w", d.base, err)
	}
	defer res.Body.Close()
	data, err := io.ReadAll(io.LimitReader(res.Body, 64<<20))
	if err != nil {
		return res.StatusCode, err
	}
	if res.StatusCode >= 400 && res.StatusCode != http.StatusNotFound {
		var e struct {
			Error struct{ Code, Message string } `json:"error"`
		}
		if json.Unmarshal(data, &e) == nil && e.Error.Message != "" {
			return res.StatusCode, fmt.Errorf("%s %s: %d %s: %s", method, path, res.StatusCode, e.Error.Code, e.Error.Message)
		}
		return res.StatusCode, fmt.Errorf("%s %s: %s", method, path, res.Status)
	}
	if out != nil {
		if err := json.Unmarshal(data, out); err != nil {
			return res.StatusCode, fmt.Errorf("%s %s: %w", method, path, err)
		}
	}
	return res.StatusCode, nil
}
