// The entity page: what the archive holds on one person, group, country or
// place (GET /api/v1/entities/{type}/{value}): its name and the other names
// it goes by, how many articles and when, its monthly trend, the entities
// it appears with most, and its latest articles.
import { el, formatDay, formatCount, plural, hostOf } from "./dom.js";
import { parseEntityKey, entityKey, MAX_COMPARE } from "./state.js";
import { one, title } from "./vocab.js";
import { lineChart } from "./chart.js";
import { periodOf } from "./trends.js";

const CACHE_SIZE = 30;
const ALIASES_SHOWN = 8;

/**
 * createEntityView shows entity pages in `view`. ctx: st, labels, load,
 * current(), navigate, entityLink, articleHref(id), openArticle(id). It
 * returns {show(key), hide()}.
 */
export function createEntityView(view, ctx) {
  const { st, labels } = ctx;
  let shown = "";
  let ctrl = null;
  const cache = new Map();

  const back = () => {
    if (history.state && history.state.fromApp) history.back();
    else { const next = st.clone(ctx.current()); next.entity = ""; ctx.navigate(next); }
  };

  async function show(key) {
    if (key === shown) return;
    shown = key;
    if (ctrl) ctrl.abort();
    const mine = (ctrl = new AbortController());
    const e = parseEntityKey(key);
    document.documentElement.dataset.entity = "loading";
    try {
      let page = cache.get(key);
      if (!page) {
        view.replaceChildren(el("p", { class: "notice loading-note", role: "status" }, "Loading…"));
        page = await ctx.load(`/api/v1/entities/${encodeURIComponent(e.type)}/${encodeURIComponent(e.value)}`, mine.signal);
        cache.set(key, page);
        if (cache.size > CACHE_SIZE) cache.delete(cache.keys().next().value);
      }
      if (shown !== key) return;
      render(e, page);
      document.title = `${page.label} — searchd`;
      window.scrollTo({ top: 0 });
      document.getElementById("entity-title").focus({ preventScroll: true });
      document.documentElement.dataset.entity = "ready";
    } catch (err) {
      if (err.name === "AbortError" || shown !== key) return;
      view.replaceChildren(nav(),
        el("div", { class: "notice error", role: "alert" },
          el("h3", {}, err.status === 404 ? `No ${one(e.type).toLowerCase()} “${e.value}” in the archive` : "The page could not be loaded"),
          el("p", { class: "api-message" }, err.message)));
      document.documentElement.dataset.entity = "error";
    }
  }

  function nav() {
    const s = ctx.current();
    const label = (history.state && history.state.fromApp) || s.q || st.hasFilters(s) ? "Back" : "All articles";
    return el("nav", { class: "article-nav", "aria-label": "Entity" }, el("button", { type: "button", class: "back", on: { click: back } }, "← ", label));
  }

  function render(e, page) {
    const type = page.type || e.type;
    const value = page.value || e.value;
    labels.remember(type, value, page.label);
    const s = ctx.current();
    const filtered = (s.filters[type] || []).includes(value);
    const key = entityKey(type, value);
    const aliases = (page.aliases || []).filter((a) => a.text && a.text !== page.label).slice(0, ALIASES_SHOWN);
    const head = el("header", { class: `entity-head ent-${type}` },
      el("p", { class: "entity-kind" }, el("span", { class: "swatch", "aria-hidden": "true" }), one(type)),
      el("h1", { id: "entity-title", tabindex: "-1" }, page.label),
      aliases.length ? el("p", { class: "entity-aliases muted" }, "Also written ",
        aliases.map((a, i) => [i ? ", " : "", el("q", {}, a.text), a.mentions ? el("span", { class: "small" }, ` (${formatCount(a.mentions)})`) : null])) : null,
      el("p", { class: "entity-figures" },
        el("strong", {}, plural(page.count || 0, "article")),
        page.first_seen ? [" · first ", el("time", { datetime: page.first_seen }, formatDay(page.first_seen))] : null,
        page.last_seen ? [" · latest ", el("time", { datetime: page.last_seen }, formatDay(page.last_seen))] : null),
      el("div", { class: "entity-actions" },
        el("button", {
          type: "button", class: "btn small", id: "entity-filter", "aria-pressed": String(filtered),
          on: { click: () => { const n = st.clone(ctx.current()); n.entity = ""; n.article = ""; n.page = 1; n.filters[type] = filtered ? n.filters[type].filter((x) => x !== value) : [...n.filters[type], value]; ctx.navigate(n); } },
        }, filtered ? "Remove from the search" : "Filter the search by it"),
        el("button", {
          type: "button", class: "btn small", id: "entity-compare",
          on: { click: () => { const n = st.clone(ctx.current()); n.entity = ""; n.article = ""; n.view = "trends"; if (!n.compare.includes(key)) n.compare = [...n.compare, key].slice(-MAX_COMPARE); ctx.navigate(n); } },
        }, "Compare over time")));

    const trend = page.trend && page.trend.buckets ? el("section", { class: "panel entity-trend", "aria-labelledby": "entity-trend-h" },
      el("h2", { class: "facet-title", id: "entity-trend-h" }, `Articles per ${page.trend.interval || "month"}`),
      lineChart([{ key, label: page.label, type, buckets: page.trend.buckets }], {
        width: Math.min(780, view.clientWidth - 60) || 720,
        title: `Articles mentioning ${page.label} per ${page.trend.interval || "month"}`,
        onPick: (b) => {
          const n = st.clone(ctx.current());
          n.entity = ""; n.article = ""; n.page = 1; n.view = "";
          if (!n.filters[type].includes(value)) n.filters[type] = [...n.filters[type], value];
          Object.assign(n, periodOf(b, page.trend.interval));
          ctx.navigate(n);
        },
      })) : null;

    const co = page.cooccurring || {};
    const coTypes = st.ENTITY_TYPES.filter((t) => (co[t] || []).length);
    const together = el("section", { class: "panel entity-co", "aria-labelledby": "entity-co-h" },
      el("h2", { class: "facet-title", id: "entity-co-h" }, "Most often with"),
      coTypes.length ? coTypes.map((t) => el("div", { class: "co-type" },
        el("h3", { class: `co-h ent-${t}` }, el("span", { class: "swatch", "aria-hidden": "true" }), title(t)),
        el("ol", { class: "co-list", "aria-label": `${title(t)} most often with ${page.label}` }, co[t].map((x) => {
          labels.remember(t, x.value, x.label);
          return el("li", {}, pageLink(t, x.value, x.label),
            el("span", { class: "co-shared", title: `${plural(x.shared, "article")} mention both` }, formatCount(x.shared)));
        })))) : el("p", { class: "muted small" }, "It appears with no other entity."));

    const latest = el("section", { class: "panel entity-latest", "aria-labelledby": "entity-latest-h" },
      el("h2", { class: "facet-title", id: "entity-latest-h" }, "Latest articles"),
      (page.latest || []).length ? el("ol", { class: "latest-list" }, page.latest.map((h) => {
        const a = el("a", { href: ctx.articleHref(h.id), class: "latest-link" }, h.title || "(untitled)");
        a.addEventListener("click", (ev) => {
          if (ev.button !== 0 || ev.metaKey || ev.ctrlKey || ev.shiftKey || ev.altKey) return;
          ev.preventDefault();
          ctx.openArticle(h.id);
        });
        const host = hostOf(h.url);
        return el("li", {}, a, el("p", { class: "hit-meta" },
          h.source ? el("span", { class: "source" }, h.source) : null,
          el("time", { datetime: h.published_at }, formatDay(h.published_at)),
          host ? el("span", { class: "host" }, host) : null));
      })) : el("p", { class: "muted small" }, "No articles."));

    view.replaceChildren(nav(), el("div", { class: "entity-layout" },
      el("div", { class: "entity-main" }, head, trend, latest), together));
  }

  /** pageLink: an entity's name as a link to its page. */
  function pageLink(type, value, label) {
    const a = el("a", { href: ctx.entityHref(type, value), class: `co-link ent-${type}` }, label);
    a.addEventListener("click", (ev) => {
      if (ev.button !== 0 || ev.metaKey || ev.ctrlKey || ev.shiftKey || ev.altKey) return;
      ev.preventDefault();
      ctx.openEntity(type, value);
    });
    return a;
  }

  return { show, hide: () => { shown = ""; } };
}
