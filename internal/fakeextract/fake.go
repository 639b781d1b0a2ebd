// Package fakeextract is a deterministic dictionary extractor for tests of the
// index and the API: it finds exactly the surface forms it is given, so test
// expectations do not move when the real extractor improves.
package fakeextract

import (
	"cmp"
	"context"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/searchd/searchd/extract"
)

// Form maps a surface form to the entity it denotes.
type Form struct {
	Text    string
	Type    extract.Type
	Value   string
	Label   string
	Country string
	From    string // date only: first day covered
	To      string // date only: last day covered
}

// Extractor finds the configured forms in article text.
type Extractor struct {
	Forms     []Form
	Countries map[string]string // code -> name
	Groups    map[string]string // alias -> canonical
	// Refuse, when set, makes ExtractContext fail with extract.ErrBudget on
	// a body containing it: an article the extractor gives up on.
	Refuse string
	// About, when set, makes every country the title names a country the
	// article is about (an extract.AboutCountry entity with the title's
	// mentions), so that tests of the about facet know what to expect.
	About bool
}

// New returns an extractor that knows a small world of countries, groups,
// persons and places.
func New() *Extractor {
	countries := map[string]string{"IR": "Iran", "US": "United States", "IL": "Israel", "SY": "Syria", "MX": "Mexico", "RU": "Russia"}
	forms := []Form{
		{Text: "Iranian", Type: extract.Country, Value: "IR"},
		{Text: "Iran", Type: extract.Country, Value: "IR"},
		{Text: "U.S.", Type: extract.Country, Value: "US"},
		{Text: "Israel", Type: extract.Country, Value: "IL"},
		{Text: "Syria", Type: extract.Country, Value: "SY"},
		{Text: "Mexico", Type: extract.Country, Value: "MX"},
		{Text: "Russia", Type: extract.Country, Value: "RU"},
		{Text: "Damascus", Type: extract.Place, Value: "Damascus", Country: "SY"},
		{Text: "Tehran", Type: extract.Place, Value: "Tehran", Country: "IR"},
		{Text: "IRGC", Type: extract.Group, Value: "Islamic Revolutionary Guard Corps"},
		{Text: "Quds Force", Type: extract.Group, Value: "Quds Force"},
		{Text: "Hezbollah", Type: extract.Group, Value: "Hezbollah"},
		{Text: "Nicolás Maduro", Type: extract.Person, Value: "Nicolás Maduro"},
		{Text: "Ali Khamenei", Type: extract.Person, Value: "Ali Khamenei"},
	}
	for i := range forms {
		if forms[i].Label == "" {
			forms[i].Label = forms[i].Value
			if name, ok := countries[forms[i].Value]; ok && forms[i].Type == extract.Country {
				forms[i].Label = name
			}
		}
	}
	return &Extractor{
		Forms:     forms,
		Countries: countries,
		Groups:    map[string]string{"irgc": "Islamic Revolutionary Guard Corps", "islamic revolutionary guard corps": "Islamic Revolutionary Guard Corps", "hizbollah": "Hezbollah", "hezbollah": "Hezbollah"},
	}
}

// Extract returns the configured forms found in the title and body.
func (e *Extractor) Extract(in extract.Input) []extract.Entity {
	byKey := map[string]*extract.Entity{}
	var order []string
	for _, field := range []struct {
		name extract.Field
		text string
	}{{extract.FieldTitle, in.Title}, {extract.FieldBody, in.Body}} {
		taken := make([]bool, len(field.text))
		for _, f := range e.Forms {
			for from := 0; ; {
				i := strings.Index(field.text[from:], f.Text)
				if i < 0 {
					break
				}
				i += from
				end := i + len(f.Text)
				from = end
				if taken[i] {
					continue
				}
				for k := i; k < end; k++ {
					taken[k] = true
				}
				key := string(f.Type) + "\x00" + f.Value
				ent, ok := byKey[key]
				if !ok {
					ent = &extract.Entity{Type: f.Type, Value: f.Value, Label: f.Label, Country: f.Country, From: f.From, To: f.To}
					byKey[key] = ent
					order = append(order, key)
				}
				start := utf8.RuneCountInString(field.text[:i])
				ent.Mentions = append(ent.Mentions, extract.Mention{Field: field.name, Start: start,
					End: start + utf8.RuneCountInString(f.Text), Text: f.Text})
			}
		}
	}
	out := make([]extract.Entity, 0, len(order))
	for _, k := range order {
		out = append(out, *byKey[k])
	}
	if e.About {
		for _, k := range order {
			ent := *byKey[k]
			if ent.Type != extract.Country || ent.Mentions[0].Field != extract.FieldTitle {
				continue
			}
			ent.Type = extract.AboutCountry
			var inTitle []extract.Mention
			for _, m := range ent.Mentions {
				if m.Field == extract.FieldTitle {
					inTitle = append(inTitle, m)
				}
			}
			ent.Mentions = inTitle
			out = append(out, ent)
		}
	}
	return out
}

// ExtractContext is Extract, stopping first when ctx has ended.
func (e *Extractor) ExtractContext(ctx context.Context, in extract.Input) ([]extract.Entity, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	if e.Refuse != "" && strings.Contains(in.Body, e.Refuse) {
		return nil, extract.ErrBudget
	}
	return e.Extract(in), nil
}

// ResolveCountry maps a code, a name or a listed surface form to a country.
func (e *Extractor) ResolveCountry(s string) (string, string, bool) {
	for code, name := range e.Countries {
		if strings.EqualFold(s, code) || strings.EqualFold(s, name) {
			return code, name, true
		}
	}
	for _, f := range e.Forms {
		if f.Type == extract.Country && strings.EqualFold(s, f.Text) {
			return f.Value, e.Countries[f.Value], true
		}
	}
	return "", "", false
}

// CountryName returns the name of a known country code.
func (e *Extractor) CountryName(code string) (string, bool) {
	name, ok := e.Countries[code]
	return name, ok
}

// ResolveGroup maps a known alias to its canonical group name.
func (e *Extractor) ResolveGroup(s string) (string, bool) {
	c, ok := e.Groups[strings.ToLower(s)]
	return c, ok
}

// Names lists the configured forms, country names and group aliases, as
// extract.Extractor.Names does for its gazetteers.
func (e *Extractor) Names() []extract.Name {
	var out []extract.Name
	for _, f := range e.Forms {
		if f.Type != extract.Date {
			out = append(out, extract.Name{Name: extract.Fold(f.Text), Type: f.Type, Value: f.Value, Label: f.Label, Country: f.Country})
		}
	}
	for code, name := range e.Countries {
		out = append(out, extract.Name{Name: extract.Fold(name), Type: extract.Country, Value: code, Label: name})
	}
	for alias, canonical := range e.Groups {
		out = append(out, extract.Name{Name: extract.Fold(alias), Type: extract.Group, Value: canonical, Label: canonical})
	}
	slices.SortFunc(out, func(a, b extract.Name) int {
		return cmp.Or(cmp.Compare(a.Name, b.Name), cmp.Compare(a.Type, b.Type), cmp.Compare(a.Value, b.Value))
	})
	return slices.Compact(out)
}
