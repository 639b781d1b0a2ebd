// The sidebar's histogram of publication dates: one bar per year or month
// of the results; a bar picks its period as the published range.
import { el, formatPartialDate, plural } from "./dom.js";

/**
 * renderHistogram fills `box` with the histogram of an answer (its
 * `histogram`): onPick(key) sets a period, onClear() clears the range.
 */
export function renderHistogram(box, s, hist, { onPick, onClear }) {
  const buckets = (hist && hist.buckets) || [];
  box.replaceChildren();
  if (!buckets.length) {
    box.append(el("p", { class: "muted small" }, "No dates to show."));
    return;
  }
  const max = Math.max(1, ...buckets.map((b) => b.count));
  const byYear = hist.interval === "year";
  const bars = el("div", { class: "hist-bars" + (buckets.length > 40 ? " dense" : "") });
  for (const b of buckets) {
    const name = formatPartialDate(b.key, true);
    const selected = s.from === b.key && s.to === b.key;
    const bar = el("span", { class: "bar" });
    bar.style.height = b.count ? `${Math.max(4, Math.round((b.count / max) * 100))}%` : "0";
    bars.append(el("button", {
      type: "button", class: "hist-bucket" + (selected ? " selected" : ""), disabled: b.count === 0,
      "aria-label": `${name}: ${plural(b.count, "article")}`, title: `${name}: ${plural(b.count, "article")}`,
      "aria-pressed": String(selected),
      on: { click: () => onPick(b.key) },
    }, bar));
  }
  const first = buckets[0].key;
  const last = buckets[buckets.length - 1].key;
  let axis;
  if (byYear && buckets.length <= 8) {
    // Few years: label every bar.
    axis = el("div", { class: "hist-axis each", "aria-hidden": "true" }, buckets.map((b) => el("span", {}, b.key)));
  } else {
    axis = el("div", { class: "hist-axis", "aria-hidden": "true" },
      el("span", {}, byYear ? first : formatPartialDate(first)), el("span", {}, byYear ? last : formatPartialDate(last)));
  }
  const head = el("div", { class: "hist-head" }, el("span", { class: "muted small" }, byYear ? "Articles per year" : "Articles per month"),
    s.from || s.to ? el("button", { type: "button", class: "link small", on: { click: onClear } }, "All dates") : null);
  box.append(head, bars, axis);
}
