// The sidebar's facets: counts of each facet's values in the results,
// checkboxes that filter (disjunctively within a facet), "any / all" for
// facets that allow it, more values on demand, and a filter box over long
// facets that finds values by any word of their name.
import { el, formatPartialDate, formatCount, plural } from "./dom.js";
import { FACET_MORE_SIZE } from "./state.js";
import { title, one } from "./vocab.js";
import { fold } from "./fold.js";

const FACET_FILTER_DEBOUNCE_MS = 120;
const FULL_FACET_SIZE = 1000;

/**
 * createFacets renders into `box`. ctx: st (state.js codec), labels, load,
 * current() (the state now), update(mutate), navigate(next, opts),
 * toggleFilter(facet, value, label), entityLink(type, value, label) (a
 * link to the entity's page) and lastRendered() ({s, res, side} of the
 * search shown). It returns {render(s, res, side), sideRequests(s)}.
 */
export function createFacets(box, ctx) {
  const { st, labels } = ctx;
  /** Text typed into each facet's filter box (UI-only, not part of the search). */
  const filterText = {};
  /** Counts of every value of a facet for the current filters, by request key. */
  const fullCache = new Map();
  let filterSeq = 0;

  /** sideRequests: extra counts-only searches the sidebar needs. */
  function sideRequests(s) {
    const reqs = [];
    const dated = !!(s.from || s.to);
    for (const f of s.more) reqs.push({ facet: f, params: st.facetParams(s, f, FACET_MORE_SIZE, { omitDates: st.DATE_FACETS.includes(f) }).toString() });
    // The period facets (year, month) are the published-date filter: count
    // them without that filter (disjunctively), so that the other periods
    // stay visible and selectable.
    if (dated) {
      for (const f of st.DATE_FACETS) {
        if (!s.more.includes(f)) reqs.push({ facet: f, params: st.facetParams(s, f, FACET_MORE_SIZE, { omitDates: true }).toString() });
      }
    }
    return reqs;
  }

  function render(s, res, side) {
    const focused = document.activeElement;
    const refocus = focused && box.contains(focused) ? focused.dataset.focusKey : "";
    const sections = [];
    for (const f of st.shownFacets(s)) {
      const pair = st.pairOf(f);
      let values = (res.facets && res.facets[f]) || [];
      let meta = (res.facet_meta && res.facet_meta[f]) || {};
      if (side[f]) ({ values, meta } = side[f]);
      const expanded = s.more.includes(f);
      const period = st.DATE_FACETS.includes(f);
      // A period shows as picked in the facet of its kind: 2024 in year, 2024-04 in month.
      const shape = (v) => String(v).replace(/\d/g, "9");
      const picked = st.selectedPeriod(s);
      const selected = period ? (picked && values.length && shape(values[0].value) === shape(picked) ? [picked] : []) : s.filters[f];
      if (period) values = [...values].sort((a, b) => b.value.localeCompare(a.value));
      // Selected values always stay visible, even beyond the top ones.
      const shown = [...values];
      for (const v of selected) if (!shown.some((x) => x.value === v)) shown.unshift({ value: v, label: labels.get(f, v), count: null });
      // A pair keeps its switch even when this side has no values, so that the other side stays reachable.
      if (!shown.length && !pair) continue;
      const long = !!meta.other || expanded;
      const section = el("section", { class: "facet", "aria-labelledby": `facet-${f}-h`, dataset: { facet: f } });
      const head = el("div", { class: "facet-head" },
        el("h2", { class: "facet-title", id: `facet-${f}-h` }, title(pair ? pair.base : f)),
        selected.length ? el("button", {
          type: "button", class: "link small", "aria-label": `Clear the ${title(f).toLowerCase()} filter`,
          on: { click: () => ctx.update((n) => { if (period) { n.from = n.to = ""; } else n.filters[f] = []; }) },
        }, "Clear") : null);
      section.append(head);
      if (pair) section.append(aboutSwitch(s, pair, f));
      if (!shown.length) section.append(el("p", { class: "muted small none" }, `No ${title(pair.base).toLowerCase()} ${f === pair.about ? "that these articles are about" : "mentioned"}.`));
      if (st.OP_PARAMS[f] && selected.length >= 2) section.append(opToggle(s, f));
      const list = el("ul", { class: "facet-list" + (expanded ? " expanded" : ""), id: `facet-${f}-list`, "aria-labelledby": `facet-${f}-h` });
      if (long && st.FILTER_FACETS.includes(f)) {
        const input = el("input", {
          type: "search", class: "facet-filter", placeholder: `Find ${title(pair ? pair.base : f).toLowerCase()}…`,
          "aria-label": `Find ${title(pair ? pair.base : f).toLowerCase()}`, "aria-controls": list.id,
          dataset: { focusKey: `filter-${f}` }, value: filterText[f] || "",
        });
        let timer = 0;
        input.addEventListener("input", () => {
          filterText[f] = input.value;
          clearTimeout(timer);
          timer = setTimeout(() => filterFacet(s, f, input.value, list, selected), FACET_FILTER_DEBOUNCE_MS);
        });
        input.addEventListener("keydown", (e) => {
          if (e.key === "Escape" && input.value) { e.stopPropagation(); input.value = ""; input.dispatchEvent(new Event("input")); }
        });
        section.append(input);
      }
      fillList(list, f, shown, selected);
      section.append(list);
      if (long) {
        section.append(el("button", {
          type: "button", class: "link small more", "aria-expanded": String(expanded), "aria-controls": list.id,
          on: { click: () => { const next = st.clone(ctx.current()); next.more = expanded ? next.more.filter((x) => x !== f) : [...next.more, f]; ctx.navigate(next, { push: false }); } },
        }, expanded ? "Show fewer" : `Show more${meta.other ? ` (${formatCount(meta.other)})` : ""}`));
      }
      const none = pair ? (f === pair.about ? `${one(pair.base).toLowerCase()} it is about` : one(pair.base).toLowerCase()) : one(f).toLowerCase();
      if (meta.missing) section.append(el("p", { class: "muted small missing" }, `${plural(meta.missing, "article")} without a ${none}`));
      sections.push(section);
      if (filterText[f]) filterFacet(s, f, filterText[f], list, selected);
    }
    box.replaceChildren(...sections);
    if (refocus) {
      const again = box.querySelector(`[data-focus-key="${CSS.escape(refocus)}"]`);
      if (again) again.focus({ preventScroll: true });
    }
  }

  /**
   * aboutSwitch: whether a pair's facet counts what the articles are about
   * (the default) or every value they mention; it is in the URL (mentions=).
   * Filters ticked on either side stay, with chips that say which.
   */
  function aboutSwitch(s, pair, shown) {
    const what = title(pair.base).toLowerCase();
    const button = (f, text, help) => el("button", {
      type: "button", class: "op" + (f === shown ? " on" : ""), "aria-pressed": String(f === shown), title: help,
      dataset: { focusKey: `show-${f}` },
      on: {
        click: () => {
          if (f === shown) return;
          const next = st.clone(ctx.current());
          next.mentions = f === pair.base ? [...next.mentions, pair.base] : next.mentions.filter((x) => x !== pair.base);
          ctx.navigate(next, { push: false });
          // The search is the same, so no answer comes to redraw the sidebar: redraw it now.
          const last = ctx.lastRendered();
          if (last) render(ctx.current(), last.res, last.side);
        },
      },
    }, text);
    return el("div", { class: "facet-op facet-about", role: "group", "aria-label": `Count the ${what} articles are about, or every one they mention` },
      el("span", { class: "ops" },
        button(pair.about, "About", `The ${what} each article is about: its dateline, title, lead and most named`),
        button(pair.base, "Mentions", `Every ${one(pair.base).toLowerCase()} each article names`)));
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
      on: { click: () => { if ((op === "and") !== all) ctx.update((n) => { n.ops[f] = op; }); } },
    }, text);
    return el("div", { class: "facet-op", role: "group", "aria-label": `Articles with any or all of ${what}` },
      el("span", { class: "muted small", "aria-hidden": "true" }, "Match"), el("span", { class: "ops" }, button("or", "any"), button("and", "all")));
  }

  function fillList(list, f, values, selected) {
    const period = st.DATE_FACETS.includes(f);
    const entity = st.entityOf(f); // about_country's values are countries, with country pages
    list.replaceChildren(...values.map((v) => {
      const checked = selected.includes(v.value);
      const box = el("input", { type: "checkbox", checked, dataset: { focusKey: `${f}:${v.value}` } });
      box.addEventListener("change", () => {
        if (period) ctx.update((n) => { const on = st.selectedPeriod(n) === v.value; n.from = on ? "" : v.value; n.to = on ? "" : v.value; });
        else ctx.toggleFilter(f, v.value, v.label);
      });
      const label = period ? formatPartialDate(v.value) : v.label || v.value;
      return el("li", { class: entity ? "has-page" : null }, el("label", { class: "facet-item" + (v.count === 0 ? " zero" : "") },
        box, el("span", { class: "facet-label", title: label }, label),
        el("span", { class: "facet-count", "aria-label": v.count == null ? null : plural(v.count, "article") }, v.count == null ? "" : formatCount(v.count))),
      entity ? ctx.entityLink(entity, v.value, label, { focusKey: `page-${f}:${v.value}` }) : null);
    }));
  }

  function fullFacet(s, f) {
    const key = st.facetParams(s, f, FULL_FACET_SIZE).toString();
    if (!fullCache.has(key)) {
      if (fullCache.size > 20) fullCache.clear();
      fullCache.set(key, ctx.load("/api/v1/search?" + key).then((r) => new Map(((r.facets || {})[f] || []).map((v) => {
        labels.remember(f, v.value, v.label);
        return [v.value, v.count];
      }))).catch((err) => { fullCache.delete(key); throw err; }));
    }
    return fullCache.get(key);
  }

  /**
   * filterFacet narrows a long facet to the values whose name starts with the
   * typed text (any word of it, accents ignored: /api/v1/entities), with their
   * counts in the current results.
   */
  async function filterFacet(s, f, text, list, selected) {
    const seq = ++filterSeq;
    text = text.trim();
    if (!text) {
      const last = ctx.lastRendered();
      if (last) render(last.s, last.res, last.side);
      return;
    }
    try {
      const [found, counts] = await Promise.all([
        ctx.load(`/api/v1/entities?type=${encodeURIComponent(f)}&prefix=${encodeURIComponent(text)}`),
        fullFacet(s, f),
      ]);
      if (seq !== filterSeq || !list.isConnected) return;
      const byValue = new Map();
      for (const v of found.values || []) {
        labels.remember(f, v.value, v.label);
        byValue.set(v.value, { value: v.value, label: v.label, count: counts.get(v.value) || 0 });
      }
      // The entities endpoint answers the best-known values overall; add the
      // values of the current results that match, however rare overall.
      const want = fold(text);
      for (const [value, count] of counts) {
        if (byValue.has(value)) continue;
        const label = labels.get(f, value);
        const l = fold(label);
        if (l.startsWith(want) || l.split(/[\s\-'.]+/).some((w) => w.startsWith(want))) byValue.set(value, { value, label, count });
      }
      const values = [...byValue.values()].sort((a, b) => b.count - a.count || a.label.localeCompare(b.label)).slice(0, 50);
      fillList(list, f, values, selected);
      if (!values.length) list.append(el("li", { class: "muted small none" }, `No ${title(f).toLowerCase()} match “${text}”.`));
    } catch (err) {
      if (seq !== filterSeq || !list.isConnected) return;
      list.replaceChildren(el("li", { class: "error small", role: "alert" }, err.message));
    }
  }

  return { render, sideRequests };
}
