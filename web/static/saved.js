// Saved searches: "Save this search" beside the results (a name, then POST
// /api/v1/saved with the search as its query), and the sidebar's list of
// saved searches with their counts of new articles and their Atom feeds.
// Opening one runs its search and marks its new articles read (POST
// …/seen). The list is fetched again when the page comes back into view
// and every REFRESH_MS, so counts move as articles are ingested. The list
// tells its state on <html data-saved> (loading, ready, error).
import { el, formatCount } from "./dom.js";
import { sendJSON } from "./api.js";

const REFRESH_MS = 60_000;
const API = "/api/v1/saved";

/**
 * createSaved renders the button into `actions` and the list into `box`.
 * ctx: st (state.js codec), load (getJSON), current() (the state now) and
 * navigate(next). It returns {refresh()}.
 */
export function createSaved(actions, box, ctx) {
  const { st } = ctx;
  let seq = 0;

  const toggle = el("button", { type: "button", class: "btn small", id: "save-search", "aria-expanded": "false", "aria-controls": "save-form" }, "Save this search");
  const name = el("input", { id: "save-name", name: "name", required: true, maxlength: 64, pattern: "[A-Za-z0-9][A-Za-z0-9._\\-]*", spellcheck: "false", autocomplete: "off", "aria-describedby": "save-help save-message" });
  const message = el("p", { id: "save-message", class: "save-message small", role: "status", "aria-live": "polite" });
  const form = el("form", { id: "save-form", class: "save-form", hidden: true, novalidate: true },
    el("label", { for: "save-name" }, "Name"), name,
    el("button", { type: "submit", class: "btn small primary" }, "Save"),
    el("button", { type: "button", class: "btn small", on: { click: () => show(false) } }, "Cancel"),
    el("p", { id: "save-help", class: "muted small" }, "Letters, digits, . _ and -"));
  actions.replaceChildren(toggle, form, message);

  toggle.addEventListener("click", () => show(form.hidden));
  form.addEventListener("keydown", (e) => { if (e.key === "Escape") { e.stopPropagation(); show(false); toggle.focus(); } });
  form.addEventListener("submit", async (e) => {
    e.preventDefault();
    const body = { name: name.value.trim(), query: st.savedQuery(ctx.current()) };
    if (ctx.current().collapse) body.collapse = ctx.current().collapse;
    say("Saving…");
    try {
      const saved = await sendJSON("POST", API, body);
      show(false);
      say(`Saved as “${saved.name}”.`);
      refresh();
    } catch (err) {
      // The API's own words: a name in use (409), a write key needed (401) …
      say(err.message, true);
      name.focus();
    }
  });

  function show(open) {
    form.hidden = !open;
    toggle.setAttribute("aria-expanded", String(open));
    if (open) {
      say("");
      if (!name.value) name.value = suggestName(ctx.current().q);
      name.focus();
      name.select();
    }
  }

  function say(text, error = false) {
    message.textContent = text;
    message.classList.toggle("error", error);
    message.setAttribute("role", error ? "alert" : "status");
  }

  /** refresh fetches the list again and draws it; older answers are dropped. */
  async function refresh() {
    const mine = ++seq;
    document.documentElement.dataset.saved = "loading";
    let list;
    try {
      list = (await ctx.load(API)).saved || [];
    } catch (err) {
      if (mine === seq) draw(null, err);
      return;
    }
    if (mine === seq) draw(list, null);
  }

  function draw(list, err) {
    document.documentElement.dataset.saved = err ? "error" : "ready";
    const heading = el("h2", { class: "facet-title", id: "saved-h" }, "Saved searches");
    if (err) {
      box.hidden = false;
      box.replaceChildren(heading, el("p", { class: "muted small error" }, `Cannot list them: ${err.message}`));
      return;
    }
    box.hidden = list.length === 0;
    box.replaceChildren(heading, el("ul", { class: "saved-list" }, list.map(item)));
  }

  function item(s) {
    const next = st.fromSavedQuery(s.query, s.collapse);
    const href = location.pathname + st.toQuery(next);
    const fresh = s.new_count > 0;
    const count = s.new_more ? `${formatCount(s.new_count)}+ new` : `${formatCount(s.new_count)} new`;
    const link = el("a", { href, class: "saved-link", dataset: { name: s.name } }, s.name);
    link.addEventListener("click", (e) => {
      if (e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
      e.preventDefault();
      open(s.name, next);
    });
    const feed = `${API}/${encodeURIComponent(s.name)}/feed.atom`;
    return el("li", { class: "saved-item" + (fresh ? " fresh" : "") },
      link,
      el("span", { class: "saved-new", "aria-label": `${count} articles` }, count),
      el("a", { href: feed, class: "saved-feed", type: "application/atom+xml", title: `Atom feed of ${s.name}`, "aria-label": `Atom feed of ${s.name}` }, "Atom"));
  }

  /** open runs a saved search and marks its new articles read. */
  async function open(savedName, next) {
    ctx.navigate(next);
    try {
      await sendJSON("POST", `${API}/${encodeURIComponent(savedName)}/seen`);
    } catch (err) {
      say(`“${savedName}” could not be marked read: ${err.message}`, true);
    }
    refresh();
  }

  document.addEventListener("visibilitychange", () => { if (document.visibilityState === "visible") refresh(); });
  setInterval(() => { if (document.visibilityState === "visible") refresh(); }, REFRESH_MS);
  refresh();
  return { refresh };
}

/** suggestName: a name a saved search could take from its query ("iran-sanctions"). */
function suggestName(q) {
  return String(q || "").toLowerCase().normalize("NFKD").replace(/[^a-z0-9]+/g, "-").replace(/^-+|-+$/g, "").slice(0, 64);
}
