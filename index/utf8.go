package index

import (
	"bytes"
	"fmt"
	"strconv"
	"unicode/utf8"
)

// encoding/json replaces invalid UTF-8 and unpaired UTF-16 surrogate
// escapes with U+FFFD without a word. An article is text people will quote
// and search, so such input is refused, saying where, instead of being
// silently changed.

// utf8BOM is the byte order mark some editors put at the start of a file;
// JSON parsers may ignore it (RFC 8259, 8.1), and searchd does.
var utf8BOM = []byte{0xEF, 0xBB, 0xBF}

// checkText returns an error naming the first byte offset at which data is
// not valid UTF-8 or holds a lone surrogate escape, or nil.
func checkText(data []byte) error {
	if !utf8.Valid(data) {
		for i := 0; i < len(data); {
			r, n := utf8.DecodeRune(data[i:])
			if r == utf8.RuneError && n <= 1 {
				return fmt.Errorf("invalid UTF-8 at byte %d (0x%02x): send text encoded as UTF-8: %w", i, data[i], ErrInvalid)
			}
			i += n
		}
	}
	// Backslashes only occur inside JSON strings, each starting an escape.
	for i := 0; i+1 < len(data); i++ {
		if data[i] != '\\' {
			continue
		}
		if data[i+1] != 'u' {
			i++ // \" \\ \n …: the escaped byte is no escape of its own
			continue
		}
		u, ok := hex4(data, i+2)
		if !ok {
			i++
			continue // malformed; the decoder reports it
		}
		switch {
		case u >= 0xD800 && u <= 0xDBFF: // high: a low must follow
			if i+7 < len(data) && data[i+6] == '\\' && data[i+7] == 'u' {
				if lo, ok := hex4(data, i+8); ok && lo >= 0xDC00 && lo <= 0xDFFF {
					i += 11
					continue
				}
			}
			return loneSurrogate(data, i)
		case u >= 0xDC00 && u <= 0xDFFF:
			return loneSurrogate(data, i)
		}
		i += 5
	}
	return nil
}

func loneSurrogate(data []byte, i int) error {
	return fmt.Errorf("lone UTF-16 surrogate %s at byte %d: a surrogate escape must pair a high (\\ud800-\\udbff) "+
		"with a low (\\udc00-\\udfff) one: %w", data[i:i+6], i, ErrInvalid)
}

// hex4 reads four hex digits at data[i:].
func hex4(data []byte, i int) (uint64, bool) {
	if i+4 > len(data) {
		return 0, false
	}
	u, err := strconv.ParseUint(string(data[i:i+4]), 16, 16)
	return u, err == nil
}

// trimBOM drops a leading byte order mark.
func trimBOM(data []byte) []byte {
	return bytes.TrimPrefix(data, utf8BOM)
}
