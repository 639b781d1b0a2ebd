package feeds

import (
	"context"
	"fmt"
	"log/slog"
	"time"

	"github.com/searchd/searchd/index"
)

// Client ingests a URL once, feed or page: `searchd ingest URL`.
type Client struct {
	proc *processor
}

// NewClient returns a Client that fetches with o and indexes into sink.
func NewClient(sink Sink, o FetchOptions, log *slog.Logger) *Client {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	return &Client{proc: &processor{fetch: newFetcher(o), sink: sink, log: log}}
}

// Kinds of URL a Report names.
const (
	KindFeed = "feed"
	KindPage = "page"
)

// Report is what ingesting one URL did.
type Report struct {
	URL     string
	Kind    string // KindFeed or KindPage
	Title   string // the feed's title, or the page's
	Items   int    // items in the feed (1 for a page)
	Indexed int
	Skipped int // already indexed
	// FromItemText counts articles indexed from the feed item's own text
	// because their page could not be fetched or read.
	FromItemText int
	Failed       int
	Errors       []ItemError
}

// Ingest fetches rawURL and tells a feed from a page by its Content-Type
// and content. A feed has every item's page fetched and indexed (stories
// already indexed are skipped); a page is indexed itself, replacing an
// article with the same canonical URL. Temporary page failures are retried
// up to three times within this call before an item falls back to its own
// text.
func (c *Client) Ingest(ctx context.Context, rawURL string) (Report, error) {
	rep := Report{URL: rawURL}
	resp, err := c.proc.fetch.get(ctx, rawURL, acceptFeed, validators{})
	if err != nil {
		return rep, err
	}
	switch detect(resp) {
	case kindFeed:
		rep.Kind = KindFeed
		doc, err := parseFeed(resp)
		if err != nil {
			return rep, err
		}
		rep.Title, rep.Items = doc.title, len(doc.items)
		attempts := map[string]int{}
		todo := doc.items
		for try := 1; ; try++ {
			done := map[string]bool{}
			r, err := c.proc.items(ctx, todo, doc.title, attempts, func(keys []string, _ int) {
				for _, k := range keys {
					done[k] = true
				}
			})
			rep.Indexed += r.indexed
			rep.Skipped += r.skipped
			rep.FromItemText += r.fallbacks
			rep.Failed += r.dropped
			var left []item
			for _, it := range todo {
				if !done[it.key] {
					left = append(left, it)
				}
			}
			last := err != nil || len(left) == 0 || try == maxAttempts
			for _, e := range r.errors {
				if !e.Retry || last {
					rep.Errors = append(rep.Errors, e)
				}
			}
			if last {
				rep.Failed += len(left)
				return rep, err
			}
			todo = left
			select {
			case <-ctx.Done():
				return rep, ctx.Err()
			case <-time.After(time.Duration(try) * time.Second):
			}
		}
	case kindPage:
		rep.Kind, rep.Items = KindPage, 1
		p, err := extractPage(resp)
		if err != nil {
			return rep, err
		}
		rep.Title = p.title
		a, dateFrom, err := story{page: p, finalURL: resp.url, fetchedAt: resp.fetchedAt}.build()
		if err != nil {
			return rep, fmt.Errorf("%s: %w", rawURL, err)
		}
		if dateFrom == dateFetchTime {
			c.proc.log.Info("no publication date on the page; using the fetch time", "url", rawURL, "published_at", a.PublishedAt)
		}
		res, err := c.proc.sink.IngestArticles(ctx, []index.Article{a})
		if err != nil {
			return rep, err
		}
		rep.Indexed = res.Indexed
		for _, e := range res.Errors {
			rep.Failed++
			rep.Errors = append(rep.Errors, ItemError{Link: rawURL, Error: e.Error})
		}
		return rep, nil
	default:
		return rep, fmt.Errorf("%s is neither a feed nor an HTML page (Content-Type %q): %w", rawURL, resp.contentType, index.ErrInvalid)
	}
}
