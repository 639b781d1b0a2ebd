// The article view's loader: fetches an article (cached), renders it with
// article.js, and wires its back button and its entity filters.
import { el } from "./dom.js";
import { renderArticle } from "./article.js";

const CACHE_SIZE = 50;

/**
 * createArticleView shows articles in `view`. ctx: st, labels, load,
 * current(), navigate(next), entityLink(type, value, label) and
 * openEntity(type, value). It returns {show(id), hide()}.
 */
export function createArticleView(view, ctx) {
  const { st } = ctx;
  let shown = "";
  let ctrl = null;
  const cache = new Map();

  const back = () => {
    if (history.state && history.state.fromResults) history.back();
    else { const next = st.clone(ctx.current()); next.article = ""; ctx.navigate(next); }
  };

  async function show(id) {
    if (id === shown) return;
    shown = id;
    if (ctrl) ctrl.abort();
    const mine = (ctrl = new AbortController());
    const s = ctx.current();
    const fromResults = !!(history.state && history.state.fromResults);
    const backLabel = s.entity ? "Back" : fromResults || s.q || st.hasFilters(s) ? "Back to results" : "All articles";
    try {
      let a = cache.get(id);
      if (!a) {
        view.replaceChildren(el("p", { class: "notice loading-note", role: "status" }, "Loading the article…"));
        a = await ctx.load("/api/v1/articles/" + encodeURIComponent(id), mine.signal);
        cache.set(id, a);
        if (cache.size > CACHE_SIZE) cache.delete(cache.keys().next().value);
      }
      if (shown !== id) return;
      renderArticle(view, a, {
        backLabel,
        onBack: back,
        isActive: (facet, value) => !!ctx.current().filters[facet] && ctx.current().filters[facet].includes(value),
        onFilter: (facet, value, label) => {
          const next = st.clone(ctx.current());
          next.article = "";
          next.page = 1;
          if (facet === "date") { next.mfrom = value.from; next.mto = value.to; }
          else {
            ctx.labels.remember(facet, value, label);
            if (next.filters[facet] && !next.filters[facet].includes(value)) next.filters[facet].push(value);
          }
          ctx.navigate(next);
          window.scrollTo({ top: 0 });
        },
        entityLink: ctx.entityLink,
        onEntity: ctx.openEntity,
      });
      document.title = `${a.title} — searchd`;
      window.scrollTo({ top: 0 });
      document.getElementById("article-title").focus({ preventScroll: true });
      document.documentElement.dataset.article = "ready";
    } catch (err) {
      if (err.name === "AbortError" || shown !== id) return;
      view.replaceChildren(
        el("nav", { class: "article-nav" }, el("button", { type: "button", class: "back", on: { click: back } }, "← ", backLabel)),
        el("div", { class: "notice error", role: "alert" },
          el("h3", {}, err.status === 404 ? "Article not found" : "The article could not be loaded"),
          el("p", { class: "api-message" }, err.message)));
      document.documentElement.dataset.article = "error";
    }
  }

  return { show, hide: () => { shown = ""; } };
}
