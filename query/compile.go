package query

import (
	"strings"

	blevequery "github.com/blevesearch/bleve/v2/search/query"

	"github.com/searchd/searchd/extract"
	"github.com/searchd/searchd/mapping"
)

// DefaultEntityBoost weighs a match on an extracted entity against a
// literal match of the same word. An entity clause is one keyword term in
// a field of a few values, which Bleve's tf-idf scores far above the same
// word in a long body (a field's norm is 1/sqrt of its length). Measured on
// 2,000 documents with the real mapping: at 0.05 an article that only has
// the entity still outranked one with the word once in a 1,500-word body;
// at 0.02 every literal match ranks first, and articles with both the word
// and the entity lead (0.03 against 0.003 for the entity alone).
const DefaultEntityBoost = 0.02

// DefaultMaxEntities bounds how many entities one word or phrase expands to.
const DefaultMaxEntities = 4

// Options tune Compile. The zero value expands entities with the defaults.
type Options struct {
	// NoEntities turns entity-aware free text off: words and phrases match
	// their text only.
	NoEntities bool
	// EntityBoost is the weight of an entity clause, relative to 1 for the
	// literal text; 0 means DefaultEntityBoost.
	EntityBoost float64
	// MaxEntities bounds the entities of one word or phrase; 0 means
	// DefaultMaxEntities.
	MaxEntities int
}

// Interpretation is one entity a word or phrase of the query was also
// read as, for the API's "interpreted" field.
type Interpretation struct {
	Text   string    `json:"text"` // the word or phrase as written
	Pos    int       `json:"pos"`  // its 1-based rune column in q
	Entity EntityRef `json:"entity"`
}

// Compile turns a parsed query into a Bleve query. It is pure: r is only
// read, and nothing outside the result is changed. r may be nil.
//
// Every clause names its field: a word naming none is searched in each of
// UnqualifiedFields, any of them matching, so the result needs no rewriting
// by the index. Conjunctions and disjunctions are Bleve's query-string
// kind, which skip a clause that can match nothing (a stop word), as
// Bleve's own query-string parser does. Boosts are applied to the leaves,
// since Bleve ignores the boost of a compound query.
//
// Errors are *Error: an unknown country (Invalid) and a fuzzy term too
// short once normalised (Expensive).
func Compile(n Node, r Resolver, opts Options) (blevequery.Query, []Interpretation, error) {
	if r == nil {
		r = codesOnly{}
	}
	if opts.EntityBoost <= 0 {
		opts.EntityBoost = DefaultEntityBoost
	}
	if opts.MaxEntities <= 0 {
		opts.MaxEntities = DefaultMaxEntities
	}
	c := &compiler{r: r, opts: opts}
	q, err := c.compile(n, 1)
	if err != nil {
		return nil, nil, err
	}
	return q, c.interpreted, nil
}

// compiler holds what one Compile collects.
type compiler struct {
	r           Resolver
	opts        Options
	interpreted []Interpretation
}

// compile builds the query of n, whose leaves get boost.
func (c *compiler) compile(n Node, boost float64) (blevequery.Query, error) {
	switch n := n.(type) {
	case *MatchAll:
		return boosted(blevequery.NewMatchAllQuery(), boost), nil
	case *Term:
		return c.value(n.Field, n.Text, 0, false, n.Pos, boost)
	case *Phrase:
		return c.value(n.Field, n.Text, n.Slop, true, n.Pos, boost)
	case *Wildcard:
		return c.wildcard(n, boost)
	case *Regexp:
		return c.regexp(n, boost)
	case *Fuzzy:
		return c.fuzzy(n, boost)
	case *Range:
		return c.dateRange(n, boost)
	case *And:
		return c.and(n, boost)
	case *Or:
		should := make([]blevequery.Query, 0, len(n.Nodes))
		for _, sub := range n.Nodes {
			q, err := c.compile(sub, boost)
			if err != nil {
				return nil, err
			}
			should = append(should, q)
		}
		return anyOf(should), nil
	case *Not:
		// Alone, or beside OR: everything except what it matches.
		q, err := c.compile(n.Node, 1)
		if err != nil {
			return nil, err
		}
		all := boosted(blevequery.NewMatchAllQuery(), boost)
		return blevequery.NewBooleanQueryForQueryString([]blevequery.Query{all}, nil, []blevequery.Query{q}), nil
	case *Boost:
		return c.compile(n.Node, boost*n.Factor)
	}
	return nil, errorf(Other, "q", 0, "cannot compile a %T", n)
}

// and requires its positive nodes and excludes its negated ones; with
// none positive, it is everything except the negated ones.
func (c *compiler) and(n *And, boost float64) (blevequery.Query, error) {
	var must, mustNot []blevequery.Query
	positives := 0
	for _, sub := range n.Nodes {
		if _, ok := sub.(*Not); !ok {
			positives++
		}
	}
	for _, sub := range n.Nodes {
		if not, ok := sub.(*Not); ok {
			q, err := c.compile(not.Node, 1)
			if err != nil {
				return nil, err
			}
			mustNot = append(mustNot, q)
			continue
		}
		if _, all := sub.(*MatchAll); all && positives > 1 {
			continue // a * beside other required clauses adds nothing
		}
		q, err := c.compile(sub, boost)
		if err != nil {
			return nil, err
		}
		must = append(must, q)
	}
	if len(must) == 0 {
		must = []blevequery.Query{boosted(blevequery.NewMatchAllQuery(), boost)}
	}
	if len(must) == 1 && len(mustNot) == 0 {
		return must[0], nil
	}
	return blevequery.NewBooleanQueryForQueryString(must, nil, mustNot), nil
}

// value compiles a word (quoted false) or a phrase for its field.
func (c *compiler) value(field, text string, slop int, quoted bool, pos int, boost float64) (blevequery.Query, error) {
	if field == "" {
		var clauses []blevequery.Query
		for _, f := range unqualified() {
			clauses = append(clauses, textClause(f.Search, text, slop, quoted, boost))
		}
		// A quoted single word is literal only: quoting is how to ask
		// for the word and not what it may denote.
		if !c.opts.NoEntities && (!quoted || len(strings.Fields(text)) > 1) {
			clauses = append(clauses, c.entities(text, pos, boost)...)
		}
		return anyOf(clauses), nil
	}
	f, _ := lookupField(field)
	if f == nil {
		return nil, errorf(Syntax, "q", pos, "unknown field %q (known: %s)", field, fieldNames())
	}
	switch {
	case f.Kind == DateField:
		start, end, err := ParseDateBound(text)
		if err != nil {
			return nil, errorf(Invalid, "q", pos, "%s: %v", f.Name, err)
		}
		return dateQuery(f, span{start, end}, boost), nil
	case f.Alias == CountryAlias:
		code, ok := c.r.ResolveCountry(text)
		if !ok {
			return nil, errorf(Invalid, "q", pos, "%s: unknown country %q (use an ISO code such as IR, or a name such as Iran)", f.Name, text)
		}
		return termQuery(f.Filter, code, boost), nil
	case f.Alias == GroupAlias:
		if canon, ok := c.r.ResolveGroup(text); ok {
			return termQuery(f.Filter, extract.Fold(canon), boost), nil
		}
	}
	if !f.analysed() {
		return termQuery(f.Search, text, boost), nil
	}
	return textClause(f.Search, text, slop, quoted, boost), nil
}

// entities returns the clauses matching the entities text denotes, and
// records them as interpretations.
func (c *compiler) entities(text string, pos int, boost float64) []blevequery.Query {
	var clauses []blevequery.Query
	var seen []EntityRef
	for _, e := range c.r.Entities(text) {
		if len(seen) == c.opts.MaxEntities {
			break
		}
		f, ok := entityField(e.Type)
		if !ok || e.Value == "" || containsRef(seen, e) {
			continue
		}
		seen = append(seen, e)
		clauses = append(clauses, termQuery(f.Filter, filterKey(f, e.Value), boost*c.opts.EntityBoost))
		c.interpreted = append(c.interpreted, Interpretation{Text: text, Pos: pos, Entity: e})
	}
	return clauses
}

func containsRef(refs []EntityRef, e EntityRef) bool {
	for _, r := range refs {
		if r.Type == e.Type && r.Value == e.Value {
			return true
		}
	}
	return false
}

// filterKey turns an entity's canonical value into the term its filter
// field holds.
func filterKey(f *Field, value string) string {
	switch f.Key {
	case KeyFold:
		return extract.Fold(value)
	case KeyCountry:
		return strings.ToUpper(value)
	}
	return value
}

// textClause matches text in an analysed field: a word's every token, or a
// phrase's tokens in order (within slop moves when slop > 0). A quoted
// single word of letters and digits is one token: it needs no positions.
func textClause(field, text string, slop int, quoted bool, boost float64) blevequery.Query {
	word := !quoted || isAlnum(strings.TrimSpace(text))
	switch {
	case word:
		q := blevequery.NewMatchQuery(text)
		// A word the analyser splits (al-Assad, U.S.) needs all its
		// parts, as adding a word narrows a search.
		q.SetOperator(blevequery.MatchQueryOperatorAnd)
		q.SetField(field)
		return boosted(q, boost)
	case slop > 0:
		q := NewProximityQuery(text, slop)
		q.SetField(field)
		return boosted(q, boost)
	}
	q := blevequery.NewMatchPhraseQuery(text)
	q.SetField(field)
	return boosted(q, boost)
}

func termQuery(field, term string, boost float64) blevequery.Query {
	q := blevequery.NewTermQuery(term)
	q.SetField(field)
	return boosted(q, boost)
}

// wildcard compiles a pattern with * and ?; a trailing * alone is a prefix,
// which Bleve finds without a regexp automaton.
func (c *compiler) wildcard(n *Wildcard, boost float64) (blevequery.Query, error) {
	fs, err := patternTargets(n.Field, n.Pos)
	if err != nil {
		return nil, err
	}
	var clauses []blevequery.Query
	for _, f := range fs {
		p := normalizer(f)(n.Pattern)
		// Folding can remove what made the prefix (a lone combining mark).
		if strings.IndexAny(p, "*?") == 0 {
			return nil, errorf(Expensive, "q", n.Pos, "%s has no literal prefix once folded as the index folds text: give it letters before * or ?", n.Pattern)
		}
		if prefix, ok := isPrefix(p); ok {
			q := blevequery.NewPrefixQuery(prefix)
			q.SetField(f.Search)
			clauses = append(clauses, boosted(q, boost))
			continue
		}
		q := blevequery.NewWildcardQuery(p)
		q.SetField(f.Search)
		clauses = append(clauses, boosted(q, boost))
	}
	return anyOf(clauses), nil
}

func (c *compiler) regexp(n *Regexp, boost float64) (blevequery.Query, error) {
	fs, err := patternTargets(n.Field, n.Pos)
	if err != nil {
		return nil, err
	}
	var clauses []blevequery.Query
	for _, f := range fs {
		pattern := normalizeRegexp(n.Pattern, normalizer(f))
		if pattern != n.Pattern {
			// Folding can remove the literal prefix, or change the cost.
			if err := checkRegexp(pattern, n.Pos); err != nil {
				return nil, err
			}
		}
		q := blevequery.NewRegexpQuery(pattern)
		q.SetField(f.Search)
		clauses = append(clauses, boosted(q, boost))
	}
	return anyOf(clauses), nil
}

// fuzzy compiles a fuzzy term with its first character fixed, so that the
// automaton walks one branch of the dictionary instead of all of it.
func (c *compiler) fuzzy(n *Fuzzy, boost float64) (blevequery.Query, error) {
	fs, err := patternTargets(n.Field, n.Pos)
	if err != nil {
		return nil, err
	}
	var clauses []blevequery.Query
	for _, f := range fs {
		term := normalizer(f)(n.Text)
		// Normalising can change a word's length (Æ folds to AE).
		if err := checkFuzzy(term, n.Distance, n.Pos); err != nil {
			return nil, err
		}
		q := blevequery.NewFuzzyQuery(term)
		q.SetFuzziness(n.Distance)
		q.SetPrefix(FuzzyPrefix)
		q.SetField(f.Search)
		clauses = append(clauses, boosted(q, boost))
	}
	return anyOf(clauses), nil
}

// FuzzyPrefix is how many leading characters of a fuzzy term must match
// exactly (Elasticsearch's prefix_length).
const FuzzyPrefix = 1

func (c *compiler) dateRange(n *Range, boost float64) (blevequery.Query, error) {
	f, _ := lookupField(n.Field)
	if f == nil || f.Kind != DateField {
		return nil, errorf(Syntax, "q", n.Pos, "%s takes no ranges (published_at and mentioned do)", n.Field)
	}
	sp, err := rangeSpan(n.From, n.To, n.FromExclusive, n.ToExclusive)
	if err != nil {
		return nil, errorf(Invalid, "q", n.Pos, "%s: %v", f.Name, err)
	}
	return dateQuery(f, sp, boost), nil
}

// dateQuery matches the date field's values in [sp.Start, sp.End); a zero
// bound is open. A field of date spans (mentioned) matches every range that
// overlaps the period; published_at, the instants within it.
func dateQuery(f *Field, sp span, boost float64) blevequery.Query {
	if f.Spans {
		q := mapping.DateOverlapQuery(f.Search, sp.Start, sp.End)
		if b, ok := q.(blevequery.BoostableQuery); ok && boost != 1 {
			b.SetBoost(boost)
		}
		return q
	}
	inclusive, exclusive := true, false
	q := blevequery.NewDateRangeInclusiveQuery(sp.Start, sp.End, &inclusive, &exclusive)
	q.SetField(f.Search)
	return boosted(q, boost)
}

// patternTargets lists the fields a pattern or fuzzy term searches. The
// parser has checked the field; a tree built by hand is checked here.
func patternTargets(field string, pos int) ([]*Field, error) {
	if field == "" {
		return unqualified(), nil
	}
	f, ok := lookupField(field)
	if !ok {
		return nil, errorf(Syntax, "q", pos, "unknown field %q (known: %s)", field, fieldNames())
	}
	if !f.Patterns {
		return nil, errorf(Syntax, "q", pos, "%s takes no wildcards, regular expressions or fuzzy terms", f.Name)
	}
	return []*Field{f}, nil
}

func unqualified() []*Field {
	var out []*Field
	for i := range fields {
		if fields[i].Unqualified {
			out = append(out, &fields[i])
		}
	}
	return out
}

// anyOf matches what any clause matches, skipping clauses that can match
// nothing.
func anyOf(clauses []blevequery.Query) blevequery.Query {
	if len(clauses) == 1 {
		return clauses[0]
	}
	return blevequery.NewBooleanQueryForQueryString(nil, clauses, nil)
}

// boosted sets a boost other than 1 on q.
func boosted[Q blevequery.BoostableQuery](q Q, boost float64) Q {
	if boost != 1 {
		q.SetBoost(boost)
	}
	return q
}
