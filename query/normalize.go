package query

import (
	"regexp/syntax"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/analysis/char/asciifolding"
	"github.com/blevesearch/bleve/v2/analysis/token/lowercase"

	"github.com/searchd/searchd/mapping"
)

// Bleve analyses words and phrases itself, with each field's analyser, but
// takes wildcard, regexp, prefix and fuzzy terms as given and compares them
// with the terms in the index. Their literal characters are therefore
// normalised here as the field's analyser normalises text, with Bleve's own
// filters so that the two cannot drift: lower case for the English
// analyser (which keeps accents, for exact highlight offsets), ASCII
// folding then lower case for the folded entity analyser, nothing for
// keywords. They are not stemmed: a stemmed pattern would no longer be the
// pattern ("sanction*" stays sanction*, and "sanctions~1" still reaches
// the stem "sanction" within one edit).

// normalizer returns the function that normalises literal text for the
// field (nil for the unqualified text fields, which share the English one).
func normalizer(f *Field) func(string) string {
	analyzer := mapping.AnalyzerEnglish
	if f != nil {
		analyzer = f.Analyzer
	}
	switch analyzer {
	case mapping.AnalyzerEnglish:
		return lower
	case mapping.AnalyzerFolded:
		return foldLower
	}
	return func(s string) string { return s }
}

// lower applies Bleve's lower-case token filter, then turns each invalid
// byte into U+FFFD as the porter stemmer that follows it in both analysers
// does (by converting to runes). The filter leaves such bytes when a lower
// case is shorter than its capital (İ, K): the index holds the same terms.
func lower(s string) string {
	ts := lowercase.NewLowerCaseFilter().Filter(analysis.TokenStream{{Term: []byte(s)}})
	if utf8.Valid(ts[0].Term) {
		return string(ts[0].Term)
	}
	return string([]rune(string(ts[0].Term)))
}

// foldLower applies Bleve's ASCII folding character filter, then lower case.
func foldLower(s string) string {
	return lower(string(asciifolding.New().Filter([]byte(s))))
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
