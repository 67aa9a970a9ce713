/**
 * Fixture inputs of the site: executed notebooks shaped like the real ones (a chart as ONE display_data bundle
 * from src/charts/bundle.ts, an escaped HTML table, a stream, Quarto cell options), a
 * business_insights.json with hostile text, and a few exports. Shared by the unit tests and the browser test.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { TopLevelSpec } from "vega-lite";
import { bundle } from "../../src/charts/bundle.js";
import { escapeHtml } from "../../src/util/html.js";
import type { Notebook, NotebookCell } from "../../src/report/notebook.js";

/** Hostile strings from "the data": if any of them runs, it sets window.__xss. */
export const HOSTILE_PRODUCT = `<img src=x onerror="window.__xss=1">"quoted"`;
export const HOSTILE_TITLE = `<script>window.__xss=1</script>Top customers`;
export const HOSTILE_RECOMMENDATION = `<img src=x onerror=window.__xss=2> retain them`;

/** A chart's display_data bundle, made by the charts module's own `bundle` (Vega-Lite JSON + text/html + text/plain). */
export function chartBundle(spec: object, id: string): Record<string, unknown> {
  return { ...bundle(spec as TopLevelSpec, { id }) };
}

/** A bar chart of revenue by product with a tooltip; one product name is hostile. */
export function revenueSpec(): object {
  return {
    $schema: "https://vega.github.io/schema/vega-lite/v5.json",
    width: 400,
    height: 200,
    data: {
      values: [
        { product: "Mug", revenue: 120 },
        { product: HOSTILE_PRODUCT, revenue: 80 },
        { product: "Lamp", revenue: 45.5 },
      ],
    },
    mark: { type: "bar", tooltip: true },
    encoding: {
      x: { field: "product", type: "nominal" },
      y: { field: "revenue", type: "quantitative" },
      tooltip: [{ field: "product" }, { field: "revenue", format: ",.2f" }],
    },
  };
}

const code = (source: string, outputs: unknown[], extra: Partial<NotebookCell> = {}): NotebookCell => ({
  cell_type: "code",
  execution_count: null,
  metadata: {},
  outputs,
  source,
  ...extra,
});
const md = (source: string): NotebookCell => ({ cell_type: "markdown", metadata: {}, source });

/** An executed notebook: title from `# heading` (or front matter when `frontMatter`), a chart, a table, a stream. */
export function fixtureNotebook(title: string, options: { frontMatter?: boolean; chartId?: string } = {}): Notebook {
  const chartId = options.chartId ?? "vl-fixture-1";
  const table =
    `<table class="dataframe"><thead><tr><th>product</th><th>revenue</th></tr></thead><tbody>` +
    `<tr><td>${escapeHtml(HOSTILE_PRODUCT)}</td><td>80.00</td></tr><tr><td>Mug</td><td>120.00</td></tr></tbody></table>`;
  const cells: NotebookCell[] = [
    ...(options.frontMatter
      ? [{ cell_type: "raw" as const, metadata: {}, source: `---\ntitle: "${title}"\nsubtitle: "A fixture page"\n---\n` }]
      : [md(`# ${title}\n\nWhich products earn the revenue?`)]),
    md("## Revenue by product\n\nThe chart below ranks products by revenue."),
    code(
      `//| label: fig-revenue\n//| fig-cap: "Revenue by product"\nimport { revenueChart } from "./src/charts/index.js";\ndisplay(revenueChart(rows));`,
      [{ output_type: "display_data", metadata: {}, data: chartBundle(revenueSpec(), chartId) }],
    ),
    md("## The table behind it"),
    code(`showTable(top);`, [{ output_type: "display_data", metadata: {}, data: { "text/html": table, "text/plain": "table" } }]),
    code(`//| echo: false\nconsole.log("rows: 3");`, [{ output_type: "stream", name: "stdout", text: "rows: 3\n" }]),
    code(`//| include: false\nconst hidden = 1;`, []),
  ];
  return {
    cells,
    metadata: { kernelspec: { name: "tslab", display_name: "TypeScript", language: "typescript" }, language_info: { name: "typescript" } },
    nbformat: 4,
    nbformat_minor: 5,
  };
}

/** The insights JSON (shares, money in GBP) with hostile strings in a title and a recommendation. */
export function fixtureInsights() {
  return {
    dataset: "synthetic",
    currency: "GBP",
    findings: [
      {
        id: "top-customers",
        title: HOSTILE_TITLE,
        value: 0.625,
        unit: "share",
        evidence: { share: 0.625, top_revenue: 75000, customers: 1200 },
        recommendation: HOSTILE_RECOMMENDATION,
      },
      {
        id: "failed-orders",
        title: "Failed payments",
        value: 0.0712,
        unit: "share",
        evidence: { failed_share: 0.0712, orders: 5400 },
        recommendation: "Fix the payment flow: 7.1% of orders fail.",
      },
    ],
  };
}

/** Writes a fixture project (executed notebooks, exports, figures) into a new temp folder and returns its paths. */
export function writeFixtureInputs(dir: string = fs.mkdtempSync(path.join(os.tmpdir(), "casestudy-site-"))) {
  const executedDir = path.join(dir, "notebooks", "executed");
  const exportsDir = path.join(dir, "exports");
  const figuresDir = path.join(dir, "figures");
  for (const d of [executedDir, exportsDir, figuresDir]) fs.mkdirSync(d, { recursive: true });
  const pages: [string, string, boolean][] = [
    ["01-eda", "Exploring the orders", false],
    ["02-segmentation", "Customer segments", true],
    ["03-lookalike", "Lookalike customers", false],
    ["04-insights", "Insights & recommendations", false],
  ];
  pages.forEach(([stem, title, frontMatter], i) => {
    fs.writeFileSync(path.join(executedDir, `${stem}.ipynb`), JSON.stringify(fixtureNotebook(title, { frontMatter, chartId: `vl-fixture-${i + 1}` }), null, 1));
  });
  fs.writeFileSync(path.join(exportsDir, "business_insights.json"), JSON.stringify(fixtureInsights(), null, 2));
  fs.writeFileSync(path.join(exportsDir, "segments.csv"), "customer_id,segment\nC1,Champions\nC2,At risk\n");
  fs.writeFileSync(path.join(exportsDir, "lookalike.csv"), "customer_id,neighbor,score\nC1,C2,0.91\n");
  fs.writeFileSync(path.join(exportsDir, "chart_revenue_by_product.csv"), "product,revenue\nMug,120\n");
  fs.writeFileSync(path.join(exportsDir, "model.parquet"), "not offered as a download");
  fs.writeFileSync(path.join(figuresDir, "revenue.svg"), `<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"></svg>`);
  return { dir, executedDir, exportsDir, figuresDir, outDir: path.join(dir, "_site") };
}
