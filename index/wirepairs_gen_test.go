package index

// The generator of testdata/wire/pairs.jsonl, the built pairs the
// wire-copy threshold is measured on (go test ./index -run TestWirePairs
// -update-wire rewrites it). Deterministic: a fixed seed.
//
// Copies are made from the articles written for this project
// (testdata/articles, testdata/heldout) and from event reports generated
// here, the way outlets edit an agency story: 1-3 sentences changed (a
// few words swapped, a clause cut, the sentence rewritten or dropped), a
// new headline, a paragraph added, a local intro, the end trimmed.
// Different stories are two agencies' own reports of one event (the same
// facts, place, toll and often the same quoted statement, in each
// agency's words), follow-ups that reuse two background sentences of the
// first story, unrelated stories sharing an outlet's boilerplate footer,
// and unrelated stories.

import (
	"encoding/json"
	"flag"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"regexp"
	"strings"
)

var updateWire = flag.Bool("update-wire", false, "rewrite testdata/wire/pairs.jsonl")

// wireText is one side of a built pair.
type wireText struct {
	Title  string `json:"title"`
	Body   string `json:"body"`
	Source string `json:"source"`
}

// wirePair is a built pair: Same says whether the two are copies of one story.
type wirePair struct {
	ID   string   `json:"id"`
	Kind string   `json:"kind"`
	Same bool     `json:"same"`
	A    wireText `json:"a"`
	B    wireText `json:"b"`
}

const wirePairsFile = "../testdata/wire/pairs.jsonl"

// loadBaseArticles reads the project's own articles.
func loadBaseArticles() ([]wireText, error) {
	var out []wireText
	files, err := filepath.Glob("../testdata/articles/*.json")
	if err != nil {
		return nil, err
	}
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			return nil, err
		}
		var a wireText
		if err := json.Unmarshal(data, &a); err != nil {
			return nil, fmt.Errorf("%s: %w", f, err)
		}
		out = append(out, a)
	}
	data, err := os.ReadFile("../testdata/heldout/articles.jsonl")
	if err != nil {
		return nil, err
	}
	for _, line := range strings.Split(strings.TrimSpace(string(data)), "\n") {
		var a wireText
		if err := json.Unmarshal([]byte(line), &a); err != nil {
			return nil, err
		}
		a.Source = "Heldout Wire"
		out = append(out, a)
	}
	return out, nil
}

var sentenceEnd = regexp.MustCompile(`([.!?]["”]?) +([A-Z"“])`)

// paragraphs splits a body into paragraphs of sentences.
func paragraphs(body string) [][]string {
	var out [][]string
	for _, p := range strings.Split(body, "\n\n") {
		p = strings.TrimSpace(p)
		if p == "" {
			continue
		}
		marked := sentenceEnd.ReplaceAllString(p, "$1\x00$2")
		out = append(out, strings.Split(marked, "\x00"))
	}
	return out
}

func joinParagraphs(ps [][]string) string {
	var parts []string
	for _, p := range ps {
		if len(p) > 0 {
			parts = append(parts, strings.Join(p, " "))
		}
	}
	return strings.Join(parts, "\n\n")
}

func cloneParagraphs(ps [][]string) [][]string {
	out := make([][]string, len(ps))
	for i, p := range ps {
		out[i] = append([]string(nil), p...)
	}
	return out
}

// wordSwaps are a copy editor's small changes.
var wordSwaps = [][2]string{
	{" said ", " told reporters "}, {" on Tuesday", " on Tuesday evening"}, {" killed ", " left dead "},
	{" about ", " around "}, {" percent", " per cent"}, {" officials ", " authorities "}, {" more than ", " over "},
	{" announced ", " said "}, {" would ", " will "}, {" government ", " administration "},
	{" people", " residents"}, {" also ", " "}, {" however", ""}, {" the country", " the nation"},
	{" on Monday", " earlier this week"}, {" capital", " city"}, {" added", " said"},
}

// rewrites replace a whole sentence of a copy.
var rewrites = []string{
	"Officials gave no further details.",
	"The ministry did not respond to a request for comment.",
	"It was not immediately clear how many people had been affected.",
	"Local media carried similar accounts throughout the day.",
	"Further details were expected later in the week.",
	"Our correspondent said the situation remained tense.",
	"The figures could not be independently verified.",
	"Markets reacted cautiously to the news.",
}

var localParagraphs = []string{
	"In Manchester, members of the local community said they were watching events closely and had organised a vigil for Saturday. Councillor Ruth Ellery said the city stood ready to help families with relatives in the region.",
	"Business owners in Rotterdam's port district said shipping schedules had already been disrupted. A spokesman for the Port Authority said it was too early to estimate losses for the Dutch economy.",
	"Students at the University of Toronto held a small gathering on campus on Wednesday evening. Organisers said they hoped to raise money for relief efforts over the coming weeks.",
	"Lawmakers in Canberra called for an urgent briefing from the foreign ministry. Opposition senator Mark Delaney said Australians in the region should register with the embassy.",
	"The story was first reported by our partner agency. Readers can follow updates on our website throughout the day.",
	"Analysts in Singapore said the development could weigh on regional markets. \"Investors will want clarity before they commit,\" said Chen Wei Lin of Harbourfront Capital.",
}

var localIntros = []string{
	"CHICAGO — Families in Chicago's large diaspora community spent the day trying to reach relatives after the news broke.",
	"DUBLIN — Irish aid groups said on Wednesday they were preparing to send help as details of the events emerged.",
	"AUCKLAND — New Zealand's foreign minister said the government was following developments closely.",
	"NAIROBI — The news dominated conversations in Nairobi, where the story led every evening bulletin.",
	"LYON — For the small community of expatriates in Lyon, the reports were a source of deep anxiety.",
}

var boilerplate = "Copyright 2024 Meridian Press. All rights reserved. This material may not be published, broadcast, rewritten or redistributed without permission. Reporting by our staff; editing by the news desk."

// changeSentences changes n sentences of a copy, never the first.
func changeSentences(r *rand.Rand, ps [][]string, n int) [][]string {
	ps = cloneParagraphs(ps)
	type at struct{ p, s int }
	var spots []at
	for i, p := range ps {
		for j := range p {
			if i > 0 || j > 0 {
				spots = append(spots, at{i, j})
			}
		}
	}
	r.Shuffle(len(spots), func(i, j int) { spots[i], spots[j] = spots[j], spots[i] })
	for _, sp := range spots[:min(n, len(spots))] {
		s := ps[sp.p][sp.s]
		switch r.IntN(4) {
		case 0: // rewritten
			s = rewrites[r.IntN(len(rewrites))]
		case 1: // dropped
			s = ""
		case 2: // a clause cut
			if i := strings.Index(s, ", "); i > 10 {
				s = s[:i] + "."
			} else {
				s = rewrites[r.IntN(len(rewrites))]
			}
		default: // words swapped
			changed := false
			for _, k := range r.Perm(len(wordSwaps)) {
				if sw := wordSwaps[k]; strings.Contains(s, sw[0]) {
					s = strings.Replace(s, sw[0], sw[1], 1)
					changed = true
				}
			}
			if !changed {
				s = strings.TrimSuffix(s, ".") + ", the report said."
			}
		}
		ps[sp.p][sp.s] = s
	}
	for i, p := range ps {
		ps[i] = slicesDeleteEmpty(p)
	}
	return ps
}

func slicesDeleteEmpty(p []string) []string {
	out := p[:0]
	for _, s := range p {
		if s != "" {
			out = append(out, s)
		}
	}
	return out
}

var copyEdits = []struct {
	kind string
	edit func(r *rand.Rand, a wireText) wireText
}{
	{"one-sentence-changed", func(r *rand.Rand, a wireText) wireText {
		a.Body = joinParagraphs(changeSentences(r, paragraphs(a.Body), 1))
		return a
	}},
	{"two-sentences-changed", func(r *rand.Rand, a wireText) wireText {
		a.Body = joinParagraphs(changeSentences(r, paragraphs(a.Body), 2))
		return a
	}},
	{"three-sentences-changed", func(r *rand.Rand, a wireText) wireText {
		a.Body = joinParagraphs(changeSentences(r, paragraphs(a.Body), 3))
		return a
	}},
	{"new-headline-two-changed", func(r *rand.Rand, a wireText) wireText {
		a.Title = "UPDATE 2: " + strings.ToUpper(a.Title[:1]) + a.Title[1:] + ", officials say"
		a.Body = joinParagraphs(changeSentences(r, paragraphs(a.Body), 2))
		return a
	}},
	{"paragraph-added", func(r *rand.Rand, a wireText) wireText {
		ps := paragraphs(a.Body)
		at := 1 + r.IntN(len(ps))
		add := paragraphs(localParagraphs[r.IntN(len(localParagraphs))])
		ps = append(ps[:at], append(add, ps[at:]...)...)
		a.Body = joinParagraphs(ps)
		return a
	}},
	{"local-intro", func(r *rand.Rand, a wireText) wireText {
		ps := paragraphs(a.Body)
		// The agency's dateline goes: the intro carries the outlet's own.
		if i := strings.Index(ps[0][0], " — "); i > 0 && i < 40 {
			ps[0][0] = ps[0][0][i+len(" — "):]
		}
		intro := paragraphs(localIntros[r.IntN(len(localIntros))])
		a.Body = joinParagraphs(append(intro, ps...))
		a.Title = "Local reaction: " + a.Title
		return a
	}},
	{"local-intro-three-changed", func(r *rand.Rand, a wireText) wireText {
		ps := changeSentences(r, paragraphs(a.Body), 3)
		intro := paragraphs(localIntros[r.IntN(len(localIntros))])
		a.Body = joinParagraphs(append(intro, ps...))
		return a
	}},
	{"trimmed-one-changed", func(r *rand.Rand, a wireText) wireText {
		ps := changeSentences(r, paragraphs(a.Body), 1)
		if len(ps) > 3 {
			ps = ps[:len(ps)-1]
		}
		a.Body = joinParagraphs(ps)
		return a
	}},
	{"paragraph-added-two-changed", func(r *rand.Rand, a wireText) wireText {
		ps := changeSentences(r, paragraphs(a.Body), 2)
		ps = append(ps, paragraphs(localParagraphs[r.IntN(len(localParagraphs))])...)
		a.Body = joinParagraphs(ps)
		return a
	}},
}

// event is the facts of one attack that two agencies report in their own words.
type event struct {
	city, country, day, target, killed, injured, official, office, group, quote string
}

var (
	eventCities = [][2]string{{"Kabul", "Afghanistan"}, {"Mogadishu", "Somalia"}, {"Peshawar", "Pakistan"},
		{"Maiduguri", "Nigeria"}, {"Baghdad", "Iraq"}, {"Quetta", "Pakistan"}, {"Bamako", "Mali"},
		{"Ouagadougou", "Burkina Faso"}, {"Kirkuk", "Iraq"}, {"Goma", "Congo"}, {"Aden", "Yemen"}, {"Jalalabad", "Afghanistan"}}
	eventDays    = []string{"Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"}
	eventTargets = []string{"a crowded market", "a police checkpoint", "a wedding hall", "a bus station",
		"a mosque during Friday prayers", "a hotel used by officials", "an army base", "a polling station"}
	eventOfficials = [][2]string{{"Ahmad Wali Sherzad", "interior ministry spokesman"}, {"Col. Ibrahim Musa", "regional police chief"},
		{"Fatima Hassan Nur", "the provincial governor"}, {"Maj. Gen. Adil Qadri", "the army spokesman"},
		{"Yusuf Danjuma", "the state emergency agency's director"}}
	eventGroups = []string{"Islamic State", "al-Shabaab", "the Pakistani Taliban", "Boko Haram", "an al-Qaeda affiliate", "no group"}
	eventQuotes = []string{
		"This cowardly act will not break the will of our people",
		"The attackers wanted to kill as many civilians as possible",
		"We are still pulling bodies from the rubble and the toll may rise",
		"Security forces have sealed off the area and an investigation is under way",
	}
)

// agencyA and agencyB write an event their own way: each sentence role
// has variants, none sharing a run of words with the other agency's
// beyond the facts and the quoted statement.
func agencyA(r *rand.Rand, e event) wireText {
	lead := []string{
		fmt.Sprintf("%s — A suicide bomber struck %s in %s on %s, killing at least %s people and wounding %s, officials said.", strings.ToUpper(e.city), e.target, e.city, e.day, e.killed, e.injured),
		fmt.Sprintf("%s — At least %s people were killed and %s hurt on %s when an explosion ripped through %s in the %s city of %s.", strings.ToUpper(e.city), e.killed, e.injured, e.day, e.target, e.country, e.city),
	}
	body := [][]string{
		{lead[r.IntN(2)]},
		{fmt.Sprintf("%s, %s, told reporters at the scene: \"%s.\"", e.official, e.office, e.quote),
			"Ambulances ferried the wounded to two hospitals, where doctors appealed for blood donations."},
		{fmt.Sprintf("No one immediately said they carried out the bombing, though %s has staged similar attacks in %s before.", groupOr(e.group), e.country),
			"Witnesses described a deafening blast followed by panic as people fled in every direction."},
		{fmt.Sprintf("The attack was the deadliest in %s since the start of the year, according to a tally kept by this agency.", e.city),
			"Foreign governments and the United Nations condemned the violence."},
	}
	return wireText{Title: fmt.Sprintf("Bomb kills %s at %s in %s", e.killed, strings.TrimPrefix(strings.TrimPrefix(e.target, "a "), "an "), e.city),
		Body: joinParagraphs(body), Source: "Meridian Press"}
}

func agencyB(r *rand.Rand, e event, shareQuote bool) wireText {
	lead := []string{
		fmt.Sprintf("%s (Northline) - The death toll from %s's blast at %s in %s climbed to %s, with %s others injured, %s said.", strings.ToUpper(e.city), e.day, e.target, e.city, e.killed, e.injured, e.office),
		fmt.Sprintf("%s (Northline) - Rescue workers searched through debris in %s after a bombing at %s on %s left %s dead and %s wounded.", strings.ToUpper(e.city), e.city, e.target, e.day, e.killed, e.injured),
	}
	quote := fmt.Sprintf("\"%s,\" %s said in a statement.", e.quote, e.official)
	if !shareQuote {
		quote = fmt.Sprintf("%s said the blast had been caused by explosives hidden in a parked vehicle.", e.official)
	}
	body := [][]string{
		{lead[r.IntN(2)]},
		{quote, fmt.Sprintf("Television footage showed twisted metal and burnt-out cars outside %s.", e.target)},
		{fmt.Sprintf("Security analysts pointed to %s, which has been weakened but remains active in parts of %s.", groupOr(e.group), e.country),
			"Hospitals in the city were overwhelmed, a health ministry official told Northline by telephone."},
		{"Residents said security had been tightened in recent weeks after threats against the area.",
			fmt.Sprintf("The government declared three days of national mourning in %s.", e.country)},
	}
	return wireText{Title: fmt.Sprintf("%s death toll rises to %s after attack", e.city, e.killed), Body: joinParagraphs(body), Source: "Northline"}
}

func groupOr(g string) string {
	if g == "no group" {
		return "an insurgent group"
	}
	return g
}

func randomEvent(r *rand.Rand) event {
	c := eventCities[r.IntN(len(eventCities))]
	o := eventOfficials[r.IntN(len(eventOfficials))]
	return event{city: c[0], country: c[1], day: eventDays[r.IntN(len(eventDays))],
		target: eventTargets[r.IntN(len(eventTargets))], killed: fmt.Sprint(5 + r.IntN(60)), injured: fmt.Sprint(10 + r.IntN(150)),
		official: o[0], office: o[1], group: eventGroups[r.IntN(len(eventGroups))], quote: eventQuotes[r.IntN(len(eventQuotes))]}
}

// followUp is the next day's story on the same event: its own news, with
// two background sentences of the first story reused.
func followUp(r *rand.Rand, a wireText) wireText {
	ps := paragraphs(a.Body)
	var all []string
	for _, p := range ps[1:] {
		all = append(all, p...)
	}
	r.Shuffle(len(all), func(i, j int) { all[i], all[j] = all[j], all[i] })
	background := all[:min(2, len(all))]
	news := [][]string{
		{"Investigators said on Thursday they had questioned several people and were examining new evidence, a day after the events that drew condemnation from around the world.",
			"Prosecutors declined to say whether charges were imminent."},
		{"Opposition leaders demanded a parliamentary inquiry and accused the authorities of ignoring repeated warnings."},
		background,
		{"A memorial service is planned for the weekend, and the government said it would publish a full account within a month."},
	}
	return wireText{Title: "Day after: questions mount over " + strings.ToLower(a.Title[:1]) + a.Title[1:], Body: joinParagraphs(news), Source: "The Evening Courier"}
}

// buildWirePairs makes every pair of the file.
func buildWirePairs() ([]wirePair, error) {
	bases, err := loadBaseArticles()
	if err != nil {
		return nil, err
	}
	r := rand.New(rand.NewPCG(17, 2))
	var out []wirePair
	add := func(kind string, same bool, a, b wireText) {
		out = append(out, wirePair{ID: fmt.Sprintf("p%03d", len(out)+1), Kind: kind, Same: same, A: a, B: b})
	}
	// Copies of the project's articles: three edits each, in turn.
	for i, base := range bases {
		for k := range 3 {
			e := copyEdits[(3*i+k)%len(copyEdits)]
			c := e.edit(r, base)
			c.Source = "Copy Outlet " + fmt.Sprint(k+1)
			add(e.kind, true, base, c)
		}
	}
	// Two agencies on one event, and copies of one agency's report.
	for i := range 70 {
		ev := randomEvent(r)
		a, b := agencyA(r, ev), agencyB(r, ev, i%2 == 0)
		add("same-event-two-agencies", false, a, b)
		if i%3 == 0 {
			e := copyEdits[i%len(copyEdits)]
			add("agency-report-"+e.kind, true, b, e.edit(r, b))
		}
	}
	// Follow-ups reusing background sentences.
	for i := 0; i < len(bases); i += 2 {
		add("follow-up-reuses-background", false, bases[i], followUp(r, bases[i]))
	}
	// Unrelated stories with the same boilerplate footer, and unrelated stories.
	for i := range 25 {
		a, b := bases[r.IntN(len(bases))], bases[r.IntN(len(bases))]
		if a.Title == b.Title {
			b = bases[(i+7)%len(bases)]
		}
		a.Body += "\n\n" + boilerplate
		b.Body += "\n\n" + boilerplate
		add("different-stories-shared-footer", false, a, b)
	}
	for i := range 25 {
		a, b := bases[i%len(bases)], bases[(i*5+3)%len(bases)]
		if a.Title == b.Title {
			continue
		}
		add("different-stories", false, a, b)
	}
	return out, nil
}
