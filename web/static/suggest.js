// The search box's suggestions: an ARIA combobox (the APG "list autocomplete"
// pattern). While the user types a word, /api/v1/suggest is asked for the
// entities it may start (debounced; a newer keystroke aborts the older
// request) and they are listed under the box. Focus stays in the box: the
// arrow keys move the active option (aria-activedescendant), Enter or a
// click picks it, Escape closes the list.
import { el, formatCount, plural } from "./dom.js";
import { one } from "./vocab.js";
import { wordAt } from "./querytext.js";
import { fold } from "./fold.js";

const DEBOUNCE_MS = 60;
const SIZE = 8;
const CACHE_SIZE = 100;

/**
 * attachSuggest wires the combobox. Options:
 *   list      the <ul role=listbox> under the box
 *   status    a live region that says how many suggestions there are
 *   types     entity types a "type:" prefix may name (x-suggest-types)
 *   load      (url, signal) => Promise of the /api/v1/suggest answer
 *   skip      (suggestion) => true to leave it out (already a filter)
 *   onPick    (suggestion, word) where word is wordAt's answer
 *   word      (input) => the word to suggest for, as wordAt answers; by
 *             default the word being typed at the caret (wordAt)
 *   idPrefix  of the options' ids, unique in the page ("suggest-opt")
 * It returns {close, isOpen}.
 */
export function attachSuggest(input, {
  list, status, types, load, skip = () => false, onPick,
  word: wordOf = (box) => wordAt(box.value, box.selectionStart, types), idPrefix = "suggest-opt",
}) {
  let items = [];
  let word = null; // the word the shown items are for
  let active = -1;
  let timer = 0;
  let ctrl = null;
  const cache = new Map();

  const key = (w) => `${w.type}\u0000${fold(w.prefix)}`;
  const current = () => wordOf(input);
  const same = (a, b) => a && b && a.start === b.start && a.end === b.end && a.prefix === b.prefix && a.type === b.type;

  function close() {
    clearTimeout(timer);
    if (ctrl) ctrl.abort();
    ctrl = null;
    items = [];
    word = null;
    active = -1;
    list.hidden = true;
    list.replaceChildren();
    input.setAttribute("aria-expanded", "false");
    input.removeAttribute("aria-activedescendant");
  }

  function schedule() {
    clearTimeout(timer);
    const w = current();
    if (!w) { close(); return; }
    const hit = cache.get(key(w));
    if (hit) { show(hit, w); return; }
    timer = setTimeout(() => fetchFor(w), DEBOUNCE_MS);
  }

  async function fetchFor(w) {
    if (ctrl) ctrl.abort();
    const mine = (ctrl = new AbortController());
    const p = new URLSearchParams({ q: w.prefix, size: String(SIZE) });
    if (w.type) p.set("type", w.type);
    try {
      const res = await load("/api/v1/suggest?" + p, mine.signal);
      const found = res.suggestions || [];
      cache.set(key(w), found);
      if (cache.size > CACHE_SIZE) cache.delete(cache.keys().next().value);
      if (mine !== ctrl) return; // a newer word is being fetched
      ctrl = null;
      if (document.activeElement === input && same(current(), w)) show(found, w);
    } catch (err) {
      if (err.name === "AbortError" || mine !== ctrl) return;
      ctrl = null;
      close(); // suggestions are a help: a failure only hides them
    }
  }

  function show(found, w) {
    const shown = found.filter((s) => !skip(s));
    if (!shown.length) { close(); return; }
    const keep = word && same(word, w) && active >= 0 ? items[active] : null;
    items = shown;
    word = w;
    active = keep ? shown.findIndex((s) => s.type === keep.type && s.value === keep.value) : -1;
    list.replaceChildren(...shown.map(option));
    list.hidden = false;
    input.setAttribute("aria-expanded", "true");
    status.textContent = `${plural(shown.length, "suggestion")}: up and down arrows to choose, Enter to add as a filter.`;
    highlight();
  }

  function option(s, i) {
    const alias = s.matched && fold(s.matched) !== fold(s.label) ? s.matched : "";
    const li = el("li", {
      role: "option", id: `${idPrefix}-${i}`, class: `suggest-item ent-${s.type}`, "aria-selected": "false",
      "aria-label": `${s.label}, ${one(s.type).toLowerCase()}${alias ? `, matches ${alias}` : ""}, ${plural(s.count, "article")}`,
      dataset: { type: s.type, value: s.value },
    },
    el("span", { class: "suggest-type" }, el("span", { class: "swatch", "aria-hidden": "true" }), one(s.type)),
    el("span", { class: "suggest-main" },
      el("span", { class: "suggest-label" }, s.label),
      alias ? el("span", { class: "suggest-alias" }, "“", alias, "”") : null),
    el("span", { class: "suggest-count" }, formatCount(s.count)));
    li.addEventListener("click", () => pick(i));
    return li;
  }

  function highlight() {
    list.querySelectorAll("[role=option]").forEach((li, i) => {
      li.setAttribute("aria-selected", String(i === active));
      li.classList.toggle("active", i === active);
    });
    if (active >= 0) {
      input.setAttribute("aria-activedescendant", `${idPrefix}-${active}`);
      list.children[active].scrollIntoView({ block: "nearest" });
    } else {
      input.removeAttribute("aria-activedescendant");
    }
  }

  function pick(i) {
    const s = items[i];
    const w = word;
    close();
    if (s && w) onPick(s, w);
  }

  list.addEventListener("mousedown", (e) => e.preventDefault()); // a click or a scroll keeps the focus in the box
  input.addEventListener("input", schedule);
  input.addEventListener("blur", close);
  input.addEventListener("keydown", (e) => {
    if (e.ctrlKey || e.metaKey || e.isComposing) return;
    const open = !list.hidden && items.length > 0;
    if (e.key === "ArrowDown" && e.altKey && !open) {
      e.preventDefault();
      schedule();
      return;
    }
    if (!open || e.altKey) return;
    switch (e.key) {
      case "ArrowDown":
        e.preventDefault();
        active = active + 1 >= items.length ? 0 : active + 1;
        highlight();
        break;
      case "ArrowUp":
        e.preventDefault();
        active = active <= 0 ? (active === 0 ? -1 : items.length - 1) : active - 1;
        highlight();
        break;
      case "Enter":
        if (active >= 0) {
          e.preventDefault(); // picks instead of submitting the form
          pick(active);
        } else {
          close();
        }
        break;
      case "Escape":
        e.preventDefault(); // and keeps the text: a search box's Escape would clear it
        e.stopPropagation();
        close();
        break;
      case "Tab":
      case "ArrowLeft":
      case "ArrowRight":
      case "Home":
      case "End":
        close();
        break;
    }
  });

  return { close, isOpen: () => !list.hidden };
}
