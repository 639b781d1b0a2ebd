// Browser tests of the analyst views: the "Unusual in these results"
// panel, entity pages, the network view and the trends view, each through
// the URL, back and forward, the keyboard and the phone layout. The figures
// shown are compared with the API's own answers, not with copies.
//
//   SEARCHD_URL=http://127.0.0.1:PORT node --test views.test.js
import { test } from "node:test";
import assert from "node:assert/strict";
import { BASE, PHONE, useBrowser, newPage, open, searched, params, shot } from "./helpers.js";

useBrowser();

const api = async (path) => {
  const res = await fetch(BASE + path);
  assert.equal(res.status, 200, `${path}: ${res.status}`);
  return res.json();
};

/** ready waits for one of the UI's states (data-entity, data-view, data-unusual) to be ready. */
const ready = (page, what) => page.waitForFunction((w) => document.documentElement.dataset[w] === "ready", what);
const overflow = (page) => page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);

test("unusual in these results: the API's significant entities, a filter each, a type per tab", async (t) => {
  const page = await newPage(t);
  await open(page, "?q=Iran");
  await ready(page, "unusual");
  const panel = page.locator("#unusual");
  assert.equal(await panel.locator("h2").textContent(), "Unusual in these results");
  const sig = await api("/api/v1/significant?q=Iran&type=country&size=8");
  assert.ok(sig.entities.length > 0, "the API finds significant countries for Iran");
  const shown = await panel.locator(".sig-item .sig-label").allTextContents();
  assert.deepEqual(shown, sig.entities.map((e) => e.label), "in the API's order");
  const first = sig.entities[0];
  assert.equal(await panel.locator(".sig-item .sig-fig").first().evaluate((n) => n.firstChild.textContent), String(first.fg));
  assert.match(await panel.locator(".sig-item").first().getAttribute("title"), new RegExp(`in ${first.fg} articles? of ${first.fg_total} here`));
  await shot(page, "desktop-unusual");

  // Another type: its tab is in the URL, and the list is the API's for it.
  await panel.getByRole("button", { name: "Groups" }).click();
  await page.waitForFunction(() => new URL(location.href).searchParams.get("sig") === "group");
  await ready(page, "unusual");
  const groups = await api("/api/v1/significant?q=Iran&type=group&size=8");
  assert.deepEqual(await panel.locator(".sig-item .sig-label").allTextContents(), groups.entities.map((e) => e.label));

  // An entry filters like a facet value.
  const g = groups.entities[0];
  await searched(page, () => panel.locator(".sig-item").first().click());
  assert.deepEqual(params(page).getAll("group"), [g.value]);
  assert.match(await page.textContent("#chips"), new RegExp(g.label.replace(/[()]/g, ".")));

  // Without a query or a filter nothing can be unusual: the panel says so.
  await open(page, "");
  assert.match(await panel.textContent(), /Search or filter to see/);
});

test("entity page: from a hit's chip, with the API's figures, trend, names it goes with and latest articles; back and forward", async (t) => {
  const page = await newPage(t);
  await open(page, "?q=Iran");
  const results = page.url();
  const link = page.locator("#results .ent-chip-pair .ent-page.ent-group").first();
  const href = new URL(await link.getAttribute("href"), BASE);
  const [type, ...rest] = href.searchParams.get("entity").split(":");
  const value = rest.join(":");
  await link.click();
  await ready(page, "entity");
  assert.equal(await page.locator("#search-view").isVisible(), false);
  const want = await api(`/api/v1/entities/${encodeURIComponent(type)}/${encodeURIComponent(value)}`);
  assert.equal(await page.textContent("#entity-title"), want.label);
  assert.equal(await page.evaluate(() => document.activeElement.id), "entity-title", "focus moves to the page's title");
  assert.match(await page.textContent(".entity-figures"), new RegExp(`^${want.count} articles?`));
  assert.equal(await page.locator(".entity-trend .chart-svg").count(), 1);
  assert.equal(await page.locator(".entity-trend .chart-table tbody tr").count(), want.trend.buckets.length);
  assert.deepEqual(await page.locator(".entity-latest .latest-link").allTextContents(), want.latest.map((h) => h.title));
  for (const [ct, list] of Object.entries(want.cooccurring)) {
    if (!list.length) continue;
    const names = await page.locator(`.entity-co .co-list[aria-label^="${ct === "person" ? "People" : ct === "country" ? "Countries" : ct === "group" ? "Groups" : "Places"}"] .co-link`).allTextContents();
    assert.deepEqual(names, list.map((x) => x.label), `co-occurring ${ct}`);
  }
  await shot(page, "desktop-entity");

  // A name it goes with opens that one's page; back returns to this one.
  const other = page.locator(".entity-co .co-link").first();
  const otherName = await other.textContent();
  await other.click();
  await page.waitForFunction((n) => document.getElementById("entity-title")?.textContent === n && document.documentElement.dataset.entity === "ready", otherName);
  await page.click("#entity-view button.back"); // the page's own Back is the browser's
  await page.waitForFunction((n) => document.getElementById("entity-title")?.textContent === n, want.label);

  // Its latest article opens; back returns to the page.
  await page.locator(".entity-latest .latest-link").first().click();
  await page.waitForFunction(() => document.documentElement.dataset.article === "ready" && !document.getElementById("article-view").hidden);
  await page.goBack();
  await page.waitForSelector("#entity-view:not([hidden])");

  // Esc goes back to the results, where they were; forward comes back.
  await page.keyboard.press("Escape");
  await page.waitForSelector("#search-view:not([hidden])");
  assert.equal(page.url(), results);
  await page.goForward();
  await page.waitForSelector("#entity-view:not([hidden])");
  assert.equal(new URL(page.url()).searchParams.get("entity"), `${type}:${value}`);

  // "Filter the search by it" goes back to the results with the filter on.
  await searched(page, () => page.click("#entity-filter"));
  assert.deepEqual(params(page).getAll(type), [value]);
  assert.equal(await page.locator("#search-view").isVisible(), true);
});

test("entity page: from a facet value, a mention in an article, the also-searching line, and a name unknown to the archive", async (t) => {
  const page = await newPage(t);
  await open(page, "?q=Iran&mentions=country");
  const facetLink = page.locator('#facets section[data-facet="country"] .ent-page').first();
  await facetLink.focus();
  await page.keyboard.press("Enter");
  await ready(page, "entity");
  assert.match(new URL(page.url()).searchParams.get("entity"), /^country:/);

  // A highlighted mention in an article text opens its entity's page.
  await page.goBack();
  await page.waitForSelector("#search-view:not([hidden])");
  await page.locator("#results .hit-link").first().click();
  await page.waitForFunction(() => document.documentElement.dataset.article === "ready");
  const mark = page.locator("#article-body mark.ent.to-page.ent-group").first();
  const key = `${await mark.getAttribute("data-type")}:${await mark.getAttribute("data-value")}`;
  await mark.click();
  await ready(page, "entity");
  assert.equal(new URL(page.url()).searchParams.get("entity"), key);
  await page.goBack();
  await page.waitForFunction(() => !document.getElementById("article-view").hidden);

  // The article's entity list links to the pages too.
  assert.ok(await page.locator(".article-entities .ent-page").count() > 0);

  // The entity a word of the query was also searched as links to its page.
  await open(page, "?q=IRGC");
  await page.click("#interpreted .interp-entity a");
  await ready(page, "entity");
  assert.equal(await page.textContent("#entity-title"), "Islamic Revolutionary Guard Corps");

  // A name the archive does not hold: the API's 404, said as such.
  await page.goto(BASE + "/?entity=group%3ANo+Such+Group+Anywhere");
  await page.waitForFunction(() => document.documentElement.dataset.entity === "error");
  assert.match(await page.textContent("#entity-view .notice"), /No group “No Such Group Anywhere” in the archive/);
});

test("network: the search's entities and links; a node filters (mouse or keyboard); back and forward", async (t) => {
  const page = await newPage(t);
  await open(page, "?q=Iran");
  const articles = page.url();
  await page.click("#view-network");
  await ready(page, "view");
  assert.equal(params(page).get("view"), "network");
  assert.equal(await page.getAttribute("#view-network", "aria-current"), "page");
  assert.equal(await page.locator("#results").isVisible(), false);
  const net = await api("/api/v1/network?q=Iran&types=country%2Cgroup%2Cperson%2Cplace&size=30");
  assert.ok(net.nodes.length >= 5, "the API has a network for Iran");
  const ids = await page.locator("#network-view .node").evaluateAll((ns) => ns.map((n) => n.dataset.id));
  assert.deepEqual(ids, net.nodes.map((n) => n.id));
  assert.ok(await page.locator("#network-view .edge").count() > 0);
  const top = [...net.edges].sort((a, b) => b.shared - a.shared)[0];
  assert.match(await page.locator(".net-links li").first().textContent(), new RegExp(`${top.shared} articles?$`));
  await shot(page, "desktop-network");

  // Keyboard: a node is a button; Enter adds its filter, the view stays.
  const node = net.nodes.find((n) => n.type === "group") || net.nodes[1];
  const el = page.locator(`#network-view .node[data-id="${node.id.replace(/"/g, '\\"')}"]`);
  await el.focus();
  await searched(page, () => page.keyboard.press("Enter"));
  await ready(page, "view");
  assert.deepEqual(params(page).getAll(node.type), [node.value]);
  assert.equal(params(page).get("view"), "network");
  assert.equal(await page.locator(`#network-view .node[data-id="${node.id.replace(/"/g, '\\"')}"]`).getAttribute("aria-pressed"), "true");
  assert.equal(await page.evaluate(() => document.activeElement.dataset.id), node.id, "the redrawn graph keeps the focus on the node");
  const filtered = page.url();

  // Back: the filter goes; back again: the list of articles. Forward twice returns.
  await searched(page, () => page.goBack());
  assert.deepEqual(params(page).getAll(node.type), []);
  assert.equal(params(page).get("view"), "network");
  await searched(page, () => page.goBack());
  assert.equal(page.url(), articles);
  assert.equal(await page.locator("#results").isVisible(), true);
  await page.goForward();
  await page.goForward();
  await page.waitForFunction((u) => location.href === u, filtered);
  await ready(page, "view");
  assert.equal(await page.locator("#network-view").isVisible(), true);
});

test("trends: compare entities from an entity page and the search's names; interval and periods in the URL; back and forward", async (t) => {
  const page = await newPage(t);
  await open(page, "?q=Iran");
  await page.click("#view-trends");
  await ready(page, "view");
  assert.equal(params(page).get("view"), "trends");
  const all = await api("/api/v1/trends?q=Iran&interval=month");
  assert.equal(await page.locator("#trends-view .chart-table tbody tr").count(), all.series[0].buckets.length);
  assert.equal(await page.locator("#trends-view polyline.line").count(), 0, "the search alone: its area, no entity line");

  // Add two names from the search's own.
  for (let i = 0; i < 2; i++) {
    // The offers fold away once a name is compared.
    if (!(await page.locator("#trends-view .compare-add").first().isVisible())) await page.click("#trends-view .trend-offers summary");
    await page.locator("#trends-view .compare-add").first().click();
    await page.waitForFunction((n) => new URL(location.href).searchParams.getAll("compare").length === n, i + 1);
    await ready(page, "view");
  }
  const compare = params(page).getAll("compare");
  assert.equal(await page.locator("#trends-view polyline.line").count(), 2);
  const want = await api(`/api/v1/trends?q=Iran&entities=${encodeURIComponent(compare.join(","))}&interval=month`);
  const headers = await page.locator("#trends-view .chart-table thead th").allTextContents();
  assert.deepEqual(headers.slice(1), want.series.map((s) => (s.key === "all" ? "All matching" : s.label)));
  const firstRow = await page.locator("#trends-view .chart-table tbody tr").first().locator("td").allTextContents();
  assert.deepEqual(firstRow, want.series.map((s) => String(s.buckets[0].count)));

  // Per year: in the URL; back returns to months.
  await page.selectOption("#trend-interval", "year");
  await page.waitForFunction(() => new URL(location.href).searchParams.get("interval") === "year");
  await ready(page, "view");
  const years = await api(`/api/v1/trends?q=Iran&entities=${encodeURIComponent(compare.join(","))}&interval=year`);
  assert.equal(await page.locator("#trends-view .chart-table tbody tr").count(), years.series[0].buckets.length);
  await shot(page, "desktop-trends");
  await page.goBack();
  await page.waitForFunction(() => !new URL(location.href).searchParams.get("interval"));
  await ready(page, "view");
  assert.equal(await page.inputValue("#trend-interval"), "month");
  await page.goForward();
  await page.waitForFunction(() => new URL(location.href).searchParams.get("interval") === "year");

  // A period of the table narrows the search to it, in the same view.
  const busiest = years.series[0].buckets.reduce((a, b) => (b.count > a.count ? b : a));
  // (The chart's columns are clickable; the table is the keyboard's way.)
  await page.click("#trends-view .chart-table summary");
  await page.locator("#trends-view .chart-table tbody th button", { hasText: busiest.key }).focus();
  await searched(page, () => page.keyboard.press("Enter"));
  assert.equal(params(page).get("from"), busiest.key);
  assert.equal(params(page).get("to"), busiest.key);
  assert.equal(params(page).get("view"), "trends");

  // Removing a compared name.
  await page.locator("#trends-view .compare-chosen .remove").first().click();
  await page.waitForFunction(() => new URL(location.href).searchParams.getAll("compare").length === 1);

  // Any name, typed: the suggestions under the box, picked with the keyboard.
  const before = params(page).getAll("compare");
  await page.fill("#compare-input", "hezbol");
  await page.waitForSelector("#compare-suggest:not([hidden]) [role=option]");
  await page.keyboard.press("ArrowDown");
  await page.keyboard.press("Enter");
  await page.waitForFunction((n) => new URL(location.href).searchParams.getAll("compare").length === n, before.length + 1);
  assert.equal(params(page).getAll("compare").at(-1), "group:Hezbollah");
  assert.equal(await page.evaluate(() => document.activeElement.id), "compare-input", "the box keeps the focus for the next name");
  await ready(page, "view");

  // From an entity page: "Compare over time".
  await page.goto(BASE + "/?entity=group%3AHezbollah");
  await ready(page, "entity");
  await page.click("#entity-compare");
  await ready(page, "view");
  assert.equal(params(page).get("view"), "trends");
  assert.deepEqual(params(page).getAll("compare"), ["group:Hezbollah"]);
  assert.equal(await page.locator("#trends-view polyline.line").count(), 1);
});

test("phone width: every view fits the screen", async (t) => {
  const page = await newPage(t, PHONE);
  for (const [query, wait, name] of [
    ["?q=Iran&view=network", "view", "phone-network"],
    ["?q=Iran&view=trends&compare=group%3AHezbollah", "view", "phone-trends"],
    ["?q=Iran&entity=group%3AHezbollah", "entity", "phone-entity"],
  ]) {
    await open(page, query);
    await ready(page, wait);
    assert.ok(await overflow(page) <= 0, `${query}: no sideways scrolling`);
    await shot(page, name);
  }
  // The unusual panel sits with the filters, behind their toggle.
  await open(page, "?q=Iran");
  assert.equal(await page.locator("#unusual").isVisible(), false);
  await page.getByRole("button", { name: /^Filters/ }).click();
  await ready(page, "unusual");
  assert.equal(await page.locator("#unusual").isVisible(), true);
  assert.ok(await overflow(page) <= 0);
  await shot(page, "phone-unusual");
});
