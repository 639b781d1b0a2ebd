package index

import (
	"context"
	"errors"
	"fmt"
	"regexp"
	"regexp/syntax"
	"strings"
	"unicode/utf8"

	"github.com/blevesearch/bleve/v2/search/query"
	bleveindex "github.com/blevesearch/bleve_index_api"
	"github.com/searchd/searchd/mapping"
)

// QueryPolicy bounds the query forms that expand over the term dictionary:
// /regexp/, wildcards and fuzzy terms. Bleve gathers every matching term of
// such a clause before it checks the request's deadline, so an unbounded
// pattern on a large dictionary costs seconds and memory; the policy refuses
// those up front.
type QueryPolicy struct {
	// AllowExpensive permits regexp, wildcard and fuzzy clauses at all.
	AllowExpensive bool
	// MaxExpansions is how many dictionary terms one clause may match.
	MaxExpansions int
}

// DefaultQueryPolicy allows expensive forms within 1024 expansions.
func DefaultQueryPolicy() QueryPolicy {
	return QueryPolicy{AllowExpensive: true, MaxExpansions: 1024}
}

// fuzzyPrefix is how many leading characters of a fuzzy term must match exactly.
const fuzzyPrefix = 1

// scanFactor bounds how many terms under a literal prefix are looked at per
// allowed expansion before the clause is refused as too broad.
const scanFactor = 64

var errExpensiveOff = errors.New("regexp, wildcard and fuzzy queries are turned off on this server (search.allow_expensive_queries)")

// guardExpensive walks q and refuses any clause that
// would expand past the policy.
func (ix *Index) guardExpensive(ctx context.Context, q query.Query) error {
	var err error
	// One budget for the whole query: many clauses that each stay under the
	// cap must not add up to an unbounded expansion.
	budget := ix.policy.MaxExpansions
	walkQuery(q, func(sub query.Query) bool {
		switch sub := sub.(type) {
		case *query.RegexpQuery:
			err = ix.guardPattern(ctx, sub.Field(), "/"+sub.Regexp+"/", sub.Regexp, &budget)
		case *query.WildcardQuery:
			err = ix.guardPattern(ctx, sub.Field(), sub.Wildcard, wildcardToRegexp(sub.Wildcard), &budget)
		case *query.MatchQuery:
			if sub.Fuzziness > 0 {
				// As Elasticsearch's prefix_length: the first character must
				// match exactly, so the Levenshtein automaton walks one
				// branch of the dictionary instead of all of it.
				sub.Prefix = max(sub.Prefix, fuzzyPrefix)
				err = ix.guardFuzzy(ctx, sub, &budget)
			}
		case *query.FuzzyQuery:
			sub.Prefix = max(sub.Prefix, fuzzyPrefix)
			err = ix.guardFuzzyTerm(ctx, sub.Field(), sub.Term, sub.Fuzziness, &budget)
		case *query.PrefixQuery:
			err = ix.guardPattern(ctx, sub.Field(), sub.Prefix+"*", regexp.QuoteMeta(sub.Prefix)+".*", &budget)
		}
		return err == nil
	})
	return err
}

// walkQuery calls fn on q and every query inside it until fn returns false.
func walkQuery(q query.Query, fn func(query.Query) bool) bool {
	if q == nil {
		return true
	}
	if !fn(q) {
		return false
	}
	switch q := q.(type) {
	case *query.BooleanQuery:
		for _, sub := range []query.Query{q.Must, q.Should, q.MustNot, q.Filter} {
			if !walkQuery(sub, fn) {
				return false
			}
		}
	case *query.ConjunctionQuery:
		for _, sub := range q.Conjuncts {
			if !walkQuery(sub, fn) {
				return false
			}
		}
	case *query.DisjunctionQuery:
		for _, sub := range q.Disjuncts {
			if !walkQuery(sub, fn) {
				return false
			}
		}
	}
	return true
}

func wildcardToRegexp(w string) string {
	var b strings.Builder
	for _, r := range w {
		switch r {
		case '*':
			b.WriteString(".*")
		case '?':
			b.WriteString(".")
		default:
			b.WriteString(regexp.QuoteMeta(string(r)))
		}
	}
	return b.String()
}

// fieldOrDefault names the field Bleve searches for a clause naming none
// (query.Compile names a field on every clause, but the mapping has a
// default).
func fieldOrDefault(f string) string {
	if f == "" {
		return mapping.FieldBody
	}
	return f
}

// guardPattern checks a regexp (or a wildcard turned into one): it needs a
// literal prefix, and the terms under that prefix it matches must stay
// within MaxExpansions.
func (ix *Index) guardPattern(ctx context.Context, field, shown, pattern string, budget *int) error {
	if !ix.policy.AllowExpensive {
		return errExpensiveOff
	}
	re, err := syntax.Parse(pattern, syntax.Perl)
	if err != nil {
		return fmt.Errorf("regular expression %s: %w", shown, err)
	}
	prog, err := syntax.Compile(re.Simplify())
	if err != nil {
		return fmt.Errorf("regular expression %s: %w", shown, err)
	}
	prefix, complete := prog.Prefix()
	if complete {
		return nil // a literal: one term at most
	}
	if prefix == "" {
		return fmt.Errorf("%s starts with a wildcard or pattern: give it a literal prefix (such as sanc*) so it need not scan every term", shown)
	}
	matcher, err := regexp.Compile("^(?:" + pattern + ")$")
	if err != nil {
		return fmt.Errorf("regular expression %s: %w", shown, err)
	}
	dict, err := ix.bi.FieldDictPrefix(fieldOrDefault(field), []byte(prefix))
	if err != nil {
		return fmt.Errorf("expand %s: %w", shown, err)
	}
	defer dict.Close()
	matched, scanned := 0, 0
	maxScan := ix.policy.MaxExpansions * scanFactor
	for {
		entry, err := dict.Next()
		if err != nil {
			return fmt.Errorf("expand %s: %w", shown, err)
		}
		if entry == nil {
			return nil
		}
		scanned++
		if scanned%256 == 0 && ctx.Err() != nil {
			return ctx.Err()
		}
		if matcher.MatchString(entry.Term) {
			matched++
			*budget--
			if *budget < 0 {
				return fmt.Errorf("%s matches too many terms (the query's patterns may expand to %d in all); make it more specific", shown, ix.policy.MaxExpansions)
			}
		}
		if scanned > maxScan {
			return fmt.Errorf("%s would scan more than %d terms; make its literal prefix longer", shown, maxScan)
		}
	}
}

// guardFuzzy checks each term a fuzzy match query searches for: the terms
// its analyser makes of the text, which is what Bleve expands ("ab-cdefgh~2"
// searches ab~2 and cdefgh~2, not one eight-letter word).
func (ix *Index) guardFuzzy(ctx context.Context, q *query.MatchQuery, budget *int) error {
	m := ix.bi.Mapping()
	analyzer := q.Analyzer
	if analyzer == "" {
		analyzer = m.AnalyzerNameForPath(fieldOrDefault(q.Field()))
	}
	a := m.AnalyzerNamed(analyzer)
	if a == nil {
		return fmt.Errorf("no analyser %q for %q", analyzer, q.Match)
	}
	for _, tok := range a.Analyze([]byte(q.Match)) {
		if err := ix.guardFuzzyTerm(ctx, q.Field(), string(tok.Term), q.Fuzziness, budget); err != nil {
			return err
		}
	}
	return nil
}

// guardFuzzyTerm allows an edit distance of 1 from 3 characters and of 2
// from 6 (as Elasticsearch's AUTO fuzziness), and counts the matching terms.
func (ix *Index) guardFuzzyTerm(ctx context.Context, field, term string, fuzziness int, budget *int) error {
	if !ix.policy.AllowExpensive {
		return errExpensiveOff
	}
	n := utf8.RuneCountInString(term)
	switch {
	case fuzziness < 0 || fuzziness > 2:
		return fmt.Errorf("%s~%d: the edit distance can be 1 or 2", term, fuzziness)
	case fuzziness == 2 && n < 6:
		return fmt.Errorf("%s~2: an edit distance of 2 needs a word of 6 or more characters", term)
	case fuzziness == 1 && n < 3:
		return fmt.Errorf("%s~1: an edit distance of 1 needs a word of 3 or more characters", term)
	}
	reader, err := ix.reader()
	if err != nil {
		return fmt.Errorf("expand %s~%d: %w", term, fuzziness, err)
	}
	defer reader.Close()
	fuzzy, ok := reader.(bleveindex.IndexReaderFuzzy)
	if !ok {
		return fmt.Errorf("expand %s~%d: this index cannot list fuzzy matches", term, fuzziness)
	}
	prefix := string([]rune(term)[:fuzzyPrefix])
	dict, err := fuzzy.FieldDictFuzzy(fieldOrDefault(field), term, fuzziness, prefix)
	if err != nil {
		return fmt.Errorf("expand %s~%d: %w", term, fuzziness, err)
	}
	defer dict.Close()
	matched := 0
	for {
		entry, err := dict.Next()
		if err != nil {
			return fmt.Errorf("expand %s~%d: %w", term, fuzziness, err)
		}
		if entry == nil {
			return nil
		}
		matched++
		*budget--
		if matched%256 == 0 && ctx.Err() != nil {
			return ctx.Err()
		}
		if *budget < 0 {
			return fmt.Errorf("%s~%d matches too many terms (the query's patterns may expand to %d in all); make it more specific", term, fuzziness, ix.policy.MaxExpansions)
		}
	}
}
