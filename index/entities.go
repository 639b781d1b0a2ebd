package index

// Listing the entity values of the index, for the find box.

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/blevesearch/bleve/v2"

	"github.com/searchd/searchd/extract"
)

// EntityTypes are the types Entities can list.
var EntityTypes = []string{FacetCountry, FacetAboutCountry, FacetGroup, FacetPerson, FacetPlace, FacetSource}

// maxEntityScan bounds how many distinct values Entities reads for one type.
const maxEntityScan = 100000

// allEntities counts every value of an entity type, reusing the counts
// until the next write: a find box asks again at every keystroke.
func (ix *Index) allEntities(ctx context.Context, typ, field string) ([]FacetValue, error) {
	epoch := ix.writes.Load()
	key := "entities\x00" + typ
	if c, ok := ix.facets.get(key, epoch); ok {
		return c.values, nil
	}
	req := bleve.NewSearchRequestOptions(bleve.NewMatchAllQuery(), 0, 0, false)
	req.Score = bleve.ScoreNone
	req.AddFacet(typ, bleve.NewFacetRequest(field, maxEntityScan))
	res, err := ix.bi.SearchInContext(ctx, req)
	if err != nil {
		if ctxErr := ctx.Err(); ctxErr != nil {
			return nil, fmt.Errorf("entities: %w", ctxErr)
		}
		return nil, fmt.Errorf("entities: %w", err)
	}
	values, meta := ix.facetValues(typ, res.Facets[typ])
	ix.facets.put(key, epoch, cachedFacet{values: values, meta: meta})
	return values, nil
}

// Entities lists the known values of one entity type with their article
// counts, most frequent first. A non-empty prefix keeps values whose value,
// label or any word of them starts with it, ignoring case and accents.
func (ix *Index) Entities(ctx context.Context, typ, prefix string, size int) ([]FacetValue, error) {
	field, ok := facetField[typ]
	if !ok || !slices.Contains(EntityTypes, typ) {
		return nil, invalid("type", "want one of %s, got %q", strings.Join(EntityTypes, ", "), typ)
	}
	if size == 0 {
		size = 20
	}
	if size < 1 || size > ix.limits.MaxFacetSize {
		return nil, invalid("size", "must be between 1 and %d, got %d", ix.limits.MaxFacetSize, size)
	}
	if extract.Fold(prefix) != "" && slices.Contains(SuggestTypes, typ) {
		// Aliases count: "irgc" lists the Islamic Revolutionary Guard
		// Corps, "Iranian" Iran.
		found, err := ix.Suggest(ctx, prefix, []string{typ}, size)
		if err != nil {
			return nil, err
		}
		out := make([]FacetValue, len(found))
		for i, s := range found {
			out[i] = FacetValue{Value: s.Value, Label: s.Label, Count: s.Count}
		}
		return out, nil
	}
	all, err := ix.allEntities(ctx, typ, field)
	if err != nil {
		return nil, err
	}
	want := extract.Fold(prefix)
	out := []FacetValue{}
	for _, v := range all {
		if want == "" || matchesPrefix(v.Value, want) || matchesPrefix(v.Label, want) {
			out = append(out, v)
			if len(out) == size {
				break
			}
		}
	}
	return out, nil
}

func matchesPrefix(s, foldedPrefix string) bool {
	f := extract.Fold(s)
	if strings.HasPrefix(f, foldedPrefix) {
		return true
	}
	for i := 0; i < len(f); i++ {
		if (f[i] == ' ' || f[i] == '-') && strings.HasPrefix(f[i+1:], foldedPrefix) {
			return true
		}
	}
	return false
}
