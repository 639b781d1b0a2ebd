// The UI's whole state lives in the URL: parse it, write it, and turn it into
// API requests. Nothing else in the UI keeps state that a reload would lose.
//
// Which facets exist comes from the server's schema (vocab.js): configure()
// sets them once at start, before any state is parsed; every function here
// is pure given that vocabulary.

/** Facets shown in the sidebar, in order (x-facets, those the UI can act on). */
export let FACETS = [];
/** Facets whose values filter with a repeatable parameter of the same name. */
export let FILTER_FACETS = [];
/** Facets whose values are publication periods: picking one sets from/to. */
export let DATE_FACETS = [];
/** Filter facets whose values can also all be required: facet → op parameter. */
export let OP_PARAMS = {};
/** Filter facet → its URL and API parameter. */
let PARAMS = {};

/** configure installs the vocabulary (vocab.js vocabularyFrom). */
export function configure(vocab) {
  const usable = vocab.facets.filter((f) => f.param || f.date);
  FACETS = usable.map((f) => f.name);
  FILTER_FACETS = usable.filter((f) => f.param).map((f) => f.name);
  DATE_FACETS = usable.filter((f) => f.date).map((f) => f.name);
  PARAMS = Object.fromEntries(usable.filter((f) => f.param).map((f) => [f.name, f.param]));
  OP_PARAMS = Object.fromEntries(usable.filter((f) => f.param && f.opParam).map((f) => [f.name, f.opParam]));
}

/** Sort orders. "" (the default) lets the server choose: newest first for an empty query, else relevance. */
export const SORTS = [
  { value: "relevance", label: "Relevance" },
  { value: "-published_at", label: "Newest first" },
  { value: "published_at", label: "Oldest first" },
];

export const PAGE_SIZE = 10;
export const FACET_SIZE = 10;
export const FACET_MORE_SIZE = 100;

/** emptyState is the state of a bare "/". */
export function emptyState() {
  return {
    q: "",
    filters: Object.fromEntries(FILTER_FACETS.map((f) => [f, []])),
    ops: Object.fromEntries(Object.keys(OP_PARAMS).map((f) => [f, "or"])),
    expand: true, // match words of q that name entities against those entities too
    from: "",
    to: "",
    mfrom: "",
    mto: "",
    sort: "",
    page: 1,
    article: "",
    more: [],
  };
}

/** parseState reads a state from a query string such as location.search. */
export function parseState(search) {
  const p = new URLSearchParams(search);
  const s = emptyState();
  s.q = p.get("q") || "";
  for (const f of FILTER_FACETS) s.filters[f] = unique(p.getAll(PARAMS[f]).filter(Boolean));
  for (const [f, param] of Object.entries(OP_PARAMS)) s.ops[f] = p.get(param) === "and" ? "and" : "or";
  s.expand = p.get("expand") !== "false";
  s.from = p.get("from") || "";
  s.to = p.get("to") || "";
  s.mfrom = p.get("mentioned_from") || "";
  s.mto = p.get("mentioned_to") || "";
  const sort = p.get("sort") || "";
  s.sort = SORTS.some((o) => o.value === sort) ? sort : "";
  const page = parseInt(p.get("page") || "1", 10);
  s.page = Number.isFinite(page) && page > 0 ? page : 1;
  s.article = p.get("article") || "";
  s.more = unique((p.get("more") || "").split(",").filter((f) => FACETS.includes(f)));
  return normalize(s);
}

/**
 * normalize drops what cannot matter, so that it never comes back unseen:
 * "all of" on a facet with fewer than two values ticked goes back to the
 * default "any" (ticking a second value later must not silently require
 * both), and searching literally ends with the query.
 */
export function normalize(s) {
  for (const f of Object.keys(OP_PARAMS)) if (s.filters[f].length < 2) s.ops[f] = "or";
  if (!s.q.trim()) s.expand = true;
  return s;
}

/** toQuery writes a state as a query string, leaving defaults out. */
export function toQuery(s) {
  const p = filterParams(s);
  if (s.sort) p.set("sort", s.sort);
  if (s.page > 1) p.set("page", String(s.page));
  if (s.more.length) p.set("more", s.more.join(","));
  if (s.article) p.set("article", s.article);
  const str = p.toString();
  return str ? "?" + str : "";
}

/** filterParams: the query and every filter, as API parameters. */
export function filterParams(s, { omitDates = false } = {}) {
  const p = new URLSearchParams();
  if (s.q.trim()) p.set("q", s.q.trim());
  if (!s.expand && s.q.trim()) p.set("expand", "false");
  for (const f of FILTER_FACETS) for (const v of s.filters[f]) p.append(PARAMS[f], v);
  for (const [f, param] of Object.entries(OP_PARAMS)) if (s.ops[f] === "and" && s.filters[f].length >= 2) p.set(param, "and");
  if (!omitDates) {
    if (s.from) p.set("from", s.from);
    if (s.to) p.set("to", s.to);
  }
  if (s.mfrom) p.set("mentioned_from", s.mfrom);
  if (s.mto) p.set("mentioned_to", s.mto);
  return p;
}

/** searchParams: the main search request of a state. */
export function searchParams(s) {
  const p = filterParams(s);
  p.set("facets", FACETS.join(","));
  p.set("facet_size", String(FACET_SIZE));
  p.set("histogram", "auto");
  if (s.sort) p.set("sort", s.sort);
  p.set("page", String(s.page));
  p.set("size", String(PAGE_SIZE));
  return p;
}

/**
 * exportParams: the export of a state's whole search (GET /api/v1/export),
 * every hit rather than a page. An export is ordered by publication: oldest
 * first when the search is, else newest first (relevance cannot be read
 * page after page).
 */
export function exportParams(s, format) {
  const p = filterParams(s);
  if (s.sort === "published_at") p.set("sort", "published_at");
  p.set("format", format);
  return p;
}

/** facetParams: a counts-only request for one facet, with more values. */
export function facetParams(s, facet, size, opts) {
  const p = filterParams(s, opts);
  p.set("facets", facet);
  p.set("facet_size", String(size));
  p.set("size", "0");
  p.set("highlight", "false");
  return p;
}

/** hasFilters: whether anything narrows the search besides the query. */
export function hasFilters(s) {
  return FILTER_FACETS.some((f) => s.filters[f].length) || !!(s.from || s.to || s.mfrom || s.mto);
}

/** selectedPeriod: the period (a year, a month) a from/to range covers exactly, or "". */
export function selectedPeriod(s) {
  return s.from && s.from === s.to ? s.from : "";
}

/** clone copies a state deeply enough to change it. */
export function clone(s) {
  return {
    ...s,
    filters: Object.fromEntries(FILTER_FACETS.map((f) => [f, [...s.filters[f]]])),
    ops: { ...s.ops },
    more: [...s.more],
  };
}

function unique(list) {
  return [...new Set(list)];
}
