package api

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"strings"
	"time"

	"github.com/gorilla/mux"
	"github.com/searchd/searchd/feeds"
)

// FeedService is what the API needs of the feed poller.
type FeedService interface {
	List() []feeds.Status
	Add(ctx context.Context, rawURL string, interval time.Duration) (feeds.Status, error)
	Remove(ctx context.Context, id string) error
}

// feedResponse is a feed as the API shows it.
type feedResponse struct {
	ID          string          `json:"id"`
	URL         string          `json:"url"`
	Interval    string          `json:"interval"`
	Origin      string          `json:"origin"`
	Title       string          `json:"title,omitempty"`
	AddedAt     time.Time       `json:"added_at"`
	LastPoll    *time.Time      `json:"last_poll"`
	LastSuccess *time.Time      `json:"last_success"`
	NextPoll    *time.Time      `json:"next_poll"`
	Status      string          `json:"status"`
	LastError   string          `json:"last_error,omitempty"`
	Failures    int             `json:"failures"`
	Articles    int             `json:"articles"`
	ItemErrors  []feedItemError `json:"item_errors"`
}

// feedItemError is why an item of the last poll was not indexed from its page.
type feedItemError struct {
	Link         string `json:"link,omitempty"`
	Error        string `json:"error"`
	Retry        bool   `json:"retry"`                    // tried again at the next poll
	FromItemText bool   `json:"from_item_text,omitempty"` // the item's own text was indexed instead
}

func newFeedResponse(s feeds.Status) feedResponse {
	r := feedResponse{ID: s.ID, URL: s.URL, Interval: s.Interval.String(), Origin: s.Origin, Title: s.Title,
		AddedAt: s.AddedAt, LastPoll: s.LastPoll, LastSuccess: s.LastSuccess, NextPoll: s.NextPoll,
		Status: s.Status, LastError: s.LastError, Failures: s.Failures, Articles: s.Articles,
		ItemErrors: make([]feedItemError, len(s.ItemErrors))}
	for i, e := range s.ItemErrors {
		r.ItemErrors[i] = feedItemError{Link: e.Link, Error: e.Error, Retry: e.Retry, FromItemText: e.FromItemText}
	}
	return r
}

// errNoFeeds answers the feed routes of a server without a feed poller.
var errNoFeeds = errors.New("feeds are not enabled on this server")

func (s *Server) listFeeds(*http.Request) (any, int, error) {
	if s.opts.Feeds == nil {
		return nil, 0, errNoFeeds
	}
	list := s.opts.Feeds.List()
	out := make([]feedResponse, len(list))
	for i, f := range list {
		out[i] = newFeedResponse(f)
	}
	return map[string]any{"feeds": out}, http.StatusOK, nil
}

// feedRequest is the body of POST /api/v1/feeds.
type feedRequest struct {
	URL      string `json:"url"`
	Interval string `json:"interval"` // a Go duration such as "30m"; empty for feeds.default_interval
}

func (s *Server) addFeed(r *http.Request) (any, int, error) {
	if s.opts.Feeds == nil {
		return nil, 0, errNoFeeds
	}
	body, err := requestBody(r)
	if err != nil {
		return nil, 0, err
	}
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.DisallowUnknownFields()
	var req feedRequest
	if err := dec.Decode(&req); err != nil {
		return nil, 0, badParam("feed body: %s", describeDecodeError(err))
	}
	if dec.More() {
		return nil, 0, badParam("feed body: unexpected data after the JSON object")
	}
	if strings.TrimSpace(req.URL) == "" {
		return nil, 0, badParam(`feed body: "url" is required`)
	}
	var interval time.Duration
	if req.Interval != "" {
		if interval, err = time.ParseDuration(req.Interval); err != nil || interval <= 0 {
			return nil, 0, badParam(`feed body: "interval" must be a positive duration such as "30m", got %q`, req.Interval)
		}
	}
	st, err := s.opts.Feeds.Add(r.Context(), req.URL, interval)
	if err != nil {
		return nil, 0, err
	}
	return newFeedResponse(st), http.StatusCreated, nil
}

func (s *Server) deleteFeed(r *http.Request) (any, int, error) {
	if s.opts.Feeds == nil {
		return nil, 0, errNoFeeds
	}
	id := mux.Vars(r)["id"]
	if err := s.opts.Feeds.Remove(r.Context(), id); err != nil {
		return nil, 0, err
	}
	return map[string]any{"id": id, "deleted": true}, http.StatusOK, nil
}
