package client

import (
	"context"
	"io"
	"net/http"
	"strings"
)

// ExportRequest asks for every hit of a search, streamed.
type ExportRequest struct {
	// Search gives the query, filters, order (-published_at, the default,
	// or published_at) and expand; its page, size, search_after, facets,
	// histogram and highlight must be left unset, as the daemon refuses
	// them for an export.
	Search SearchRequest
	Format string   // ndjson (the default: one JSON object a line) or csv (a header row first)
	Fields []string // the columns, in order; none means the daemon's default set
}

// Export streams every hit of a search to w, a page at a time on the
// daemon, and returns the bytes written (GET /api/v1/export). The call has
// no default timeout: bound it with ctx. An export that fails after its
// first bytes is an error, never a short answer taken for a whole one.
func (c *Client) Export(ctx context.Context, r ExportRequest, w io.Writer) (int64, error) {
	v := r.Search.Values()
	if r.Format != "" {
		v.Set("format", r.Format)
	}
	if len(r.Fields) > 0 {
		v.Set("fields", strings.Join(r.Fields, ","))
	}
	req := request{method: http.MethodGet, path: "/api/v1/export", query: v, sink: w}
	err := c.do(ctx, &req, nil)
	return req.copied, err
}
