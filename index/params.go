package index

import (
	"slices"

	qlang "github.com/searchd/searchd/query"
)

// The query vocabulary (query.Fields) names the HTTP parameters of filters,
// how their values combine and date ranges; a Query holds their values in
// typed fields for its callers. paramValues is the one place that ties the
// two: everything else (compiling filters, cache keys, leaving a facet's
// own filter out of its counts) reads parameters by their names in the
// table.

// paramValues returns where q holds the values of the vocabulary's
// parameter name: a list for a repeatable filter, a single string for an
// op or a date range end; both nil for a name the vocabulary lacks.
func (q *Query) paramValues(name string) (list *[]string, one *string) {
	switch name {
	case "country":
		return &q.Countries, nil
	case "about_country":
		return &q.AboutCountries, nil
	case "group":
		return &q.Groups, nil
	case "person":
		return &q.Persons, nil
	case "place":
		return &q.Places, nil
	case "source":
		return &q.Sources, nil
	case "country_op":
		return nil, &q.CountryOp
	case "about_country_op":
		return nil, &q.AboutCountryOp
	case "group_op":
		return nil, &q.GroupOp
	case "person_op":
		return nil, &q.PersonOp
	case "place_op":
		return nil, &q.PlaceOp
	case "from":
		return nil, &q.From
	case "to":
		return nil, &q.To
	case "mentioned_from":
		return nil, &q.MentionedFrom
	case "mentioned_to":
		return nil, &q.MentionedTo
	}
	return nil, nil
}

// list returns the values of a repeatable filter parameter.
func (q *Query) list(name string) []string {
	if l, _ := q.paramValues(name); l != nil {
		return *l
	}
	return nil
}

// single returns the value of an op or date parameter, "" when absent.
func (q *Query) single(name string) string {
	if _, s := q.paramValues(name); s != nil {
		return *s
	}
	return ""
}

// clearParam removes the parameter's values from q.
func (q *Query) clearParam(name string) {
	l, s := q.paramValues(name)
	if l != nil {
		*l = nil
	}
	if s != nil {
		*s = ""
	}
}

// filterFields are the vocabulary's fields with a filter parameter, in
// table order.
var filterFields = func() []qlang.Field {
	var out []qlang.Field
	for _, f := range qlang.Fields() {
		if f.Param != "" {
			out = append(out, f)
		}
	}
	return out
}()

// dateFields are the vocabulary's fields filtered by a date range.
var dateFields = func() []qlang.Field {
	var out []qlang.Field
	for _, f := range qlang.Fields() {
		if f.FromParam != "" {
			out = append(out, f)
		}
	}
	return out
}()

// facetFields maps each facet to its row of the vocabulary.
var facetFields = func() map[string]qlang.Field {
	out := map[string]qlang.Field{}
	for _, f := range qlang.Facets() {
		out[f.Name] = f
	}
	return out
}()

// leavesOut reports whether the counts of facet f are taken without the
// filter of parameter param (their own filter, so that ticking a value
// does not hide the others).
func leavesOut(f, param string) bool {
	return slices.Contains(facetFields[f].FilteredBy, param)
}
