// A line chart of article counts per period, for the trends view and the
// entity page: the search's own series as a grey area, each entity as a
// line in its type's colour with its own dash pattern (two groups compared
// share a colour), a legend, a tooltip per period, and the same figures as
// a table for screen readers and keyboards.
import { el, formatCount, formatPartialDate } from "./dom.js";
import { svg, niceTicks } from "./svg.js";

/** Dash patterns of the entity series, in order: the colour says the type, the dash the series. */
export const DASHES = Object.freeze(["", "7 4", "2 3", "10 3 2 3", "4 2"]);

const PAD = { top: 12, right: 16, bottom: 28, left: 44 };
const LABEL_PX = 90; // room for one period's label on the axis ("Sept 2024", "2020-W53")

/**
 * bucketName: how a bucket key reads ("Apr 2024", "2024", "week 2020-W53",
 * "12 Apr 2024").
 */
export function bucketName(key) {
  if (/^\d{4}-W\d{2}$/.test(key)) return `week ${key}`;
  return formatPartialDate(key);
}

/**
 * lineChart draws series ({key, label, type, buckets: [{key, start,
 * count}]}, every one with the same buckets; the one of type "all" is the
 * area) and returns a <figure>. onPick(bucket) makes each period a button
 * (a click narrows to it, and so does its row in the table); title names
 * the chart; width is the width it will be shown at, in CSS pixels.
 */
export function lineChart(series, { title, onPick, width = 720 } = {}) {
  // Drawn at the width it is shown at, so that its text is the page's size
  // on a phone as on a monitor.
  const W = Math.max(300, Math.min(1100, Math.round(width)));
  const H = W < 500 ? 220 : 260;
  const buckets = (series[0] && series[0].buckets) || [];
  const fig = el("figure", { class: "chart" });
  if (!buckets.length) {
    fig.append(el("p", { class: "muted small" }, "No articles to chart."));
    return fig;
  }
  const max = Math.max(1, ...series.flatMap((s) => s.buckets.map((b) => b.count)));
  const ticks = niceTicks(max);
  const top = ticks[ticks.length - 1];
  const iw = W - PAD.left - PAD.right;
  const ih = H - PAD.top - PAD.bottom;
  const n = buckets.length;
  const x = (i) => PAD.left + (n === 1 ? iw / 2 : (i * iw) / (n - 1));
  const y = (v) => PAD.top + ih - (v / top) * ih;
  const root = svg("svg", { viewBox: `0 0 ${W} ${H}`, class: "chart-svg", role: "img", "aria-label": `${title || "Articles over time"}: ${summary(series)}` });
  for (const t of ticks) {
    root.append(svg("line", { class: "grid", x1: PAD.left, x2: W - PAD.right, y1: y(t), y2: y(t) }),
      svg("text", { class: "tick", x: PAD.left - 6, y: y(t) + 4, "text-anchor": "end", text: formatCount(t) }));
  }
  // As many period labels as fit (about LABEL_PX each), evenly spaced; the
  // last period gets one too when it is not on top of the one before.
  const step = n === 1 ? iw : iw / (n - 1);
  const every = Math.max(1, Math.ceil(LABEL_PX / step));
  const lastLabelled = (n - 1) - ((n - 1) % every);
  buckets.forEach((b, i) => {
    if (i % every === 0 || (i === n - 1 && (i - lastLabelled) * step >= LABEL_PX)) {
      root.append(svg("text", { class: "tick", x: x(i), y: H - 8, "text-anchor": i === 0 ? "start" : i === n - 1 ? "end" : "middle", text: /-W/.test(b.key) ? b.key : bucketName(b.key) }));
    }
  });
  let dash = 0;
  for (const s of series) {
    const pts = s.buckets.map((b, i) => `${x(i).toFixed(1)},${y(b.count).toFixed(1)}`);
    if (s.type === "all") {
      root.append(svg("path", { class: "area", d: `M${x(0)},${y(0)} L${pts.join(" L")} L${x(n - 1)},${y(0)} Z` }),
        svg("polyline", { class: "area-line", points: pts.join(" ") }));
      continue;
    }
    s.dash = DASHES[dash++ % DASHES.length];
    root.append(svg("polyline", { class: `line ent-${s.type}`, points: pts.join(" "), "stroke-dasharray": s.dash || null }));
    if (n <= 60) for (const [i, b] of s.buckets.entries()) if (b.count) root.append(svg("circle", { class: `dot ent-${s.type}`, cx: x(i), cy: y(b.count), r: 2.5 }));
  }
  // One column per period: its tooltip says every series' count there, and
  // with onPick it is a button that narrows the search to that period.
  const colW = n === 1 ? iw : iw / (n - 1);
  buckets.forEach((b, i) => {
    const tip = `${bucketName(b.key)}: ${series.map((s) => `${s.label} ${formatCount(s.buckets[i].count)}`).join(", ")}`;
    const col = svg("rect", { class: "col" + (onPick ? " pick" : ""), x: Math.max(PAD.left, x(i) - colW / 2), y: PAD.top, width: colW, height: ih }, svg("title", { text: tip }));
    if (onPick) col.addEventListener("click", () => onPick(b));
    root.append(col);
  });
  fig.append(root, legend(series), table(series, onPick));
  return fig;
}

function summary(series) {
  return series.map((s) => `${s.label}, ${formatCount(s.buckets.reduce((a, b) => a + b.count, 0))} articles`).join("; ");
}

function legend(series) {
  return el("ul", { class: "chart-legend", "aria-hidden": "true" }, series.map((s) => el("li", { class: s.type === "all" ? "all" : `ent-${s.type}` },
    s.type === "all" ? el("span", { class: "key area-key" })
      : svg("svg", { class: "key", viewBox: "0 0 28 8", width: 28, height: 8 }, svg("line", { class: `line ent-${s.type}`, x1: 0, x2: 28, y1: 4, y2: 4, "stroke-dasharray": s.dash || null })),
    s.label)));
}

/** table: the chart's figures, one row per period, in a disclosure (and its periods as buttons with onPick). */
function table(series, onPick) {
  const buckets = series[0].buckets;
  return el("details", { class: "chart-table" }, el("summary", { class: "small" }, "Show as a table"),
    el("div", { class: "table-scroll" }, el("table", {},
      el("thead", {}, el("tr", {}, el("th", { scope: "col" }, "Period"), series.map((s) => el("th", { scope: "col" }, s.label)))),
      el("tbody", {}, buckets.map((b, i) => el("tr", {},
        el("th", { scope: "row" }, onPick
          ? el("button", { type: "button", class: "link", title: "Narrow the search to this period", on: { click: () => onPick(b) } }, bucketName(b.key))
          : bucketName(b.key)),
        series.map((s) => el("td", {}, formatCount(s.buckets[i].count)))))))));
}
