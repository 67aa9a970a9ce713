/**
 * The published site, rendered by Quarto, in a real browser: serves report/_site with `casestudy serve`'s server
 * (127.0.0.1, a free port), opens every page in /usr/bin/chromium through playwright-core and checks titles,
 * navigation, search, the table of contents, rendered Vega views with marks, a tooltip on hover, no console
 * error, that no request leaves localhost (every request is logged to report/screenshots/requests.json), that
 * hostile text from the data stays text, the overview a stakeholder reads, and the phone width; it saves a
 * screenshot of every page at desktop and at phone width to report/screenshots/. When report/_site has not
 * been built by Quarto it renders a fixture site with Quarto and says so; without Quarto it skips, saying so.
 * Run with `npm run test:browser` (vitest.browser.config.ts).
 */
import fs from "node:fs";
import type http from "node:http";
import os from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { chromium, type Browser, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { projectPaths } from "../../src/paths.js";
import { findQuarto, renderSite } from "../../src/report/render.js";
import { serverUrl } from "../../src/report/serve.js";
import { SITE_MARKER } from "../../src/report/site.js";
import { CHROMIUM, CHROMIUM_ARGS as ARGS, hasChromium, serveDir as serve } from "./harness.js";
import { HOSTILE_PRODUCT, writeFixtureInputs } from "../report/fixtures.js";

// Functions passed to page.evaluate run in the browser; the project compiles without the DOM lib.
declare const window: any;
declare const document: any;

const paths = projectPaths();
const builtByQuarto = (() => {
  try {
    return fs.readFileSync(path.join(paths.site, SITE_MARKER), "utf8").includes("quarto");
  } catch {
    return false;
  }
})();
const quartoMissing = (() => {
  try {
    findQuarto(paths.root);
    return undefined;
  } catch (e) {
    return (e as Error).message;
  }
})();
if (!hasChromium) console.warn(`skipped: the site in Chromium (${CHROMIUM} not present)`);
else if (!builtByQuarto && quartoMissing) console.warn(`skipped: the site in Chromium (report/_site was not rendered by Quarto, and ${quartoMissing})`);

/** Site-relative paths of every HTML page: the overview first, then the notebook pages. */
function sitePages(site: string): string[] {
  const dir = path.join(site, "notebooks", "executed");
  const nbPages = fs.existsSync(dir) ? fs.readdirSync(dir).filter((n) => n.endsWith(".html")).sort().map((n) => `notebooks/executed/${n}`) : [];
  return ["index.html", ...nbPages];
}

const shotName = (p: string, suffix = "") => `${p.replace(/\//g, "_").replace(/\.html$/, "")}${suffix}.png`;

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
    drawn: !!canvas && r.width > 0 && r.height > 0,
    marks,
    hover: r && target ? { x: r.left + ox + target.x, y: r.top + oy + target.y } : null,
  };
}))()`;

type View = { id: string; embedded: boolean; drawn: boolean; marks: number; hover: { x: number; y: number } | null };

describe.skipIf(!hasChromium || (!builtByQuarto && quartoMissing !== undefined))("the published site (Quarto) in Chromium", () => {
  let site = paths.site;
  let fixture: ReturnType<typeof writeFixtureInputs> | undefined;
  let server: http.Server;
  let base: string;
  let browser: Browser;
  let insights: { dataset: string; findings: { id: string; title: string; recommendation: string; evidence: Record<string, unknown> }[]; data_card?: { summary: string; records: unknown[] } };
  let segmentNames: string[] = [];
  const tooltips: string[] = [];
  const requestLog: Record<string, string[]> = {};
  const viewsPerPage: Record<string, number> = {};

  beforeAll(async () => {
    if (!builtByQuarto) {
      fixture = writeFixtureInputs(fs.mkdtempSync(path.join(os.tmpdir(), "casestudy-browser-")));
      await renderSite({ root: paths.root, ...fixture });
      site = fixture.outDir;
      console.warn(`report/_site was not rendered by Quarto (run \`npm run build\`): testing a fixture site rendered by Quarto in ${site}`);
    } else {
      console.warn(`testing the built site in ${site}`);
    }
    insights = JSON.parse(fs.readFileSync(path.join(site, "downloads", "business_insights.json"), "utf8"));
    const model = path.join(site, "downloads", "model.json");
    if (fs.existsSync(model)) segmentNames = JSON.parse(fs.readFileSync(model, "utf8")).names ?? [];
    server = await serve(path.resolve(site));
    base = serverUrl(server);
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS });
    fs.mkdirSync(paths.screenshots, { recursive: true });
  });

  afterAll(async () => {
    await browser?.close();
    await new Promise((r) => (server ? server.close(r) : r(undefined)));
    if (Object.keys(requestLog).length > 0) {
      fs.writeFileSync(path.join(paths.screenshots, "requests.json"), JSON.stringify({ site: fixture ? "fixture" : insights.dataset, views: viewsPerPage, requests: requestLog }, null, 1) + "\n");
    }
    if (fixture) fs.rmSync(fixture.dir, { recursive: true, force: true });
  });

  /** Opens a page with the init script, recording console errors and every request; requests off localhost are aborted. */
  async function open(pagePath: string, viewport: { width: number; height: number }) {
    const context = await browser.newContext({ viewport });
    const errors: string[] = [];
    const requests: string[] = [];
    const offsite: string[] = [];
    await context.route("**/*", (route) => {
      const url = route.request().url();
      requests.push(url.startsWith(base) ? "/" + url.slice(base.length) : url);
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
    return { context, page, errors, requests, offsite };
  }

  /** Waits until every chart script on the page has produced a view, and returns the views' inspection. */
  async function charts(page: Page) {
    const expected = await page.evaluate(
      () => [...document.querySelectorAll("script:not([src])")].filter((s: any) => (s.textContent ?? "").includes("vegaEmbed(")).length,
    );
    await page.waitForFunction((n) => (window as any).__views.length + (window as any).__embedErrors.length >= n, expected, { timeout: 60_000 });
    expect(await page.evaluate(() => (window as any).__embedErrors)).toEqual([]);
    return { expected, views: (await page.evaluate(INSPECT)) as View[] };
  }

  it("every page: its title once, navbar and sidebar to every page, a toc of its sections, charts drawn with marks, a tooltip, no console error, nothing off localhost", async () => {
    const pages = sitePages(site);
    expect(pages.length).toBeGreaterThan(1);
    for (const p of pages) {
      const { context, page, errors, requests, offsite } = await open(p, { width: 1280, height: 900 });
      try {
        const h1s = await page.locator("h1").allTextContents();
        expect(h1s, `${p}: one h1, the title`).toHaveLength(1);
        const title = (await page.locator("h1.title").textContent())?.trim() ?? "";
        expect(title.length, `${p}: page heading`).toBeGreaterThan(0);
        expect(await page.title(), `${p}: <title>`).toContain(title);
        const nav = await page.locator("#quarto-header .navbar-nav a.nav-link").allTextContents();
        expect(nav.map((t) => t.trim()), `${p}: navbar`).toEqual(["Overview", "Exploration", "Segmentation", "Lookalikes", "Insights"]);
        const sidebar = await page.locator("#quarto-sidebar a.sidebar-link").evaluateAll((as: any[]) => as.filter((a) => a.getAttribute("href")).map((a) => new URL(a.href).pathname.replace(/\/$/, "/index.html")));
        for (const q of pages) expect(sidebar, `${p}: sidebar links ${q}`).toContain("/" + q);
        const toc = await page.locator("#TOC a.nav-link").allTextContents();
        expect(toc.length, `${p}: "On this page" lists the sections, not one repeated title (${toc.join(" | ")})`).toBeGreaterThanOrEqual(2);
        const { expected, views } = await charts(page);
        viewsPerPage[p] = views.length;
        expect(views.length, `${p}: views`).toBe(expected);
        for (const v of views) {
          expect(v.embedded && v.drawn, `${p}: chart ${v.id} rendered into .vega-embed`).toBe(true);
          expect(v.marks, `${p}: chart ${v.id} has marks`).toBeGreaterThan(0);
        }
        for (const v of views) {
          if (!v.hover || tooltips.length > 0) continue;
          // Bring the chart into the viewport, then read its marks' positions again.
          await page.evaluate((id: string) => document.getElementById(id)?.scrollIntoView({ block: "center" }), v.id);
          const fresh = ((await page.evaluate(INSPECT)) as View[]).find((w) => w.id === v.id);
          if (!fresh?.hover) continue;
          await page.mouse.move(fresh.hover.x, fresh.hover.y);
          const shown = await page
            .waitForFunction(() => document.querySelector("#vg-tooltip-element")?.classList.contains("visible"), undefined, { timeout: 3000 })
            .then(() => true, () => false);
          if (shown) tooltips.push(`${p}#${v.id}: ${await page.locator("#vg-tooltip-element").innerText()}`);
        }
        await page.evaluate(() => window.scrollTo(0, 0));
        await page.screenshot({ path: path.join(paths.screenshots, shotName(p)), fullPage: true });
        expect(await page.evaluate(() => (window as any).__xss), `${p}: hostile text ran`).toBeUndefined();
        expect(errors, `${p}: console errors`).toEqual([]);
        expect(offsite, `${p}: requests off localhost`).toEqual([]);
        requestLog[p] = requests;
      } finally {
        await context.close();
      }
    }
    expect(tooltips.length, "a tooltip appears on hover over at least one chart").toBeGreaterThan(0);
    const notebookViews = Object.entries(viewsPerPage).filter(([p]) => p !== "index.html").reduce((s, [, n]) => s + n, 0);
    if (!fixture && insights.dataset === "synthetic") expect(notebookViews, "charts on the notebook pages of the default store").toBeGreaterThanOrEqual(13);
    console.warn(`views per page: ${JSON.stringify(viewsPerPage)}; tooltip seen: ${tooltips[0].replace(/\s+/g, " ")}`);
  });

  it("navigation: the navbar and the next-page links take a reader through the pages", async () => {
    const pages = sitePages(site);
    const { context, page, errors } = await open("index.html", { width: 1280, height: 900 });
    try {
      await page.locator("#quarto-header .navbar-nav a.nav-link", { hasText: "Segmentation" }).click();
      await page.waitForURL(/02-segmentation\.html$/);
      expect(await page.locator("h1.title").textContent()).toMatch(/segment/i);
      for (let i = pages.indexOf("notebooks/executed/02-segmentation.html"); i + 1 < pages.length; i++) {
        await page.locator(".nav-page-next a").click();
        await page.waitForURL(new RegExp(pages[i + 1].replace(/\./g, "\\.") + "$"));
      }
      await page.locator("#quarto-header .navbar-brand").click();
      await page.waitForURL(/\/(index\.html)?$/);
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it("search finds the pages that name a segment, and a result opens its page", async () => {
    const name = segmentNames.find((n) => /^[\w ]+$/.test(n));
    expect(name, `a plain segment name among ${JSON.stringify(segmentNames)}`).toBeDefined();
    const { context, page, errors, offsite } = await open("index.html", { width: 1280, height: 900 });
    try {
      await page.locator("#quarto-search button").click();
      await page.keyboard.type(name!);
      await page.waitForSelector(".aa-Item a", { timeout: 15_000 });
      const hrefs = await page.locator(".aa-Item a").evaluateAll((as: any[]) => as.map((a) => a.getAttribute("href")));
      expect(hrefs.length).toBeGreaterThan(0);
      if (!fixture) expect(hrefs.some((h: string) => h.includes("02-segmentation.html")), hrefs.join(" ")).toBe(true);
      await page.locator(".aa-Item a").first().click();
      await page.waitForLoadState("load");
      expect(await page.evaluate(() => document.body.innerText)).toContain(name);
      expect(errors).toEqual([]);
      expect(offsite).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it("the overview: the data card when there is one, headline charts with takeaways, every finding's title and recommendation, no raw key", async () => {
    const { context, page, errors } = await open("index.html", { width: 1280, height: 900 });
    try {
      if (insights.data_card) {
        expect((await page.locator(".data-card-summary").textContent())?.trim()).toBe(insights.data_card.summary);
        expect(await page.locator(".data-card-records li").count()).toBe(insights.data_card.records.length);
      } else {
        expect(await page.locator(".data-card-summary, .data-card-records").count()).toBe(0);
      }
      const headlines = await page.locator("figure.headline").count();
      expect(headlines, "headline charts").toBeGreaterThanOrEqual(fixture || insights.dataset === "synthetic" ? 3 : 1);
      for (const t of await page.locator(".headline-takeaway").allTextContents()) expect(t).toMatch(/\d.*\.$/);
      await charts(page);
      expect(await page.locator("figure.headline .vega-embed canvas, figure.headline .vega-embed svg").count()).toBe(headlines);
      expect(await page.locator(".finding-title").allTextContents()).toEqual(insights.findings.map((f) => f.title));
      expect(await page.locator(".finding-recommendation").allTextContents()).toEqual(insights.findings.map((f) => `Recommendation: ${f.recommendation}`));
      await page.locator(".finding-evidence summary").evaluateAll((s: any[]) => s.forEach((e) => e.click()));
      const text = await page.evaluate(() => document.body.innerText as string);
      const rawKeys = [...new Set(insights.findings.flatMap((f) => Object.keys(f.evidence ?? {})))].filter((k) => k.includes("_"));
      for (const k of rawKeys) expect(text, `raw evidence key ${k}`).not.toContain(k);
      expect(await page.locator("main img").count()).toBe(0);
      expect(await page.evaluate(() => (window as any).__xss)).toBeUndefined();
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it("hostile product names show as text in tables (the fixture site)", async (ctx) => {
    if (!fixture) return ctx.skip();
    const { context, page } = await open("notebooks/executed/01-eda.html", { width: 1280, height: 900 });
    try {
      expect(await page.locator("table td").first().textContent()).toBe(HOSTILE_PRODUCT);
      expect(await page.evaluate(() => (window as any).__xss)).toBeUndefined();
    } finally {
      await context.close();
    }
  });

  it("is usable on a 390-px phone: every page without sideways scrolling, charts drawn, the navbar collapsed", async () => {
    for (const p of sitePages(site)) {
      const { context, page, errors } = await open(p, { width: 390, height: 844 });
      try {
        const { views } = await charts(page);
        for (const v of views) expect(v.marks, `${p}: ${v.id}`).toBeGreaterThan(0);
        const width = await page.evaluate(() => document.documentElement.scrollWidth);
        expect(width, `${p}: page width at 390 px`).toBeLessThanOrEqual(390);
        expect(await page.locator(".navbar-toggler").isVisible(), `${p}: navbar collapsed behind its toggler`).toBe(true);
        await page.screenshot({ path: path.join(paths.screenshots, shotName(p, "-phone")), fullPage: true });
        expect(errors).toEqual([]);
      } finally {
        await context.close();
      }
    }
  });

  it("from file:// the text and charts show, but Quarto's module scripts are blocked: the site is meant to be served", async () => {
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
      expect(errors.some((e) => /quarto\.js.*blocked by CORS policy/.test(e)), errors.join("\n")).toBe(true);
      expect(offsite).toEqual([]);
    } finally {
      await context.close();
    }
  });
});
