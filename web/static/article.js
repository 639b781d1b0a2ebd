// The article view: full text with every entity mention highlighted by type,
// and a side list of the article's entities that filter the search.
import { el, formatDay, formatPartialDate, hostOf, safeHref, plural } from "./dom.js";
import { title, one } from "./vocab.js";

/**
 * Entity groups of an article (its JSON keys), in display order, with
 * their filter facet; display names come from vocab.js.
 */
export const ENTITY_GROUPS = [
  { key: "countries", type: "country", facet: "country" },
  { key: "groups", type: "group", facet: "group" },
  { key: "persons", type: "person", facet: "person" },
  { key: "places", type: "place", facet: "place" },
  { key: "dates", type: "date", facet: null },
].map((g) => ({ ...g, title: title(g.type), one: one(g.type) }));

const typeInfo = Object.fromEntries(ENTITY_GROUPS.map((g) => [g.type, g]));

/**
 * renderArticle fills `root` with the article. `onFilter(facet, value, label)`
 * adds a filter to the search (facet "date" gets {from, to} as value);
 * `isActive(facet, value)` tells whether a filter is already on;
 * `entityLink(type, value, label)` is a link to an entity's page and
 * `onEntity(type, value)` opens it (a click on a highlighted mention).
 */
export function renderArticle(root, a, { onFilter, isActive, backLabel, onBack, entityLink = () => null, onEntity = () => {} }) {
  const mentions = { title: [], body: [] };
  const entities = [];
  for (const g of ENTITY_GROUPS) {
    for (const e of (a.entities && a.entities[g.key]) || []) {
      const key = `${g.type}:${e.value}`;
      const entity = { ...e, type: g.type, key, group: g };
      entities.push(entity);
      for (const m of e.mentions || []) {
        if (mentions[m.field]) mentions[m.field].push({ start: m.start, end: m.end, entity });
      }
    }
  }

  const href = safeHref(a.url);
  const meta = el("p", { class: "article-meta" },
    a.source ? el("span", { class: "source" }, a.source) : null,
    el("time", { datetime: a.published_at }, formatDay(a.published_at)),
    a.authors && a.authors.length ? el("span", {}, "by " + a.authors.join(", ")) : null,
    href ? el("a", { href, rel: "noopener noreferrer nofollow", target: "_blank", class: "external" }, hostOf(href) || "original") : null);

  const bodyText = el("div", { class: "article-body", id: "article-body" }, markText(a.body || "", mentions.body));
  const text = el("div", { class: "article-text" });
  // A click on a mention opens its entity's page (the longest mention
  // where several overlap); the entity list beside offers the same links
  // to keyboards.
  text.addEventListener("click", (ev) => {
    const m = ev.target instanceof Element ? ev.target.closest("mark.ent") : null;
    if (!m || m.dataset.type === "date" || (window.getSelection && String(window.getSelection()))) return;
    onEntity(m.dataset.type, m.dataset.value);
  });

  const legend = el("fieldset", { class: "legend" }, el("legend", { class: "visually-hidden" }, "Highlight mentions of"));
  for (const g of ENTITY_GROUPS) {
    const n = entities.filter((e) => e.type === g.type).length;
    if (!n) continue;
    const box = el("input", { type: "checkbox", checked: true, "data-type": g.type });
    box.addEventListener("change", () => text.classList.toggle("hide-" + g.type, !box.checked));
    legend.append(el("label", { class: `legend-item ent-${g.type}` }, box, el("span", { class: "swatch", "aria-hidden": "true" }), `${g.title} `, el("span", { class: "count" }, String(n))));
  }

  text.append(
    el("h1", { id: "article-title", tabindex: "-1" }, markText(a.title || "", mentions.title)),
    meta,
    entities.length ? legend : null,
    bodyText);

  const aside = el("aside", { class: "article-entities", "aria-labelledby": "article-entities-h" },
    el("h2", { id: "article-entities-h" }, "Entities in this article"));
  if (!entities.length) aside.append(el("p", { class: "muted" }, "No entities were found in this article."));
  for (const g of ENTITY_GROUPS) {
    const list = entities.filter((e) => e.type === g.type).sort((x, y) => y.mentions.length - x.mentions.length || x.label.localeCompare(y.label));
    if (!list.length) continue;
    const ul = el("ul", { class: "entity-list", "aria-label": g.title });
    for (const e of list) {
      const filterValue = g.type === "date" ? { from: e.from || e.value, to: e.to || e.value } : e.value;
      const active = g.facet ? isActive(g.facet, e.value) : false;
      const main = el("button", {
        type: "button",
        class: `entity-filter ent-${g.type}`,
        "aria-pressed": String(active),
        title: g.type === "date" ? `Search articles that mention ${e.label}` : `Filter the search by ${g.one.toLowerCase()}: ${e.label}`,
        on: { click: () => onFilter(g.type === "date" ? "date" : g.facet, filterValue, e.label) },
      }, el("span", { class: "swatch", "aria-hidden": "true" }), el("span", { class: "label" }, e.label),
      g.type === "place" && e.country ? el("span", { class: "muted small" }, " " + e.country) : null);
      let next = 0;
      const finder = el("button", {
        type: "button",
        class: "mention-count",
        title: "Show the mentions in the text",
        "aria-label": `${plural(e.mentions.length, "mention")} of ${e.label}: show in text`,
        on: {
          click: () => {
            const marks = [...root.querySelectorAll("mark.ent")].filter((m) => m.dataset.keys.split(" ").includes(e.key));
            if (!marks.length) return;
            const m = marks[next++ % marks.length];
            for (const old of root.querySelectorAll("mark.ent.current")) old.classList.remove("current");
            m.classList.add("current");
            m.scrollIntoView({ block: "center", behavior: "smooth" });
          },
        },
      }, String(e.mentions.length));
      const li = el("li", {}, main, finder, g.facet ? entityLink(g.type, e.value, e.label) : null);
      li.addEventListener("mouseenter", () => spotlight(root, e.key, true));
      li.addEventListener("mouseleave", () => spotlight(root, e.key, false));
      li.addEventListener("focusin", () => spotlight(root, e.key, true));
      li.addEventListener("focusout", () => spotlight(root, e.key, false));
      ul.append(li);
    }
    aside.append(el("h3", { class: `ent-${g.type}` }, el("span", { class: "swatch", "aria-hidden": "true" }), g.title, " ", el("span", { class: "count" }, String(list.length))), ul);
  }

  const back = el("button", { type: "button", class: "back", on: { click: onBack } }, "← ", backLabel);
  const jump = entities.length ? el("button", {
    type: "button", class: "link small jump",
    on: { click: () => { aside.scrollIntoView({ behavior: "smooth" }); aside.querySelector("button")?.focus({ preventScroll: true }); } },
  }, `Entities (${entities.length}) ↓`) : null;
  root.replaceChildren(
    el("nav", { class: "article-nav", "aria-label": "Article" }, back, jump),
    el("div", { class: "article-layout" }, el("article", { class: "article", "aria-labelledby": "article-title" }, text), aside));
}

function spotlight(root, key, on) {
  for (const m of root.querySelectorAll("mark.ent")) {
    if (m.dataset.keys.split(" ").includes(key)) m.classList.toggle("spot", on);
  }
}

/**
 * markText splits text at every mention boundary (offsets in Unicode code
 * points) and wraps mentioned runs in <mark class="ent ent-TYPE">. Where
 * mentions overlap ("Iran" inside "Iran Air"), the longest one sets the
 * colour and the title names all of them. Text is only added as text nodes.
 */
export function markText(text, mentions) {
  const cps = Array.from(text);
  const n = cps.length;
  const ms = mentions
    .map((m) => ({ ...m, start: clamp(m.start, n), end: clamp(m.end, n) }))
    .filter((m) => m.end > m.start);
  const frag = document.createDocumentFragment();
  if (!ms.length) {
    frag.append(text);
    return frag;
  }
  const cuts = [...new Set([0, n, ...ms.flatMap((m) => [m.start, m.end])])].sort((x, y) => x - y);
  let open = null; // {primary, node, covering:Set}
  for (let i = 0; i + 1 < cuts.length; i++) {
    const a = cuts[i], b = cuts[i + 1];
    const piece = cps.slice(a, b).join("");
    const covering = ms.filter((m) => m.start <= a && m.end >= b);
    if (!covering.length) {
      open = null;
      frag.append(piece);
      continue;
    }
    const primary = covering.reduce((p, m) => (m.end - m.start > p.end - p.start ? m : p));
    if (open && open.primary === primary) {
      open.node.append(piece);
      for (const m of covering) open.covering.add(m.entity);
    } else {
      open = { primary, node: el("mark", {}, piece), covering: new Set(covering.map((m) => m.entity)) };
      frag.append(open.node);
    }
    decorate(open);
  }
  return frag;
}

function decorate({ primary, node, covering }) {
  const list = [primary.entity, ...[...covering].filter((e) => e !== primary.entity)];
  node.className = `ent ent-${primary.entity.type}` + (primary.entity.type === "date" ? "" : " to-page");
  node.dataset.keys = list.map((e) => e.key).join(" ");
  node.dataset.type = primary.entity.type;
  node.dataset.value = primary.entity.value;
  node.title = list.map((e) => `${typeInfo[e.type].one}: ${e.label}`).join(" · ") + (primary.entity.type === "date" ? "" : " (click for its page)");
}

function clamp(x, n) {
  x = Number(x);
  return Number.isFinite(x) ? Math.max(0, Math.min(n, Math.trunc(x))) : 0;
}

/** describeRange renders a from/to date range for a filter chip. */
export function describeRange(from, to) {
  if (from && to && from === to) return formatPartialDate(from, true);
  if (from && to) return `${formatPartialDate(from)} – ${formatPartialDate(to)}`;
  if (from) return `from ${formatPartialDate(from)}`;
  return `until ${formatPartialDate(to)}`;
}
