package extract

import (
	"strings"
	"testing"
)

func TestCountryTraps(t *testing.T) {
	ex := newTest(t)
	tests := []struct {
		name    string
		text    string
		want    []string // country codes that must be found
		notWant []string // country codes that must not be found
	}{
		{"plain", "Iran and Iraq traded accusations.", []string{"IR", "IQ"}, nil},
		{"demonym", "Iranian officials met Israeli and Emirati envoys.", []string{"IR", "IL", "AE"}, nil},
		{"american", "American officials declined to comment.", []string{"US"}, nil},
		{"us dotted", "The U.S. imposed sanctions.", []string{"US"}, nil},
		{"us plain", "The US imposed sanctions on the UK and the UAE.", []string{"US", "GB", "AE"}, nil},
		{"us pronoun", "Let us go, said the man.", nil, []string{"US"}},
		{"usa", "Made in the USA.", []string{"US"}, nil},
		{"united states", "The United States of America and the United Kingdom.", []string{"US", "GB"}, nil},
		{"drc", "Fighting in the DRC and the Democratic Republic of the Congo.", []string{"CD"}, []string{"CG"}},
		{"islamic republic", "The Islamic Republic rejected the offer.", []string{"IR"}, nil},
		{"capital implies country", "Talks in Damascus resumed.", []string{"SY"}, nil},
		{"tehran", "Tehran denied the report.", []string{"IR"}, nil},
		{"accent", "Officials in Bogotá and Bogota agreed.", []string{"CO"}, nil},
		{"jordan person", "Michael Jordan won six titles. Jordan said he was proud.", nil, []string{"JO"}},
		{"jordan country", "King Abdullah of Jordan met officials in Amman.", []string{"JO"}, nil},
		{"georgia state", "Georgia Gov. Brian Kemp spoke in Atlanta about the recount in Georgia.", []string{"US"}, []string{"GE"}},
		{"georgia country", "Georgia and Russia fought in 2008; Tbilisi accused Moscow.", []string{"GE", "RU"}, nil},
		{"turkey bird", "Families roast a turkey for Thanksgiving. Turkey prices rose.", nil, []string{"TR"}},
		{"turkey country", "Turkey closed its border; Ankara blamed Kurdish militants.", []string{"TR"}, nil},
		{"turkey lower", "They ate turkey sandwiches.", nil, []string{"TR"}},
		{"chad name", "Chad Smith, a drummer, said he was tired.", nil, []string{"TD"}},
		{"chad country", "Chad closed its border with Sudan.", []string{"TD", "SD"}, nil},
		{"niger", "Niger and Nigeria share a border.", []string{"NE", "NG"}, nil},
		{"nigeria only", "Nigeria held elections.", []string{"NG"}, []string{"NE"}},
		{"papua", "Papua New Guinea and Equatorial Guinea are far apart.", []string{"PG", "GQ"}, []string{"GN"}},
		{"guinea-bissau", "Guinea-Bissau held a vote.", []string{"GW"}, []string{"GN"}},
		{"guinea", "Guinea held a vote in Conakry.", []string{"GN"}, nil},
		{"iran air", "An Iran Air flight landed safely.", nil, []string{"IR"}},
		{"bank of england", "The Bank of England raised rates.", nil, []string{"GB"}},
		{"new mexico", "Wildfires spread across New Mexico.", []string{"US"}, []string{"MX"}},
		{"paris texas", "He grew up in Paris, Texas.", []string{"US"}, []string{"FR"}},
		{"paris", "Protests filled the streets of Paris.", []string{"FR"}, nil},
		{"santiago", "Protesters marched in Santiago.", []string{"CL"}, nil},
		{"common word city", "The weather was nice and the reading was mobile.", nil, []string{"FR", "GB", "US"}},
		{"no entities", "nothing happened here at all, it was quiet.", nil, nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			ents := ex.Extract(Input{Body: tc.text, Published: pub})
			got := values(ents, Country)
			for _, w := range tc.want {
				if !has(ents, Country, w) {
					t.Errorf("missing country %s; got %v", w, got)
				}
			}
			for _, w := range tc.notWant {
				if has(ents, Country, w) {
					t.Errorf("unexpected country %s; got %v", w, got)
				}
			}
			if tc.want == nil && tc.notWant == nil && len(ents) > 0 {
				t.Errorf("want no entities, got %+v", ents)
			}
		})
	}
}

func TestPlaces(t *testing.T) {
	ex := newTest(t)
	ents := ex.Extract(Input{Body: "Shelling hit Damascus and Buenos Aires was calm. Residents of Paris, Texas, cheered."})
	want := map[string]string{"Damascus": "SY", "Buenos Aires": "AR", "Paris": "US"}
	for _, e := range ents {
		if e.Type != Place {
			continue
		}
		if c, ok := want[e.Value]; ok {
			if e.Country != c {
				t.Errorf("place %s country = %s, want %s", e.Value, e.Country, c)
			}
			delete(want, e.Value)
		}
	}
	if len(want) > 0 {
		t.Errorf("missing places %v in %+v", want, ents)
	}
}

func TestGroups(t *testing.T) {
	ex := newTest(t)
	tests := []struct {
		text string
		want []string
	}{
		{"The IRGC and the Quds Force answered to Tehran.", []string{"Islamic Revolutionary Guard Corps", "Quds Force"}},
		{"NATO and the U.N. met; the EU and the IAEA too. WHO and OPEC were absent.", []string{"NATO", "United Nations", "European Union", "International Atomic Energy Agency", "World Health Organization", "OPEC"}},
		{"Mossad, the CIA and the FSB were blamed.", []string{"Mossad", "Central Intelligence Agency", "Federal Security Service"}},
		{"Hezbollah and Hamas fired rockets.", []string{"Hezbollah", "Hamas"}},
		{"The Rapid Support Forces (RSF) attacked. The RSF denied it.", []string{"Rapid Support Forces"}},
		{"The Northern Coalition for Water Rights (NCWR) sued. NCWR leaders spoke.", []string{"Northern Coalition for Water Rights"}},
		{"The NCWR (Northern Coalition for Water Rights) sued.", []string{"Northern Coalition for Water Rights"}},
		{"Iran's Foreign Ministry summoned the envoy.", []string{"Ministry of Foreign Affairs (Iran)"}},
		{"The Russian Defence Ministry said so.", []string{"Ministry of Defence (Russia)"}},
		{"The Ministry of Energy and the Bank of England commented.", []string{"Ministry of Energy", "Bank of England"}},
		{"Brazil's Supreme Court ruled. The Supreme Court did not say more.", []string{"Supreme Court of Brazil"}},
		{"The Supreme Court ruled in Washington. The United States appealed.", []string{"Supreme Court of the United States"}},
		// party names that several countries share take the article's country
		{"In Brazil, the Workers' Party won in São Paulo and Rio de Janeiro.", []string{"Workers' Party (Brazil)"}},
		{"Algeria's Workers' Party boycotted the vote in Algiers.", []string{"Workers' Party (Algeria)"}},
		{"Democrats in Washington and the Republican Party clashed over the U.S. budget.", []string{"Democratic Party (United States)", "Republican Party (United States)"}},
		{"Labour leads the Conservatives in Britain, polls in London show.", []string{"Labour Party (UK)", "Conservative Party (UK)"}},
		{"The Taiwan People's Party joined the talks in Taipei.", []string{"Taiwan People's Party"}},
		{"The FDA and the CDC, FIFA, Gavi and the Reserve Bank of India commented.", []string{"Food and Drug Administration", "Centers for Disease Control and Prevention", "FIFA", "Gavi, the Vaccine Alliance", "Reserve Bank of India"}},
		// a country opening a name stays in it unless the rest is a state body
		{"The Sudan Doctors' Committee said 56 people died. The U.S. Treasury imposed sanctions.", []string{"Sudan Doctors' Committee", "United States Department of the Treasury"}},
		{"In Berlin, the Social Democrats (SPD) lost seats. Germany's SPD conceded.", []string{"Social Democratic Party of Germany"}},
		{"The task force, Operation Prosperity Guardian, patrols the Red Sea.", []string{"Operation Prosperity Guardian"}},
		// a legislature written alone belongs to the article's country
		{"Brazil's Congress approved the budget in Brasília.", []string{"National Congress of Brazil"}},
		{"In Washington, Congress passed the bill. The United States acted.", []string{"United States Congress"}},
		{"Britain's Parliament debated the bill in London.", []string{"Parliament of the United Kingdom"}},
		// a firm or team named after its city is not a place
		{"Fans of the Vancouver Canucks cheered in the arena.", []string{"Vancouver Canucks"}},
		// date words and sentence openers are not part of a name
		{"When the Montreal Hockey Club met on Thursday, the Treasury on Thursday declined to comment.", []string{"Montreal Hockey Club"}},
	}
	for _, tc := range tests {
		ents := ex.Extract(Input{Body: tc.text, Published: pub})
		for _, w := range tc.want {
			if !has(ents, Group, w) {
				t.Errorf("%q: missing group %q; got %v", tc.text, w, values(ents, Group))
			}
		}
	}
	// an acronym never defined in brackets joins the group whose initials it spells
	ents := ex.Extract(Input{Body: "The Northern Alliance for Water Rights sued. NAWR members protested outside the court."})
	for _, e := range ents {
		if e.Type == Group && e.Value == "Northern Alliance for Water Rights" && len(e.Mentions) != 2 {
			t.Errorf("NAWR mentions = %+v, want 2", e.Mentions)
		}
	}
	// the acronym mentions join the long form
	ents = ex.Extract(Input{Body: "The Islamic Revolutionary Guard Corps (IRGC) seized a tanker. The IRGC later released it."})
	for _, e := range ents {
		if e.Type == Group && e.Value == "Islamic Revolutionary Guard Corps" && len(e.Mentions) != 3 {
			t.Errorf("IRGC mentions = %+v, want 3", e.Mentions)
		}
	}
}

func TestResolve(t *testing.T) {
	ex := newTest(t)
	for _, s := range []string{"Iran", "IR", "iran", "Iranian", "the Islamic Republic", "IRAN"} {
		if code, label, ok := ex.ResolveCountry(s); !ok || code != "IR" || label != "Iran" {
			t.Errorf("ResolveCountry(%q) = %q, %q, %v", s, code, label, ok)
		}
	}
	for _, s := range []string{"U.S.", "USA", "United States", "American", "us"} {
		if code, _, ok := ex.ResolveCountry(s); !ok || code != "US" {
			t.Errorf("ResolveCountry(%q) = %q, %v", s, code, ok)
		}
	}
	if code, _, ok := ex.ResolveCountry("Côte d'Ivoire"); !ok || code != "CI" {
		t.Errorf("ResolveCountry(Côte d'Ivoire) = %q %v", code, ok)
	}
	if _, _, ok := ex.ResolveCountry("Atlantis"); ok {
		t.Error("ResolveCountry(Atlantis) ok")
	}
	if n, ok := ex.CountryName("IR"); !ok || n != "Iran" {
		t.Errorf("CountryName(IR) = %q %v", n, ok)
	}
	if _, ok := ex.CountryName("ZZ"); ok {
		t.Error("CountryName(ZZ) ok")
	}
	for s, want := range map[string]string{"IRGC": "Islamic Revolutionary Guard Corps", "irgc": "Islamic Revolutionary Guard Corps", "Nato": "NATO", "North Atlantic Treaty Organisation": "NATO", "Pentagon": "United States Department of Defense", "the UN": "United Nations"} {
		if got, ok := ex.ResolveGroup(s); !ok || got != want {
			t.Errorf("ResolveGroup(%q) = %q %v, want %q", s, got, ok, want)
		}
	}
}

func TestFold(t *testing.T) {
	for in, want := range map[string]string{
		"Nicolás  Maduro":  "nicolas maduro",
		"  Côte d’Ivoire ": "cote d'ivoire",
		"ÉMIRATS":          "emirats",
		"Zoë Brønstad":     "zoe bronstad",
		"":                 "",
	} {
		if got := Fold(in); got != want {
			t.Errorf("Fold(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestPersons(t *testing.T) {
	ex := newTest(t)
	tests := []struct {
		text string
		want []string
		not  []string
	}{
		{"President Nicolás Maduro spoke on television. Maduro said the opposition lied.", []string{"Nicolás Maduro"}, []string{"Maduro", "President Nicolás Maduro"}},
		{"Prime Minister Benjamin Netanyahu met Sheikh Tamim bin Hamad Al Thani.", []string{"Benjamin Netanyahu", "Tamim bin Hamad Al Thani"}, nil},
		{"Ayatollah Ali Khamenei warned Washington. Khamenei spoke for an hour.", []string{"Ali Khamenei"}, []string{"Khamenei"}},
		{"Gen. Qassem Soleimani was killed. Dr. Jane Smith and Mr. John Doe commented.", []string{"Qassem Soleimani", "Jane Smith", "John Doe"}, nil},
		{"The train stopped at Bridgton Junction and Sandy Creek before dawn.", nil, []string{"Bridgton Junction", "Sandy Creek"}},
		// regnal names keep their number, popes their title; a title after a title is a title
		{"Pope Francis called for peace. Francis spoke from the Vatican.", []string{"Pope Francis"}, []string{"Francis"}},
		{"King Charles III met Keir Starmer at Buckingham Palace.", []string{"Charles III"}, []string{"Charles"}},
		{"Crown Prince Mohammed bin Salman hosted the talks in Riyadh.", []string{"Mohammed bin Salman"}, []string{"Prince Mohammed bin Salman"}},
		// a well-known person named by surname alone takes the full name,
		// unless the article names someone else of that name
		{"Trump said on Monday that tariffs would rise.", []string{"Donald Trump"}, []string{"Trump"}},
		{"Foreign Minister Abbas Araghchi met envoys. Abbas said talks would go on.", []string{"Abbas Araghchi"}, []string{"Mahmoud Abbas"}},
		{"Eric Trump opened a hotel. Trump said it was full.", []string{"Eric Trump"}, []string{"Donald Trump"}},
		{"Officials named the aide as Edward D.\nFarr and colleagues arrived.", nil, []string{"Edward D.\nFarr"}},
	}
	for _, tc := range tests {
		ents := ex.Extract(Input{Body: tc.text, Published: pub})
		got := values(ents, Person)
		for _, w := range tc.want {
			if !has(ents, Person, w) {
				t.Errorf("%q: missing person %q; got %v", tc.text, w, got)
			}
		}
		for _, w := range tc.not {
			if has(ents, Person, w) {
				t.Errorf("%q: unexpected person %q; got %v", tc.text, w, got)
			}
		}
	}
	// the later surname is a mention of the full name
	ents := ex.Extract(Input{Body: "President Nicolás Maduro spoke. Maduro said no."})
	for _, e := range ents {
		if e.Type == Person && e.Value == "Nicolás Maduro" && len(e.Mentions) != 2 {
			t.Errorf("Maduro mentions = %+v", e.Mentions)
		}
	}
}

func TestMentionsMatchText(t *testing.T) {
	ex := newTest(t)
	in := Input{Title: "Zoë in Tehran: “Iran’s” week", Body: "Élysée officials said Iranian—and Emirati—envoys met in São Paulo on Monday.", Published: pub}
	for _, e := range ex.Extract(in) {
		for _, m := range e.Mentions {
			src := in.Body
			if m.Field == FieldTitle {
				src = in.Title
			}
			r := []rune(src)
			if m.Start < 0 || m.End > len(r) || m.Start >= m.End || string(r[m.Start:m.End]) != m.Text {
				t.Errorf("mention %+v does not match its text", m)
			}
		}
	}
	if !strings.Contains(in.Body, "São Paulo") {
		t.Fatal("bad test")
	}
}

func TestHeadlines(t *testing.T) {
	ex := newTest(t)
	tests := []struct {
		in   Input
		want []string // persons that must have a title mention
	}{
		{Input{Title: "Zelensky Seeks More Air Defences As Russian Drones Pound Kharkiv", Body: "President Volodymyr Zelensky said Ukraine needed more help."}, []string{"Volodymyr Zelensky"}},
		{Input{Title: "NICOLÁS MADURO CLAIMS VICTORY IN VENEZUELA", Body: "Nicolás Maduro said he won."}, []string{"Nicolás Maduro"}},
	}
	for _, tc := range tests {
		ents := ex.Extract(tc.in)
		for _, w := range tc.want {
			ok := false
			for _, e := range ents {
				if e.Type == Person && e.Value == w {
					for _, m := range e.Mentions {
						ok = ok || m.Field == FieldTitle
					}
				}
			}
			if !ok {
				t.Errorf("%q: no title mention of %s in %+v", tc.in.Title, w, ents)
			}
		}
		// no junk organisations or persons from capitalised headline words
		for _, e := range ents {
			if (e.Type == Group || e.Type == Person) && e.Mentions[0].Field == FieldTitle && !has(ents, e.Type, e.Value) {
				t.Errorf("unexpected %s %q", e.Type, e.Value)
			}
		}
		if has(ents, Group, "Air Defences As Russian Drones") {
			t.Error("headline words read as a group")
		}
	}
}

func TestGroupsNotFound(t *testing.T) {
	ex := newTest(t)
	tests := []struct {
		text    string
		notWant string
	}{
		{"Let the talks begin, the envoy said.", "Lashkar-e-Taiba"},
		{"The Treasury on Thursday declined to comment.", "Treasury on Thursday"},
		{"H. G. Wells wrote the novel.", "Conservative Party"},
		{"Britain and Parliament disagreed.", "Britain and Parliament"},
		{"The council's IT department said a review would follow.", "IT"},
		{"British Royal Marines boarded the tanker off Gibraltar.", "British Royal Marines"},
		{"In Berlin, the Social Democrats (SPD) of Germany lost seats; Germany's SPD conceded.", "Social Democrats (Denmark)"},
		{"India's Congress party lost; Congress leaders met in Delhi.", "Congress"},
	}
	for _, tc := range tests {
		ents := ex.Extract(Input{Body: tc.text, Published: pub})
		for _, v := range values(ents, Group) {
			if strings.HasPrefix(v, tc.notWant) {
				t.Errorf("%q: unexpected group %q", tc.text, v)
			}
		}
	}
}

func TestTownsAndRegions(t *testing.T) {
	ex := newTest(t)
	tests := []struct {
		text         string
		place, cc    string
		notWantPlace string
	}{
		{"Protests broke out in Sanandaj after the funeral.", "Sanandaj", "IR", ""},
		{"Russian forces shelled the town of Kramatorsk overnight.", "Kramatorsk", "UA", ""},
		{"Floods hit Sindh on Monday.", "Sindh Province", "PK", ""},
		{"Officials visited Erzin, Hatay on Monday.", "Erzin", "TR", ""},
		// a place the gazetteer lacks, qualified by a known state or country
		{"A gunman opened fire at a school in Smallville, Kansas, on Tuesday.", "Smallville", "US", ""},
		{"Governor Greg Abbott, Texas Gov. since 2015, spoke.", "", "", "Greg Abbott"},
		// a town's name without a cue, or inside a longer name, is no place
		{"Sanandaj Khosravi spoke to reporters.", "", "", "Sanandaj"},
	}
	for _, tc := range tests {
		ents := ex.Extract(Input{Body: tc.text, Published: pub})
		found := false
		for _, e := range ents {
			if e.Type != Place {
				continue
			}
			if e.Value == tc.notWantPlace {
				t.Errorf("%q: unexpected place %q", tc.text, e.Value)
			}
			if e.Value == tc.place {
				found = true
				if e.Country != tc.cc {
					t.Errorf("%q: place %s country = %s, want %s", tc.text, e.Value, e.Country, tc.cc)
				}
			}
		}
		if tc.place != "" && !found {
			t.Errorf("%q: missing place %q; got %v", tc.text, tc.place, values(ents, Place))
		}
	}
}
