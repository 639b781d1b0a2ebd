// The results pane of the search view: the count, the active filter chips,
// what the query was also searched as, the hits with their entity chips,
// the pager, the download links, and what went wrong when a search failed.
import { el, highlighted, formatDay, formatCount, plural, hostOf } from "./dom.js";
import { PAGE_SIZE } from "./state.js";
import { one } from "./vocab.js";
import { withoutWordsFor } from "./querytext.js";
import { describeRange } from "./article.js";

const $ = (id) => document.getElementById(id);
const DEFAULT_RESULT_WINDOW = 10000; // when the schema does not say

/** Entities shown on each hit (the hit's JSON key) and the facet they filter. */
export const HIT_CHIPS = Object.freeze([
  { key: "countries", facet: "country", max: 4 },
  { key: "groups", facet: "group", max: 3 },
  { key: "persons", facet: "person", max: 3 },
]);

/**
 * createResults renders the results pane. ctx: vocab, st, labels, current(),
 * update(mutate), navigate(next), toggleFilter(facet, value, label),
 * openArticle(id), retry() (the same search again), entityLink(type,
 * value, label), entityHref(type, value) and openEntity(type, value). It returns {render(s, res), renderError(s, err),
 * showQueryError(message, q), renderChips(s), clearFilters(n)}.
 */
export function createResults(ctx) {
  const { st, labels } = ctx;

  function render(s, res) {
    const took = Number(res.took_ms || 0);
    const status = $("status");
    // Collapsed, the total counts stories; the articles they hold follow.
    const collapsed = res.collapse === "story";
    status.replaceChildren(
      el("strong", {}, formatCount(res.total)), ` ${collapsed ? (res.total === 1 ? "story" : "stories") : res.total === 1 ? "article" : "articles"}`,
      collapsed && res.total_articles != null ? el("span", { class: "story-articles" }, ` (${plural(res.total_articles, "article")})`) : "",
      el("span", { class: "took" }, ` · ${took < 10 ? took.toFixed(1) : Math.round(took)} ms`));
    status.classList.remove("error");
    $("sort").value = s.sort || res.sort || "relevance";
    $("filters-done").textContent = `Show ${plural(res.total, "result")}`;
    showQueryError(null);
    renderChips(s);
    renderInterpreted(s, res);
    renderHits(s, res);
    renderPager(s, res);
    renderDownload(s, res);
  }

  /** renderDownload points the download links at the export of the search shown. */
  function renderDownload(s, res) {
    for (const format of ["csv", "ndjson"]) $("download-" + format).href = "/api/v1/export?" + st.exportParams(s, format).toString();
    const what = `All ${plural(res.total, "article")} of this search, ${s.sort === "published_at" ? "oldest" : "newest"} first`;
    $("download").title = what;
    $("download-what").textContent = what;
    $("download").hidden = res.total === 0;
  }

  function renderError(s, err) {
    $("status").textContent = "Search failed";
    $("status").classList.add("error");
    $("results").replaceChildren();
    $("pager").replaceChildren();
    $("interpreted").hidden = true;
    renderChips(s);
    const isQuery = err.code === "bad_query" || /^q:/.test(err.message);
    if (isQuery) {
      // The parser's message names the position: it goes under the box, with
      // the query and that position marked.
      showQueryError(err.message, s.q.trim());
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
      el("button", { type: "button", class: "btn small", on: { click: () => ctx.retry() } }, "Try again")));
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
        el("button", { type: "button", class: "link", on: { click: () => ctx.update((n) => { n.expand = true; }) } }, "Search entities too"));
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
      labels.remember(x.entity.type, x.entity.value, x.entity.label);
      if (i) items.push(i === found.length - 1 ? " and " : ", ");
      items.push(`${one(x.entity.type).toLowerCase()} `, el("strong", { class: `interp-entity ent-${x.entity.type}` }, pageLink(x.entity)), ` for “${x.text}”`);
    });
    box.replaceChildren("Also searching ", ...items, ". ",
      el("button", {
        type: "button", class: "link", title: "Search only for the words as typed, not for the entities they name",
        on: { click: () => ctx.update((n) => { n.expand = false; }) },
      }, "Search literally"));
    box.hidden = false;
  }

  /** pageLink: an entity's name as a link to its page (where it is an entity type the UI knows). */
  function pageLink(e) {
    const href = st.ENTITY_TYPES.includes(e.type) ? ctx.entityHref(e.type, e.value) : null;
    if (!href) return e.label;
    const a = el("a", { href, title: `About ${e.label}: its page` }, e.label);
    a.addEventListener("click", (ev) => {
      if (ev.button !== 0 || ev.metaKey || ev.ctrlKey || ev.shiftKey || ev.altKey) return;
      ev.preventDefault();
      ctx.openEntity(e.type, e.value);
    });
    return a;
  }

  function renderChips(s) {
    const bar = $("chips");
    const chips = [];
    for (const f of st.FILTER_FACETS) {
      for (const [i, v] of s.filters[f].entries()) {
        // Between two values of a facet, how they combine: any (or) or all (and).
        if (i) chips.push(el("span", { class: "chip-op", "aria-hidden": "true" }, s.ops[f] === "and" ? "and" : "or"));
        chips.push(chip(`${one(f)}:`, labels.get(f, v), `ent-${f}`, () => ctx.update((n) => { n.filters[f] = n.filters[f].filter((x) => x !== v); }),
          ctx.entityLink(f, v, labels.get(f, v))));
      }
    }
    if (s.from || s.to) chips.push(chip("Published:", describeRange(s.from, s.to), "ent-date", () => ctx.update((n) => { n.from = ""; n.to = ""; })));
    if (s.mfrom || s.mto) chips.push(chip("Mentions:", describeRange(s.mfrom, s.mto), "ent-date", () => ctx.update((n) => { n.mfrom = ""; n.mto = ""; })));
    bar.hidden = !chips.length;
    if (chips.length) {
      chips.push(el("button", { type: "button", class: "clear-all", on: { click: () => ctx.update((n) => clearFilters(n)) } }, "Clear all"));
    }
    bar.replaceChildren(...chips);
    const count = bar.querySelectorAll(".filter-chip").length;
    $("filters-count").textContent = count ? String(count) : "";
  }

  function chip(kind, label, cls, onRemove, page = null) {
    return el("span", { class: `filter-chip ${cls}` },
      el("span", { class: "kind" }, kind), " ", el("span", { class: "value" }, label), page,
      el("button", { type: "button", class: "remove", "aria-label": `Remove filter ${kind} ${label}`, title: "Remove this filter", on: { click: onRemove } }, "×"));
  }

  /** clearFilters empties every filter of a state being changed. */
  function clearFilters(n) {
    for (const f of st.FILTER_FACETS) n.filters[f] = [];
    n.from = n.to = n.mfrom = n.mto = "";
  }

  function renderHits(s, res) {
    const ol = $("results");
    const msg = $("message");
    msg.replaceChildren();
    const hits = res.hits || [];
    const first = (res.page - 1) * res.size;
    ol.replaceChildren(...hits.map((h, i) => hitItem(s, h, first + i + 1)));
    ol.setAttribute("start", String(first + 1));
    if (hits.length) return;
    if (res.total > 0) {
      const last = lastPage(res);
      msg.append(el("div", { class: "notice" },
        el("h3", {}, "This page is past the end of the results"),
        el("button", { type: "button", class: "btn small", on: { click: () => gotoPage(last) } }, `Go to page ${last}`)));
      return;
    }
    const tips = [];
    if (st.hasFilters(s)) tips.push(el("li", {}, "Remove a filter, or ", el("button", { type: "button", class: "link", on: { click: () => ctx.update((n) => clearFilters(n)) } }, "clear all filters"), "."));
    if (s.q) tips.push(el("li", {}, "Check the spelling, use fewer words, or a prefix such as ", el("code", {}, "sanct*"), "."));
    msg.append(el("div", { class: "notice empty", role: "status" },
      el("h3", {}, "No articles match"),
      didYouMean(s, res),
      entitySuggestions(s, res),
      tips.length ? el("ul", {}, tips) : el("p", {}, "The index has no articles yet.")));
  }

  /** didYouMean: "Did you mean hezbollah?", a link that runs the corrected query. */
  function didYouMean(s, res) {
    const fixed = (res.did_you_mean || "").trim();
    if (!fixed || fixed === s.q.trim()) return null;
    const next = st.clone(s);
    next.q = fixed;
    next.page = 1;
    next.article = "";
    const link = el("a", { href: st.toQuery(next), class: "did-you-mean", id: "did-you-mean" }, "Did you mean ", el("strong", {}, fixed), "?");
    link.addEventListener("click", (e) => {
      if (e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
      e.preventDefault();
      $("q").value = fixed;
      ctx.navigate(next);
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
    const list = (res.suggestions || []).filter((x) => st.FILTER_FACETS.includes(x.type) && !s.filters[x.type].includes(x.value));
    if (!list.length) return null;
    const base = (res.did_you_mean || s.q).trim();
    return el("div", { class: "zero-suggest" },
      el("p", { class: "small muted", id: "zero-suggest-h" }, "Or filter by what the words may name:"),
      el("ul", { class: "ent-chips", "aria-labelledby": "zero-suggest-h" }, list.map((x) => {
        labels.remember(x.type, x.value, x.label);
        return el("li", {}, el("button", {
          type: "button", class: `ent-chip ent-${x.type}`,
          "aria-label": `Filter by ${one(x.type).toLowerCase()}: ${x.label} (${plural(x.count, "article")})`,
          on: {
            click: () => {
              const q = withoutWordsFor(base, [x.matched, x.label]);
              $("q").value = q;
              ctx.update((n) => { n.q = q; n.filters[x.type].push(x.value); });
            },
          },
        }, el("span", { class: "swatch", "aria-hidden": "true" }), el("span", { class: "kind" }, one(x.type)), " ", x.label,
        el("span", { class: "count" }, formatCount(x.count))));
      })));
  }

  function hitItem(s, h, n) {
    const titleFrag = h.highlights && h.highlights.title && h.highlights.title.length ? highlighted(h.highlights.title[0]) : h.title || "(untitled)";
    const link = el("a", { href: st.toQuery({ ...s, article: h.id }), class: "hit-link", id: "hit-" + h.id, dataset: { id: h.id } }, titleFrag);
    link.addEventListener("click", (e) => {
      if (e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return; // new tab etc.
      e.preventDefault();
      ctx.openArticle(h.id);
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
      if (!st.FILTER_FACETS.includes(c.facet)) continue;
      const list = [...((h.entities && h.entities[c.key]) || [])].sort((a, b) => (b.mentions || 0) - (a.mentions || 0));
      for (const e of list.slice(0, c.max)) {
        const active = s.filters[c.facet].includes(e.value);
        chips.push(el("li", { class: "ent-chip-pair" }, el("button", {
          type: "button",
          class: `ent-chip ent-${c.facet}`,
          "aria-pressed": String(active),
          title: active ? `Remove the filter ${one(c.facet)}: ${e.label}` : `Filter by ${one(c.facet).toLowerCase()}: ${e.label}`,
          on: { click: () => ctx.toggleFilter(c.facet, e.value, e.label) },
        }, el("span", { class: "swatch", "aria-hidden": "true" }), e.label), ctx.entityLink(c.facet, e.value, e.label)));
      }
    }
    return el("li", { class: "hit" },
      el("article", { "aria-labelledby": link.id },
        el("span", { class: "hit-n", "aria-hidden": "true" }, String(n)),
        el("h3", { class: "hit-title" }, link),
        meta,
        snippet,
        chips.length ? el("ul", { class: "ent-chips", "aria-label": "Entities in this article" }, chips) : null,
        copiesOf(s, h)));
  }

  /**
   * copiesOf: under collapse, "N copies" of a hit's story and the other
   * outlets that ran it (the API lists at most 20 of them), each a link to
   * its article.
   */
  function copiesOf(s, h) {
    if (!(h.copies > 1)) return null;
    const others = h.others || [];
    const more = h.copies - 1 - others.length;
    return el("details", { class: "copies" },
      el("summary", {}, `${formatCount(h.copies)} copies`, el("span", { class: "muted" }, ` · also in ${others.map((o) => o.source || hostOf(o.url) || "?").filter((x, i, all) => all.indexOf(x) === i).slice(0, 3).join(", ")}${others.length > 3 ? "…" : ""}`)),
      el("ul", { class: "copies-list", "aria-label": `Other copies of ${h.title || "this story"}` },
        others.map((o) => {
          const a = el("a", { href: st.toQuery({ ...s, article: o.id }), class: "copy-link", dataset: { id: o.id } }, o.title || "(untitled)");
          a.addEventListener("click", (e) => {
            if (e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
            e.preventDefault();
            ctx.openArticle(o.id);
          });
          return el("li", {}, el("span", { class: "copy-source" }, o.source || hostOf(o.url) || ""), " ", el("time", { datetime: o.published_at }, formatDay(o.published_at)), " ", a);
        }),
        more > 0 ? el("li", { class: "muted small" }, `and ${plural(more, "more copy", "more copies")}`) : null));
  }

  function lastPage(res) {
    const deepest = (ctx.vocab && ctx.vocab.maxResultWindow) || DEFAULT_RESULT_WINDOW;
    return Math.max(1, Math.min(Math.ceil(res.total / PAGE_SIZE), Math.floor(deepest / PAGE_SIZE)));
  }

  function gotoPage(p) {
    const next = st.clone(ctx.current());
    next.page = p;
    ctx.navigate(next);
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
      const a = el("a", { class: "page", href: st.toQuery({ ...s, page: p }), "aria-label": label, ...extra }, text);
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

  return { render, renderError, showQueryError, renderChips, clearFilters };
}
