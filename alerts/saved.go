package alerts

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/url"
	"regexp"
	"strings"
	"time"

	"github.com/searchd/searchd/errs"
	"github.com/searchd/searchd/index"
)

// Limits of a saved search's definition.
const (
	maxNameLength   = 64
	maxWebhookURL   = 2048
	maxSecretLength = 256
)

// Collapse values a saved search accepts (wire-copy collapse of search
// results; stored and passed on).
var collapseValues = []string{"", "story"}

// namePattern is a name's syntax: URL-safe, so it needs no escaping in
// /api/v1/saved/{name}.
var namePattern = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9._-]*$`)

// Definition is what a client saves: a name, a search and, optionally, a
// webhook told of new matches.
type Definition struct {
	Name          string          `json:"name"`
	Query         index.Query     `json:"query"`
	Collapse      string          `json:"collapse,omitempty"`
	Webhook       string          `json:"webhook,omitempty"`
	WebhookSecret string          `json:"webhook_secret,omitempty"`
	rawQuery      json.RawMessage // the query as sent, compacted: what the API shows
}

// DecodeDefinition parses a definition, refusing unknown fields (in the
// query too) and trailing data. It does not validate the values: Service.Save
// does, against the index.
func DecodeDefinition(data []byte) (Definition, error) {
	var d struct {
		Name          string          `json:"name"`
		Query         json.RawMessage `json:"query"`
		Collapse      string          `json:"collapse"`
		Webhook       string          `json:"webhook"`
		WebhookSecret string          `json:"webhook_secret"`
	}
	if err := strictDecode(data, &d); err != nil {
		return Definition{}, errs.E(errs.Invalid, "", "saved search: %s", err)
	}
	def := Definition{Name: d.Name, Collapse: d.Collapse, Webhook: d.Webhook, WebhookSecret: d.WebhookSecret}
	if len(bytes.TrimSpace(d.Query)) == 0 || string(bytes.TrimSpace(d.Query)) == "null" {
		return Definition{}, errs.E(errs.Invalid, "query", "required: the search to save, as the body of POST /api/v1/search")
	}
	if err := strictDecode(d.Query, &def.Query); err != nil {
		return Definition{}, errs.E(errs.Invalid, "query", "%s", err)
	}
	var compact bytes.Buffer
	if err := json.Compact(&compact, d.Query); err == nil {
		def.rawQuery = compact.Bytes()
	}
	return def, nil
}

func strictDecode(data []byte, v any) error {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		var typeErr *json.UnmarshalTypeError
		switch {
		case errors.Is(err, io.EOF):
			return errors.New("empty body: expected a JSON object")
		case errors.As(err, &typeErr) && typeErr.Field != "":
			return fmt.Errorf("field %q has the wrong type (%s, want %s)", typeErr.Field, typeErr.Value, typeErr.Type)
		case strings.HasPrefix(err.Error(), "json: unknown field "):
			return errors.New("unknown field " + strings.TrimPrefix(err.Error(), "json: unknown field "))
		default:
			return fmt.Errorf("malformed JSON: %v", strings.TrimPrefix(err.Error(), "json: "))
		}
	}
	if _, err := dec.Token(); !errors.Is(err, io.EOF) {
		return errors.New("unexpected data after the JSON object")
	}
	return nil
}

// validate checks what needs no index: the name, collapse, the webhook's
// URL and secret. check refuses a webhook host that is an internal address.
func (d *Definition) validate(check func(*url.URL) error) error {
	switch {
	case d.Name == "":
		return errs.E(errs.Invalid, "name", "required")
	case len(d.Name) > maxNameLength:
		return errs.E(errs.Invalid, "name", "longer than %d characters", maxNameLength)
	case !namePattern.MatchString(d.Name):
		return errs.E(errs.Invalid, "name", "%q: use letters, digits, '.', '_' and '-', starting with a letter or digit", d.Name)
	}
	ok := false
	for _, c := range collapseValues {
		ok = ok || d.Collapse == c
	}
	if !ok {
		return errs.E(errs.Invalid, "collapse", "want \"story\" or nothing, got %q", d.Collapse)
	}
	// A saved search is a standing query: paging and facets mean nothing
	// to its feed or alerts.
	if d.Query.Page > 1 || d.Query.SearchAfter != "" {
		return errs.E(errs.Invalid, "query.page", "a saved search has no pages: its feed lists the newest matches")
	}
	if d.Webhook == "" {
		if d.WebhookSecret != "" {
			return errs.E(errs.Invalid, "webhook_secret", "given without a webhook")
		}
		return nil
	}
	if len(d.Webhook) > maxWebhookURL {
		return errs.E(errs.Invalid, "webhook", "longer than %d bytes", maxWebhookURL)
	}
	u, err := url.Parse(d.Webhook)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || u.Hostname() == "" {
		return errs.E(errs.Invalid, "webhook", "%q is not an absolute http or https URL", d.Webhook)
	}
	if u.User != nil {
		return errs.E(errs.Invalid, "webhook", "credentials in the URL are not kept secret: use webhook_secret, which signs each delivery")
	}
	if u.Fragment != "" {
		return errs.E(errs.Invalid, "webhook", "a fragment (#...) is never sent to a server")
	}
	if err := check(u); err != nil {
		return errs.E(errs.Invalid, "webhook", "%v", err)
	}
	if len(d.WebhookSecret) > maxSecretLength {
		return errs.E(errs.Invalid, "webhook_secret", "longer than %d bytes", maxSecretLength)
	}
	return nil
}

// checkQuery compiles the saved query the way a search does, so that a
// query a search would refuse is refused when saved; its errors name the
// parameter under "query.".
func checkQuery(ctx context.Context, ix Index, q index.Query) error {
	err := ix.CheckQuery(ctx, q)
	if err == nil {
		return nil
	}
	var e *errs.Error
	if errors.As(err, &e) {
		c := *e
		c.Param = "query." + strings.TrimPrefix(c.Param, "query.")
		if e.Param == "" {
			c.Param = "query"
		}
		return &c
	}
	return err
}

// record is a saved search as stored: its definition and its state.
type record struct {
	Name      string          `json:"name"`
	Query     index.Query     `json:"query"`
	QueryJSON json.RawMessage `json:"query_json,omitempty"` // as sent
	Collapse  string          `json:"collapse,omitempty"`
	Webhook   string          `json:"webhook,omitempty"`
	Secret    string          `json:"webhook_secret,omitempty"`
	CreatedAt time.Time       `json:"created_at"`
	// Since is the change log's last entry when it was saved: only later
	// commits are new to it.
	Since uint64 `json:"since"`
	// SeenAt is when its new articles were last marked read.
	SeenAt time.Time `json:"seen_at"`
	// New are the ids of the articles committed since SeenAt that matched,
	// oldest first, at most maxNew; NewMore says more matched.
	New     []string `json:"new"`
	NewMore bool     `json:"new_more,omitempty"`
	// Pending are the ids of matches not yet delivered to the webhook,
	// oldest first, at most maxPending; Dropped counts those that were not
	// kept past that bound.
	Pending []string `json:"pending"`
	Dropped int      `json:"dropped,omitempty"`
	// Retry are the ids the last, failed, delivery sent: the next attempt
	// sends them again, under the same delivery id.
	Retry    []string `json:"retry,omitempty"`
	Delivery Delivery `json:"delivery"`
}

// Delivery is how a saved search's webhook deliveries go.
type Delivery struct {
	Delivered   int        `json:"delivered"`         // articles delivered, ever
	Failures    int        `json:"failures"`          // consecutive failed attempts
	LastAttempt *time.Time `json:"last_attempt"`      // nil before the first
	LastSuccess *time.Time `json:"last_success"`      // nil before the first
	LastStatus  int        `json:"last_status"`       // HTTP status of the last attempt, 0 without an answer
	LastError   string     `json:"last_error"`        // why the last attempt failed; empty after a success
	NextAttempt *time.Time `json:"next_attempt"`      // when a failed delivery is retried; nil when none waits
	Pending     int        `json:"pending"`           // matches waiting to be delivered
	Dropped     int        `json:"dropped,omitempty"` // matches never delivered: more were pending than kept
	Status      string     `json:"status"`            // none, ok, pending or failing
}

// Saved is a saved search as the API shows it: the secret redacted.
type Saved struct {
	Name string `json:"name"`
	// Query is the search as it was saved.
	Query     json.RawMessage `json:"query"`
	Collapse  string          `json:"collapse,omitempty"`
	Webhook   string          `json:"webhook,omitempty"`
	Secret    string          `json:"webhook_secret,omitempty"` // "<redacted>" when one is set
	CreatedAt time.Time       `json:"created_at"`
	SeenAt    time.Time       `json:"seen_at"`
	// NewCount is how many articles committed since SeenAt match (at most
	// maxNew; NewMore says more did).
	NewCount int       `json:"new_count"`
	NewMore  bool      `json:"new_more"`
	Delivery *Delivery `json:"delivery,omitempty"` // nil without a webhook
}

// redacted is what a set secret shows as.
const redacted = "<redacted>"

func (r *record) view() Saved {
	q := r.QueryJSON
	if len(q) == 0 {
		q, _ = json.Marshal(r.Query)
	}
	s := Saved{Name: r.Name, Query: q, Collapse: r.Collapse, Webhook: r.Webhook, CreatedAt: r.CreatedAt,
		SeenAt: r.SeenAt, NewCount: len(r.New), NewMore: r.NewMore}
	if r.Secret != "" {
		s.Secret = redacted
	}
	if r.Webhook != "" {
		d := r.Delivery
		d.Pending, d.Dropped = len(r.Pending), r.Dropped
		switch {
		case d.Failures > 0:
			d.Status = "failing"
		case len(r.Pending) > 0:
			d.Status = "pending"
		case d.LastSuccess != nil:
			d.Status = "ok"
		default:
			d.Status = "none"
		}
		s.Delivery = &d
	}
	return s
}
