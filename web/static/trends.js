// The trends view: articles of the search per day, week, month or year
// (GET /api/v1/trends), with up to five entities compared inside it. The
// entities come from the search's own top facet values or from an entity
// page ("Compare over time"); all of it is in the URL (compare, interval).
import { el, formatCount } from "./dom.js";
import { latestOnly } from "./api.js";
import { INTERVALS, MAX_COMPARE, entityKey, parseEntityKey } from "./state.js";
import { one, title } from "./vocab.js";
import { lineChart } from "./chart.js";
import { attachSuggest } from "./suggest.js";

const OFFER = 4; // candidates offered per entity type

/**
 * createTrends renders into `box`. ctx: st, labels, load, current(),
 * navigate, update, lastRendered. It returns {render(s)}: the chart is
 * fetched again only when its request changes.
 */
export function createTrends(box, ctx) {
  const { st, labels } = ctx;
  const fetchLatest = latestOnly(ctx.load);
  let shownKey = "";
  let pendingKey = "";
  let chartBox = null;
  let refocus = false; // a name was just picked in the box: the new box gets the focus

  const change = (mutate) => {
    const next = st.clone(ctx.current());
    mutate(next);
    ctx.navigate(next);
  };

  function render(s) {
    const params = st.trendsParams(s).toString();
    // The controls follow every state (candidates come from the search's
    // facets); the chart only when its request changes.
    const controls = controlsFor(s);
    if (!((params === shownKey || params === pendingKey) && chartBox)) {
      chartBox = el("div", { class: "trend-chart", "aria-live": "polite" }, el("p", { class: "muted small" }, "Counting…"));
      load(s, params, chartBox);
    }
    box.replaceChildren(controls, chartBox);
    if (refocus) {
      refocus = false;
      const input = box.querySelector("#compare-input");
      if (input && !input.disabled) input.focus();
    }
  }

  /** nameBox: a box to type any name in, with the search box's suggestions (the whole text is the prefix). */
  function nameBox(s, full) {
    const input = el("input", {
      type: "search", id: "compare-input", class: "facet-filter compare-input", placeholder: full ? `${MAX_COMPARE} compared` : "Compare a name…",
      "aria-label": "Compare a name", role: "combobox", "aria-autocomplete": "list", "aria-expanded": "false", "aria-controls": "compare-suggest",
      autocomplete: "off", spellcheck: "false", disabled: full,
    });
    const list = el("ul", { id: "compare-suggest", class: "suggest", role: "listbox", "aria-label": "Names to compare", hidden: true });
    const status = el("p", { class: "visually-hidden", role: "status", "aria-live": "polite" });
    attachSuggest(input, {
      list, status, types: st.ENTITY_TYPES, load: ctx.load, idPrefix: "compare-opt",
      word: (box) => {
        const v = box.value.trim();
        return v.length >= 2 ? { start: 0, end: box.value.length, prefix: v, type: "" } : null;
      },
      skip: (x) => !st.ENTITY_TYPES.includes(x.type) || s.compare.includes(entityKey(x.type, x.value)),
      onPick: (x) => {
        labels.remember(x.type, x.value, x.label);
        refocus = true;
        change((n) => { if (n.compare.length < MAX_COMPARE) n.compare.push(entityKey(x.type, x.value)); });
      },
    });
    return el("div", { class: "searchbox compare-box" }, input, list, status);
  }

  async function load(s, params, target) {
    document.documentElement.dataset.view = "loading";
    pendingKey = params;
    try {
      const res = await fetchLatest("/api/v1/trends?" + params);
      shownKey = params;
      pendingKey = "";
      const series = (res.series || []).map((x) => {
        const e = x.entity || parseEntityKey(x.key);
        if (e && e.value) labels.remember(e.type, e.value, x.label);
        return { ...x, type: x.key === "all" ? "all" : (e ? e.type : "all"), label: x.key === "all" ? "All matching" : x.label };
      });
      target.replaceChildren(lineChart(series, {
        title: `Articles per ${res.interval || "month"}`,
        width: target.clientWidth || 720,
        onPick: (b) => ctx.update((n) => Object.assign(n, periodOf(b, res.interval))),
      }));
      document.documentElement.dataset.view = "ready";
    } catch (err) {
      if (err.name === "AbortError") return;
      shownKey = "";
      pendingKey = "";
      target.replaceChildren(el("div", { class: "notice error", role: "alert" }, el("h3", {}, "The trend could not be counted"), el("p", { class: "api-message" }, err.message)));
      document.documentElement.dataset.view = "error";
    }
  }

  function controlsFor(s) {
    const interval = el("label", { class: "sort" }, el("span", {}, "Per"),
      el("select", {
        id: "trend-interval",
        on: { change: (e) => change((n) => { n.interval = e.target.value; }) },
      }, INTERVALS.map((i) => el("option", { value: i, selected: (s.interval || "month") === i }, i[0].toUpperCase() + i.slice(1)))));
    const chosen = el("ul", { class: "ent-chips compare-chosen", "aria-label": "Compared" }, s.compare.map((key) => {
      const e = parseEntityKey(key);
      const label = labels.get(e.type, e.value);
      return el("li", {}, el("span", { class: `filter-chip ent-${e.type}` },
        el("span", { class: "kind" }, `${one(e.type)}:`), " ", el("span", { class: "value" }, label),
        el("button", {
          type: "button", class: "remove", "aria-label": `Stop comparing ${label}`, title: "Stop comparing",
          on: { click: () => change((n) => { n.compare = n.compare.filter((x) => x !== key); }) },
        }, "×")));
    }));
    const full = s.compare.length >= MAX_COMPARE;
    const last = ctx.lastRendered();
    const offers = [];
    for (const t of st.ENTITY_TYPES) {
      const values = ((last && last.res.facets && last.res.facets[t]) || []).filter((v) => !s.compare.includes(entityKey(t, v.value))).slice(0, OFFER);
      for (const v of values) {
        offers.push(el("li", {}, el("button", {
          type: "button", class: `ent-chip ent-${t} compare-add`, disabled: full, dataset: { key: entityKey(t, v.value) },
          "aria-label": `Compare ${one(t).toLowerCase()}: ${v.label}`,
          on: { click: () => { labels.remember(t, v.value, v.label); change((n) => { if (n.compare.length < MAX_COMPARE) n.compare.push(entityKey(t, v.value)); }); } },
        }, el("span", { class: "swatch", "aria-hidden": "true" }), "+ ", v.label, el("span", { class: "count" }, " " + formatCount(v.count)))));
      }
    }
    return el("div", { class: "trend-controls" },
      el("div", { class: "trend-row" }, interval, nameBox(s, full),
        s.compare.length ? chosen : el("p", { class: "muted small" }, `Add up to ${MAX_COMPARE} names to compare with all matching articles.`)),
      offers.length ? el("details", { class: "trend-offers", open: !s.compare.length || null },
        el("summary", { class: "small", id: "compare-offers-h" }, full ? `${MAX_COMPARE} compared: remove one to add another` : "Add a name frequent in these results"),
        el("ul", { class: "ent-chips", "aria-labelledby": "compare-offers-h" }, offers)) : null);
  }

  return { render };
}

/**
 * periodOf: the published range of a bucket. Days, months and years are
 * the range's own forms; a week (2020-W53) runs Monday to Sunday.
 */
export function periodOf(bucket, interval) {
  if (interval !== "week") return { from: bucket.key, to: bucket.key };
  const start = new Date(bucket.start);
  const end = new Date(start.getTime() + 6 * 86400000);
  const day = (d) => d.toISOString().slice(0, 10);
  return { from: day(start), to: day(end) };
}
