package query

// Schema is a JSON Schema (draft 2020-12) of the search parameters that
// the vocabulary defines (q, filters, date ranges, facets), with the
// vocabulary itself under "x-fields", for GET /api/v1/schema. The API adds
// the parameters it owns (page, size, sort...).
type Schema struct {
	Schema     string              `json:"$schema"`
	Title      string              `json:"title"`
	Type       string              `json:"type"`
	Properties map[string]Property `json:"properties"`
	Fields     []Field             `json:"x-fields"`
}

// Property is the schema of one parameter.
type Property struct {
	Type        string    `json:"type"`
	Description string    `json:"description,omitempty"`
	Items       *Property `json:"items,omitempty"`
	Enum        []string  `json:"enum,omitempty"`
	Pattern     string    `json:"pattern,omitempty"`
	MaxLength   int       `json:"maxLength,omitempty"`
	Field       string    `json:"x-field,omitempty"` // the vocabulary row the parameter is about
}

// datePattern is the shape of a date parameter; ParseDateBound decides.
const datePattern = `^[0-9]{4}(-[0-9]{2}(-[0-9]{2}(T.+)?)?)?$`

// SearchSchema describes the search parameters, q limited by lim.
func SearchSchema(lim Limits) Schema {
	if lim.MaxLength <= 0 {
		lim.MaxLength = DefaultLimits().MaxLength
	}
	props := map[string]Property{
		"q": {Type: "string", MaxLength: lim.MaxLength,
			Description: `words (AND'ed), "phrases", "a b"~3, OR, AND, NOT, -x, (groups), field:value, ` +
				`field:[from TO to], x^2, Ira*, /regexp/, word~1; empty matches all`},
		"facets": {Type: "array", Description: "facets to count",
			Items: &Property{Type: "string", Enum: FacetNames()}},
	}
	for _, f := range fields {
		if f.Param != "" {
			props[f.Param] = Property{Type: "array", Description: f.Description + "; values OR'ed",
				Items: &Property{Type: "string"}, Field: f.Name}
		}
		if f.OpParam != "" {
			props[f.OpParam] = Property{Type: "string", Enum: []string{"or", "and"}, Field: f.Name,
				Description: "how the " + f.Param + " values combine: or (any of them, the default) or and (all of them)"}
		}
		if f.FromParam != "" {
			props[f.FromParam] = Property{Type: "string", Pattern: datePattern, Field: f.Name,
				Description: f.Name + " from the start of this date (YYYY, YYYY-MM, YYYY-MM-DD or RFC 3339), UTC"}
			props[f.ToParam] = Property{Type: "string", Pattern: datePattern, Field: f.Name,
				Description: f.Name + " up to the end of this date (YYYY, YYYY-MM, YYYY-MM-DD or RFC 3339), UTC"}
		}
	}
	return Schema{
		Schema:     "https://json-schema.org/draft/2020-12/schema",
		Title:      "searchd search parameters",
		Type:       "object",
		Properties: props,
		Fields:     Fields(),
	}
}
