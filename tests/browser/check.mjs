// One headless Chromium for a batch of checks on a site served from 127.0.0.1, driven by
// tests/test_browser.py: node check.mjs JOB.json RESULT.json
//
// The job names the pages to load and what to do on each: record every request (any host but the
// server's is refused and reported), run axe-core, read what assistive technology gets for
// inserted and deleted text, read the typography the reader gets, print the page to PDF; and
// queries to type into the theme's own search box, reached as a reader reaches it. The result is
// plain data: the Python tests judge it.

import { readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);
const { chromium } = require("playwright-core");
const AXE_SOURCE = readFileSync(require.resolve("axe-core/axe.min.js"), "utf8");

const [jobFile, resultFile] = process.argv.slice(2);
const job = JSON.parse(readFileSync(jobFile, "utf8"));
const base = new URL(job.baseUrl);

// Flags that keep Chromium from calling home (see reference/mkdocs-notes.md); a host resolver that
// knows no host but 127.0.0.1, so nothing can leave the machine even if it were not intercepted.
const FLAGS = [
  "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
  "--disable-component-update", "--disable-sync", "--disable-default-apps",
  "--disable-domain-reliability", "--disable-client-side-phishing-detection",
  "--no-default-browser-check", "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1",
];

const WCAG = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"];
const LOCAL_SCHEMES = new Set(["data:", "blob:", "about:"]);

function isForeign(url) {
  const parsed = new URL(url);
  if (LOCAL_SCHEMES.has(parsed.protocol)) return false;
  return parsed.host !== base.host;
}

async function newContext(browser, log, viewport = { width: 1280, height: 900 }) {
  const context = await browser.newContext({
    viewport,
    locale: "ja-JP",
    serviceWorkers: "block",
  });
  // Every request goes through here: other hosts are refused, and reported.
  await context.route("**/*", (route) => {
    const url = route.request().url();
    if (isForeign(url)) {
      log.foreign.push(url);
      return route.abort("blockedbyclient");
    }
    return route.continue();
  });
  const done = () => { log.pending -= 1; log.lastActivity = Date.now(); };
  context.on("requestfinished", done);
  context.on("requestfailed", done);
  context.on("request", (request) => {
    log.pending += 1;
    log.lastActivity = Date.now();
    log.all.push(request.url());
    if (isForeign(request.url()) && !log.foreign.includes(request.url())) log.foreign.push(request.url());
  });
  context.on("response", (response) => {
    // The page's own status is reported apart (a missing address is meant to answer 404).
    if (response.request().isNavigationRequest()) return;
    if (response.status() >= 400 && !isForeign(response.url())) {
      log.failed.push(`${response.status()} ${response.url()}`);
    }
  });
  context.on("requestfailed", (request) => {
    if (!isForeign(request.url())) log.failed.push(`${request.failure()?.errorText} ${request.url()}`);
  });
  return context;
}

function freshLog() {
  return { all: [], foreign: [], failed: [], console: [], pending: 0, lastActivity: Date.now() };
}

// Quiet: no request in flight for `quietMs` (late requests: the theme's language switcher reads a sitemap).
async function settle(log, quietMs = 300, limitMs = 15000) {
  const start = Date.now();
  while (Date.now() - start < limitMs) {
    if (log.pending <= 0 && Date.now() - log.lastActivity >= quietMs) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

async function open(context, log, path) {
  const page = await context.newPage();
  const address = new URL(path, base).href;
  page.on("console", (message) => {
    if (message.type() !== "error") return;
    if (message.location().url === address && message.text().startsWith("Failed to load resource")) return;
    log.console.push(message.text());
  });
  page.on("pageerror", (error) => log.console.push(String(error)));
  page.on("websocket", (socket) => log.foreign.push(socket.url()));
  const response = await page.goto(address, { waitUntil: "load" });
  // Late requests are part of the page too.
  await settle(log, job.quietMs ?? 300);
  return { page, status: response ? response.status() : null };
}

async function runAxe(page) {
  await page.addScriptTag({ content: AXE_SOURCE });
  return page.evaluate(async (tags) => {
    const result = await window.axe.run(document, { runOnly: { type: "tag", values: tags }, resultTypes: ["violations"] });
    return result.violations.map((v) => ({
      id: v.id, impact: v.impact, help: v.help,
      nodes: v.nodes.map((n) => ({ target: n.target.join(" "), html: n.html.slice(0, 300), summary: n.failureSummary })),
    }));
  }, WCAG);
}

// What the reader's browser actually draws: computed styles, and the fonts Chromium used for the
// first paragraph of the article.
async function typography(page) {
  const style = await page.evaluate(() => {
    const p = document.querySelector("article.md-typeset p");
    if (!p) return null;
    const css = getComputedStyle(p);
    return {
      text: p.textContent.trim().slice(0, 40),
      fontSize: parseFloat(css.fontSize),
      lineHeight: parseFloat(css.lineHeight),
      fontFamily: css.fontFamily,
      lang: p.closest("[lang]")?.getAttribute("lang") ?? null,
    };
  });
  if (!style) return null;
  const client = await page.context().newCDPSession(page);
  await client.send("DOM.enable");
  await client.send("CSS.enable");
  const { root } = await client.send("DOM.getDocument", { depth: -1 });
  const { nodeId } = await client.send("DOM.querySelector", { nodeId: root.nodeId, selector: "article.md-typeset p" });
  const { fonts } = await client.send("CSS.getPlatformFontsForNode", { nodeId });
  await client.detach();
  return { ...style, platformFonts: fonts.map((f) => ({ family: f.familyName, glyphs: f.glyphCount })) };
}

// Inserted and deleted text as assistive technology gets it (the accessibility tree), and how it
// is drawn besides its colour (the line under or through it; 傍線 on both columns of a 新旧対照表).
async function changes(page) {
  const count = await page.locator("article ins, article del").count();
  if (!count) return { count: 0, spoken: [], drawn: [] };
  const spoken = [];
  for (const role of ["insertion", "deletion"]) {
    const items = page.locator("article").getByRole(role);
    const n = await items.count();
    for (let i = 0; i < Math.min(n, 30); i++) {
      spoken.push({ role, aria: await items.nth(i).ariaSnapshot({ timeout: 5000 }) });
    }
  }
  const drawn = await page.$$eval("article ins, article del", (elements) =>
    elements.slice(0, 60).map((el) => ({ tag: el.tagName.toLowerCase(), line: getComputedStyle(el).textDecorationLine,
                                         table: Boolean(el.closest("table.policy-comparison")) })));
  return { count, spoken, drawn };
}

async function checkPage(browser, spec) {
  const log = freshLog();
  const context = await newContext(browser, log);
  try {
    const { page, status } = await open(context, log, spec.path);
    const result = {
      status,
      url: page.url(),
      htmlLang: await page.evaluate(() => document.documentElement.lang),
      title: await page.title(),
      h1: await page.evaluate(() => document.querySelector("article h1")?.textContent.replace("¶", "").trim() ?? null),
      stylesheets: await page.evaluate(() => document.styleSheets.length),
      typography: await typography(page),
      changes: await changes(page),
    };
    if (spec.axe) result.axe = await runAxe(page);
    if (spec.print) result.print = await print(page, spec.print);
    if (spec.mobileAxe) {
      await page.setViewportSize({ width: 390, height: 844 });
      await page.waitForTimeout(100);
      result.mobileAxe = await runAxe(page);
    }
    await page.close();
    return { ...result, requests: log };
  } finally {
    await context.close();
  }
}

const PHONE = { width: 390, height: 844 };

// The ways a reader reaches the search field: a click (on wide screens the box is in the header),
// the "/" shortcut, Tab, or on a phone the header's search button, which opens the search box.
async function reachSearchField(page, input, how) {
  const focused = () => input.evaluate((el) => el === document.activeElement);
  if (how === "key") {
    await page.keyboard.press("/");
  } else if (how === "tab") {
    for (let i = 0; i < 50 && !(await focused()); i++) await page.keyboard.press("Tab");
  } else if (how === "phone") {
    await page.locator('.md-header label.md-header__button[for="__search"]').click();
  } else {
    await input.click();
  }
  return focused();
}

// The search's outcome once it is final: unchanged for 300 ms and `final` by what it says (10 s at most).
async function untilSettled(page, outcome, final) {
  let last = null;
  let since = Date.now();
  for (const start = Date.now(); Date.now() - start < 10000;) {
    const now = await outcome();
    if (JSON.stringify(now) !== JSON.stringify(last)) {
      last = now;
      since = Date.now();
    } else if (final(now) && Date.now() - since >= 300) {
      break;
    }
    await page.waitForTimeout(50);
  }
  return last;
}

// The theme's own search, as a reader uses it: reach the search field, type, read the result list.
// What the page requested before the reader reached the field is reported apart.
async function search(browser, spec) {
  const log = freshLog();
  const context = await newContext(browser, log, spec.how === "phone" ? PHONE : undefined);
  try {
    const { page } = await open(context, log, spec.path);
    // A reader who reads before searching: nothing may arrive in the meantime.
    await page.waitForTimeout(spec.idleMs ?? 0);
    await settle(log, job.quietMs ?? 300);
    const beforeUse = [...log.all];
    if (await page.locator(".md-search__button").count()) {
      return { ...(await dialogSearch(page, spec)), path: spec.path, how: spec.how ?? "click", beforeUse, requests: log };
    }
    const input = page.locator("input.md-search__input");
    // What the line above the results says while there is nothing to show yet.
    const waiting = new Set(await page.evaluate(() => [
      document.querySelector(".md-search-result__meta")?.textContent.trim(),
      JSON.parse(document.getElementById("__config").textContent).translations["search.result.placeholder"],
    ]));
    const focused = await reachSearchField(page, input, spec.how ?? "click");
    await input.pressSequentially(spec.query, { delay: 20 });
    // Japanese is typed through an input method, which sends no key per character: the search
    // runs on the next key released (here End, which moves the caret and nothing else).
    await input.press("End");
    // The result list is final once the line above it says how many were found, and stays so.
    const outcome = () => page.evaluate(() => ({
      meta: document.querySelector(".md-search-result__meta")?.textContent.trim() ?? "",
      results: [...document.querySelectorAll(".md-search-result__item > a")].map((a) => ({
        href: a.href, title: a.querySelector("h1, h2")?.textContent.trim() ?? "" })),
    }));
    const last = await untilSettled(page, outcome, (now) => !waiting.has(now.meta));
    return { query: spec.query, path: spec.path, how: spec.how ?? "click", focused, beforeUse, ...last, requests: log };
  } finally {
    await context.close();
  }
}

// Zensical's search: a dialog (in a shadow root, which Playwright's locators enter) opened by the
// header's button or the "/" key, whose field takes the focus; the line above the results says
// how many were found once they are final.
async function dialogSearch(page, spec) {
  if (spec.how === "key") await page.keyboard.press("/");
  else if (spec.how === "phone") await page.locator('.md-header label.md-header__button[for="__search"]').click();
  else await page.locator(".md-search__button").click();
  const input = page.locator('dialog input[role="combobox"]');
  await input.waitFor({ timeout: 5000 });
  const focused = await input.evaluate((el) => el.getRootNode().activeElement === el);
  await input.pressSequentially(spec.query, { delay: 20 });
  await input.press("End");
  const outcome = () => page.locator("dialog").evaluate((dialog) => ({
    meta: dialog.querySelector('[role="status"]')?.textContent.trim() ?? "",
    results: [...dialog.querySelectorAll('[role="listbox"] a[href]')].map((a) => ({
      href: a.href, title: a.querySelector("h1, h2")?.textContent.trim() ?? "" })),
  }));
  const last = await untilSettled(page, outcome, (now) => Boolean(now.meta));
  return { query: spec.query, focused, ...last };
}

// Print: what shows in print media, and the PDF Chromium makes of the page.
async function print(page, spec) {
  await page.emulateMedia({ media: "print" });
  const shown = await page.evaluate((selectors) => {
    const result = {};
    for (const selector of selectors) {
      result[selector] = [...document.querySelectorAll(selector)].some((el) => {
        const box = el.getBoundingClientRect();
        return box.width > 0 && box.height > 0 && getComputedStyle(el).visibility !== "hidden";
      });
    }
    return result;
  }, spec.selectors ?? []);
  await page.pdf({ path: spec.pdf, format: "A4", printBackground: true,
    margin: { top: "15mm", bottom: "15mm", left: "15mm", right: "15mm" } });
  await page.emulateMedia({ media: "screen" });
  return { pdf: spec.pdf, shown };
}

const browser = await chromium.launch({
  executablePath: job.chromium,
  headless: true,
  chromiumSandbox: false,
  args: FLAGS,
  timeout: 60000,
});
const output = { pages: {}, search: [], errors: [] };
try {
  // Pages in parallel, a few at a time (each in its own browser context).
  const queue = [...(job.pages ?? [])];
  const worker = async () => {
    for (let spec = queue.shift(); spec; spec = queue.shift()) {
      try {
        output.pages[spec.path] = await checkPage(browser, spec);
      } catch (error) {
        output.errors.push(`${spec.path}: ${error.stack || error}`);
      }
    }
  };
  await Promise.all(Array.from({ length: job.concurrency ?? 2 }, worker));
  for (const spec of job.search ?? []) {
    try {
      output.search.push(await search(browser, spec));
    } catch (error) {
      output.errors.push(`search ${spec.query} on ${spec.path}: ${error.stack || error}`);
    }
  }
} finally {
  await browser.close();
}
writeFileSync(resultFile, JSON.stringify(output, null, 1));
