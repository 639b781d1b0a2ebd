package index

// Hits as a search returns them: decoded summaries and highlights.

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/analysis/char/html"
	"github.com/blevesearch/bleve/v2/search"

	"github.com/searchd/searchd/mapping"
)

// Hit is one matching article.
type Hit struct {
	ID          string              `json:"id"`
	Title       string              `json:"title"`
	URL         string              `json:"url,omitempty"`
	Source      string              `json:"source,omitempty"`
	PublishedAt time.Time           `json:"published_at"`
	Score       float64             `json:"score"`
	Highlights  map[string][]string `json:"highlights,omitempty"`
	Snippet     string              `json:"snippet,omitempty"` // plain text (escape it): the start of the body
	Story       string              `json:"story,omitempty"`   // the id shared by the article's wire copies
	// Copies, under collapse, is how many matching articles the hit's
	// story has, itself included; Others lists the others (collapse.go).
	Copies   int         `json:"copies,omitempty"`
	Others   []StoryCopy `json:"others,omitempty"`
	Entities HitEntities `json:"entities"`
}

// highlight sets the fragments of a page of hits, found by a second search
// restricted to them: highlighting the ranked search would make Bleve read
// the term positions of every match instead of those of the page.
func (ix *Index) highlight(ctx context.Context, p *plan, hits []*search.DocumentMatch) error {
	ids := make([]string, len(hits))
	for i, h := range hits {
		ids[i] = h.ID
	}
	q := bleve.NewConjunctionQuery(bleve.NewDocIDQuery(ids), p.main)
	req := bleve.NewSearchRequestOptions(q, len(ids), 0, false)
	req.Score = bleve.ScoreNone
	req.Highlight = bleve.NewHighlightWithStyle(html.Name)
	req.Highlight.AddField(mapping.FieldTitle)
	req.Highlight.AddField(mapping.FieldBody)
	res, err := ix.bi.SearchInContext(ctx, req)
	if err != nil {
		return err
	}
	fragments := make(map[string]search.FieldFragmentMap, len(res.Hits))
	for _, h := range res.Hits {
		fragments[h.ID] = h.Fragments
	}
	for _, h := range hits {
		h.Fragments = fragments[h.ID]
	}
	return nil
}

func decodeHit(h *search.DocumentMatch) (Hit, error) {
	raw, _ := h.Fields[mapping.FieldSummary].(string)
	var s summary
	if err := json.Unmarshal([]byte(raw), &s); err != nil {
		return Hit{}, fmt.Errorf("decode summary of %q: %w", h.ID, err)
	}
	hit := Hit{ID: h.ID, Title: s.Title, URL: s.URL, Source: s.Source, PublishedAt: s.PublishedAt,
		Score: h.Score, Snippet: s.Snippet, Story: s.Story, Entities: s.Entities}
	if len(h.Fragments) > 0 {
		hit.Highlights = make(map[string][]string, len(h.Fragments))
		for field, frags := range h.Fragments {
			trimmed := make([]string, len(frags))
			for i, f := range frags {
				trimmed[i] = trimFragment(f)
			}
			hit.Highlights[field] = trimmed
		}
	}
	return hit, nil
}

// ellipsis is what Bleve's fragmenter puts where it cut the text.
const ellipsis = "…"

// trimFragment drops the partial words Bleve's fixed-size fragmenter leaves
// at a cut ("…greed on Monday" becomes "… on Monday"), never touching a
// <mark> element or an HTML entity.
func trimFragment(f string) string {
	if rest, ok := strings.CutPrefix(f, ellipsis); ok {
		if i := strings.IndexAny(rest, " \n"); i > 0 && i < 40 && !strings.ContainsAny(rest[:i], "<&") {
			f = ellipsis + rest[i:]
		}
	}
	if rest, ok := strings.CutSuffix(f, ellipsis); ok {
		if i := strings.LastIndexAny(rest, " \n"); i >= 0 && len(rest)-i < 40 && !strings.ContainsAny(rest[i:], "<>&;") {
			f = rest[:i] + " " + ellipsis
		}
	}
	return f
}
