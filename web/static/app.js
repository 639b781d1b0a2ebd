// searchd web UI: search as you type over /api/v1/search with disjunctive
// facets, a date histogram, suggestions under the box and an article view.
// The facets and the syntax help come from /api/v1/schema, fetched once at
// start. All state is in the URL.
import { el, highlighted, formatDay, formatPartialDate, formatCount, plural, hostOf } from "./dom.js";
import {
  FACETS, FILTER_FACETS, DATE_FACETS, OP_PARAMS, SORTS, PAGE_SIZE, FACET_MORE_SIZE,
  configure, parseState, toQuery, searchParams, facetParams, exportParams, hasFilters, selectedPeriod, clone, normalize,
} from "./state.js";
import { vocabularyFrom, title, one } from "./vocab.js";
import { withoutRange, withoutWordsFor, fold } from "./querytext.js";
import { attachSuggest } from "./suggest.js";
import { renderArticle, describeRange } from "./article.js";

const $ = (id) => document.getElementById(id);
const TYPE_DEBOUNCE_MS = 80; // the least time between two searches while typing
const FACET_FILTER_DEBOUNCE_MS = 120;
const DEFAULT_RESULT_WINDOW = 10000; // when the schema does not say
const FULL_FACET_SIZE = 1000;

/** Entities shown on each hit (the hit's JSON key) and the facet they filter. */
const HIT_CHIPS = [
  { key: "countries", facet: "country", max: 4 },
  { key: "groups", facet: "group", max: 3 },
  { key: "persons", facet: "person", max: 3 },
];

/** The vocabulary from /api/v1/schema (vocab.js), set once at start. */
let vocab = null;
let state = null;
let suggest = null;
/** Display labels of facet values seen in any response: "country:IR" → "Iran". */
const labels = new Map();
/** Text typed into each facet's filter box (UI-only, not part of the search). */
const facetFilterText = {};
let typingEntry = false; // the current history entry was pushed by typing
let lastOpened = ""; // id of the article last opened from the results

class ApiError extends Error {
  constructor(message, code, status) {
    super(message);
    this.code = code;
    this.status = status;
  }
}

/** getJSON fetches an API URL; errors carry the API's own message. */
async function getJSON(url, signal) {
  let res;
  try {
    res = await fetch(url, { signal, headers: { Accept: "application/json" } });
  } catch (e) {
    if (e.name === "AbortError") throw e;
    throw new ApiError(`Cannot reach the searchd server (${e.message}).`, "network", 0);
  }
  let body = null;
  try {
    body = await res.json();
  } catch (e) {
    if (e.name === "AbortError") throw e;
  }
  if (!res.ok) {
    const err = body && body.error;
    throw new ApiError(err && err.message ? err.message : `HTTP ${res.status} ${res.statusText}`, (err && err.code) || "http", res.status);
  }
  if (body == null) throw new ApiError("The server's answer was not JSON.", "bad_response", res.status);
  return body;
}

function labelFor(facet, value) {
  return labels.get(`${facet}:${value}`) || value;
}

function remember(facet, value, label) {
  if (label && value) labels.set(`${facet}:${value}`, label);
}

// ---------------------------------------------------------------- navigation

/** navigate makes `next` the current state, in a new history entry or this one. */
function navigate(next, { push = true, typing = false } = {}) {
  if (!typing) typingEntry = false;
  normalize(next);
  const url = location.pathname + toQuery(next);
  if (push) {
    saveViewState();
    history.pushState({ fromResults: !state.article && !!next.article }, "", url);
  } else {
    history.replaceState(history.state, "", url);
  }
  const scrollTop = push && !next.article && (next.page !== state.page || !sameSearch(next, state));
  state = next;
  render();
  if (scrollTop) window.scrollTo({ top: 0 });
}

function sameSearch(a, b) {
  return searchParams(a).toString() === searchParams(b).toString();
}

/** saveViewState records scroll and focus in the current history entry. */
function saveViewState() {
  const active = document.activeElement;
  history.replaceState({ ...(history.state || {}), scroll: window.scrollY, focus: active && active.id ? active.id : "" }, "", location.href);
}

function update(mutate, opts) {
  const next = clone(state);
  next.article = "";
  next.page = 1;
  mutate(next);
  navigate(next, opts);
}

function onPopState() {
  typingEntry = false;
  const fromArticle = !!state.article;
  state = parseState(location.search);
  render({ fromHistory: true });
  const saved = history.state || {};
  const restore = () => {
    window.scrollTo({ top: saved.scroll || 0 });
    if (!state.article) {
      const target = (fromArticle && lastOpened && $("hit-" + lastOpened)) || (saved.focus && $(saved.focus));
      if (target && target !== $("q")) target.focus({ preventScroll: true });
    }
  };
  // The results may still be on their way: restore once they are rendered.
  if (searchInFlight) document.addEventListener("searchd:rendered", restore, { once: true });
  else restore();
}

// -------------------------------------------------------------------- render

function render({ fromHistory = false } = {}) {
  const q = $("q");
  if (fromHistory || document.activeElement !== q) q.value = state.q;
  if (fromHistory) suggest.close();
  // Without a sort of its own the search shows the order the server chose:
  // set when its answer comes (renderSearch).
  if (state.sort) $("sort").value = state.sort;
  $("date-from").value = state.from;
  $("date-to").value = state.to;
  const inArticle = !!state.article;
  $("search-view").hidden = inArticle;
  $("article-view").hidden = !inArticle;
  $("footer-keys").textContent = "";
  $("footer-keys").append(...(inArticle ? ["Press ", el("kbd", {}, "Esc"), " to go back to the results"] : ["Press ", el("kbd", {}, "/"), " to search, ", el("kbd", {}, "↓"), " to move through results"]));
  runSearch();
  if (inArticle) loadArticle(state.article);
  else {
    shownArticle = "";
    document.title = state.q ? `${state.q} — searchd` : "searchd — news search";
  }
}

// -------------------------------------------------------------------- search

let searchSeq = 0;
let searchCtrl = null;
let renderedKey = null;
let pendingKey = null;
let searchInFlight = false;
let loadingTimer = 0;

/** sideRequests: extra counts-only searches the sidebar needs. */
function sideRequests(s) {
  const reqs = [];
  const dated = !!(s.from || s.to);
  for (const f of s.more) reqs.push({ kind: "more", facet: f, params: facetParams(s, f, FACET_MORE_SIZE, { omitDates: DATE_FACETS.includes(f) }).toString() });
  // The period facets (year, month) are the published-date filter: count
  // them without that filter (disjunctively), so that the other periods
  // stay visible and selectable.
  if (dated) {
    for (const f of DATE_FACETS) {
      if (!s.more.includes(f)) reqs.push({ kind: "period", facet: f, params: facetParams(s, f, FACET_MORE_SIZE, { omitDates: true }).toString() });
    }
  }
  return reqs;
}

function runSearch({ force = false } = {}) {
  const main = searchParams(state).toString();
  const side = sideRequests(state);
  const key = [main, ...side.map((r) => r.params)].join("|");
  if (!force && key === pendingKey) return;
  if (!force && key === renderedKey) {
    // Nothing to fetch (same search, e.g. a trailing space): the view is current.
    if (searchCtrl) searchCtrl.abort();
    pendingKey = null;
    searchSeq++;
    setLoading(false);
    announce({ ok: true, total: lastRendered ? lastRendered.res.total : 0 });
    return;
  }
  pendingKey = key;
  if (searchCtrl) searchCtrl.abort();
  const ctrl = (searchCtrl = new AbortController());
  const seq = ++searchSeq;
  const snapshot = state;
  setLoading(true);
  Promise.all([getJSON("/api/v1/search?" + main, ctrl.signal), ...side.map((r) => getJSON("/api/v1/search?" + r.params, ctrl.signal))])
    .then(([res, ...extra]) => {
      if (seq !== searchSeq) return; // a newer search was started: drop this answer
      pendingKey = null;
      renderedKey = key;
      const sideFacets = {};
      side.forEach((r, i) => { sideFacets[r.facet] = { values: (extra[i].facets || {})[r.facet] || [], meta: (extra[i].facet_meta || {})[r.facet] || {} }; });
      renderSearch(snapshot, res, sideFacets);
      setLoading(false);
      announce({ ok: true, total: res.total });
    })
    .catch((err) => {
      if (err.name === "AbortError" || seq !== searchSeq) return;
      pendingKey = null;
      renderedKey = null;
      renderSearchError(err);
      setLoading(false);
      announce({ ok: false, error: err.message });
    });
}

function announce(detail) {
  document.documentElement.dataset.state = detail.ok ? "ready" : "error";
  document.dispatchEvent(new CustomEvent("searchd:rendered", { detail: { ...detail, q: state.q } }));
}

function setLoading(on) {
  searchInFlight = on;
  clearTimeout(loadingTimer);
  $("results").setAttribute("aria-busy", String(on));
  if (on) {
    document.documentElement.dataset.state = "loading";
    // Only dim after a moment, so that fast answers never flicker.
    loadingTimer = setTimeout(() => document.body.classList.add("loading"), 150);
  } else {
    document.body.classList.remove("loading");
  }
}

let lastRendered = null;

function renderSearch(s, res, side) {
  lastRendered = { s, res, side };
  document.body.classList.remove("stale");
  for (const f of FACETS) for (const v of (res.facets && res.facets[f]) || []) remember(f, v.value, v.label);
  for (const h of res.hits || []) {
    for (const c of HIT_CHIPS) for (const e of (h.entities && h.entities[c.key]) || []) remember(c.facet, e.value, e.label);
  }
  const took = Number(res.took_ms || 0);
  const status = $("status");
  status.replaceChildren(
    el("strong", {}, formatCount(res.total)), ` ${res.total === 1 ? "article" : "articles"}`,
    el("span", { class: "took" }, ` · ${took < 10 ? took.toFixed(1) : Math.round(took)} ms`));
  status.classList.remove("error");
  $("sort").value = s.sort || res.sort || "relevance";
  $("filters-done").textContent = `Show ${plural(res.total, "result")}`;
  showQueryError(null);
  renderChips(s);
  renderInterpreted(s, res);
  renderHits(s, res);
  renderPager(s, res);
  renderFacets(s, res, side);
  renderHistogram(s, res.histogram);
  renderDownload(s, res);
}

/** renderDownload points the download links at the export of the search shown. */
function renderDownload(s, res) {
  for (const format of ["csv", "ndjson"]) $("download-" + format).href = "/api/v1/export?" + exportParams(s, format).toString();
  const what = `All ${plural(res.total, "article")} of this search, ${s.sort === "published_at" ? "oldest" : "newest"} first`;
  $("download").title = what;
  $("download-what").textContent = what;
  $("download").hidden = res.total === 0;
}

function renderSearchError(err) {
  document.body.classList.add("stale"); // the sidebar still shows the last good search
  $("status").textContent = "Search failed";
  $("status").classList.add("error");
  $("results").replaceChildren();
  $("pager").replaceChildren();
  $("interpreted").hidden = true;
  renderChips(state);
  const isQuery = err.code === "bad_query" || /^q:/.test(err.message);
  if (isQuery) {
    // The parser's message names the position: it goes under the box, with
    // the query and that position marked.
    showQueryError(err.message, state.q.trim());
    $("message").replaceChildren(el("div", { class: "notice error" },
      el("h3", {}, "The query could not be understood"),
      el("p", { class: "muted small" }, "See the message under the search box. Check quotes and parentheses, or open “Syntax” next to the search box for an example of each form.")));
    return;
  }
  showQueryError(null);
  $("message").replaceChildren(el("div", { class: "notice error", role: "alert" },
    el("h3", {}, "The search failed"),
    el("p", { class: "api-message" }, err.message),
    el("p", { class: "muted small" }, err.status ? `The server answered ${err.status} (${err.code}).` : "Is the searchd daemon running?"),
    el("button", { type: "button", class: "btn small", on: { click: () => runSearch({ force: true }) } }, "Try again")));
}

/**
 * showQueryError puts the server's message about q under the search box
 * (null clears it). A message ending "at N" (a position in characters,
 * from 1) also shows q with that character marked.
 */
function showQueryError(message, q = "") {
  const box = $("q-error");
  const input = $("q");
  if (!message) {
    if (box.hasChildNodes()) box.replaceChildren();
    input.removeAttribute("aria-invalid");
    return;
  }
  const text = message.replace(/^q:\s*/, "");
  const at = text.match(/ at (\d+)$/);
  const parts = [el("span", { class: "q-error-text" }, text)];
  if (at && q) {
    const chars = [...q];
    const i = Math.min(Number(at[1]) - 1, chars.length);
    parts.push(" ", el("code", { class: "q-error-at", "aria-hidden": "true" },
      chars.slice(0, i).join(""), el("mark", { class: i >= chars.length ? "end" : null }, chars[i] || " "), chars.slice(i + 1).join("")));
  }
  box.replaceChildren(...parts);
  input.setAttribute("aria-invalid", "true");
}

// -------------------------------------------------------------------- interpreted

/**
 * renderInterpreted says which words of q were also searched as entities
 * ("Also searching group Islamic Revolutionary Guard Corps for “IRGC”"),
 * with a way to search the words only (expand=false) and back.
 */
function renderInterpreted(s, res) {
  const box = $("interpreted");
  const found = (res.interpreted || []).filter((x) => x.entity);
  if (!s.expand && s.q.trim()) {
    box.replaceChildren("Searching the words literally, not the entities they may name. ",
      el("button", { type: "button", class: "link", on: { click: () => update((n) => { n.expand = true; }) } }, "Search entities too"));
    box.hidden = false;
    return;
  }
  if (!found.length) {
    box.hidden = true;
    box.replaceChildren();
    return;
  }
  const items = [];
  found.forEach((x, i) => {
    remember(x.entity.type, x.entity.value, x.entity.label);
    if (i) items.push(i === found.length - 1 ? " and " : ", ");
    items.push(`${one(x.entity.type).toLowerCase()} `, el("strong", { class: `interp-entity ent-${x.entity.type}` }, x.entity.label), ` for “${x.text}”`);
  });
  box.replaceChildren("Also searching ", ...items, ". ",
    el("button", {
      type: "button", class: "link", title: "Search only for the words as typed, not for the entities they name",
      on: { click: () => update((n) => { n.expand = false; }) },
    }, "Search literally"));
  box.hidden = false;
}

// -------------------------------------------------------------------- chips

function renderChips(s) {
  const bar = $("chips");
  const chips = [];
  for (const f of FILTER_FACETS) {
    for (const [i, v] of s.filters[f].entries()) {
      // Between two values of a facet, how they combine: any (or) or all (and).
      if (i) chips.push(el("span", { class: "chip-op", "aria-hidden": "true" }, s.ops[f] === "and" ? "and" : "or"));
      chips.push(chip(`${one(f)}:`, labelFor(f, v), `ent-${f}`, () => update((n) => { n.filters[f] = n.filters[f].filter((x) => x !== v); })));
    }
  }
  if (s.from || s.to) chips.push(chip("Published:", describeRange(s.from, s.to), "ent-date", () => update((n) => { n.from = ""; n.to = ""; })));
  if (s.mfrom || s.mto) chips.push(chip("Mentions:", describeRange(s.mfrom, s.mto), "ent-date", () => update((n) => { n.mfrom = ""; n.mto = ""; })));
  bar.hidden = !chips.length;
  if (chips.length) {
    chips.push(el("button", { type: "button", class: "clear-all", on: { click: () => update((n) => clearFilters(n)) } }, "Clear all"));
  }
  bar.replaceChildren(...chips);
  const count = bar.querySelectorAll(".filter-chip").length;
  $("filters-count").textContent = count ? String(count) : "";
}

function chip(kind, label, cls, onRemove) {
  return el("span", { class: `filter-chip ${cls}` },
    el("span", { class: "kind" }, kind), " ", el("span", { class: "value" }, label),
    el("button", { type: "button", class: "remove", "aria-label": `Remove filter ${kind} ${label}`, title: "Remove this filter", on: { click: onRemove } }, "×"));
}

function clearFilters(n) {
  for (const f of FILTER_FACETS) n.filters[f] = [];
  n.from = n.to = n.mfrom = n.mto = "";
}

function toggleFilter(facet, value, label) {
  remember(facet, value, label);
  update((n) => {
    const list = n.filters[facet];
    n.filters[facet] = list.includes(value) ? list.filter((x) => x !== value) : [...list, value];
  });
}

// -------------------------------------------------------------------- hits

function renderHits(s, res) {
  const ol = $("results");
  const msg = $("message");
  msg.replaceChildren();
  const hits = res.hits || [];
  const first = (res.page - 1) * res.size;
  ol.replaceChildren(...hits.map((h, i) => hitItem(s, h, first + i + 1)));
  ol.setAttribute("start", String(first + 1));
  if (!hits.length) {
    if (res.total > 0) {
      const last = lastPage(res);
      msg.append(el("div", { class: "notice" },
        el("h3", {}, "This page is past the end of the results"),
        el("button", { type: "button", class: "btn small", on: { click: () => gotoPage(last) } }, `Go to page ${last}`)));
    } else {
      const tips = [];
      if (hasFilters(s)) tips.push(el("li", {}, "Remove a filter, or ", el("button", { type: "button", class: "link", on: { click: () => update((n) => clearFilters(n)) } }, "clear all filters"), "."));
      if (s.q) tips.push(el("li", {}, "Check the spelling, use fewer words, or a prefix such as ", el("code", {}, "sanct*"), "."));
      msg.append(el("div", { class: "notice empty", role: "status" },
        el("h3", {}, "No articles match"),
        didYouMean(s, res),
        entitySuggestions(s, res),
        tips.length ? el("ul", {}, tips) : el("p", {}, "The index has no articles yet.")));
    }
  }
}

/** didYouMean: "Did you mean hezbollah?", a link that runs the corrected query. */
function didYouMean(s, res) {
  const fixed = (res.did_you_mean || "").trim();
  if (!fixed || fixed === s.q.trim()) return null;
  const next = clone(s);
  next.q = fixed;
  next.page = 1;
  next.article = "";
  const link = el("a", { href: toQuery(next), class: "did-you-mean", id: "did-you-mean" }, "Did you mean ", el("strong", {}, fixed), "?");
  link.addEventListener("click", (e) => {
    if (e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
    e.preventDefault();
    $("q").value = fixed;
    navigate(next);
  });
  return el("p", { class: "dym" }, link);
}

/**
 * entitySuggestions: the entities named like the words of a query without
 * hits, as buttons. One adds its filter and takes out of the query (the
 * corrected one, when there is one) the words that named it, so that
 * "Hezbolah" becomes the filter Group: Hezbollah and an empty query.
 */
function entitySuggestions(s, res) {
  const list = (res.suggestions || []).filter((x) => FILTER_FACETS.includes(x.type) && !s.filters[x.type].includes(x.value));
  if (!list.length) return null;
  const base = (res.did_you_mean || s.q).trim();
  return el("div", { class: "zero-suggest" },
    el("p", { class: "small muted", id: "zero-suggest-h" }, "Or filter by what the words may name:"),
    el("ul", { class: "ent-chips", "aria-labelledby": "zero-suggest-h" }, list.map((x) => {
      remember(x.type, x.value, x.label);
      return el("li", {}, el("button", {
        type: "button", class: `ent-chip ent-${x.type}`,
        "aria-label": `Filter by ${one(x.type).toLowerCase()}: ${x.label} (${plural(x.count, "article")})`,
        on: {
          click: () => {
            const q = withoutWordsFor(base, [x.matched, x.label]);
            $("q").value = q;
            update((n) => { n.q = q; n.filters[x.type].push(x.value); });
          },
        },
      }, el("span", { class: "swatch", "aria-hidden": "true" }), el("span", { class: "kind" }, one(x.type)), " ", x.label,
      el("span", { class: "count" }, formatCount(x.count))));
    })));
}

function hitItem(s, h, n) {
  const titleFrag = h.highlights && h.highlights.title && h.highlights.title.length ? highlighted(h.highlights.title[0]) : h.title || "(untitled)";
  const link = el("a", { href: toQuery({ ...s, article: h.id }), class: "hit-link", id: "hit-" + h.id, dataset: { id: h.id } }, titleFrag);
  link.addEventListener("click", (e) => {
    if (e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return; // new tab etc.
    e.preventDefault();
    openArticle(h.id);
  });
  const bodyFrags = (h.highlights && h.highlights.body) || [];
  // Without highlights (a search by filters only) show the start of the
  // body, which the API sends as plain text: it goes in as a text node.
  const snippet = bodyFrags.length
    ? el("p", { class: "snippet" }, bodyFrags.map((f, i) => [i ? " " : null, highlighted(f)]))
    : h.snippet ? el("p", { class: "snippet" }, h.snippet) : null;
  const host = hostOf(h.url);
  const meta = el("p", { class: "hit-meta" },
    h.source ? el("span", { class: "source" }, h.source) : null,
    el("time", { datetime: h.published_at }, formatDay(h.published_at)),
    host ? el("span", { class: "host" }, host) : null);
  const chips = [];
  for (const c of HIT_CHIPS) {
    const list = [...((h.entities && h.entities[c.key]) || [])].sort((a, b) => (b.mentions || 0) - (a.mentions || 0));
    for (const e of list.slice(0, c.max)) {
      if (!FILTER_FACETS.includes(c.facet)) continue;
      const active = s.filters[c.facet].includes(e.value);
      chips.push(el("li", {}, el("button", {
        type: "button",
        class: `ent-chip ent-${c.facet}`,
        "aria-pressed": String(active),
        title: active ? `Remove the filter ${one(c.facet)}: ${e.label}` : `Filter by ${one(c.facet).toLowerCase()}: ${e.label}`,
        on: { click: () => toggleFilter(c.facet, e.value, e.label) },
      }, el("span", { class: "swatch", "aria-hidden": "true" }), e.label)));
    }
  }
  return el("li", { class: "hit" },
    el("article", { "aria-labelledby": link.id },
      el("span", { class: "hit-n", "aria-hidden": "true" }, String(n)),
      el("h3", { class: "hit-title" }, link),
      meta,
      snippet,
      chips.length ? el("ul", { class: "ent-chips", "aria-label": "Entities in this article" }, chips) : null));
}

function openArticle(id) {
  lastOpened = id;
  const next = clone(state);
  next.article = id;
  navigate(next);
}

// -------------------------------------------------------------------- pager

function lastPage(res) {
  const deepest = (vocab && vocab.maxResultWindow) || DEFAULT_RESULT_WINDOW;
  return Math.max(1, Math.min(Math.ceil(res.total / PAGE_SIZE), Math.floor(deepest / PAGE_SIZE)));
}

function gotoPage(p) {
  const next = clone(state);
  next.page = p;
  navigate(next);
  $("results-heading").focus({ preventScroll: true });
}

function renderPager(s, res) {
  const nav = $("pager");
  nav.replaceChildren();
  const last = lastPage(res);
  if (res.total <= PAGE_SIZE && s.page === 1) return;
  const page = s.page;
  const link = (p, text, label, extra = {}) => {
    if (p < 1 || p > last) return el("span", { class: "page disabled", "aria-disabled": "true" }, text);
    const a = el("a", { class: "page", href: toQuery({ ...s, page: p }), "aria-label": label, ...extra }, text);
    a.addEventListener("click", (e) => {
      if (e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey) return;
      e.preventDefault();
      gotoPage(p);
    });
    return a;
  };
  const items = [link(page - 1, "‹ Previous", "Previous page", { rel: "prev" })];
  const pages = new Set([1, last, page - 1, page, page + 1].filter((p) => p >= 1 && p <= last));
  let prev = 0;
  for (const p of [...pages].sort((a, b) => a - b)) {
    if (p - prev > 1) items.push(el("span", { class: "gap", "aria-hidden": "true" }, "…"));
    items.push(p === page ? el("span", { class: "page current", "aria-current": "page", "aria-label": `Page ${p}, current` }, String(p)) : link(p, String(p), `Page ${p}`));
    prev = p;
  }
  items.push(link(page + 1, "Next ›", "Next page", { rel: "next" }));
  const from = (page - 1) * PAGE_SIZE + 1;
  const to = Math.min(res.total, page * PAGE_SIZE);
  nav.append(el("p", { class: "range muted small" }, from <= to ? `${formatCount(from)}–${formatCount(to)} of ${formatCount(res.total)}` : ""), el("div", { class: "pages" }, items));
}

// -------------------------------------------------------------------- facets

function renderFacets(s, res, side) {
  const box = $("facets");
  const focused = document.activeElement;
  const refocus = focused && box.contains(focused) ? focused.dataset.focusKey : "";
  const sections = [];
  for (const f of FACETS) {
    let values = (res.facets && res.facets[f]) || [];
    let meta = (res.facet_meta && res.facet_meta[f]) || {};
    if (side[f]) ({ values, meta } = side[f]);
    const expanded = s.more.includes(f);
    const period = DATE_FACETS.includes(f);
    // A period shows as picked in the facet of its kind: 2024 in year, 2024-04 in month.
    const shape = (v) => String(v).replace(/\d/g, "9");
    const picked = selectedPeriod(s);
    const selected = period ? (picked && values.length && shape(values[0].value) === shape(picked) ? [picked] : []) : s.filters[f];
    if (period) values = [...values].sort((a, b) => b.value.localeCompare(a.value));
    // Selected values always stay visible, even beyond the top ones.
    const shown = [...values];
    for (const v of selected) if (!shown.some((x) => x.value === v)) shown.unshift({ value: v, label: labelFor(f, v), count: null });
    if (!shown.length) continue;
    const long = !!meta.other || expanded;
    const section = el("section", { class: "facet", "aria-labelledby": `facet-${f}-h`, dataset: { facet: f } });
    const head = el("div", { class: "facet-head" },
      el("h2", { class: "facet-title", id: `facet-${f}-h` }, title(f)),
      selected.length ? el("button", {
        type: "button", class: "link small", "aria-label": `Clear the ${title(f).toLowerCase()} filter`,
        on: { click: () => update((n) => { if (period) { n.from = n.to = ""; } else n.filters[f] = []; }) },
      }, "Clear") : null);
    section.append(head);
    if (OP_PARAMS[f] && selected.length >= 2) section.append(opToggle(s, f));
    const list = el("ul", { class: "facet-list" + (expanded ? " expanded" : ""), id: `facet-${f}-list`, "aria-labelledby": `facet-${f}-h` });
    if (long && FILTER_FACETS.includes(f)) {
      const input = el("input", {
        type: "search", class: "facet-filter", placeholder: `Find ${title(f).toLowerCase()}…`,
        "aria-label": `Find ${title(f).toLowerCase()}`, "aria-controls": list.id,
        dataset: { focusKey: `filter-${f}` }, value: facetFilterText[f] || "",
      });
      input.addEventListener("input", () => {
        facetFilterText[f] = input.value;
        clearTimeout(input._t);
        input._t = setTimeout(() => filterFacet(s, f, input.value, list, selected), FACET_FILTER_DEBOUNCE_MS);
      });
      input.addEventListener("keydown", (e) => {
        if (e.key === "Escape" && input.value) { e.stopPropagation(); input.value = ""; input.dispatchEvent(new Event("input")); }
      });
      section.append(input);
    }
    fillFacetList(list, f, shown, selected);
    section.append(list);
    if (long) {
      section.append(el("button", {
        type: "button", class: "link small more", "aria-expanded": String(expanded), "aria-controls": list.id,
        on: { click: () => { const next = clone(state); next.more = expanded ? next.more.filter((x) => x !== f) : [...next.more, f]; navigate(next, { push: false }); } },
      }, expanded ? "Show fewer" : `Show more${meta.other ? ` (${formatCount(meta.other)})` : ""}`));
    }
    if (meta.missing) section.append(el("p", { class: "muted small missing" }, `${plural(meta.missing, "article")} without a ${one(f).toLowerCase()}`));
    sections.push(section);
    if (facetFilterText[f]) filterFacet(s, f, facetFilterText[f], list, selected);
  }
  box.replaceChildren(...sections);
  if (refocus) {
    const again = box.querySelector(`[data-focus-key="${CSS.escape(refocus)}"]`);
    if (again) again.focus({ preventScroll: true });
  }
}

/**
 * opToggle: whether the ticked values of a facet are OR'ed (any of them, the
 * default) or AND'ed (all of them: <facet>_op=and).
 */
function opToggle(s, f) {
  const all = s.ops[f] === "and";
  const what = `the ticked ${title(f).toLowerCase()}`;
  const button = (op, text) => el("button", {
    type: "button", class: "op" + ((op === "and") === all ? " on" : ""), "aria-pressed": String((op === "and") === all),
    "aria-label": `${text === "any" ? "Any" : "All"} of ${what}`, dataset: { focusKey: `op-${f}-${op}` },
    on: { click: () => { if ((op === "and") !== all) update((n) => { n.ops[f] = op; }); } },
  }, text);
  return el("div", { class: "facet-op", role: "group", "aria-label": `Articles with any or all of ${what}` },
    el("span", { class: "muted small", "aria-hidden": "true" }, "Match"), el("span", { class: "ops" }, button("or", "any"), button("and", "all")));
}

function fillFacetList(list, f, values, selected) {
  const period = DATE_FACETS.includes(f);
  list.replaceChildren(...values.map((v) => {
    const checked = selected.includes(v.value);
    const box = el("input", { type: "checkbox", checked, dataset: { focusKey: `${f}:${v.value}` } });
    box.addEventListener("change", () => {
      if (period) update((n) => { const on = selectedPeriod(n) === v.value; n.from = on ? "" : v.value; n.to = on ? "" : v.value; });
      else toggleFilter(f, v.value, v.label);
    });
    const label = period ? formatPartialDate(v.value) : v.label || v.value;
    return el("li", {}, el("label", { class: "facet-item" + (v.count === 0 ? " zero" : "") },
      box, el("span", { class: "facet-label", title: label }, label),
      el("span", { class: "facet-count", "aria-label": v.count == null ? null : plural(v.count, "article") }, v.count == null ? "" : formatCount(v.count))));
  }));
}

/** Counts of every value of a facet for the current filters, by request key. */
const fullFacetCache = new Map();

function fullFacet(s, f) {
  const key = facetParams(s, f, FULL_FACET_SIZE).toString();
  if (!fullFacetCache.has(key)) {
    if (fullFacetCache.size > 20) fullFacetCache.clear();
    fullFacetCache.set(key, getJSON("/api/v1/search?" + key).then((r) => new Map(((r.facets || {})[f] || []).map((v) => {
      remember(f, v.value, v.label);
      return [v.value, v.count];
    }))).catch((err) => { fullFacetCache.delete(key); throw err; }));
  }
  return fullFacetCache.get(key);
}

let facetFilterSeq = 0;

/**
 * filterFacet narrows a long facet to the values whose name starts with the
 * typed text (any word of it, accents ignored: /api/v1/entities), with their
 * counts in the current results.
 */
async function filterFacet(s, f, text, list, selected) {
  const seq = ++facetFilterSeq;
  text = text.trim();
  if (!text) {
    if (lastRendered) renderFacets(lastRendered.s, lastRendered.res, lastRendered.side);
    return;
  }
  try {
    const [found, counts] = await Promise.all([
      getJSON(`/api/v1/entities?type=${encodeURIComponent(f)}&prefix=${encodeURIComponent(text)}`),
      fullFacet(s, f),
    ]);
    if (seq !== facetFilterSeq || !list.isConnected) return;
    const byValue = new Map();
    for (const v of found.values || []) {
      remember(f, v.value, v.label);
      byValue.set(v.value, { value: v.value, label: v.label, count: counts.get(v.value) || 0 });
    }
    // The entities endpoint answers the best-known values overall; add the
    // values of the current results that match, however rare overall.
    const want = fold(text);
    for (const [value, count] of counts) {
      if (byValue.has(value)) continue;
      const label = labelFor(f, value);
      const l = fold(label);
      if (l.startsWith(want) || l.split(/[\s\-'’.]+/).some((w) => w.startsWith(want))) byValue.set(value, { value, label, count });
    }
    const values = [...byValue.values()].sort((a, b) => b.count - a.count || a.label.localeCompare(b.label)).slice(0, 50);
    fillFacetList(list, f, values, selected);
    if (!values.length) list.append(el("li", { class: "muted small none" }, `No ${title(f).toLowerCase()} match “${text}”.`));
  } catch (err) {
    if (seq !== facetFilterSeq || !list.isConnected) return;
    list.replaceChildren(el("li", { class: "error small", role: "alert" }, err.message));
  }
}

// -------------------------------------------------------------------- histogram

function renderHistogram(s, hist) {
  const box = $("histogram");
  const buckets = (hist && hist.buckets) || [];
  box.replaceChildren();
  if (!buckets.length) {
    box.append(el("p", { class: "muted small" }, "No dates to show."));
    return;
  }
  const max = Math.max(1, ...buckets.map((b) => b.count));
  const byYear = hist.interval === "year";
  const bars = el("div", { class: "hist-bars" + (buckets.length > 40 ? " dense" : "") });
  for (const b of buckets) {
    const name = formatPartialDate(b.key, true);
    const selected = s.from === b.key && s.to === b.key;
    const bar = el("span", { class: "bar" });
    bar.style.height = b.count ? `${Math.max(4, Math.round((b.count / max) * 100))}%` : "0";
    const btn = el("button", {
      type: "button", class: "hist-bucket" + (selected ? " selected" : ""), disabled: b.count === 0,
      "aria-label": `${name}: ${plural(b.count, "article")}`, title: `${name}: ${plural(b.count, "article")}`,
      "aria-pressed": String(selected),
      on: { click: () => update((n) => { n.from = b.key; n.to = b.key; }) },
    }, bar);
    bars.append(btn);
  }
  const first = buckets[0].key;
  const last = buckets[buckets.length - 1].key;
  let axis;
  if (byYear && buckets.length <= 8) {
    // Few years: label every bar.
    axis = el("div", { class: "hist-axis each", "aria-hidden": "true" }, buckets.map((b) => el("span", {}, b.key)));
  } else {
    axis = el("div", { class: "hist-axis", "aria-hidden": "true" },
      el("span", {}, byYear ? first : formatPartialDate(first)), el("span", {}, byYear ? last : formatPartialDate(last)));
  }
  const head = el("div", { class: "hist-head" }, el("span", { class: "muted small" }, byYear ? "Articles per year" : "Articles per month"),
    s.from || s.to ? el("button", { type: "button", class: "link small", on: { click: () => update((n) => { n.from = n.to = ""; }) } }, "All dates") : null);
  box.append(head, bars, axis);
}

// -------------------------------------------------------------------- article

let shownArticle = "";
let articleCtrl = null;
const articleCache = new Map();

async function loadArticle(id) {
  if (id === shownArticle) return;
  shownArticle = id;
  const view = $("article-view");
  if (articleCtrl) articleCtrl.abort();
  const ctrl = (articleCtrl = new AbortController());
  const fromResults = !!(history.state && history.state.fromResults);
  const back = () => {
    if (history.state && history.state.fromResults) history.back();
    else { const next = clone(state); next.article = ""; navigate(next); }
  };
  const backLabel = fromResults || state.q || hasFilters(state) ? "Back to results" : "All articles";
  try {
    let a = articleCache.get(id);
    if (!a) {
      view.replaceChildren(el("p", { class: "notice loading-note", role: "status" }, "Loading the article…"));
      a = await getJSON("/api/v1/articles/" + encodeURIComponent(id), ctrl.signal);
      articleCache.set(id, a);
      if (articleCache.size > 50) articleCache.delete(articleCache.keys().next().value);
    }
    if (shownArticle !== id) return;
    renderArticle(view, a, {
      backLabel,
      onBack: back,
      isActive: (facet, value) => !!state.filters[facet] && state.filters[facet].includes(value),
      onFilter: (facet, value, label) => {
        const next = clone(state);
        next.article = "";
        next.page = 1;
        if (facet === "date") { next.mfrom = value.from; next.mto = value.to; }
        else {
          remember(facet, value, label);
          if (next.filters[facet] && !next.filters[facet].includes(value)) next.filters[facet].push(value);
        }
        navigate(next);
        window.scrollTo({ top: 0 });
      },
    });
    document.title = `${a.title} — searchd`;
    window.scrollTo({ top: 0 });
    $("article-title").focus({ preventScroll: true });
    document.documentElement.dataset.article = "ready";
  } catch (err) {
    if (err.name === "AbortError" || shownArticle !== id) return;
    view.replaceChildren(
      el("nav", { class: "article-nav" }, el("button", { type: "button", class: "back", on: { click: back } }, "← ", backLabel)),
      el("div", { class: "notice error", role: "alert" },
        el("h3", {}, err.status === 404 ? "Article not found" : "The article could not be loaded"),
        el("p", { class: "api-message" }, err.message)));
    document.documentElement.dataset.article = "error";
  }
}

// -------------------------------------------------------------------- input

function commitQuery() {
  const q = $("q").value;
  if (q === state.q && !state.article) return;
  const next = clone(state);
  next.q = q;
  next.page = 1;
  next.article = "";
  navigate(next, { push: !typingEntry, typing: true });
  typingEntry = true;
}

function setup() {
  const q = $("q");
  // Search as you type: a keystroke searches at once when the last search
  // has answered and none was started in the last TYPE_DEBOUNCE_MS;
  // otherwise it waits for a pause (trailing debounce). Answers to older
  // searches are dropped (AbortController plus a sequence number).
  let timer = 0;
  let lastCommit = 0;
  q.addEventListener("input", () => {
    clearTimeout(timer);
    const since = performance.now() - lastCommit;
    const go = () => { lastCommit = performance.now(); commitQuery(); };
    if (!searchInFlight && since >= TYPE_DEBOUNCE_MS) go();
    else timer = setTimeout(go, searchInFlight ? TYPE_DEBOUNCE_MS : TYPE_DEBOUNCE_MS - since);
  });
  q.addEventListener("blur", () => { typingEntry = false; });
  suggest = attachSuggest(q, {
    list: $("suggest"),
    status: $("suggest-status"),
    types: vocab.suggestTypes,
    load: getJSON,
    skip: (x) => !FILTER_FACETS.includes(x.type) || state.filters[x.type].includes(x.value),
    onPick: (x, word) => {
      // The picked entity becomes a filter chip; the prefix typed for it leaves the box.
      clearTimeout(timer);
      const { q: rest, caret } = withoutRange(q.value, word.start, word.end);
      q.value = rest;
      q.setSelectionRange(caret, caret);
      remember(x.type, x.value, x.label);
      update((n) => { n.q = rest; if (!n.filters[x.type].includes(x.value)) n.filters[x.type].push(x.value); });
    },
  });
  $("search-form").addEventListener("submit", (e) => {
    e.preventDefault();
    suggest.close();
    clearTimeout(timer);
    if (q.value === state.q && !state.article) runSearch({ force: true });
    else commitQuery();
    typingEntry = false;
  });

  const sort = $("sort");
  sort.append(...SORTS.map((o) => el("option", { value: o.value }, o.label)));
  sort.addEventListener("change", () => update((n) => { n.sort = sort.value; }));

  $("date-form").addEventListener("submit", (e) => {
    e.preventDefault();
    const from = $("date-from").value.trim();
    const to = $("date-to").value.trim();
    update((n) => { n.from = from; n.to = to; });
  });

  $("home").addEventListener("click", (e) => {
    if (e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey) return;
    e.preventDefault();
    navigate(parseState(""));
    q.focus();
  });

  // Phones: the sidebar opens above the results with the Filters button.
  const toggle = $("filters-toggle");
  const showFilters = (open) => {
    toggle.setAttribute("aria-expanded", String(open));
    $("sidebar").classList.toggle("open", open);
  };
  toggle.addEventListener("click", () => showFilters(toggle.getAttribute("aria-expanded") !== "true"));
  $("filters-done").addEventListener("click", () => {
    showFilters(false);
    toggle.scrollIntoView({ block: "nearest" });
    $("results-heading").focus({ preventScroll: true });
  });

  // The syntax help lists the schema's examples; one click searches for it.
  // It closes with Escape or a click elsewhere.
  const syntax = $("syntax");
  renderSyntaxHelp(syntax);
  document.addEventListener("click", (e) => { if (syntax.open && !syntax.contains(e.target)) syntax.open = false; });
  syntax.addEventListener("keydown", (e) => {
    if (e.key === "Escape" && syntax.open) { e.stopPropagation(); syntax.open = false; syntax.querySelector("summary").focus(); }
  });

  document.addEventListener("keydown", onKey);
  window.addEventListener("popstate", onPopState);
  history.scrollRestoration = "manual";
  render();
}

/** renderSyntaxHelp fills the syntax popover from the schema: every example, and the fields q can name. */
function renderSyntaxHelp(syntax) {
  const examples = $("syntax-examples");
  examples.replaceChildren(...vocab.examples.map((x) => el("li", {}, el("button", {
    type: "button", class: "example", title: "Search for this",
    on: {
      click: () => {
        syntax.open = false;
        $("q").value = x;
        update((n) => { n.q = x; });
        $("q").focus();
      },
    },
  }, el("code", {}, x)))));
  $("syntax-fields").replaceChildren(...vocab.fields.map((f) => el("tr", {},
    el("td", {}, el("code", {}, f.name + ":")), el("td", {}, f.description))));
}

/**
 * start fetches the vocabulary, then shows the search of the URL. Without
 * the schema the UI cannot know its facets, so it says so and offers to
 * try again.
 */
async function start() {
  try {
    vocab = vocabularyFrom(await getJSON("/api/v1/schema"));
  } catch (err) {
    $("status").textContent = "searchd is not answering";
    $("status").classList.add("error");
    $("message").replaceChildren(el("div", { class: "notice error", role: "alert" },
      el("h3", {}, "The search vocabulary could not be loaded"),
      el("p", { class: "api-message" }, err.message),
      el("button", { type: "button", class: "btn small", on: { click: () => location.reload() } }, "Try again")));
    document.documentElement.dataset.state = "error";
    return;
  }
  configure(vocab);
  state = parseState(location.search);
  setup();
}

function onKey(e) {
  if (e.defaultPrevented || e.ctrlKey || e.metaKey || e.altKey) return;
  const t = e.target;
  const inField = t instanceof HTMLElement && (t.matches("input, textarea, select") || t.isContentEditable);
  if (e.key === "/" && !inField) {
    e.preventDefault();
    $("q").focus();
    $("q").select();
    return;
  }
  if (e.key === "Escape" && state.article) {
    e.preventDefault();
    const back = $("article-view").querySelector("button.back");
    if (back) back.click();
    return;
  }
  if (state.article) return;
  const links = [...document.querySelectorAll("#results .hit-link")];
  if (!links.length) return;
  if (t === $("q") && e.key === "ArrowDown") {
    e.preventDefault();
    focusHit(links[0]);
    return;
  }
  const hit = t instanceof HTMLElement ? t.closest("#results .hit") : null;
  if (!hit) return;
  const i = links.indexOf(hit.querySelector(".hit-link"));
  let target = null;
  if (e.key === "ArrowDown" || (e.key === "j" && !inField)) target = links[Math.min(links.length - 1, i + 1)];
  else if (e.key === "ArrowUp" || (e.key === "k" && !inField)) target = i > 0 ? links[i - 1] : $("q");
  else if (e.key === "Home") target = links[0];
  else if (e.key === "End") target = links[links.length - 1];
  if (target) {
    e.preventDefault();
    focusHit(target);
  }
}

function focusHit(link) {
  link.focus();
  if (link.classList.contains("hit-link")) link.closest(".hit").scrollIntoView({ block: "nearest" });
}

start();
