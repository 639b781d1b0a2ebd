// SVG helpers for the charts: elements in the SVG namespace (built without
// markup, like dom.js), and round axis ticks.

const NS = "http://www.w3.org/2000/svg";

/** svg builds an SVG element: attrs as attributes (`class`, `text` and `on` as in dom.js el), children appended. */
export function svg(tag, attrs = {}, ...children) {
  const node = document.createElementNS(NS, tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v == null || v === false) continue;
    if (k === "text") node.textContent = v;
    else if (k === "on") for (const [ev, fn] of Object.entries(v)) node.addEventListener(ev, fn);
    else node.setAttribute(k, String(v));
  }
  for (const c of children.flat()) if (c != null && c !== false) node.append(c);
  return node;
}

/**
 * niceTicks: about `count` round values from 0 to at least max (1, 2 or 5
 * times a power of ten apart, and at least 1: they count articles), the
 * last one the axis's top.
 */
export function niceTicks(max, count = 4) {
  if (!(max > 0)) return [0, 1];
  const raw = max / count;
  const pow = 10 ** Math.floor(Math.log10(raw));
  const step = Math.max(1, [1, 2, 5, 10].map((m) => m * pow).find((s) => s >= raw));
  const ticks = [];
  for (let v = 0; v < max + step; v += step) {
    ticks.push(Math.round(v * 1e6) / 1e6);
    if (v >= max) break;
  }
  return ticks;
}
