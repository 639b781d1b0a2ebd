package corpus

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"math/rand/v2"
	"strings"
	"time"
)

// Article is one generated article in the JSON form searchd ingests.
type Article struct {
	URL         string   `json:"url"`
	Title       string   `json:"title"`
	Body        string   `json:"body"`
	Source      string   `json:"source"`
	Authors     []string `json:"authors"`
	PublishedAt string   `json:"published_at"`
}

// Options configures a Generator. Zero fields take the defaults.
type Options struct {
	Seed     uint64 // articles are a pure function of Seed and their index
	MinWords int    // shortest body in words; default 300
	MaxWords int    // longest body in words; default 900
	Persons  int    // size of the pool of recurring persons; default 20,000
}

// Generator makes deterministic articles. It is safe for concurrent use.
type Generator struct {
	d        *Data
	seed     uint64
	minWords int
	maxWords int
	persons  []string
	// Permutations of the gazetteers: which entries are frequent depends on
	// the seed, not on the order of the source files.
	countries []int
	cities    []int
	groups    []int
}

// sources are fictional publications.
var sources = []string{
	"Example Wire", "The Daily Ledger", "Northern Courier", "Evening Dispatch", "Harbour Times",
	"Capital Observer", "The Morning Record", "Continental Press", "Atlas News Service", "The Gazette Review",
	"Metro Chronicle", "Frontier Post", "The Weekly Sentinel", "Coastal Herald", "Global Report",
	"Riverside Journal", "The Independent Monitor", "Summit Bulletin", "Union Tribune Online", "Plains Examiner",
}

// collocations are fixed news phrases, so that phrase queries match.
var collocations = []string{
	"prime minister", "peace talks", "interest rates", "human rights", "foreign minister",
	"security council", "climate change", "trade deal", "central bank", "election campaign",
	"armed forces", "supreme court", "oil prices", "public health", "state media",
	"opposition leader", "border crossing", "nuclear programme", "economic growth", "police said",
}

var months = []string{"January", "February", "March", "April", "May", "June", "July",
	"August", "September", "October", "November", "December"}

// Epoch and span of publication dates: 30 years.
var (
	epoch = time.Date(1996, 1, 1, 0, 0, 0, 0, time.UTC)
	span  = time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC).Sub(epoch)
)

// New returns a generator over d.
func New(d *Data, opts Options) (*Generator, error) {
	if err := d.Validate(); err != nil {
		return nil, err
	}
	g := &Generator{d: d, seed: opts.Seed, minWords: opts.MinWords, maxWords: opts.MaxWords}
	if g.minWords <= 0 {
		g.minWords = 300
	}
	if g.maxWords <= 0 {
		g.maxWords = 900
	}
	if g.maxWords < g.minWords {
		return nil, fmt.Errorf("corpus: max words %d below min words %d", g.maxWords, g.minWords)
	}
	nPersons := opts.Persons
	if nPersons <= 0 {
		nPersons = 20000
	}
	r := rand.New(rand.NewPCG(opts.Seed, 1<<62))
	g.countries = r.Perm(len(d.Countries))
	g.cities = r.Perm(len(d.Cities))
	g.groups = r.Perm(len(d.Groups))
	first := rand.NewZipf(r, 1.05, 4, uint64(len(d.FirstNames)-1))
	last := rand.NewZipf(r, 1.02, 8, uint64(len(d.Surnames)-1))
	seen := make(map[string]bool, nPersons)
	for tries := 0; len(g.persons) < nPersons && tries < nPersons*20; tries++ {
		p := d.FirstNames[first.Uint64()] + " " + d.Surnames[last.Uint64()]
		if !seen[p] {
			seen[p] = true
			g.persons = append(g.persons, p)
		}
	}
	return g, nil
}

// story is the set of entities an article is about.
type story struct {
	countries []Country
	cities    []City
	groups    []string
	persons   []string
	named     map[string]bool // persons already introduced by full name
}

// Article returns article i; the same seed and index always give the same article.
func (g *Generator) Article(i int) Article {
	r := rand.New(rand.NewPCG(g.seed, uint64(i)))
	words := rand.NewZipf(r, 1.07, 2, uint64(len(g.d.Words)-1))
	pick := func(n int, s float64) int { return int(rand.NewZipf(r, s, 1, uint64(n-1)).Uint64()) }

	st := story{named: map[string]bool{}}
	for range 1 + r.IntN(3) {
		st.countries = append(st.countries, g.d.Countries[g.countries[pick(len(g.countries), 1.3)]])
	}
	for range r.IntN(3) {
		st.cities = append(st.cities, g.d.Cities[g.cities[pick(len(g.cities), 1.2)]])
	}
	for range r.IntN(3) {
		st.groups = append(st.groups, g.d.Groups[g.groups[pick(len(g.groups), 1.2)]])
	}
	for range 1 + r.IntN(3) {
		st.persons = append(st.persons, g.persons[pick(len(g.persons), 1.1)])
	}

	published := epoch.Add(time.Duration(r.Int64N(int64(span/time.Second))) * time.Second)
	target := g.minWords + r.IntN(g.maxWords-g.minWords+1)

	var b strings.Builder
	b.Grow(target * 7)
	n, inPara := 0, 0
	paraLen := 3 + r.IntN(4)
	for n < target {
		sent := make([]string, 0, 24)
		for range 8 + r.IntN(18) {
			sent = append(sent, g.d.Words[words.Uint64()])
		}
		if r.IntN(10) == 0 {
			sent = insert(r, sent, collocations[r.IntN(len(collocations))])
		}
		if r.IntN(100) < 45 {
			sent = insert(r, sent, g.mention(r, &st, published))
		}
		s := strings.Join(sent, " ")
		s = strings.ToUpper(s[:1]) + s[1:] + "."
		if n > 0 {
			if inPara >= paraLen {
				b.WriteString("\n\n")
				inPara, paraLen = 0, 3+r.IntN(4)
			} else {
				b.WriteByte(' ')
			}
		}
		b.WriteString(s)
		n += len(sent)
		inPara++
	}

	var title []string
	lead := st.countries[0].Names[0]
	if r.IntN(2) == 0 {
		lead = surname(st.persons[0])
	}
	title = append(title, lead)
	for range 4 + r.IntN(6) {
		title = append(title, g.d.Words[words.Uint64()])
	}
	t := strings.Join(title, " ")
	t = strings.ToUpper(t[:1]) + t[1:]

	authors := []string{g.persons[r.IntN(len(g.persons))]}
	if r.IntN(4) == 0 {
		authors = append(authors, g.persons[r.IntN(len(g.persons))])
	}
	return Article{
		URL:         fmt.Sprintf("https://news.example.org/%s/%s-%d", published.Format("2006/01"), slug(title[:min(4, len(title))]), i),
		Title:       t,
		Body:        b.String(),
		Source:      sources[pick(len(sources), 1.5)],
		Authors:     authors,
		PublishedAt: published.Format(time.RFC3339),
	}
}

// mention renders one entity mention of the story, or a date.
func (g *Generator) mention(r *rand.Rand, st *story, published time.Time) string {
	switch k := r.IntN(10); {
	case k < 4:
		c := st.countries[r.IntN(len(st.countries))]
		switch r.IntN(5) {
		case 0, 1:
			return "in " + c.Names[0]
		case 2:
			if len(c.Demonyms) > 0 {
				return c.Demonyms[0] + " officials"
			}
			return "the government of " + c.Names[0]
		case 3:
			return "the government of " + c.Names[r.IntN(len(c.Names))]
		default:
			return "from " + c.Names[r.IntN(len(c.Names))]
		}
	case k < 5 && len(st.cities) > 0:
		return "in " + st.cities[r.IntN(len(st.cities))].Name
	case k < 7 && len(st.groups) > 0:
		grp := st.groups[r.IntN(len(st.groups))]
		if r.IntN(2) == 0 {
			return "members of the " + grp
		}
		return "the " + grp + " said"
	case k < 9:
		p := st.persons[r.IntN(len(st.persons))]
		name := p
		if st.named[p] && r.IntN(2) == 0 {
			name = surname(p)
		}
		st.named[p] = true
		if r.IntN(2) == 0 {
			return "said " + name
		}
		return name + " told reporters"
	default:
		switch r.IntN(3) {
		case 0:
			d := published.AddDate(0, 0, -r.IntN(400))
			return fmt.Sprintf("on %s %d, %d", months[d.Month()-1], d.Day(), d.Year())
		case 1:
			d := published.AddDate(0, -r.IntN(36), 0)
			return fmt.Sprintf("in %s %d", months[d.Month()-1], d.Year())
		default:
			return "last year"
		}
	}
}

func insert(r *rand.Rand, sent []string, phrase string) []string {
	at := r.IntN(len(sent) + 1)
	sent = append(sent, "")
	copy(sent[at+1:], sent[at:])
	sent[at] = phrase
	return sent
}

func surname(person string) string {
	if i := strings.LastIndexByte(person, ' '); i >= 0 {
		return person[i+1:]
	}
	return person
}

func slug(words []string) string {
	var b strings.Builder
	for i, w := range words {
		if i > 0 {
			b.WriteByte('-')
		}
		for _, r := range strings.ToLower(w) {
			if r >= 'a' && r <= 'z' || r >= '0' && r <= '9' {
				b.WriteRune(r)
			}
		}
	}
	return b.String()
}

// Stats counts what WriteNDJSON wrote.
type Stats struct {
	Articles  int   `json:"articles"`
	Bytes     int64 `json:"bytes"`      // NDJSON bytes
	TextBytes int64 `json:"text_bytes"` // title and body bytes
	Words     int64 `json:"words"`      // body words
}

// chunkSize is how many articles a worker generates at a time.
const chunkSize = 256

// WriteNDJSON writes articles 0..n-1 to w, one JSON object a line, in
// order, generating them on workers goroutines (at least one).
func (g *Generator) WriteNDJSON(ctx context.Context, w io.Writer, n, workers int) (Stats, error) {
	workers = max(workers, 1)
	type chunk struct {
		start, end int
		out        chan chunkOut
	}
	jobs := make(chan chunk)
	order := make(chan chunk, 2*workers)
	done := make(chan struct{})
	defer close(done)
	go func() {
		defer close(jobs)
		defer close(order)
		for start := 0; start < n; start += chunkSize {
			c := chunk{start: start, end: min(start+chunkSize, n), out: make(chan chunkOut, 1)}
			select {
			case order <- c:
			case <-done:
				return
			}
			select {
			case jobs <- c:
			case <-done:
				return
			}
		}
	}()
	for range workers {
		go func() {
			for c := range jobs {
				var out chunkOut
				for i := c.start; i < c.end; i++ {
					a := g.Article(i)
					line, err := json.Marshal(a)
					if err != nil {
						out.err = fmt.Errorf("encode article %d: %w", i, err)
						break
					}
					out.buf = append(append(out.buf, line...), '\n')
					out.text += int64(len(a.Title) + len(a.Body))
					out.words += int64(len(strings.Fields(a.Body)))
				}
				c.out <- out
			}
		}()
	}
	bw := bufio.NewWriterSize(w, 1<<20)
	var st Stats
	for c := range order {
		if err := ctx.Err(); err != nil {
			return st, err
		}
		out := <-c.out
		if out.err != nil {
			return st, out.err
		}
		if _, err := bw.Write(out.buf); err != nil {
			return st, fmt.Errorf("write corpus: %w", err)
		}
		st.Articles += c.end - c.start
		st.Bytes += int64(len(out.buf))
		st.TextBytes += out.text
		st.Words += out.words
	}
	if err := bw.Flush(); err != nil {
		return st, fmt.Errorf("write corpus: %w", err)
	}
	return st, nil
}

type chunkOut struct {
	buf   []byte
	text  int64
	words int64
	err   error
}

// Collocations returns the fixed news phrases the generator writes, which
// phrase queries can look for.
func Collocations() []string { return append([]string(nil), collocations...) }
