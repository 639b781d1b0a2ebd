package extract

import (
	"bufio"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"math"
	"sort"
	"unicode"
	"unicode/utf8"
)

// The tagger is a greedy left-to-right averaged perceptron over BIO tags.
// Its features are hashed to 64 bits; the model stores, per feature, the
// weights of the tags it has. It is trained by TestTrainNER (see
// train_test.go) on openly licensed corpora and embedded as data/ner.bin.gz.

// nerTags are the tags of the tagger, "O" first.
var nerTags = []string{"O", "B-PER", "I-PER", "B-ORG", "I-ORG", "B-LOC", "I-LOC", "B-MISC", "I-MISC"}

const nNerTags = 9

// nerModel holds the perceptron weights: in a map while training and
// writing, in a table (see index) once loaded for tagging.
type nerModel struct {
	w   map[uint64][nNerTags]float32
	tab *weightTable
}

// weightTable holds the tagger's weights for lookup by feature hash: keys
// in one array probed linearly, weights at the same slots in another. A
// feature the model lacks (most of those asked) costs a look at the keys
// alone, 1 MiB for the 75,000 features, which stays in cache; the map's
// groups of keys and weights, read for every lookup, took a quarter of the
// extractor's time on a shared machine.
type weightTable struct {
	keys  []uint64 // 0 marks an empty slot
	vals  [][nNerTags]float32
	shift uint // 64 - log2(len(keys))
	// feature 0, which the empty mark cannot hold
	hasZero bool
	zero    [nNerTags]float32
}

func newWeightTable(w map[uint64][nNerTags]float32) *weightTable {
	bits := uint(4)
	for 1<<bits < len(w)+len(w)/2 { // at most two thirds full
		bits++
	}
	t := &weightTable{keys: make([]uint64, 1<<bits), vals: make([][nNerTags]float32, 1<<bits), shift: 64 - bits}
	for h, ws := range w {
		if h == 0 {
			t.hasZero, t.zero = true, ws
			continue
		}
		i := t.slot(h)
		for t.keys[i] != 0 {
			i = (i + 1) & uint64(len(t.keys)-1)
		}
		t.keys[i], t.vals[i] = h, ws
	}
	return t
}

// slot is where the probe for h starts (Fibonacci hashing of its top bits).
func (t *weightTable) slot(h uint64) uint64 { return (h * 0x9E3779B97F4A7C15) >> t.shift }

// get returns the weights of feature h, if the model has it.
func (t *weightTable) get(h uint64) (*[nNerTags]float32, bool) {
	if h == 0 {
		return &t.zero, t.hasZero
	}
	mask := uint64(len(t.keys) - 1)
	for i := t.slot(h); ; i = (i + 1) & mask {
		switch t.keys[i] {
		case h:
			return &t.vals[i], true
		case 0:
			return nil, false
		}
	}
}

// Lexicon flags of a token, features of the tagger.
const (
	lexFirstCommon = 1 << iota
	lexFirstRare
	lexSurnameTop
	lexSurname
	lexCountry
	lexDemonym
	lexPlace
	lexGroup
	lexCommon
	lexTitle
	lexMonth
	lexOrgWord
	nLexFlags = 12
)

// lexFlags returns the lexicon flags of one folded token: one lookup in
// the table built by indexLex, where asking the seven lists took a fifth of
// the tagger's time.
func (g *gazetteer) lexFlags(fold string) uint16 {
	if g.lex != nil {
		return g.lex[fold]
	}
	return g.lexFlagsOf(fold)
}

// indexLex builds the table of lexFlags: the flags of every word of the
// lists that has some. A word of none has none, as lexFlagsOf gives.
func (g *gazetteer) indexLex() {
	lex := map[string]uint16{}
	add := func(w string) {
		if f := g.lexFlagsOf(w); f != 0 {
			lex[w] = f
		}
	}
	for w := range g.firstName {
		add(w)
	}
	for w := range g.surname {
		add(w)
	}
	for w := range g.root.next {
		add(w)
	}
	for w := range g.common {
		add(w)
	}
	for w := range titleWords {
		add(w)
	}
	for w := range monthNames {
		add(w)
	}
	for w := range orgSuffix {
		add(w)
	}
	g.lex = lex
}

// lexFlagsOf computes the lexicon flags of one folded token from the lists.
func (g *gazetteer) lexFlagsOf(fold string) uint16 {
	var f uint16
	if n := g.firstName[fold]; n >= 30000 {
		f |= lexFirstCommon
	} else if n > 0 {
		f |= lexFirstRare
	}
	if r := g.surname[fold]; r > 0 && r <= 5000 {
		f |= lexSurnameTop
	} else if r > 0 {
		f |= lexSurname
	}
	if n := g.root.next[fold]; n != nil {
		for _, r := range n.refs {
			switch r.kind {
			case refCountry:
				f |= lexCountry
			case refDemonym:
				f |= lexDemonym
			case refPlace:
				f |= lexPlace
			case refGroup:
				f |= lexGroup
			}
		}
	}
	if g.common[fold] {
		f |= lexCommon
	}
	if titleWords[fold] {
		f |= lexTitle
	}
	if _, ok := monthNames[fold]; ok {
		f |= lexMonth
	}
	if orgSuffix[fold] {
		f |= lexOrgWord
	}
	return f
}

// nerSeq is what the tagger reads of a sequence of tokens: their folds and
// capitals from the tokens themselves and, per token, its lexicon flags,
// whether it starts a sentence and its shape. That is 11 bytes a token
// beside the tokens, where a copy of what it needs of each token took 40.
type nerSeq struct {
	toks   []token
	lex    []uint16
	sent   []bool
	shapes []uint64
}

// shape maps a token to a coarse shape packed in a number: the classes
// upper, lower, digit and other, repeats collapsed, at most eight.
func shape(s string) uint64 {
	var code uint64
	n := 0
	var last uint64
	for _, r := range s {
		var c uint64
		switch {
		case unicode.IsUpper(r):
			c = 'X'
		case unicode.IsLower(r):
			c = 'x'
		case unicode.IsDigit(r):
			c = 'd'
		case r < 128:
			c = uint64(r)
		default:
			c = '.'
		}
		if c == last {
			continue
		}
		last = c
		if n < 8 {
			code = code<<8 | c
			n++
		}
	}
	return code
}

// FNV-1a hashing of features, without allocation.
const (
	fnvOffset = 14695981039346656037
	fnvPrime  = 1099511628211
)

func hashKind(kind byte) uint64 { return (fnvOffset ^ uint64(kind)) * fnvPrime }

func hashStr(h uint64, s string) uint64 {
	for i := 0; i < len(s); i++ {
		h = (h ^ uint64(s[i])) * fnvPrime
	}
	return (h ^ 0xff) * fnvPrime // separator
}

func hashNum(h, n uint64) uint64 {
	for k := 0; k < 8; k++ {
		h = (h ^ (n & 0xff)) * fnvPrime
		n >>= 8
	}
	return h
}

// nerFeatures appends the hashed features of token i given the two
// previous tags.
func nerFeatures(s *nerSeq, i int, p1, p2 int, out []uint64) []uint64 {
	out = out[:0]
	toks, shapes := s.toks, s.shapes
	t := &toks[i]
	word := func(k int) string {
		if k < 0 {
			return "<s>"
		}
		if k >= len(toks) {
			return "</s>"
		}
		return toks[k].fold
	}
	shp := func(k int) uint64 {
		if k < 0 || k >= len(toks) {
			return 1
		}
		return shapes[k]
	}
	lex := func(k int) uint16 {
		if k < 0 || k >= len(toks) {
			return 0
		}
		return s.lex[k]
	}
	tp1, tp2 := uint64(p1), uint64(p2)
	out = append(out,
		hashKind(0),
		hashStr(hashKind(1), word(i)),
		hashStr(hashKind(2), word(i-1)),
		hashStr(hashKind(3), word(i+1)),
		hashStr(hashKind(4), word(i-2)),
		hashStr(hashKind(5), word(i+2)),
		hashNum(hashKind(6), shp(i)),
		hashNum(hashNum(hashKind(7), shp(i-1)), shp(i)),
		hashNum(hashNum(hashKind(8), shp(i)), shp(i+1)),
		hashNum(hashKind(9), tp1),
		hashNum(hashKind(10), tp1<<8|tp2),
		hashNum(hashNum(hashKind(11), tp1), shp(i)),
		hashStr(hashStr(hashKind(12), word(i-1)), word(i)),
		hashStr(hashStr(hashKind(13), word(i)), word(i+1)),
		hashStr(hashNum(hashKind(24), tp1), word(i)),
		hashNum(hashNum(hashNum(hashKind(23), tp1), shp(i)), shp(i+1)),
	)
	f := t.fold
	if n := utf8.RuneCountInString(f); n > 2 {
		// last three, last two and first three runes
		b3, b2 := len(f), len(f)
		for k := 0; k < 3 && b3 > 0; k++ {
			_, size := utf8.DecodeLastRuneInString(f[:b3])
			b3 -= size
			if k == 1 {
				b2 = b3
			}
		}
		out = append(out, hashStr(hashKind(16), f[b2:]))
		if n > 3 {
			p3 := 0
			for k := 0; k < 3; k++ {
				_, size := utf8.DecodeRuneInString(f[p3:])
				p3 += size
			}
			out = append(out, hashStr(hashKind(14), f[b3:]), hashStr(hashKind(15), f[:p3]))
		}
	}
	ss := uint64(0)
	if s.sent[i] {
		ss = 1
	}
	capb := uint64(0)
	if t.cap {
		capb = 1
	}
	out = append(out, hashNum(hashKind(17), ss<<1|capb))
	l0, lp, ln := lex(i), lex(i-1), lex(i+1)
	for b := 0; b < nLexFlags; b++ {
		if l0&(1<<b) != 0 {
			out = append(out, hashNum(hashKind(18), uint64(b)), hashNum(hashKind(25), uint64(b)<<1|ss))
		}
		if lp&(1<<b) != 0 {
			out = append(out, hashNum(hashKind(19), uint64(b)))
		}
		if ln&(1<<b) != 0 {
			out = append(out, hashNum(hashKind(20), uint64(b)))
		}
	}
	out = append(out, hashNum(hashKind(21), uint64(l0)), hashNum(hashKind(22), uint64(lp)<<16|uint64(l0)))
	return out
}

// score adds the weights of feats into sc.
func (m *nerModel) score(feats []uint64, sc *[nNerTags]float32) {
	*sc = [nNerTags]float32{}
	if m.tab == nil {
		for _, f := range feats {
			if w, ok := m.w[f]; ok {
				for k := range sc {
					sc[k] += w[k]
				}
			}
		}
		return
	}
	for _, f := range feats {
		if w, ok := m.tab.get(f); ok {
			for k := range sc {
				sc[k] += w[k]
			}
		}
	}
}

// allowed reports whether tag t may follow tag prev in BIO.
func allowed(prev, t int) bool {
	if t == 0 || t%2 == 1 { // O or B-*
		return true
	}
	return prev == t || prev == t-1 // I-X after B-X or I-X
}

// tag returns the best tag of every token (an index of nerTags), greedily,
// given the tokens' shapes; a unit of work on w per token, and it stops
// early (the rest tagged O) when w says so.
func (m *nerModel) tag(s *nerSeq, w *meter) []uint8 {
	toks := s.toks
	tags := make([]uint8, len(toks))
	var feats []uint64
	var sc [nNerTags]float32
	p1, p2 := 0, 0
	for i := range toks {
		if !w.step(1) {
			break
		}
		// a word in lower case outside an entity starts none: skip scoring
		// (names must be capitalised anyway, see addPerson)
		if p1 == 0 && !toks[i].cap && !toks[i].upper {
			tags[i] = 0
			p2, p1 = p1, 0
			continue
		}
		feats = nerFeatures(s, i, p1, p2, feats)
		m.score(feats, &sc)
		best := -1
		for k := 0; k < nNerTags; k++ {
			if !allowed(p1, k) {
				continue
			}
			if best < 0 || sc[k] > sc[best] {
				best = k
			}
		}
		tags[i] = uint8(best)
		p2, p1 = p1, best
	}
	return tags
}

// nerSeq returns what the tagger reads of field f.
func (d *doc) nerSeq(f int) *nerSeq {
	fl := &d.fields[f]
	n := len(fl.toks)
	s := &nerSeq{toks: fl.toks, lex: make([]uint16, n), sent: make([]bool, n), shapes: make([]uint64, n)}
	for i := range fl.toks {
		if !d.step(1) {
			break // the caller sees the meter stopped
		}
		s.lex[i] = d.e.g.lexFlags(fl.toks[i].fold)
		s.sent[i] = fl.sentenceStart(i)
		s.shapes[i] = shape(fl.toks[i].text)
	}
	return s
}

// nerSpans tags field f and returns the spans [start, end) of each type
// ("PER", "ORG", "LOC", "MISC").
func (m *nerModel) nerSpans(d *doc, f int) (tags []uint8, spans map[string][][2]int) {
	s := d.nerSeq(f)
	if len(s.toks) == 0 {
		return nil, nil
	}
	tags = m.tag(s, &d.work)
	spans = map[string][][2]int{}
	d.step(len(tags))
	for i := 0; i < len(tags); i++ {
		if tags[i] == 0 || tags[i]%2 == 0 {
			continue
		}
		j := i + 1
		for j < len(tags) && tags[j] == tags[i]+1 {
			j++
		}
		typ := nerTags[tags[i]][2:]
		spans[typ] = append(spans[typ], [2]int{i, j})
		i = j - 1
	}
	return tags, spans
}

// loadNER reads the embedded model. Its format: "NER1", the feature count
// (uint32) and the weight scale (float32), then per feature its hash
// (uint64), a mask of the tags it has weights for (uint16) and those weights
// as int16 multiples of the scale; all little-endian.
func loadNER() (*nerModel, error) {
	b, err := readData("ner.bin.gz")
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil // no model embedded: rules only
	}
	if err != nil {
		return nil, err
	}
	return decodeNER(b)
}

func decodeNER(b []byte) (*nerModel, error) {
	if len(b) < 12 || string(b[:4]) != "NER1" {
		return nil, fmt.Errorf("ner model: %w", errBadModel)
	}
	n := binary.LittleEndian.Uint32(b[4:])
	scale := math.Float32frombits(binary.LittleEndian.Uint32(b[8:]))
	b = b[12:]
	m := &nerModel{w: make(map[uint64][nNerTags]float32, n)}
	for k := uint32(0); k < n; k++ {
		if len(b) < 10 {
			return nil, fmt.Errorf("ner model: %w", errBadModel)
		}
		h := binary.LittleEndian.Uint64(b)
		mask := binary.LittleEndian.Uint16(b[8:])
		b = b[10:]
		var w [nNerTags]float32
		for t := 0; t < nNerTags; t++ {
			if mask&(1<<t) == 0 {
				continue
			}
			if len(b) < 2 {
				return nil, fmt.Errorf("ner model: %w", errBadModel)
			}
			w[t] = float32(int16(binary.LittleEndian.Uint16(b))) * scale
			b = b[2:]
		}
		m.w[h] = w
	}
	// the loaded model only tags: the table replaces the map
	m.tab = newWeightTable(m.w)
	m.w = nil
	return m, nil
}

var errBadModel = errors.New("truncated or malformed model")

// encodeNER writes the model, dropping weights that quantise to zero.
func encodeNER(w io.Writer, m *nerModel, prune float32) error {
	var maxAbs float32
	for _, ws := range m.w {
		for _, x := range ws {
			if a := float32(math.Abs(float64(x))); a > maxAbs {
				maxAbs = a
			}
		}
	}
	scale := maxAbs / 32000
	if scale == 0 {
		scale = 1
	}
	type rec struct {
		h    uint64
		mask uint16
		q    []int16
	}
	var recs []rec
	for h, ws := range m.w {
		r := rec{h: h}
		for t, x := range ws {
			q := int16(math.Round(float64(x / scale)))
			if q != 0 && float32(math.Abs(float64(x))) >= prune {
				r.mask |= 1 << t
				r.q = append(r.q, q)
			}
		}
		if r.mask != 0 {
			recs = append(recs, r)
		}
	}
	sort.Slice(recs, func(i, j int) bool { return recs[i].h < recs[j].h })
	bw := bufio.NewWriter(w)
	bw.WriteString("NER1")
	binary.Write(bw, binary.LittleEndian, uint32(len(recs)))
	binary.Write(bw, binary.LittleEndian, scale)
	for _, r := range recs {
		binary.Write(bw, binary.LittleEndian, r.h)
		binary.Write(bw, binary.LittleEndian, r.mask)
		for _, q := range r.q {
			binary.Write(bw, binary.LittleEndian, q)
		}
	}
	if err := bw.Flush(); err != nil {
		return fmt.Errorf("write ner model: %w", err)
	}
	return nil
}
