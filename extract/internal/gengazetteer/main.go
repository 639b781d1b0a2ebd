// Command gengazetteer derives the compact gazetteers that package extract
// embeds (extract/data) from the openly licensed source data of the project's
// shared data folder, plus the curated lists kept next to this file.
//
// Usage (from the extract directory, see the go:generate line in extract):
//
//	go run ./internal/gengazetteer -data ../../shared/data -out data
//
// The source folder is a flag so that no machine path is committed.
package main

import (
	"bufio"
	"compress/gzip"
	"encoding/csv"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"log"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strconv"
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

func main() {
	dataDir := flag.String("data", "", "shared data folder (holds countries/, cities/, groups/, ner/)")
	outDir := flag.String("out", "data", "output folder for the derived files")
	srcDir := flag.String("src", "internal/gengazetteer", "folder of the curated lists")
	flag.Parse()
	if *dataDir == "" {
		log.Fatal("gengazetteer: -data is required (the shared data folder)")
	}
	if err := run(*dataDir, *outDir, *srcDir); err != nil {
		log.Fatal(err)
	}
}

func run(dataDir, outDir, srcDir string) error {
	common, err := commonWords(dataDir)
	if err != nil {
		return err
	}
	countries, err := buildCountries(dataDir, srcDir, common)
	if err != nil {
		return err
	}
	if err := writeLines(filepath.Join(outDir, "countries.tsv"), false, countries.lines()); err != nil {
		return err
	}
	names, err := buildNames(dataDir)
	if err != nil {
		return err
	}
	places, err := buildPlaces(dataDir, srcDir, countries, common, names)
	if err != nil {
		return err
	}
	if err := writeLines(filepath.Join(outDir, "places.tsv.gz"), true, places); err != nil {
		return err
	}
	groups, err := buildGroups(dataDir, srcDir, countries)
	if err != nil {
		return err
	}
	if err := writeLines(filepath.Join(outDir, "groups.tsv.gz"), true, groups); err != nil {
		return err
	}
	persons, err := buildPersons(srcDir)
	if err != nil {
		return err
	}
	if err := writeLines(filepath.Join(outDir, "persons.tsv"), false, persons); err != nil {
		return err
	}
	if err := writeLines(filepath.Join(outDir, "names.tsv.gz"), true, names.lines()); err != nil {
		return err
	}
	words := make([]string, 0, len(common))
	for w := range common {
		words = append(words, w)
	}
	sort.Strings(words)
	return writeLines(filepath.Join(outDir, "common.txt.gz"), true, words)
}

// fold mirrors extract.Fold: lower case, accents removed, spaces collapsed.
func fold(s string) string {
	var b strings.Builder
	space := false
	for _, r := range norm.NFD.String(s) {
		if unicode.Is(unicode.Mn, r) {
			continue
		}
		if unicode.IsSpace(r) {
			space = b.Len() > 0
			continue
		}
		if space {
			b.WriteByte(' ')
			space = false
		}
		b.WriteRune(unicode.ToLower(r))
	}
	return b.String()
}

func isLatin(s string) bool {
	for _, r := range s {
		if unicode.IsLetter(r) && !unicode.Is(unicode.Latin, r) {
			return false
		}
	}
	return true
}

// ---- countries ----

type country struct {
	rank        float64 // UN members first, then by area: wins a shared name
	code, label string
	names       []string
	demonyms    []string
	capitals    []string
}

type countrySet struct {
	list   []*country
	byCode map[string]*country
	byName map[string]string // folded name -> code
	byCCA3 map[string]string // ISO 3166-1 alpha-3 -> alpha-2
}

func (cs *countrySet) lines() []string {
	out := []string{"# code\tlabel\tnames\tdemonyms (derived from mledoze/countries, ODbL 1.0; see NOTES.md)"}
	for _, c := range cs.list {
		out = append(out, strings.Join([]string{c.code, c.label, strings.Join(uniq(c.names), "|"), strings.Join(uniq(c.demonyms), "|")}, "\t"))
	}
	return out
}

func uniq(in []string) []string {
	seen := map[string]bool{}
	var out []string
	for _, s := range in {
		s = strings.TrimSpace(s)

		if s == "" || seen[s] {
			continue
		}
		seen[s] = true
		out = append(out, s)
	}
	return out
}

func buildCountries(dataDir, srcDir string, common map[string]bool) (*countrySet, error) {
	raw, err := os.ReadFile(filepath.Join(dataDir, "countries", "countries.json"))
	if err != nil {
		return nil, fmt.Errorf("read countries: %w", err)
	}
	var src []struct {
		Name struct {
			Common   string `json:"common"`
			Official string `json:"official"`
		} `json:"name"`
		CCA2         string   `json:"cca2"`
		UNMember     bool     `json:"unMember"`
		Area         float64  `json:"area"`
		CCA3         string   `json:"cca3"`
		Capital      []string `json:"capital"`
		AltSpellings []string `json:"altSpellings"`
		Demonyms     map[string]struct {
			F string `json:"f"`
			M string `json:"m"`
		} `json:"demonyms"`
	}
	if err := json.Unmarshal(raw, &src); err != nil {
		return nil, fmt.Errorf("parse countries: %w", err)
	}
	cs := &countrySet{byCode: map[string]*country{}, byName: map[string]string{}, byCCA3: map[string]string{}}
	for _, s := range src {
		cs.byCCA3[s.CCA3] = s.CCA2
		c := &country{code: s.CCA2, label: s.Name.Common, capitals: s.Capital, rank: s.Area}
		if s.UNMember {
			c.rank += 1e9
		}
		c.names = append(c.names, s.Name.Common, s.Name.Official)
		for _, a := range s.AltSpellings {
			// "The Netherlands", "the Gambia": the article is not part of the name
			if rest, ok := strings.CutPrefix(a, "The "); ok && len(strings.Fields(rest)) < 3 {
				a = rest
			}
			if len(a) <= 2 || !isLatin(a) || strings.Contains(a, ",") {
				continue // ISO codes ("IN", "IT", "NO") are words; skip inverted forms
			}
			if common[fold(a)] && !isAcronym(a) {
				continue // "Island" (Iceland in Icelandic) is an English word
			}
			c.names = append(c.names, a)
		}
		if d, ok := s.Demonyms["eng"]; ok {
			for _, dem := range strings.Split(d.M+","+d.F, ",") {
				dem = strings.TrimSpace(dem)
				if dem == "" {
					continue
				}
				c.demonyms = append(c.demonyms, dem)
				if strings.HasSuffix(dem, "n") || strings.HasSuffix(dem, "i") || strings.HasSuffix(dem, "ine") {
					c.demonyms = append(c.demonyms, dem+"s")
				}
			}
		}
		cs.list = append(cs.list, c)
		cs.byCode[c.code] = c
	}
	f, err := os.Open(filepath.Join(srcDir, "country_extra.txt"))
	if err != nil {
		return nil, fmt.Errorf("open country extras: %w", err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		label := strings.HasPrefix(line, "=")
		parts := strings.Split(strings.TrimPrefix(line, "="), "|")
		c := cs.byCode[parts[0]]
		if c == nil {
			return nil, fmt.Errorf("country extras: unknown code %q", parts[0])
		}
		if label {
			c.label = parts[1]
			continue
		}
		c.names = append(c.names, parts[1:]...)
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("read country extras: %w", err)
	}
	// a name or demonym shared by several entries ("American": United
	// States, American Samoa) stays only with the highest-ranked one
	owner := map[string]*country{}
	for _, c := range cs.list {
		for _, n := range append(append([]string{}, c.names...), c.demonyms...) {
			k := fold(n)
			if o, ok := owner[k]; !ok || c.rank > o.rank {
				owner[k] = c
			}
		}
	}
	keep := func(c *country, in []string) []string {
		var out []string
		for _, n := range in {
			if owner[fold(n)] == c {
				out = append(out, n)
			}
		}
		return out
	}
	for _, c := range cs.list {
		c.names = keep(c, c.names)
		c.demonyms = keep(c, c.demonyms)
	}
	sort.Slice(cs.list, func(i, j int) bool { return cs.list[i].code < cs.list[j].code })
	for _, c := range cs.list {
		for _, n := range c.names {
			cs.byName[fold(n)] = c.code
		}
		for _, n := range c.demonyms {
			cs.byName[fold(n)] = c.code
		}
	}
	return cs, nil
}

// ---- common words and names ----

// commonWords returns words that occur in lower case in running English text
// of the NER corpora: a city named like one of them ("Nice", "Mobile") needs
// more care.
func commonWords(dataDir string) (map[string]bool, error) {
	counts := map[string]int{}
	files := []string{
		"ner/btc/btc.train", "ner/wnut17/wnut17train.conll",
		"ner/crossner/politics/dev.txt", "ner/crossner/politics/test.txt",
		"ner/crossner/science/dev.txt", "ner/crossner/music/dev.txt",
		"ner/crossner/literature/dev.txt", "ner/crossner/ai/dev.txt",
		"ner/uner_en/en_ewt-ud-dev.iob2", "ner/uner_en/en_ewt-ud-test.iob2",
	}
	for _, name := range files {
		f, err := os.Open(filepath.Join(dataDir, name))
		if err != nil {
			return nil, fmt.Errorf("common words: %w", err)
		}
		sc := bufio.NewScanner(f)
		sc.Buffer(make([]byte, 1<<20), 1<<20)
		for sc.Scan() {
			fields := strings.Fields(sc.Text())
			if len(fields) == 0 {
				continue
			}
			w := fields[0]
			if len(fields) > 2 {
				w = fields[1] // uner: index, token, tag
			}
			if w == strings.ToLower(w) && strings.IndexFunc(w, unicode.IsLetter) >= 0 {
				counts[fold(w)]++
			}
		}
		f.Close()
		if err := sc.Err(); err != nil {
			return nil, fmt.Errorf("common words %s: %w", name, err)
		}
	}
	out := map[string]bool{}
	for w, n := range counts {
		if n >= 3 {
			out[w] = true
		}
	}
	return out, nil
}

type nameSet struct {
	first map[string]int // folded first name -> births since 1950
	last  map[string]int // folded surname -> census rank
}

func (ns *nameSet) lines() []string {
	out := []string{"# kind\tname\tweight (US SSA baby names and US Census 1990 surnames, public domain)"}
	var keys []string
	for k := range ns.first {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		out = append(out, "f\t"+k+"\t"+strconv.Itoa(ns.first[k]))
	}
	keys = keys[:0]
	for k := range ns.last {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		out = append(out, "l\t"+k+"\t"+strconv.Itoa(ns.last[k]))
	}
	return out
}

func buildNames(dataDir string) (*nameSet, error) {
	ns := &nameSet{first: map[string]int{}, last: map[string]int{}}
	f, err := os.Open(filepath.Join(dataDir, "ner/names/ssa_us_babynames/ssa_national_1880_2024_by_name_sex.tsv"))
	if err != nil {
		return nil, fmt.Errorf("names: %w", err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		p := strings.Split(sc.Text(), "\t")
		if len(p) < 4 || p[0] == "name" {
			continue
		}
		n, _ := strconv.Atoi(p[3])
		if n < 2000 {
			continue
		}
		ns.first[fold(p[0])] += n
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("names: %w", err)
	}
	g, err := os.Open(filepath.Join(dataDir, "ner/names/census1990/dist.all.last"))
	if err != nil {
		return nil, fmt.Errorf("surnames: %w", err)
	}
	defer g.Close()
	sc = bufio.NewScanner(g)
	for sc.Scan() {
		p := strings.Fields(sc.Text())
		if len(p) < 4 {
			continue
		}
		rank, _ := strconv.Atoi(p[3])
		if rank > 30000 {
			continue
		}
		ns.last[fold(p[0])] = rank
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("surnames: %w", err)
	}
	return ns, nil
}

// ---- places ----

type city struct {
	name, cc, admin string
	pop             int
}

func buildPlaces(dataDir, srcDir string, cs *countrySet, common map[string]bool, names *nameSet) ([]string, error) {
	f, err := os.Open(filepath.Join(dataDir, "cities", "cities.tsv"))
	if err != nil {
		return nil, fmt.Errorf("cities: %w", err)
	}
	defer f.Close()
	byName := map[string][]city{}
	states := map[string]bool{}
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		p := strings.Split(sc.Text(), "\t")
		if len(p) < 8 || p[0] == "geonameid" {
			continue
		}
		pop, _ := strconv.Atoi(p[7])
		c := city{name: p[1], cc: p[4], admin: p[3], pop: pop}
		byName[fold(c.name)] = append(byName[fold(c.name)], c)
		if c.cc == "US" && c.admin != "" {
			states[c.admin] = true
		}
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("cities: %w", err)
	}
	capitals := map[string]string{} // folded capital -> code
	for _, c := range cs.list {
		for _, cap := range c.capitals {
			capitals[fold(cap)] = c.code
		}
	}
	// name \t country \t population \t flags \t other countries with a city of that name \t aliases
	out := []string{"# name\tcountry\tpopulation\tflags\tother countries\taliases (GeoNames via cities.tsv, CC-BY 4.0; capitals from mledoze/countries, ODbL 1.0)"}
	keys := make([]string, 0, len(byName))
	for k := range byName {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		list := byName[k]
		sort.Slice(list, func(i, j int) bool { return list[i].pop > list[j].pop })
		top := list[0]
		_, isCapital := capitals[k]
		if _, isCountry := cs.byName[k]; isCountry {
			continue // "Singapore", "Kuwait": the country wins
		}
		if !isCapital && len([]rune(k)) < 4 {
			continue
		}
		flags := ""
		if !isCapital && top.pop < 50000 {
			// a town: read only where the text says it is a place ("in
			// the town of Erzin", "Erzin, Hatay")
			if common[k] || names.first[k] >= 1000 || names.last[k] > 0 && names.last[k] <= 20000 {
				continue
			}
			flags = "t"
		}
		if isCapital {
			flags += "c"
		}
		if common[k] {
			if !isCapital && top.pop < 1000000 {
				continue // "Mobile", "Reading", "Split": words first
			}
			flags += "w"
		}
		if names.first[k] >= 20000 || (names.last[k] > 0 && names.last[k] <= 5000) {
			if !isCapital && top.pop < 100000 {
				continue // "Allen", "Bush": a person first
			}
			flags += "n" // "Jackson", "Charlotte": also a person's name
		}
		var others []string
		seen := map[string]bool{top.cc: true}
		for _, c := range list[1:] {
			if !seen[c.cc] && c.pop >= 15000 {
				seen[c.cc] = true
				others = append(others, c.cc)
			}
		}
		out = append(out, strings.Join([]string{top.name, top.cc, strconv.Itoa(top.pop), flags, strings.Join(others, ","), ""}, "\t"))
	}
	// capitals missing from the city table
	for _, c := range cs.list {
		for _, cap := range c.capitals {
			if _, ok := byName[fold(cap)]; ok {
				continue
			}
			if _, isCountry := cs.byName[fold(cap)]; isCountry {
				continue
			}
			out = append(out, strings.Join([]string{cap, c.code, "0", "c", "", ""}, "\t"))
		}
	}
	out = append(out, adminRegions(dataDir, cs, common, names, byName, capitals)...)
	towns, err := worldTowns(dataDir, cs, common, names, byName)
	if err != nil {
		return nil, err
	}
	out = append(out, towns...)
	var st []string
	for s := range states {
		st = append(st, s)
	}
	sort.Strings(st)
	for _, s := range st {
		name, alias := s, ""
		if _, clash := cs.byName[fold(s)]; clash {
			name, alias = s+" (U.S. state)", s // "Georgia (U.S. state)"
		}
		out = append(out, strings.Join([]string{name, "US", "0", "s", "", alias}, "\t"))
	}
	g, err := os.Open(filepath.Join(srcDir, "place_extra.txt"))
	if err != nil {
		return nil, fmt.Errorf("place extras: %w", err)
	}
	defer g.Close()
	sc = bufio.NewScanner(g)
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		p := strings.Split(line, "|")
		if len(p) < 2 {
			return nil, fmt.Errorf("place extras: bad line %q", line)
		}
		out = append(out, strings.Join([]string{p[0], p[1], "0", "r", "", strings.Join(p[2:], "|")}, "\t"))
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("place extras: %w", err)
	}
	return out, nil
}

// ---- groups ----

type group struct {
	canonical string
	source    string
	aliases   []string
	country   string // ISO 3166-1 alpha-2 of a party, or ""
}

func buildGroups(dataDir, srcDir string, cs *countrySet) ([]string, error) {
	var groups []group
	f, err := os.Open(filepath.Join(srcDir, "groups_curated.txt"))
	if err != nil {
		return nil, fmt.Errorf("curated groups: %w", err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		p := strings.Split(line, "|")
		groups = append(groups, group{canonical: p[0], source: "curated", aliases: p, country: qualifierCountry(p[0], cs)})
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("curated groups: %w", err)
	}
	ucdp, err := ucdpGroups(dataDir)
	if err != nil {
		return nil, err
	}
	groups = append(groups, ucdp...)
	parties, err := partyGroups(dataDir, cs)
	if err != nil {
		return nil, err
	}
	groups = append(groups, parties...)

	// An alias belongs to the first group (curated first) that claims it,
	// except that parties of different countries share a name ("Workers'
	// Party" in Brazil and Algeria): the extractor picks one on the
	// article's countries. An alias that is a country name is dropped.
	// a party name used in several countries is qualified by its country,
	// as Wikipedia titles are: "Democratic Party (Andorra)"
	nameCountries := map[string]map[string]bool{}
	for _, g := range groups {
		if g.country == "" {
			continue
		}
		for _, a := range g.aliases {
			k := fold(a)
			if nameCountries[k] == nil {
				nameCountries[k] = map[string]bool{}
			}
			nameCountries[k][g.country] = true
		}
	}
	for i, g := range groups {
		if g.country == "" || strings.HasSuffix(g.canonical, ")") || len(nameCountries[fold(g.canonical)]) < 2 {
			continue
		}
		if c, ok := cs.byCode[g.country]; ok {
			groups[i].canonical = g.canonical + " (" + c.label + ")"
		}
	}
	owner := map[string]string{}
	ownerCountries := map[string]map[string]bool{}
	out := []string{"# canonical\tsource\taliases\tcountry (curated for searchd; UCDP Actor Dataset 22.1, CC-BY 4.0; Party Facts, see NOTES.md)"}
	seenCanon := map[string]bool{}
	for _, g := range groups {
		if seenCanon[fold(g.canonical)] && g.source != "curated" {
			continue
		}
		if strings.Contains(g.canonical, "|") {
			continue // the list separator; such rows merge two parties
		}
		var keep []string
		for _, a := range uniq(g.aliases) {
			k := fold(a)
			if strings.Contains(a, "|") || len([]rune(k)) < 2 {
				continue
			}
			if _, isCountry := cs.byName[k]; isCountry {
				continue
			}
			if o, ok := owner[k]; ok && o != g.canonical {
				if g.country == "" || ownerCountries[k] == nil || ownerCountries[k][g.country] || len(strings.Fields(a)) < 2 || isAcronym(a) {
					continue
				}
			}
			if _, ok := owner[k]; !ok {
				owner[k] = g.canonical
			}
			if g.country != "" {
				if ownerCountries[k] == nil {
					ownerCountries[k] = map[string]bool{}
				}
				ownerCountries[k][g.country] = true
			}
			keep = append(keep, a)
		}
		if len(keep) == 0 {
			continue
		}
		seenCanon[fold(g.canonical)] = true
		out = append(out, g.canonical+"\t"+g.source+"\t"+strings.Join(keep, "|")+"\t"+g.country)
	}
	return out, nil
}

// qualifierCountry reads the country of a Wikipedia-style qualifier:
// "Democratic Party (United States)" is US.
func qualifierCountry(name string, cs *countrySet) string {
	open := strings.LastIndex(name, " (")
	if open < 0 || !strings.HasSuffix(name, ")") {
		return ""
	}
	q := name[open+2 : len(name)-1]
	q, _, _ = strings.Cut(q, ",") // "Brazil, 2011"
	if q == "UK" {
		return "GB"
	}
	return cs.byName[fold(q)]
}

// wikipediaTitle returns the title of an English Wikipedia article URL, or
// "" for other URLs and for pages that are not about a party (elections).
func wikipediaTitle(u string) string {
	rest, ok := strings.CutPrefix(u, "https://en.wikipedia.org/wiki/")
	if !ok {
		rest, ok = strings.CutPrefix(u, "http://en.wikipedia.org/wiki/")
	}
	if !ok || strings.ContainsAny(rest, "#?") {
		return ""
	}
	t, err := url.PathUnescape(rest)
	if err != nil {
		return ""
	}
	t = strings.ReplaceAll(t, "_", " ")
	low := strings.ToLower(t)
	if strings.Contains(low, "election") || strings.HasPrefix(low, "list of") || !isLatin(t) {
		return ""
	}
	return t
}

// adminRegions lists the first-level regions of countries other than the
// US (provinces, states, oblasts, governorates) named in the city table:
// the GeoNames name ("Hatay Province", "Kherson Oblast") with the bare name
// as alias ("Hatay") when it is no city, country, common word or person's
// name. A name used in several countries implies none of them.
func adminRegions(dataDir string, cs *countrySet, common map[string]bool, names *nameSet, cities map[string][]city, capitals map[string]string) []string {
	f, err := os.Open(filepath.Join(dataDir, "cities", "cities.tsv"))
	if err != nil {
		return nil
	}
	defer f.Close()
	type region struct{ name, cc string }
	byKey := map[string]map[string]bool{} // folded bare name -> countries
	var list []region
	seen := map[region]bool{}
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		p := strings.Split(sc.Text(), "\t")
		if len(p) < 8 || p[0] == "geonameid" || p[4] == "US" || p[3] == "" {
			continue
		}
		r := region{name: p[3], cc: p[4]}
		if seen[r] || !isLatin(r.name) || strings.ContainsAny(r.name, "’ʼ'ḑ,") || p[3] == p[1] {
			continue
		}
		seen[r] = true
		list = append(list, r)
		k := fold(regionBase(r.name))
		if byKey[k] == nil {
			byKey[k] = map[string]bool{}
		}
		byKey[k][r.cc] = true
	}
	sort.Slice(list, func(i, j int) bool {
		if list[i].cc != list[j].cc {
			return list[i].cc < list[j].cc
		}
		return list[i].name < list[j].name
	})
	var out []string
	for _, r := range list {
		base := regionBase(r.name)
		k := fold(base)
		_, isCountry := cs.byName[k]
		_, isCity := cities[k]
		_, isCapital := capitals[k]
		if isCountry || isCapital || len([]rune(k)) < 4 {
			continue
		}
		person := names.first[k] >= 2000 || names.last[k] > 0 && names.last[k] <= 20000
		cc := r.cc
		if len(byKey[k]) > 1 {
			cc = ""
		}
		name, alias := stripRegionPrefix(r.name), ""
		if base != name {
			alias = base
		}
		if alias != "" && (isCity || common[k] || person || strings.HasSuffix(k, "ish") || k == "balkan") {
			alias = "" // "Kherson" is the city; only "Kherson Oblast" is the region
		}
		if alias == "" && base == name && (isCity || common[k] || person) {
			continue
		}
		if _, clash := cs.byName[fold(name)]; clash {
			continue
		}
		out = append(out, strings.Join([]string{name, cc, "0", "a", "", alias}, "\t"))
	}
	return out
}

// regionBase strips the words around a region's name: "State of Sikkim" is
// Sikkim, "Hatay Province" Hatay.
func regionBase(s string) string {
	s = stripRegionPrefix(s)
	for _, suf := range []string{" Autonomous Region", " Autonomous Oblast", " Province", " Oblast", " Governorate", " Region", " State", " Municipality", " Republic", " Krai", " Prefecture", " Department", " District", " County", " Territory"} {
		if b, ok := strings.CutSuffix(s, suf); ok && b != "" {
			return b
		}
	}
	return s
}

// worldTowns lists the cities of world-cities.csv (GeoNames cities over
// 15,000 people) that the city table lacks ("Sanandaj", "Kramatorsk"), as
// towns read only where the text says they are places.
func worldTowns(dataDir string, cs *countrySet, common map[string]bool, names *nameSet, cities map[string][]city) ([]string, error) {
	rows, err := readCSV(filepath.Join(dataDir, "cities", "world-cities.csv"))
	if err != nil {
		return nil, err
	}
	byKey := map[string][]string{} // folded name -> countries
	first := map[string]string{}   // folded name -> name as written
	var keys []string
	for _, r := range rows {
		name := r["name"]
		k := fold(name)
		if _, ok := cities[k]; ok || !isLatin(name) || strings.ContainsAny(name, "0123456789’ʼ‘'(),") || len([]rune(k)) < 4 {
			continue
		}
		if _, isCountry := cs.byName[k]; isCountry || common[k] || names.first[k] >= 1000 || names.last[k] > 0 && names.last[k] <= 20000 {
			continue
		}
		if strings.HasPrefix(k, "al ") || strings.HasPrefix(k, "the ") {
			continue // "Al Karama": neighbourhoods written many ways
		}
		cc := worldCountry(r["country"], cs)
		if cc == "" {
			continue
		}
		if _, ok := first[k]; !ok {
			first[k] = name
			keys = append(keys, k)
		}
		if !slices.Contains(byKey[k], cc) {
			byKey[k] = append(byKey[k], cc)
		}
	}
	sort.Strings(keys)
	var out []string
	for _, k := range keys {
		ccs := byKey[k]
		out = append(out, strings.Join([]string{first[k], ccs[0], "0", "t", strings.Join(ccs[1:], ","), ""}, "\t"))
	}
	return out, nil
}

// worldCountry maps a country name of world-cities.csv ("Iran, Islamic
// Republic of") to its ISO code.
func worldCountry(s string, cs *countrySet) string {
	if cc, ok := cs.byName[fold(s)]; ok {
		return cc
	}
	if a, b, ok := strings.Cut(s, ", "); ok {
		if cc, ok := cs.byName[fold(strings.TrimPrefix(b+" "+a, "The "))]; ok {
			return cc
		}
		if cc, ok := cs.byName[fold(b+" "+a)]; ok {
			return cc
		}
		if !strings.HasPrefix(b, "The Democratic") {
			if cc, ok := cs.byName[fold(a)]; ok {
				return cc
			}
		}
	}
	return ""
}

// stripRegionPrefix drops the legal prefix of a region's name: "State of
// Sikkim" is Sikkim.
func stripRegionPrefix(s string) string {
	for _, pre := range []string{"Free and Sovereign State of ", "Free and Hanseatic City of ", "Free State of ", "State of ", "Autonomous Republic of ", "Republic of ", "Province of ", "Region of "} {
		s = strings.TrimPrefix(s, pre)
	}
	return s
}

// buildPersons copies the curated persons, one "canonical\taliases" line
// each.
func buildPersons(srcDir string) ([]string, error) {
	f, err := os.Open(filepath.Join(srcDir, "persons_curated.txt"))
	if err != nil {
		return nil, fmt.Errorf("curated persons: %w", err)
	}
	defer f.Close()
	out := []string{"# canonical\taliases (curated for searchd: persons in international news, English Wikipedia titles)"}
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		p := strings.Split(line, "|")
		out = append(out, p[0]+"\t"+strings.Join(uniq(p), "|"))
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("curated persons: %w", err)
	}
	return out, nil
}

func readCSV(path string) ([]map[string]string, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("open %s: %w", filepath.Base(path), err)
	}
	defer f.Close()
	r := csv.NewReader(f)
	r.FieldsPerRecord = -1
	head, err := r.Read()
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", filepath.Base(path), err)
	}
	for i := range head {
		head[i] = strings.TrimPrefix(head[i], "\ufeff")
	}
	var rows []map[string]string
	for {
		rec, err := r.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, fmt.Errorf("read %s: %w", filepath.Base(path), err)
		}
		m := map[string]string{}
		for i, h := range head {
			if i < len(rec) {
				m[h] = strings.Join(strings.Fields(rec[i]), " ")
			}
		}
		rows = append(rows, m)
	}
	return rows, nil
}

func isAcronym(s string) bool {
	letters := 0
	for _, r := range s {
		if unicode.IsLower(r) {
			return false
		}
		if unicode.IsLetter(r) {
			letters++
		}
	}
	return letters > 0
}

func ucdpGroups(dataDir string) ([]group, error) {
	rows, err := readCSV(filepath.Join(dataDir, "groups/ucdp_actors/ucdp-actor-221.csv"))
	if err != nil {
		return nil, err
	}
	var out []group
	for _, r := range rows {
		if r["Org"] != "1" {
			continue
		}
		data := r["NameData"]
		if strings.HasPrefix(data, "Military faction") || strings.HasPrefix(data, "Forces of") || strings.Contains(data, "(") {
			continue
		}
		canon := data
		if isAcronym(data) {
			canon = r["NameOrigFullEng"]
		}
		if canon == "" || strings.Contains(canon, "(") {
			continue
		}
		var aliases []string
		for _, a := range []string{canon, data, r["NameOrig"], r["NameOrigFull"], r["NameOrigFullEng"]} {
			if a == "" || a == "n/a" || !isLatin(a) || strings.Contains(a, "(") {
				continue
			}
			if isAcronym(a) && len([]rune(a)) < 3 {
				continue // two-letter acronyms collide with words
			}
			if len(strings.Fields(a)) == 1 && !isAcronym(a) && len(a) < 5 {
				continue
			}
			aliases = append(aliases, a)
		}
		for _, col := range []string{"NewName", "NewNameFullEng"} {
			for _, a := range strings.Split(r[col], ",") {
				a = strings.TrimSpace(a)
				if a != "" && isLatin(a) && !(isAcronym(a) && len(a) < 3) {
					aliases = append(aliases, a)
				}
			}
		}
		out = append(out, group{canonical: canon, source: "ucdp", aliases: aliases})
	}
	return out, nil
}

func partyGroups(dataDir string, cs *countrySet) ([]group, error) {
	rows, err := readCSV(filepath.Join(dataDir, "groups/partyfacts/import__elecglob__partyfacts-core-parties.csv"))
	if err != nil {
		return nil, err
	}
	var out []group
	for _, r := range rows {
		share, _ := strconv.ParseFloat(r["share"], 64)
		if share < 5 {
			continue // small parties rarely make international news
		}
		var names []string // English names, the current one often last ("Party of the Republic / Liberal Party")
		for _, n := range strings.Split(r["name_english"], " / ") {
			n = strings.TrimSpace(n)
			if n != "" && isLatin(n) && len(strings.Fields(n)) >= 2 && !strings.Contains(n, "/") {
				names = append(names, n)
			}
		}
		if len(names) == 0 {
			continue
		}
		canon := names[0]
		cc := cs.byCCA3[r["country"]]
		// the English Wikipedia title names the party the way readers know
		// it, with a qualifier where the name is shared ("Workers' Party
		// (Brazil)"); its unqualified form is one more alias
		if t := wikipediaTitle(r["wikipedia"]); t != "" && r["year_last"] == "" {
			canon = t
			if open := strings.LastIndex(t, " ("); open > 0 && strings.HasSuffix(t, ")") {
				names = append(names, t[:open])
			} else {
				names = append(names, t)
			}
		}
		aliases := append([]string{canon}, names...)
		if s := r["name_short"]; isAcronym(s) && len(s) >= 3 && isLatin(s) && !strings.ContainsAny(s, " ") {
			aliases = append(aliases, s)
		}
		if n := r["name"]; n != "" && isLatin(n) && len(strings.Fields(n)) >= 2 {
			aliases = append(aliases, n)
		}
		out = append(out, group{canonical: canon, source: "partyfacts", aliases: aliases, country: cc})
	}
	return out, nil
}

// ---- output ----

func writeLines(path string, gz bool, lines []string) error {
	f, err := os.Create(path)
	if err != nil {
		return fmt.Errorf("create %s: %w", filepath.Base(path), err)
	}
	var w io.Writer = f
	var zw *gzip.Writer
	if gz {
		zw, err = gzip.NewWriterLevel(f, gzip.BestCompression)
		if err != nil {
			f.Close()
			return fmt.Errorf("gzip %s: %w", filepath.Base(path), err)
		}
		w = zw
	}
	bw := bufio.NewWriter(w)
	for _, l := range lines {
		bw.WriteString(l)
		bw.WriteByte('\n')
	}
	if err := bw.Flush(); err != nil {
		f.Close()
		return fmt.Errorf("write %s: %w", filepath.Base(path), err)
	}
	if zw != nil {
		if err := zw.Close(); err != nil {
			f.Close()
			return fmt.Errorf("gzip %s: %w", filepath.Base(path), err)
		}
	}
	if err := f.Close(); err != nil {
		return fmt.Errorf("close %s: %w", filepath.Base(path), err)
	}
	return nil
}
