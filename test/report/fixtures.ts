/**
 * Fixture inputs of the site: executed notebooks shaped like the real ones (a chart as ONE display_data bundle
 * from src/charts/bundle.ts, an escaped HTML table, a stream, Quarto cell options), a
 * business_insights.json with hostile text, and a few exports. Shared by the unit tests and the browser test.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { TopLevelSpec } from "vega-lite";
import { notebookBundle } from "../../src/charts/bundle.js";
import { escapeHtml } from "../../src/util/html.js";
import type { Notebook, NotebookCell } from "../../src/report/notebook.js";

/** Hostile strings from "the data": if any of them runs, it sets window.__xss. */
export const HOSTILE_PRODUCT = `<img src=x onerror="window.__xss=1">"quoted"`;
export const HOSTILE_TITLE = `<script>window.__xss=1</script>Top customers`;
export const HOSTILE_RECOMMENDATION = `<img src=x onerror=window.__xss=2> retain them`;

/** A chart's display_data bundle as `display()` stores it in a notebook (`notebookBundle`: Vega-Lite JSON + title). */
export function chartBundle(spec: object): Record<string, unknown> {
  return { ...notebookBundle(spec as TopLevelSpec) };
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

/**
 * An executed notebook: title from `# heading` (or front matter when `frontMatter`), a captioned chart
 * (`fig-revenue`), a captioned table (`tbl-top`) that the prose cross-references, a stream, a hidden cell.
 */
export function fixtureNotebook(title: string, options: { frontMatter?: boolean } = {}): Notebook {
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
      [{ output_type: "display_data", metadata: {}, data: chartBundle(revenueSpec()) }],
    ),
    md("## The table behind it\n\nThe numbers behind @fig-revenue are in @tbl-top."),
    code(`//| label: tbl-top\n//| tbl-cap: "Top products by revenue"\nshowTable(top);`, [{ output_type: "display_data", metadata: {}, data: { "text/html": table, "text/plain": "table" } }]),
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

/** A segment name with markup in it (segment names come from rules, but the page must not trust them). */
export const HOSTILE_SEGMENT = `VIP <b onmouseover="window.__xss=3">`;

/**
 * The insights JSON (shares, money in GBP) with hostile strings in a title and a recommendation, and the three
 * findings the overview's headline charts illustrate (peak_month, most_valuable_segment, order_failures).
 */
export function fixtureInsights() {
  return {
    dataset: "synthetic",
    currency: "GBP",
    findings: [
      {
        id: "top_customer_share",
        title: HOSTILE_TITLE,
        value: 0.625,
        unit: "share",
        evidence: { share: 0.625, top_revenue: 75000, customers: 1200, mean_monthly_revenue: 2000 },
        recommendation: HOSTILE_RECOMMENDATION,
      },
      {
        id: "order_failures",
        title: "6.0% of orders failed and 4.0% were canceled (£1,000.00 not collected)",
        value: 0.1,
        unit: "share",
        evidence: { orders: 100, failed_share: 0.06, canceled_share: 0.04, lost_value: 1000, lost_orders_without_lines: 0 },
        recommendation: "Fix the payment flow: 6.0% of orders fail.",
      },
      {
        id: "peak_month",
        title: "Revenue peaked in 2024-02 at £3,000.00, 1.5× the average month",
        value: "2024-02",
        unit: "text",
        evidence: { peak_month: "2024-02", peak_revenue: 3000, mean_monthly_revenue: 2000, peak_to_mean: 1.5 },
        recommendation: "Plan for the peak.",
      },
      {
        id: "most_valuable_segment",
        title: `${HOSTILE_SEGMENT}: 20.0% of customers, 70.0% of revenue`,
        value: HOSTILE_SEGMENT,
        unit: "text",
        evidence: { segment: 1, name: HOSTILE_SEGMENT, customers: 20, share_of_customers: 0.2, share_of_revenue: 0.7, strategy: "vip_care" },
        recommendation: "Look after them.",
      },
    ],
  };
}

/** The exports behind the headline charts: 3 months, 100 orders by outcome, 2 segments (one with a hostile name). */
export const FIXTURE_EXPORTS: Readonly<Record<string, string>> = {
  "revenue_by_month.csv": "month,revenue,orders,units,customers,aov\n2024-01,1000,10,20,8,100\n2024-02,3000,30,60,20,100\n2024-03,2000,50,90,30,40\n",
  "order_status.csv": "status,orders,share,value,share_of_value,orders_without_lines\ncompleted,90,0.9,9000,0.9,0\nfailed,6,0.06,600,0.06,0\ncanceled,4,0.04,400,0.04,0\nreturned,0,0,0,0,0\n",
  "model.json":
    JSON.stringify({
      k: 2,
      names: [HOSTILE_SEGMENT, "Regular"],
      profiles: [
        { segment: 1, name: HOSTILE_SEGMENT, customers: 20, shareOfCustomers: 0.2, shareOfRevenue: 0.7, medians: {} },
        { segment: 2, name: "Regular", customers: 80, shareOfCustomers: 0.8, shareOfRevenue: 0.3, medians: {} },
      ],
    }) + "\n",
};

/**
 * A data card in the shape agreed with issue 14 (`data_card` of business_insights.json, computed by `dataCard` in
 * src/insights/data-card.ts), with hostile text in a label and a detail. A fixture for the overview's rendering.
 */
export function fixtureDataCard() {
  return {
    summary: "2,000 customers and 8,634 orders from 2023-01-01 to 2024-12-31 (24 months), in GBP.",
    period: { first: "2023-01-01", last: "2024-12-31", days: 731, months: 24 },
    currency: { code: "GBP", mixed: false, note: null },
    counts: { customers: 2000, orders: 8634, order_lines: 29871, products: 240 },
    records: [
      { key: "prices", label: "Prices", status: "recorded", detail: "every order line has a unit price" },
      { key: "order_status", label: "Order outcome", status: "partial", detail: "failed orders recorded; cancellations only as credit notes" },
      { key: "interactions", label: HOSTILE_TITLE, status: "missing", detail: HOSTILE_RECOMMENDATION },
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
  pages.forEach(([stem, title, frontMatter]) => {
    fs.writeFileSync(path.join(executedDir, `${stem}.ipynb`), JSON.stringify(fixtureNotebook(title, { frontMatter }), null, 1));
  });
  fs.writeFileSync(path.join(exportsDir, "business_insights.json"), JSON.stringify(fixtureInsights(), null, 2));
  for (const [name, content] of Object.entries(FIXTURE_EXPORTS)) fs.writeFileSync(path.join(exportsDir, name), content);
  fs.writeFileSync(path.join(exportsDir, "segments.csv"), "customer_id,segment\nC1,Champions\nC2,At risk\n");
  fs.writeFileSync(path.join(exportsDir, "lookalike.csv"), "customer_id,neighbor,score\nC1,C2,0.91\n");
  fs.writeFileSync(path.join(exportsDir, "chart_revenue_by_product.csv"), "product,revenue\nMug,120\n");
  fs.writeFileSync(path.join(exportsDir, "model.parquet"), "not offered as a download");
  fs.writeFileSync(path.join(figuresDir, "revenue.svg"), `<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"></svg>`);
  return { dir, executedDir, exportsDir, figuresDir, outDir: path.join(dir, "_site") };
}
