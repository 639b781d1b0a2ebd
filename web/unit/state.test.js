// state.js: URL ⇄ state round trips, and the API parameters of a state.
// Run: node --test web/unit/
import { test } from "node:test";
import assert from "node:assert/strict";
import { stateCodec, parseEntityKey, entityKey, MAX_COMPARE } from "../static/state.js";
import { vocabularyFrom } from "../static/vocab.js";

// The shape of GET /api/v1/schema, cut to what vocabularyFrom reads.
const schema = {
  "x-facets": ["country", "about_country", "group", "person", "place", "source", "year", "month"],
  "x-suggest-types": ["country", "group", "person", "place"],
  "x-fields": [
    { name: "title", kind: "text" },
    { name: "country", kind: "entity", entity: "country", param: "country", op_param: "country_op", filtered_by: ["country"] },
    { name: "about_country", kind: "entity", entity: "country", param: "about_country", op_param: "about_country_op", filtered_by: ["about_country"] },
    { name: "group", kind: "entity", param: "group", op_param: "group_op", filtered_by: ["group"] },
    { name: "person", kind: "entity", param: "person", op_param: "person_op", filtered_by: ["person"] },
    { name: "place", kind: "entity", param: "place", op_param: "place_op", filtered_by: ["place"] },
    { name: "source", kind: "keyword", param: "source", filtered_by: ["source"] },
    { name: "year", kind: "keyword", filtered_by: ["from", "to"] },
    { name: "month", kind: "keyword", filtered_by: ["from", "to"] },
    { name: "published_at", kind: "date", from_param: "from", to_param: "to" },
  ],
};
const st = stateCodec(vocabularyFrom(schema));

test("the vocabulary comes from the schema, one list", () => {
  assert.deepEqual(st.FACETS, ["country", "about_country", "group", "person", "place", "source", "year", "month"]);
  assert.deepEqual(st.FILTER_FACETS, ["country", "about_country", "group", "person", "place", "source"]);
  assert.deepEqual(st.DATE_FACETS, ["year", "month"]);
  assert.deepEqual(st.OP_PARAMS, { country: "country_op", about_country: "about_country_op", group: "group_op", person: "person_op", place: "place_op" });
  assert.deepEqual(st.ENTITY_TYPES, ["country", "group", "person", "place"]);
  assert.equal(st.entityOf("about_country"), "country", "its values are countries, with country pages");
  assert.equal(st.entityOf("group"), "group");
  assert.equal(st.entityOf("source"), "");
  assert.ok(Object.isFrozen(st) && Object.isFrozen(st.FACETS), "the codec cannot be changed");
});

test("a URL read and written again is the same URL (canonical forms)", () => {
  for (const url of [
    "",
    "?q=iran",
    "?q=IRGC&expand=false",
    "?country=IR&country=IQ&country_op=and",
    "?about_country=SY&about_country=IQ&about_country_op=and",
    "?q=oil&group=Quds+Force&person=Qasem+Soleimani&from=2024-01&to=2024-06",
    "?mentioned_from=2024-10&mentioned_to=2024-12",
    "?q=iran&sort=published_at&page=3",
    "?more=country%2Cyear",
    "?q=iran&article=abc123",
    "?q=iran&entity=group%3AQuds+Force",
    "?q=iran&sig=person",
    "?q=iran&view=network",
    "?q=iran&view=trends&compare=group%3AHamas&compare=group%3AHezbollah&interval=week",
    "?entity=place%3ABeirut%3A+port",
  ]) {
    assert.equal(st.toQuery(st.parseState(url)), url, url);
  }
});

test("a state written and read again is the same state", () => {
  const s = st.emptyState();
  s.q = "sanctions -oil";
  s.filters.country = ["IR", "SY"];
  s.ops.country = "and";
  s.filters.group = ["Hezbollah"];
  s.from = "2024";
  s.to = "2024";
  s.sort = "-published_at";
  s.view = "trends";
  s.compare = ["group:Hezbollah", "country:IR"];
  s.interval = "year";
  s.sig = "place";
  s.entity = "person:Ali Khamenei";
  s.more = ["person"];
  assert.deepEqual(st.parseState(st.toQuery(s)), s);
});

test("what cannot matter or cannot be honoured is dropped", () => {
  const cases = [
    ["?country=IR&country_op=and", "?country=IR"], // all of one value is any of it
    ["?expand=false", ""], // literally, without a query
    ["?country=IR&country=IR", "?country=IR"],
    ["?sort=bogus&page=-2&more=nope", ""],
    ["?view=bogus", ""],
    ["?compare=group%3AHamas", ""], // compare belongs to the trends view
    ["?view=trends&interval=month", "?view=trends"], // month is the default
    ["?view=trends&interval=hour", "?view=trends"],
    ["?view=network&page=4", "?view=network"],
    ["?sig=country", ""], // the first entity type is the default
    ["?sig=source", ""], // not an entity type
    ["?entity=Hamas", ""], // no type
    ["?entity=source%3ABBC", ""], // not an entity type
    ["?entity=group%3A", ""],
  ];
  for (const [url, want] of cases) assert.equal(st.toQuery(st.parseState(url)), want, url);
  const many = "?view=trends" + ["A", "B", "C", "D", "E", "F", "G"].map((x) => "&compare=group%3A" + x).join("");
  assert.equal(st.parseState(many).compare.length, MAX_COMPARE);
});

test("API parameters carry the search, and only the search", () => {
  const s = st.parseState("?q=iran&group=IRGC&from=2024&to=2024&view=trends&compare=group%3AHamas&interval=week&page=1&sig=person");
  assert.equal(st.filterParams(s).toString(), "q=iran&group=IRGC&from=2024&to=2024");
  assert.equal(st.filterParams(s, { omitDates: true }).toString(), "q=iran&group=IRGC");
  assert.equal(st.significantParams(s, 10).toString(), "q=iran&group=IRGC&from=2024&to=2024&type=person&size=10");
  assert.equal(st.networkParams(s, 30).toString(), "q=iran&group=IRGC&from=2024&to=2024&types=country%2Cgroup%2Cperson%2Cplace&size=30");
  assert.equal(st.trendsParams(s).toString(), "q=iran&group=IRGC&from=2024&to=2024&entities=group%3AHamas&interval=week");
  assert.equal(st.searchParams(st.parseState("?q=x&page=2")).toString(),
    "q=x&facets=country%2Cabout_country%2Cgroup%2Cperson%2Cplace%2Csource%2Cyear%2Cmonth&facet_size=10&histogram=auto&page=2&size=10");
  assert.equal(st.exportParams(st.parseState("?q=x&sort=published_at"), "csv").toString(), "q=x&sort=published_at&format=csv");
  assert.equal(st.exportParams(st.parseState("?q=x&sort=relevance"), "csv").toString(), "q=x&format=csv");
});

test("clone is deep enough: changing the copy leaves the original", () => {
  const a = st.parseState("?country=IR&view=trends&compare=group%3AHamas&more=person");
  const b = st.clone(a);
  b.filters.country.push("IQ");
  b.compare.push("group:Hezbollah");
  b.more.push("group");
  assert.deepEqual(a.filters.country, ["IR"]);
  assert.deepEqual(a.compare, ["group:Hamas"]);
  assert.deepEqual(a.more, ["person"]);
});

test("entity keys: type, then the value, which may hold colons", () => {
  assert.deepEqual(parseEntityKey("group:Quds Force"), { type: "group", value: "Quds Force" });
  assert.deepEqual(parseEntityKey("place:Beirut: port"), { type: "place", value: "Beirut: port" });
  assert.equal(parseEntityKey(":x"), null);
  assert.equal(parseEntityKey("group:"), null);
  assert.equal(parseEntityKey(""), null);
  assert.equal(entityKey("country", "IR"), "country:IR");
});

test("a saved search's query is the search, as JSON, and runs again as the same search", () => {
  const s = st.parseState("?q=sanctions+-oil&country=IR&country=SY&country_op=and&group=IRGC&from=2024-01&sort=-published_at&page=3&view=trends&more=person");
  assert.deepEqual(st.savedQuery(s), {
    q: "sanctions -oil", country: ["IR", "SY"], group: ["IRGC"], country_op: "and", from: "2024-01", sort: "-published_at",
  });
  assert.deepEqual(st.savedQuery(st.parseState("?q=IRGC&expand=false")), { q: "IRGC", expand: false });
  assert.deepEqual(st.savedQuery(st.parseState("")), {});
  // Back to a state: the search, on its first page, in the list of articles.
  assert.equal(st.toQuery(st.fromSavedQuery(st.savedQuery(s))), "?q=sanctions+-oil&country=IR&country=SY&group=IRGC&country_op=and&from=2024-01&sort=-published_at");
  assert.equal(st.toQuery(st.fromSavedQuery({ q: "x", expand: false, page: 4, size: 50, facets: ["country"] })), "?q=x&expand=false");
});

test("about and mentions of countries are one facet, about by default, mentions through the URL", () => {
  assert.deepEqual(st.ABOUT_OF, { country: "about_country" });
  assert.deepEqual(st.shownFacets(st.parseState("")), ["about_country", "group", "person", "place", "source", "year", "month"]);
  const m = st.parseState("?mentions=country");
  assert.deepEqual(m.mentions, ["country"]);
  assert.deepEqual(st.shownFacets(m), ["country", "group", "person", "place", "source", "year", "month"]);
  assert.equal(st.toQuery(m), "?mentions=country");
  assert.equal(st.toQuery(st.parseState("?mentions=group,bogus")), "", "only a pair's base facet has mentions");
  assert.deepEqual(st.pairOf("about_country"), { base: "country", about: "about_country" });
  assert.deepEqual(st.pairOf("country"), { base: "country", about: "about_country" });
  assert.equal(st.pairOf("group"), null);
  // How the facet is shown is not the search.
  assert.equal(st.searchParams(m).toString(), st.searchParams(st.parseState("")).toString());
});

test("collapse=story is in the URL, the search and its facet counts, when the server can collapse", () => {
  const can = stateCodec(vocabularyFrom({ ...schema, "x-search-params": ["q", "collapse"] }));
  assert.equal(can.CAN_COLLAPSE, true);
  const s = can.parseState("?q=floods&collapse=story");
  assert.equal(can.toQuery(s), "?q=floods&collapse=story");
  assert.match(can.searchParams(s).toString(), /&collapse=story$/);
  assert.match(can.facetParams(s, "source", 100).toString(), /collapse=story/);
  assert.equal(can.exportParams(s, "csv").toString(), "q=floods&format=csv", "an export takes no collapse");
  assert.deepEqual(can.savedQuery(s), { q: "floods" }, "collapse goes beside the saved query, not in it");
  assert.equal(can.toQuery(can.fromSavedQuery({ q: "floods" }, "story")), "?q=floods&collapse=story");
  assert.equal(can.toQuery(can.parseState("?collapse=bogus")), "");
  // A server without collapse: the parameter is dropped, not sent.
  assert.equal(st.CAN_COLLAPSE, false);
  assert.equal(st.toQuery(st.parseState("?q=floods&collapse=story")), "?q=floods");
});
