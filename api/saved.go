package api

import (
	"bytes"
	"context"
	"errors"
	"net/http"
	"net/url"

	"github.com/gorilla/mux"
	"github.com/searchd/searchd/alerts"
	"github.com/searchd/searchd/index"
)

// SavedService is what the API needs of the saved searches.
type SavedService interface {
	Save(ctx context.Context, d alerts.Definition) (alerts.Saved, error)
	List() []alerts.Saved
	Get(name string) (alerts.Saved, error)
	Delete(name string) error
	MarkSeen(name string) (alerts.Saved, error)
	Feed(ctx context.Context, name string) (alerts.Saved, []index.Hit, error)
}

// errNoSaved answers the saved-search routes of a server without them.
var errNoSaved = errors.New("saved searches are not enabled on this server")

func (s *Server) saveSearch(r *http.Request) (any, int, error) {
	if s.opts.Saved == nil {
		return nil, 0, errNoSaved
	}
	body, err := requestBody(r)
	if err != nil {
		return nil, 0, err
	}
	d, err := alerts.DecodeDefinition(body)
	if err != nil {
		return nil, 0, err
	}
	saved, err := s.opts.Saved.Save(r.Context(), d)
	if err != nil {
		return nil, 0, err
	}
	return saved, http.StatusCreated, nil
}

func (s *Server) listSaved(*http.Request) (any, int, error) {
	if s.opts.Saved == nil {
		return nil, 0, errNoSaved
	}
	return map[string]any{"saved": s.opts.Saved.List()}, http.StatusOK, nil
}

func (s *Server) getSaved(r *http.Request) (any, int, error) {
	if s.opts.Saved == nil {
		return nil, 0, errNoSaved
	}
	saved, err := s.opts.Saved.Get(mux.Vars(r)["name"])
	if err != nil {
		return nil, 0, err
	}
	return saved, http.StatusOK, nil
}

func (s *Server) deleteSaved(r *http.Request) (any, int, error) {
	if s.opts.Saved == nil {
		return nil, 0, errNoSaved
	}
	name := mux.Vars(r)["name"]
	if err := s.opts.Saved.Delete(name); err != nil {
		return nil, 0, err
	}
	return map[string]any{"name": name, "deleted": true}, http.StatusOK, nil
}

func (s *Server) markSeen(r *http.Request) (any, int, error) {
	if s.opts.Saved == nil {
		return nil, 0, errNoSaved
	}
	saved, err := s.opts.Saved.MarkSeen(mux.Vars(r)["name"])
	if err != nil {
		return nil, 0, err
	}
	return saved, http.StatusOK, nil
}

// savedFeed answers the Atom feed of a saved search; its errors are the
// API's JSON ones.
func (s *Server) savedFeed(r *http.Request) (any, int, error) {
	if s.opts.Saved == nil {
		return nil, 0, errNoSaved
	}
	saved, hits, err := s.opts.Saved.Feed(r.Context(), mux.Vars(r)["name"])
	if err != nil {
		return nil, 0, err
	}
	base := "http://" + r.Host
	if r.TLS != nil {
		base = "https://" + r.Host
	}
	links := alerts.FeedLinks{
		Self:    base + r.URL.EscapedPath(),
		Article: func(id string) string { return base + "/api/v1/articles/" + url.PathEscape(id) },
	}
	var buf bytes.Buffer
	if err := alerts.WriteAtom(&buf, saved, hits, links); err != nil {
		return nil, 0, err
	}
	return atomBody(buf.Bytes()), http.StatusOK, nil
}

// atomBody is an answer written as Atom rather than JSON.
type atomBody []byte

// feedHandler serves h, whose answer is an atomBody, through the same
// error path as every other route.
func (s *Server) feedHandler(h handlerFunc) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		data, status, err := h(r)
		if err != nil {
			s.writeError(w, r, err, nil)
			return
		}
		body, _ := data.(atomBody)
		w.Header().Set("Content-Type", alerts.AtomContentType)
		w.WriteHeader(status)
		_, _ = w.Write(body) // the client may have gone; nothing left to tell it
	})
}
