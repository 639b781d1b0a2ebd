package extract

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"embed"
	"fmt"
	"io"
	"strconv"
	"strings"
	"unicode"
)

//go:generate go run ./internal/gengazetteer -data ../../shared/data -out data

//go:embed data/countries.tsv data/persons.tsv data/*.gz
var dataFS embed.FS

// refKind says what a gazetteer name stands for.
type refKind uint8

const (
	refCountry refKind = iota + 1 // a name of a country
	refDemonym                    // an adjective or demonym of a country
	refPlace                      // a city or region
	refGroup                      // a group or organisation
)

// ref is one meaning of a gazetteer name.
type ref struct {
	kind refKind
	id   int32 // index into countries, places or groups
	// pattern: per token, whether the text must be capitalised (1), written
	// exactly in capitals (2), or may be written in any case (0).
	pattern []uint8
}

// trieNode is a node of the token trie of all gazetteer names.
type trieNode struct {
	next map[string]*trieNode
	refs []ref
}

type countryRec struct {
	code, label string
}

type placeRec struct {
	name    string
	country string
	pop     int
	flags   string   // c capital, w common word, n person name, s US state, r region, a first-level region of a country
	others  []string // other countries with a city of that name
}

type groupRec struct {
	canonical string
	country   string // a party's country, when the name is shared abroad
}

// gazetteer holds every name the extractor knows, built once by New.
type gazetteer struct {
	root      *trieNode
	towns     *trieNode // small towns, read only where the text says they are places
	countries []countryRec
	byCode    map[string]int32
	places    []placeRec
	groups    []groupRec
	byFold    map[string][]ref  // Fold(name) -> meanings, for Resolve*
	demonyms  map[string]bool   // folded demonyms
	firstName map[string]int    // folded first name -> births
	surname   map[string]int    // folded surname -> rank
	common    map[string]bool   // words seen in lower case in running text
	famous    map[string]string // folded alias -> canonical name of a person in the news
	lex       map[string]uint16 // folded word -> its lexicon flags, if any (see lexFlags)
}

func readData(name string) ([]byte, error) {
	b, err := dataFS.ReadFile("data/" + name)
	if err != nil {
		return nil, fmt.Errorf("read embedded %s: %w", name, err)
	}
	if strings.HasSuffix(name, ".gz") {
		zr, err := gzip.NewReader(bytes.NewReader(b))
		if err != nil {
			return nil, fmt.Errorf("gunzip %s: %w", name, err)
		}
		b, err = io.ReadAll(zr)
		if err != nil {
			return nil, fmt.Errorf("gunzip %s: %w", name, err)
		}
	}
	return b, nil
}

// eachLine calls fn with the tab-separated fields of every non-comment line.
func eachLine(name string, fn func(f []string) error) error {
	b, err := readData(name)
	if err != nil {
		return err
	}
	sc := bufio.NewScanner(bytes.NewReader(b))
	sc.Buffer(make([]byte, 64*1024), 1<<20)
	for sc.Scan() {
		line := sc.Text()
		if line == "" || line[0] == '#' {
			continue
		}
		if err := fn(strings.Split(line, "\t")); err != nil {
			return fmt.Errorf("%s: %w", name, err)
		}
	}
	if err := sc.Err(); err != nil {
		return fmt.Errorf("scan %s: %w", name, err)
	}
	return nil
}

func loadGazetteer() (*gazetteer, error) {
	g := &gazetteer{
		root:      &trieNode{},
		towns:     &trieNode{},
		byCode:    map[string]int32{},
		byFold:    map[string][]ref{},
		demonyms:  map[string]bool{},
		firstName: map[string]int{},
		surname:   map[string]int{},
		common:    map[string]bool{},
		famous:    map[string]string{},
	}
	var toks []token
	err := eachLine("countries.tsv", func(f []string) error {
		if len(f) < 4 {
			return fmt.Errorf("country line with %d fields", len(f))
		}
		id := int32(len(g.countries))
		g.countries = append(g.countries, countryRec{code: f[0], label: f[1]})
		g.byCode[f[0]] = id
		for _, n := range strings.Split(f[2], "|") {
			toks = g.add(n, refCountry, id, toks)
		}
		for _, n := range strings.Split(f[3], "|") {
			toks = g.add(n, refDemonym, id, toks)
			g.demonyms[Fold(n)] = true
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	err = eachLine("places.tsv.gz", func(f []string) error {
		if len(f) < 6 {
			return fmt.Errorf("place line with %d fields", len(f))
		}
		pop, _ := strconv.Atoi(f[2])
		p := placeRec{name: f[0], country: f[1], pop: pop, flags: f[3]}
		if f[4] != "" {
			p.others = strings.Split(f[4], ",")
		}
		if _, ok := g.byCode[p.country]; !ok && p.country != "" {
			return nil // a city of a territory without an entry
		}
		id := int32(len(g.places))
		g.places = append(g.places, p)
		if strings.Contains(p.flags, "t") {
			toks = g.addTo(g.towns, p.name, refPlace, id, toks)
			return nil
		}
		toks = g.add(p.name, refPlace, id, toks)
		if f[5] != "" {
			for _, a := range strings.Split(f[5], "|") {
				toks = g.add(a, refPlace, id, toks)
			}
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	err = eachLine("groups.tsv.gz", func(f []string) error {
		if len(f) < 3 {
			return fmt.Errorf("group line with %d fields", len(f))
		}
		id := int32(len(g.groups))
		gr := groupRec{canonical: f[0]}
		if len(f) >= 4 {
			gr.country = f[3]
		}
		g.groups = append(g.groups, gr)
		for _, a := range strings.Split(f[2], "|") {
			toks = g.add(a, refGroup, id, toks)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	err = eachLine("names.tsv.gz", func(f []string) error {
		if len(f) < 3 {
			return fmt.Errorf("name line with %d fields", len(f))
		}
		n, _ := strconv.Atoi(f[2])
		if f[0] == "f" {
			g.firstName[f[1]] = n
		} else {
			g.surname[f[1]] = n
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	err = eachLine("persons.tsv", func(f []string) error {
		if len(f) < 2 {
			return fmt.Errorf("person line with %d fields", len(f))
		}
		for _, a := range strings.Split(f[1], "|") {
			g.famous[Fold(a)] = f[0]
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	err = eachLine("common.txt.gz", func(f []string) error {
		g.common[f[0]] = true
		return nil
	})
	if err != nil {
		return nil, err
	}
	g.indexLex()
	return g, nil
}

// add puts one name of an entry into the trie.
func (g *gazetteer) add(name string, kind refKind, id int32, toks []token) []token {
	return g.addTo(g.root, name, kind, id, toks)
}

// addTo adds a name to the trie at root; only names of the main trie are
// found by Resolve*.
func (g *gazetteer) addTo(root *trieNode, name string, kind refKind, id int32, toks []token) []token {
	name = strings.TrimSpace(name)
	if name == "" {
		return toks
	}
	toks = tokenize(name, toks, nil)
	if len(toks) == 0 {
		return toks
	}
	acronym := isAcronymName(name)
	pat := make([]uint8, len(toks))
	n := root
	for i, t := range toks {
		switch {
		case acronym && t.word:
			pat[i] = 2
		case t.word && innerUpper(t.text):
			pat[i] = 3 // "LeT", "AfD": not the word "Let"
		case t.cap:
			pat[i] = 1
		}
		if n.next == nil {
			n.next = map[string]*trieNode{}
		}
		c := n.next[t.fold]
		if c == nil {
			c = &trieNode{}
			n.next[t.fold] = c
		}
		n = c
	}
	r := ref{kind: kind, id: id, pattern: pat}
	for _, old := range n.refs {
		if old.kind == kind && old.id == id && bytes.Equal(old.pattern, pat) {
			return toks
		}
	}
	n.refs = append(n.refs, r)
	if root == g.root {
		key := Fold(name)
		g.byFold[key] = append(g.byFold[key], r)
	}
	return toks
}

// isAcronymName reports whether a name is written in capitals ("IRGC",
// "U.S.", "OPEC+"): such names match only text written in capitals.
func isAcronymName(s string) bool {
	letters := 0
	for _, r := range s {
		if r >= 'a' && r <= 'z' || r > 127 && strings.ToUpper(string(r)) != string(r) {
			return false
		}
		if r >= 'A' && r <= 'Z' || r > 127 {
			letters++
		}
	}
	return letters > 0 && letters <= 6 && !strings.Contains(s, " ")
}

// matchAt returns the longest gazetteer match starting at token i: the
// number of tokens and the meanings whose case pattern the text satisfies.
func (g *gazetteer) matchAt(toks []token, i int, allCaps bool) (int, []ref) {
	return matchIn(g.root, toks, i, allCaps)
}

// matchIn is matchAt in the trie at root.
func matchIn(root *trieNode, toks []token, i int, allCaps bool) (int, []ref) {
	n := root
	bestLen := 0
	var best []ref
	for j := i; j < len(toks) && j-i < 12; j++ {
		c := n.next[toks[j].fold]
		if c == nil {
			break
		}
		n = c
		if len(n.refs) == 0 {
			continue
		}
		if ok := okRefs(n.refs, toks[i:j+1], allCaps); len(ok) > 0 {
			bestLen, best = j-i+1, ok
		}
	}
	return bestLen, best
}

// okRefs returns the refs whose case pattern the tokens satisfy. When all
// do, as most often, it returns refs itself rather than a copy: callers
// only read the result, and a copy per token matched was most of the
// extractor's allocations.
func okRefs(refs []ref, toks []token, allCaps bool) []ref {
	all := true
	for _, r := range refs {
		if !patternOK(toks, r.pattern, allCaps) {
			all = false
			break
		}
	}
	if all {
		return refs
	}
	var ok []ref
	for _, r := range refs {
		if patternOK(toks, r.pattern, allCaps) {
			ok = append(ok, r)
		}
	}
	return ok
}

func patternOK(toks []token, pat []uint8, allCaps bool) bool {
	for k, t := range toks {
		switch pat[k] {
		case 1:
			if !t.cap {
				return false
			}
		case 2:
			if !t.upper || allCaps {
				return false
			}
		case 3:
			if !innerUpper(t.text) || allCaps {
				return false
			}
		}
		// tokens of a name are not split by line breaks or glued oddly
		if k > 0 && !t.space && t.word && toks[k-1].word {
			return false
		}
	}
	return true
}

// innerUpper reports whether a word has a capital after a lower-case letter
// ("LeT", "McDonald").
func innerUpper(s string) bool {
	lower := false
	for _, r := range s {
		switch {
		case unicode.IsLower(r):
			lower = true
		case unicode.IsUpper(r) && lower:
			return true
		}
	}
	return false
}

// region reports whether a place is a US state or a country's first-level
// region, which give way to a city of the same name.
func (p *placeRec) region() bool {
	return strings.ContainsAny(p.flags, "sa")
}
