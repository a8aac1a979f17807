// The page comparing any two versions, used as a reader uses it, in one headless Chromium, for
// tests/test_compare_any.py: node compare_any.mjs JOB.json RESULT.json
//
// job: {chromium, baseUrl, runs: [{path, from, to, keyboard, bookmark}], noScript: [path], firstView: [path]}
// (bookmark: the page opened at ?from=&to=, as a bookmark of a comparison, instead of choosing)
// For each run: the requests before and after choosing, the two selects' labels, what the live
// region said, where the focus went, each section's insertions and deletions as drawn (their text
// without the spoken markers) and as spoken (the accessibility tree), axe-core on the page with
// the redline shown, and the page's HTML then (for the Nu checker). noScript: the page with
// JavaScript off, and every comparison link on it followed. firstView: the requests of a page.

import { readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);
const { chromium } = require("playwright-core");
const AXE_SOURCE = readFileSync(require.resolve("axe-core/axe.min.js"), "utf8");
const WCAG = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"];

const [jobFile, resultFile] = process.argv.slice(2);
const job = JSON.parse(readFileSync(jobFile, "utf8"));
const base = new URL(job.baseUrl);
const FLAGS = ["--disable-gpu", "--no-first-run", "--disable-background-networking",
  "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1"];

async function context(browser, javaScriptEnabled = true) {
  const made = await browser.newContext({ javaScriptEnabled, serviceWorkers: "block", viewport: { width: 1280, height: 900 } });
  await made.route("**/*", (route) => (new URL(route.request().url()).host === base.host ? route.continue() : route.abort()));
  return made;
}

async function choose(page, run, log) {
  const before = log.length;
  await page.waitForSelector("#policy-compare-form:not([hidden])");
  const afterLoad = log.slice();
  await page.selectOption("#policy-compare-from", run.from);
  await page.selectOption("#policy-compare-to", run.to);
  if (run.keyboard) {
    await page.focus("#policy-compare-to");
    await page.keyboard.press("Tab");
    await page.keyboard.press("Enter");
  } else {
    await page.click("#policy-compare-form button[type=submit]");
  }
  await page.waitForSelector("#policy-compare-result .policy-compare-redline", { timeout: 20000 });
  return { beforeChoice: afterLoad, before };
}

async function main() {
  const browser = await chromium.launch({ executablePath: job.chromium, args: FLAGS });
  const result = { runs: [], noScript: [], firstView: {}, errors: [] };
  try {
    for (const path of job.firstView || []) {
      const made = await context(browser);
      const page = await made.newPage();
      const urls = [];
      page.on("request", (request) => urls.push(request.url()));
      await page.goto(new URL(path, base).href, { waitUntil: "networkidle" });
      result.firstView[path] = urls;
      await made.close();
    }
    for (const run of job.runs || []) {
      const made = await context(browser);
      const page = await made.newPage();
      const log = [];
      const consoleErrors = [];
      page.on("request", (request) => log.push(request.url()));
      page.on("pageerror", (error) => consoleErrors.push(String(error)));
      page.on("console", (message) => { if (message.type() === "error") consoleErrors.push(message.text()); });
      let beforeChoice = [];
      if (run.bookmark) {  // the address a comparison leaves (?from=&to=), opened again: a bookmark
        const address = new URL(run.path, base);
        address.search = new URLSearchParams({ from: run.from, to: run.to }).toString();
        await page.goto(address.href, { waitUntil: "networkidle" });
        await page.waitForSelector("#policy-compare-result .policy-compare-redline", { timeout: 20000 });
      } else {
        await page.goto(new URL(run.path, base).href, { waitUntil: "networkidle" });
        ({ beforeChoice } = await choose(page, run, log));
      }
      await page.waitForFunction(() => !document.querySelector("#policy-compare-result[aria-busy]"));
      const shown = await page.evaluate(() => {
        const text = (el) => {
          const copy = el.cloneNode(true);
          copy.querySelectorAll(".visually-hidden").forEach((hidden) => hidden.remove());
          return copy.textContent;
        };
        return {
          status: document.getElementById("policy-compare-status").textContent,
          live: document.getElementById("policy-compare-status").getAttribute("aria-live"),
          focused: document.activeElement ? document.activeElement.id : "",
          address: location.search,
          chosen: [...document.querySelectorAll("#policy-compare-form select")].map((select) => select.value),
          labels: [...document.querySelectorAll("#policy-compare-form select")].map((select) =>
            [...select.labels].map((label) => label.textContent)),
          pairPage: (document.querySelector("#policy-compare-result a") || {}).href || "",
          sections: [...document.querySelectorAll(".policy-compare-section")].map((section) => ({
            id: section.dataset.section, status: section.dataset.status,
            marks: [...section.querySelectorAll("ins, del")].map((mark) =>
              [mark.tagName === "INS" ? "insert" : "delete", text(mark)]),
          })),
        };
      });
      const spoken = [];
      for (const role of ["insertion", "deletion"]) {
        const items = page.locator("#policy-compare-result").getByRole(role);
        const n = await items.count();
        for (let i = 0; i < Math.min(n, 10); i++) spoken.push({ role, aria: await items.nth(i).ariaSnapshot({ timeout: 5000 }) });
      }
      const drawn = await page.$$eval("#policy-compare-result ins, #policy-compare-result del", (marks) =>
        marks.slice(0, 40).map((mark) => ({ tag: mark.tagName.toLowerCase(), line: getComputedStyle(mark).textDecorationLine })));
      // Open the folded sections too, so that axe checks what a reader can reach.
      await page.$$eval("#policy-compare-result details", (all) => all.forEach((d) => { d.open = true; }));
      const html = "<!doctype html>\n" + await page.evaluate(() => document.documentElement.outerHTML);
      await page.addScriptTag({ content: AXE_SOURCE });
      const axe = await page.evaluate(async (tags) => {
        const found = await window.axe.run(document, { runOnly: { type: "tag", values: tags }, resultTypes: ["violations"] });
        return found.violations.map((v) => `${v.id}: ${v.help}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`);
      }, WCAG);
      result.runs.push({ ...run, ...shown, spoken, drawn, axe, html, beforeChoice, requests: log.slice(), consoleErrors });
      await made.close();
    }
    for (const path of job.noScript || []) {
      const made = await context(browser, false);
      const page = await made.newPage();
      await page.goto(new URL(path, base).href, { waitUntil: "load" });
      const formVisible = await page.isVisible("#policy-compare-form");
      const links = await page.$$eval("a[data-from][data-to]", (all) =>
        all.map((a) => ({ from: a.dataset.from, to: a.dataset.to, href: a.href, visible: a.offsetParent !== null })));
      const followed = [];
      for (const link of links) {
        const response = await page.goto(link.href, { waitUntil: "load" });
        followed.push({ ...link, status: response.status(), title: await page.title(),
          h1: await page.$eval("h1", (h) => h.textContent) });
      }
      result.noScript.push({ path, formVisible, links: followed });
      await made.close();
    }
  } catch (error) {
    result.errors.push(String(error.stack || error));
  } finally {
    await browser.close();
  }
  writeFileSync(resultFile, JSON.stringify(result));
}

await main();
