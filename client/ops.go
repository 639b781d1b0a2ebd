package client

import (
	"context"
	"net/http"
	"net/url"
)

// Health is the answer of /healthz.
type Health struct {
	Status string `json:"status"` // "ok"
}

// Readiness is the answer of /readyz.
type Readiness struct {
	Status   string `json:"status"` // ready, or read_only while the disk is full
	Writable bool   `json:"writable"`
	Reason   string `json:"reason,omitempty"` // why the index is read-only
}

// ReadyRequest asks /readyz.
type ReadyRequest struct {
	// Writes asks whether writes are accepted too: a read-only index is then
	// an *Error with CodeReadOnly instead of a Readiness with Writable false.
	Writes bool
}

// Stats describes the index.
type Stats struct {
	Documents      uint64 `json:"documents"`
	DiskBytes      int64  `json:"disk_bytes"`
	MappingVersion int    `json:"mapping_version"`
	Path           string `json:"path,omitempty"`
	Writable       bool   `json:"writable"`
	ReadOnlyReason string `json:"read_only_reason,omitempty"`
}

// BackupRequest asks for a snapshot of the index.
type BackupRequest struct {
	// Name of the backup directory under the daemon's index.backup_dir:
	// letters, digits, '.', '_' and '-'; empty names it after the time.
	Name string `json:"name,omitempty"`
}

// BackupInfo describes a backup.
type BackupInfo struct {
	Path       string `json:"path"`
	Documents  uint64 `json:"documents"`
	Generation uint64 `json:"generation"` // the write generation the backup holds
	TookMs     int64  `json:"took_ms"`
}

// Healthz asks whether the process is alive (GET /healthz).
func (c *Client) Healthz(ctx context.Context) (*Health, error) {
	return call[Health](ctx, c, request{method: http.MethodGet, path: "/healthz"})
}

// Readyz asks whether the daemon serves (GET /readyz); until the index is
// open, and while it stops, the answer is an *Error with CodeNotReady.
func (c *Client) Readyz(ctx context.Context, r ReadyRequest) (*Readiness, error) {
	var v url.Values
	if r.Writes {
		v = url.Values{"writes": {"true"}}
	}
	return call[Readiness](ctx, c, request{method: http.MethodGet, path: "/readyz", query: v})
}

// Stats returns the index's document count, size and mapping version, and
// whether it takes writes (GET /api/v1/stats).
func (c *Client) Stats(ctx context.Context) (*Stats, error) {
	return call[Stats](ctx, c, request{method: http.MethodGet, path: "/api/v1/stats"})
}

// Backup asks the daemon for a consistent snapshot of its index while it
// keeps serving (POST /api/v1/admin/backup; a write key when the daemon
// has any). A name already used is an *Error with CodeConflict.
func (c *Client) Backup(ctx context.Context, r BackupRequest) (*BackupInfo, error) {
	return call[BackupInfo](ctx, c, request{method: http.MethodPost, path: "/api/v1/admin/backup", body: r, want: http.StatusCreated})
}
