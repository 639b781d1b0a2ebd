package client

import (
	"context"
	"net/http"
)

// Schema describes the search parameters as a JSON Schema, with the query
// language's fields, the facets in display order, the entity types
// suggestions come from, and an example of each query form.
type Schema struct {
	Schema         string                    `json:"$schema"`
	Title          string                    `json:"title"`
	Type           string                    `json:"type"`
	Properties     map[string]SchemaProperty `json:"properties"`
	Fields         []SchemaField             `json:"x-fields"`
	Facets         []string                  `json:"x-facets"`
	SuggestTypes   []string                  `json:"x-suggest-types"`
	SearchParams   []string                  `json:"x-search-params"`
	SyntaxExamples []string                  `json:"x-syntax-examples"`
}

// SchemaProperty is the schema of one search parameter.
type SchemaProperty struct {
	Type        string          `json:"type"`
	Description string          `json:"description,omitempty"`
	Items       *SchemaProperty `json:"items,omitempty"`
	Enum        []string        `json:"enum,omitempty"`
	Pattern     string          `json:"pattern,omitempty"`
	MaxLength   int             `json:"maxLength,omitempty"`
	Field       string          `json:"x-field,omitempty"` // the query field the parameter is about
}

// SchemaField is one field of the query language ("name:" in q), and for
// some a filter parameter and a facet.
type SchemaField struct {
	Name        string   `json:"name"`
	Kind        string   `json:"kind"` // text, keyword, date or entity
	Entity      string   `json:"entity,omitempty"`
	Search      string   `json:"search"`
	Analyzer    string   `json:"analyzer,omitempty"`
	Unqualified bool     `json:"unqualified,omitempty"` // words naming no field search it too
	Patterns    bool     `json:"patterns,omitempty"`    // takes wildcards, /regexps/ and fuzzy terms
	Filter      string   `json:"filter_field,omitempty"`
	Key         string   `json:"key,omitempty"`
	Facet       string   `json:"facet_field,omitempty"`
	Param       string   `json:"param,omitempty"` // its filter parameter of search
	FromParam   string   `json:"from_param,omitempty"`
	ToParam     string   `json:"to_param,omitempty"`
	FilteredBy  []string `json:"filtered_by,omitempty"`
	Alias       string   `json:"alias,omitempty"`
	Spans       bool     `json:"spans,omitempty"`
	OpParam     string   `json:"op_param,omitempty"`
	Description string   `json:"description"`
}

// Schema returns GET /api/v1/schema.
func (c *Client) Schema(ctx context.Context) (*Schema, error) {
	return call[Schema](ctx, c, request{method: http.MethodGet, path: "/api/v1/schema"})
}
