package index

// An export reads every hit of a search, not a page of it, in constant
// memory: page after page over an order in which every hit has one place
// (published_at, then _id), each page handed to the caller before the next
// is read, each continuing after the last hit of the one before (Bleve's
// search_after) within a window of publication times (see Next). Bleve
// keeps no more than a page of hits for it, however deep the export goes.
//
// The order is by publication, newest first unless the query asks for
// oldest first: relevance cannot be read page after page (its scores move
// as the index changes, and ties have no order). An export reads the live
// index: articles written while it runs may or may not be in it, and none
// appears twice unless its published_at changes meanwhile.

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/numeric"
	"github.com/blevesearch/bleve/v2/search/query"

	"github.com/searchd/searchd/mapping"
)

// DefaultExportPage is how many hits an export reads per search where the
// caller leaves it zero.
const DefaultExportPage = 500

// MaxExportPage bounds the page size an export may ask for.
const MaxExportPage = 5000

// ExportFields are the fields an export row can carry, in their canonical
// order. Entity fields are lists: countries by name (country_codes by ISO
// code; about_countries and about_country_codes the countries the article
// is about), groups, persons and places by canonical name, dates as their
// values.
var ExportFields = []string{"id", "published_at", "title", "url", "source", "authors", "language",
	"countries", "country_codes", "about_countries", "about_country_codes", "groups", "persons", "places", "dates", "snippet"}

// DefaultExportFields are the fields of an export that names none.
var DefaultExportFields = []string{"id", "published_at", "title", "url", "source",
	"countries", "groups", "persons", "places"}

// storedExportFields are the fields only the stored article holds (the
// summary a hit carries lacks them); reading it costs more per hit.
var storedExportFields = []string{"authors", "language"}

// ExportRow is one exported article.
type ExportRow struct {
	ID          string
	Title       string
	URL         string
	Source      string
	Language    string
	Authors     []string
	PublishedAt time.Time
	Snippet     string
	Entities    HitEntities
}

// Value returns the field of the row: a text, or for list fields (authors
// and entities) the list and true.
func (r *ExportRow) Value(field string) (text string, list []string, isList bool) {
	switch field {
	case "id":
		return r.ID, nil, false
	case "published_at":
		return r.PublishedAt.UTC().Format(time.RFC3339), nil, false
	case "title":
		return r.Title, nil, false
	case "url":
		return r.URL, nil, false
	case "source":
		return r.Source, nil, false
	case "language":
		return r.Language, nil, false
	case "snippet":
		return r.Snippet, nil, false
	case "authors":
		return "", r.Authors, true
	case "countries":
		return "", labels(r.Entities.Countries), true
	case "country_codes":
		return "", values(r.Entities.Countries), true
	case "about_countries":
		return "", labels(r.Entities.AboutCountries), true
	case "about_country_codes":
		return "", values(r.Entities.AboutCountries), true
	case "groups":
		return "", values(r.Entities.Groups), true
	case "persons":
		return "", values(r.Entities.Persons), true
	case "places":
		return "", values(r.Entities.Places), true
	case "dates":
		return "", values(r.Entities.Dates), true
	}
	return "", nil, false
}

func values(refs []EntityRef) []string {
	out := make([]string, len(refs))
	for i, e := range refs {
		out[i] = e.Value
	}
	return out
}

func labels(refs []EntityRef) []string {
	out := make([]string, len(refs))
	for i, e := range refs {
		out[i] = e.Label
	}
	return out
}

// ParseExportFields reads a comma-separated list of export fields; empty
// means DefaultExportFields. Unknown or repeated names are refused.
func ParseExportFields(s string) ([]string, error) {
	if strings.TrimSpace(s) == "" {
		return slices.Clone(DefaultExportFields), nil
	}
	var out []string
	for _, f := range strings.Split(s, ",") {
		f = strings.TrimSpace(f)
		switch {
		case f == "":
			return nil, invalid("fields", "empty field name in %q", s)
		case !slices.Contains(ExportFields, f):
			return nil, invalid("fields", "unknown field %q (known: %s)", f, strings.Join(ExportFields, ", "))
		case slices.Contains(out, f):
			return nil, invalid("fields", "field %q is listed twice", f)
		}
		out = append(out, f)
	}
	return out, nil
}

// Exporter reads the hits of one export page after page; see Index.Export.
// It is not safe for concurrent use.
type Exporter struct {
	ix     *Index
	p      *plan
	size   int
	load   []string // the stored fields a page reads
	stored bool     // rows need the stored article, not only the summary
	total  uint64
	done   bool

	// The window of publication times the next page is read from (see
	// Next): offsets from min, the oldest hit's published_at in ns.
	started  bool
	desc     bool
	min      int64
	span     uint64 // max - min
	edge     uint64 // where the hits not yet read start
	edgeIncl bool   // whether hits at edge itself are not read yet
	width    uint64
	after    []string // search_after within the window: the last hit read

	// searched, when set (tests), sees each page's request and result.
	searched func(*bleve.SearchRequest, *bleve.SearchResult)
}

// Export prepares an export of every hit of q with the given fields (from
// ParseExportFields), read pageSize hits at a time (0: DefaultExportPage).
// q's paging, facets, histogram and highlights do not apply; its sort must
// be empty (newest first), published_at or -published_at. Errors name the
// parameter at fault, as Search's do.
func (ix *Index) Export(ctx context.Context, q Query, fields []string, pageSize int) (*Exporter, error) {
	switch {
	case pageSize == 0:
		pageSize = DefaultExportPage
	case pageSize < 0 || pageSize > MaxExportPage:
		return nil, invalid("page_size", "must be between 1 and %d, got %d", MaxExportPage, pageSize)
	}
	if q.Sort == SortRelevance {
		return nil, invalid("sort", "an export is ordered by publication (%s, the default, or %s): "+
			"relevance cannot be read page after page", SortPublishedDesc, SortPublished)
	}
	if q.Sort == "" {
		q.Sort = SortPublishedDesc
	}
	if q.SearchAfter != "" {
		return nil, invalid("search_after", "an export reads every hit; it takes no cursor")
	}
	if q.Collapse != "" {
		return nil, invalid("collapse", "an export reads every article; it does not collapse stories")
	}
	q.Page, q.Size, q.Facets, q.FacetSize, q.Histogram = 0, nil, nil, 0, ""
	// The same checks as a search, so a query too broad to search is refused
	// the same way (kind Expensive, naming q).
	p, err := ix.compileChecked(ctx, q)
	if err != nil {
		return nil, err
	}
	e := &Exporter{ix: ix, p: p, size: pageSize, load: []string{mapping.FieldSummary}}
	for _, f := range fields {
		if slices.Contains(storedExportFields, f) {
			e.stored = true
			e.load = append(e.load, mapping.FieldStored)
			break
		}
	}
	return e, nil
}

// Sort is the order the export applies: published_at or -published_at.
func (e *Exporter) Sort() string { return e.p.sortName }

// Total is the number of hits of the search, known after the first Next.
func (e *Exporter) Total() uint64 { return e.total }

// windowTarget is how many hits, as a multiple of the page size, a page's
// window of publication times should hold.
const windowTarget = 4

// Next reads the next page of rows; an empty page means the export is
// complete.
//
// Bleve's search_after visits every match of the query to find the hits
// after the cursor, so paging through N hits costs N²/page: 12,345 hits
// in pages of 500 took 25 full passes. Each page is therefore read from a
// window of publication times that starts where the last page ended, sized
// to hold about windowTarget pages (it halves or grows from how many the
// previous window held): Bleve then visits the window's matches, not all.
// A full page ends inside its window, and the next one continues after its
// last hit (search_after); a short page ended its window, and the next
// window starts after it.
func (e *Exporter) Next(ctx context.Context) ([]ExportRow, error) {
	if !e.started {
		if err := e.start(ctx); err != nil {
			return nil, err
		}
	}
	for !e.done {
		window, lo, hi, last := e.window()
		req := e.p.request("", e.size, 0)
		req.Query = bleve.NewConjunctionQuery(req.Query, window)
		req.SortBy(e.p.sort)
		req.SearchAfter = e.after
		req.Fields = e.load
		res, err := e.search(ctx, req)
		if err != nil {
			return nil, err
		}
		rows, err := e.rows(res)
		if err != nil {
			return nil, err
		}
		e.adapt(res.Total)
		if len(res.Hits) == e.size {
			h := res.Hits[len(res.Hits)-1]
			t, err := numeric.PrefixCoded(h.Sort[0]).Int64()
			if err != nil {
				return nil, fmt.Errorf("export: sort value of %q: %w", h.ID, err)
			}
			e.edge, e.edgeIncl, e.after = uint64(t)-uint64(e.min), true, slices.Clone(h.Sort)
			return rows, nil
		}
		// The window is read to its end: the next starts after it.
		e.after = nil
		if last {
			e.done = true
		} else if e.desc {
			e.edge, e.edgeIncl = lo, false
		} else {
			e.edge, e.edgeIncl = hi, false
		}
		if len(rows) > 0 {
			return rows, nil
		}
	}
	return nil, nil
}

// start finds the oldest and newest hits, whose publication times bound
// the windows, and the total.
func (e *Exporter) start(ctx context.Context) error {
	e.started = true
	e.desc = e.p.sortName == SortPublishedDesc
	var bounds [2]int64
	for i, order := range []string{mapping.FieldPublishedAt, "-" + mapping.FieldPublishedAt} {
		req := e.p.request("", 1, 0)
		req.SortBy([]string{order})
		res, err := e.search(ctx, req)
		if err != nil {
			return err
		}
		e.total = res.Total
		if len(res.Hits) == 0 {
			e.done = true
			return nil
		}
		if bounds[i], err = numeric.PrefixCoded(res.Hits[0].Sort[0]).Int64(); err != nil {
			return fmt.Errorf("export: sort value of %q: %w", res.Hits[0].ID, err)
		}
	}
	e.min, e.span = bounds[0], uint64(bounds[1])-uint64(bounds[0])
	if e.desc {
		e.edge = e.span
	}
	e.edgeIncl = true
	e.width = max(1, uint64(float64(e.span)*float64(windowTarget*e.size)/float64(e.total)))
	return nil
}

// window returns the query of the next page's window of publication times,
// its bounds, and whether it reaches the end of the export.
func (e *Exporter) window() (q query.Query, lo, hi uint64, last bool) {
	loIncl, hiIncl := true, true
	if e.desc {
		hi, hiIncl = e.edge, e.edgeIncl
		lo = e.edge - min(e.width, e.edge)
		last = lo == 0
	} else {
		lo, loIncl = e.edge, e.edgeIncl
		hi = e.edge + min(e.width, e.span-e.edge)
		last = hi == e.span
	}
	at := func(off uint64) time.Time { return time.Unix(0, int64(uint64(e.min)+off)) }
	drq := bleve.NewDateRangeInclusiveQuery(at(lo), at(hi), &loIncl, &hiIncl)
	drq.SetField(mapping.FieldPublishedAt)
	return drq, lo, hi, last
}

// adapt sizes the next window from how many hits the last one held.
func (e *Exporter) adapt(held uint64) {
	target := float64(windowTarget * e.size)
	f := 8.0
	if held > 0 {
		f = min(8, max(0.125, target/float64(held)))
	}
	w := float64(e.width) * f
	switch {
	case w < 1:
		e.width = 1
	case w > float64(e.span):
		e.width = e.span
	default:
		e.width = uint64(w)
	}
	e.width = max(e.width, 1)
}

func (e *Exporter) search(ctx context.Context, req *bleve.SearchRequest) (*bleve.SearchResult, error) {
	res, err := e.ix.bi.SearchInContext(ctx, req)
	if err != nil {
		if ctxErr := ctx.Err(); ctxErr != nil {
			return nil, fmt.Errorf("export: %w", ctxErr)
		}
		return nil, fmt.Errorf("export: %w", err)
	}
	if e.searched != nil {
		e.searched(req, res)
	}
	return res, nil
}

// rows decodes a page's hits.
func (e *Exporter) rows(res *bleve.SearchResult) ([]ExportRow, error) {
	rows := make([]ExportRow, 0, len(res.Hits))
	for _, h := range res.Hits {
		hit, err := decodeHit(h)
		if err != nil {
			return nil, fmt.Errorf("export: %w", err)
		}
		row := ExportRow{ID: hit.ID, Title: hit.Title, URL: hit.URL, Source: hit.Source,
			PublishedAt: hit.PublishedAt, Snippet: hit.Snippet, Entities: hit.Entities}
		if e.stored {
			raw, _ := h.Fields[mapping.FieldStored].(string)
			var a struct {
				Language string   `json:"language"`
				Authors  []string `json:"authors"`
			}
			if err := json.Unmarshal([]byte(raw), &a); err != nil {
				return nil, fmt.Errorf("export: decode stored article %q: %w", h.ID, err)
			}
			row.Language, row.Authors = a.Language, a.Authors
		}
		rows = append(rows, row)
	}
	return rows, nil
}
