// The UI's whole state lives in the URL: parse it, write it, and turn it into
// API requests. Nothing else in the UI keeps state that a reload would lose.
//
// Which facets exist comes from the server's schema (vocab.js): stateCodec()
// builds the functions for one vocabulary, and every one of them is pure.
// Nothing here is mutable module state.

/** Sort orders. "" (the default) lets the server choose: newest first for an empty query, else relevance. */
export const SORTS = Object.freeze([
  { value: "relevance", label: "Relevance" },
  { value: "-published_at", label: "Newest first" },
  { value: "published_at", label: "Oldest first" },
]);

/** Views of a search besides its list of articles ("" is the list). */
export const VIEWS = Object.freeze(["", "network", "trends"]);
/** Trend intervals; "" is the default, month. */
export const INTERVALS = Object.freeze(["day", "week", "month", "year"]);
/** At most this many entities are compared in the trends view. */
export const MAX_COMPARE = 5;

export const PAGE_SIZE = 10;
export const FACET_SIZE = 10;
export const FACET_MORE_SIZE = 100;

/** entityKey writes an entity as "type:value", the form of the URL and of the API. */
export function entityKey(type, value) {
  return `${type}:${value}`;
}

/** parseEntityKey reads "type:value" (the value may hold colons), or null. */
export function parseEntityKey(key) {
  const i = String(key || "").indexOf(":");
  if (i <= 0 || i === key.length - 1) return null;
  return { type: key.slice(0, i), value: key.slice(i + 1) };
}

/**
 * stateCodec builds the state functions for a vocabulary (vocab.js
 * vocabularyFrom): the facet lists, and the functions between URL, state
 * and API parameters. Entity types are those of the filter facets that
 * suggestions come from (country, group, person, place).
 */
export function stateCodec(vocab) {
  const usable = vocab.facets.filter((f) => f.param || f.date);
  /** Facets shown in the sidebar, in order (x-facets, those the UI can act on). */
  const FACETS = Object.freeze(usable.map((f) => f.name));
  /** Facets whose values filter with a repeatable parameter of the same name. */
  const FILTER_FACETS = Object.freeze(usable.filter((f) => f.param).map((f) => f.name));
  /** Facets whose values are publication periods: picking one sets from/to. */
  const DATE_FACETS = Object.freeze(usable.filter((f) => f.date).map((f) => f.name));
  /** Filter facets whose values can also all be required: facet → op parameter. */
  const OP_PARAMS = Object.freeze(Object.fromEntries(usable.filter((f) => f.param && f.opParam).map((f) => [f.name, f.opParam])));
  /** Filter facet → its URL and API parameter. */
  const PARAMS = Object.freeze(Object.fromEntries(usable.filter((f) => f.param).map((f) => [f.name, f.param])));
  /** Entity types: filter facets the schema also suggests from. */
  const ENTITY_TYPES = Object.freeze(FILTER_FACETS.filter((f) => (vocab.suggestTypes || []).includes(f)));

  /** Facet → the entity type of its values, when entity pages show that type. */
  const ENTITY_OF = Object.freeze(Object.fromEntries(usable.filter((f) => f.param).map((f) => {
    const type = ENTITY_TYPES.includes(f.name) ? f.name : f.entity || "";
    return [f.name, ENTITY_TYPES.includes(type) ? type : ""];
  })));
  /**
   * Facet → the facet of what articles are *about* among the same values
   * (country → about_country): a filter facet whose values are another
   * facet's entities. The sidebar shows the pair as one facet, "about" by
   * default, with a switch to every mention (the base facet).
   */
  const ABOUT_OF = Object.freeze(Object.fromEntries(usable
    .filter((f) => f.param && f.entity && f.entity !== f.name && FILTER_FACETS.includes(f.entity))
    .map((f) => [f.entity, f.name])));
  /** Facets that are the "about" side of a pair. */
  const ABOUT_FACETS = Object.freeze(Object.values(ABOUT_OF));

  /** entityOf: the entity type of a facet's values ("" when they have no entity pages). */
  const entityOf = (facet) => ENTITY_OF[facet] || "";

  const isEntityKey = (key) => {
    const e = parseEntityKey(key);
    return !!e && ENTITY_TYPES.includes(e.type);
  };

  /** Whether the server can show each story (wire copies) once: collapse=story. */
  const CAN_COLLAPSE = (vocab.searchParams || []).includes("collapse");

  /** emptyState is the state of a bare "/". */
  function emptyState() {
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
      entity: "", // "type:value": the entity page shown over the search
      view: "", // "", "network" or "trends"
      compare: [], // trends: the entities compared ("type:value"), at most MAX_COMPARE
      interval: "", // trends: "" (month) or one of INTERVALS
      sig: "", // the type of the "unusual" panel; "" is the first entity type
      more: [],
      collapse: "", // "story": each story's wire copies as one hit
      mentions: [], // facets of a pair (ABOUT_OF) shown by every mention rather than by what articles are about
    };
  }

  /** parseState reads a state from a query string such as location.search. */
  function parseState(search) {
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
    const entity = p.get("entity") || "";
    s.entity = isEntityKey(entity) ? entity : "";
    const view = p.get("view") || "";
    s.view = VIEWS.includes(view) ? view : "";
    s.compare = unique(p.getAll("compare").filter(isEntityKey)).slice(0, MAX_COMPARE);
    const interval = p.get("interval") || "";
    s.interval = INTERVALS.includes(interval) ? interval : "";
    const sig = p.get("sig") || "";
    s.sig = ENTITY_TYPES.includes(sig) ? sig : "";
    s.more = unique((p.get("more") || "").split(",").filter((f) => FACETS.includes(f)));
    s.collapse = CAN_COLLAPSE && p.get("collapse") === "story" ? "story" : "";
    s.mentions = unique((p.get("mentions") || "").split(",").filter((f) => f in ABOUT_OF));
    return normalize(s);
  }

  /**
   * normalize drops what cannot matter, so that it never comes back unseen:
   * "all of" on a facet with fewer than two values ticked goes back to the
   * default "any" (ticking a second value later must not silently require
   * both), searching literally ends with the query, and the trends view's
   * own settings go with the view.
   */
  function normalize(s) {
    for (const f of Object.keys(OP_PARAMS)) if (s.filters[f].length < 2) s.ops[f] = "or";
    if (!s.q.trim()) s.expand = true;
    if (s.view !== "trends") {
      s.compare = [];
      s.interval = "";
    }
    if (s.interval === "month") s.interval = "";
    if (s.sig === ENTITY_TYPES[0]) s.sig = "";
    if (s.view) s.page = 1;
    return s;
  }

  /** toQuery writes a state as a query string, leaving defaults out. */
  function toQuery(s) {
    const p = filterParams(s);
    if (s.sort) p.set("sort", s.sort);
    if (s.page > 1) p.set("page", String(s.page));
    if (s.more.length) p.set("more", s.more.join(","));
    if (s.mentions.length) p.set("mentions", s.mentions.join(","));
    if (s.collapse) p.set("collapse", s.collapse);
    if (s.sig) p.set("sig", s.sig);
    if (s.view) p.set("view", s.view);
    for (const c of s.compare) p.append("compare", c);
    if (s.interval) p.set("interval", s.interval);
    if (s.article) p.set("article", s.article);
    if (s.entity) p.set("entity", s.entity);
    const str = p.toString();
    return str ? "?" + str : "";
  }

  /** filterParams: the query and every filter, as API parameters. */
  function filterParams(s, { omitDates = false } = {}) {
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
  function searchParams(s) {
    const p = filterParams(s);
    p.set("facets", FACETS.join(","));
    p.set("facet_size", String(FACET_SIZE));
    p.set("histogram", "auto");
    if (s.sort) p.set("sort", s.sort);
    p.set("page", String(s.page));
    p.set("size", String(PAGE_SIZE));
    if (s.collapse) p.set("collapse", s.collapse);
    return p;
  }

  /**
   * exportParams: the export of a state's whole search (GET /api/v1/export),
   * every hit rather than a page. An export is ordered by publication: oldest
   * first when the search is, else newest first (relevance cannot be read
   * page after page).
   */
  function exportParams(s, format) {
    const p = filterParams(s);
    if (s.sort === "published_at") p.set("sort", "published_at");
    p.set("format", format);
    return p;
  }

  /**
   * savedQuery: the search of a state as the JSON query of a saved search
   * (POST /api/v1/saved's "query", the body of POST /api/v1/search): the
   * query, filters, dates and sort, not the page, the view or the facets
   * shown, which are how it is looked at rather than what it finds.
   */
  function savedQuery(s) {
    const p = filterParams(s);
    if (s.sort) p.set("sort", s.sort);
    const out = {};
    const lists = new Set(Object.values(PARAMS));
    for (const [k, v] of p) {
      if (lists.has(k)) (out[k] = out[k] || []).push(v);
      else if (k === "expand") out[k] = v !== "false";
      else out[k] = v;
    }
    return out;
  }

  /** fromSavedQuery: the state that runs a saved search's query and collapse (savedQuery's inverse). */
  function fromSavedQuery(query, collapse = "") {
    const p = new URLSearchParams();
    if (collapse) p.set("collapse", collapse);
    for (const [k, v] of Object.entries(query || {})) {
      if (v == null || k === "page" || k === "size") continue;
      for (const x of Array.isArray(v) ? v : [v]) p.append(k, String(x));
    }
    return parseState(p.toString());
  }

  /** facetParams: a counts-only request for one facet, with more values. */
  function facetParams(s, facet, size, opts) {
    const p = filterParams(s, opts);
    p.set("facets", facet);
    p.set("facet_size", String(size));
    p.set("size", "0");
    p.set("highlight", "false");
    if (s.collapse) p.set("collapse", s.collapse); // counts of stories, as the main search's
    return p;
  }

  /** significantParams: GET /api/v1/significant for the panel of the search. */
  function significantParams(s, size) {
    const p = filterParams(s);
    p.set("type", sigType(s));
    p.set("size", String(size));
    return p;
  }

  /** networkParams: GET /api/v1/network of the search's entities. */
  function networkParams(s, size) {
    const p = filterParams(s);
    p.set("types", ENTITY_TYPES.join(","));
    p.set("size", String(size));
    return p;
  }

  /** trendsParams: GET /api/v1/trends of the search and its compared entities. */
  function trendsParams(s) {
    const p = filterParams(s);
    if (s.compare.length) p.set("entities", s.compare.join(","));
    p.set("interval", s.interval || "month");
    return p;
  }

  /**
   * shownFacets: the facets the sidebar draws, in order, each about/mentions
   * pair as one: at the base facet's place, its "about" facet unless the
   * state shows that one by mentions.
   */
  function shownFacets(s) {
    const out = [];
    for (const f of FACETS) {
      if (ABOUT_FACETS.includes(f) && FACETS.includes(Object.keys(ABOUT_OF).find((b) => ABOUT_OF[b] === f))) continue;
      out.push(ABOUT_OF[f] && FACETS.includes(ABOUT_OF[f]) && !s.mentions.includes(f) ? ABOUT_OF[f] : f);
    }
    return out;
  }

  /** pairOf: {base, about} of the about/mentions pair a facet is in, or null. */
  function pairOf(f) {
    if (ABOUT_OF[f]) return { base: f, about: ABOUT_OF[f] };
    const base = Object.keys(ABOUT_OF).find((b) => ABOUT_OF[b] === f);
    return base ? { base, about: f } : null;
  }

  /** sigType: the entity type the "unusual" panel shows. */
  function sigType(s) {
    return s.sig || ENTITY_TYPES[0] || "";
  }

  /** hasFilters: whether anything narrows the search besides the query. */
  function hasFilters(s) {
    return FILTER_FACETS.some((f) => s.filters[f].length) || !!(s.from || s.to || s.mfrom || s.mto);
  }

  /** selectedPeriod: the period (a year, a month) a from/to range covers exactly, or "". */
  function selectedPeriod(s) {
    return s.from && s.from === s.to ? s.from : "";
  }

  /** clone copies a state deeply enough to change it. */
  function clone(s) {
    return {
      ...s,
      filters: Object.fromEntries(FILTER_FACETS.map((f) => [f, [...s.filters[f]]])),
      ops: { ...s.ops },
      compare: [...s.compare],
      more: [...s.more],
      mentions: [...s.mentions],
    };
  }

  return Object.freeze({
    FACETS, FILTER_FACETS, DATE_FACETS, OP_PARAMS, ENTITY_TYPES, ABOUT_OF, CAN_COLLAPSE,
    emptyState, parseState, normalize, toQuery, filterParams, searchParams, exportParams, facetParams, savedQuery, fromSavedQuery,
    significantParams, networkParams, trendsParams, shownFacets, pairOf, sigType, hasFilters, selectedPeriod, clone, entityOf,
  });
}

function unique(list) {
  return [...new Set(list)];
}
