package feeds

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"sync"
	"time"

	"github.com/searchd/searchd/index"
)

// Sink is where articles go: the index's bulk write path, which answers
// once the articles are on disk and searchable.
type Sink interface {
	// IngestArticles indexes articles in batches; the result says which
	// failed (by 1-based position). An error means a commit failed or ctx
	// ended: batches committed before stay indexed.
	IngestArticles(ctx context.Context, articles []index.Article) (index.BulkResult, error)
	// Has reports whether an article with this id is indexed.
	Has(ctx context.Context, id string) (bool, error)
}

// maxAttempts is how many polls an item whose page keeps failing with a
// temporary error (a timeout, a 5xx) is retried before its own text is
// indexed instead (or, without text, it is given up).
const maxAttempts = 3

// ItemError is why one item was not indexed.
type ItemError struct {
	Link  string `json:"link,omitempty"`
	Error string `json:"error"`
	// Retry says the item is tried again at the next poll.
	Retry bool `json:"retry"`
	// FromItemText says the item's own text was indexed instead of its page.
	FromItemText bool `json:"from_item_text,omitempty"`
}

// itemsReport is what handling a feed's items did.
type itemsReport struct {
	indexed int
	skipped int         // already indexed: seen in an earlier poll or another feed
	pending int         // not handled: tried again at the next poll
	dropped int         // given up: nothing could be indexed
	errors  []ItemError // at most maxItemErrors
	// fallbacks counts articles indexed from the item's own text because
	// the page could not be used.
	fallbacks int
}

const maxItemErrors = 20

func (r *itemsReport) fail(e ItemError) {
	if e.Retry {
		r.pending++
	}
	if len(r.errors) < maxItemErrors {
		r.errors = append(r.errors, e)
	}
}

// processor turns items into articles and hands them to the sink.
type processor struct {
	fetch *fetcher
	sink  Sink
	log   *slog.Logger
}

// outcome is what became of one item.
type outcome struct {
	article  *index.Article // to index; nil when there is nothing to index
	handled  bool           // nothing left to do once article (if any) is indexed
	skipped  bool
	fallback bool
	err      *ItemError
}

// items handles the items of one feed in chunks: the pages of a chunk are
// fetched in parallel (within the fetcher's slots), then the chunk's
// articles are indexed in one call, and done is told which items are
// finished, so that what was indexed is kept whatever happens to the rest.
// attempts counts the temporary failures of each item over polls. An error
// (the sink failing, ctx ending) stops at the chunk it happened in.
func (p *processor) items(ctx context.Context, items []item, source string, attempts map[string]int,
	done func(keys []string, indexed int)) (itemsReport, error) {
	var rep itemsReport
	// A chunk is one commit (an fsync on disk): 32 pages cut 200 pages to 7
	// commits, and a crash costs at most a chunk's fetches, done again.
	chunk := max(8*cap(p.fetch.slots), 32)
	for start := 0; start < len(items); start += chunk {
		if err := ctx.Err(); err != nil {
			rep.pending += len(items) - start
			return rep, err
		}
		part := items[start:min(start+chunk, len(items))]
		outs := make([]outcome, len(part))
		var wg sync.WaitGroup
		for i := range part {
			wg.Add(1)
			go func() {
				defer wg.Done()
				outs[i] = p.safeItem(ctx, &part[i], source, attempts[part[i].key])
			}()
		}
		wg.Wait()
		if err := ctx.Err(); err != nil {
			// Shutting down: the whole chunk is tried again next time.
			rep.pending += len(items) - start
			return rep, err
		}

		var batch []index.Article
		var owners []int // the item of each article in batch
		ids := map[string]bool{}
		for i, o := range outs {
			if o.article == nil {
				continue
			}
			if ids[o.article.ID] { // the same story twice in one feed
				outs[i].article, outs[i].skipped = nil, true
				continue
			}
			ids[o.article.ID] = true
			batch = append(batch, *o.article)
			owners = append(owners, i)
		}
		if len(batch) > 0 {
			res, err := p.sink.IngestArticles(ctx, batch)
			if err != nil {
				// What the sink committed before failing is not known item by
				// item; those items are tried again, and indexing is an upsert.
				rep.pending += len(items) - start
				return rep, fmt.Errorf("index articles: %w", err)
			}
			for _, le := range res.Errors {
				n := le.Line - 1
				if n < 0 || n >= len(owners) {
					continue
				}
				i := owners[n]
				e := &ItemError{Link: part[i].link, Error: le.Error, Retry: true}
				if attempts[part[i].key]+1 >= maxAttempts {
					e.Retry = false
					e.Error += fmt.Sprintf(" (given up after %d attempts)", maxAttempts)
				}
				outs[i] = outcome{handled: !e.Retry, err: e}
			}
		}
		var keys []string
		indexed := 0
		for i, o := range outs {
			key := part[i].key
			if o.handled {
				keys = append(keys, key)
				delete(attempts, key)
			} else {
				attempts[key]++
			}
			if o.article != nil {
				indexed++
				if o.fallback {
					rep.fallbacks++
				}
			}
			if o.skipped {
				rep.skipped++
			}
			if o.handled && o.article == nil && !o.skipped {
				rep.dropped++
			}
			if o.err != nil {
				rep.fail(*o.err)
			}
		}
		rep.indexed += indexed
		done(keys, indexed)
	}
	return rep, nil
}

// safeItem is item with a panic of the HTML parsers, which read what any
// site sends, turned into that item's failure instead of the daemon's end.
func (p *processor) safeItem(ctx context.Context, it *item, source string, tries int) (out outcome) {
	defer func() {
		if v := recover(); v != nil {
			p.log.Error("panic while reading an item's page", "link", it.link, "panic", v)
			out = outcome{handled: true, err: &ItemError{Link: it.link, Error: fmt.Sprintf("reading the page failed (%v)", v)}}
		}
	}()
	return p.item(ctx, it, source, tries)
}

// item fetches one item's page and builds its article. tries is how many
// times the item failed before.
func (p *processor) item(ctx context.Context, it *item, source string, tries int) outcome {
	if it.link != "" {
		known, err := p.sink.Has(ctx, ArticleID(it.key))
		if err != nil {
			return outcome{err: &ItemError{Link: it.link, Error: err.Error(), Retry: true}}
		}
		if known {
			return outcome{handled: true, skipped: true}
		}
	}
	st := story{item: it, source: source, fetchedAt: time.Now()}
	var pageErr error
	if it.link != "" {
		resp, err := p.fetch.get(ctx, it.link, acceptPage, validators{})
		switch {
		case err != nil:
			pageErr = err
		case detect(resp) != kindPage:
			pageErr = &FetchError{URL: it.link, Err: fmt.Errorf("not an HTML page (%s)", resp.mediaType)}
		default:
			st.fetchedAt, st.finalURL = resp.fetchedAt, resp.url
			st.page, pageErr = extractPage(resp)
		}
	}
	if pageErr != nil {
		if ctx.Err() != nil {
			return outcome{err: &ItemError{Link: it.link, Error: ctx.Err().Error(), Retry: true}}
		}
		var fe *FetchError
		temporary := errors.As(pageErr, &fe) && fe.Temporary
		if temporary && tries+1 < maxAttempts {
			return outcome{err: &ItemError{Link: it.link, Error: pageErr.Error(), Retry: true}}
		}
		// A page that is gone, refused or not HTML, or that failed too
		// often: the item's own text is all there is.
		st.page, st.finalURL = nil, nil
		a, _, err := st.build()
		if err != nil {
			return outcome{handled: true, err: &ItemError{Link: it.link, Error: pageErr.Error() + "; and the item has no text of its own"}}
		}
		p.log.Info("page not used; indexed the item's own text", "link", it.link, "err", pageErr)
		return outcome{article: &a, handled: true, fallback: true,
			err: &ItemError{Link: it.link, Error: pageErr.Error(), FromItemText: true}}
	}
	a, dateFrom, err := st.build()
	if err != nil {
		return outcome{handled: true, err: &ItemError{Link: it.link, Error: errText(err)}}
	}
	if dateFrom == dateFetchTime {
		p.log.Info("no publication date in the feed or the page; using the fetch time", "link", it.link, "published_at", a.PublishedAt)
	}
	if it.link != "" && a.ID != ArticleID(it.key) {
		// The page names another canonical URL: it may be indexed already.
		known, err := p.sink.Has(ctx, a.ID)
		if err != nil {
			return outcome{err: &ItemError{Link: it.link, Error: err.Error(), Retry: true}}
		}
		if known {
			return outcome{handled: true, skipped: true}
		}
	}
	return outcome{article: &a, handled: true}
}

// errText is an error without the index's kind suffix.
func errText(err error) string {
	msg := err.Error()
	for _, kind := range []error{index.ErrInvalid} {
		if errors.Is(err, kind) {
			if trimmed, ok := cutSuffix(msg, ": "+kind.Error()); ok {
				msg = trimmed
			}
		}
	}
	return msg
}

func cutSuffix(s, suffix string) (string, bool) {
	if len(s) >= len(suffix) && s[len(s)-len(suffix):] == suffix {
		return s[:len(s)-len(suffix)], true
	}
	return s, false
}
