package query

import (
	"strconv"
	"strings"
	"unicode"
)

// The canonical form: fields on every leaf, operators in capitals, implicit
// AND as a space, parentheses only where precedence needs them, every
// character escaped that the lexer would otherwise read as syntax. It is
// what Parse reads back to an equal tree, which FuzzParseRoundTrip checks;
// it can be longer than the text it was parsed from (escapes).

// String prints the canonical form.
func (n *MatchAll) String() string { return format(n) }

// String prints the canonical form.
func (n *Term) String() string { return format(n) }

// String prints the canonical form.
func (n *Phrase) String() string { return format(n) }

// String prints the canonical form.
func (n *Wildcard) String() string { return format(n) }

// String prints the canonical form.
func (n *Regexp) String() string { return format(n) }

// String prints the canonical form.
func (n *Fuzzy) String() string { return format(n) }

// String prints the canonical form.
func (n *Range) String() string { return format(n) }

// String prints the canonical form.
func (n *And) String() string { return format(n) }

// String prints the canonical form.
func (n *Or) String() string { return format(n) }

// String prints the canonical form.
func (n *Not) String() string { return format(n) }

// String prints the canonical form.
func (n *Boost) String() string { return format(n) }

func format(n Node) string {
	var b strings.Builder
	printNode(&b, n)
	return b.String()
}

func printNode(b *strings.Builder, n Node) {
	switch n := n.(type) {
	case *MatchAll:
		b.WriteByte('*')
	case *Term:
		printField(b, n.Field)
		printWord(b, n.Text, false)
	case *Phrase:
		printField(b, n.Field)
		printPhrase(b, n.Text)
		if n.Slop > 0 {
			b.WriteByte('~')
			b.WriteString(strconv.Itoa(n.Slop))
		}
	case *Wildcard:
		printField(b, n.Field)
		printWord(b, n.Pattern, true)
	case *Regexp:
		printField(b, n.Field)
		printRegexp(b, n.Pattern)
	case *Fuzzy:
		printField(b, n.Field)
		printWord(b, n.Text, false)
		b.WriteByte('~')
		b.WriteString(strconv.Itoa(n.Distance))
	case *Range:
		printField(b, n.Field)
		b.WriteByte("[{"[btoi(n.FromExclusive)])
		printBound(b, n.From)
		b.WriteString(" TO ")
		printBound(b, n.To)
		b.WriteByte("]}"[btoi(n.ToExclusive)])
	case *Or:
		for i, c := range n.Nodes {
			if i > 0 {
				b.WriteString(" OR ")
			}
			// AND binds tighter than OR, so only a nested OR (which the
			// parser never builds) needs parentheses.
			printGrouped(b, c, isOr(c))
		}
	case *And:
		for i, c := range n.Nodes {
			if i > 0 {
				b.WriteByte(' ')
			}
			printGrouped(b, c, isOr(c) || isAnd(c))
		}
	case *Not:
		b.WriteByte('-')
		printGrouped(b, n.Node, isOr(n.Node) || isAnd(n.Node))
	case *Boost:
		// The boost suffix follows a primary: a leaf or a parenthesised
		// group. A boosted NOT or boost needs the parentheses too.
		_, not := n.Node.(*Not)
		_, boost := n.Node.(*Boost)
		printGrouped(b, n.Node, isOr(n.Node) || isAnd(n.Node) || not || boost)
		b.WriteByte('^')
		b.WriteString(strconv.FormatFloat(n.Factor, 'f', -1, 64))
	}
}

func printGrouped(b *strings.Builder, n Node, paren bool) {
	if paren {
		b.WriteByte('(')
	}
	printNode(b, n)
	if paren {
		b.WriteByte(')')
	}
}

func isOr(n Node) bool  { _, ok := n.(*Or); return ok }
func isAnd(n Node) bool { _, ok := n.(*And); return ok }

func btoi(b bool) int {
	if b {
		return 1
	}
	return 0
}

func printField(b *strings.Builder, field string) {
	if field != "" {
		b.WriteString(field)
		b.WriteByte(':')
	}
}

// wordSyntax are the characters that end or change a word wherever they
// are; wordStartSyntax those that do so at its first character only.
const (
	wordSyntax      = `()"\:^~`
	wordStartSyntax = `+-/[{`
)

// printWord writes a word, escaping what the lexer would read as syntax;
// in a wildcard pattern, * and ? stay unescaped.
func printWord(b *strings.Builder, s string, wildcard bool) {
	if isKeyword(s) {
		b.WriteByte('\\')
	}
	first := true
	for _, r := range s {
		escape := unicode.IsSpace(r) || strings.ContainsRune(wordSyntax, r) ||
			(!wildcard && (r == '*' || r == '?')) ||
			(first && strings.ContainsRune(wordStartSyntax, r))
		if escape {
			b.WriteByte('\\')
		}
		b.WriteRune(r)
		first = false
	}
}

func printPhrase(b *strings.Builder, s string) {
	b.WriteByte('"')
	for _, r := range s {
		if r == '"' || r == '\\' {
			b.WriteByte('\\')
		}
		b.WriteRune(r)
	}
	b.WriteByte('"')
}

// printRegexp writes /pattern/, escaping each / that is not already the
// second half of an escape pair. The lexer keeps pairs other than \/ as
// written, so reading this back gives the pattern unchanged.
func printRegexp(b *strings.Builder, s string) {
	b.WriteByte('/')
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c == '\\' && i+1 < len(s):
			b.WriteByte(c)
			i++
			b.WriteByte(s[i])
		case c == '/':
			b.WriteString(`\/`)
		default:
			b.WriteByte(c)
		}
	}
	b.WriteByte('/')
}

func printBound(b *strings.Builder, s string) {
	if s == "" {
		b.WriteByte('*')
		return
	}
	b.WriteString(s)
}

func isKeyword(s string) bool {
	return s == "AND" || s == "OR" || s == "NOT"
}
