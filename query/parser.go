package query

import (
	"strconv"
	"strings"
	"unicode/utf8"
)

// Limits bound what Parse accepts, so that no input can exhaust the stack
// or memory: the parser recurses once per nesting level and allocates per
// clause.
type Limits struct {
	MaxLength  int // bytes of query text
	MaxClauses int // leaves: words, phrases, patterns, ranges
	MaxDepth   int // nesting of parentheses, NOT, - and +
	// MaxPatterns bounds the /regexps/, wildcards (but a trailing *, a
	// prefix) and fuzzy terms of a query: each costs Bleve an automaton to
	// build (half a millisecond for /ab.*/, see checkRegexp).
	MaxPatterns int
}

// DefaultLimits are the limits Parse applies.
func DefaultLimits() Limits {
	return Limits{MaxLength: 4096, MaxClauses: 1024, MaxDepth: 32, MaxPatterns: 16}
}

// MaxSlop is the largest proximity a phrase may ask for ("a b"~50): the
// cost of checking positions grows with it, and beyond a few dozen words
// a phrase is no longer about proximity.
const MaxSlop = 50

// MaxProximityWords bounds the words of a phrase with a slop ("a b c"~3).
const MaxProximityWords = 16

// Fuzzy terms: an edit distance of 1 needs a word of at least 3
// characters and one of 2 at least 6 (as Elasticsearch's AUTO fuzziness);
// shorter words match a good part of the dictionary. A word of more than
// maxFuzzy characters is refused: vellum's Levenshtein automaton of a
// 1,000-character word took 10-30 ms here and one of 4,000 exceeded its
// 10,000 states, which Bleve reports as a failed search.
const (
	minFuzzy1 = 3
	minFuzzy2 = 6
	maxFuzzy  = 64
)

// Parse parses a query with DefaultLimits. An empty or blank query is
// *MatchAll. Errors are *Error with Param "q" and the position of the fault.
func Parse(s string) (Node, error) {
	return ParseLimits(s, DefaultLimits())
}

// ParseLimits parses a query within lim; a zero field of lim takes its
// default.
func ParseLimits(s string, lim Limits) (Node, error) {
	d := DefaultLimits()
	if lim.MaxLength <= 0 {
		lim.MaxLength = d.MaxLength
	}
	if lim.MaxClauses <= 0 {
		lim.MaxClauses = d.MaxClauses
	}
	if lim.MaxDepth <= 0 {
		lim.MaxDepth = d.MaxDepth
	}
	if lim.MaxPatterns <= 0 {
		lim.MaxPatterns = d.MaxPatterns
	}
	if len(s) > lim.MaxLength {
		return nil, errorf(TooLarge, "q", 0, "query is longer than %d bytes", lim.MaxLength)
	}
	toks, err := lex(s)
	if err != nil {
		return nil, err
	}
	p := &parser{toks: toks, lim: lim}
	if p.peek().kind == tEOF {
		return &MatchAll{}, nil
	}
	n, err := p.or(nil)
	if err != nil {
		return nil, err
	}
	if t := p.peek(); t.kind != tEOF {
		return nil, p.unexpected(t)
	}
	return n, nil
}

// parser is a recursive-descent parser over the token list:
//
//	query   = or EOF
//	or      = and { "OR" and }
//	and     = unary { ["AND"] unary }
//	unary   = ("NOT" | "-" | "+") unary | primary
//	primary = [field ":"] atom ["~" [n]] ["^" n]
//	atom    = word | phrase | regexp | "(" or ")" | range
//	range   = ("[" | "{") bound "TO" bound ("]" | "}")
type parser struct {
	toks     []token
	i        int
	lim      Limits
	depth    int
	clauses  int
	patterns int
}

func (p *parser) peek() token { return p.toks[p.i] }

func (p *parser) take() token {
	t := p.toks[p.i]
	if t.kind != tEOF {
		p.i++
	}
	return t
}

func (p *parser) errorf(kind Kind, pos int, format string, args ...any) error {
	return errorf(kind, "q", pos, format, args...)
}

// unexpected describes a token found where it cannot go.
func (p *parser) unexpected(t token) error {
	switch t.kind {
	case tRParen:
		return p.errorf(Syntax, t.pos, `unexpected ")" without a "(" to close`)
	case tBoost:
		return p.errorf(Syntax, t.pos, "^ must directly follow a term")
	case tTilde:
		return p.errorf(Syntax, t.pos, "~ must directly follow a word or a phrase")
	case tAnd, tOr:
		return p.errorf(Syntax, t.pos, "expected a term before %s", t.text)
	case tEOF:
		return p.errorf(Syntax, t.pos, "expected a term")
	}
	return p.errorf(Syntax, t.pos, "unexpected %q", t.text)
}

// startsUnary reports whether t can begin a unary expression.
func startsUnary(t token) bool {
	switch t.kind {
	case tWord, tField, tPhrase, tRegexp, tLParen, tLRange, tNot, tPlus, tMinus:
		return true
	}
	return false
}

func (p *parser) enter(pos int) error {
	p.depth++
	if p.depth > p.lim.MaxDepth {
		return p.errorf(TooLarge, pos, "query nests deeper than %d levels", p.lim.MaxDepth)
	}
	return nil
}

func (p *parser) leave() { p.depth-- }

// or parses OR'ed conjunctions; field is the field of an enclosing
// field:( ) group, nil outside one.
func (p *parser) or(field *Field) (Node, error) {
	first, err := p.and(field)
	if err != nil {
		return nil, err
	}
	if p.peek().kind != tOr {
		return first, nil
	}
	or := &Or{Pos: first.Position()}
	or.Nodes = appendFlat(or.Nodes, first, isOr)
	for p.peek().kind == tOr {
		op := p.take()
		if !startsUnary(p.peek()) {
			return nil, p.errorf(Syntax, op.pos, "expected a term after OR")
		}
		n, err := p.and(field)
		if err != nil {
			return nil, err
		}
		or.Nodes = appendFlat(or.Nodes, n, isOr)
	}
	return or, nil
}

// and parses unary expressions joined by AND or by nothing.
func (p *parser) and(field *Field) (Node, error) {
	first, err := p.unary(field)
	if err != nil {
		return nil, err
	}
	var and *And
	for {
		t := p.peek()
		if t.kind == tAnd {
			p.take()
			if !startsUnary(p.peek()) {
				return nil, p.errorf(Syntax, t.pos, "expected a term after AND")
			}
		} else if !startsUnary(t) {
			break
		}
		n, err := p.unary(field)
		if err != nil {
			return nil, err
		}
		if and == nil {
			and = &And{Pos: first.Position()}
			and.Nodes = appendFlat(and.Nodes, first, isAnd)
		}
		and.Nodes = appendFlat(and.Nodes, n, isAnd)
	}
	if and == nil {
		return first, nil
	}
	return and, nil
}

// appendFlat appends n, or the nodes of n when it is of the same operator:
// (a b) c is a b c, and the printed form needs no parentheses for it.
func appendFlat(nodes []Node, n Node, same func(Node) bool) []Node {
	if same(n) {
		switch n := n.(type) {
		case *And:
			return append(nodes, n.Nodes...)
		case *Or:
			return append(nodes, n.Nodes...)
		}
	}
	return append(nodes, n)
}

func (p *parser) unary(field *Field) (Node, error) {
	t := p.peek()
	switch t.kind {
	case tNot, tMinus, tPlus:
		p.take()
		if !startsUnary(p.peek()) {
			return nil, p.errorf(Syntax, t.pos, "expected a term after %s", opName(t.kind))
		}
		if err := p.enter(t.pos); err != nil {
			return nil, err
		}
		defer p.leave()
		n, err := p.unary(field)
		if err != nil {
			return nil, err
		}
		if t.kind == tPlus {
			// Words are required already: +x is x.
			return n, nil
		}
		return &Not{Node: n, Pos: t.pos}, nil
	}
	return p.primary(field)
}

func opName(k tokenKind) string {
	switch k {
	case tMinus:
		return "-"
	case tPlus:
		return "+"
	}
	return "NOT"
}

func (p *parser) primary(field *Field) (Node, error) {
	t := p.peek()
	pos := t.pos
	if t.kind == tField {
		p.take()
		f, ok := lookupField(t.text)
		if !ok {
			return nil, p.errorf(Syntax, t.pos, "unknown field %q (known: %s)", t.text, fieldNames())
		}
		if field != nil {
			return nil, p.errorf(Syntax, t.pos, "field %s inside %s:( ), which names the field already", f.Name, field.Name)
		}
		field = f
		switch v := p.peek(); v.kind {
		case tWord, tPhrase, tRegexp, tLParen, tLRange:
			if !v.spaced {
				break
			}
			fallthrough
		default:
			return nil, p.errorf(Syntax, t.pos, "expected a value right after %s:", t.text)
		}
		t = p.peek()
	}
	var n Node
	var err error
	switch t.kind {
	case tWord:
		p.take()
		n, err = p.word(t, field, pos)
	case tPhrase:
		p.take()
		n, err = p.phrase(t, field, pos)
	case tRegexp:
		p.take()
		n, err = p.regexp(t, field, pos)
	case tLRange:
		n, err = p.rangeNode(field, pos)
	case tLParen:
		n, err = p.group(field)
	default:
		return nil, p.unexpected(t)
	}
	if err != nil {
		return nil, err
	}
	if _, leaf := n.(interface{ leaf() }); leaf {
		p.clauses++
		if p.clauses > p.lim.MaxClauses {
			return nil, p.errorf(TooLarge, pos, "query has more than %d clauses", p.lim.MaxClauses)
		}
	}
	return p.suffixes(n, field)
}

// group parses ( or ).
func (p *parser) group(field *Field) (Node, error) {
	open := p.take()
	if err := p.enter(open.pos); err != nil {
		return nil, err
	}
	defer p.leave()
	switch p.peek().kind {
	case tRParen:
		return nil, p.errorf(Syntax, open.pos, "expected a term inside ( )")
	case tEOF:
		return nil, p.errorf(Syntax, open.pos, `expected ")" to close "("`)
	}
	n, err := p.or(field)
	if err != nil {
		return nil, err
	}
	switch t := p.peek(); t.kind {
	case tRParen:
		p.take()
		return n, nil
	case tEOF:
		return nil, p.errorf(Syntax, open.pos, `expected ")" to close "("`)
	default:
		return nil, p.unexpected(t)
	}
}

// suffixes applies ~ (fuzzy or slop) and ^ (boost) to n.
func (p *parser) suffixes(n Node, field *Field) (Node, error) {
	if t := p.peek(); t.kind == tTilde && !t.spaced {
		p.take()
		var err error
		if n, err = p.tilde(n, t, field); err != nil {
			return nil, err
		}
	}
	t := p.peek()
	if t.kind != tBoost || t.spaced {
		return n, nil
	}
	p.take()
	f, err := strconv.ParseFloat(t.text, 64)
	if err != nil || f <= 0 || f > maxBoost {
		return nil, p.errorf(Syntax, t.pos, "a boost must be a number above 0 and at most %d", maxBoost)
	}
	switch next := p.peek(); next.kind {
	case tBoost:
		return nil, p.errorf(Syntax, next.pos, "a term can have one boost")
	case tTilde:
		return nil, p.errorf(Syntax, next.pos, "~ must come before ^")
	}
	return &Boost{Node: n, Factor: f, Pos: n.Position()}, nil
}

// maxBoost bounds a boost factor: scores are float64 products, and a
// factor beyond this says nothing a smaller one does not.
const maxBoost = 1000000

func (p *parser) tilde(n Node, t token, field *Field) (Node, error) {
	num := -1
	if t.text != "" {
		if len(t.text) > 3 {
			return nil, p.errorf(Syntax, t.pos, "~%s: the number is too large", t.text)
		}
		num, _ = strconv.Atoi(t.text)
	}
	switch n := n.(type) {
	case *Term:
		if field != nil && !field.Patterns {
			return nil, p.errorf(Syntax, t.pos, "%s takes no fuzzy terms", field.Name)
		}
		if num < 0 {
			num = 1
		}
		if err := checkFuzzy(n.Text, num, n.Pos); err != nil {
			return nil, err
		}
		if err := p.countPattern(n.Pos); err != nil {
			return nil, err
		}
		return &Fuzzy{Field: n.Field, Text: n.Text, Distance: num, Pos: n.Pos}, nil
	case *Phrase:
		if num < 0 {
			return nil, p.errorf(Syntax, t.pos, "expected the slop after ~, as in \"a b\"~3")
		}
		if field != nil && !field.analysed() {
			return nil, p.errorf(Syntax, t.pos, "%s is matched whole: a slop means nothing there", field.Name)
		}
		if num > MaxSlop {
			return nil, p.errorf(Invalid, t.pos, "a slop can be at most %d", MaxSlop)
		}
		// Matching words within a slop costs the square of their number
		// at every candidate position (800 repeats of one word took 41 ms
		// an article); a proximity search is for a few words.
		if words := len(strings.Fields(n.Text)); num > 0 && words > MaxProximityWords {
			return nil, p.errorf(TooLarge, n.Pos, "a phrase with a slop can have at most %d words, this one has %d", MaxProximityWords, words)
		}
		n.Slop = num
		return n, nil
	case *Wildcard:
		return nil, p.errorf(Syntax, t.pos, "~ cannot follow a wildcard")
	}
	return nil, p.errorf(Syntax, t.pos, "~ must follow a word or a phrase")
}

// checkFuzzy applies the fuzzy rules to a word (as typed, or as normalised
// for its field) at pos.
func checkFuzzy(text string, distance, pos int) error {
	n := utf8.RuneCountInString(text)
	switch {
	case distance < 1 || distance > 2:
		return errorf(Syntax, "q", pos, "%s~%d: the edit distance can be 1 or 2", text, distance)
	case distance == 2 && n < minFuzzy2:
		return errorf(Expensive, "q", pos, "%s~2: an edit distance of 2 needs a word of %d or more characters", text, minFuzzy2)
	case distance == 1 && n < minFuzzy1:
		return errorf(Expensive, "q", pos, "%s~1: an edit distance of 1 needs a word of %d or more characters", text, minFuzzy1)
	case n > maxFuzzy:
		return errorf(TooLarge, "q", pos, "a fuzzy word can have at most %d characters", maxFuzzy)
	}
	return nil
}

func fieldName(f *Field) string {
	if f == nil {
		return ""
	}
	return f.Name
}

func (p *parser) word(t token, field *Field, pos int) (Node, error) {
	if t.wild {
		if t.escaped {
			return nil, p.errorf(Syntax, t.pos, "%s: a word with wildcards cannot also have an escaped * or ?", t.text)
		}
		if field == nil && t.text == "*" {
			return &MatchAll{Pos: pos}, nil
		}
		if field != nil && !field.Patterns {
			return nil, p.errorf(Syntax, pos, "%s takes no wildcards", field.Name)
		}
		if t.text[0] == '*' || t.text[0] == '?' {
			return nil, p.errorf(Expensive, pos, "%s starts with a wildcard: give it a literal prefix (such as sanc*) so it need not scan every term", t.text)
		}
		if _, prefix := isPrefix(t.text); !prefix {
			if err := p.countPattern(pos); err != nil {
				return nil, err
			}
			if err := checkWildcard(t.text, pos); err != nil {
				return nil, err
			}
		}
		return &Wildcard{Field: fieldName(field), Pattern: t.text, Pos: pos}, nil
	}
	if err := p.checkValue(t.text, field, pos); err != nil {
		return nil, err
	}
	return &Term{Field: fieldName(field), Text: t.text, Pos: pos}, nil
}

// countPattern counts a pattern that needs an automaton against the limit.
func (p *parser) countPattern(pos int) error {
	p.patterns++
	if p.patterns > p.lim.MaxPatterns {
		return p.errorf(TooLarge, pos, "query has more than %d regular expressions, wildcards and fuzzy terms", p.lim.MaxPatterns)
	}
	return nil
}

// isPrefix returns the literal before a wildcard pattern's only wildcard,
// a trailing *, which Bleve finds without an automaton.
func isPrefix(pattern string) (string, bool) {
	prefix, ok := strings.CutSuffix(pattern, "*")
	return prefix, ok && !strings.ContainsAny(prefix, "*?")
}

func (p *parser) phrase(t token, field *Field, pos int) (Node, error) {
	if strings.TrimSpace(t.text) == "" {
		return nil, p.errorf(Syntax, t.pos, "empty phrase")
	}
	if err := p.checkValue(t.text, field, pos); err != nil {
		return nil, err
	}
	return &Phrase{Field: fieldName(field), Text: t.text, Pos: pos}, nil
}

// checkValue validates a word or phrase for its field: a date field's
// value must be a date.
func (p *parser) checkValue(text string, field *Field, pos int) error {
	if field != nil && field.Kind == DateField {
		if _, _, err := ParseDateBound(text); err != nil {
			return p.errorf(Invalid, pos, "%s: %v", field.Name, err)
		}
	}
	return nil
}

func (p *parser) regexp(t token, field *Field, pos int) (Node, error) {
	if field != nil && !field.Patterns {
		return nil, p.errorf(Syntax, pos, "%s takes no regular expressions", field.Name)
	}
	if t.text == "" {
		return nil, p.errorf(Syntax, t.pos, "empty regular expression")
	}
	if err := p.countPattern(pos); err != nil {
		return nil, err
	}
	if err := checkRegexp(t.text, pos); err != nil {
		return nil, err
	}
	return &Regexp{Field: fieldName(field), Pattern: t.text, Pos: pos}, nil
}

func (p *parser) rangeNode(field *Field, pos int) (Node, error) {
	open := p.take()
	if field == nil {
		return nil, p.errorf(Syntax, open.pos, "a range needs a date field, as in published_at:[2024-01 TO 2024-06]")
	}
	if field.Kind != DateField {
		return nil, p.errorf(Syntax, pos, "%s takes no ranges (published_at and mentioned do)", field.Name)
	}
	bound := func(after string, at int) (string, error) {
		t := p.peek()
		if t.kind != tWord {
			return "", p.errorf(Syntax, at, "expected a date or * after %s", after)
		}
		p.take()
		if t.text == "*" {
			return "", nil
		}
		if _, _, err := ParseDateBound(t.text); err != nil {
			return "", p.errorf(Invalid, t.pos, "%s: %v", field.Name, err)
		}
		return t.text, nil
	}
	openText := "[{"[btoi(open.exclusive) : btoi(open.exclusive)+1]
	from, err := bound(openText, open.pos)
	if err != nil {
		return nil, err
	}
	to := p.peek()
	if to.kind != tTo {
		return nil, p.errorf(Syntax, to.pos, "expected TO between the bounds of the range")
	}
	p.take()
	until, err := bound("TO", to.pos)
	if err != nil {
		return nil, err
	}
	closing := p.peek()
	if closing.kind != tRRange {
		return nil, p.errorf(Syntax, open.pos, "expected ] or } to close %s", openText)
	}
	p.take()
	r := &Range{Field: field.Name, From: from, To: until, FromExclusive: open.exclusive, ToExclusive: closing.exclusive, Pos: pos}
	if from == "" && until == "" {
		return nil, p.errorf(Invalid, pos, "a range needs at least one bound")
	}
	sp, err := rangeSpan(r.From, r.To, r.FromExclusive, r.ToExclusive)
	if err != nil {
		return nil, p.errorf(Invalid, pos, "%s: %v", field.Name, err)
	}
	if from != "" && until != "" && !sp.Start.Before(sp.End) {
		return nil, p.errorf(Invalid, pos, "%s: the range %s TO %s is empty", field.Name, from, until)
	}
	return r, nil
}
