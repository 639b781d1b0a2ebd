package client

import (
	"context"
	"io"
	"net/http"
	"net/url"
	"time"
)

// SavedRequest saves a search under a name.
type SavedRequest struct {
	Name     string        `json:"name"` // letters, digits, '.', '_', '-'; at most 64
	Query    SearchRequest `json:"query"`
	Collapse string        `json:"collapse,omitempty"` // "story": wire copies collapsed
	// Webhook, an http(s) URL, is POSTed the articles newly matching after
	// each ingest batch, signed with WebhookSecret (X-Searchd-Signature).
	Webhook       string `json:"webhook,omitempty"`
	WebhookSecret string `json:"webhook_secret,omitempty"`
}

// Saved is a saved search with its count of new articles and its
// webhook's delivery status.
type Saved struct {
	Name          string        `json:"name"`
	Query         SearchRequest `json:"query"`
	Collapse      string        `json:"collapse,omitempty"`
	Webhook       string        `json:"webhook,omitempty"`
	WebhookSecret string        `json:"webhook_secret,omitempty"` // "<redacted>" when one is set
	CreatedAt     time.Time     `json:"created_at"`
	SeenAt        time.Time     `json:"seen_at"` // last marked read (MarkSavedSeen)
	// NewCount is how many articles indexed since SeenAt match (at most
	// 1000; NewMore when more did).
	NewCount int            `json:"new_count"`
	NewMore  bool           `json:"new_more"`
	Delivery *SavedDelivery `json:"delivery,omitempty"` // nil without a webhook
}

// SavedDelivery is how a saved search's webhook deliveries go.
type SavedDelivery struct {
	Delivered   int        `json:"delivered"` // articles delivered, ever
	Failures    int        `json:"failures"`  // consecutive failed attempts
	LastAttempt *time.Time `json:"last_attempt"`
	LastSuccess *time.Time `json:"last_success"`
	LastStatus  int        `json:"last_status"` // HTTP status of the last attempt; 0 without an answer
	LastError   string     `json:"last_error"`
	NextAttempt *time.Time `json:"next_attempt"`
	Pending     int        `json:"pending"`           // matches waiting to be delivered
	Dropped     int        `json:"dropped,omitempty"` // matches never delivered
	Status      string     `json:"status"`            // none, ok, pending or failing
}

// SavedList is the answer of GET /api/v1/saved.
type SavedList struct {
	Saved []Saved `json:"saved"`
}

// SavedDeleted is the answer of DELETE /api/v1/saved/{name}.
type SavedDeleted struct {
	Name    string `json:"name"`
	Deleted bool   `json:"deleted"`
}

// SaveSearch saves a search (POST /api/v1/saved; a write key when the
// daemon has any). A name in use is an *Error with CodeConflict; a query
// a search would refuse is a 400 naming "query.<param>".
func (c *Client) SaveSearch(ctx context.Context, r SavedRequest) (*Saved, error) {
	return call[Saved](ctx, c, request{method: http.MethodPost, path: "/api/v1/saved", body: r, want: http.StatusCreated})
}

// SavedSearches lists the saved searches (GET /api/v1/saved).
func (c *Client) SavedSearches(ctx context.Context) (*SavedList, error) {
	return call[SavedList](ctx, c, request{method: http.MethodGet, path: "/api/v1/saved"})
}

// SavedSearch returns one saved search (GET /api/v1/saved/{name}).
func (c *Client) SavedSearch(ctx context.Context, name string) (*Saved, error) {
	return call[Saved](ctx, c, request{method: http.MethodGet, path: savedPath(name)})
}

// DeleteSaved forgets a saved search (DELETE /api/v1/saved/{name}).
func (c *Client) DeleteSaved(ctx context.Context, name string) (*SavedDeleted, error) {
	return call[SavedDeleted](ctx, c, request{method: http.MethodDelete, path: savedPath(name)})
}

// MarkSavedSeen marks a saved search's new articles read (POST
// /api/v1/saved/{name}/seen): its NewCount starts again from 0.
func (c *Client) MarkSavedSeen(ctx context.Context, name string) (*Saved, error) {
	return call[Saved](ctx, c, request{method: http.MethodPost, path: savedPath(name) + "/seen"})
}

// SavedFeed writes the Atom 1.0 feed of a saved search's newest matches
// (GET /api/v1/saved/{name}/feed.atom) to w, returning the bytes written.
func (c *Client) SavedFeed(ctx context.Context, name string, w io.Writer) (int64, error) {
	r := request{method: http.MethodGet, path: savedPath(name) + "/feed.atom", sink: w}
	err := c.do(ctx, &r, nil)
	return r.copied, err
}

func savedPath(name string) string { return "/api/v1/saved/" + url.PathEscape(name) }
