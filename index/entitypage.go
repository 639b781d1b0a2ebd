package index

// Entity pages: what the index holds on one entity.

import (
	"cmp"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"sync"
	"time"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/search/query"

	"github.com/searchd/searchd/extract"
	"github.com/searchd/searchd/mapping"
)

// EntityPage is the answer of Entity.
type EntityPage struct {
	EntityKey
	// Aliases are the forms the entity is written in, with how many
	// mentions use each, read from its AliasesFrom latest articles.
	Aliases     []Alias                  `json:"aliases"`
	AliasesFrom int                      `json:"aliases_from"`
	Count       int                      `json:"count"` // articles holding it
	FirstSeen   time.Time                `json:"first_seen"`
	LastSeen    time.Time                `json:"last_seen"`
	Cooccurring map[string][]Cooccurrent `json:"cooccurring"` // per type, against the whole index
	Trend       *Histogram               `json:"trend"`       // monthly
	Latest      []Hit                    `json:"latest"`
	TookMs      float64                  `json:"took_ms"`
}

// Alias is one written form of an entity.
type Alias struct {
	Text     string `json:"text"`
	Mentions int    `json:"mentions"`
}

// EntityPageOptions says how much an EntityPage lists.
type EntityPageOptions struct {
	Size   int // co-occurring entities per type; 0 means 10
	Latest int // latest articles; 0 means 10
}

// aliasArticles is how many of an entity's latest articles its aliases are
// read from: reading every article of a frequent entity would cost seconds.
const aliasArticles = 50

// Entity describes the entity of type typ named name (any alias, resolved
// as ResolveEntity does): its articles, when first and last published, the
// entities most often beside it, its monthly trend and its latest
// articles. An entity no article holds is a NotFound error.
func (ix *Index) Entity(ctx context.Context, typ, name string, o EntityPageOptions) (*EntityPage, error) {
	start := time.Now()
	size, err := sizeParam("size", o.Size, 10, ix.limits.MaxFacetSize)
	if err != nil {
		return nil, err
	}
	latest, err := sizeParam("latest", o.Latest, 10, ix.limits.MaxPageSize)
	if err != nil {
		return nil, err
	}
	e, err := ix.ResolveEntity(ctx, "value", typ, name)
	if err != nil {
		return nil, err
	}
	eq := entityQuery(e)
	page := &EntityPage{EntityKey: e}
	// One pass counts the entity's companions and months; the months then
	// bound the searches for its newest and oldest articles, which would
	// otherwise read the publication time of every article it has.
	trend := newPeriods()
	with, err := ix.countTypes(ctx, eq, AnalystTypes, periodVisitor(IntervalMonth, trend.add))
	if err != nil {
		return nil, fmt.Errorf("entity: %w", err)
	}
	if with.total == 0 {
		return nil, entityGone(e) // deleted since it was resolved
	}
	sampleCount := max(latest, aliasArticles)
	since := newestMonths(trend, sampleCount)
	var (
		newest, oldest *bleve.SearchResult
		errList        [2]error
		wg             sync.WaitGroup
	)
	wg.Go(func() {
		defer recoverInto(&errList[0])
		req := bleve.NewSearchRequestOptions(bleve.NewConjunctionQuery(eq, publishedRange(since, time.Time{})), sampleCount, 0, false)
		req.Score = bleve.ScoreNone
		req.SortBy([]string{"-" + mapping.FieldPublishedAt, "_id"})
		req.Fields = []string{mapping.FieldSummary, mapping.FieldStored}
		newest, errList[0] = ix.bi.SearchInContext(ctx, req)
	})
	wg.Go(func() {
		defer recoverInto(&errList[1])
		req := bleve.NewSearchRequestOptions(bleve.NewConjunctionQuery(eq, publishedRange(time.Time{}, nextBucket(IntervalMonth, trend.lo))), 1, 0, false)
		req.Score = bleve.ScoreNone
		req.SortBy([]string{mapping.FieldPublishedAt, "_id"})
		req.Fields = []string{mapping.FieldSummary}
		oldest, errList[1] = ix.bi.SearchInContext(ctx, req)
	})
	wg.Wait()
	if err := errors.Join(errList[:]...); err != nil {
		if ctxErr := ctx.Err(); ctxErr != nil {
			return nil, fmt.Errorf("entity: %w", ctxErr)
		}
		return nil, fmt.Errorf("entity: %w", err)
	}
	if len(newest.Hits) == 0 || len(oldest.Hits) == 0 {
		return nil, entityGone(e)
	}
	bg, err := ix.background(ctx)
	if err != nil {
		return nil, err
	}
	page.Count = with.total
	page.Cooccurring = cooccurrents(e, with, bg, AnalystTypes, size)
	page.Latest = make([]Hit, 0, latest)
	aliases := map[string]int{}
	for i, h := range newest.Hits {
		if i < latest {
			hit, err := decodeHit(h)
			if err != nil {
				return nil, err
			}
			page.Latest = append(page.Latest, hit)
		}
		if err := countAliases(h.Fields[mapping.FieldStored], e, aliases); err != nil {
			return nil, fmt.Errorf("entity: article %q: %w", h.ID, err)
		}
	}
	page.AliasesFrom = len(newest.Hits)
	page.Aliases = make([]Alias, 0, len(aliases))
	for text, n := range aliases {
		page.Aliases = append(page.Aliases, Alias{Text: text, Mentions: n})
	}
	slices.SortFunc(page.Aliases, func(a, b Alias) int {
		return cmp.Or(cmp.Compare(b.Mentions, a.Mentions), cmp.Compare(a.Text, b.Text))
	})
	page.LastSeen = page.Latest[0].PublishedAt
	first, err := decodeHit(oldest.Hits[0])
	if err != nil {
		return nil, err
	}
	page.FirstSeen = first.PublishedAt
	interval := IntervalMonth
	if bucketCount(interval, trend.lo, trend.hi) > maxTrendBuckets {
		// A span of a century: years, computed from the months.
		interval = IntervalYear
		yearly := newPeriods()
		for t, n := range trend.counts {
			yearly.addN(bucketStart(interval, t), n)
		}
		trend = yearly
	}
	page.Trend = &Histogram{Interval: interval, Buckets: trend.buckets(interval, trend.lo, trend.hi)}
	page.TookMs = msSince(start)
	return page, nil
}

// newestMonths is the start of the latest month from which the counted
// months hold at least n articles (the first month when they never do).
func newestMonths(p *periods, n int) time.Time {
	months := make([]time.Time, 0, len(p.counts))
	for m := range p.counts {
		months = append(months, m)
	}
	slices.SortFunc(months, func(a, b time.Time) int { return b.Compare(a) })
	held := 0
	for _, m := range months {
		held += p.counts[m]
		if held >= n {
			return m
		}
	}
	return p.lo
}

// publishedRange matches articles published from start (inclusive) to
// end (exclusive); a zero bound is open.
func publishedRange(start, end time.Time) query.Query {
	inclusive, exclusive := true, false
	q := bleve.NewDateRangeInclusiveQuery(start, end, &inclusive, &exclusive)
	q.SetField(mapping.FieldPublishedAt)
	return q
}

func entityGone(e EntityKey) error {
	return fmt.Errorf("no article mentions the %s %q: %w", e.Type, e.Value, ErrNotFound)
}

// countAliases adds the mention texts of e in a stored article to aliases.
func countAliases(stored any, e EntityKey, aliases map[string]int) error {
	raw, _ := stored.(string)
	if raw == "" {
		return nil
	}
	var a struct {
		Entities Entities `json:"entities"`
	}
	if err := json.Unmarshal([]byte(raw), &a); err != nil {
		return err
	}
	var list []extract.Entity
	switch e.Type {
	case FacetCountry:
		list = a.Entities.Countries
	case FacetGroup:
		list = a.Entities.Groups
	case FacetPerson:
		list = a.Entities.Persons
	case FacetPlace:
		list = a.Entities.Places
	}
	for _, ent := range list {
		if ent.Value != e.Value {
			continue
		}
		for _, m := range ent.Mentions {
			aliases[m.Text]++
		}
	}
	return nil
}
