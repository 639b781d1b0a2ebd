// The "Unusual in these results" panel beside the facets: the entities of
// one type that are much more frequent in the results than in the whole
// archive (GET /api/v1/significant, JLH score). Each one filters like a
// facet value and links to its entity page.
import { el, formatCount, plural } from "./dom.js";
import { latestOnly } from "./api.js";
import { title, one } from "./vocab.js";

const SIZE = 8;
const DEBOUNCE_MS = 200; // typing fetches once it pauses: the results never wait for this panel

/**
 * createUnusual renders into `box`. ctx: st, labels, load, current(),
 * navigate, toggleFilter, entityLink. It returns {render(s)}: call it on every
 * change of the state; it fetches only when its request changes.
 */
export function createUnusual(box, ctx) {
  const { st, labels } = ctx;
  const fetchLatest = latestOnly(ctx.load);
  let timer = 0;
  let shownKey = "";

  function render(s) {
    clearTimeout(timer);
    const type = st.sigType(s);
    if (!type) { box.hidden = true; return; }
    box.hidden = false;
    if (!s.q.trim() && !st.hasFilters(s)) {
      shownKey = "";
      document.documentElement.dataset.unusual = "idle";
      frame(s, type, el("p", { class: "muted small" }, "Search or filter to see the names that are unusually frequent in the results."));
      return;
    }
    const params = st.significantParams(s, SIZE).toString();
    if (params === shownKey) return;
    document.documentElement.dataset.unusual = "loading";
    timer = setTimeout(() => load(s, type, params), DEBOUNCE_MS);
  }

  async function load(s, type, params) {
    box.setAttribute("aria-busy", "true");
    document.documentElement.dataset.unusual = "loading";
    try {
      const res = await fetchLatest("/api/v1/significant?" + params);
      shownKey = params;
      frame(s, type, list(s, type, res));
      document.documentElement.dataset.unusual = "ready";
    } catch (err) {
      if (err.name === "AbortError") return;
      shownKey = "";
      frame(s, type, el("p", { class: "error small", role: "alert" }, err.message));
      document.documentElement.dataset.unusual = "error";
    } finally {
      box.removeAttribute("aria-busy");
    }
  }

  function frame(s, type, body) {
    const tabs = el("div", { class: "sig-types", role: "group", "aria-label": "Which names" }, st.ENTITY_TYPES.map((t) => el("button", {
      type: "button", class: `sig-type ent-${t}`, "aria-pressed": String(t === type), dataset: { type: t },
      on: { click: () => { if (t !== type) { const next = st.clone(ctx.current()); next.sig = t; ctx.navigate(next, { push: false }); } } },
    }, title(t))));
    box.replaceChildren(el("h2", { class: "facet-title", id: "unusual-h" }, "Unusual in these results"), tabs, ...[body].flat());
  }

  function list(s, type, res) {
    const items = res.entities || [];
    if (!items.length) return el("p", { class: "muted small" }, `No ${title(type).toLowerCase()} stand out in these results.`);
    const caption = el("p", { class: "muted small sig-caption" }, "Articles here · × their share of the archive");
    return [el("ol", { class: "sig-list", "aria-labelledby": "unusual-h" }, items.map((e) => {
      labels.remember(type, e.value, e.label);
      const active = (s.filters[type] || []).includes(e.value);
      const inResults = e.fg_total ? e.fg / e.fg_total : 0;
      const overall = e.bg_total ? e.bg / e.bg_total : 0;
      const lift = overall ? inResults / overall : 0;
      const why = `${e.label}: in ${plural(e.fg, "article")} of ${formatCount(e.fg_total)} here (${pct(inResults)}), ${formatCount(e.bg)} of ${formatCount(e.bg_total)} overall (${pct(overall)})`;
      return el("li", { class: "has-page" },
        el("button", {
          type: "button", class: `sig-item ent-${type}`, "aria-pressed": String(active), title: why,
          "aria-label": `${active ? "Remove the filter" : "Filter by"} ${one(type).toLowerCase()}: ${why}`,
          dataset: { value: e.value },
          on: { click: () => ctx.toggleFilter(type, e.value, e.label) },
        },
        el("span", { class: "swatch", "aria-hidden": "true" }),
        el("span", { class: "sig-label" }, e.label),
        el("span", { class: "sig-fig", "aria-hidden": "true" }, formatCount(e.fg), el("span", { class: "muted" }, lift >= 1.05 ? ` ×${lift < 10 ? lift.toFixed(1) : Math.round(lift)}` : ""))),
        ctx.entityLink(type, e.value, e.label));
    })), caption];
  }

  return { render };
}

function pct(x) {
  const p = x * 100;
  return `${p >= 10 || p === 0 ? Math.round(p) : p.toFixed(1)}%`;
}
