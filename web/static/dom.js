// Small DOM helpers shared by the search and article views. Article text is
// only ever put into the page as text nodes: nothing here parses HTML.

/**
 * el builds an element. attrs: plain attributes, except `class`, `text`
 * (textContent), `on` ({event: handler}) and `dataset`; children are nodes,
 * strings (as text) or arrays of them; null/false children are skipped.
 */
export function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v == null || v === false) continue;
    if (k === "class") node.className = v;
    else if (k === "text") node.textContent = v;
    else if (k === "on") for (const [ev, fn] of Object.entries(v)) node.addEventListener(ev, fn);
    else if (k === "dataset") Object.assign(node.dataset, v);
    else node.setAttribute(k, v === true ? "" : String(v));
  }
  append(node, children);
  return node;
}

function append(node, children) {
  for (const c of children) {
    if (c == null || c === false) continue;
    if (Array.isArray(c)) append(node, c);
    else node.append(c);
  }
}

const named = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'", nbsp: "\u00a0" };

/** decodeEntities turns the character references of escaped text back into text. */
export function decodeEntities(s) {
  return s.replace(/&(#x[0-9a-f]+|#[0-9]+|[a-z]+);/gi, (m, ref) => {
    if (ref[0] === "#") {
      const cp = ref[1] === "x" || ref[1] === "X" ? parseInt(ref.slice(2), 16) : parseInt(ref.slice(1), 10);
      return Number.isFinite(cp) && cp > 0 && cp <= 0x10ffff ? String.fromCodePoint(cp) : m;
    }
    return named[ref.toLowerCase()] ?? m;
  });
}

/**
 * highlighted rebuilds an API highlight fragment as DOM nodes. The API sends
 * article text HTML-escaped with only <mark>…</mark> added: the markers
 * become <mark> elements, everything else is decoded and added as text, so
 * no markup from an article can ever reach the page.
 */
export function highlighted(html) {
  const out = document.createDocumentFragment();
  let marked = false;
  for (const part of String(html).split(/(<mark>|<\/mark>)/)) {
    if (part === "<mark>") { marked = true; continue; }
    if (part === "</mark>") { marked = false; continue; }
    if (!part) continue;
    const text = decodeEntities(part);
    out.append(marked ? el("mark", {}, text) : document.createTextNode(text));
  }
  return out;
}

const dayFmt = new Intl.DateTimeFormat("en-GB", { day: "numeric", month: "short", year: "numeric", timeZone: "UTC" });
const monthFmt = new Intl.DateTimeFormat("en-GB", { month: "short", year: "numeric", timeZone: "UTC" });
const monthLongFmt = new Intl.DateTimeFormat("en-GB", { month: "long", year: "numeric", timeZone: "UTC" });

/** formatDay: "19 Apr 2024" for an RFC 3339 timestamp, in UTC. */
export function formatDay(ts) {
  const d = new Date(ts);
  return Number.isNaN(d.getTime()) ? String(ts || "") : dayFmt.format(d);
}

/** formatPartialDate renders the API's YYYY, YYYY-MM or YYYY-MM-DD forms. */
export function formatPartialDate(s, long = false) {
  if (/^\d{4}$/.test(s)) return s;
  if (/^\d{4}-\d{2}$/.test(s)) return (long ? monthLongFmt : monthFmt).format(new Date(s + "-01T00:00:00Z"));
  if (/^\d{4}-\d{2}-\d{2}$/.test(s)) return dayFmt.format(new Date(s + "T00:00:00Z"));
  return s;
}

/** formatCount: 12,345. */
export function formatCount(n) {
  return Number(n || 0).toLocaleString("en-US");
}

/** plural: "1 article", "3 articles". */
export function plural(n, word, many = word + "s") {
  return `${formatCount(n)} ${n === 1 ? word : many}`;
}

/** hostOf returns the host of a URL, or "" when it does not parse. */
export function hostOf(url) {
  try {
    return new URL(url).host;
  } catch {
    return "";
  }
}

/** safeHref keeps only http(s) links from article data. */
export function safeHref(url) {
  try {
    const u = new URL(url);
    return u.protocol === "http:" || u.protocol === "https:" ? u.href : null;
  } catch {
    return null;
  }
}
