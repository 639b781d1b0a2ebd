package index

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/url"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/searchd/searchd/extract"
)

// maxIDLength is the longest article id accepted.
const maxIDLength = 256

// Article is a news article as stored, with the entities extracted from it.
type Article struct {
	ID          string    `json:"id"`
	URL         string    `json:"url,omitempty"`
	Title       string    `json:"title"`
	Body        string    `json:"body"`
	Source      string    `json:"source,omitempty"`
	Language    string    `json:"language"`
	Authors     []string  `json:"authors,omitempty"`
	PublishedAt time.Time `json:"published_at"`
	// Story is the id shared by the article's wire copies: the id of the
	// first of them indexed (see story.go).
	Story    string   `json:"story"`
	Entities Entities `json:"entities"`
}

// Entities groups an article's extracted entities by type.
type Entities struct {
	Persons   []extract.Entity `json:"persons"`
	Countries []extract.Entity `json:"countries"`
	// AboutCountries are the countries the article is about (see
	// extract.AboutCountry): among Countries, but for a country named only
	// through its state bodies ("the Kremlin said").
	AboutCountries []extract.Entity `json:"about_countries"`
	Groups         []extract.Entity `json:"groups"`
	Places         []extract.Entity `json:"places"`
	Dates          []extract.Entity `json:"dates"`
}

// articleInput is the accepted JSON form of an article; every field it lacks
// is rejected as unknown.
type articleInput struct {
	ID          string   `json:"id"`
	URL         string   `json:"url"`
	Title       string   `json:"title"`
	Body        string   `json:"body"`
	Source      string   `json:"source"`
	Language    string   `json:"language"`
	Authors     []string `json:"authors"`
	PublishedAt *string  `json:"published_at"`
}

// DecodeArticle parses and validates one article in JSON. The result has no
// entities yet. Errors wrap ErrInvalid and say which field is wrong.
func DecodeArticle(data []byte) (Article, error) {
	data = trimBOM(data)
	if err := checkText(data); err != nil {
		return Article{}, err
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	var in articleInput
	if err := dec.Decode(&in); err != nil {
		return Article{}, fmt.Errorf("%s: %w", describeJSONError(err), ErrInvalid)
	}
	if _, err := dec.Token(); !errors.Is(err, io.EOF) {
		return Article{}, fmt.Errorf("unexpected data after the article object: %w", ErrInvalid)
	}
	return in.validate()
}

// describeJSONError turns encoding/json errors into messages that name the field.
func describeJSONError(err error) string {
	var typeErr *json.UnmarshalTypeError
	var syntaxErr *json.SyntaxError
	switch {
	case errors.As(err, &typeErr):
		field := typeErr.Field
		if field == "" {
			return fmt.Sprintf("article must be a JSON object, got %s", typeErr.Value)
		}
		return fmt.Sprintf("field %q must be %s, got %s", field, jsonTypeName(typeErr.Type.String()), typeErr.Value)
	case errors.As(err, &syntaxErr):
		return fmt.Sprintf("malformed JSON at byte %d: %v", syntaxErr.Offset, syntaxErr)
	case errors.Is(err, io.EOF):
		return "empty body: expected a JSON article object"
	case errors.Is(err, io.ErrUnexpectedEOF):
		return "malformed JSON: unexpected end of input"
	case strings.HasPrefix(err.Error(), "json: unknown field "):
		return "unknown field " + strings.TrimPrefix(err.Error(), "json: unknown field ")
	default:
		return "malformed JSON: " + err.Error()
	}
}

func jsonTypeName(goType string) string {
	switch goType {
	case "string", "*string":
		return "a string"
	case "[]string":
		return "a list of strings"
	default:
		return goType
	}
}

func (in articleInput) validate() (Article, error) {
	bad := func(format string, args ...any) (Article, error) {
		return Article{}, fmt.Errorf("%s: %w", fmt.Sprintf(format, args...), ErrInvalid)
	}
	for name, v := range map[string]string{"id": in.ID, "url": in.URL, "title": in.Title, "body": in.Body,
		"source": in.Source, "language": in.Language} {
		if !utf8.ValidString(v) {
			return bad("field %q is not valid UTF-8", name)
		}
	}
	if strings.TrimSpace(in.Body) == "" {
		return bad("field \"body\" is required and must not be empty")
	}
	if in.PublishedAt == nil || strings.TrimSpace(*in.PublishedAt) == "" {
		return bad("field \"published_at\" is required (RFC 3339 or YYYY-MM-DD)")
	}
	published, err := ParseTimestamp(*in.PublishedAt)
	if err != nil {
		return bad("field \"published_at\": %v", err)
	}
	// Bleve stores datetimes as int64 nanoseconds since 1970 and silently
	// drops any it cannot represent.
	if y := published.UTC().Year(); y < 1678 || y > 2261 {
		return bad("field \"published_at\": year %d is out of range (1678 to 2261)", y)
	}
	id := strings.TrimSpace(in.ID)
	if len(id) > maxIDLength {
		return bad("field \"id\" is longer than %d bytes", maxIDLength)
	}
	if strings.IndexFunc(id, unicode.IsControl) >= 0 || strings.Contains(id, "/") || id == "." || id == ".." {
		return bad("field \"id\" must not contain control characters or '/', nor be \".\" or \"..\"")
	}
	u := strings.TrimSpace(in.URL)
	if u != "" {
		parsed, err := url.Parse(u)
		if err != nil || !parsed.IsAbs() || parsed.Host == "" {
			return bad("field \"url\" must be an absolute URL, got %q", u)
		}
	}
	lang := strings.TrimSpace(in.Language)
	if lang == "" {
		lang = "en"
	}
	if !validLanguageTag(lang) {
		return bad("field \"language\" must be a language tag such as \"en\" or \"pt-BR\", got %q", lang)
	}
	var authors []string
	for i, a := range in.Authors {
		a = strings.TrimSpace(a)
		if a == "" {
			return bad("field \"authors\"[%d] is empty", i)
		}
		authors = append(authors, a)
	}
	a := Article{
		ID:          id,
		URL:         u,
		Title:       strings.TrimSpace(in.Title),
		Body:        in.Body,
		Source:      strings.TrimSpace(in.Source),
		Language:    lang,
		Authors:     authors,
		PublishedAt: published,
	}
	if a.ID == "" {
		a.ID = DeriveID(a.URL, a.Title, a.Body)
	}
	return a, nil
}

func validLanguageTag(tag string) bool {
	parts := strings.Split(tag, "-")
	if len(parts[0]) < 2 || len(parts[0]) > 3 {
		return false
	}
	for _, p := range parts {
		if p == "" || len(p) > 8 {
			return false
		}
		for _, r := range p {
			if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9') {
				return false
			}
		}
	}
	return true
}

// DeriveID returns the stable id of an article without one: a hash of its URL
// when it has one, else of its title and body, so re-ingesting is an upsert.
func DeriveID(articleURL, title, body string) string {
	h := sha256.New()
	if articleURL != "" {
		h.Write([]byte("url\x00"))
		h.Write([]byte(articleURL))
	} else {
		h.Write([]byte("text\x00"))
		h.Write([]byte(title))
		h.Write([]byte{0})
		h.Write([]byte(body))
	}
	return hex.EncodeToString(h.Sum(nil)[:12])
}

// ParseTimestamp parses an RFC 3339 timestamp or a plain YYYY-MM-DD date
// (midnight UTC).
func ParseTimestamp(s string) (time.Time, error) {
	s = strings.TrimSpace(s)
	if t, err := time.Parse(time.RFC3339Nano, s); err == nil {
		return t, nil
	}
	if t, err := time.Parse(time.DateOnly, s); err == nil {
		return t, nil
	}
	return time.Time{}, fmt.Errorf("%q is not an RFC 3339 timestamp (2024-04-01T09:30:00Z) or a date (2024-04-01)", s)
}

// GroupEntities sorts a flat entity list into an article's per-type lists.
func GroupEntities(list []extract.Entity) Entities {
	var e Entities
	for _, ent := range list {
		switch ent.Type {
		case extract.Person:
			e.Persons = append(e.Persons, ent)
		case extract.Country:
			e.Countries = append(e.Countries, ent)
		case extract.AboutCountry:
			e.AboutCountries = append(e.AboutCountries, ent)
		case extract.Group:
			e.Groups = append(e.Groups, ent)
		case extract.Place:
			e.Places = append(e.Places, ent)
		case extract.Date:
			e.Dates = append(e.Dates, ent)
		}
	}
	return e
}
