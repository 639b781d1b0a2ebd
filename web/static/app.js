// A first search page over the JSON API: keyword search, facets as filters.
const facetNames = ["country", "group", "person", "place", "source", "year"];
const state = { q: "", filters: {} };
const $ = (id) => document.getElementById(id);

function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, v);
  for (const c of children) node.append(c);
  return node;
}

// The API returns highlight fragments as HTML in which article text is
// already escaped and only <mark> elements are added; rebuild them as DOM
// nodes so nothing else can be injected.
function fragment(html) {
  const out = document.createDocumentFragment();
  const parts = html.split(/(<mark>|<\/mark>)/);
  let marked = false;
  const decode = (s) => new DOMParser().parseFromString(s, "text/html").documentElement.textContent;
  for (const p of parts) {
    if (p === "<mark>") { marked = true; continue; }
    if (p === "</mark>") { marked = false; continue; }
    const text = decode(p);
    out.append(marked ? el("mark", {}, text) : text);
  }
  return out;
}

async function run() {
  const params = new URLSearchParams();
  if (state.q) params.set("q", state.q);
  params.set("facets", facetNames.join(","));
  for (const [name, values] of Object.entries(state.filters)) {
    for (const v of values) params.append(name === "year" ? "from" : name, v);
    if (name === "year" && values.length) params.set("to", values[0]);
  }
  history.replaceState(null, "", "?" + params.toString());
  const res = await fetch("/api/v1/search?" + params.toString());
  const body = await res.json();
  if (!res.ok) {
    $("status").textContent = body.error ? body.error.message : res.statusText;
    $("status").className = "error";
    return;
  }
  $("status").className = "";
  $("status").textContent = `${body.total} articles in ${body.took_ms.toFixed(1)} ms`;
  const results = $("results");
  results.replaceChildren();
  for (const hit of body.hits) {
    const title = hit.highlights && hit.highlights.title ? fragment(hit.highlights.title[0]) : hit.title;
    const snippet = hit.highlights && hit.highlights.body ? fragment(hit.highlights.body.join(" … ")) : "";
    results.append(el("article", { class: "hit" },
      el("h2", {}, el("a", { href: "/api/v1/articles/" + encodeURIComponent(hit.id) }, title)),
      el("div", { class: "meta" }, `${hit.source || ""} · ${hit.published_at.slice(0, 10)}`),
      el("p", {}, snippet)));
  }
  const facets = $("facets");
  facets.replaceChildren();
  for (const name of facetNames) {
    const values = (body.facets && body.facets[name]) || [];
    if (!values.length) continue;
    const box = el("div", { class: "facet" }, el("h3", {}, name));
    for (const v of values) {
      const selected = (state.filters[name] || []).includes(v.value);
      const b = el("button", { type: "button", "aria-pressed": String(selected) },
        el("span", {}, v.label), el("span", {}, String(v.count)));
      b.addEventListener("click", () => {
        const list = state.filters[name] || [];
        state.filters[name] = selected ? list.filter((x) => x !== v.value) : (name === "year" ? [v.value] : [...list, v.value]);
        run();
      });
      box.append(b);
    }
    facets.append(box);
  }
}

let timer;
$("q").addEventListener("input", (e) => {
  clearTimeout(timer);
  timer = setTimeout(() => { state.q = e.target.value; run(); }, 150);
});
$("search").addEventListener("submit", (e) => { e.preventDefault(); state.q = $("q").value; run(); });
const initial = new URLSearchParams(location.search);
state.q = initial.get("q") || "";
$("q").value = state.q;
run();
