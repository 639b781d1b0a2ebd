// searchd web UI: search as you type over /api/v1/search with disjunctive
// facets, a date histogram, suggestions under the box, an article view, and
// the analyst's views: the unusual names of the results, entity pages, the
// network of the results' entities and their trends over time, and saved
// searches with their new articles.
// The facets and the syntax help come from /api/v1/schema, fetched once at
// start. All state is in the URL (state.js); this module wires the views
// together and owns navigation. Each view is its own module and gets what
// it needs passed in (ctx), so nothing is shared through module state.
import { el } from "./dom.js";
import { SORTS, stateCodec, entityKey } from "./state.js";
import { vocabularyFrom } from "./vocab.js";
import { withoutRange } from "./querytext.js";
import { attachSuggest } from "./suggest.js";
import { getJSON } from "./api.js";
import { createLabels } from "./labels.js";
import { createSearchRunner } from "./search.js";
import { createFacets } from "./facets.js";
import { createResults, HIT_CHIPS } from "./results.js";
import { renderHistogram } from "./histogram.js";
import { createArticleView } from "./articleview.js";
import { createEntityView } from "./entityview.js";
import { createUnusual } from "./unusual.js";
import { createNetwork } from "./network.js";
import { createTrends } from "./trends.js";
import { createSaved } from "./saved.js";

const $ = (id) => document.getElementById(id);
const TYPE_DEBOUNCE_MS = 80; // the least time between two searches while typing

/** run starts the UI for a vocabulary: everything mutable lives in here. */
function run(vocab) {
  const st = stateCodec(vocab);
  const labels = createLabels();
  let state = st.parseState(location.search);
  let suggest = null;
  let typingEntry = false; // the current history entry was pushed by typing
  let lastOpened = ""; // id of the article last opened from the results
  let lastRendered = null; // {s, res, side} of the search shown
  let loadingTimer = 0;

  const ctx = {
    vocab, st, labels, load: getJSON,
    current: () => state,
    navigate, update, toggleFilter,
    lastRendered: () => lastRendered,
    openArticle,
    retry: () => runSearch({ force: true }),
    articleHref: (id) => location.pathname + st.toQuery({ ...st.clone(state), article: id }),
    entityHref,
    openEntity,
    entityLink,
  };

  const facets = createFacets($("facets"), ctx);
  const results = createResults(ctx);
  const article = createArticleView($("article-view"), ctx);
  const entity = createEntityView($("entity-view"), ctx);
  const unusual = createUnusual($("unusual"), ctx);
  const network = createNetwork($("network-view"), ctx);
  const trends = createTrends($("trends-view"), ctx);
  createSaved($("search-actions"), $("saved"), ctx);
  const runner = createSearchRunner({
    load: getJSON,
    onResult: renderSearch,
    onError: (err) => {
      document.body.classList.add("stale"); // the sidebar still shows the last good search
      results.renderError(state, err);
    },
    onSettled: announce,
    onLoading: setLoading,
  });

  // -------------------------------------------------------------- navigation

  /** navigate makes `next` the current state, in a new history entry or this one. */
  function navigate(next, { push = true, typing = false } = {}) {
    if (!typing) typingEntry = false;
    st.normalize(next);
    const url = location.pathname + st.toQuery(next);
    if (push) {
      saveViewState();
      // fromResults: an article opened from the results; fromApp: any entry
      // this page pushed, so that a Back button can be the browser's back.
      history.pushState({ fromResults: !state.article && !!next.article, fromApp: true }, "", url);
    } else {
      history.replaceState(history.state, "", url);
    }
    const scrollTop = push && !next.article && (next.page !== state.page || !sameSearch(next, state));
    state = next;
    render();
    if (scrollTop) window.scrollTo({ top: 0 });
  }

  function sameSearch(a, b) {
    return st.searchParams(a).toString() === st.searchParams(b).toString();
  }

  /** saveViewState records scroll and focus in the current history entry. */
  function saveViewState() {
    const active = document.activeElement;
    history.replaceState({ ...(history.state || {}), scroll: window.scrollY, focus: active && active.id ? active.id : "" }, "", location.href);
  }

  /** update changes the search: a copy of the state, back to page 1 of the results. */
  function update(mutate, opts) {
    const next = st.clone(state);
    next.article = "";
    next.entity = "";
    next.page = 1;
    mutate(next);
    navigate(next, opts);
  }

  function toggleFilter(facet, value, label) {
    labels.remember(facet, value, label);
    update((n) => {
      const list = n.filters[facet];
      n.filters[facet] = list.includes(value) ? list.filter((x) => x !== value) : [...list, value];
    });
  }

  function entityHref(type, value) {
    return location.pathname + st.toQuery({ ...st.clone(state), article: "", entity: entityKey(type, value) });
  }

  function openEntity(type, value) {
    const next = st.clone(state);
    next.article = "";
    next.entity = entityKey(type, value);
    navigate(next);
  }

  /**
   * entityLink: a small link to an entity's page, set beside each chip,
   * facet value and list entry that names an entity (the name itself
   * filters).
   */
  function entityLink(type, value, label, { focusKey } = {}) {
    if (!st.ENTITY_TYPES.includes(type)) return null;
    const a = el("a", {
      href: entityHref(type, value), class: `ent-page ent-${type}`, title: `About ${label}: its page`,
      "aria-label": `${label}: its page`, dataset: focusKey ? { focusKey } : null,
    }, "›");
    a.addEventListener("click", (e) => {
      if (e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
      e.preventDefault();
      openEntity(type, value);
    });
    return a;
  }

  function openArticle(id) {
    lastOpened = id;
    const next = st.clone(state);
    next.article = id;
    navigate(next);
  }

  function onPopState() {
    typingEntry = false;
    const fromArticle = !!state.article;
    state = st.parseState(location.search);
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
    if (runner.inFlight()) document.addEventListener("searchd:rendered", restore, { once: true });
    else restore();
  }

  // ------------------------------------------------------------------ render

  function render({ fromHistory = false } = {}) {
    const q = $("q");
    if (fromHistory || document.activeElement !== q) q.value = state.q;
    if (fromHistory) suggest.close();
    // Without a sort of its own the search shows the order the server chose:
    // set when its answer comes (renderSearch).
    if (state.sort) $("sort").value = state.sort;
    $("collapse").checked = state.collapse === "story";
    $("date-from").value = state.from;
    $("date-to").value = state.to;
    const inArticle = !!state.article;
    const inEntity = !inArticle && !!state.entity;
    $("search-view").hidden = inArticle || inEntity;
    $("article-view").hidden = !inArticle;
    $("entity-view").hidden = !inEntity;
    $("footer-keys").textContent = "";
    $("footer-keys").append(...(inArticle || inEntity ? ["Press ", el("kbd", {}, "Esc"), " to go back"] : ["Press ", el("kbd", {}, "/"), " to search, ", el("kbd", {}, "↓"), " to move through results"]));
    renderViewTabs();
    runSearch();
    if (inArticle) article.show(state.article);
    else article.hide();
    if (inEntity) entity.show(state.entity);
    else entity.hide();
    if (!inArticle && !inEntity) {
      unusual.render(state);
      document.title = state.q ? `${state.q} — searchd` : "searchd — news search";
      if (state.view === "network") network.render(state);
      if (state.view === "trends") trends.render(state);
    }
  }

  /** renderViewTabs: the list of articles, the network and the trends of the same search, as links. */
  function renderViewTabs() {
    const views = [["", "Articles"], ["network", "Network"], ["trends", "Trends"]];
    $("view-tabs").replaceChildren(...views.map(([v, text]) => {
      const next = { ...st.clone(state), view: v, article: "", entity: "" };
      const a = el("a", { href: location.pathname + st.toQuery(st.normalize(next)), class: "view-tab", id: `view-${v || "articles"}`, "aria-current": state.view === v ? "page" : null }, text);
      a.addEventListener("click", (e) => {
        if (e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
        e.preventDefault();
        if (state.view !== v) navigate(st.normalize({ ...st.clone(state), view: v, article: "", entity: "" }));
      });
      return a;
    }));
    const list = !state.view;
    for (const id of ["results", "pager", "message"]) $(id).classList.toggle("view-off", !list);
    $("network-view").hidden = state.view !== "network";
    $("trends-view").hidden = state.view !== "trends";
    $("sort").closest(".sort").hidden = !list;
    $("collapse-label").hidden = !list || !st.CAN_COLLAPSE;
  }

  function runSearch({ force = false } = {}) {
    runner.run(state, st.searchParams(state).toString(), facets.sideRequests(state), { force });
  }

  function renderSearch(s, res, side) {
    lastRendered = { s, res, side };
    document.body.classList.remove("stale");
    for (const f of st.FACETS) for (const v of (res.facets && res.facets[f]) || []) labels.remember(f, v.value, v.label);
    for (const h of res.hits || []) {
      for (const c of HIT_CHIPS) for (const e of (h.entities && h.entities[c.key]) || []) labels.remember(c.facet, e.value, e.label);
    }
    results.render(s, res);
    facets.render(s, res, side);
    renderHistogram($("histogram"), s, res.histogram, {
      onPick: (key) => update((n) => { n.from = key; n.to = key; }),
      onClear: () => update((n) => { n.from = n.to = ""; }),
    });
    // The trends view offers the search's top names: they came with this answer.
    if (s.view === "trends" && !state.article && !state.entity) trends.render(state);
  }

  function announce(detail) {
    document.documentElement.dataset.state = detail.ok ? "ready" : "error";
    document.dispatchEvent(new CustomEvent("searchd:rendered", { detail: { ...detail, q: state.q } }));
  }

  function setLoading(on) {
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

  // ------------------------------------------------------------------- input

  function commitQuery() {
    const q = $("q").value;
    if (q === state.q && !state.article && !state.entity) return;
    const next = st.clone(state);
    next.q = q;
    next.page = 1;
    next.article = "";
    next.entity = "";
    navigate(next, { push: !typingEntry, typing: true });
    typingEntry = true;
  }

  function setup() {
    const q = $("q");
    // Search as you type: a keystroke searches at once when the last search
    // has answered and none was started in the last TYPE_DEBOUNCE_MS;
    // otherwise it waits for a pause (trailing debounce). Answers to older
    // searches are dropped (search.js).
    let timer = 0;
    let lastCommit = 0;
    q.addEventListener("input", () => {
      clearTimeout(timer);
      const since = performance.now() - lastCommit;
      const go = () => { lastCommit = performance.now(); commitQuery(); };
      const busy = runner.inFlight();
      if (!busy && since >= TYPE_DEBOUNCE_MS) go();
      else timer = setTimeout(go, busy ? TYPE_DEBOUNCE_MS : TYPE_DEBOUNCE_MS - since);
    });
    q.addEventListener("blur", () => { typingEntry = false; });
    suggest = attachSuggest(q, {
      list: $("suggest"),
      status: $("suggest-status"),
      types: vocab.suggestTypes,
      load: getJSON,
      skip: (x) => !st.FILTER_FACETS.includes(x.type) || state.filters[x.type].includes(x.value),
      onPick: (x, word) => {
        // The picked entity becomes a filter chip; the prefix typed for it leaves the box.
        clearTimeout(timer);
        const { q: rest, caret } = withoutRange(q.value, word.start, word.end);
        q.value = rest;
        q.setSelectionRange(caret, caret);
        labels.remember(x.type, x.value, x.label);
        update((n) => { n.q = rest; if (!n.filters[x.type].includes(x.value)) n.filters[x.type].push(x.value); });
      },
    });
    $("search-form").addEventListener("submit", (e) => {
      e.preventDefault();
      suggest.close();
      clearTimeout(timer);
      if (q.value === state.q && !state.article && !state.entity) runSearch({ force: true });
      else commitQuery();
      typingEntry = false;
    });

    const sort = $("sort");
    sort.append(...SORTS.map((o) => el("option", { value: o.value }, o.label)));
    sort.addEventListener("change", () => update((n) => { n.sort = sort.value; }));
    const collapse = $("collapse");
    collapse.addEventListener("change", () => update((n) => { n.collapse = collapse.checked ? "story" : ""; }));

    $("date-form").addEventListener("submit", (e) => {
      e.preventDefault();
      const from = $("date-from").value.trim();
      const to = $("date-to").value.trim();
      update((n) => { n.from = from; n.to = to; });
    });

    $("home").addEventListener("click", (e) => {
      if (e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey) return;
      e.preventDefault();
      navigate(st.parseState(""));
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
    $("syntax-examples").replaceChildren(...vocab.examples.map((x) => el("li", {}, el("button", {
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
    if (e.key === "Escape" && (state.article || state.entity)) {
      e.preventDefault();
      const back = $(state.article ? "article-view" : "entity-view").querySelector("button.back");
      if (back) back.click();
      return;
    }
    if (state.article || state.entity || state.view) return;
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

  setup();
}

/**
 * start fetches the vocabulary, then shows the search of the URL. Without
 * the schema the UI cannot know its facets, so it says so and offers to
 * try again.
 */
async function start() {
  let vocab;
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
  run(vocab);
}

start();
