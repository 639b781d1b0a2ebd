package index

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/searchd/searchd/errs"
	"github.com/searchd/searchd/extract"
	"github.com/searchd/searchd/internal/fakeextract"
)

// analystCorpus is ten articles whose entities the fake extractor finds
// exactly (titles hold none). Publication dates straddle a year boundary
// inside ISO week 2020-W53 (Monday 28 December 2020 to Sunday 3 January
// 2021) and month boundaries:
//
//	id   published (UTC)      ISO week  groups                 countries  persons         places
//	b01  2020-12-28 Mon       2020-W53  Hezbollah              IR
//	b02  2020-12-31 Thu 22:00 2020-W53  IRGC, Hezbollah        SY                         Damascus
//	b03  2021-01-03 Sun       2020-W53  Quds Force, IRGC       IR
//	b04  2021-01-04 Mon       2021-W01  Hezbollah (Hizbollah)  SY
//	b05  2021-01-31 Sun       2021-W04                         IL         Ali Khamenei    Tehran
//	b06  2021-02-01 Mon       2021-W05  Quds Force             IR         Ali Khamenei    Tehran
//	b07  2021-02-15 Mon       2021-W07                         RU, MX     Nicolás Maduro
//	b08  2021-03-10 Wed       2021-W10                         US         Nicolás Maduro
//	b09  2021-03-11 Thu       2021-W10                         US, RU
//	b10  2021-03-12 Fri       2021-W10                         US, IL
//
// (IRGC is the Islamic Revolutionary Guard Corps; b02 is published at
// 01:00 on 1 January 2021 in UTC+3, which is still 2020 in UTC.)
//
// Whole index (bg_total 10): Hezbollah 3, IRGC 2, Quds Force 2; US 3, IR 3,
// SY 2, IL 2, RU 2, MX 1; Ali Khamenei 2, Nicolás Maduro 2; Tehran 2,
// Damascus 1.
var analystCorpus = []string{
	`{"id":"b01","title":"One","body":"Hezbollah fighters trained in Iran.","published_at":"2020-12-28T10:00:00Z"}`,
	`{"id":"b02","title":"Two","body":"IRGC officers met Hezbollah in Damascus, Syria.","published_at":"2021-01-01T01:00:00+03:00"}`,
	`{"id":"b03","title":"Three","body":"The Quds Force and the IRGC in Iran.","published_at":"2021-01-03T10:00:00Z"}`,
	`{"id":"b04","title":"Four","body":"Hizbollah fighters in Syria.","published_at":"2021-01-04T10:00:00Z"}`,
	`{"id":"b05","title":"Five","body":"Ali Khamenei spoke in Tehran about Israel.","published_at":"2021-01-31T10:00:00Z"}`,
	`{"id":"b06","title":"Six","body":"Ali Khamenei praised the Quds Force in Tehran, Iran.","published_at":"2021-02-01T10:00:00Z"}`,
	`{"id":"b07","title":"Seven","body":"Nicolás Maduro met Russia officials in Mexico.","published_at":"2021-02-15T10:00:00Z"}`,
	`{"id":"b08","title":"Eight","body":"Nicolás Maduro and the U.S. talked.","published_at":"2021-03-10T10:00:00Z"}`,
	`{"id":"b09","title":"Nine","body":"U.S. sanctions on Russia.","published_at":"2021-03-11T10:00:00Z"}`,
	`{"id":"b10","title":"Ten","body":"The U.S. and Israel talk.","published_at":"2021-03-12T10:00:00Z"}`,
}

func newAnalystIndex(t *testing.T) *Index {
	t.Helper()
	ex := fakeextract.New()
	ex.Forms = append(ex.Forms, fakeextract.Form{Text: "Hizbollah", Type: extract.Group, Value: "Hezbollah", Label: "Hezbollah"})
	ix, err := Open(Options{BatchSize: 4, CacheEntries: 10}, ex)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = ix.Close() })
	res, err := ix.IngestNDJSON(context.Background(), strings.NewReader(strings.Join(analystCorpus, "\n")+"\n"), 1<<20)
	if err != nil || res.Failed != 0 {
		t.Fatalf("ingest: %v %+v", err, res.Errors)
	}
	return ix
}

// approx compares scores to 1e-9.
var approx = cmpopts.EquateApprox(0, 1e-9)

func TestSignificant(t *testing.T) {
	ix := newAnalystIndex(t)
	ctx := context.Background()
	// The foreground is December 2020 and January 2021: b01-b05, fg_total 5.
	winter := Query{From: "2020-12", To: "2021-01"}
	cases := []struct {
		name string
		q    Query
		o    SignificantOptions
		want []SignificantEntity
	}{
		{
			// Groups of b01-b05: Hezbollah 3 (b01 b02 b04), IRGC 2 (b02 b03),
			// Quds Force 1 (b03). JLH = (fg/5 - bg/10) * (fg/5) / (bg/10):
			// Hezbollah (0.6-0.3)*0.6/0.3 = 0.6; IRGC (0.4-0.2)*0.4/0.2 = 0.4;
			// Quds Force 0.2 against 0.2 is not over-represented: left out.
			name: "groups, min_fg 1", q: winter, o: SignificantOptions{Type: FacetGroup, MinFg: 1},
			want: []SignificantEntity{
				{Value: "Hezbollah", Label: "Hezbollah", Fg: 3, FgTotal: 5, Bg: 3, BgTotal: 10, Score: 0.6},
				{Value: "Islamic Revolutionary Guard Corps", Label: "Islamic Revolutionary Guard Corps", Fg: 2, FgTotal: 5, Bg: 2, BgTotal: 10, Score: 0.4},
			},
		},
		{
			// The default min_fg of 3 keeps Hezbollah only.
			name: "groups, default min_fg", q: winter, o: SignificantOptions{Type: FacetGroup},
			want: []SignificantEntity{
				{Value: "Hezbollah", Label: "Hezbollah", Fg: 3, FgTotal: 5, Bg: 3, BgTotal: 10, Score: 0.6},
			},
		},
		{
			// Countries of b01-b05: IR 2 (b01 b03; bg 3), SY 2 (b02 b04; bg
			// 2), IL 1 (b05). SY (0.4-0.2)*0.4/0.2 = 0.4; IR
			// (0.4-0.3)*0.4/0.3 = 0.1333…; IL is under min_fg 2.
			name: "countries", q: winter, o: SignificantOptions{Type: FacetCountry, MinFg: 2},
			want: []SignificantEntity{
				{Value: "SY", Label: "Syria", Fg: 2, FgTotal: 5, Bg: 2, BgTotal: 10, Score: 0.4},
				{Value: "IR", Label: "Iran", Fg: 2, FgTotal: 5, Bg: 3, BgTotal: 10, Score: 0.4 / 3},
			},
		},
		{
			// A filter as in a search: country=Iranian is b01 b03 b06
			// (fg_total 3): Quds Force 2 (b03 b06): (2/3-0.2)*(2/3)/0.2 =
			// 1.5555…; Hezbollah 1 and IRGC 1 are under min_fg 2.
			name: "filtered by country alias", q: Query{Countries: []string{"Iranian"}},
			o: SignificantOptions{Type: FacetGroup, MinFg: 2},
			want: []SignificantEntity{
				{Value: "Quds Force", Label: "Quds Force", Fg: 2, FgTotal: 3, Bg: 2, BgTotal: 10, Score: (2.0/3 - 0.2) * (2.0 / 3) / 0.2},
			},
		},
		{
			// The whole index against itself: nothing is unusual.
			name: "everything", q: Query{}, o: SignificantOptions{Type: FacetPerson, MinFg: 1},
			want: []SignificantEntity{},
		},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got, err := ix.Significant(ctx, c.q, c.o)
			if err != nil {
				t.Fatal(err)
			}
			if got.Type != c.o.Type || got.BgTotal != 10 || got.Score != ScoreJLH {
				t.Errorf("type %q bg_total %d score %q", got.Type, got.BgTotal, got.Score)
			}
			if diff := cmp.Diff(c.want, got.Entities, approx); diff != "" {
				t.Errorf("entities (-want +got):\n%s", diff)
			}
		})
	}
}

func TestCooccurring(t *testing.T) {
	ix := newAnalystIndex(t)
	ctx := context.Background()

	// group:IRGC (an alias) is in b02 and b03. Beside it, over the whole
	// index (10 articles), score = (shared/2 - count/10) * (shared/2) / (count/10):
	//   groups: Quds Force shared 1 (b03), count 2: (0.5-0.2)*0.5/0.2 = 0.75;
	//           Hezbollah shared 1 (b02), count 3: (0.5-0.3)*0.5/0.3 = 0.333…
	//           (equal shares: the higher score first)
	//   countries: SY 1 (b02), count 2: 0.75; IR 1 (b03), count 3: 0.333…
	//   places: Damascus 1, count 1: (0.5-0.1)*0.5/0.1 = 2
	//   persons: none
	got, err := ix.Cooccurring(ctx, Query{}, CooccurrenceOptions{Entity: "group:IRGC"})
	if err != nil {
		t.Fatal(err)
	}
	want := &Cooccurrence{
		Entity: CountedEntity{EntityKey: EntityKey{Type: "group", Value: "Islamic Revolutionary Guard Corps", Label: "Islamic Revolutionary Guard Corps"}, Count: 2},
		Types: map[string][]Cooccurrent{
			"group": {
				{Value: "Quds Force", Label: "Quds Force", Shared: 1, Count: 2, Score: 0.75},
				{Value: "Hezbollah", Label: "Hezbollah", Shared: 1, Count: 3, Score: 0.2 * 0.5 / 0.3},
			},
			"country": {
				{Value: "SY", Label: "Syria", Shared: 1, Count: 2, Score: 0.75},
				{Value: "IR", Label: "Iran", Shared: 1, Count: 3, Score: 0.2 * 0.5 / 0.3},
			},
			"place":  {{Value: "Damascus", Label: "Damascus", Shared: 1, Count: 1, Score: 2}},
			"person": {},
		},
	}
	if diff := cmp.Diff(want, got, approx, cmpopts.IgnoreFields(Cooccurrence{}, "TookMs")); diff != "" {
		t.Errorf("IRGC (-want +got):\n%s", diff)
	}

	// Within 2021 (b03-b10, 8 articles) IRGC is in b03 only; Quds Force is
	// in b03 and b06: shared 1, count 2, (1-0.25)*1/0.25 = 3.
	got, err = ix.Cooccurring(ctx, Query{From: "2021"}, CooccurrenceOptions{Entity: "group:Islamic Revolutionary Guard Corps", Types: []string{"group"}, Size: 5})
	if err != nil {
		t.Fatal(err)
	}
	wantGroups := []Cooccurrent{{Value: "Quds Force", Label: "Quds Force", Shared: 1, Count: 2, Score: 3}}
	if got.Entity.Count != 1 || len(got.Types) != 1 {
		t.Errorf("entity %+v, types %v", got.Entity, got.Types)
	}
	if diff := cmp.Diff(wantGroups, got.Types["group"], approx); diff != "" {
		t.Errorf("IRGC in 2021 (-want +got):\n%s", diff)
	}

	// person:Maduro is Nicolás Maduro (the words of a name, as the person
	// filter reads them): b07 b08, with RU, MX and US once each.
	got, err = ix.Cooccurring(ctx, Query{}, CooccurrenceOptions{Entity: "person:maduro", Types: []string{"country"}, Size: 2})
	if err != nil {
		t.Fatal(err)
	}
	// MX count 1: (0.5-0.1)*0.5/0.1 = 2; RU count 2: 0.75; US count 3: 0.333…
	// Size 2 keeps the first two.
	if got.Entity.Value != "Nicolás Maduro" || got.Entity.Count != 2 {
		t.Errorf("entity %+v", got.Entity)
	}
	if diff := cmp.Diff([]string{"MX", "RU"}, values(cooccurrentRefs(got.Types["country"]))); diff != "" {
		t.Errorf("Maduro's countries (-want +got):\n%s", diff)
	}
}

func cooccurrentRefs(list []Cooccurrent) []EntityRef {
	out := make([]EntityRef, len(list))
	for i, c := range list {
		out[i] = EntityRef{Value: c.Value}
	}
	return out
}

func TestNetwork(t *testing.T) {
	ix := newAnalystIndex(t)
	ctx := context.Background()
	// Top four of groups and persons: Hezbollah 3, then the four with 2 in
	// type order (groups first) and by value: IRGC, Quds Force, Ali
	// Khamenei (Nicolás Maduro is fifth). Pairs: Hezbollah-IRGC b02,
	// IRGC-Quds Force b03, Quds Force-Khamenei b06.
	got, err := ix.Network(ctx, Query{}, NetworkOptions{Types: []string{"person,group"}, Size: 4})
	if err != nil {
		t.Fatal(err)
	}
	irgc := "group:Islamic Revolutionary Guard Corps"
	want := &Network{
		Nodes: []NetworkNode{
			{ID: "group:Hezbollah", EntityKey: EntityKey{"group", "Hezbollah", "Hezbollah"}, Count: 3},
			{ID: irgc, EntityKey: EntityKey{"group", "Islamic Revolutionary Guard Corps", "Islamic Revolutionary Guard Corps"}, Count: 2},
			{ID: "group:Quds Force", EntityKey: EntityKey{"group", "Quds Force", "Quds Force"}, Count: 2},
			{ID: "person:Ali Khamenei", EntityKey: EntityKey{"person", "Ali Khamenei", "Ali Khamenei"}, Count: 2},
		},
		Edges: []NetworkEdge{
			{Source: "group:Hezbollah", Target: irgc, Shared: 1},
			{Source: irgc, Target: "group:Quds Force", Shared: 1},
			{Source: "group:Quds Force", Target: "person:Ali Khamenei", Shared: 1},
		},
	}
	if diff := cmp.Diff(want, got, cmpopts.IgnoreFields(Network{}, "TookMs")); diff != "" {
		t.Errorf("network (-want +got):\n%s", diff)
	}

	// Countries in March 2021 (b08-b10): US 3, IL 1, RU 1; US-IL b10, US-RU b09.
	got, err = ix.Network(ctx, Query{From: "2021-03"}, NetworkOptions{Types: []string{"country"}})
	if err != nil {
		t.Fatal(err)
	}
	wantEdges := []NetworkEdge{{Source: "country:US", Target: "country:IL", Shared: 1}, {Source: "country:US", Target: "country:RU", Shared: 1}}
	if diff := cmp.Diff(wantEdges, got.Edges); diff != "" {
		t.Errorf("March edges (-want +got):\n%s", diff)
	}
	if len(got.Nodes) != 3 || got.Nodes[0].Count != 3 {
		t.Errorf("March nodes %+v", got.Nodes)
	}
}

func TestTrends(t *testing.T) {
	ix := newAnalystIndex(t)
	ctx := context.Background()
	day := func(s string) time.Time {
		d, err := time.Parse(time.DateOnly, s)
		if err != nil {
			t.Fatal(err)
		}
		return d
	}
	type series struct {
		key     string
		buckets map[string]int // key -> count; every other bucket 0
	}
	cases := []struct {
		name     string
		q        Query
		o        TrendOptions
		keys     []string // every bucket's key, in order
		from, to string
		want     []series
	}{
		{
			// ISO weeks: 2020-W53 runs from Monday 28 December 2020 to Sunday
			// 3 January 2021 and holds b01, b02 and b03; b04 opens 2021-W01;
			// b05 (Sunday 31 January) is in W04, b06 (Monday 1 February) in
			// W05, b07 in W07, b08-b10 in W10.
			name: "weeks across a year", o: TrendOptions{Interval: "week"},
			keys: []string{"2020-W53", "2021-W01", "2021-W02", "2021-W03", "2021-W04", "2021-W05", "2021-W06",
				"2021-W07", "2021-W08", "2021-W09", "2021-W10"},
			from: "2020-12-28", to: "2021-03-15",
			want: []series{{"all", map[string]int{"2020-W53": 3, "2021-W01": 1, "2021-W04": 1, "2021-W05": 1, "2021-W07": 1, "2021-W10": 3}}},
		},
		{
			// Months, with Hezbollah (b01 b02 | b04) and Iran by its
			// demonym (b01 | b03 | b06). b02 is December in UTC.
			name: "months with entities", o: TrendOptions{Interval: "month", Entities: []string{"group:Hezbollah,country:Iranian"}},
			keys: []string{"2020-12", "2021-01", "2021-02", "2021-03"}, from: "2020-12-01", to: "2021-04-01",
			want: []series{
				{"all", map[string]int{"2020-12": 2, "2021-01": 3, "2021-02": 2, "2021-03": 3}},
				{"group:Hezbollah", map[string]int{"2020-12": 2, "2021-01": 1}},
				{"country:IR", map[string]int{"2020-12": 1, "2021-01": 1, "2021-02": 1}},
			},
		},
		{
			name: "years", o: TrendOptions{Interval: "year"},
			keys: []string{"2020", "2021"}, from: "2020-01-01", to: "2022-01-01",
			want: []series{{"all", map[string]int{"2020": 2, "2021": 8}}},
		},
		{
			// Days, the range given: every day of it, b02 on 31 December.
			name: "days of a range", q: Query{From: "2020-12-30", To: "2021-01-02"}, o: TrendOptions{Interval: "day"},
			keys: []string{"2020-12-30", "2020-12-31", "2021-01-01", "2021-01-02"}, from: "2020-12-30", to: "2021-01-03",
			want: []series{{"all", map[string]int{"2020-12-31": 1}}},
		},
		{
			// The default interval is month; a range wider than the data
			// still gets every bucket.
			name: "months of a wider range", q: Query{From: "2020-11", To: "2021-01"},
			keys: []string{"2020-11", "2020-12", "2021-01"}, from: "2020-11-01", to: "2021-02-01",
			want: []series{{"all", map[string]int{"2020-12": 2, "2021-01": 3}}},
		},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got, err := ix.Trends(ctx, c.q, c.o)
			if err != nil {
				t.Fatal(err)
			}
			if got.From == nil || !got.From.Equal(day(c.from)) || got.To == nil || !got.To.Equal(day(c.to)) {
				t.Errorf("from %v to %v, want %s and %s", got.From, got.To, c.from, c.to)
			}
			if len(got.Series) != len(c.want) {
				t.Fatalf("%d series, want %d", len(got.Series), len(c.want))
			}
			for i, s := range got.Series {
				if s.Key != c.want[i].key {
					t.Errorf("series %d is %q, want %q", i, s.Key, c.want[i].key)
				}
				var keys []string
				total := 0
				for _, b := range s.Buckets {
					keys = append(keys, b.Key)
					if b.Count != c.want[i].buckets[b.Key] {
						t.Errorf("%s %s: %d, want %d", s.Key, b.Key, b.Count, c.want[i].buckets[b.Key])
					}
					if b.Start.Location() != time.UTC || bucketKey(got.Interval, b.Start) != b.Key {
						t.Errorf("%s: start %v", b.Key, b.Start)
					}
					total += b.Count
				}
				if total != s.Total {
					t.Errorf("%s: buckets sum to %d, total %d", s.Key, total, s.Total)
				}
				if diff := cmp.Diff(c.keys, keys); diff != "" {
					t.Errorf("%s keys (-want +got):\n%s", s.Key, diff)
				}
			}
		})
	}
}

func TestTrendsErrors(t *testing.T) {
	ix := newAnalystIndex(t)
	ctx := context.Background()
	six := []string{"group:Hezbollah", "group:IRGC", "group:Quds Force", "country:IR", "country:SY", "country:US"}
	cases := []struct {
		name  string
		q     Query
		o     TrendOptions
		kind  errs.Kind
		param string
	}{
		{"bad interval", Query{}, TrendOptions{Interval: "hour"}, errs.Invalid, "interval"},
		{"six entities", Query{}, TrendOptions{Entities: six}, errs.Invalid, "entities"},
		{"days of decades", Query{From: "2000", To: "2021"}, TrendOptions{Interval: "day"}, errs.Invalid, "interval"},
		{"bad entity type", Query{}, TrendOptions{Entities: []string{"planet:Mars"}}, errs.Invalid, "entities"},
		{"unknown entity", Query{}, TrendOptions{Entities: []string{"group:Nobody"}}, errs.NotFound, "entities"},
		{"bad filter", Query{Countries: []string{"Atlantis"}}, TrendOptions{}, errs.Invalid, "country"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := ix.Trends(ctx, c.q, c.o)
			var e *errs.Error
			if !errors.Is(err, c.kind) || !errors.As(err, &e) || e.Param != c.param {
				t.Fatalf("got %v, want a %v error about %s", err, c.kind, c.param)
			}
		})
	}
}

func TestEntityPage(t *testing.T) {
	ix := newAnalystIndex(t)
	ctx := context.Background()
	// Hezbollah, asked for by an alias: b01, b02 (as "Hezbollah") and b04
	// (as "Hizbollah"). Beside it, against the whole index,
	// score = (shared/3 - count/10) * (shared/3) / (count/10):
	//   countries: SY 2 of its 3 (count 2): (2/3-0.2)*(2/3)/0.2 = 1.5555…;
	//              IR 1 (count 3): (1/3-0.3)*(1/3)/0.3 = 0.037037…
	//   groups: IRGC 1 (count 2): (1/3-0.2)*(1/3)/0.2 = 0.2222…
	//   places: Damascus 1 (count 1): (1/3-0.1)*(1/3)/0.1 = 0.7777…
	got, err := ix.Entity(ctx, "group", "hizbollah", EntityPageOptions{})
	if err != nil {
		t.Fatal(err)
	}
	third := 1.0 / 3
	want := &EntityPage{
		EntityKey:   EntityKey{Type: "group", Value: "Hezbollah", Label: "Hezbollah"},
		Aliases:     []Alias{{Text: "Hezbollah", Mentions: 2}, {Text: "Hizbollah", Mentions: 1}},
		AliasesFrom: 3,
		Count:       3,
		FirstSeen:   time.Date(2020, 12, 28, 10, 0, 0, 0, time.UTC),
		LastSeen:    time.Date(2021, 1, 4, 10, 0, 0, 0, time.UTC),
		Cooccurring: map[string][]Cooccurrent{
			"country": {
				{Value: "SY", Label: "Syria", Shared: 2, Count: 2, Score: (2*third - 0.2) * 2 * third / 0.2},
				{Value: "IR", Label: "Iran", Shared: 1, Count: 3, Score: (third - 0.3) * third / 0.3},
			},
			"group":  {{Value: "Islamic Revolutionary Guard Corps", Label: "Islamic Revolutionary Guard Corps", Shared: 1, Count: 2, Score: (third - 0.2) * third / 0.2}},
			"person": {},
			"place":  {{Value: "Damascus", Label: "Damascus", Shared: 1, Count: 1, Score: (third - 0.1) * third / 0.1}},
		},
		Trend: &Histogram{Interval: "month", Buckets: []Bucket{
			{Key: "2020-12", Start: time.Date(2020, 12, 1, 0, 0, 0, 0, time.UTC), Count: 2},
			{Key: "2021-01", Start: time.Date(2021, 1, 1, 0, 0, 0, 0, time.UTC), Count: 1},
		}},
	}
	var latest []string
	for _, h := range got.Latest {
		latest = append(latest, h.ID)
	}
	if diff := cmp.Diff([]string{"b04", "b02", "b01"}, latest); diff != "" {
		t.Errorf("latest (-want +got):\n%s", diff)
	}
	got.FirstSeen, got.LastSeen = got.FirstSeen.UTC(), got.LastSeen.UTC()
	if diff := cmp.Diff(want, got, approx, cmpopts.IgnoreFields(EntityPage{}, "TookMs", "Latest")); diff != "" {
		t.Errorf("page (-want +got):\n%s", diff)
	}

	// A country by its demonym; Latest bounded.
	page, err := ix.Entity(ctx, "country", "Iranian", EntityPageOptions{Latest: 1})
	if err != nil {
		t.Fatal(err)
	}
	if page.Value != "IR" || page.Label != "Iran" || page.Count != 3 || len(page.Latest) != 1 || page.Latest[0].ID != "b06" {
		t.Errorf("Iran: %+v", page)
	}

	for _, c := range []struct{ typ, name string }{{"group", "Nobody"}, {"country", "Atlantis"}, {"person", "Quds"}} {
		if _, err := ix.Entity(ctx, c.typ, c.name, EntityPageOptions{}); !errors.Is(err, errs.NotFound) {
			t.Errorf("%s %s: %v, want not found", c.typ, c.name, err)
		}
	}
	if _, err := ix.Entity(ctx, "planet", "Mars", EntityPageOptions{}); !errors.Is(err, errs.Invalid) {
		t.Errorf("planet: %v, want invalid", err)
	}
}

// TestAnalystCountsFollowWrites checks that the cached background and
// search counts are not served after a write.
func TestAnalystCountsFollowWrites(t *testing.T) {
	ix := newAnalystIndex(t)
	ctx := context.Background()
	q := Query{From: "2020-12", To: "2021-01"}
	before, err := ix.Significant(ctx, q, SignificantOptions{Type: FacetGroup, MinFg: 1})
	if err != nil {
		t.Fatal(err)
	}
	if err := ix.Delete(ctx, "b01"); err != nil {
		t.Fatal(err)
	}
	after, err := ix.Significant(ctx, q, SignificantOptions{Type: FacetGroup, MinFg: 1})
	if err != nil {
		t.Fatal(err)
	}
	// Without b01: fg_total 4, bg_total 9; Hezbollah 2 of 4 against 2 of
	// 9: (0.5-2/9)*0.5/(2/9) = 0.625; IRGC 2 of 4 against 2 of 9 likewise;
	// Quds Force 1 of 4 against 2 of 9 now scores (0.25-2/9)*0.25/(2/9) =
	// 0.03125.
	if before.FgTotal != 5 || after.FgTotal != 4 || after.BgTotal != 9 {
		t.Fatalf("totals before %d/%d, after %d/%d", before.FgTotal, before.BgTotal, after.FgTotal, after.BgTotal)
	}
	var scores []float64
	for _, e := range after.Entities {
		scores = append(scores, e.Score)
	}
	if diff := cmp.Diff([]float64{0.625, 0.625, 0.03125}, scores, approx); diff != "" || after.Entities[0].Value != "Hezbollah" {
		t.Errorf("after (-want +got):\n%s%+v", diff, after.Entities)
	}
}

// TestAnalystCachedCountsAgree checks that counts one view leaves in the
// cache (the network's pass) give other views the answers they would
// count afresh.
func TestAnalystCachedCountsAgree(t *testing.T) {
	ix := newAnalystIndex(t)
	ctx := context.Background()
	q := Query{Countries: []string{"IR", "SY"}}
	fresh := q
	fresh.NoCache = true
	want, err := ix.Significant(ctx, fresh, SignificantOptions{Type: FacetGroup, MinFg: 1})
	if err != nil {
		t.Fatal(err)
	}
	wantCo, err := ix.Cooccurring(ctx, fresh, CooccurrenceOptions{Entity: "group:Hezbollah"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := ix.Network(ctx, q, NetworkOptions{Types: []string{FacetGroup, FacetPlace}, Size: 1}); err != nil {
		t.Fatal(err)
	}
	got, err := ix.Significant(ctx, q, SignificantOptions{Type: FacetGroup, MinFg: 1})
	if err != nil {
		t.Fatal(err)
	}
	gotCo, err := ix.Cooccurring(ctx, q, CooccurrenceOptions{Entity: "group:Hezbollah"})
	if err != nil {
		t.Fatal(err)
	}
	ignore := cmpopts.IgnoreFields(Significance{}, "TookMs")
	if diff := cmp.Diff(want, got, ignore); diff != "" {
		t.Errorf("significant after the network (-fresh +cached):\n%s", diff)
	}
	if diff := cmp.Diff(wantCo, gotCo, cmpopts.IgnoreFields(Cooccurrence{}, "TookMs")); diff != "" {
		t.Errorf("co-occurrence after the network (-fresh +cached):\n%s", diff)
	}
}
