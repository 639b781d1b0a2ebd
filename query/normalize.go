package query

import (
	"regexp/syntax"
	"slices"
	"strings"
	"unicode"

	"github.com/searchd/searchd/extract"
	"github.com/searchd/searchd/mapping"
)

// Bleve analyses words and phrases itself, with each field's analyser, but
// takes wildcard, regexp, prefix and fuzzy terms as given and compares them
// with the terms in the index. Their literal characters are therefore
// normalised here as the field's analyser normalises text: the text
// analyser (title, body, entity names) folds case and accents with
// extract.Fold, through mapping's token filter, and keywords are left as
// they are. They are not stemmed: a stemmed pattern would no longer be the
// pattern ("sanction*" stays sanction*, and "sanctions~1" still reaches
// the stem "sanction" within one edit).

// normalizer returns the function that normalises literal text for the
// field (nil for the unqualified text fields, which share one analyser).
func normalizer(f *Field) func(string) string {
	analyzer := mapping.AnalyzerFolded
	if f != nil {
		analyzer = f.Analyzer
	}
	if analyzer == mapping.AnalyzerFolded {
		return fold
	}
	return func(s string) string { return s }
}

// fold normalises as the text analyser's fold filter does.
func fold(s string) string {
	return extract.Fold(s)
}

// normalizeRegexp normalises the literal characters of a regular
// expression: the parsed tree's literals and character classes, never its
// syntax (lower-casing \D would change its meaning). The pattern is
// returned unchanged when nothing in it changes.
func normalizeRegexp(pattern string, norm func(string) string) string {
	pattern = strings.TrimPrefix(pattern, "^") // as Bleve does
	re, err := syntax.Parse(pattern, syntax.Perl)
	if err != nil {
		return pattern // the parser has checked it; Bleve reports it otherwise
	}
	if !normalizeTree(re, norm) {
		return pattern
	}
	return re.String()
}

// normalizeTree rewrites re in place and reports whether anything changed.
func normalizeTree(re *syntax.Regexp, norm func(string) string) bool {
	changed := false
	switch re.Op {
	case syntax.OpLiteral:
		if re.Flags&syntax.FoldCase == 0 {
			if s := norm(string(re.Rune)); s != string(re.Rune) {
				re.Rune = []rune(s)
				changed = true
			}
		}
	case syntax.OpCharClass:
		if ranges := normalizeClass(re.Rune, norm); !slices.Equal(ranges, re.Rune) {
			re.Rune = ranges
			changed = true
		}
	}
	for _, sub := range re.Sub {
		if normalizeTree(sub, norm) {
			changed = true
		}
	}
	return changed
}

// maxClassExpansion bounds the ranges mapped rune by rune: larger ones
// (negated classes, \pL) are kept, with the lower case of any A-Z in them.
const maxClassExpansion = 512

// normalizeClass maps the runes of a character class (pairs of lo, hi)
// through norm and returns the class as sorted, merged pairs. A rune that
// norm turns into several (ß to ss) is kept as it is.
func normalizeClass(pairs []rune, norm func(string) string) []rune {
	// A negated class ([^b]) is parsed into the ranges around what it
	// excludes, and reaches the top of Unicode: fold what it excludes
	// instead, so that [^b] still excludes b (and B) in folded terms.
	if n := len(pairs); n >= 2 && pairs[n-1] == unicode.MaxRune {
		return complementClass(normalizeClass(complementClass(pairs), norm))
	}
	var runes [][2]rune
	for i := 0; i+1 < len(pairs); i += 2 {
		lo, hi := pairs[i], pairs[i+1]
		if hi-lo >= maxClassExpansion {
			runes = append(runes, [2]rune{lo, hi})
			if lo <= 'Z' && hi >= 'A' {
				runes = append(runes, [2]rune{max(lo, 'A') + 'a' - 'A', min(hi, 'Z') + 'a' - 'A'})
			}
			continue
		}
		for r := lo; r <= hi; r++ {
			m := []rune(norm(string(r)))
			if len(m) != 1 {
				m = []rune{r}
			}
			runes = append(runes, [2]rune{m[0], m[0]})
		}
	}
	slices.SortFunc(runes, func(a, b [2]rune) int { return int(a[0] - b[0]) })
	var out []rune
	for _, r := range runes {
		if n := len(out); n > 0 && r[0] <= out[n-1]+1 {
			out[n-1] = max(out[n-1], r[1])
			continue
		}
		out = append(out, r[0], r[1])
	}
	return out
}

// complementClass returns the runes not in the sorted, merged pairs.
func complementClass(pairs []rune) []rune {
	var out []rune
	next := rune(0)
	for i := 0; i+1 < len(pairs); i += 2 {
		if pairs[i] > next {
			out = append(out, next, pairs[i]-1)
		}
		next = pairs[i+1] + 1
	}
	if next <= unicode.MaxRune {
		out = append(out, next, unicode.MaxRune)
	}
	return out
}

// isAlnum reports whether s is letters and digits only, which an analyser
// keeps as one token.
func isAlnum(s string) bool {
	for _, r := range s {
		if !unicode.IsLetter(r) && !unicode.IsDigit(r) {
			return false
		}
	}
	return s != ""
}
