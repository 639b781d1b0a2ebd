// Shared by the browser tests: one headless Chromium per test file, pages
// that fail their test on any script error, and waits for the UI's
// rendered states. The UI tells its states on <html data-*>: state (the
// search), article, entity and view (network, trends).
import { before, after } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, mkdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, dirname } from "node:path";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";

export const BASE = (process.env.SEARCHD_URL || "").replace(/\/$/, "");
const CHROMIUM = process.env.CHROMIUM_PATH || "/usr/bin/chromium";
const HERE = dirname(fileURLToPath(import.meta.url));
export const SHOTS = join(HERE, "screenshots");
export const DESKTOP = { width: 1440, height: 900 };
export const PHONE = { width: 375, height: 812 };

/** browser holds the test file's Chromium context (set in before). */
const browser = { context: null, profile: "" };

/** useBrowser starts Chromium before the file's tests and stops it after them. */
export function useBrowser() {
  before(async () => {
    assert.ok(BASE, "set SEARCHD_URL to the daemon's base URL (scripts/e2e.sh does)");
    mkdirSync(SHOTS, { recursive: true });
    browser.profile = mkdtempSync(join(tmpdir(), "searchd-e2e-chromium-"));
    browser.context = await chromium.launchPersistentContext(browser.profile, {
      executablePath: CHROMIUM,
      headless: true,
      args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"],
      viewport: DESKTOP,
      locale: "en-GB",
      timezoneId: "UTC",
    });
  });
  after(async () => {
    if (browser.context) await browser.context.close();
    if (browser.profile) rmSync(browser.profile, { recursive: true, force: true });
  });
}

/**
 * newPage opens a page that fails the test on any script error or CSP
 * violation. Failed loads are errors too, except 400 and 404 and the
 * statuses a test provokes on purpose (allowStatuses).
 */
export async function newPage(t, viewport = DESKTOP, { allowStatuses = [] } = {}) {
  const allowed = new RegExp(`Failed to load resource: the server responded with a status of (${[400, 404, ...allowStatuses].join("|")})`);
  const page = await browser.context.newPage();
  await page.setViewportSize(viewport);
  const problems = [];
  page.on("pageerror", (e) => problems.push(`page error: ${e.message}`));
  page.on("console", (m) => {
    if (m.type() === "error" && !allowed.test(m.text())) {
      problems.push(`console error: ${m.text()}`);
    }
  });
  page.on("dialog", (d) => { problems.push(`dialog opened: ${d.message()}`); d.dismiss().catch(() => {}); });
  t.after(async () => {
    await page.close();
    assert.deepEqual(problems, [], "the page logged errors");
  });
  return page;
}

/** open loads a UI URL and waits until its search has rendered. */
export async function open(page, query = "") {
  await page.goto(BASE + "/" + query);
  await page.waitForFunction(() => ["ready", "error"].includes(document.documentElement.dataset.state));
}

/** searched runs an action and resolves with the detail of the next rendered search. */
export async function searched(page, action) {
  await page.evaluate(() => {
    window.__nextSearch = new Promise((resolve) => {
      document.addEventListener("searchd:rendered", (e) => resolve(e.detail), { once: true });
    });
  });
  await action();
  return page.evaluate(() => window.__nextSearch);
}

export const total = (page) => page.$eval("#status strong", (n) => Number(n.textContent.replace(/\D/g, "")));
export const hitTitles = (page) => page.$$eval("#results .hit-link", (ns) => ns.map((n) => n.textContent));
export const params = (page) => new URL(page.url()).searchParams;

/** facet returns {label: count} of a facet in the sidebar. */
export function facet(page, name) {
  return page.$$eval(`#facets section[data-facet="${name}"] .facet-item`, (items) =>
    Object.fromEntries(items.map((i) => [i.querySelector(".facet-label").textContent, Number(i.querySelector(".facet-count").textContent.replace(/\D/g, "") || -1)])));
}

/**
 * facetBox: the checkbox of a value in one facet of the sidebar (a country
 * can be in the country facet and in another facet of countries, such as
 * the one of what articles are about).
 */
export function facetBox(page, facetName, name) {
  return page.locator(`#facets section[data-facet="${facetName}"]`).getByRole("checkbox", { name });
}

export async function shot(page, name) {
  await page.screenshot({ path: join(SHOTS, name + ".png"), fullPage: false });
}
