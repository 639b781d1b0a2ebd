// Package corpus generates deterministic synthetic news articles for
// benchmarks: bodies drawn from a Zipfian English vocabulary, with mentions
// of real countries, cities, groups and person names taken from the openly
// licensed gazetteers of the shared data folder, so that entity extraction
// and facets do real work.
//
// It imports only the standard library, so that any package's tests may use it.
package corpus

import (
	"bufio"
	"cmp"
	"compress/gzip"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"unicode"
)

// Country is a country as the generator mentions it.
type Country struct {
	Code     string   // ISO 3166-1 alpha-2
	Names    []string // common name first, then alternative spellings
	Demonyms []string // English demonyms ("Iranian")
}

// City is a city and the ISO code of its country.
type City struct {
	Name    string
	Country string
}

// Data is what the generator draws from. Words are ordered from the most to
// the least frequent, which is what their Zipfian ranks follow.
type Data struct {
	Words      []string
	Countries  []Country
	Cities     []City
	Groups     []string
	FirstNames []string
	Surnames   []string
}

// Validate reports what Data lacks for generation.
func (d *Data) Validate() error {
	switch {
	case len(d.Words) < 50:
		return fmt.Errorf("corpus data: need at least 50 words, have %d", len(d.Words))
	case len(d.Countries) == 0:
		return errors.New("corpus data: no countries")
	case len(d.Cities) == 0:
		return errors.New("corpus data: no cities")
	case len(d.Groups) == 0:
		return errors.New("corpus data: no groups")
	case len(d.FirstNames) == 0 || len(d.Surnames) == 0:
		return errors.New("corpus data: no person names")
	}
	return nil
}

// Files the loader reads, relative to the data directory.
const (
	countriesFile = "countries/countries.json"
	citiesFile    = "cities/cities.tsv"
	ucdpFile      = "groups/ucdp_actors/ucdp-actor-221.csv"
	partiesFile   = "groups/partyfacts/import__elecglob__partyfacts-core-parties.csv"
	maleFile      = "ner/names/census1990/dist.male.first"
	femaleFile    = "ner/names/census1990/dist.female.first"
	surnameFile   = "ner/names/census1990/dist.all.last"
)

// wordSources are token files whose lower-case, outside-entity words make
// up the vocabulary: the CoNLL/IOB files of openly licensed NER corpora.
var wordSources = []string{
	"ner/wikigold/wikigold.conll.txt",
	"ner/uner_en/en_ewt-ud-dev.iob2",
	"ner/uner_en/en_ewt-ud-test.iob2",
	"ner/uner_en/en_pud-ud-test.iob2",
	"ner/sec_filings/FIN5.train.txt",
}

// Limits on what Load keeps, so that the generated corpus stays news-like.
const (
	minCityPopulation = 150000
	maxFirstNames     = 1000
	maxSurnames       = 6000
)

// Load reads the shared data folder (countries, cities, groups, names and
// NER corpora for the vocabulary). It fails naming the missing file when
// the folder is incomplete.
func Load(dir string) (*Data, error) {
	if _, err := os.Stat(filepath.Join(dir, countriesFile)); err != nil {
		return nil, fmt.Errorf("corpus data folder %q lacks %s (pass the shared data folder with --data): %w", dir, countriesFile, err)
	}
	d := &Data{}
	var err error
	if d.Countries, err = loadCountries(filepath.Join(dir, countriesFile)); err != nil {
		return nil, err
	}
	if d.Cities, err = loadCities(filepath.Join(dir, citiesFile)); err != nil {
		return nil, err
	}
	if d.Groups, err = loadGroups(filepath.Join(dir, ucdpFile), filepath.Join(dir, partiesFile)); err != nil {
		return nil, err
	}
	male, err := loadNames(filepath.Join(dir, maleFile), maxFirstNames/2)
	if err != nil {
		return nil, err
	}
	female, err := loadNames(filepath.Join(dir, femaleFile), maxFirstNames/2)
	if err != nil {
		return nil, err
	}
	for i := range max(len(male), len(female)) { // interleave so both stay frequent
		if i < len(male) {
			d.FirstNames = append(d.FirstNames, male[i])
		}
		if i < len(female) {
			d.FirstNames = append(d.FirstNames, female[i])
		}
	}
	if d.Surnames, err = loadNames(filepath.Join(dir, surnameFile), maxSurnames); err != nil {
		return nil, err
	}
	if d.Words, err = loadWords(dir); err != nil {
		return nil, err
	}
	if err := d.Validate(); err != nil {
		return nil, err
	}
	return d, nil
}

func loadCountries(path string) ([]Country, error) {
	raw, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("read countries: %w", err)
	}
	var list []struct {
		Name struct {
			Common string `json:"common"`
		} `json:"name"`
		CCA2         string   `json:"cca2"`
		AltSpellings []string `json:"altSpellings"`
		Independent  bool     `json:"independent"`
		Demonyms     map[string]struct {
			M string `json:"m"`
			F string `json:"f"`
		} `json:"demonyms"`
	}
	if err := json.Unmarshal(raw, &list); err != nil {
		return nil, fmt.Errorf("decode %s: %w", path, err)
	}
	var out []Country
	for _, c := range list {
		if len(c.CCA2) != 2 || c.Name.Common == "" || !c.Independent {
			continue
		}
		cn := Country{Code: c.CCA2, Names: []string{c.Name.Common}}
		for _, alt := range c.AltSpellings {
			// Short codes and long official forms are not how news names a country.
			if len(alt) >= 4 && len(alt) <= 24 && isASCIIText(alt) && !slices.Contains(cn.Names, alt) {
				cn.Names = append(cn.Names, alt)
			}
		}
		if d, ok := c.Demonyms["eng"]; ok && d.M != "" {
			cn.Demonyms = append(cn.Demonyms, d.M)
		}
		out = append(out, cn)
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("no countries in %s", path)
	}
	return out, nil
}

func loadCities(path string) ([]City, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("read cities: %w", err)
	}
	defer f.Close()
	type popCity struct {
		City
		pop int
	}
	var list []popCity
	sc := bufio.NewScanner(f)
	first := true
	for sc.Scan() {
		if first {
			first = false
			continue
		}
		cols := strings.Split(sc.Text(), "\t")
		if len(cols) < 8 {
			continue
		}
		pop, err := strconv.Atoi(cols[7])
		if err != nil || pop < minCityPopulation || !isASCIIText(cols[1]) {
			continue
		}
		list = append(list, popCity{City{Name: cols[1], Country: cols[4]}, pop})
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("read %s: %w", path, err)
	}
	slices.SortStableFunc(list, func(a, b popCity) int { return cmp.Compare(b.pop, a.pop) })
	out := make([]City, len(list))
	for i, c := range list {
		out[i] = c.City
	}
	return out, nil
}

func loadGroups(ucdp, parties string) ([]string, error) {
	var out []string
	seen := map[string]bool{}
	add := func(s string) {
		s = strings.TrimSpace(s)
		if s == "" || len(s) > 60 || !isASCIIText(s) || seen[s] {
			return
		}
		seen[s] = true
		out = append(out, s)
	}
	rows, err := readCSV(ucdp)
	if err != nil {
		return nil, err
	}
	for _, r := range rows {
		if name := r["NameData"]; !strings.HasPrefix(name, "Government of") {
			add(name)
		}
	}
	rows, err = readCSV(parties)
	if err != nil {
		return nil, err
	}
	for _, r := range rows {
		name, _, _ := strings.Cut(r["name_english"], " / ")
		add(name)
	}
	return out, nil
}

func readCSV(path string) ([]map[string]string, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("read groups: %w", err)
	}
	defer f.Close()
	r := csv.NewReader(f)
	r.FieldsPerRecord = -1
	recs, err := r.ReadAll()
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", path, err)
	}
	if len(recs) == 0 {
		return nil, fmt.Errorf("%s is empty", path)
	}
	head := recs[0]
	head[0] = strings.TrimPrefix(head[0], "\ufeff")
	out := make([]map[string]string, 0, len(recs)-1)
	for _, rec := range recs[1:] {
		m := make(map[string]string, len(head))
		for i, h := range head {
			if i < len(rec) {
				m[h] = rec[i]
			}
		}
		out = append(out, m)
	}
	return out, nil
}

// loadNames reads a Census 1990 frequency list (NAME freq cum rank), most
// frequent first, and title-cases the names.
func loadNames(path string, limit int) ([]string, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("read names: %w", err)
	}
	defer f.Close()
	var out []string
	sc := bufio.NewScanner(f)
	for sc.Scan() && len(out) < limit {
		fields := strings.Fields(sc.Text())
		if len(fields) == 0 || len(fields[0]) < 2 {
			continue
		}
		n := strings.ToLower(fields[0])
		out = append(out, strings.ToUpper(n[:1])+n[1:])
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("read %s: %w", path, err)
	}
	return out, nil
}

// loadWords counts the lower-case alphabetic tokens outside entities in the
// NER corpora and returns those seen at least twice, most frequent first.
func loadWords(dir string) ([]string, error) {
	counts := map[string]int{}
	for _, rel := range wordSources {
		if err := countWords(filepath.Join(dir, rel), counts); err != nil {
			if errors.Is(err, fs.ErrNotExist) {
				continue
			}
			return nil, err
		}
	}
	words := make([]string, 0, len(counts))
	for w, c := range counts {
		if c >= 2 {
			words = append(words, w)
		}
	}
	slices.SortFunc(words, func(a, b string) int {
		if c := cmp.Compare(counts[b], counts[a]); c != 0 {
			return c
		}
		return strings.Compare(a, b)
	})
	if len(words) == 0 {
		return nil, fmt.Errorf("no vocabulary found in the NER corpora under %s", dir)
	}
	return words, nil
}

// countWords reads a CoNLL-like token file: one token a line, its tag in the
// last column; comment lines start with '#'.
func countWords(path string, counts map[string]int) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	var r io.Reader = f
	if strings.HasSuffix(path, ".gz") {
		gz, err := gzip.NewReader(f)
		if err != nil {
			return fmt.Errorf("read %s: %w", path, err)
		}
		r = gz
	}
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 64<<10), 1<<20)
	for sc.Scan() {
		line := sc.Text()
		if line == "" || line[0] == '#' {
			continue
		}
		fields := strings.Fields(line)
		if len(fields) < 2 {
			continue
		}
		tok, tag := fields[0], fields[len(fields)-1]
		if len(fields) >= 3 && isNumber(fields[0]) { // IOB2 files: index, token, tag, ...
			tok, tag = fields[1], fields[2]
		}
		if tag != "O" || len(tok) < 2 || len(tok) > 14 || !isLowerWord(tok) {
			continue
		}
		counts[tok]++
	}
	if err := sc.Err(); err != nil {
		return fmt.Errorf("read %s: %w", path, err)
	}
	return nil
}

func isNumber(s string) bool {
	_, err := strconv.Atoi(s)
	return err == nil
}

func isLowerWord(s string) bool {
	for _, r := range s {
		if r < 'a' || r > 'z' {
			return false
		}
	}
	return true
}

func isASCIIText(s string) bool {
	for _, r := range s {
		if r > unicode.MaxASCII || (!unicode.IsLetter(r) && r != ' ' && r != '-' && r != '\'' && r != '.') {
			return false
		}
	}
	return true
}
