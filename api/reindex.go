package api

// POST /api/v1/admin/reindex starts an online reindex (index.StartReindex):
// the index is rebuilt from its stored articles beside the one in use while
// the daemon keeps serving, then switched to. It answers 202 with the
// progress at once; GET /api/v1/admin/reindex reports it until the state is
// done or failed. Both take a write key: they are administration.

import (
	"bytes"
	"net/http"

	"github.com/searchd/searchd/index"
)

// reindexStore is what the reindex endpoints need of the index.
type reindexStore interface {
	StartReindex() (index.ReindexStatus, error)
	ReindexStatus() index.ReindexStatus
}

// startReindex answers POST /api/v1/admin/reindex; the body, if any, must
// be an empty JSON object: the reindex takes no options.
func (s *Server) startReindex(r *http.Request) (any, int, error) {
	body, err := requestBody(r)
	if err != nil {
		return nil, 0, err
	}
	if b := bytes.TrimSpace(body); len(b) > 0 && !bytes.Equal(b, []byte("{}")) {
		return nil, 0, badParam("reindex body: the reindex takes no options; send no body or {}")
	}
	st, err := s.store.StartReindex()
	if err != nil {
		return nil, 0, err
	}
	return reindexAnswer(st), http.StatusAccepted, nil
}

// reindexStatus answers GET /api/v1/admin/reindex.
func (s *Server) reindexStatus(*http.Request) (any, int, error) {
	return reindexAnswer(s.store.ReindexStatus()), http.StatusOK, nil
}

// reindexAnswer is a status as clients may see it: the error of a failed
// reindex without the index's paths.
func reindexAnswer(st index.ReindexStatus) index.ReindexStatus {
	st.Error = redactPaths(trimKinds(st.Error))
	return st
}
