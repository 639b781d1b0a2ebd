package client

import (
	"context"
	"net/http"
	"net/url"
	"time"
)

// Feed is a news feed the daemon polls and how its polling goes.
type Feed struct {
	ID          string          `json:"id"`
	URL         string          `json:"url"`
	Interval    string          `json:"interval"` // a Go duration: "15m0s"
	Origin      string          `json:"origin"`   // config (feeds.sources) or api (added at run time)
	Title       string          `json:"title,omitempty"`
	AddedAt     time.Time       `json:"added_at"`
	LastPoll    *time.Time      `json:"last_poll"`
	LastSuccess *time.Time      `json:"last_success"`
	NextPoll    *time.Time      `json:"next_poll"`
	Status      string          `json:"status"` // pending, polling, ok, not_modified, partial, error, interrupted
	LastError   string          `json:"last_error,omitempty"`
	Failures    int             `json:"failures"` // failed polls in a row
	Articles    int             `json:"articles"` // articles indexed from it
	ItemErrors  []FeedItemError `json:"item_errors"`
}

// FeedItemError is an item of the last poll that could not be indexed as
// fetched.
type FeedItemError struct {
	Link         string `json:"link,omitempty"`
	Error        string `json:"error"`
	Retry        bool   `json:"retry"`                    // tried again at the next poll
	FromItemText bool   `json:"from_item_text,omitempty"` // the item's own text was indexed instead
}

// FeedList is the answer of GET /api/v1/feeds.
type FeedList struct {
	Feeds []Feed `json:"feeds"`
}

// FeedRequest adds a feed.
type FeedRequest struct {
	URL string `json:"url"`
	// Interval between polls, a Go duration such as "30m"; empty for the
	// daemon's feeds.default_interval.
	Interval string `json:"interval,omitempty"`
}

// FeedDeleted is the answer of DELETE /api/v1/feeds/{id}.
type FeedDeleted struct {
	ID      string `json:"id"`
	Deleted bool   `json:"deleted"`
}

// Feeds lists the feeds the daemon polls (GET /api/v1/feeds).
func (c *Client) Feeds(ctx context.Context) (*FeedList, error) {
	return call[FeedList](ctx, c, request{method: http.MethodGet, path: "/api/v1/feeds"})
}

// AddFeed adds a feed that the daemon polls from now on and after restarts
// (POST /api/v1/feeds; a write key when the daemon has any). A feed it
// already polls is an *Error with CodeConflict.
func (c *Client) AddFeed(ctx context.Context, r FeedRequest) (*Feed, error) {
	return call[Feed](ctx, c, request{method: http.MethodPost, path: "/api/v1/feeds", body: r, want: http.StatusCreated})
}

// DeleteFeed stops polling a feed added at run time (DELETE
// /api/v1/feeds/{id}); its articles stay in the index.
func (c *Client) DeleteFeed(ctx context.Context, id string) (*FeedDeleted, error) {
	return call[FeedDeleted](ctx, c, request{method: http.MethodDelete, path: "/api/v1/feeds/" + url.PathEscape(id)})
}
