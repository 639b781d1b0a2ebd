package extract

import (
	"context"
	"slices"
	"strings"
	"testing"
)

// aboutOf returns the codes of the countries Extract says the article is
// about, strongest first.
func aboutOf(t *testing.T, title, body string) []string {
	t.Helper()
	var out []string
	for _, en := range newTest(t).Extract(Input{Title: title, Body: body, Published: pub}) {
		if en.Type == AboutCountry {
			out = append(out, en.Value)
		}
	}
	return out
}

// TestAboutCountry reads short articles written for this test: the
// countries each is about, in order of strength (nil: about none).
func TestAboutCountry(t *testing.T) {
	for _, c := range []struct {
		name, title, body string
		want              []string
	}{
		{"dateline and repeats", "Floods kill dozens after record rainfall",
			"LAGOS, July 8 — Floods swept through low-lying districts of Lagos on Sunday, killing at least 35 people, Nigeria's emergency agency said.\n\nNigerian forecasters warned of more rain.",
			[]string{"NG"}},
		{"agency dateline", "Drones strike the capital overnight",
			"KYIV (AP) — Drones hit the capital overnight, knocking out power to parts of the city, officials said.\n\nUkraine's air force said it shot down most of them.",
			[]string{"UA"}},
		{"passing mentions in a list", "Coffee jumps on frost fears in Brazil",
			"Arabica futures jumped 6% on Thursday after forecasters warned of frost in Minas Gerais, Brazil's largest growing region.\n\nBrazil grows a third of the world's coffee. Prices in Vietnam, Colombia and Ethiopia also rose.",
			[]string{"BR"}},
		{"metonymy alone", "Tehran denies supplying drones",
			"Tehran on Monday denied supplying drones to militias, while Washington said it would respond. Tehran has long denied arming the groups, and Washington has long blamed it for their attacks.",
			[]string{"IR", "US"}},
		{"a state body for its state", "Talks on a summit continue, the Kremlin says",
			"The Kremlin said on Friday that no date had been set for a summit. Kremlin spokesman Dmitry Peskov said contacts were continuing.",
			[]string{"RU"}},
		{"a meeting's venue is no focus", "Armenia and Azerbaijan resume peace talks",
			"Armenia and Azerbaijan resumed peace talks in Geneva on Monday. Armenian and Azerbaijani ministers met for five hours, and Armenia said a treaty was close. Azerbaijan agreed.",
			[]string{"AM", "AZ"}},
		{"where the parties meet", "Ukraine and Russia meet in Istanbul for prisoner talks",
			"Ukrainian and Russian delegations met in Istanbul on Friday and agreed to swap 1,000 prisoners each. Ukraine said the talks were short; Russia said they would continue.",
			[]string{"UA", "RU"}},
		{"named after a place", "Peace process in Colombia stalls",
			"The peace process in Colombia stalled on Monday, the government said, as rebels rejected terms modelled on the Oslo Accords. Colombia's president said talks would resume.",
			[]string{"CO"}},
		{"a city and its country are one reference", "Billionaires' fortunes doubled, charity says",
			"The five richest men have doubled their fortunes since 2020, a charity said on Monday as business leaders gathered in Davos, Switzerland.\n\nIt called for new taxes on wealth.",
			nil},
		{"a wire hub's dateline", "Rebels fire missiles at a cargo ship",
			"DUBAI — Yemen's Houthi movement said on Monday it had fired missiles at a cargo ship in the Red Sea.\n\nThe Houthis, who control Yemen's capital Sanaa, say they target ships linked to the war.",
			[]string{"YE"}},
		{"no focus", "Global temperatures set a record",
			"The world's average temperature set a record for the twelfth month in a row.\n\nHeatwaves hit India, Mexico and Pakistan, while floods struck Brazil and Kenya.",
			nil},
		{"a country only the body names, and not often", "Health agency declares a pandemic",
			"GENEVA — The World Health Organization declared a pandemic on Wednesday, as cases rose in Europe, Brazil and the United States.\n\nMore than 100 countries have reported cases. In Washington, the Federal Reserve is under pressure to cut rates.",
			nil},
		{"a byline before the dateline", "Police fire tear gas at protesters",
			"By Maria Lopez\nNAIROBI (Reuters) - Police fired tear gas on Tuesday as protesters marched on parliament.\n\nThe United States called for restraint. Kenya's president said the protests had been hijacked.",
			[]string{"KE"}},
		{"any past tense after a capital is the state acting", "Retaliation over tariffs",
			"Beijing retaliated on Friday with tariffs on soybeans, a week after Washington imposed duties on steel.",
			[]string{"CN", "US"}},
		{"bilateral", "Canada expels Indian diplomats",
			"OTTAWA — Canada expelled six Indian diplomats on Monday, and New Delhi responded by expelling six Canadians. India's foreign ministry called the accusation preposterous. Canada said it had evidence.",
			[]string{"CA", "IN"}},
	} {
		t.Run(c.name, func(t *testing.T) {
			got := aboutOf(t, c.title, c.body)
			if !slices.Equal(got, c.want) {
				t.Errorf("about %v, want %v", got, c.want)
			}
		})
	}
}

// TestAboutEntities: an about-country carries the country's label and the
// mentions that count for it, dateline and capital included.
func TestAboutEntities(t *testing.T) {
	ents := newTest(t).Extract(Input{
		Title: "Tehran denies sending drones",
		Body:  "TEHRAN (Reuters) - Iran denied on Monday that it had sent drones to Russia.",
	})
	var about []Entity
	for _, en := range ents {
		if en.Type == AboutCountry {
			about = append(about, en)
		}
	}
	if len(about) != 1 || about[0].Value != "IR" || about[0].Label != "Iran" {
		t.Fatalf("about = %+v", about)
	}
	var texts []string
	for _, m := range about[0].Mentions {
		texts = append(texts, string(m.Field)+":"+m.Text)
	}
	if got := strings.Join(texts, " "); got != "title:Tehran body:TEHRAN body:Iran" {
		t.Errorf("mentions = %s", got)
	}
	if ents[len(ents)-1].Type != AboutCountry {
		t.Error("the about-countries do not come last")
	}
}

// aboutDoc tokenizes an article for the tests of the evidence readers.
func aboutDoc(t *testing.T, title, body string) *doc {
	t.Helper()
	d, _, err := newTest(t).extract(context.Background(), Input{Title: title, Body: body})
	if err != nil {
		t.Fatal(err)
	}
	return d
}

func TestCapitalActs(t *testing.T) {
	for _, c := range []struct {
		body string
		want bool
	}{
		{"Tehran denied the report.", true},
		{"Moscow retaliated within hours.", true},
		{"Beijing's response was muted.", true},
		{"Washington has warned of sanctions.", true},
		{"Officials in Tehran denied the report.", false}, // a place
		{"Tehran residents queued for fuel.", false},
		{"Lagos said nothing.", false}, // no capital
	} {
		d := aboutDoc(t, "", c.body)
		got := false
		for _, k := range d.resolve() {
			if k.typ == Place && d.capitalActs(&k) {
				got = true
			}
		}
		if got != c.want {
			t.Errorf("%q: a capital acting %v, want %v", c.body, got, c.want)
		}
	}
}

func TestDatelineEnd(t *testing.T) {
	for _, c := range []struct {
		body string
		want string // the first words after the dateline, "" for none
	}{
		{"BRASILIA, March 3 (Reuters) - The central bank held rates.", "The"},
		{"KYIV (AP) — Russian drones hit the city.", "Russian"},
		{"SAN JUAN, Puerto Rico (AP) — Power returned.", "Power"},
		{"WASHINGTON — The Fed held rates.", "The"},
		{"RIO DE JANEIRO — Argentina beat Brazil.", "Argentina"},
		{"LONDON, 3 March 2024 - Shares fell.", "Shares"},
		{"The Fed held rates - for now.", ""},
		{"Brazil beat Argentina — and the crowd rioted.", ""},
		{"PARIS\n\nA new paragraph - not a dateline.", ""},
		{"By Jane Doe | Reuters\nMarch 3, 2024\nLAGOS (Reuters) - Floods swept the city.", "Floods"},
		{"By Jane Doe\nThe Fed held rates - for now, it said.", ""},
	} {
		d := aboutDoc(t, "", c.body)
		got := ""
		start := d.storyStart()
		if k := d.datelineEnd(start); k > start && k < len(d.fields[1].toks) {
			got = d.fields[1].toks[k].text
		}
		if got != c.want {
			t.Errorf("%q: after the dateline %q, want %q", c.body, got, c.want)
		}
	}
}

func TestBodyCountry(t *testing.T) {
	d := aboutDoc(t, "", "x")
	for name, want := range map[string]string{
		"Ministry of Foreign Affairs (Iran)":  "IR",
		"Bank of Japan":                       "JP",
		"United States Department of Defense": "US",
		"Sudanese Armed Forces":               "SD",
		"Kremlin":                             "RU",
		"Knesset":                             "IL",
		"Reuters":                             "",
		"United Nations":                      "",
	} {
		if got := d.bodyCountry(name); got != want {
			t.Errorf("bodyCountry(%q) = %q, want %q", name, got, want)
		}
	}
}
