/**
 * The published site in a real browser: serves report/_site from 127.0.0.1 (node:http, a free port), opens every
 * page in /usr/bin/chromium through playwright-core and checks titles, console errors, rendered Vega views with
 * marks, a tooltip on hover, that no request leaves localhost, that hostile text from the data stays text, and
 * saves screenshots to report/screenshots/ (each page on a desktop, and the overview and first notebook page at
 * 390 px). When report/_site has not been built it builds a fixture site with the preview renderer and says so.
 * Run with `npm run test:browser` (vitest.browser.config.ts).
 */
import fs from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { chromium, type Browser, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { projectPaths } from "../../src/paths.js";
import { CHROMIUM, CHROMIUM_ARGS as ARGS, hasChromium, serveDir as serve } from "./harness.js";
import { renderSite } from "../../src/report/render.js";
import { HOSTILE_PRODUCT, writeFixtureInputs } from "../report/fixtures.js";

// Functions passed to page.evaluate run in the browser; the project compiles without the DOM lib.
declare const window: any;
declare const document: any;

const paths = projectPaths();
if (!hasChromium) console.warn(`skipped: ${CHROMIUM} not present`);

/** Site-relative paths of every HTML page: the overview first, then the notebook pages. */
function sitePages(site: string): string[] {
  const dir = path.join(site, "notebooks", "executed");
  const nbPages = fs.existsSync(dir) ? fs.readdirSync(dir).filter((n) => n.endsWith(".html")).sort().map((n) => `notebooks/executed/${n}`) : [];
  return ["index.html", ...nbPages];
}

/** Before any page script: collect every vegaEmbed result, and make a flag that hostile text would set. */
const INIT = `(() => {
  window.__views = []; window.__embedErrors = [];
  let real;
  Object.defineProperty(window, "vegaEmbed", {
    configurable: true,
    get() { return real; },
    set(fn) {
      real = function (el, spec, opts) {
        const p = fn(el, spec, opts);
        p.then((r) => window.__views.push(r.view), (e) => window.__embedErrors.push(String(e)));
        return p;
      };
      Object.assign(real, fn);
    },
  });
})();`;

/** In the page: for each embedded view, its container and the number of mark items, plus one item's page position. */
const INSPECT = `(() => window.__views.map((view) => {
  let marks = 0; let target = null;
  const walk = (node, ox, oy) => {
    if (!node) return;
    if (node.marktype && node.role === "mark" && node.marktype !== "group") {
      marks += node.items.length;
      for (const it of node.items) {
        if (!target && it.tooltip != null && it.bounds && it.bounds.width() > 2 && it.bounds.height() > 2) {
          target = { x: ox + (it.bounds.x1 + it.bounds.x2) / 2, y: oy + (it.bounds.y1 + it.bounds.y2) / 2 };
        }
      }
    }
    for (const it of node.items || []) {
      const gx = node.marktype === "group" ? ox + (it.x || 0) : ox;
      const gy = node.marktype === "group" ? oy + (it.y || 0) : oy;
      for (const child of it.items || []) walk(child, gx, gy);
    }
  };
  walk(view.scenegraph().root, 0, 0);
  const el = view.container();
  const canvas = el && el.querySelector("canvas, svg");
  const r = canvas ? canvas.getBoundingClientRect() : null;
  const [ox, oy] = view.origin();
  return {
    id: el ? el.id : null,
    embedded: !!(el && el.closest(".vega-embed")) || !!(el && el.classList.contains("vega-embed")),
    drawn: !!canvas,
    marks,
    hover: r && target ? { x: r.left + ox + target.x, y: r.top + oy + target.y } : null,
  };
}))()`;

describe.skipIf(!hasChromium)("the published site in Chromium", () => {
  let site = paths.site;
  let fixture: ReturnType<typeof writeFixtureInputs> | undefined;
  let server: http.Server;
  let base: string;
  let browser: Browser;
  let findings: { title: string; recommendation: string }[] = [];
  const tooltips: string[] = [];

  beforeAll(async () => {
    if (!fs.existsSync(path.join(site, "index.html"))) {
      fixture = writeFixtureInputs(fs.mkdtempSync(path.join(os.tmpdir(), "casestudy-browser-")));
      await renderSite({ root: paths.root, ...fixture, renderer: "preview" });
      site = fixture.outDir;
      console.warn(`report/_site is absent (run \`npm run render\`): testing a fixture site built by the preview renderer in ${site}`);
    } else {
      console.warn(`testing the built site in ${site}`);
    }
    findings = JSON.parse(fs.readFileSync(path.join(site, "downloads", "business_insights.json"), "utf8")).findings;
    server = await serve(path.resolve(site));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS });
    fs.mkdirSync(paths.screenshots, { recursive: true });
  });

  afterAll(async () => {
    await browser?.close();
    await new Promise((r) => (server ? server.close(r) : r(undefined)));
    if (fixture) fs.rmSync(fixture.dir, { recursive: true, force: true });
  });

  /** Opens a page with the init script, recording console errors and requests; requests off localhost are aborted. */
  async function open(pagePath: string, viewport: { width: number; height: number }) {
    const context = await browser.newContext({ viewport });
    const errors: string[] = [];
    const offsite: string[] = [];
    await context.route("**/*", (route) => {
      const url = route.request().url();
      if (url.startsWith(base) || url.startsWith("data:") || url.startsWith("blob:")) return route.continue();
      offsite.push(url);
      return route.abort();
    });
    const page = await context.newPage();
    await page.addInitScript(INIT);
    page.on("console", (m) => {
      if (m.type() === "error") errors.push(m.text());
    });
    page.on("pageerror", (e) => errors.push(String(e)));
    await page.goto(base + pagePath, { waitUntil: "load" });
    return { context, page, errors, offsite };
  }

  /** Waits until every chart script on the page has produced a view, and returns the views' inspection. */
  async function charts(page: Page) {
    const expected = await page.evaluate(
      () => [...document.querySelectorAll("script:not([src])")].filter((s: any) => (s.textContent ?? "").includes("vegaEmbed(")).length,
    );
    await page.waitForFunction((n) => (window as any).__views.length + (window as any).__embedErrors.length >= n, expected, { timeout: 30_000 });
    expect(await page.evaluate(() => (window as any).__embedErrors)).toEqual([]);
    return { expected, views: (await page.evaluate(INSPECT)) as { id: string; embedded: boolean; drawn: boolean; marks: number; hover: { x: number; y: number } | null }[] };
  }

  it("every page has its title, no console errors, rendered charts with marks, nothing off-site, no script from data", async () => {
    const pages = sitePages(site);
    expect(pages.length).toBeGreaterThan(1);
    for (const p of pages) {
      const { context, page, errors, offsite } = await open(p, { width: 1280, height: 900 });
      try {
        const title = await page.title();
        const h1 = (await page.locator("h1.title").textContent())?.trim() ?? "";
        expect(h1.length, `${p}: page heading`).toBeGreaterThan(0);
        expect(title, `${p}: <title>`).toContain(h1);
        const { expected, views } = await charts(page);
        expect(views.length, `${p}: views`).toBe(expected);
        for (const v of views) {
          expect(v.embedded && v.drawn, `${p}: chart ${v.id} rendered into .vega-embed`).toBe(true);
          expect(v.marks, `${p}: chart ${v.id} has marks`).toBeGreaterThan(0);
        }
        expect(await page.locator(".vega-embed canvas, .vega-embed svg").count()).toBeGreaterThanOrEqual(expected);
        for (const v of views) {
          if (!v.hover || tooltips.length > 0) continue;
          // Bring the chart into the viewport, then read its marks' positions again.
          await page.evaluate((id: string) => document.getElementById(id)?.scrollIntoView({ block: "center" }), v.id as string);
          const fresh = ((await page.evaluate(INSPECT)) as typeof views).find((w) => w.id === v.id);
          if (!fresh?.hover) continue;
          await page.mouse.move(fresh.hover.x, fresh.hover.y);
          const shown = await page
            .waitForFunction(() => document.querySelector("#vg-tooltip-element")?.classList.contains("visible"), undefined, { timeout: 3000 })
            .then(() => true, () => false);
          if (shown) tooltips.push(`${p}#${v.id}: ${await page.locator("#vg-tooltip-element").innerText()}`);
        }
        await page.screenshot({ path: path.join(paths.screenshots, `${p.replace(/\//g, "_").replace(/\.html$/, "")}.png`), fullPage: true });
        expect(await page.evaluate(() => (window as any).__xss), `${p}: hostile text ran`).toBeUndefined();
        expect(errors, `${p}: console errors`).toEqual([]);
        expect(offsite, `${p}: requests off localhost`).toEqual([]);
      } finally {
        await context.close();
      }
    }
    expect(tooltips.length, "a tooltip appears on hover over at least one chart").toBeGreaterThan(0);
    console.warn(`tooltip seen: ${tooltips[0].replace(/\s+/g, " ")}`);
  });

  it("the overview shows every finding's title and recommendation as text", async () => {
    const { context, page, errors } = await open("index.html", { width: 1280, height: 900 });
    try {
      const titles = await page.locator(".finding-title").allTextContents();
      expect(titles).toEqual(findings.map((f) => f.title));
      const recs = await page.locator(".finding-recommendation").allTextContents();
      expect(recs).toEqual(findings.map((f) => `Recommendation: ${f.recommendation}`));
      expect(await page.locator("main img").count()).toBe(0);
      expect(await page.evaluate(() => (window as any).__xss)).toBeUndefined();
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it.runIf(() => fixture !== undefined)("hostile product names show as text in tables", async () => {
    if (!fixture) return;
    const { context, page } = await open("notebooks/executed/01-eda.html", { width: 1280, height: 900 });
    try {
      expect(await page.locator("table td").first().textContent()).toBe(HOSTILE_PRODUCT);
      expect(await page.evaluate(() => (window as any).__xss)).toBeUndefined();
    } finally {
      await context.close();
    }
  });

  it("works from file:// too: charts render, nothing is requested off the file system", async () => {
    const p = sitePages(site)[1];
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const offsite: string[] = [];
    const errors: string[] = [];
    try {
      await context.route("**/*", (route) => {
        const url = route.request().url();
        if (url.startsWith("file://") || url.startsWith("data:") || url.startsWith("blob:")) return route.continue();
        offsite.push(url);
        return route.abort();
      });
      const page = await context.newPage();
      await page.addInitScript(INIT);
      page.on("console", (m) => {
        if (m.type() === "error") errors.push(m.text());
      });
      page.on("pageerror", (e) => errors.push(String(e)));
      await page.goto(pathToFileURL(path.join(path.resolve(site), p)).href, { waitUntil: "load" });
      const { expected, views } = await charts(page);
      expect(views.length).toBe(expected);
      for (const v of views) expect(v.marks).toBeGreaterThan(0);
      expect(errors).toEqual([]);
      expect(offsite).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it("is readable on a 390-px phone: no sideways scrolling of the page, charts still drawn", async () => {
    const pages = sitePages(site);
    for (const p of [pages[0], pages[1]]) {
      const { context, page, errors } = await open(p, { width: 390, height: 844 });
      try {
        const { views } = await charts(page);
        for (const v of views) expect(v.marks).toBeGreaterThan(0);
        const width = await page.evaluate(() => document.documentElement.scrollWidth);
        expect(width, `${p}: page width at 390 px`).toBeLessThanOrEqual(390);
        await page.screenshot({ path: path.join(paths.screenshots, `${p.replace(/\//g, "_").replace(/\.html$/, "")}-phone.png`), fullPage: true });
        expect(errors).toEqual([]);
      } finally {
        await context.close();
      }
    }
  });
});
