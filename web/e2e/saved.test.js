// Browser tests of issue 17's UI: saving a search and seeing its count of
// new articles after an ingest.
//
//   SEARCHD_URL=http://127.0.0.1:PORT node --test saved.test.js
import { test } from "node:test";
import assert from "node:assert/strict";
import { BASE, useBrowser, newPage, open, searched, params, shot } from "./helpers.js";

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
