package index

// Significant entities: the values of a type unusually frequent among a
// search's articles compared with the whole index, by the JLH score.

import (
	"cmp"
	"context"
	"slices"
	"strings"
	"time"
)

// Significance is the answer of Significant.
type Significance struct {
	Type     string              `json:"type"`
	FgTotal  int                 `json:"fg_total"` // articles the search matches
	BgTotal  int                 `json:"bg_total"` // articles in the index
	Score    string              `json:"score"`    // the score's name: jlh
	Entities []SignificantEntity `json:"entities"`
	TookMs   float64             `json:"took_ms"`
}

// SignificantEntity is one value of a Significance, with the counts its
// score is computed from.
type SignificantEntity struct {
	Value   string  `json:"value"`
	Label   string  `json:"label"`
	Fg      int     `json:"fg"`       // matching articles with the value
	FgTotal int     `json:"fg_total"` // matching articles
	Bg      int     `json:"bg"`       // articles of the index with the value
	BgTotal int     `json:"bg_total"` // articles of the index
	Score   float64 `json:"score"`
}

// SignificantOptions says which entities Significant lists.
type SignificantOptions struct {
	Type  string // an entity type (AnalystTypes)
	Size  int    // how many; 0 means 10
	MinFg int    // the fewest matching articles a value needs; 0 means 3
}

// Significant lists the values of a type whose share of the articles q
// matches most exceeds their share of the whole index, by JLH, highest
// first (ties: more matching articles first, then by value). Counts are
// exact; only values in at least MinFg matching articles and more frequent
// there than in the index are listed.
func (ix *Index) Significant(ctx context.Context, q Query, o SignificantOptions) (*Significance, error) {
	start := time.Now()
	if o.Type == "" {
		return nil, invalid("type", "required: one of %s", strings.Join(AnalystTypes, ", "))
	}
	if _, err := parseTypes("type", []string{o.Type}); err != nil {
		return nil, err
	}
	if strings.Contains(o.Type, ",") {
		return nil, invalid("type", "one type at a time, got %q", o.Type)
	}
	size, err := sizeParam("size", o.Size, 10, ix.limits.MaxFacetSize)
	if err != nil {
		return nil, err
	}
	minFg := o.MinFg
	if minFg == 0 {
		minFg = 3
	}
	if minFg < 1 {
		return nil, invalid("min_fg", "must be 1 or more, got %d", o.MinFg)
	}
	sc, err := ix.scope(ctx, q)
	if err != nil {
		return nil, err
	}
	bg, err := ix.background(ctx)
	if err != nil {
		return nil, err
	}
	fg, err := ix.searchCounts(ctx, sc, []string{o.Type}, q.NoCache)
	if err != nil {
		return nil, err
	}
	out := &Significance{Type: o.Type, FgTotal: fg.total, BgTotal: bg.total, Score: ScoreJLH, Entities: []SignificantEntity{}}
	for _, v := range fg.list(o.Type) {
		if v.Count < minFg {
			break // most frequent first
		}
		b := bg.count(o.Type, v.Value)
		s := jlh(v.Count, fg.total, b, bg.total)
		if s <= 0 {
			continue
		}
		out.Entities = append(out.Entities, SignificantEntity{Value: v.Value, Label: v.Label, Fg: v.Count, FgTotal: fg.total,
			Bg: b, BgTotal: bg.total, Score: s})
	}
	slices.SortFunc(out.Entities, func(a, b SignificantEntity) int {
		return cmp.Or(cmp.Compare(b.Score, a.Score), cmp.Compare(b.Fg, a.Fg), cmp.Compare(a.Value, b.Value))
	})
	if len(out.Entities) > size {
		out.Entities = out.Entities[:size]
	}
	out.TookMs = msSince(start)
	return out, nil
}
