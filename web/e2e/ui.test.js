// End-to-end tests of the searchd web UI in a real headless Chromium, driven
// by playwright-core against a running daemon with testdata/ loaded.
//
//   SEARCHD_URL=http://127.0.0.1:PORT node --test ui.test.js views.test.js
//
// scripts/e2e.sh builds and starts the daemon, sets SEARCHD_URL and runs this.
// Screenshots go to web/e2e/screenshots/. The analyst views are tested in
// views.test.js.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { BASE, PHONE, useBrowser, newPage, open, searched, total, hitTitles, params, facet, facetBox, shot } from "./helpers.js";

useBrowser();

test("typing a query shows results with highlighted snippets", async (t) => {
  const page = await newPage(t);
  await open(page);
  const all = await total(page);
  assert.ok(all >= 40, `the empty query lists every article (${all})`);
  const detail = await searched(page, () => page.fill("#q", "Iran"));
  assert.equal(detail.ok, true);
  const n = await total(page);
  assert.ok(n > 0 && n < all, `"Iran" narrows the results (${n} of ${all})`);
  assert.equal(params(page).get("q"), "Iran");
  const marks = await page.$$eval("#results mark", (ms) => ms.map((m) => m.textContent.toLowerCase()));
  assert.ok(marks.length > 0, "matches are highlighted");
  assert.ok(marks.every((m) => m.includes("iran")), `highlights are the query term: ${marks.slice(0, 5)}`);
  assert.match(await page.textContent("#status"), /articles · [\d.]+ ms/);
  // Entity chips, a source and a date on each hit.
  assert.ok(await page.locator("#results .hit").first().locator(".ent-chip.ent-country").count() > 0);
  assert.match(await page.locator("#results .hit-meta").first().textContent(), /\d{4}/);
  await page.waitForTimeout(100);
  await shot(page, "desktop-results");
});

test("a country facet filters; counts are disjunctive; the chip removes it", async (t) => {
  const page = await newPage(t);
  await open(page, "?q=Iran&mentions=country"); // the country facet by every mention
  const before = await total(page);
  const countriesBefore = await facet(page, "country");
  const groupsBefore = await facet(page, "group");
  assert.ok(countriesBefore.Israel > 0 && countriesBefore.Israel < before, `Israel is a useful filter: ${JSON.stringify(countriesBefore)}`);

  await searched(page, () => facetBox(page, "country", /^Israel/).check());
  assert.deepEqual(params(page).getAll("country"), ["IL"]);
  assert.equal(await total(page), countriesBefore.Israel, "the result count is the facet's count");
  const countriesAfter = await facet(page, "country");
  assert.deepEqual(countriesAfter, countriesBefore, "the country facet keeps its counts (disjunctive)");
  const groupsAfter = await facet(page, "group");
  assert.notDeepEqual(groupsAfter, groupsBefore, "the other facets count the filtered results");
  assert.ok(Object.values(groupsAfter).every((c) => c <= countriesBefore.Israel));
  await expectChip(page, "Country:", "Israel");

  // A second country ORs within the facet.
  await searched(page, () => facetBox(page, "country", /^France/).check());
  assert.deepEqual(params(page).getAll("country"), ["IL", "FR"]);
  const both = await total(page);
  assert.ok(both >= countriesBefore.Israel && both <= countriesBefore.Israel + countriesBefore.France, `OR within a facet: ${both}`);

  await searched(page, () => page.getByRole("button", { name: "Remove filter Country: France" }).click());
  await searched(page, () => page.getByRole("button", { name: "Remove filter Country: Israel" }).click());
  assert.equal(await total(page), before);
  assert.equal(params(page).getAll("country").length, 0);
  assert.equal(await page.locator("#chips").isHidden(), true);
});

test("the country facet counts what articles are about, with a switch to every mention, in the URL", async (t) => {
  const page = await newPage(t);
  await open(page, "?q=Iran");
  const api = async (facetName) => {
    const res = await (await fetch(`${BASE}/api/v1/search?q=Iran&size=0&facets=${facetName}&facet_size=10`)).json();
    return Object.fromEntries(res.facets[facetName].map((v) => [v.label, v.count]));
  };
  const about = page.getByRole("button", { name: "About", exact: true });
  const mentions = page.getByRole("button", { name: "Mentions", exact: true });
  assert.equal(await page.locator("#facets section.facet", { hasText: "Countries" }).count(), 1, "one facet of countries");
  assert.equal(await page.locator('#facets section[data-facet="country"]').count(), 0);
  assert.equal(await about.getAttribute("aria-pressed"), "true", "about is the default");
  const aboutCounts = await facet(page, "about_country");
  assert.deepEqual(aboutCounts, await api("about_country"), "the about counts are the API's about_country facet");

  await searched(page, () => mentions.click());
  assert.equal(params(page).get("mentions"), "country");
  assert.equal(await mentions.getAttribute("aria-pressed"), "true");
  assert.equal(await page.locator('#facets section[data-facet="about_country"]').count(), 0);
  const mentionCounts = await facet(page, "country");
  assert.deepEqual(mentionCounts, await api("country"), "the mention counts are the API's country facet");
  for (const [name, n] of Object.entries(aboutCounts)) {
    if (name in mentionCounts) assert.ok(n <= mentionCounts[name], `${name}: about ${n} of ${mentionCounts[name]} mentions`);
  }
  await page.reload();
  await page.waitForFunction(() => document.documentElement.dataset.state === "ready");
  assert.equal(await mentions.getAttribute("aria-pressed"), "true", "the switch is in the URL");

  // Back to about: a country ticked there filters by what articles are about.
  await searched(page, () => about.click());
  assert.equal(params(page).get("mentions"), null);
  const [first] = Object.entries(aboutCounts);
  await searched(page, () => facetBox(page, "about_country", new RegExp("^" + first[0])).check());
  assert.equal(params(page).getAll("about_country").length, 1);
  assert.equal(await total(page), first[1]);
  await expectChip(page, "About:", first[0]);
  await shot(page, "desktop-about-switch");
});

async function expectChip(page, kind, value) {
  const chips = await page.$$eval("#chips .filter-chip", (cs) => cs.map((c) => c.textContent));
  assert.ok(chips.some((c) => c.includes(kind) && c.includes(value)), `chip ${kind} ${value} in ${chips}`);
}

test("entity chips and the facet filter box add filters across facets (AND), clear all", async (t) => {
  const page = await newPage(t);
  await open(page);
  const all = await total(page);
  // The person facet is long: its filter box asks /api/v1/entities.
  const find = page.getByRole("searchbox", { name: "Find people" });
  await find.fill("mad");
  await page.waitForSelector('#facets section[data-facet="person"] .facet-label:text("Nicolás Maduro")');
  await searched(page, () => page.getByRole("checkbox", { name: /^Nicolás Maduro/ }).check());
  assert.deepEqual(params(page).getAll("person"), ["Nicolás Maduro"]);
  const maduro = await total(page);
  assert.ok(maduro > 0 && maduro < all);
  // A chip on a hit adds a filter of another facet.
  const chip = page.locator("#results .ent-chip.ent-country", { hasText: "Venezuela" }).first();
  await searched(page, () => chip.click());
  assert.deepEqual(params(page).getAll("country"), ["VE"]);
  assert.ok(await total(page) <= maduro);
  await expectChip(page, "Person:", "Nicolás Maduro");
  await expectChip(page, "Country:", "Venezuela");
  await searched(page, () => page.getByRole("button", { name: "Clear all" }).click());
  assert.equal(await total(page), all);
});

test("the histogram narrows the dates; sort and pages are in the URL", async (t) => {
  const page = await newPage(t);
  await open(page);
  const bar = page.locator("#histogram .hist-bucket:not([disabled])").last();
  const label = await bar.getAttribute("aria-label");
  const [, count] = label.match(/: (\d+) article/);
  await searched(page, () => bar.click());
  assert.match(params(page).get("from"), /^\d{4}(-\d{2})?$/);
  assert.equal(params(page).get("from"), params(page).get("to"));
  assert.equal(await total(page), Number(count), label);
  await expectChip(page, "Published:", params(page).get("from").slice(0, 4));
  await searched(page, () => page.getByRole("button", { name: /Remove filter Published/ }).click());

  await searched(page, () => page.selectOption("#sort", "-published_at"));
  assert.equal(params(page).get("sort"), "-published_at");
  const dates = await page.$$eval("#results time", (ts) => ts.map((x) => x.getAttribute("datetime")));
  assert.deepEqual(dates, [...dates].sort().reverse(), "newest first");

  const first = await hitTitles(page);
  await searched(page, () => page.getByRole("link", { name: "Next page" }).click());
  assert.equal(params(page).get("page"), "2");
  const second = await hitTitles(page);
  assert.notDeepEqual(second, first);
  await searched(page, () => page.goBack());
  assert.deepEqual(await hitTitles(page), first, "back returns to page 1");
  await searched(page, () => page.goForward());
  assert.deepEqual(await hitTitles(page), second, "forward returns to page 2");
});

test("an article shows its text with entity mentions and filters from its entity list", async (t) => {
  const page = await newPage(t);
  await open(page, "?q=%22Quds%20Force%22");
  const title = (await hitTitles(page))[0];
  await page.locator("#results .hit-link").first().click();
  await page.waitForFunction(() => document.documentElement.dataset.article === "ready");
  assert.ok(params(page).get("article"));
  assert.equal(await page.textContent("#article-title"), title);
  for (const type of ["country", "group", "person"]) {
    assert.ok(await page.locator(`#article-body mark.ent-${type}`).count() > 0, `${type} mentions highlighted`);
  }
  const entityButtons = await page.$$eval(".article-entities .entity-filter .label", (ns) => ns.map((n) => n.textContent));
  assert.ok(entityButtons.includes("Quds Force"), entityButtons.join(", "));
  // Mentions match the text at their code-point offsets.
  const marked = await page.$$eval("#article-body mark.ent", (ms) => ms.map((m) => m.textContent));
  assert.ok(marked.includes("Quds Force"), marked.join("|"));
  await shot(page, "desktop-article");

  // Reload keeps the article view.
  await page.reload();
  await page.waitForFunction(() => document.documentElement.dataset.article === "ready");
  assert.equal(await page.textContent("#article-title"), title);

  // An entity in the side list filters the search.
  const q = params(page).get("q");
  await searched(page, () => page.locator(".article-entities .entity-filter", { hasText: "Quds Force" }).click());
  assert.equal(params(page).get("article"), null);
  assert.deepEqual(params(page).getAll("group"), ["Quds Force"]);
  assert.equal(params(page).get("q"), q);
  assert.equal(await page.locator("#search-view").isVisible(), true);

  // Back to the article: a mentioned date filters on dates in the text.
  await page.goBack();
  await page.waitForFunction(() => document.documentElement.dataset.article === "ready");
  const date = page.locator(".article-entities .entity-filter.ent-date").first();
  const dateLabel = await date.locator(".label").textContent();
  const detail = await searched(page, () => date.click());
  assert.equal(detail.ok, true);
  assert.match(params(page).get("mentioned_from"), /^\d{4}-\d{2}-\d{2}$/);
  assert.match(params(page).get("mentioned_to"), /^\d{4}-\d{2}-\d{2}$/);
  await expectChip(page, "Mentions:", "");
  assert.ok(await total(page) >= 1, `articles mentioning ${dateLabel}`);
});

test("reload, back and forward restore the exact view from the URL", async (t) => {
  const page = await newPage(t);
  await open(page, "?mentions=country");
  await searched(page, () => page.fill("#q", "sanctions"));
  await searched(page, () => facetBox(page, "country", /^Iran/).first().check());
  await searched(page, () => page.selectOption("#sort", "published_at"));
  const url = page.url();
  const view = { total: await total(page), titles: await hitTitles(page), chips: await page.textContent("#chips") };

  await page.reload();
  await page.waitForFunction(() => document.documentElement.dataset.state === "ready");
  assert.equal(page.url(), url);
  assert.equal(await page.inputValue("#q"), "sanctions");
  assert.equal(await page.inputValue("#sort"), "published_at");
  assert.deepEqual({ total: await total(page), titles: await hitTitles(page), chips: await page.textContent("#chips") }, view);
  assert.equal(await facetBox(page, "country", /^Iran/).first().isChecked(), true);

  // A shared link opens the same view in a fresh page.
  const other = await newPage(t);
  await open(other, new URL(url).search);
  assert.deepEqual(await hitTitles(other), view.titles);

  // Back undoes the sort, then the facet; forward redoes them.
  await searched(page, () => page.goBack());
  assert.equal(await page.inputValue("#sort"), "relevance");
  await searched(page, () => page.goBack());
  assert.equal(params(page).getAll("country").length, 0);
  assert.equal(await page.inputValue("#q"), "sanctions");
  await searched(page, () => page.goForward());
  await searched(page, () => page.goForward());
  assert.equal(page.url(), url);
  assert.deepEqual(await hitTitles(page), view.titles);

  // Back from an article returns to the results where they were.
  await page.locator("#results .hit-link").last().click();
  await page.waitForFunction(() => document.documentElement.dataset.article === "ready");
  await page.goBack();
  await page.waitForSelector("#search-view:not([hidden])");
  assert.equal(page.url(), url);
  assert.equal(await page.evaluate(() => document.activeElement.classList.contains("hit-link")), true, "focus returns to the hit");
});

test("a broken query shows the parser's message, with its position, under the search box", async (t) => {
  const page = await newPage(t);
  await open(page);
  const detail = await searched(page, () => page.fill("#q", 'title:"unclosed'));
  assert.equal(detail.ok, false);
  const err = page.locator("#q-error");
  await page.waitForSelector("#q-error .q-error-text");
  assert.match(await err.textContent(), /expected " to close the phrase at 7/);
  assert.equal(await err.locator("mark").textContent(), '"', "the 7th character is marked");
  assert.equal(await page.getAttribute("#q", "aria-invalid"), "true");
  assert.ok((await page.getAttribute("#q", "aria-describedby")).split(" ").includes("q-error"));
  assert.match(await page.locator("#message").textContent(), /could not be understood/);
  assert.equal(await page.locator("#results .hit").count(), 0);
  await shot(page, "desktop-error");
  // Fixing the query recovers.
  const ok = await searched(page, () => page.fill("#q", 'title:"Quds Force"'));
  assert.equal(ok.ok, true);
  assert.equal(await err.textContent(), "");
  assert.equal(await page.getAttribute("#q", "aria-invalid"), null);
  assert.ok(await total(page) > 0);
  // A query without matches says so.
  await searched(page, () => page.fill("#q", "zzqqxxnomatch"));
  assert.equal(await total(page), 0);
  assert.match(await page.locator("#message").textContent(), /No articles match/);
  // An unknown article is a readable 404.
  await page.goto(BASE + "/?article=does-not-exist");
  await page.waitForFunction(() => document.documentElement.dataset.article === "error");
  assert.match(await page.locator("#article-view [role=alert]").textContent(), /Article not found/);
});

test("keyboard: / focuses the search, arrows and Enter move through results, Esc goes back", async (t) => {
  const page = await newPage(t);
  await open(page, "?q=Iran");
  await page.locator("body").click({ position: { x: 5, y: 880 } });
  await page.keyboard.press("/");
  assert.equal(await page.evaluate(() => document.activeElement.id), "q");
  await page.keyboard.press("ArrowDown");
  const titles = await hitTitles(page);
  const focused = () => page.evaluate(() => document.activeElement.textContent);
  assert.equal(await focused(), titles[0]);
  await page.keyboard.press("ArrowDown");
  await page.keyboard.press("ArrowDown");
  assert.equal(await focused(), titles[2]);
  await page.keyboard.press("ArrowUp");
  assert.equal(await focused(), titles[1]);
  await page.keyboard.press("Enter");
  await page.waitForFunction(() => document.documentElement.dataset.article === "ready");
  assert.equal(await page.textContent("#article-title"), titles[1]);
  await page.keyboard.press("Escape");
  await page.waitForSelector("#search-view:not([hidden])");
  assert.equal(await focused(), titles[1], "focus is back on the article's hit");
  assert.equal(params(page).get("article"), null);
});

test("article text with markup renders as text, never as HTML", async (t) => {
  const marker = "zqxhostile";
  const evil = {
    url: `https://example.test/${marker}`,
    title: `${marker} <script>alert("title")</script> <img src=x onerror=alert(1)>`,
    body: `The ${marker} body says <script>alert('body')</script> and <img src=x onerror="alert(2)"> and <b>bold</b> & "quotes" near Iran.\n\nMore ${marker} text with </mark><mark> tags.`,
    source: "<i>Evil</i> Source",
    published_at: "2024-05-01",
  };
  const res = await fetch(BASE + "/api/v1/articles", { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(evil) });
  assert.equal(res.status, 201, await res.clone().text());
  const { id } = await res.json();
  t.after(() => fetch(`${BASE}/api/v1/articles/${id}`, { method: "DELETE" }));

  const page = await newPage(t);
  await open(page, "?q=" + marker);
  assert.equal(await total(page), 1);
  const hit = page.locator("#results .hit").first();
  assert.match(await hit.locator(".hit-link").textContent(), /<script>alert\("title"\)<\/script> <img src=x onerror=alert\(1\)>/);
  assert.match(await hit.locator(".snippet").textContent(), /<img src=x onerror="alert\(2\)">/);
  assert.match(await hit.locator(".snippet").textContent(), /<\/mark><mark> tags/);
  assert.equal(await page.locator("#results img, #results script, #results b, #results i").count(), 0, "no element from article text");
  assert.equal(await hit.locator(".source").textContent(), "<i>Evil</i> Source");

  await hit.locator(".hit-link").click();
  await page.waitForFunction(() => document.documentElement.dataset.article === "ready");
  assert.match(await page.textContent("#article-body"), /<script>alert\('body'\)<\/script>/);
  assert.equal(await page.locator("#article-view img, #article-view script, #article-view b").count(), 0);
  assert.ok(await page.locator("#article-body mark.ent-country").count() > 0, "mentions still marked");
  await page.waitForTimeout(200); // a dialog, if any, would have fired by now
});

test("phone width: no sideways scrolling, filters behind a toggle", async (t) => {
  const page = await newPage(t, PHONE);
  await open(page, "?q=Iran&mentions=country");
  const overflow = () => page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  assert.ok(await overflow() <= 0, "no horizontal scroll on the results");
  assert.equal(await page.locator("#sidebar").isVisible(), false);
  await page.waitForTimeout(100);
  await shot(page, "phone-results");
  await page.getByRole("button", { name: /^Filters/ }).click();
  assert.equal(await page.locator("#sidebar").isVisible(), true);
  await searched(page, () => facetBox(page, "country", /^Israel/).check());
  assert.equal(await page.textContent("#filters-count"), "1");
  assert.ok(await overflow() <= 0, "no horizontal scroll with the filters open");
  await shot(page, "phone-filters");
  await page.getByRole("button", { name: /^Show \d+ results?$/ }).click();
  assert.equal(await page.locator("#sidebar").isVisible(), false);
  await page.locator("#results .hit-link").first().click();
  await page.waitForFunction(() => document.documentElement.dataset.article === "ready");
  assert.ok(await overflow() <= 0, "no horizontal scroll on an article");
  await shot(page, "phone-article");
});

test("wide monitor: show more expands a facet and stays expanded on reload", async (t) => {
  const page = await newPage(t, { width: 2560, height: 1300 });
  await open(page, "?mentions=country");
  const countries = async () => page.locator('#facets section[data-facet="country"] .facet-item').count();
  assert.equal(await countries(), 10);
  await searched(page, () => page.locator('#facets section[data-facet="country"] button.more').click());
  assert.equal(params(page).get("more"), "country");
  assert.ok(await countries() > 10, "more countries after show more");
  await page.reload();
  await page.waitForFunction(() => document.documentElement.dataset.state === "ready");
  assert.ok(await countries() > 10, "still expanded after reload");
  assert.ok(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth));
  await shot(page, "wide-results");
});

test("search as you type: keystroke to rendered results (measured, not asserted)", async (t) => {
  const page = await newPage(t);
  await open(page);
  await page.focus("#q");
  // Words typed one key at a time at a brisk typing pace; each key's time to
  // the render of the query that includes it.
  const text = "sanctions iran drone";
  const samples = [];
  for (const ch of text) {
    const q = (await page.inputValue("#q")) + ch;
    // Listen first (an awaited evaluate), then press the key.
    await page.evaluate((want) => {
      window.__keyToRender = new Promise((resolve) => {
        let t0 = 0;
        document.getElementById("q").addEventListener("keydown", () => { t0 = performance.now(); }, { once: true });
        const onRender = (e) => {
          if (e.detail.q !== want) return;
          document.removeEventListener("searchd:rendered", onRender);
          // Count the time until the frame with the results is painted.
          requestAnimationFrame(() => setTimeout(() => resolve(t0 ? performance.now() - t0 : NaN), 0));
        };
        document.addEventListener("searchd:rendered", onRender);
      });
    }, q);
    const start = Date.now();
    await page.keyboard.type(ch);
    samples.push(await page.evaluate(() => window.__keyToRender));
    // A brisk typist: a key every 120 ms (or as soon as the results are in).
    await page.waitForTimeout(Math.max(0, 120 - (Date.now() - start)));
  }
  assert.ok(samples.every(Number.isFinite), "every keystroke was seen");
  samples.sort((a, b) => a - b);
  const pct = (p) => samples[Math.min(samples.length - 1, Math.ceil((p / 100) * samples.length) - 1)];
  const report = `search-as-you-type over ${samples.length} keystrokes: median ${pct(50).toFixed(1)} ms, p95 ${pct(95).toFixed(1)} ms, max ${samples[samples.length - 1].toFixed(1)} ms`;
  t.diagnostic(report);
  assert.equal(samples.length, text.length);
});

/** idle waits until no search is pending: the typing debounce has passed and the last answer is rendered. */
async function idle(page) {
  await page.waitForTimeout(200);
  await page.waitForFunction(() => ["ready", "error"].includes(document.documentElement.dataset.state));
}

const IRGC = "Islamic Revolutionary Guard Corps";

test("suggestions: typing irg offers the IRGC; picking it with the keyboard adds a filter chip", async (t) => {
  const page = await newPage(t);
  await open(page);
  const all = await total(page);
  await page.focus("#q");
  await page.keyboard.type("irg");
  const option = page.getByRole("option", { name: new RegExp(`^${IRGC}, group`) });
  await option.waitFor();
  assert.equal(await page.getAttribute("#q", "aria-expanded"), "true");
  assert.equal(await page.getAttribute("#q", "aria-controls"), "suggest");
  const text = await option.textContent();
  assert.match(text, /^Group/, "the type badge");
  assert.match(text, /“irgc”/, "the alias that matched, as it differs from the name");
  assert.match(text, /\d+$/, "the article count");
  await page.waitForTimeout(100);
  await shot(page, "desktop-suggest");

  // Escape closes the list and keeps the text; Alt+Down opens it again.
  await page.keyboard.press("Escape");
  assert.equal(await page.locator("#suggest").isHidden(), true);
  assert.equal(await page.getAttribute("#q", "aria-expanded"), "false");
  assert.equal(await page.inputValue("#q"), "irg");
  await page.keyboard.press("Alt+ArrowDown");
  await option.waitFor();

  // Down moves to the first option without leaving the box; Enter picks it.
  await idle(page);
  await page.keyboard.press("ArrowDown");
  assert.equal(await page.evaluate(() => document.activeElement.id), "q");
  const activeId = await page.getAttribute("#q", "aria-activedescendant");
  assert.ok(activeId, "an option is active");
  assert.equal(await option.getAttribute("id"), activeId, "the IRGC comes first");
  assert.equal(await option.getAttribute("aria-selected"), "true");
  const detail = await searched(page, () => page.keyboard.press("Enter"));
  assert.equal(detail.ok, true);
  assert.equal(detail.q, "", "the typed prefix left the box");
  assert.deepEqual(params(page).getAll("group"), [IRGC]);
  assert.equal(params(page).get("q"), null);
  assert.equal(await page.inputValue("#q"), "");
  assert.equal(await page.locator("#suggest").isHidden(), true);
  assert.equal(await page.evaluate(() => document.activeElement.id), "q", "focus stays in the box");
  await expectChip(page, "Group:", IRGC);
  const n = await total(page);
  assert.ok(n > 0 && n < all, `the group filters the results (${n} of ${all})`);
  assert.equal((await facet(page, "group"))[IRGC], n, "every result mentions the group");

  // After a word already in the box, a click picks too, and the word stays.
  await page.keyboard.type("sanctions isr");
  const israel = page.getByRole("option", { name: /^Israel, country/ });
  await israel.waitFor();
  await idle(page);
  await searched(page, () => israel.click());
  assert.deepEqual(params(page).getAll("country"), ["IL"]);
  assert.equal(params(page).get("q"), "sanctions");
  assert.equal(await page.inputValue("#q"), "sanctions");
});

test("phone width: the suggestions fit the screen", async (t) => {
  const page = await newPage(t, PHONE);
  await open(page);
  await page.focus("#q");
  await page.keyboard.type("ira");
  await page.getByRole("option", { name: /^Iran, country/ }).waitFor();
  assert.ok(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth), "no horizontal scroll");
  const box = await page.locator("#suggest").boundingBox();
  assert.ok(box.x >= 0 && box.x + box.width <= PHONE.width, JSON.stringify(box));
  await page.waitForTimeout(100);
  await shot(page, "phone-suggest");
});

test("a search without hits offers did_you_mean, which runs in one click, and the entities its words name", async (t) => {
  const page = await newPage(t);
  await open(page);
  const detail = await searched(page, () => page.fill("#q", "Hezbolah"));
  assert.equal(detail.ok, true);
  assert.equal(await total(page), 0);
  const dym = page.getByRole("link", { name: "Did you mean hezbollah?" });
  assert.equal(await dym.isVisible(), true);
  const offered = await page.$$eval("#message .zero-suggest .ent-chip", (bs) => bs.map((b) => b.getAttribute("aria-label")));
  assert.ok(offered.some((x) => /^Filter by group: Hezbollah \(\d+ articles?\)$/.test(x)), offered.join(" | "));
  await page.locator("body").click({ position: { x: 5, y: 880 } }); // close the suggestions
  await shot(page, "desktop-zero-hits");

  const fixed = await searched(page, () => dym.click());
  assert.equal(fixed.ok, true);
  assert.equal(params(page).get("q"), "hezbollah");
  assert.equal(await page.inputValue("#q"), "hezbollah");
  const hits = await total(page);
  assert.ok(hits > 0, `the corrected query finds articles (${hits})`);

  // Back on the zero-hit page, an entity button adds its filter instead of the word.
  await searched(page, () => page.goBack());
  assert.equal(await total(page), 0);
  await searched(page, () => page.getByRole("button", { name: /^Filter by group: Hezbollah \(/ }).click());
  assert.deepEqual(params(page).getAll("group"), ["Hezbollah"]);
  assert.equal(params(page).get("q"), null, "the misspelt word made way for the filter");
  assert.ok(await total(page) > 0);
  await expectChip(page, "Group:", "Hezbollah");

  const phone = await newPage(t, PHONE);
  await open(phone, "?q=Hezbolah");
  assert.equal(await phone.getByRole("link", { name: "Did you mean hezbollah?" }).isVisible(), true);
  assert.ok(await phone.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth), "no horizontal scroll");
  await shot(phone, "phone-zero-hits");
});

test("any / all: two countries ticked match any of them; all narrows and is in the URL", async (t) => {
  const page = await newPage(t);
  await open(page, "?mentions=country");
  const anyButton = page.getByRole("button", { name: "Any of the ticked countries" });
  const allButton = page.getByRole("button", { name: "All of the ticked countries" });
  await searched(page, () => facetBox(page, "country", /^Israel\b/).check());
  assert.equal(await allButton.count(), 0, "no toggle with one value ticked");
  await searched(page, () => facetBox(page, "country", /^Iran\b/).check());
  assert.deepEqual(params(page).getAll("country").sort(), ["IL", "IR"]);
  assert.equal(await anyButton.getAttribute("aria-pressed"), "true", "any is the default");
  const any = await total(page);

  await searched(page, () => allButton.click());
  assert.equal(params(page).get("country_op"), "and");
  assert.equal(await allButton.getAttribute("aria-pressed"), "true");
  const both = await total(page);
  assert.ok(both <= any && both > 0, `all of them: ${both} of ${any}`);
  await page.reload();
  await page.waitForFunction(() => document.documentElement.dataset.state === "ready");
  assert.equal(await allButton.getAttribute("aria-pressed"), "true", "reload keeps all");
  assert.equal(await total(page), both);

  await searched(page, () => anyButton.click());
  assert.equal(params(page).get("country_op"), null);
  assert.equal(await total(page), any);

  // Back to all, then untick one: with one value left, the URL drops the op.
  await searched(page, () => allButton.click());
  await searched(page, () => facetBox(page, "country", /^Iran\b/).uncheck());
  assert.equal(params(page).get("country_op"), null);
  assert.equal(await allButton.count(), 0);
});

test("the syntax help lists every example of the schema; the facets follow its order", async (t) => {
  const schema = await (await fetch(BASE + "/api/v1/schema")).json();
  const examples = schema["x-syntax-examples"];
  assert.ok(Array.isArray(examples) && examples.length > 5, "the schema has examples");
  const page = await newPage(t);
  await open(page);
  // About and mentions of countries are one facet, at the place of country, "about" by default.
  const shown = schema["x-facets"].filter((f) => f !== "about_country").map((f) => (f === "country" ? "about_country" : f));
  assert.deepEqual(await page.$$eval("#facets section.facet", (ss) => ss.map((x) => x.dataset.facet)), shown,
    "the empty query shows every facet, in the schema's order");

  await page.locator("#syntax-hint").click();
  assert.equal(await page.locator("#syntax-examples").isVisible(), true);
  assert.deepEqual(await page.$$eval("#syntax-examples code", (cs) => cs.map((c) => c.textContent)), examples);
  const fields = await page.$$eval("#syntax-fields code", (cs) => cs.map((c) => c.textContent.replace(/:$/, "")));
  assert.deepEqual(fields, schema["x-fields"].map((f) => f.name));
  await shot(page, "desktop-syntax");

  // One click searches for an example.
  const example = examples.find((x) => x.startsWith("group:")) || examples[0];
  const detail = await searched(page, () => page.locator("#syntax-examples .example", { hasText: example }).click());
  assert.equal(detail.ok, true);
  assert.equal(params(page).get("q"), example);
  assert.equal(await page.locator("#syntax-examples").isVisible(), false, "the help closed");
  assert.ok(await total(page) > 0);
});

test("also searching: words that name entities say so; search literally turns it off", async (t) => {
  const page = await newPage(t);
  await open(page, "?q=IRGC");
  const line = page.locator("#interpreted");
  assert.match(await line.textContent(), new RegExp(`Also searching group ${IRGC} for “IRGC”`));
  const expanded = await total(page);
  await searched(page, () => line.getByRole("button", { name: "Search literally" }).click());
  assert.equal(params(page).get("expand"), "false");
  assert.match(await line.textContent(), /literally/);
  assert.ok(await total(page) <= expanded);
  await searched(page, () => line.getByRole("button", { name: "Search entities too" }).click());
  assert.equal(params(page).get("expand"), null);
  assert.equal(await total(page), expanded);
});

test("the empty query lists the newest first, and the sort control says so", async (t) => {
  const page = await newPage(t);
  await open(page);
  assert.equal(params(page).get("sort"), null);
  assert.equal(await page.inputValue("#sort"), "-published_at");
  const dates = await page.$$eval("#results time", (ts) => ts.map((x) => x.getAttribute("datetime")));
  assert.deepEqual(dates, [...dates].sort().reverse(), "newest first");
  await searched(page, () => page.fill("#q", "Iran"));
  assert.equal(await page.inputValue("#sort"), "relevance", "a query ranks by relevance");
});

test("query text: the word at the caret, and taking words out leaves the rest as typed", async (t) => {
  const page = await newPage(t);
  await open(page);
  // The helpers are pure: run them in the page, as the UI loads them.
  const got = await page.evaluate(async () => {
    const { wordAt, withoutRange, withoutWordsFor, tidy } = await import("/querytext.js");
    const types = ["country", "group", "person", "place"];
    return {
      words: [["irg", 3], ["iran irg", 8], ["iran irg x", 8], ["iran irg", 6], ['"quds fo', 8], ["-irg", 4], ["group:irg", 9], ["year:20", 7], ["OR", 2], ["(irg", 4], ["i", 1], ["Ira*", 4], ["/Teh", 4]]
        .map(([v, c]) => wordAt(v, c, types)),
      cut: [["irg", 0, 3], ["iran OR irg", 8, 11], ["a irg b", 2, 5], ["(irg OR x)", 1, 4], ['title:"Quds  Force" irg', 20, 23], ["irg /Teh(ran)?/", 0, 3]]
        .map(([v, a, b]) => withoutRange(v, a, b).q),
      named: [["hezbollah lebanon", ["kataib hezbollah"]], ["Hezbollah", ["hezbollah"]], ["sanctions iran", ["iran air"]], ['"iran deal" iran OR x', ["iran"]], ["group:(hezbollah) x", ["hezbollah"]]]
        .map(([q, n]) => withoutWordsFor(q, n)),
      tidy: ["OR a", "a AND", "a AND OR b", "NOT", "a AND NOT b", "(a OR) b", "a  b   OR", "published_at:[2024-01 TO 2024-06]"].map(tidy),
    };
  });
  assert.deepEqual(got.words, [
    { start: 0, end: 3, prefix: "irg", type: "" },
    { start: 5, end: 8, prefix: "irg", type: "" },
    { start: 5, end: 8, prefix: "irg", type: "" },
    null, null, null,
    { start: 0, end: 9, prefix: "irg", type: "group" },
    null, null,
    { start: 1, end: 4, prefix: "irg", type: "" },
    null, null, null,
  ]);
  assert.deepEqual(got.cut, ["", "iran", "a b", "(x)", 'title:"Quds  Force"', "/Teh(ran)?/"]);
  assert.deepEqual(got.named, ["lebanon", "", "sanctions", '"iran deal" OR x', "x"]);
  assert.deepEqual(got.tidy, ["a", "a", "a OR b", "", "a AND NOT b", "(a) b", "a  b", "published_at:[2024-01 TO 2024-06]"]);
});

test("the footer links to the API's OpenAPI description, which the daemon serves", async (t) => {
  const page = await newPage(t);
  await open(page);
  const link = page.locator("footer #api-spec");
  assert.equal(await link.textContent(), "API (OpenAPI 3.1)");
  const href = await link.getAttribute("href");
  const res = await page.request.get(new URL(href, BASE + "/").href);
  assert.equal(res.status(), 200);
  const doc = await res.json();
  assert.match(doc.openapi, /^3\.1\./);
  assert.ok(doc.paths["/api/v1/search"].get, "the description lists GET /api/v1/search");
});

test("download: the search shown, every hit, as CSV and as NDJSON", async (t) => {
  const page = await newPage(t);
  await open(page, "?q=Iran&sort=published_at&mentions=country");
  const n = await total(page);
  assert.ok(n > 10, `more hits than a page (${n})`);
  const shown = await page.$$eval("#results .hit-link", (ls) => ls.map((l) => l.dataset.id));
  assert.match(await page.getAttribute("#download", "title"), new RegExp(`^All ${n} articles of this search, oldest first$`));

  const [csv] = await Promise.all([page.waitForEvent("download"), page.click("#download-csv")]);
  assert.match(csv.suggestedFilename(), /^searchd-export-\d{8}T\d{6}Z\.csv$/);
  const lines = readFileSync(await csv.path(), "utf8").trimEnd().split("\n");
  assert.equal(lines[0], "id,published_at,title,url,source,countries,groups,persons,places");
  assert.equal(lines.length - 1, n, "a row for every hit, not only the page shown");

  const [nd] = await Promise.all([page.waitForEvent("download"), page.click("#download-ndjson")]);
  const rows = readFileSync(await nd.path(), "utf8").trimEnd().split("\n").map((l) => JSON.parse(l));
  assert.equal(rows.length, n);
  assert.deepEqual(rows.slice(0, shown.length).map((r) => r.id), shown, "in the order of the results");
  const dates = rows.map((r) => r.published_at);
  assert.deepEqual(dates, [...dates].sort(), "oldest first, as the search");
  assert.ok(rows.every((r) => Array.isArray(r.countries)), "entity fields are lists");

  // The links follow the search: a filter narrows the download too.
  await searched(page, () => facetBox(page, "country", /^Israel/).check());
  const href = new URL(await page.getAttribute("#download-csv", "href"), BASE);
  assert.equal(href.searchParams.get("q"), "Iran");
  assert.deepEqual(href.searchParams.getAll("country"), ["IL"], `the country filter is in the download: ${href}`);
  assert.equal(href.searchParams.get("sort"), "published_at");
  // Nothing to download for a search without hits.
  await searched(page, () => page.fill("#q", "zzzqqqxxx"));
  assert.equal(await page.isHidden("#download"), true);
});
