package query

import (
	"strings"
	"time"

	blevequery "github.com/blevesearch/bleve/v2/search/query"

	"github.com/searchd/searchd/extract"
)

// Filter builds the filter of a repeatable HTTP filter parameter (see
// Field.Param): its values OR'ed, each turned into the term its field's
// filter holds (Field.Key): a country name, alias or code into its code, a
// group alias into its folded canonical name, a person or place into its
// folded name, a source as given. r may be nil. Errors are *Error of kind
// Invalid naming param.
func Filter(param string, values []string, r Resolver) (blevequery.Query, error) {
	if r == nil {
		r = codesOnly{}
	}
	f, ok := ByParam(param)
	if !ok || f.Param != param {
		return nil, errorf(Invalid, param, 0, "not a filter parameter (known: %s)", strings.Join(filterParams(), ", "))
	}
	if len(values) == 0 {
		return nil, errorf(Invalid, param, 0, "no value")
	}
	terms := make([]blevequery.Query, 0, len(values))
	for _, v := range values {
		if strings.TrimSpace(v) == "" {
			return nil, errorf(Invalid, param, 0, "empty value")
		}
		key := v
		switch f.Key {
		case KeyCountry:
			code, ok := r.ResolveCountry(v)
			if !ok {
				return nil, errorf(Invalid, param, 0, "unknown country %q (use an ISO code such as IR, or a name such as Iran)", v)
			}
			key = code
		case KeyFold:
			if f.Alias == GroupAlias {
				if canon, ok := r.ResolveGroup(v); ok {
					v = canon
				}
			}
			key = extract.Fold(v)
		}
		terms = append(terms, termQuery(f.Filter, key, 1))
	}
	if len(terms) == 1 {
		return terms[0], nil
	}
	return blevequery.NewDisjunctionQuery(terms), nil
}

// filterParams lists the filter parameters, for error messages.
func filterParams() []string {
	var out []string
	for _, f := range fields {
		if f.Param != "" {
			out = append(out, f.Param)
		}
	}
	return out
}

// DateFilter builds the filter of a date field's range parameters
// (published_at: from and to; mentioned: mentioned_from and mentioned_to),
// both ends inclusive of the periods they name: to=2024-02 includes all of
// February. It returns a nil query when both are empty; start and end are
// the instants covered, [start, end), which a histogram can use. Errors
// are *Error of kind Invalid naming the parameter.
func DateFilter(field, from, to string) (q blevequery.Query, start, end time.Time, err error) {
	f, ok := lookupField(field)
	if !ok || f.Kind != DateField {
		return nil, start, end, errorf(Invalid, field, 0, "not a date field (published_at and mentioned are)")
	}
	if from == "" && to == "" {
		return nil, start, end, nil
	}
	var sp span
	if from != "" {
		if sp.Start, _, err = ParseDateBound(from); err != nil {
			return nil, start, end, &Error{Kind: Invalid, Param: f.FromParam, Err: err}
		}
	}
	if to != "" {
		if _, sp.End, err = ParseDateBound(to); err != nil {
			return nil, start, end, &Error{Kind: Invalid, Param: f.ToParam, Err: err}
		}
	}
	if from != "" && to != "" && !sp.Start.Before(sp.End) {
		return nil, start, end, errorf(Invalid, f.FromParam, 0, "%s is after %s %s", from, f.ToParam, to)
	}
	return dateQuery(f, sp, 1), sp.Start, sp.End, nil
}
