package extract

import (
	"bufio"
	"compress/gzip"
	"encoding/json"
	"flag"
	"fmt"
	"math/rand"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// Training the tagger is a test that runs only when asked:
//
//	go test ./extract -run TestTrainNER -train-ner -data ../shared/data
//
// It reads openly licensed corpora from the shared data folder (WikiGold is
// held out for evaluation) and writes data/ner.bin.gz.
var (
	trainNER = flag.Bool("train-ner", false, "train the person tagger and write data/ner.bin.gz")
	dataDir  = flag.String("data", "", "shared data folder for -train-ner")
	epochs   = flag.Int("epochs", 8, "training epochs for -train-ner")
	withRe3d = flag.Bool("re3d", true, "also train on the re3d news-like documents")
	goldHist = flag.Bool("gold-history", true, "train on the gold tag history instead of the predicted one")
	prune    = flag.Float64("prune", 2, "drop tagger weights smaller than this")
)

// trainSent is one training sentence: words and IOB2 tags.
type trainSent struct {
	words []string
	tags  []string
}

func TestTrainNER(t *testing.T) {
	if !*trainNER {
		t.Skip("training runs only with -train-ner -data DIR")
	}
	if *dataDir == "" {
		t.Fatal("-train-ner needs -data, the shared data folder")
	}
	ex := newTest(t)
	sents, err := loadTraining(*dataDir)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("%d training sentences", len(sents))
	m := trainPerceptron(ex.g, sents, *epochs, t.Logf)
	out := filepath.Join("data", "ner.bin.gz")
	f, err := os.Create(out)
	if err != nil {
		t.Fatal(err)
	}
	zw, err := gzip.NewWriterLevel(f, gzip.BestCompression)
	if err != nil {
		t.Fatal(err)
	}
	if err := encodeNER(zw, m, float32(*prune)); err != nil {
		t.Fatal(err)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
	t.Logf("wrote %s with %d features", out, len(m.w))
}

// mapTrainType maps corpus entity types to PER/ORG/LOC/MISC ("" drops it).
func mapTrainType(t string) string {
	switch strings.ToLower(t) {
	case "per", "person", "politician", "scientist", "writer", "musicalartist", "researcher":
		return "PER"
	case "org", "organisation", "organization", "politicalparty", "band", "university", "corporation", "group", "magazine":
		return "ORG"
	case "loc", "location", "country", "gpe":
		return "LOC"
	case "time", "num", "":
		return ""
	}
	return "MISC"
}

// normTags turns IOB1 or IOB2 tags of any corpus into IOB2 PER/ORG/LOC/MISC.
func normTags(raw []string) []string {
	out := make([]string, len(raw))
	prev := "O"
	for i, tag := range raw {
		p, typ, ok := strings.Cut(tag, "-")
		if !ok || tag == "O" {
			out[i], prev = "O", "O"
			continue
		}
		typ = mapTrainType(typ)
		if typ == "" {
			out[i], prev = "O", "O"
			continue
		}
		_, ptyp, _ := strings.Cut(prev, "-")
		if p == "B" || prev == "O" || ptyp != typ {
			out[i] = "B-" + typ
		} else {
			out[i] = "I-" + typ
		}
		prev = out[i]
	}
	return out
}

// readColumns reads token-per-line files: word in column wordCol, tag in
// column tagCol (negative counts from the end).
func readColumns(path string, wordCol, tagCol int) ([]trainSent, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("training data: %w", err)
	}
	defer f.Close()
	var out []trainSent
	var cur trainSent
	flush := func() {
		if len(cur.words) > 0 {
			cur.tags = normTags(cur.tags)
			out = append(out, cur)
		}
		cur = trainSent{}
	}
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	for sc.Scan() {
		line := sc.Text()
		if strings.HasPrefix(line, "#") && !strings.HasPrefix(line, "#\t") {
			continue
		}
		fs := strings.Fields(line)
		if len(fs) == 0 || fs[0] == "-DOCSTART-" {
			flush()
			continue
		}
		tc := tagCol
		if tc < 0 {
			tc = len(fs) + tc
		}
		if wordCol >= len(fs) || tc >= len(fs) || tc < 0 {
			continue
		}
		cur.words = append(cur.words, fs[wordCol])
		cur.tags = append(cur.tags, fs[tc])
	}
	flush()
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("training data %s: %w", path, err)
	}
	return out, nil
}

func readDocRED(path string) ([]trainSent, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("training data: %w", err)
	}
	var docs []struct {
		Sents     [][]string `json:"sents"`
		VertexSet [][]struct {
			Pos    []int  `json:"pos"`
			SentID int    `json:"sent_id"`
			Type   string `json:"type"`
		} `json:"vertexSet"`
	}
	if err := json.Unmarshal(b, &docs); err != nil {
		return nil, fmt.Errorf("training data %s: %w", path, err)
	}
	var out []trainSent
	for _, d := range docs {
		tags := make([][]string, len(d.Sents))
		for i, s := range d.Sents {
			tags[i] = make([]string, len(s))
			for k := range tags[i] {
				tags[i][k] = "O"
			}
		}
		for _, ent := range d.VertexSet {
			for _, m := range ent {
				typ := mapTrainType(m.Type)
				if typ == "" || m.SentID >= len(tags) || len(m.Pos) < 2 {
					continue
				}
				for k := m.Pos[0]; k < m.Pos[1] && k < len(tags[m.SentID]); k++ {
					p := "I-"
					if k == m.Pos[0] {
						p = "B-"
					}
					tags[m.SentID][k] = p + typ
				}
			}
		}
		for i, s := range d.Sents {
			out = append(out, trainSent{words: s, tags: normTags(tags[i])})
		}
	}
	return out, nil
}

// readRe3d reads one re3d sub-corpus: documents with character spans.
func readRe3d(dir string) ([]trainSent, error) {
	type docT struct {
		ID   string `json:"_id"`
		Text string `json:"text"`
	}
	type entT struct {
		DocID string `json:"documentId"`
		Begin int    `json:"begin"`
		End   int    `json:"end"`
		Type  string `json:"type"`
	}
	readLines := func(name string, fn func([]byte) error) error {
		f, err := os.Open(filepath.Join(dir, name))
		if err != nil {
			return fmt.Errorf("training data: %w", err)
		}
		defer f.Close()
		sc := bufio.NewScanner(f)
		sc.Buffer(make([]byte, 1<<20), 1<<24)
		for sc.Scan() {
			if err := fn(sc.Bytes()); err != nil {
				return fmt.Errorf("training data %s: %w", name, err)
			}
		}
		return sc.Err()
	}
	var docs []docT
	if err := readLines("documents.json", func(b []byte) error {
		var d docT
		if err := json.Unmarshal(b, &d); err != nil {
			return err
		}
		docs = append(docs, d)
		return nil
	}); err != nil {
		return nil, err
	}
	ents := map[string][]entT{}
	if err := readLines("entities.json", func(b []byte) error {
		var e entT
		if err := json.Unmarshal(b, &e); err != nil {
			return err
		}
		ents[e.DocID] = append(ents[e.DocID], e)
		return nil
	}); err != nil {
		return nil, err
	}
	var out []trainSent
	for _, d := range docs {
		toks := tokenize(d.Text, nil, nil)
		tags := make([]string, len(toks))
		for k := range tags {
			tags[k] = "O"
		}
		for _, e := range ents[d.ID] {
			typ := map[string]string{"Person": "PER", "Organisation": "ORG", "Location": "LOC", "Nationality": "MISC"}[e.Type]
			if typ == "" {
				continue
			}
			first := true
			for k, t := range toks {
				if int(t.start) >= e.Begin && int(t.end) <= e.End {
					if first {
						tags[k] = "B-" + typ
						first = false
					} else {
						tags[k] = "I-" + typ
					}
				}
			}
		}
		var cur trainSent
		for k, t := range toks {
			cur.words = append(cur.words, t.text)
			cur.tags = append(cur.tags, tags[k])
			if t.text == "." || t.text == "!" || t.text == "?" || k == len(toks)-1 {
				cur.tags = normTags(cur.tags)
				out = append(out, cur)
				cur = trainSent{}
			}
		}
	}
	return out, nil
}

func loadTraining(dir string) ([]trainSent, error) {
	var all []trainSent
	add := func(s []trainSent, err error) error {
		if err != nil {
			return err
		}
		all = append(all, s...)
		return nil
	}
	p := func(s string) string { return filepath.Join(dir, "ner", s) }
	for _, dom := range []string{"politics", "science", "music", "literature", "ai"} {
		for _, split := range []string{"train.txt", "dev.txt", "test.txt"} {
			if err := add(readColumns(p("crossner/"+dom+"/"+split), 0, -1)); err != nil {
				return nil, err
			}
		}
	}
	for _, f := range []string{"btc/btc.train", "btc/btc.dev", "wnut17/wnut17train.conll", "sec_filings/FIN5.train.txt"} {
		if err := add(readColumns(p(f), 0, -1)); err != nil {
			return nil, err
		}
	}
	for _, f := range []string{"uner_en/en_ewt-ud-dev.iob2", "uner_en/en_ewt-ud-test.iob2", "uner_en/en_pud-ud-test.iob2"} {
		if err := add(readColumns(p(f), 1, 2)); err != nil {
			return nil, err
		}
	}
	if *withRe3d {
		for _, sub := range []string{"Australian_Department_of_Foreign_Affairs", "CENTCOM", "UK_Government", "US_State_Department", "Wikipedia"} {
			if err := add(readRe3d(p("re3d/" + sub))); err != nil {
				return nil, err
			}
		}
	}
	for _, f := range []string{"redocred/dev_revised.json", "redocred/test_revised.json"} {
		if err := add(readDocRED(p(f))); err != nil {
			return nil, err
		}
	}
	return all, nil
}

// trainPerceptron trains the averaged perceptron with greedy decoding.
func trainPerceptron(g *gazetteer, sents []trainSent, epochs int, logf func(string, ...any)) *nerModel {
	tagIdx := map[string]int{}
	for i, t := range nerTags {
		tagIdx[t] = i
	}
	type acc struct {
		w, total [nNerTags]float32
		stamp    [nNerTags]int
	}
	weights := map[uint64]*acc{}
	step := 1
	data := make([]nerSeq, len(sents))
	gold := make([][]int, len(sents))
	for i, s := range sents {
		n := len(s.words)
		seq := nerSeq{toks: make([]token, n), lex: make([]uint16, n), sent: make([]bool, n), shapes: make([]uint64, n)}
		for k, w := range s.words {
			tk := finishToken(token{text: w, word: true})
			seq.toks[k] = tk
			seq.lex[k] = g.lexFlags(tk.fold)
			seq.sent[k] = k == 0
			seq.shapes[k] = shape(w)
		}
		data[i] = seq
		gold[i] = make([]int, len(s.tags))
		for k, t := range s.tags {
			gold[i][k] = tagIdx[t]
		}
	}
	update := func(f uint64, t int, v float32) {
		a := weights[f]
		if a == nil {
			a = &acc{}
			weights[f] = a
		}
		a.total[t] += float32(step-a.stamp[t]) * a.w[t]
		a.stamp[t] = step
		a.w[t] += v
	}
	rng := rand.New(rand.NewSource(1))
	order := make([]int, len(data))
	for i := range order {
		order[i] = i
	}
	var feats []uint64
	for ep := 0; ep < epochs; ep++ {
		rng.Shuffle(len(order), func(i, j int) { order[i], order[j] = order[j], order[i] })
		errs, n := 0, 0
		for _, si := range order {
			seq := &data[si]
			p1, p2 := 0, 0
			for i := range seq.toks {
				feats = nerFeatures(seq, i, p1, p2, feats)
				var sc [nNerTags]float32
				for _, f := range feats {
					if a := weights[f]; a != nil {
						for k := range sc {
							sc[k] += a.w[k]
						}
					}
				}
				best := -1
				for k := 0; k < nNerTags; k++ {
					if !allowed(p1, k) {
						continue
					}
					if best < 0 || sc[k] > sc[best] {
						best = k
					}
				}
				want := gold[si][i]
				if best != want {
					errs++
					for _, f := range feats {
						update(f, want, 1)
						update(f, best, -1)
					}
				}
				n++
				step++
				// condition on the predicted history, as decoding will
				if *goldHist {
					p2, p1 = p1, want
				} else {
					p2, p1 = p1, best
				}
			}
		}
		logf("epoch %d: %d/%d token errors (%.2f%%)", ep+1, errs, n, 100*float64(errs)/float64(n))
	}
	m := &nerModel{w: make(map[uint64][nNerTags]float32, len(weights))}
	for f, a := range weights {
		var w [nNerTags]float32
		nz := false
		for t := range w {
			total := a.total[t] + float32(step-a.stamp[t])*a.w[t]
			w[t] = total / float32(step)
			if w[t] != 0 {
				nz = true
			}
		}
		if nz {
			m.w[f] = w
		}
	}
	return m
}
