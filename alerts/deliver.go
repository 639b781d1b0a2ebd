package alerts

// Webhook deliveries. A saved search's matches wait in its record
// (Pending, stored in the index with the cursor that produced them), so a
// restart delivers what was pending before it: at least once, as a crash
// after the webhook answered but before the success was recorded sends that
// delivery again. Receivers tell repeats apart by X-Searchd-Delivery, the
// same for every attempt of one delivery.

import (
	"bytes"
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"time"

	"github.com/searchd/searchd/index"
	"github.com/searchd/searchd/internal/netguard"
)

// Headers of a delivery.
const (
	// SignatureHeader carries "sha256=" and the hex HMAC-SHA256 of the body
	// keyed with the webhook's secret, when it has one.
	SignatureHeader = "X-Searchd-Signature"
	// DeliveryHeader identifies a delivery, the same for each of its attempts.
	DeliveryHeader = "X-Searchd-Delivery"
	// EventHeader names what happened: EventMatch.
	EventHeader = "X-Searchd-Event"
	// EventMatch is the event of articles newly matching a saved search.
	EventMatch = "saved_search.match"
	userAgent  = "searchd-alerts/1.0 (news search daemon; saved-search webhook)"
)

// maxAnswerBytes is how much of a webhook's answer is read (and dropped).
const maxAnswerBytes = 64 << 10

// Payload is the JSON body of a delivery.
type Payload struct {
	Event       string    `json:"event"`
	DeliveryID  string    `json:"delivery_id"`
	SavedSearch string    `json:"saved_search"`
	SentAt      time.Time `json:"sent_at"`
	Articles    []Article `json:"articles"`
}

// Article is one matching article in a delivery: its summary, as a search
// hit shows it.
type Article struct {
	ID          string             `json:"id"`
	Title       string             `json:"title"`
	URL         string             `json:"url,omitempty"`
	Source      string             `json:"source,omitempty"`
	PublishedAt time.Time          `json:"published_at"`
	Snippet     string             `json:"snippet,omitempty"`
	Entities    *index.HitEntities `json:"entities,omitempty"`
}

// Sign returns the X-Searchd-Signature value of body under secret.
func Sign(secret string, body []byte) string {
	m := hmac.New(sha256.New, []byte(secret))
	m.Write(body)
	return "sha256=" + hex.EncodeToString(m.Sum(nil))
}

// deliverDue delivers every saved search whose webhook has matches waiting
// and is not waiting to retry. It returns the time until the next retry is
// due, or -1 when none waits.
func (s *Service) deliverDue(ctx context.Context) time.Duration {
	for ctx.Err() == nil {
		now := time.Now()
		next := time.Duration(-1)
		var due []string
		s.mu.Lock()
		for name, r := range s.saved {
			if r.Webhook == "" || len(r.Pending) == 0 {
				continue
			}
			if at := r.Delivery.NextAttempt; at != nil && at.After(now) {
				if d := at.Sub(now); next < 0 || d < next {
					next = d
				}
				continue
			}
			due = append(due, name)
		}
		s.mu.Unlock()
		if len(due) == 0 {
			return next
		}
		slices.Sort(due)
		for _, name := range due {
			if err := s.deliver(ctx, name); err != nil && ctx.Err() == nil {
				s.log.Error("record a delivery", "saved", name, "err", err)
				return max(next, s.opts.RetryMin) // the index refuses writes: try later
			}
		}
	}
	return -1
}

// deliver sends the oldest pending matches of one saved search to its
// webhook and records how it went.
func (s *Service) deliver(ctx context.Context, name string) error {
	s.mu.Lock()
	r := s.saved[name]
	if r == nil || len(r.Pending) == 0 {
		s.mu.Unlock()
		return nil
	}
	// A retry sends what the failed attempt sent, so that its delivery id
	// is the same; otherwise the oldest pending matches.
	ids := slices.Clone(r.Retry)
	if len(ids) == 0 {
		ids = slices.Clone(r.Pending[:min(len(r.Pending), maxPerDelivery)])
	}
	hook, secret, created := r.Webhook, r.Secret, r.CreatedAt
	s.mu.Unlock()

	// Read as they are now; articles deleted since they matched are gone.
	hits, err := s.ix.MatchIDs(ctx, index.Query{}, ids)
	if err != nil {
		return err
	}
	slices.SortStableFunc(hits, func(a, b index.Hit) int { // the order they matched in
		return slices.Index(ids, a.ID) - slices.Index(ids, b.ID)
	})
	body, sent, dropped, err := s.payload(name, created, hits)
	if err != nil {
		return err
	}
	found := map[string]bool{}
	for _, h := range hits {
		found[h.ID] = true
	}
	done := map[string]bool{} // ids leaving the queue: sent, gone, or too large to send
	for _, id := range ids {
		if !found[id] {
			done[id] = true
		}
	}
	for _, id := range dropped {
		done[id] = true
	}
	var status int
	var postErr error
	if len(sent) > 0 {
		status, postErr = s.post(ctx, hook, secret, body, deliveryID(name, created, sent))
		if postErr != nil && ctx.Err() != nil {
			return nil // shutting down: the delivery stays pending
		}
	}

	s.mu.Lock()
	defer s.mu.Unlock()
	cur := s.saved[name]
	if cur == nil || !cur.CreatedAt.Equal(created) {
		return nil
	}
	u := cur.clone()
	now := time.Now().UTC()
	if len(sent) > 0 {
		u.Delivery.LastAttempt, u.Delivery.LastStatus = &now, status
	}
	if postErr == nil {
		for _, id := range sent {
			done[id] = true
		}
		u.Delivery.Delivered += len(sent)
		if len(sent) > 0 {
			u.Delivery.Failures, u.Delivery.LastError, u.Delivery.LastSuccess, u.Delivery.NextAttempt = 0, "", &now, nil
		}
		u.Retry = nil
	} else {
		u.Retry = sent
		u.Delivery.Failures++
		u.Delivery.LastError = postErr.Error()
		at := now.Add(s.backoff(u.Delivery.Failures))
		u.Delivery.NextAttempt = &at
		s.log.Warn("webhook delivery failed", "saved", name, "failures", u.Delivery.Failures, "retry_at", at, "err", postErr)
	}
	u.Dropped += len(dropped)
	u.Pending = slices.DeleteFunc(u.Pending, func(id string) bool { return done[id] })
	return s.store(u)
}

// backoff is the wait after the n-th consecutive failure: RetryMin doubled
// each time, up to RetryMax.
func (s *Service) backoff(n int) time.Duration {
	d := s.opts.RetryMin
	for i := 1; i < n && d < s.opts.RetryMax; i++ {
		d *= 2
	}
	return min(d, s.opts.RetryMax)
}

// deliveryID names a delivery by its saved search and articles, so that
// every attempt of it carries the same id.
func deliveryID(name string, created time.Time, ids []string) string {
	h := sha256.New()
	fmt.Fprintf(h, "%s\n%d\n%s", name, created.UnixNano(), strings.Join(ids, "\n"))
	return hex.EncodeToString(h.Sum(nil))[:32]
}

// payload encodes as many of hits as fit in MaxPayloadBytes, in order:
// sent are their ids. An article too large to send even alone, without
// its snippet and entities, is dropped (and counted).
func (s *Service) payload(name string, created time.Time, hits []index.Hit) (body []byte, sent, dropped []string, err error) {
	articles := make([]Article, len(hits))
	for i, h := range hits {
		ents := h.Entities
		articles[i] = Article{ID: h.ID, Title: h.Title, URL: h.URL, Source: h.Source, PublishedAt: h.PublishedAt,
			Snippet: h.Snippet, Entities: &ents}
	}
	encode := func(list []Article) ([]byte, error) {
		ids := make([]string, len(list))
		for i, a := range list {
			ids[i] = a.ID
		}
		return json.Marshal(Payload{Event: EventMatch, DeliveryID: deliveryID(name, created, ids), SavedSearch: name,
			SentAt: time.Now().UTC(), Articles: list})
	}
	for len(articles) > 0 {
		n := len(articles)
		for {
			body, err = encode(articles[:n])
			if err != nil {
				return nil, nil, nil, err
			}
			if len(body) <= s.opts.MaxPayloadBytes || n == 1 {
				break
			}
			n = max(n/2, 1)
		}
		if len(body) <= s.opts.MaxPayloadBytes {
			for _, a := range articles[:n] {
				sent = append(sent, a.ID)
			}
			return body, sent, dropped, nil
		}
		// One article alone is too large: try it bare, else drop it.
		bare := articles[0]
		bare.Snippet, bare.Entities = "", nil
		if body, err = encode([]Article{bare}); err == nil && len(body) <= s.opts.MaxPayloadBytes {
			return body, []string{bare.ID}, dropped, nil
		}
		s.log.Warn("article too large for a webhook delivery (alerts.max_payload_bytes): not delivered", "saved", name, "id", bare.ID)
		dropped = append(dropped, bare.ID)
		articles = articles[1:]
	}
	return nil, nil, dropped, nil
}

// post sends one delivery. It returns the answer's status (0 without one)
// and why the delivery failed: no answer, or one other than 2xx.
func (s *Service) post(ctx context.Context, hook, secret string, body []byte, id string) (int, error) {
	u, err := url.Parse(hook)
	if err != nil {
		return 0, err
	}
	// Checked again at each delivery: the configuration may have changed.
	if err := s.guard.CheckLiteral(u); err != nil {
		return 0, err
	}
	ctx, cancel := context.WithTimeout(ctx, s.opts.Timeout)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, hook, bytes.NewReader(body))
	if err != nil {
		return 0, err
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("User-Agent", userAgent)
	req.Header.Set(EventHeader, EventMatch)
	req.Header.Set(DeliveryHeader, id)
	if secret != "" {
		req.Header.Set(SignatureHeader, Sign(secret, body))
	}
	resp, err := s.client.Do(req)
	if err != nil {
		var ae *netguard.AddressError
		var ne net.Error
		switch {
		case errors.As(err, &ae):
			return 0, ae
		case errors.Is(ctx.Err(), context.DeadlineExceeded) || (errors.As(err, &ne) && ne.Timeout()):
			return 0, fmt.Errorf("no answer within %s (alerts.webhook_timeout)", s.opts.Timeout)
		default:
			return 0, fmt.Errorf("POST %s: %w", u.Redacted(), unwrapURLError(err))
		}
	}
	defer resp.Body.Close()
	_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, maxAnswerBytes))
	switch {
	case resp.StatusCode >= 200 && resp.StatusCode < 300:
		return resp.StatusCode, nil
	case resp.StatusCode >= 300 && resp.StatusCode < 400:
		return resp.StatusCode, fmt.Errorf("answered %d %s: redirects are not followed, give the webhook's final URL",
			resp.StatusCode, http.StatusText(resp.StatusCode))
	default:
		return resp.StatusCode, fmt.Errorf("answered %d %s", resp.StatusCode, http.StatusText(resp.StatusCode))
	}
}

// unwrapURLError drops net/http's "Post URL:" prefix, which post says itself.
func unwrapURLError(err error) error {
	var ue *url.Error
	if errors.As(err, &ue) {
		return ue.Err
	}
	return err
}
