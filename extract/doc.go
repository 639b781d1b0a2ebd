// Package extract finds the persons, countries, groups, places and dates
// that a news article mentions, and gives each a canonical value for faceting.
//
// The package depends only on the standard library and golang.org/x/text; it
// never imports the index or the HTTP layer.
//
// # How it reads an article
//
// New loads, once, the gazetteers and the tagger model embedded from
// data/ (see data/NOTES.md for sources and licences). Extract then tokenizes
// the title and the body (offsets in Unicode code points) and collects
// candidate mentions from:
//
//   - the gazetteers, matched longest-first on folded tokens (see Fold):
//     countries with their names, aliases and demonyms ("the U.S.",
//     "Iranian"), cities and regions (a city also counts as a mention of its
//     country), and groups with aliases and acronyms. Acronyms match only
//     when written in capitals; other names must be capitalised as listed.
//     Small towns are read only where the words around them say they are
//     places ("in Sanandaj", "the town of Erzin", "Erzin, Hatay");
//   - a greedy averaged-perceptron BIO tagger (PER/ORG/LOC/MISC) for
//     persons, and for organisations and places the gazetteers lack;
//   - rules: titles and role words before names ("President", "Gen.",
//     "Striker"), organisation words ("... Ministry", "Ministry of ..."),
//     place words ("... Square", "Strait of ..."), acronyms defined in
//     brackets, clubs in sports results ("Newcastle beat Arsenal 2-1"),
//     companies in market and statement contexts ("shares of X", "X said
//     in a statement"), and a date scanner.
//
// The rules live by entity kind: countries.go (gazetteer matches, the
// article's main country, the Turkey trap), places.go, groups.go
// (organisation patterns, acronyms, state bodies, shared party names),
// orgcontext.go (clubs and companies named by their context), persons.go
// (names, coreference) and dates.go with datematch.go (an ordered table of
// small date matchers); tokenize.go holds the token helpers they share.
//
// Overlapping candidates are resolved longest span first. Then persons are
// joined within the article ("Maduro" is a mention of "Nicolás Maduro"),
// and readings the article's own words rule out are dropped: "Georgia" the
// US state or the country, "Turkey" the bird, "Jordan" or "Chad" as part
// of a person's name, a country inside a longer name ("Iran Air"); and a
// name keeps the type most of its mentions have through the article.
//
// # What an article is about
//
// After the mentions, Extract scores the countries the article is about,
// its geographic focus, as AboutCountry entities (about.go): every mention
// of a country, directly, through its cities and regions, its capital
// acting for it ("Tehran denied") or its state bodies ("the Kremlin",
// "Bank of Japan"), adds a weight for where it is (headline, dateline,
// opening paragraph, the rest) times what it is (a demonym counts less,
// an enumeration of countries or a meeting's venue half), and the article
// is about each country scoring at least a share of the top one's and a
// minimum. An article that names a dozen countries in passing is about one
// or two of them, or about none.
//
// # Dates
//
// Absolute dates ("October 7, 2023", "7 Oct 2023", "2024-04-01", "April
// 2024", "in 1994", "the 1990s"), vague ones ("late 2024" is
// 2024-09/2024-12, "mid-November", "third quarter"), holidays and relative
// ones resolved against Input.Published ("yesterday", "last week", "on
// Monday": by the wire convention the publication day or the last Monday
// before it, the next one after a future verb ("will meet on Monday"),
// "earlier this year", "a year later" from the last date mentioned).
// Without a publication time, only absolute dates are read.
//
// # Canonical values
//
// Countries are ISO 3166-1 alpha-2 codes. Groups from the gazetteer use the
// title of their English Wikipedia article ("Islamic Revolutionary Guard
// Corps", "NATO", "United States Department of Defense", "Workers' Party
// (Brazil)": a party name several countries share is read by the article's
// countries); a ministry is qualified by its country ("Ministry of Foreign
// Affairs (Iran)"), and "Congress" or "Parliament" alone is the country's
// legislature; other groups and persons keep the longest form written in the
// article, accents included, except that a lone surname of a well-known
// person the article names no more fully takes the full name ("Trump" is
// Donald Trump). Places are the gazetteer name, or the name as written.
//
// # Cost
//
// Extraction is linear in the number of tokens for every shape of input:
// no stage reads a run of names again from each of its words or compares
// every mention with every other, so an article of 4 MiB is read in full
// (transcripts and reports are ordinary input). Each stage counts its units
// of work; ExtractContext stops when its context is done, looking every few
// thousand units, or when the article needs more than Input.MaxWork units,
// with an error wrapping ErrBudget. A token longer than 256 bytes (a pasted
// blob) is never part of a name, and is folded by its ends only.
//
// Training and data generation live in test and internal commands:
// internal/gengazetteer (go generate) and TestTrainNER in train_test.go.
// Package eval scores the extractor on gold files.
package extract
