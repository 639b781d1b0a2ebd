package query

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// tokenKind is the kind of a lexical token.
type tokenKind uint8

const (
	tEOF    tokenKind = iota
	tWord             // a word; text unescaped, wild if it has an unescaped * or ?
	tField            // "name:" before a value; text is the name
	tPhrase           // "quoted text"; text unescaped
	tRegexp           // /pattern/; text is the pattern with \/ unescaped
	tLParen           // (
	tRParen           // )
	tLRange           // [ or {; exclusive for {
	tRRange           // ] or }; exclusive for }
	tTo               // TO between range bounds
	tAnd              // AND
	tOr               // OR
	tNot              // NOT
	tPlus             // + before a term
	tMinus            // - before a term
	tBoost            // ^number; text is the number
	tTilde            // ~ or ~number; text is the number, "" when none
)

// token is one lexical unit of a query.
type token struct {
	kind      tokenKind
	text      string
	pos       int  // 1-based rune column of its first character
	wild      bool // tWord: has an unescaped * or ?
	escaped   bool // tWord: has an escaped * or ?
	exclusive bool // tLRange, tRRange: { or }
	spaced    bool // white space precedes it: a suffix or a field's value must not be spaced
}

// lexer splits a query into tokens. It is a function of the text alone:
// the contexts it tracks (a value right after "name:", the inside of a
// range) are visible in the text, so the parser gets the whole token list
// up front.
type lexer struct {
	s      string
	i      int // byte offset of the next rune
	col    int // 1-based rune column of the next rune
	toks   []token
	value  bool // the previous token was a tField: colons and keywords are literal
	spaced bool // white space was skipped before the token being lexed
}

// lex returns the tokens of s, ending with tEOF.
func lex(s string) ([]token, error) {
	if !utf8.ValidString(s) {
		col := 1
		for i, r := range s {
			if r == utf8.RuneError {
				if _, w := utf8.DecodeRuneInString(s[i:]); w == 1 {
					break
				}
			}
			col++
		}
		return nil, errorf(Invalid, "q", col, "not valid UTF-8")
	}
	l := &lexer{s: s, col: 1}
	for {
		if err := l.next(); err != nil {
			return nil, err
		}
		if n := len(l.toks); n > 0 && l.toks[n-1].kind == tEOF {
			return l.toks, nil
		}
	}
}

func (l *lexer) peek() (rune, int) {
	if l.i >= len(l.s) {
		return -1, 0
	}
	r, w := utf8.DecodeRuneInString(l.s[l.i:])
	return r, w
}

func (l *lexer) advance(w int) {
	l.i += w
	l.col++
}

func (l *lexer) emit(t token) {
	l.value = t.kind == tField
	t.spaced = l.spaced
	l.spaced = false
	l.toks = append(l.toks, t)
}

func (l *lexer) skipSpace() {
	for {
		r, w := l.peek()
		if r < 0 || !unicode.IsSpace(r) {
			return
		}
		l.advance(w)
	}
}

func (l *lexer) syntaxError(pos int, format string, args ...any) error {
	return errorf(Syntax, "q", pos, format, args...)
}

// next lexes one token (or a range, which is several).
func (l *lexer) next() error {
	start := l.i
	l.skipSpace()
	l.spaced = l.i > start
	// A value is what directly follows "name:"; after a space the parser
	// reports the value missing.
	value := l.value && !l.spaced
	r, w := l.peek()
	pos := l.col
	switch {
	case r < 0:
		l.emit(token{kind: tEOF, pos: pos})
		return nil
	case r == '(':
		l.advance(w)
		l.emit(token{kind: tLParen, pos: pos})
	case r == ')':
		l.advance(w)
		l.emit(token{kind: tRParen, pos: pos})
	case r == '"':
		return l.phrase()
	case r == '/':
		return l.regexp()
	case r == '[' || r == '{':
		return l.rangeTokens()
	case r == '^':
		l.advance(w)
		num := l.number(true)
		if next, _ := l.peek(); num == "" || next >= 0 && !endsSuffix(next) && next != '~' {
			return l.syntaxError(pos, "expected a number after ^")
		}
		l.emit(token{kind: tBoost, text: num, pos: pos})
	case r == '~':
		l.advance(w)
		num := l.number(false)
		if next, _ := l.peek(); next >= 0 && !endsSuffix(next) {
			return l.syntaxError(pos, "expected a whole number after ~")
		}
		l.emit(token{kind: tTilde, text: num, pos: pos})
	case (r == '+' || r == '-') && !value:
		l.advance(w)
		if next, _ := l.peek(); next < 0 || unicode.IsSpace(next) || next == ')' {
			return l.syntaxError(pos, "expected a term right after %c", r)
		}
		kind := tPlus
		if r == '-' {
			kind = tMinus
		}
		l.emit(token{kind: kind, pos: pos})
	default:
		return l.word(value)
	}
	return nil
}

// endsSuffix reports whether r may follow a ~ or ^ suffix.
func endsSuffix(r rune) bool {
	return unicode.IsSpace(r) || r == ')' || r == '^'
}

// number reads digits, with one decimal part if decimal is set.
func (l *lexer) number(decimal bool) string {
	start := l.i
	digits := func() bool {
		seen := false
		for {
			r, w := l.peek()
			if r < '0' || r > '9' {
				return seen
			}
			l.advance(w)
			seen = true
		}
	}
	if !digits() {
		return ""
	}
	if r, w := l.peek(); decimal && r == '.' {
		save, saveCol := l.i, l.col
		l.advance(w)
		if !digits() {
			l.i, l.col = save, saveCol
		}
	}
	return l.s[start:l.i]
}

// phrase reads "...", with \" and \\ (and any \c) unescaped.
func (l *lexer) phrase() error {
	pos := l.col
	_, w := l.peek()
	l.advance(w)
	var b strings.Builder
	for {
		r, w := l.peek()
		switch {
		case r < 0:
			return l.syntaxError(pos, `expected " to close the phrase`)
		case r == '"':
			l.advance(w)
			l.emit(token{kind: tPhrase, text: b.String(), pos: pos})
			return nil
		case r == '\\':
			l.advance(w)
			r, w = l.peek()
			if r < 0 {
				return l.syntaxError(pos, `expected " to close the phrase`)
			}
		}
		l.advance(w)
		b.WriteRune(r)
	}
}

// regexp reads /.../; \/ becomes /, every other escape pair stays as
// written for the regular expression to read.
func (l *lexer) regexp() error {
	pos := l.col
	_, w := l.peek()
	l.advance(w)
	var b strings.Builder
	for {
		r, w := l.peek()
		switch {
		case r < 0:
			return l.syntaxError(pos, "expected / to close the regular expression")
		case r == '/':
			l.advance(w)
			l.emit(token{kind: tRegexp, text: b.String(), pos: pos})
			return nil
		case r == '\\':
			l.advance(w)
			r, w = l.peek()
			if r < 0 {
				return l.syntaxError(pos, "expected / to close the regular expression")
			}
			if r != '/' {
				b.WriteByte('\\')
			}
		}
		l.advance(w)
		b.WriteRune(r)
	}
}

// rangeTokens reads [from TO to] or with braces: bounds are runs of
// anything but spaces and closing brackets, so that RFC 3339 instants need
// no escapes.
func (l *lexer) rangeTokens() error {
	open, w := l.peek()
	pos := l.col
	l.advance(w)
	l.emit(token{kind: tLRange, pos: pos, exclusive: open == '{'})
	for {
		start := l.i
		l.skipSpace()
		l.spaced = l.i > start
		r, w := l.peek()
		tpos := l.col
		switch {
		case r < 0:
			l.emit(token{kind: tEOF, pos: tpos})
			return nil
		case r == ']' || r == '}':
			l.advance(w)
			l.emit(token{kind: tRRange, pos: tpos, exclusive: r == '}'})
			return nil
		}
		from := l.i
		for {
			r, w := l.peek()
			if r < 0 || unicode.IsSpace(r) || r == ']' || r == '}' {
				break
			}
			l.advance(w)
		}
		text := l.s[from:l.i]
		kind := tWord
		if text == "TO" {
			kind = tTo
		}
		l.emit(token{kind: kind, text: text, pos: tpos})
	}
}

// word reads a word up to a space, a parenthesis, a quote or a ^ or ~
// suffix. The first unescaped colon after a field-shaped name makes the
// name a tField (outside a value, where colons are literal: url:http://x).
func (l *lexer) word(value bool) error {
	pos := l.col
	var b strings.Builder
	wild, escaped, plain := false, false, true // plain: no escape so far
	for {
		r, w := l.peek()
		if r < 0 || unicode.IsSpace(r) || r == '(' || r == ')' || r == '"' || r == '^' || r == '~' {
			break
		}
		switch {
		case r == '\\':
			l.advance(w)
			r, w = l.peek()
			if r < 0 {
				return l.syntaxError(l.col-1, `expected a character after \`)
			}
			if r == '*' || r == '?' {
				escaped = true
			}
			plain = false
			l.advance(w)
			b.WriteRune(r)
			continue
		case r == ':' && !value && plain && isFieldName(b.String()):
			l.advance(w)
			l.emit(token{kind: tField, text: b.String(), pos: pos})
			return nil
		case r == '*' || r == '?':
			wild = true
		}
		l.advance(w)
		b.WriteRune(r)
	}
	text := b.String()
	if text == "*:*" && plain && !value {
		text = "*" // Lucene's match-all
	}
	kind := tWord
	if plain && !value {
		switch text {
		case "AND":
			kind = tAnd
		case "OR":
			kind = tOr
		case "NOT":
			kind = tNot
		}
	}
	l.emit(token{kind: kind, text: text, pos: pos, wild: wild, escaped: escaped})
	return nil
}

// isFieldName reports whether s has the shape of a field name (letters and
// underscores), which makes a following colon a field separator. Other
// colons are literal: 10:30.
func isFieldName(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !('a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || c == '_') {
			return false
		}
	}
	return true
}
