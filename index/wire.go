package index

// Near-duplicate signatures of article bodies, for wire copies: the same
// agency story run by many outlets, lightly edited.
//
// A body is read as its folded words (case and accents as extract.Fold)
// and cut into overlapping shingles of wireShingle words. Its MinHash
// signature holds, at each of wireHashes positions, the smallest hash of
// the shingles that fall there: two bodies agree on one position with
// probability equal to the Jaccard similarity of their shingle sets, so
// the share of equal positions estimates it. The signature's first wireBands × wireRows positions are cut into
// wireBands bands of wireRows positions; each band is indexed as one keyword term, and two
// articles are candidates when they share a band (locality-sensitive
// hashing: a lookup of wireBands terms, whatever the archive's size).
// Candidates are verified by the estimated Jaccard against wireThreshold.
//
// No MinHash library fits (the Go module list has one unmaintained SimHash
// package of 2015), so the hashes are our own and small: FNV-1a over each
// word, words combined into a shingle hash by SplitMix64, with fixed
// constants, so that every run and every reindex gives the same signatures.

import (
	"encoding/base64"
	"encoding/binary"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/searchd/searchd/extract"
)

// The signature's shape and threshold, measured on the pairs of
// testdata/wire (see TestWirePairs and the README).
const (
	wireShingle   = 4  // words per shingle
	wireBands     = 48 // bands of the signature, each one indexed term
	wireRows      = 2  // signature positions per band
	wireHashes    = wireBands * wireRows
	wireThreshold = 0.30 // estimated Jaccard at or above which two bodies are copies
)

// signature is an article body's MinHash signature; nil for a body without words.
type signature []uint32

// splitmix is the SplitMix64 finaliser: a fast bijective mix of 64 bits.
func splitmix(x uint64) uint64 {
	x += 0x9e3779b97f4a7c15
	x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9
	x = (x ^ (x >> 27)) * 0x94d049bb133111eb
	return x ^ (x >> 31)
}

// wordHashes returns the FNV-1a hash of each folded word of text: runs of
// letters and digits; the rest separates words.
func wordHashes(text string) []uint64 {
	const offset, prime = 14695981039346656037, 1099511628211
	out := make([]uint64, 0, len(text)/6)
	start := -1
	ascii := true
	emit := func(word string) {
		if !ascii {
			word = extract.Fold(word)
		}
		h := uint64(offset)
		for i := 0; i < len(word); i++ {
			c := word[i]
			if 'A' <= c && c <= 'Z' {
				c += 'a' - 'A'
			}
			h = (h ^ uint64(c)) * prime
		}
		out = append(out, h)
	}
	for i, r := range text {
		word := unicode.IsLetter(r) || unicode.IsDigit(r)
		switch {
		case word && start < 0:
			start, ascii = i, r < utf8.RuneSelf
		case word:
			ascii = ascii && r < utf8.RuneSelf
		case start >= 0:
			emit(text[start:i])
			start = -1
		}
	}
	if start >= 0 {
		emit(text[start:])
	}
	return out
}

// shingleHashes returns the hash of every run of wireShingle consecutive
// words (the whole text as one shingle when it is shorter).
func shingleHashes(words []uint64) []uint64 {
	if len(words) == 0 {
		return nil
	}
	n := max(len(words)-wireShingle+1, 1)
	out := make([]uint64, n)
	for i := range n {
		h := uint64(wireShingle)
		for _, w := range words[i:min(i+wireShingle, len(words))] {
			h = splitmix(h ^ w)
		}
		out[i] = h
	}
	return out
}

// sign returns the MinHash signature of an article body, by one
// permutation hashing: each shingle's hash picks a position with its high
// bits and competes for that position's minimum with its low bits, one
// step per shingle instead of one per position and shingle (96 steps a
// shingle took 5% of ingest). A position no shingle picked (short bodies)
// takes the value of the next filled one, mixed with the distance
// (rotation densification, Shrivastava and Li 2014), so that two bodies
// agree there as often as where it was filled.
func sign(body string) signature {
	shingles := shingleHashes(wordHashes(body))
	if len(shingles) == 0 {
		return nil
	}
	sig := make(signature, wireHashes)
	var filled [wireHashes]bool
	for _, x := range shingles {
		pos := ((x >> 32) * wireHashes) >> 32
		if v := uint32(x); !filled[pos] || v < sig[pos] {
			sig[pos], filled[pos] = v, true
		}
	}
	for i := range sig {
		if filled[i] {
			continue
		}
		for d := uint64(1); d < wireHashes; d++ {
			if j := (uint64(i) + d) % wireHashes; filled[j] {
				sig[i] = uint32(splitmix(uint64(sig[j]) ^ d<<32))
				break
			}
		}
	}
	return sig
}

// similarity estimates the Jaccard similarity of the bodies of two
// signatures: the share of positions where they agree. Positions are
// compared on their low 16 bits, as stored: two different minima agree
// there once in 65,536 times, a bias lost in the estimate's own error
// (about 0.06 at 64 positions and a similarity of 0.3).
func similarity(a, b signature) float64 {
	if len(a) != wireHashes || len(b) != wireHashes {
		return 0
	}
	same := 0
	for i := range a {
		if uint16(a[i]) == uint16(b[i]) {
			same++
		}
	}
	return float64(same) / wireHashes
}

// bands returns the signature's band terms, one per band: the band's
// number and its positions hashed to 32 bits, in 7 characters.
func (s signature) bands() []string {
	if len(s) != wireHashes {
		return nil
	}
	out := make([]string, wireBands)
	var raw [5]byte
	for b := range wireBands {
		h := splitmix(uint64(b) + 1)
		for _, v := range s[b*wireRows : (b+1)*wireRows] {
			h = splitmix(h ^ uint64(v))
		}
		raw[0] = byte(b)
		binary.LittleEndian.PutUint32(raw[1:], uint32(h))
		out[b] = base64.RawURLEncoding.EncodeToString(raw[:])
	}
	return out
}

// encode is the signature as stored: base64 of the low 16 bits of its
// positions (256 characters), all that similarity compares.
func (s signature) encode() string {
	if len(s) == 0 {
		return ""
	}
	raw := make([]byte, 2*len(s))
	for i, v := range s {
		binary.LittleEndian.PutUint16(raw[2*i:], uint16(v))
	}
	return base64.RawStdEncoding.EncodeToString(raw)
}

// decodeSignature reads a stored signature (the low 16 bits of each
// position); nil when it is absent or not one.
func decodeSignature(stored string) signature {
	raw, err := base64.RawStdEncoding.DecodeString(strings.TrimSpace(stored))
	if err != nil || len(raw) != 2*wireHashes {
		return nil
	}
	s := make(signature, wireHashes)
	for i := range s {
		s[i] = uint32(binary.LittleEndian.Uint16(raw[2*i:]))
	}
	return s
}
