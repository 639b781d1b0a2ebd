package extract

import (
	"unicode"
	"unicode/utf8"
)

// token is one word, number or punctuation mark of a field. Offsets are
// int32 (fields are far below 2 GiB; extract refuses longer ones): one
// token is made per word or mark of the article, and 56 bytes each rather
// than 72 is a fifth less memory for a long article.
type token struct {
	text   string // as written
	fold   string // Fold(text)
	start  int32  // rune offset of the first rune
	end    int32  // rune offset just past the last rune
	bstart int32  // byte offset of the first byte
	bend   int32  // byte offset just past the last byte
	word   bool   // letters or digits (not punctuation)
	cap    bool   // first rune is an upper-case letter
	upper  bool   // every letter is upper case and there is at least one
	digit  bool   // all digits
	space  bool   // white space (or the start of the field) before the token
	nl     bool   // a line break in the white space before the token
}

// runes returns the number of runes of the token's text.
func (t *token) runes() int { return int(t.end - t.start) }

// isWordRune reports whether r belongs inside a word token.
func isWordRune(r rune) bool {
	return unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.Is(unicode.Mn, r) || unicode.Is(unicode.Mc, r)
}

func isApostrophe(r rune) bool { return r == '\'' || r == '\u2019' }

// tokenize splits s into tokens. Words keep inner apostrophes ("O'Brien")
// but a possessive "'s" is a token of its own; dotted abbreviations such as
// "U.S." are one token; digit groups such as "1,000" are one token. It
// counts a unit of work per token on m (nil for none) and stops early, with
// the tokens so far, when m says so.
func tokenize(s string, toks []token, m *meter) []token {
	toks = toks[:0]
	if n := estimateTokens(s); cap(toks) < n {
		toks = make([]token, 0, n)
	}
	runeIdx := 0
	i := 0
	spaceBefore, nlBefore := true, false
	// noAbbrev: a dotted abbreviation that failed because it ran into a
	// longer word ("a.b.c.de") fails from every later letter of the chain
	// too, so those letters are not scanned again; without this, a chain
	// of n letters cost n²/2.
	noAbbrev := 0
	for i < len(s) {
		r, size := utf8.DecodeRuneInString(s[i:])
		if unicode.IsSpace(r) {
			i += size
			runeIdx++
			spaceBefore = true
			if r == '\n' {
				nlBefore = true
			}
			continue
		}
		if !m.step(1) {
			return toks
		}
		startB, startR := i, runeIdx
		if !isWordRune(r) {
			i += size
			runeIdx++
			p := s[startB:i]
			toks = append(toks, token{text: p, fold: foldPunct(p), start: int32(startR), end: int32(runeIdx), bstart: int32(startB), bend: int32(i), space: spaceBefore, nl: nlBefore})
			spaceBefore, nlBefore = false, false
			continue
		}
		// dotted abbreviation: (Letter '.'){2,}
		if i >= noAbbrev {
			j, n, stop := dottedAbbrev(s, i)
			if j > 0 {
				runeIdx += n
				i = j
				t := token{text: s[startB:i], start: int32(startR), end: int32(runeIdx), bstart: int32(startB), bend: int32(i), word: true, space: spaceBefore, nl: nlBefore}
				toks = append(toks, finishToken(t))
				spaceBefore, nlBefore = false, false
				continue
			}
			noAbbrev = stop
		}
		// digits: whether s[startB:i] is all ASCII digits so far, kept as
		// the word grows rather than rescanned at every "," or ".".
		digits := true
		for i < len(s) {
			r, size = utf8.DecodeRuneInString(s[i:])
			if isWordRune(r) {
				i += size
				runeIdx++
				digits = digits && '0' <= r && r <= '9'
				continue
			}
			if isApostrophe(r) && i+size < len(s) {
				r2, size2 := utf8.DecodeRuneInString(s[i+size:])
				if unicode.IsLetter(r2) {
					// possessive 's ends the word
					if (r2 == 's' || r2 == 'S') && !isWordAt(s, i+size+size2) {
						break
					}
					i += size
					runeIdx++
					digits = false
					continue
				}
			}
			if r == ',' && i > startB && digits && threeDigits(s, i+1) {
				i += 4
				runeIdx += 4
				digits = false
				continue
			}
			if r == '.' && i > startB && digits && i+1 < len(s) && s[i+1] >= '0' && s[i+1] <= '9' {
				i++
				runeIdx++
				digits = false
				continue
			}
			break
		}
		// a known abbreviation keeps its dot: "Gen.", "Oct.", "Inc."; so does
		// an initial before a capitalised word: "George W. Bush"
		if i < len(s) && s[i] == '.' && (abbrevs[foldToken(s[startB:i])] || isInitial(s, startB, i)) {
			i++
			runeIdx++
		}
		t := token{text: s[startB:i], start: int32(startR), end: int32(runeIdx), bstart: int32(startB), bend: int32(i), word: true, space: spaceBefore, nl: nlBefore}
		toks = append(toks, finishToken(t))
		spaceBefore, nlBefore = false, false
	}
	return toks
}

// estimateTokens returns about how many tokens tokenize makes of s, from a
// pass over its bytes: words after white space or punctuation, and ASCII
// punctuation marks. It is a capacity hint: sizing the slice by the text's
// length (a token every five bytes) cost 60 MB for one 4 MiB token.
func estimateTokens(s string) int {
	n := 0
	inWord := false
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c == ' ' || c == '\n' || c == '\t' || c == '\r':
			inWord = false
		case c < utf8.RuneSelf && !('a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9'):
			n++
			inWord = false
		default:
			if !inWord {
				n++
				inWord = true
			}
		}
	}
	return n + n/16 + 4
}

// abbrevs are words written with a full stop that does not end a sentence.
var abbrevs = map[string]bool{
	"mr": true, "mrs": true, "ms": true, "dr": true, "prof": true, "gen": true, "lt": true,
	"col": true, "maj": true, "capt": true, "sgt": true, "adm": true, "cpl": true, "pvt": true,
	"sen": true, "rep": true, "gov": true, "rev": true, "st": true, "jr": true, "sr": true,
	"brig": true, "cmdr": true, "supt": true, "insp": true, "hon": true, "messrs": true,
	"jan": true, "feb": true, "mar": true, "apr": true, "jun": true, "jul": true, "aug": true,
	"sep": true, "sept": true, "oct": true, "nov": true, "dec": true,
	"inc": true, "corp": true, "co": true, "ltd": true, "bros": true, "no": true, "vs": true,
	"mt": true, "ft": true, "ave": true, "blvd": true,
}

func isWordAt(s string, i int) bool {
	if i >= len(s) {
		return false
	}
	r, _ := utf8.DecodeRuneInString(s[i:])
	return isWordRune(r)
}

func isDigits(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

func threeDigits(s string, i int) bool {
	if i+3 > len(s) {
		return false
	}
	if !isDigits(s[i : i+3]) {
		return false
	}
	return !isWordAt(s, i+3)
}

// dottedAbbrev recognises "U.S.", "U.N.", "e.g." at byte i: it returns the
// byte offset past the abbreviation and its rune count, or 0 and the byte
// offset where the scan stopped.
func dottedAbbrev(s string, i int) (end, runes, stop int) {
	j, n, letters := i, 0, 0
	for j < len(s) {
		r, size := utf8.DecodeRuneInString(s[j:])
		if !unicode.IsLetter(r) || j+size >= len(s) || s[j+size] != '.' {
			break
		}
		j += size + 1
		n += 2
		letters++
		if isWordAt(s, j) {
			continue
		}
		break
	}
	if letters < 2 {
		return 0, 0, j
	}
	// the abbreviation must not run into a longer word ("U.Sx")
	if isWordAt(s, j) {
		return 0, 0, j
	}
	return j, n, j
}

func finishToken(t token) token {
	t.fold = foldToken(t.text)
	if n := len(t.fold); n > 1 && t.fold[n-1] == '.' && (abbrevs[t.fold[:n-1]] || utf8.RuneCountInString(t.fold) == 2) {
		t.fold = t.fold[:n-1]
	}
	first, _ := utf8.DecodeRuneInString(t.text)
	t.cap = unicode.IsUpper(first)
	letters, uppers, digits, runes := 0, 0, 0, 0
	for _, r := range t.text {
		runes++
		if unicode.IsLetter(r) {
			letters++
			if unicode.IsUpper(r) {
				uppers++
			}
		} else if unicode.IsDigit(r) {
			digits++
		}
	}
	t.upper = letters > 0 && letters == uppers
	t.digit = digits > 0 && digits == runes
	if len(t.text) > maxFoldBytes {
		// No name is that long: a token longer (a blob, a line without a
		// space) counts as neither capitalised nor in capitals, so that
		// no rule and no span of the tagger makes it part of one.
		t.cap, t.upper = false, false
	}
	return t
}

// foldPunct folds a punctuation token: typographic apostrophes and hyphens
// become plain ones.
func foldPunct(p string) string {
	switch p {
	case "\u2019", "\u2018", "\u02bc", "`":
		return "'"
	case "\u2010", "\u2011":
		return "-"
	}
	return p
}

// isInitial reports whether s[a:b] is one capital letter followed by ". "
// and a capitalised word.
func isInitial(s string, a, b int) bool {
	r, size := utf8.DecodeRuneInString(s[a:])
	if a+size != b || !unicode.IsUpper(r) || b+2 >= len(s) || s[b] != '.' || s[b+1] != ' ' {
		return false
	}
	next, _ := utf8.DecodeRuneInString(s[b+2:])
	return unicode.IsUpper(next)
}

// sentenceStart reports whether token i of f begins a sentence or a line.
func (f *fieldText) sentenceStart(i int) bool {
	if i == 0 {
		return true
	}
	if f.toks[i].nl {
		return true
	}
	p := f.toks[i-1]
	switch p.text {
	case ".", "!", "?", ":", "\"", "“", "”", "(", "—", "–", "'", "‘", ";":
		return true
	}
	return false
}

func locativeBefore(toks []token, i int) bool {
	switch foldAt(toks, i-1) {
	case "in", "to", "from", "into", "across", "toward", "towards", "via", "near", "visit", "visited", "visiting", "neighbouring", "neighboring", "of":
		return true
	}
	return false
}

// next returns the fold of token k, or "".
func foldAt(toks []token, k int) string {
	if k < 0 || k >= len(toks) {
		return ""
	}
	return toks[k].fold
}

func tokAt(toks []token, k int) token {
	if k < 0 || k >= len(toks) {
		return token{}
	}
	return toks[k]
}
