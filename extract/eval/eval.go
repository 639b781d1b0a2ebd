// Package eval scores the extractor on gold files: CoNLL-style token files
// (PER/ORG/LOC, exact-span entity scores with conlleval rules) and the
// project's gold JSONL articles (exact span+type, and per-article sets of
// (type, canonical value)). It backs the searchd-eval command.
package eval

import (
	"bufio"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"sort"
	"strings"
	"time"

	"github.com/searchd/searchd/extract"
)

// Score is precision, recall and F1 of one entity type, with the counts
// they come from. Fractions are in 0..1.
type Score struct {
	Precision float64 `json:"precision"`
	Recall    float64 `json:"recall"`
	F1        float64 `json:"f1"`
	Gold      int     `json:"gold"`
	Predicted int     `json:"predicted"`
	correct   int
}

// FileResult holds the scores of one gold file by entity type. Document is
// nil for CoNLL files.
type FileResult struct {
	Span     map[string]*Score `json:"span"`
	Document map[string]*Score `json:"document,omitempty"`
}

// ErrUnknownFormat is returned for a file that is neither CoNLL (a token
// and a tag a line) nor the project's gold JSONL (an article object a line),
// whatever its name: a news article saved as .txt used to be read as CoNLL
// and score 0 without a word.
var ErrUnknownFormat = errors.New("not a gold file: want CoNLL (token and tag columns, e.g. .conll, .txt, .iob2) or the project's gold JSONL (one article object a line)")

// Run scores ex on each file and writes a table per file to w, or with
// asJSON one JSON object {"<file>": FileResult}.
func Run(w io.Writer, ex *extract.Extractor, files []string, asJSON bool) error {
	results := map[string]*FileResult{}
	for _, name := range files {
		r, err := ScoreFile(ex, name)
		if err != nil {
			return err
		}
		results[name] = r
	}
	if asJSON {
		enc := json.NewEncoder(w)
		enc.SetIndent("", "  ")
		if err := enc.Encode(results); err != nil {
			return fmt.Errorf("eval: write json: %w", err)
		}
		return nil
	}
	for _, name := range files {
		r := results[name]
		if _, err := fmt.Fprintf(w, "%s\n", name); err != nil {
			return fmt.Errorf("eval: write: %w", err)
		}
		if err := writeTable(w, "span", r.Span); err != nil {
			return err
		}
		if r.Document != nil {
			if err := writeTable(w, "document", r.Document); err != nil {
				return err
			}
		}
	}
	return nil
}

func writeTable(w io.Writer, title string, m map[string]*Score) error {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	if _, err := fmt.Fprintf(w, "  %-9s %-8s %9s %9s %9s %7s %9s\n", title, "type", "precision", "recall", "f1", "gold", "predicted"); err != nil {
		return fmt.Errorf("eval: write: %w", err)
	}
	for _, k := range keys {
		s := m[k]
		if _, err := fmt.Fprintf(w, "  %-9s %-8s %9.3f %9.3f %9.3f %7d %9d\n", "", k, s.Precision, s.Recall, s.F1, s.Gold, s.Predicted); err != nil {
			return fmt.Errorf("eval: write: %w", err)
		}
	}
	return nil
}

// ScoreFile scores ex on one gold file, its format told from its content
// (see sniff), not its name.
func ScoreFile(ex *extract.Extractor, name string) (*FileResult, error) {
	f, err := os.Open(name)
	if err != nil {
		return nil, fmt.Errorf("eval: %w", err)
	}
	defer f.Close()
	br := bufio.NewReaderSize(f, sniffBytes)
	head, err := br.Peek(sniffBytes)
	if err != nil && !errors.Is(err, io.EOF) && !errors.Is(err, bufio.ErrBufferFull) {
		return nil, fmt.Errorf("eval %s: %w", name, err)
	}
	format, err := sniff(head)
	if err != nil {
		return nil, fmt.Errorf("eval %s: %w", name, err)
	}
	if format == formatJSONL {
		return scoreJSONL(ex, name, br)
	}
	return scoreCoNLL(ex, name, br)
}

func finish(m map[string]*Score) {
	for _, s := range m {
		if s.Predicted > 0 {
			s.Precision = float64(s.correct) / float64(s.Predicted)
		}
		if s.Gold > 0 {
			s.Recall = float64(s.correct) / float64(s.Gold)
		}
		if s.Precision+s.Recall > 0 {
			s.F1 = 2 * s.Precision * s.Recall / (s.Precision + s.Recall)
		}
	}
}

// span is a typed entity span in runes of one field.
type span struct {
	typ        string
	field      string
	start, end int
}

// ---- CoNLL ----

// conllDoc is one document of a CoNLL file, its tokens joined into text.
type conllDoc struct {
	text string
	gold []span
}

// readCoNLL reads token-per-line files: the tag in the last column (IOB1 or
// IOB2), "-DOCSTART-" lines between documents, blank lines between
// sentences. Sentences are joined with a line break, tokens with a space.
func readCoNLL(r io.Reader) ([]conllDoc, error) {
	var docs []conllDoc
	var b strings.Builder
	var gold []span
	pos := 0 // runes written
	curType, curStart, curEnd := "", 0, 0
	prevTag := "O"
	closeChunk := func() {
		if curType != "" {
			gold = append(gold, span{typ: curType, field: "body", start: curStart, end: curEnd})
		}
		curType = ""
	}
	flushDoc := func() {
		closeChunk()
		if b.Len() > 0 {
			docs = append(docs, conllDoc{text: b.String(), gold: gold})
		}
		b.Reset()
		gold = nil
		pos = 0
		prevTag = "O"
	}
	newSentence := true
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	for sc.Scan() {
		line := strings.TrimRight(sc.Text(), "\r")
		fields := strings.Fields(line)
		if len(fields) == 0 {
			closeChunk()
			prevTag = "O"
			newSentence = true
			continue
		}
		if fields[0] == "-DOCSTART-" {
			flushDoc()
			newSentence = true
			continue
		}
		tok := fields[0]
		if len(fields) >= 3 && isNumber(fields[0]) {
			tok = fields[1] // "index token tag" files
		}
		tag := lastTag(fields)
		if b.Len() > 0 {
			if newSentence {
				b.WriteByte('\n')
			} else {
				b.WriteByte(' ')
			}
			pos++
		}
		newSentence = false
		start := pos
		b.WriteString(tok)
		pos += len([]rune(tok))
		prefix, typ, _ := strings.Cut(tag, "-")
		if tag == "O" || typ == "" {
			closeChunk()
			prevTag = "O"
			continue
		}
		typ = mapCoNLLType(typ)
		_, prevType, _ := strings.Cut(prevTag, "-")
		prevType = mapCoNLLType(prevType)
		begins := prefix == "B" || prefix == "S" || prevTag == "O" || prevType != typ || curType == ""
		if begins {
			closeChunk()
			if typ != "" {
				curType, curStart = typ, start
			}
		}
		curEnd = pos
		prevTag = tag
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("read conll: %w", err)
	}
	flushDoc()
	return docs, nil
}

func isNumber(s string) bool {
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return s != ""
}

// mapCoNLLType maps corpus types to PER/ORG/LOC; others are not scored.
func mapCoNLLType(t string) string {
	switch strings.ToUpper(t) {
	case "PER", "PERSON":
		return "PER"
	case "ORG", "ORGANIZATION", "ORGANISATION", "CORPORATION", "GROUP":
		return "ORG"
	case "LOC", "LOCATION", "GPE":
		return "LOC"
	}
	return "-" + t // kept as a chunk boundary, never scored
}

func scoreCoNLL(ex *extract.Extractor, name string, r io.Reader) (*FileResult, error) {
	docs, err := readCoNLL(r)
	if err != nil {
		return nil, fmt.Errorf("eval %s: %w", name, err)
	}
	res := map[string]*Score{"PER": {}, "ORG": {}, "LOC": {}}
	for _, d := range docs {
		gold := map[span]bool{}
		for _, g := range d.gold {
			if res[g.typ] != nil {
				gold[g] = true
			}
		}
		pred := map[span]bool{}
		for _, en := range ex.Extract(extract.Input{Body: d.text}) {
			typ := ""
			switch en.Type {
			case extract.Person:
				typ = "PER"
			case extract.Group:
				typ = "ORG"
			case extract.Country, extract.Place:
				typ = "LOC"
			default:
				continue
			}
			for _, m := range en.Mentions {
				if m.Field != extract.FieldBody {
					continue
				}
				if typ == "LOC" && ex.IsDemonym(m.Text) {
					continue
				}
				pred[span{typ: typ, field: "body", start: m.Start, end: m.End}] = true
			}
		}
		for s := range gold {
			res[s.typ].Gold++
			if pred[s] {
				res[s.typ].correct++
			}
		}
		for s := range pred {
			res[s.typ].Predicted++
		}
	}
	finish(res)
	return &FileResult{Span: res}, nil
}

// ---- JSONL ----

// GoldArticle is one line of a gold JSONL file.
type GoldArticle struct {
	ID          string       `json:"id"`
	Title       string       `json:"title"`
	Body        string       `json:"body"`
	PublishedAt string       `json:"published_at"`
	Language    string       `json:"language,omitempty"`
	Entities    []GoldEntity `json:"entities"`
	// DocEntities, when present, is the article's (type, value) set for
	// document scores, including what the spans only imply (the country of
	// a place); without it the set is taken from Entities.
	DocEntities []GoldValue `json:"doc_entities,omitempty"`
}

// GoldValue is one (type, canonical value) pair of an article.
type GoldValue struct {
	Type  string `json:"type"`
	Value string `json:"value"`
}

// GoldEntity is one gold mention with its canonical value.
type GoldEntity struct {
	Type  string `json:"type"`
	Value string `json:"value"`
	Field string `json:"field"`
	Start int    `json:"start"`
	End   int    `json:"end"`
}

func scoreJSONL(ex *extract.Extractor, name string, r io.Reader) (*FileResult, error) {
	var arts []GoldArticle
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 1<<20), 16<<20)
	line := 0
	for sc.Scan() {
		line++
		s := strings.TrimSpace(sc.Text())
		if s == "" {
			continue
		}
		var a GoldArticle
		if err := json.Unmarshal([]byte(s), &a); err != nil {
			return nil, fmt.Errorf("eval %s:%d: %w", name, line, err)
		}
		if a.Title == "" && a.Body == "" {
			return nil, fmt.Errorf("eval %s:%d: an object with neither title nor body: %w", name, line, ErrUnknownFormat)
		}
		arts = append(arts, a)
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("eval %s: %w", name, err)
	}
	types := map[string]bool{} // types the file annotates
	for _, a := range arts {
		for _, g := range a.Entities {
			types[g.Type] = true
		}
	}
	spanRes := map[string]*Score{}
	docRes := map[string]*Score{}
	for t := range types {
		spanRes[t] = &Score{}
		docRes[t] = &Score{}
	}
	for _, a := range arts {
		pubT, err := parsePublished(a.PublishedAt)
		if err != nil {
			return nil, fmt.Errorf("eval %s: article %s: %w", name, a.ID, err)
		}
		goldSpans := map[span]bool{}
		goldVals := map[[2]string]bool{}
		for _, g := range a.Entities {
			field := g.Field
			if field == "" {
				field = "body"
			}
			goldSpans[span{typ: g.Type, field: field, start: g.Start, end: g.End}] = true
			if a.DocEntities == nil {
				goldVals[[2]string{g.Type, g.Value}] = true
			}
		}
		for _, g := range a.DocEntities {
			if types[g.Type] {
				goldVals[[2]string{g.Type, g.Value}] = true
			}
		}
		predSpans, predVals := predictJSONL(ex, a, pubT, types)
		for s := range goldSpans {
			spanRes[s.typ].Gold++
			if predSpans[s] {
				spanRes[s.typ].correct++
			}
		}
		for s := range predSpans {
			spanRes[s.typ].Predicted++
		}
		for v := range goldVals {
			docRes[v[0]].Gold++
			if predVals[v] {
				docRes[v[0]].correct++
			}
		}
		for v := range predVals {
			docRes[v[0]].Predicted++
		}
	}
	finish(spanRes)
	finish(docRes)
	return &FileResult{Span: spanRes, Document: docRes}, nil
}

// parsePublished reads published_at as RFC 3339, a date-time without zone
// (UTC) or a bare date; empty gives the zero time.
func parsePublished(s string) (time.Time, error) {
	if s == "" {
		return time.Time{}, nil
	}
	var firstErr error
	for _, layout := range []string{time.RFC3339, "2006-01-02T15:04:05", "2006-01-02"} {
		t, err := time.Parse(layout, s)
		if err == nil {
			return t, nil
		}
		if firstErr == nil {
			firstErr = err
		}
	}
	return time.Time{}, fmt.Errorf("published_at: %w", firstErr)
}

// predictJSONL returns the predicted spans and (type, value) pairs of an
// article, for the types the gold file annotates. A country mention that
// only repeats a place's span ("Tehran" implies Iran) counts for the
// article's countries but is not a country span.
func predictJSONL(ex *extract.Extractor, a GoldArticle, pub time.Time, types map[string]bool) (map[span]bool, map[[2]string]bool) {
	ents := ex.Extract(extract.Input{Title: a.Title, Body: a.Body, Language: a.Language, Published: pub})
	placeSpans := map[span]bool{}
	for _, en := range ents {
		if en.Type == extract.Place {
			for _, m := range en.Mentions {
				placeSpans[span{field: string(m.Field), start: m.Start, end: m.End}] = true
			}
		}
	}
	spans := map[span]bool{}
	vals := map[[2]string]bool{}
	for _, en := range ents {
		t := string(en.Type)
		if !types[t] {
			continue
		}
		vals[[2]string{t, en.Value}] = true
		for _, m := range en.Mentions {
			if en.Type == extract.Country && placeSpans[span{field: string(m.Field), start: m.Start, end: m.End}] {
				continue
			}
			spans[span{typ: t, field: string(m.Field), start: m.Start, end: m.End}] = true
		}
	}
	return spans, vals
}

// lastTag returns the last column that looks like a tag ("O", "B-PER",
// "I-LOC"): the tag is the last column, but some files (Universal NER) put
// placeholder columns after it.
func lastTag(fields []string) string {
	for k := len(fields) - 1; k > 0; k-- {
		if isTag(fields[k]) {
			return fields[k]
		}
	}
	return fields[len(fields)-1]
}
