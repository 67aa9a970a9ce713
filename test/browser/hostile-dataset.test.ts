/**
 * Text from the data never runs in a reader's browser. A three-file store whose product names and categories are
 * HTML/script payloads (and a Quarto shortcode and a Markdown fence) goes through the real chain: loadStore →
 * runAnalysis → chart specs, HTML tables and findings (the builders the notebooks call) → an executed-notebook
 * page and the overview rendered by Quarto → Chromium. The payloads must show as text, and none may run (they
 * would set `window.__xss`). Skips, saying so, without Quarto ≥ 1.5 or Chromium.
 */
import fs from "node:fs";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import { chromium } from "playwright-core";
import { describe, expect, it } from "vitest";
import { htmlTable, notebookBundle } from "../../src/charts/index.js";
import { caseStudyFigures, findingsHtml, tableRows, runAnalysis, writeExports } from "../../src/pipeline/index.js";
import { findQuarto, renderSite } from "../../src/report/render.js";
import { projectRoot } from "../../src/paths.js";
import { CHROMIUM, CHROMIUM_ARGS, hasChromium, serveDir } from "./harness.js";

declare const window: { __xss?: number };
declare const document: { body: { innerText: string } };

const PAYLOADS = [
  "<script>window.__xss=1</script>",
  `<img src=x onerror="window.__xss=2">`,
  `Mug "Best" & co</td></tr><svg onload=window.__xss=3>`,
  "{{< meta title >}} ``` <svg onload=window.__xss=4>",
];

/** A small three-file store (40 customers, 3 hostile products among 6) in `dir`. */
function writeHostileStore(dir: string): void {
  fs.mkdirSync(dir, { recursive: true });
  const regions = ["Europe", "Asia", "South America"];
  const customers = ["CustomerID,CustomerName,Region,SignupDate"];
  for (let c = 1; c <= 40; c++) customers.push(`C${String(c).padStart(4, "0")},Name ${c},${regions[c % 3]},2023-0${1 + (c % 9)}-15`);
  const products = ["ProductID,ProductName,Category,Price"];
  const names = [...PAYLOADS, "Plain lamp", "Plain chair", "Plain book"];
  names.forEach((n, i) => products.push(`P${i + 1},"${n.replace(/"/g, '""')}",${i < PAYLOADS.length ? '"<b>Cat</b>"' : "Home"},${10 + 7 * i}.5`));
  const tx = ["TransactionID,CustomerID,ProductID,TransactionDate,Quantity,TotalValue,Price"];
  let t = 0;
  for (let c = 1; c <= 40; c++) {
    for (let k = 0; k < 1 + (c % 5) * (c % 3); k++) {
      const p = 1 + ((c + k) % names.length);
      const q = 1 + ((c * k) % 4);
      const price = 10 + 7 * (p - 1) + 0.5;
      const month = 1 + ((c + 3 * k) % 12);
      tx.push(`T${++t},C${String(c).padStart(4, "0")},P${p},2024-${String(month).padStart(2, "0")}-1${k % 10} 10:00:00,${q},${(q * price).toFixed(2)},${price}`);
    }
  }
  fs.writeFileSync(path.join(dir, "Customers.csv"), customers.join("\n") + "\n");
  fs.writeFileSync(path.join(dir, "Products.csv"), products.join("\n") + "\n");
  fs.writeFileSync(path.join(dir, "Transactions.csv"), tx.join("\n") + "\n");
}

const quartoMissing = (() => {
  try {
    findQuarto(projectRoot());
    return undefined;
  } catch (e) {
    return (e as Error).message;
  }
})();
if (!hasChromium) console.warn(`skipped: hostile text in Chromium (${CHROMIUM} not present)`);
else if (quartoMissing) console.warn(`skipped: hostile text on the Quarto site (${quartoMissing})`);

describe.skipIf(!hasChromium || quartoMissing !== undefined)("hostile text from the data", () => {
  it("shows as text on the site and runs nothing", async () => {
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "casestudy-xss-"));
    writeHostileStore(path.join(tmp, "store"));
    const result = await runAnalysis({ dataset: "three-file", input: path.join(tmp, "store"), seed: 42 }, { kMax: 4 });
    const names = (result.store.products!.getColumn("product_name").toArray() as string[]).join("\n");
    for (const p of PAYLOADS) expect(names).toContain(p);
    await writeExports(result, path.join(tmp, "exports"));

    // An executed notebook page made of the outputs the notebooks display.
    const figures = caseStudyFigures(result);
    const outputs = [
      { output_type: "display_data", metadata: {}, data: notebookBundle(figures["top-products"]) },
      { output_type: "display_data", metadata: {}, data: { "text/html": htmlTable(tableRows(result.tables["top_products.csv"]), { caption: "Top products" }) } },
      { output_type: "display_data", metadata: {}, data: { "text/html": findingsHtml(result.insights.findings) } },
    ];
    const nb = {
      cells: [
        { cell_type: "markdown", id: "m1", metadata: {}, source: ["# Hostile products\n"] },
        { cell_type: "code", id: "c1", metadata: {}, execution_count: 1, source: ["display(fig.topProductsChart(result));"], outputs },
      ],
      metadata: { kernelspec: { name: "tslab", display_name: "TypeScript (casestudy)", language: "typescript" } },
      nbformat: 4,
      nbformat_minor: 5,
    };
    fs.mkdirSync(path.join(tmp, "executed"));
    fs.writeFileSync(path.join(tmp, "executed", "01-eda.ipynb"), JSON.stringify(nb));
    const site = path.join(tmp, "site");
    await renderSite({ executedDir: path.join(tmp, "executed"), exportsDir: path.join(tmp, "exports"), figuresDir: path.join(tmp, "none"), outDir: site });

    const server = await serveDir(site);
    const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
    try {
      const page = await browser.newPage();
      const errors: string[] = [];
      page.on("pageerror", (e) => errors.push(String(e)));
      const external: string[] = [];
      page.on("request", (r) => {
        if (!r.url().startsWith("http://127.0.0.1")) external.push(r.url());
      });
      const port = (server.address() as AddressInfo).port;
      for (const p of ["index.html", "notebooks/executed/01-eda.html"]) {
        await page.goto(`http://127.0.0.1:${port}/${p}`);
        await page.waitForSelector(p === "index.html" ? "body" : ".vega-embed svg, .vega-embed canvas", { timeout: 30_000 });
        await page.waitForTimeout(500);
        expect(await page.evaluate(() => window.__xss), p).toBeUndefined();
        if (p !== "index.html") {
          const text = await page.evaluate(() => document.body.innerText);
          expect(text).toContain(PAYLOADS[0]);
          expect(text).toContain(`<img src=x onerror="window.__xss=2">`);
          expect(text).toContain(PAYLOADS[3]); // the shortcode and the fence stay text
        }
        expect(await page.locator("body img[src=x], body svg[onload]").count()).toBe(0);
      }
      expect(external).toEqual([]);
      expect(errors).toEqual([]);
    } finally {
      await browser.close();
      server.close();
      fs.rmSync(tmp, { recursive: true, force: true });
    }
  });
});
