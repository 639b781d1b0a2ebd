// The UI's whole state lives in the URL: parse it, write it, and turn it into
// API requests. Nothing else in the UI keeps state that a reload would lose.

/** Facets whose values filter with a repeatable parameter of the same name. */
export const FILTER_FACETS = ["country", "group", "person", "place", "source"];
/** Facets shown in the sidebar, in order. `year` sets the published range. */
export const FACETS = [...FILTER_FACETS, "year"];
/** Facet types that /api/v1/entities can complete. */
export const ENTITY_TYPES = new Set(["country", "group", "person", "place", "source"]);

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
    from: "",
    to: "",
    mfrom: "",
    mto: "",
    sort: "relevance",
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
  for (const f of FILTER_FACETS) s.filters[f] = unique(p.getAll(f).filter(Boolean));
  s.from = p.get("from") || "";
  s.to = p.get("to") || "";
  s.mfrom = p.get("mentioned_from") || "";
  s.mto = p.get("mentioned_to") || "";
  const sort = p.get("sort") || "relevance";
  s.sort = SORTS.some((o) => o.value === sort) ? sort : "relevance";
  const page = parseInt(p.get("page") || "1", 10);
  s.page = Number.isFinite(page) && page > 0 ? page : 1;
  s.article = p.get("article") || "";
  s.more = unique((p.get("more") || "").split(",").filter((f) => FACETS.includes(f)));
  return s;
}

/** toQuery writes a state as a query string, leaving defaults out. */
export function toQuery(s) {
  const p = filterParams(s);
  if (s.sort !== "relevance") p.set("sort", s.sort);
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
  for (const f of FILTER_FACETS) for (const v of s.filters[f]) p.append(f, v);
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
  if (s.sort !== "relevance") p.set("sort", s.sort);
  p.set("page", String(s.page));
  p.set("size", String(PAGE_SIZE));
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

/** selectedYear: the year a from/to range covers exactly, or "". */
export function selectedYear(s) {
  return /^\d{4}$/.test(s.from) && s.from === s.to ? s.from : "";
}

/** clone copies a state deeply enough to change it. */
export function clone(s) {
  return { ...s, filters: Object.fromEntries(FILTER_FACETS.map((f) => [f, [...s.filters[f]]])), more: [...s.more] };
}

function unique(list) {
  return [...new Set(list)];
}
