package eval

import (
	"bytes"
	"fmt"
	"strings"
	"unicode/utf8"
)

// sniffBytes is how much of a file sniff reads: enough for a few dozen
// CoNLL sentences or the first gold article.
const sniffBytes = 64 << 10

// The formats sniff tells apart.
const (
	formatCoNLL = "conll"
	formatJSONL = "jsonl"
)

// sniffLines is how many token lines sniff checks before it accepts a
// CoNLL file.
const sniffLines = 50

// sniff tells the format of a gold file from its first bytes: JSONL when
// the first line that is not blank opens a JSON object, CoNLL when every
// token line read has a tag in its last columns ("O", "B-PER", "I-LOC";
// "-DOCSTART-" and "#" comment lines aside). Anything else, an empty file
// or prose above all, is refused with ErrUnknownFormat and the line at
// fault.
func sniff(head []byte) (string, error) {
	if !utf8.Valid(head) && !utf8.Valid(trimPartialRune(head)) {
		return "", fmt.Errorf("not UTF-8 text: %w", ErrUnknownFormat)
	}
	lines := bytes.Split(head, []byte("\n"))
	if len(head) == sniffBytes && len(lines) > 1 {
		lines = lines[:len(lines)-1] // the last line may be cut
	}
	checked := 0
	for n, raw := range lines {
		line := strings.TrimSpace(string(raw))
		if line == "" {
			continue
		}
		if checked == 0 && strings.HasPrefix(line, "{") {
			return formatJSONL, nil
		}
		if strings.HasPrefix(line, "#") || strings.HasPrefix(line, "-DOCSTART-") {
			continue
		}
		fields := strings.Fields(line)
		if len(fields) < 2 || !isTag(lastTag(fields)) {
			if len(line) > 40 {
				line = line[:40] + "…"
			}
			return "", fmt.Errorf("line %d %q has no tag column: %w", n+1, line, ErrUnknownFormat)
		}
		checked++
		if checked == sniffLines {
			break
		}
	}
	if checked == 0 {
		return "", fmt.Errorf("no token lines: %w", ErrUnknownFormat)
	}
	return formatCoNLL, nil
}

// isTag reports whether a column looks like an IOB/BIOES tag.
func isTag(f string) bool {
	return f == "O" || len(f) > 2 && f[1] == '-' && strings.ContainsRune("BIESL", rune(f[0]))
}

// trimPartialRune drops a UTF-8 sequence cut at the end of b.
func trimPartialRune(b []byte) []byte {
	for k := 1; k < utf8.UTFMax && k <= len(b); k++ {
		if utf8.RuneStart(b[len(b)-k]) {
			return b[:len(b)-k]
		}
	}
	return b
}
