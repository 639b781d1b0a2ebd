package extract

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// Fold returns the key used to match names: lower case, accents and other
// combining marks removed, typographic apostrophes and hyphens made plain,
// and runs of white space collapsed to one space, trimmed.
// Fold("Nicolás  Maduro") is "nicolas maduro".
func Fold(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	space := false
	ascii := true
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			ascii = false
			break
		}
	}
	if !ascii {
		s = norm.NFD.String(s)
	}
	for _, r := range s {
		if unicode.IsSpace(r) {
			space = b.Len() > 0
			continue
		}
		r = foldRune(r)
		if r < 0 {
			continue
		}
		if space {
			b.WriteByte(' ')
			space = false
		}
		b.WriteRune(r)
	}
	return b.String()
}

// foldRune maps one rune of NFD text to its folded form, or -1 to drop it.
func foldRune(r rune) rune {
	switch {
	case r < utf8.RuneSelf:
		if 'A' <= r && r <= 'Z' {
			return r + 'a' - 'A'
		}
		return r
	case unicode.Is(unicode.Mn, r):
		return -1
	case r == '\u2019' || r == '\u2018' || r == '\u02bc' || r == '`':
		return '\''
	case r == '\u2010' || r == '\u2011':
		return '-'
	case r == 'ı':
		return 'i'
	case r == 'ø' || r == 'Ø':
		return 'o'
	case r == 'ł' || r == 'Ł':
		return 'l'
	case r == 'đ' || r == 'Đ':
		return 'd'
	case r == 'ß':
		return 's'
	}
	return unicode.ToLower(r)
}

// maxFoldBytes is the longest token folded whole. No name is that long; a
// longer token (a pasted blob, a line of 4 MiB without a space) is folded
// as its first and last runes around "…" (see foldLong), so it is never
// copied whole, once or per lookup.
const maxFoldBytes = 256

// foldEdge is how many bytes of each end of a long token foldLong keeps.
const foldEdge = 64

// foldLong folds a token longer than maxFoldBytes as the folds of its first
// and last foldEdge bytes (cut at rune boundaries) joined by "…". That
// keeps what the tagger reads of a word (its first and last three runes)
// and can equal no name: no word token holds "…".
func foldLong(s string) string {
	h := foldEdge
	for h > 0 && !utf8.RuneStart(s[h]) {
		h--
	}
	t := len(s) - foldEdge
	for t < len(s) && !utf8.RuneStart(s[t]) {
		t++
	}
	return Fold(s[:h]) + "…" + Fold(s[t:])
}

// foldToken folds one token (no white space inside); it allocates only when
// the token has upper case or non-ASCII letters, or is longer than
// maxFoldBytes.
func foldToken(s string) string {
	if len(s) > maxFoldBytes {
		return foldLong(s)
	}
	plain := true
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= utf8.RuneSelf || ('A' <= c && c <= 'Z') {
			plain = false
			break
		}
	}
	if plain {
		return s
	}
	return Fold(s)
}
