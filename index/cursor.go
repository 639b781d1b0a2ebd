package index

// Deep paging. page × size stops at Limits.MaxResultWindow: Bleve keeps
// from+size hits in a heap to skip the first from, so page 1,000 costs a
// thousand pages. A cursor instead continues after the last hit of a page
// (Bleve's search_after): each page costs the same however deep it is.
//
// A cursor needs an order in which every hit has a distinct place: the
// date orders, whose _id tie-breaker makes them total. Relevance has no
// cursor: it is sorted by score alone (a tie-breaker costs 30-45% of query
// time, see compile), and scores move as the index changes between pages.

import (
	"encoding/base64"
	"encoding/json"
	"fmt"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/numeric"
)

// cursor is what a cursor string holds: the order it was made for and the
// sort values of the hit it continues after.
type cursor struct {
	Sort string `json:"o"`
	Time int64  `json:"t"` // published_at of the hit, Unix nanoseconds
	ID   string `json:"id"`
}

// encodeCursor makes the cursor that continues after the hit whose Bleve
// sort values are sort: published_at prefix-coded, then the id.
func encodeCursor(sortName string, sort []string) (string, error) {
	if len(sort) != 2 {
		return "", fmt.Errorf("cursor: want 2 sort values, got %d", len(sort))
	}
	t, err := numeric.PrefixCoded(sort[0]).Int64()
	if err != nil {
		return "", fmt.Errorf("cursor: published_at sort value: %w", err)
	}
	raw, err := json.Marshal(cursor{Sort: sortName, Time: t, ID: sort[1]})
	if err != nil {
		return "", err
	}
	return base64.RawURLEncoding.EncodeToString(raw), nil
}

// decodeCursor reads a cursor for a search in the order sortName and
// returns Bleve's search_after values.
func decodeCursor(s, sortName string) ([]string, error) {
	raw, err := base64.RawURLEncoding.DecodeString(s)
	if err != nil {
		return nil, invalid("search_after", "not a cursor: pass the \"next\" of an earlier response unchanged")
	}
	var c cursor
	if err := json.Unmarshal(raw, &c); err != nil || c.ID == "" || len(c.ID) > maxIDLength {
		return nil, invalid("search_after", "not a cursor: pass the \"next\" of an earlier response unchanged")
	}
	if c.Sort != sortName {
		return nil, invalid("search_after", "the cursor continues a search sorted by %s, this one is sorted by %s", c.Sort, sortName)
	}
	return []string{string(numeric.MustNewPrefixCodedInt64(c.Time, 0)), c.ID}, nil
}

// setCursor applies q.SearchAfter to the plan: the page then starts after
// the cursor's hit, and page must be 1.
func (p *plan) setCursor(q Query) error {
	if q.SearchAfter == "" {
		return nil
	}
	if p.sortName == SortRelevance {
		return invalid("search_after", "relevance has no cursor (its order moves as the index changes); "+
			"sort by %s or %s to read page after page", SortPublishedDesc, SortPublished)
	}
	if p.page != 1 {
		return invalid("search_after", "cannot be combined with page %d: a cursor already says where the page starts", p.page)
	}
	after, err := decodeCursor(q.SearchAfter, p.sortName)
	if err != nil {
		return err
	}
	p.after = after
	return nil
}

// fetchSize is how many hits the ranked request asks for: in an order with
// cursors, one more than the page, which tells whether a next page exists.
func (p *plan) fetchSize() int {
	if p.sortName == SortRelevance || p.size == 0 {
		return p.size
	}
	return p.size + 1
}

// nextCursor drops the hit beyond the page that fetchSize asked for, and
// returns the cursor of the next page, or "" when there is none: the order
// has no cursors, or no hit follows the page.
func (p *plan) nextCursor(res *bleve.SearchResult) (string, error) {
	if len(res.Hits) <= p.size || p.size == 0 {
		return "", nil
	}
	res.Hits = res.Hits[:p.size]
	return encodeCursor(p.sortName, res.Hits[len(res.Hits)-1].Sort)
}
