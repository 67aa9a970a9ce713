/**
 * The bundle's HTML in a real page (headless Chromium, vega/vega-lite/vega-embed loaded from node_modules in
 * <head>, no CDN): the chart is drawn, data text stays text in the SVG and in the tooltip, no script from the
 * data runs. Skipped when /usr/bin/chromium is absent.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { chromium } from "playwright-core";
import { describe, expect, it } from "vitest";
import { bundle } from "../../src/charts/bundle.js";
import { rankedBars } from "../../src/charts/ranked-bars.js";

const browserPath = "/usr/bin/chromium";
const present = fs.existsSync(browserPath);
if (!present) console.warn("skipped: chromium not present at /usr/bin/chromium");

describe.skipIf(!present)("bundle HTML in a browser", () => {
  it("draws the chart with local libraries; data text stays text, in the SVG and the tooltip", async () => {
    const evil = `<img src=x onerror="window.__pwned=1">"quoted"`;
    const spec = rankedBars([{ p: evil, n: 5 }, { p: "</script><script>window.__pwned=2</script>", n: 3 }], {
      category: "p",
      value: "n",
      title: "Units",
    });
    const nm = path.resolve("node_modules");
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "embed-"));
    const page = path.join(dir, "page.html");
    const scripts = ["vega/build/vega.min.js", "vega-lite/build/vega-lite.min.js", "vega-embed/build/vega-embed.min.js"]
      .map((f) => `<script src="file://${nm}/${f}"></script>`)
      .join("");
    fs.writeFileSync(page, `<!doctype html><html><head><meta charset="utf-8">${scripts}</head><body>${bundle(spec)["text/html"]}</body></html>`);
    const browser = await chromium.launch({ executablePath: browserPath, args: ["--no-sandbox", "--allow-file-access-from-files"] });
    try {
      const tab = await browser.newPage();
      const requests: string[] = [];
      tab.on("request", (r) => requests.push(r.url()));
      await tab.goto(`file://${page}`);
      await tab.waitForSelector(".vega-chart svg .mark-rect path", { timeout: 20_000 });
      const labels = await tab.$$eval(".vega-chart svg text", (ts) => ts.map((t) => t.textContent));
      expect(labels.some((t) => t?.startsWith("<img src=x"))).toBe(true);
      expect(await tab.$$("img")).toHaveLength(0);
      await tab.hover(".vega-chart svg .mark-rect path");
      const tip = await tab.waitForSelector("#vg-tooltip-element", { timeout: 5_000 });
      expect(await tip.textContent()).toContain("<img src=x");
      expect(await tab.$$("#vg-tooltip-element img")).toHaveLength(0);
      expect(await tab.evaluate(() => (globalThis as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
      expect(requests.every((u) => u.startsWith("file://"))).toBe(true);
    } finally {
      await browser.close();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
