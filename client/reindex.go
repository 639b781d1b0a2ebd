package client

import (
	"context"
	"net/http"
	"time"
)

// ReindexStatus is the progress of the daemon's online reindex, or the
// outcome of the last one.
type ReindexStatus struct {
	State string `json:"state"`           // idle, running, done or failed
	Phase string `json:"phase,omitempty"` // while running: copying, catching_up or switching
	// DocsDone of DocsTotal stored articles were copied (DocsTotal is the
	// count when the reindex started).
	DocsDone  int `json:"docs_done"`
	DocsTotal int `json:"docs_total"`
	// Changed counts articles written or deleted during the rebuild and
	// copied again.
	Changed  int        `json:"changed"`
	Started  *time.Time `json:"started,omitempty"`
	Finished *time.Time `json:"finished,omitempty"`
	Error    string     `json:"error,omitempty"` // why the last one failed
}

// StartReindex asks the daemon to rebuild its index from the stored
// articles while it keeps serving, and to switch to the new index when
// done (POST /api/v1/admin/reindex; a write key when the daemon has any).
// It returns at once; follow it with ReindexStatus. A second while one
// runs is an *Error with CodeConflict.
func (c *Client) StartReindex(ctx context.Context) (*ReindexStatus, error) {
	return call[ReindexStatus](ctx, c, request{method: http.MethodPost, path: "/api/v1/admin/reindex", want: http.StatusAccepted})
}

// ReindexStatus returns the progress of the running reindex, or the
// outcome of the last one (GET /api/v1/admin/reindex; a write key when the
// daemon has any).
func (c *Client) ReindexStatus(ctx context.Context) (*ReindexStatus, error) {
	return call[ReindexStatus](ctx, c, request{method: http.MethodGet, path: "/api/v1/admin/reindex"})
}
