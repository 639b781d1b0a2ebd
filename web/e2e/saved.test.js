// Browser tests of issue 17's UI: saving a search and seeing its count of
// new articles after an ingest; wire copies collapsed to one hit per story.
//
//   SEARCHD_URL=http://127.0.0.1:PORT node --test saved.test.js
import { test } from "node:test";
import assert from "node:assert/strict";
import { BASE, useBrowser, newPage, open, searched, total, params, shot } from "./helpers.js";

useBrowser();

const api = async (method, path, body) => {
  const res = await fetch(BASE + path, {
    method,
    headers: body ? { "Content-Type": "application/json" } : {},
    body: body ? JSON.stringify(body) : undefined,
  });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : null };
};

/** savedReady waits until the sidebar's list of saved searches has been drawn. */
const savedReady = (page) => page.waitForFunction(() => document.documentElement.dataset.saved === "ready");

/** newCount: the "N new" shown beside a saved search in the sidebar. */
const newCount = (page, name) => page.locator(`#saved .saved-item:has(a.saved-link[data-name="${name}"]) .saved-new`).textContent();

test("save this search, ingest a match through the API, see its new count, open it", async (t) => {
  const name = "e2e-quokka-" + Date.now().toString(36);
  // A word no other test searches for, so that the article ingested here moves no other test's figures.
  const word = "Quokkalumen";
  let id = "";
  // Before the page's own check, so that the daemon is left as it was even when that fails.
  t.after(async () => {
    await api("DELETE", `/api/v1/saved/${name}`);
    if (id) await api("DELETE", `/api/v1/articles/${encodeURIComponent(id)}`);
  });
  const page = await newPage(t, undefined, { allowStatuses: [409] }); // saving a name twice

  await open(page, `?q=${word}`);
  await savedReady(page);
  await page.getByRole("button", { name: "Save this search" }).click();
  const input = page.getByRole("textbox", { name: "Name" });
  assert.equal(await input.inputValue(), word.toLowerCase(), "the name is suggested from the query");
  await input.fill(name);
  await page.locator("#save-form").getByRole("button", { name: "Save" }).click();
  await page.waitForSelector(`#saved a.saved-link[data-name="${name}"]`);
  assert.match(await page.textContent("#save-message"), new RegExp(`Saved as “${name}”`));
  assert.equal(await newCount(page, name), "0 new");
  const stored = await api("GET", `/api/v1/saved/${name}`);
  assert.equal(stored.status, 200);
  assert.deepEqual(stored.body.query.q, word, "the search is saved as its query");
  assert.equal(await page.getAttribute(`#saved .saved-item:has(a[data-name="${name}"]) .saved-feed`, "href"), `/api/v1/saved/${name}/feed.atom`);

  // Saving again under the same name: the API's own message (409), shown.
  await page.getByRole("button", { name: "Save this search" }).click();
  await input.fill(name);
  await page.locator("#save-form").getByRole("button", { name: "Save" }).click();
  await page.waitForSelector("#save-message.error");
  const conflict = await api("POST", "/api/v1/saved", { name, query: { q: word } });
  assert.equal(conflict.status, 409);
  assert.equal(await page.textContent("#save-message"), conflict.body.error.message);
  await page.keyboard.press("Escape");

  // An article that matches, ingested through the API.
  const made = await api("POST", "/api/v1/articles", {
    url: `https://example.test/e2e/${word}`, // the same id each run: an upsert
    title: `${word} harvest doubles`,
    body: `Growers of ${word} said on Tuesday that this year's harvest was twice the last one.`,
    source: "E2E Wire",
    published_at: "2024-05-02T08:00:00Z",
  });
  assert.equal(made.status, 201, JSON.stringify(made.body));
  id = made.body.id;
  // The alerts match a commit after it is made: wait for the API to count it.
  await page.waitForFunction(async (n) => {
    const r = await fetch(`/api/v1/saved/${n}`);
    return r.ok && (await r.json()).new_count >= 1;
  }, name, { polling: 200 });

  await open(page, "");
  await savedReady(page);
  assert.equal(await newCount(page, name), "1 new");
  await shot(page, "saved-searches");

  // Opening it runs its search and marks it read.
  const detail = await searched(page, () => page.locator(`#saved a.saved-link[data-name="${name}"]`).click());
  assert.equal(detail.ok, true);
  assert.equal(params(page).get("q"), word);
  assert.deepEqual(await page.$$eval("#results .hit-link", (ns) => ns.map((n) => n.textContent)), [`${word} harvest doubles`]);
  await page.waitForFunction((n) => {
    const s = document.querySelector(`#saved .saved-item:has(a[data-name="${n}"]) .saved-new`);
    return s && s.textContent === "0 new";
  }, name);
  assert.equal((await api("GET", `/api/v1/saved/${name}`)).body.new_count, 0, "marked seen in the API");
});

test("collapse: one hit per story, with its number of copies and the other outlets", async (t) => {
  // One agency story run by three outlets, lightly edited: a new headline, a sentence changed.
  const word = "Velmoravia";
  const sentences = [
    `Floodwaters on the ${word} river rose past the record mark on Sunday, forcing thousands of residents from low-lying districts.`,
    "Emergency crews worked through the night to shore up levees with sandbags while helicopters lifted stranded families from rooftops.",
    "Officials said the crest was expected to pass the regional capital late on Monday before moving downstream toward the delta towns.",
    "Schools and several hospitals were closed as a precaution, and the railway line along the valley was suspended until further notice.",
    "Meteorologists warned that more rain was forecast for the mountains upstream later in the week, which could prolong the emergency.",
    "The regional governor appealed for volunteers and said the army had sent two more battalions to help with the evacuation effort.",
  ];
  const outlets = [
    ["E2E Wire", `${word} floods force thousands from their homes`, sentences],
    ["Harbor Daily", `Record ${word} flood crest nears capital`, [...sentences.slice(0, 5), "Local officials opened three sports halls as shelters for those who had to leave."]],
    ["Valley Post", `Thousands flee as the ${word} bursts its banks`, [sentences[0], "Rescue teams in boats worked through the night as helicopters lifted families from rooftops.", ...sentences.slice(2)]],
  ];
  const ids = [];
  t.after(async () => { for (const id of ids) await api("DELETE", `/api/v1/articles/${encodeURIComponent(id)}`); });
  for (const [i, [source, title, body]] of outlets.entries()) {
    const made = await api("POST", "/api/v1/articles", {
      url: `https://example.test/e2e/${word}/${i}`, title, body: body.join(" "), source,
      published_at: `2024-06-0${i + 2}T08:00:00Z`,
    });
    assert.equal(made.status, 201, JSON.stringify(made.body));
    ids.push(made.body.id);
  }
  const story = await api("GET", `/api/v1/search?q=${word}&collapse=story`);
  assert.equal(story.body.total, 1, `the API groups the three copies: ${JSON.stringify(story.body.hits.map((h) => h.story))}`);

  const page = await newPage(t);
  await open(page, `?q=${word}`);
  assert.equal(await total(page), 3, "three articles without collapse");
  assert.equal(await page.locator("#results .copies").count(), 0);
  await searched(page, () => page.getByRole("checkbox", { name: "One per story" }).check());
  assert.equal(params(page).get("collapse"), "story");
  assert.match(await page.textContent("#status"), /^1 story \(3 articles\)/);
  const copies = page.locator("#results .hit .copies");
  assert.equal(await copies.count(), 1);
  assert.match(await copies.locator("summary").textContent(), /^3 copies · also in /);
  await copies.locator("summary").click();
  const shownHit = story.body.hits[0];
  const others = await copies.locator(".copy-source").allTextContents();
  assert.deepEqual(others, shownHit.others.map((o) => o.source), "the other outlets, as the API lists them");
  assert.equal(others.length, 2);
  await shot(page, "desktop-collapsed");

  // The URL brings it back; an other copy opens as an article.
  await page.reload();
  await page.waitForFunction(() => document.documentElement.dataset.state === "ready");
  assert.equal(await page.getByRole("checkbox", { name: "One per story" }).isChecked(), true);
  await page.locator("#results .copies summary").click();
  await page.locator("#results .copy-link").first().click();
  await page.waitForFunction(() => document.documentElement.dataset.article === "ready");
  assert.equal(params(page).get("article"), shownHit.others[0].id);
});
