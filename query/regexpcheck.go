package query

import (
	"regexp"
	"regexp/syntax"
	"strings"

	vellumregexp "github.com/blevesearch/vellum/regexp"
	vellumutf8 "github.com/blevesearch/vellum/utf8"
)

// Bleve searches a /regexp/ (and a wildcard, as the regexp it becomes) by
// compiling it to a byte-level DFA (vellum) and walking the term
// dictionary with it. Building that DFA is where a pattern can cost
// seconds: vellum stops at 10,000 states, each costing 256 transitions
// over the pattern's instructions, and its instruction limit is not
// checked on every path (a\pL\pL... 30 times took 13 s with a 16 KiB
// limit). Measured on this machine: a.*b.{10} takes 1 s and a.*b.{k}
// doubles with each k, because after an unbounded repetition of a class
// every bounded class that follows must be tracked at every offset. Before
// such a repetition the DFA is a path, whatever its length, and a later .*
// or [a-z]+ absorbs rather than multiplies (a.*b.*c.* ... k.* takes 30 ms),
// though many of them add up (a(.*b.*c){12}, 200 ms). So a pattern is
// refused when, after its first unbounded repetition of a class, it has
// more than maxWideAfterStar bounded classes (. and ? included); when it
// repeats classes without bound more than maxStars times; when a class
// needs more than maxClassSequences UTF-8 byte ranges (\pL needs
// hundreds); or when it has more than maxRegexpNodes nodes once
// repetitions are expanded. Of the measured families and 30,000 random
// patterns, the accepted ones built in at most 60 ms on the loaded 2-core
// machine; refusing takes about 1 ms.
const (
	maxRegexpLength   = 512 // bytes: Go's parser alone takes 40 ms on 4 KiB of \pL
	maxWideAfterStar  = 4
	maxStars          = 10 // unbounded repetitions of a class: a(.*b.*c){12} took 200 ms
	maxClassSequences = 16
	maxRegexpNodes    = 256
	// Choices or optional parts holding an unbounded repetition of a class
	// multiply the DFA's states instead of being absorbed: a(x|.*y){9}
	// took 1.2 s, a(.*b|c.*|d){5} 1.1 s; two of them stay under 10 ms.
	maxStarredChoices = 2
	vellumSizeLimit   = 1 << 16 // bytes of vellum instructions, below its 10 MiB default
)

// checkRegexp accepts a pattern that Bleve's term dictionary search
// (vellum's automaton, stricter than Go's regexp) compiles cheaply and that
// has a literal prefix to seek to. As Bleve does, a leading ^ is dropped.
func checkRegexp(pattern string, pos int) error {
	shown := "/" + pattern + "/"
	if len(pattern) > maxRegexpLength {
		return errorf(TooLarge, "q", pos, "a regular expression can be at most %d bytes", maxRegexpLength)
	}
	return checkAutomaton(shown, strings.TrimPrefix(pattern, "^"), pos)
}

// checkWildcard applies checkRegexp's bounds to a wildcard pattern, which
// Bleve searches as the regexp it translates it to (* is .*, ? is .).
func checkWildcard(pattern string, pos int) error {
	var b strings.Builder
	for _, r := range pattern {
		switch r {
		case '*':
			b.WriteString(".*")
		case '?':
			b.WriteByte('.')
		default:
			b.WriteString(regexp.QuoteMeta(string(r)))
		}
	}
	return checkAutomaton(pattern, b.String(), pos)
}

// checkAutomaton checks the regexp pattern, shown as shown in errors.
func checkAutomaton(shown, pattern string, pos int) error {
	re, err := syntax.Parse(pattern, syntax.Perl)
	if err != nil {
		return errorf(Syntax, "q", pos, "regular expression %s: %v", shown, err)
	}
	simple := re.Simplify()
	prog, err := syntax.Compile(simple)
	if err != nil {
		return errorf(Syntax, "q", pos, "regular expression %s: %v", shown, err)
	}
	if prefix, complete := prog.Prefix(); prefix == "" && !complete {
		return errorf(Expensive, "q", pos, "%s starts with a wildcard or pattern: give it a literal prefix (such as sanc* or /sanc.*/) so it need not scan every term", shown)
	}
	var c regexpCost
	c.walk(simple)
	switch {
	case c.nodes > maxRegexpNodes:
		return errorf(Expensive, "q", pos, "%s is too large once its repetitions are expanded", shown)
	case c.widestClass > maxClassSequences:
		return errorf(Expensive, "q", pos, "%s has a character class too wide to search (such as \\pL): list the characters", shown)
	case c.stars > maxStars:
		return errorf(Expensive, "q", pos, "%s has more than %d * or + over classes or dots", shown, maxStars)
	case c.starredChoices > maxStarredChoices:
		return errorf(Expensive, "q", pos, "%s has more than %d alternatives or optional parts with a * or + inside: its automaton would be costly to build", shown, maxStarredChoices)
	case c.wideAfterStar > maxWideAfterStar:
		return errorf(Expensive, "q", pos, "%s has too many classes, dots or ? after a * or + (at most %d): its automaton would be costly to build", shown, maxWideAfterStar)
	}
	// Parsed again by vellum, as Bleve will: it allows less than Go does
	// (no lazy quantifiers, no empty-width assertions).
	if _, err := vellumregexp.NewParsedWithLimit(pattern, re, vellumSizeLimit); err != nil {
		kind := Syntax
		if strings.Contains(err.Error(), "states") || strings.Contains(err.Error(), "size") {
			kind = Expensive // well formed, only too costly
		}
		return errorf(kind, "q", pos, "regular expression %s: %v", shown, err)
	}
	return nil
}

// regexpCost measures a simplified regexp tree for checkRegexp.
type regexpCost struct {
	nodes         int
	widestClass   int  // UTF-8 byte-range sequences of the widest class
	stars         int  // unbounded repetitions of a class or of a group with one
	starred       bool // an unbounded repetition of a class has been seen
	wideAfterStar int  // bounded classes after that repetition
	// starredChoices counts alternations and optional parts (?, {0,n})
	// holding an unbounded repetition of a class.
	starredChoices int
}

// walk visits re in pattern order.
func (c *regexpCost) walk(re *syntax.Regexp) {
	c.nodes++
	if c.nodes > maxRegexpNodes {
		return
	}
	switch re.Op {
	case syntax.OpAlternate, syntax.OpQuest:
		if hasStar(re) {
			c.starredChoices++
		}
	case syntax.OpCharClass, syntax.OpAnyChar, syntax.OpAnyCharNotNL:
		c.widestClass = max(c.widestClass, classSequences(re))
		if c.starred {
			c.wideAfterStar++
		}
	case syntax.OpStar, syntax.OpPlus, syntax.OpRepeat:
		if re.Op == syntax.OpRepeat && re.Max >= 0 {
			break
		}
		if !hasClass(re) {
			break
		}
		c.stars++
		// A class repeated without bound (.*, [a-z]+) adds no states to
		// track after the first: it absorbs what it follows. A group
		// repeated so, (b.{3})*, still has its bounded classes counted.
		if sub := re.Sub[0]; isClass(sub) {
			c.nodes++
			c.widestClass = max(c.widestClass, classSequences(sub))
			c.starred = true
			return
		}
		c.starred = true
	}
	for _, sub := range re.Sub {
		c.walk(sub)
	}
}

func isClass(re *syntax.Regexp) bool {
	switch re.Op {
	case syntax.OpCharClass, syntax.OpAnyChar, syntax.OpAnyCharNotNL:
		return true
	}
	return false
}

// hasStar reports whether re repeats a class without bound somewhere
// below it.
func hasStar(re *syntax.Regexp) bool {
	for _, sub := range re.Sub {
		switch {
		case (sub.Op == syntax.OpStar || sub.Op == syntax.OpPlus || sub.Op == syntax.OpRepeat && sub.Max < 0) && hasClass(sub):
			return true
		case hasStar(sub):
			return true
		}
	}
	return false
}

// hasClass reports whether re matches a class of characters somewhere.
func hasClass(re *syntax.Regexp) bool {
	if isClass(re) {
		return true
	}
	for _, sub := range re.Sub {
		if hasClass(sub) {
			return true
		}
	}
	return false
}

// classSequences counts the UTF-8 byte-range sequences vellum compiles a
// class into.
func classSequences(re *syntax.Regexp) int {
	ranges := re.Rune
	switch re.Op {
	case syntax.OpAnyChar:
		ranges = []rune{0, 0x10FFFF}
	case syntax.OpAnyCharNotNL:
		ranges = []rune{0, '\n' - 1, '\n' + 1, 0x10FFFF}
	}
	n := 0
	for i := 0; i+1 < len(ranges); i += 2 {
		seqs, err := vellumutf8.NewSequences(ranges[i], ranges[i+1])
		if err != nil {
			return maxClassSequences + 1
		}
		n += len(seqs)
		if n > maxClassSequences {
			return n
		}
	}
	return n
}
