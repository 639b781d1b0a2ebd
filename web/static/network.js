// The network view: the most frequent entities of the search and how often
// they appear together (GET /api/v1/network), drawn as a graph. A node is a
// button: a click, Enter or Space adds (or removes) its filter. The
// strongest links are listed below the drawing too, for reading.
import { el, plural } from "./dom.js";
import { latestOnly } from "./api.js";
import { parseEntityKey } from "./state.js";
import { one, title } from "./vocab.js";
import { svg } from "./svg.js";
import { layout } from "./layout.js";

const SIZE = 30;
const PHONE_SIZE = 16;
const LINKS_LISTED = 12;
const EDGES_PER_NODE = 2;
const LABEL_CHARS = 24;

/**
 * createNetwork renders into `box`. ctx: st, labels, load, toggleFilter,
 * entityLink. It returns {render(s)}.
 */
export function createNetwork(box, ctx) {
  const { st, labels } = ctx;
  const fetchLatest = latestOnly(ctx.load);
  let shownKey = "";
  let focusId = ""; // the node a key press filtered by: focused again in the redrawn graph

  async function render(s) {
    // A phone shows fewer names: 30 do not fit in 375 pixels.
    const params = st.networkParams(s, box.clientWidth && box.clientWidth < 500 ? PHONE_SIZE : SIZE).toString();
    if (params === shownKey) {
      mark(s);
      return;
    }
    box.setAttribute("aria-busy", "true");
    document.documentElement.dataset.view = "loading";
    if (!box.hasChildNodes()) box.append(el("p", { class: "muted small" }, "Linking the names of the results…"));
    try {
      const res = await fetchLatest("/api/v1/network?" + params);
      shownKey = params;
      draw(s, res);
      document.documentElement.dataset.view = "ready";
    } catch (err) {
      if (err.name === "AbortError") return;
      shownKey = "";
      box.replaceChildren(el("div", { class: "notice error", role: "alert" }, el("h3", {}, "The network could not be loaded"), el("p", { class: "api-message" }, err.message)));
      document.documentElement.dataset.view = "error";
    } finally {
      box.removeAttribute("aria-busy");
    }
  }

  function draw(s, res) {
    const nodes = (res.nodes || []).map((nd) => ({ ...nd, ...(parseEntityKey(nd.id) || {}), type: nd.type, value: nd.value }));
    const edges = strongest(res.edges || [], nodes).map((e) => ({ ...e, weight: e.shared }));
    if (!nodes.length) {
      box.replaceChildren(el("p", { class: "notice" }, "No entities to connect in these results."));
      return;
    }
    for (const nd of nodes) labels.remember(nd.type, nd.value, nd.label);
    // Laid out at the width shown (a phone gets a taller, narrower box), so
    // that labels keep the page's text size.
    const W = Math.max(300, Math.min(1100, (box.clientWidth || 794) - 34));
    const H = W < 500 ? Math.round(W * 1.25) : Math.round(W * 0.62);
    const pos = layout(nodes, edges, { width: W, height: H, margin: W < 500 ? 24 : 40, apart: W < 500 ? 34 : 52 });
    const maxCount = Math.max(1, ...nodes.map((nd) => nd.count));
    const maxShared = Math.max(1, ...edges.map((e) => e.shared));
    const radius = (c) => (W < 500 ? 4 : 5) + (W < 500 ? 9 : 13) * Math.sqrt(c / maxCount);
    const byId = new Map(nodes.map((nd) => [nd.id, nd]));
    const g = svg("svg", { viewBox: `0 0 ${W} ${H}`, class: "network-svg", role: "group", "aria-label": `${plural(nodes.length, "entity", "entities")} of the results and ${plural(edges.length, "link")} between them` });
    const lines = svg("g", { class: "edges", "aria-hidden": "true" });
    for (const e of edges) {
      const a = pos.get(e.source);
      const b = pos.get(e.target);
      if (!a || !b) continue;
      lines.append(svg("line", {
        class: "edge", x1: a.x, y1: a.y, x2: b.x, y2: b.y, "stroke-width": (1 + 4 * (e.shared / maxShared)).toFixed(1),
        "data-source": e.source, "data-target": e.target,
      }, svg("title", { text: `${byId.get(e.source)?.label} and ${byId.get(e.target)?.label}: ${plural(e.shared, "article")} together` })));
    }
    g.append(lines);
    const dots = svg("g", { class: "nodes" });
    const names = svg("g", { class: "names", "aria-hidden": "true" });
    for (const nd of nodes) {
      const p = pos.get(nd.id);
      const r = radius(nd.count);
      const right = p.x < W * 0.72;
      const node = svg("g", {
        class: `node ent-${nd.type}`, tabindex: "0", role: "button", "data-id": nd.id, "data-type": nd.type, "data-value": nd.value, "data-label": nd.label,
        transform: `translate(${p.x},${p.y})`,
      },
      svg("circle", { r: r.toFixed(1) }),
      svg("title", { text: `${one(nd.type)}: ${nd.label}, ${plural(nd.count, "article")}` }));
      // Names go in a layer above every circle, so no circle hides one.
      const label = svg("text", { class: `name ent-${nd.type}`, x: p.x + (right ? r + 4 : -(r + 4)), y: p.y + 4, "text-anchor": right ? "start" : "end", "data-id": nd.id, text: short(nd.label) });
      names.append(label);
      const toggle = () => ctx.toggleFilter(nd.type, nd.value, nd.label);
      node.addEventListener("click", toggle);
      node.addEventListener("keydown", (e) => {
        if (e.key === "Enter" || e.key === " ") { e.preventDefault(); focusId = nd.id; toggle(); }
      });
      const spot = (on) => {
        label.classList.toggle("spot", on);
        for (const l of lines.children) if (l.dataset.source === nd.id || l.dataset.target === nd.id) l.classList.toggle("spot", on);
      };
      node.addEventListener("mouseenter", () => spot(true));
      node.addEventListener("mouseleave", () => spot(false));
      node.addEventListener("focus", () => spot(true));
      node.addEventListener("blur", () => spot(false));
      dots.append(node);
    }
    g.append(dots, names);
    const types = [...new Set(nodes.map((nd) => nd.type))];
    const legend = el("ul", { class: "chart-legend" }, types.map((t) => el("li", { class: `ent-${t}` }, el("span", { class: "swatch", "aria-hidden": "true" }), title(t))),
      el("li", { class: "muted" }, "Size: articles · line: articles together · click a name to filter by it"));
    const listed = edges.slice(0, LINKS_LISTED); // strongest first
    const links = listed.length ? el("section", { class: "net-links", "aria-labelledby": "net-links-h" },
      el("h3", { id: "net-links-h", class: "facet-title" }, "Most often together"),
      el("ol", {}, listed.map((e) => {
        const a = byId.get(e.source);
        const b = byId.get(e.target);
        if (!a || !b) return null;
        return el("li", {}, name(a), " and ", name(b), el("span", { class: "muted small" }, ` · ${plural(e.shared, "article")}`));
      }))) : null;
    box.replaceChildren(el("div", { class: "network-wrap" }, g), legend, links);
    mark(s);
    if (focusId) {
      const again = [...box.querySelectorAll(".node")].find((x) => x.dataset.id === focusId);
      focusId = "";
      if (again) again.focus({ preventScroll: true });
    }
  }

  function name(nd) {
    return el("span", { class: `net-name ent-${nd.type}` }, el("span", { class: "swatch", "aria-hidden": "true" }), nd.label, ctx.entityLink(nd.type, nd.value, nd.label));
  }

  /** mark shows which nodes are filters of the search now. */
  function mark(s) {
    for (const node of box.querySelectorAll(".node")) {
      const on = (s.filters[node.dataset.type] || []).includes(node.dataset.value);
      node.setAttribute("aria-pressed", String(on));
      node.setAttribute("aria-label", `${on ? "Remove the filter" : "Filter by"} ${one(node.dataset.type).toLowerCase()}: ${node.dataset.label}`);
    }
  }

  return { render, reset: () => { shownKey = ""; } };
}

function short(label) {
  return label.length > LABEL_CHARS ? label.slice(0, LABEL_CHARS - 1) + "…" : label;
}

/**
 * strongest keeps the links worth drawing: news entities are nearly all
 * linked, and every pair drawn is a grey felt. It keeps the
 * EDGES_PER_NODE × nodes strongest, plus each node's own strongest link,
 * so that no linked node floats alone.
 */
function strongest(edges, nodes) {
  const sorted = [...edges].sort((a, b) => b.shared - a.shared || (a.source + a.target).localeCompare(b.source + b.target));
  const keep = new Set(sorted.slice(0, Math.max(12, EDGES_PER_NODE * nodes.length)));
  const linked = new Set();
  for (const e of keep) { linked.add(e.source); linked.add(e.target); }
  for (const e of sorted) {
    if (linked.has(e.source) && linked.has(e.target)) continue;
    keep.add(e);
    linked.add(e.source);
    linked.add(e.target);
  }
  return sorted.filter((e) => keep.has(e));
}
