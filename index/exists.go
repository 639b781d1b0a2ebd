package index

import (
	"context"
	"fmt"
)

// Has reports whether an article with this id is indexed. Feeds ask it
// before fetching a story's page, so that a story seen in an earlier poll or
// another feed is neither fetched nor indexed again.
func (ix *Index) Has(ctx context.Context, id string) (bool, error) {
	if err := ctx.Err(); err != nil {
		return false, err
	}
	doc, err := ix.bi.Document(id)
	if err != nil {
		return false, fmt.Errorf("look up article %q: %w", id, err)
	}
	return doc != nil, nil
}
