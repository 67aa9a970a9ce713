import { describe, expect, it } from "vitest";
import { EVIDENCE_LABELS } from "../../src/insights/labels.js";
import { InputError } from "../../src/util/errors.js";
import {
  dataCardHtml,
  escapeMarkdown,
  evidenceHtml,
  evidenceUnit,
  findingHtml,
  formatBytes,
  formatFindingValue,
  formatValue,
  overviewQmd,
  parseInsights,
  type PageLink,
} from "../../src/report/overview.js";
import type { OverviewData } from "../../src/report/overview-data.js";
import { fixtureDataCard, fixtureInsights, HOSTILE_RECOMMENDATION, HOSTILE_SEGMENT, HOSTILE_TITLE } from "./fixtures.js";

const pages: PageLink[] = [
  { href: "notebooks/executed/01-eda.html", source: "notebooks/executed/01-eda.ipynb", title: "Exploring [orders]", labels: ["fig-revenue-month", "fig-order-status"] },
  { href: "notebooks/executed/02-segmentation.html", source: "notebooks/executed/02-segmentation.ipynb", title: "Segments", labels: [] },
];
const downloads = [{ href: "downloads/segments.csv", name: "segments.csv", bytes: 1530 }];
const data: OverviewData = {
  revenueByMonth: [
    { month: "2024-01", revenue: 1000 },
    { month: "2024-02", revenue: 3000 },
    { month: "2024-03", revenue: 2000 },
  ],
  orderStatus: [
    { status: "completed", orders: 90, share: 0.9, value: 9000 },
    { status: "failed", orders: 6, share: 0.06, value: 600 },
    { status: "canceled", orders: 4, share: 0.04, value: 400 },
  ],
  segments: [
    { segment: 1, name: HOSTILE_SEGMENT, customers: 20, shareOfCustomers: 0.2, shareOfRevenue: 0.7 },
    { segment: 2, name: "Regular", customers: 80, shareOfCustomers: 0.8, shareOfRevenue: 0.3 },
  ],
};
/** The HTML of the raw blocks of a qmd (what reaches the page), without the chart scripts. */
const htmlOf = (qmd: string) => [...qmd.matchAll(/^(`{3,})\{=html\}\n([\s\S]*?)\n\1$/gm)].map((m) => m[2]).join("\n").replace(/<script>[\s\S]*?<\/script>/g, "");

describe("the overview (index.qmd)", () => {
  const insights = parseInsights({ ...fixtureInsights(), data_card: fixtureDataCard() });
  const qmd = overviewQmd(insights, pages, downloads, "Case study", data);
  const html = htmlOf(qmd);

  it("has front matter, the sections as markdown headings for the toc, and links to notebook sources", () => {
    // YAML strings are markdown for Quarto: punctuation arrives backslash-escaped (JSON-quoted in the YAML)
    expect(qmd.startsWith('---\ntitle: "Case study"\nsubtitle: "What the synthetic data says\\\\, in one minute"\n')).toBe(true);
    expect(qmd.match(/^## .*$/gm)).toEqual(["## In one minute", "## What the data records", "## Headline findings", "## The analysis, page by page", "## Downloads"]);
    expect(qmd).toContain("1. [Exploring \\[orders\\]](notebooks/executed/01-eda.ipynb)");
  });
  it("leads with the data card's summary and lists what the data records, with a status each", () => {
    expect(html).toContain('<p class="lead data-card-summary">2,000 customers and 8,634 orders from 2023-01-01 to 2024-12-31 (24 months), in GBP.</p>');
    expect(html).toContain('<li class="record record-recorded"><span class="record-status">Recorded</span> <strong class="record-label">Prices</strong>');
    expect(html).toContain('<li class="record record-partial"><span class="record-status">In part</span> <strong class="record-label">Order outcome</strong>');
    expect(html).toContain('<li class="record record-missing"><span class="record-status">Not recorded</span>');
  });
  it("without a data card: no data-card section, a lead naming the dataset", () => {
    const q = overviewQmd(parseInsights(fixtureInsights()), pages, downloads, "S", data);
    expect(q).not.toContain("## What the data records");
    expect(q).not.toContain("data-card");
    expect(htmlOf(q)).toContain("Dataset: <strong>synthetic</strong>. 4 findings");
    expect(dataCardHtml(undefined)).toBe("");
  });
  it("draws the three headline charts with their takeaways, linking to the notebook figure when the page has it", () => {
    expect(html).toContain('<h3 class="headline-heading">Revenue over time</h3>');
    expect(html).toContain('<p class="headline-takeaway">Revenue peaked in February 2024 at £3,000.00, 1.5× the average month (£2,000.00), over 3 months.</p>');
    expect(html).toContain('<p class="headline-takeaway">Of 100 orders, 6 (6.0%) failed (£600.00) and 4 (4.0%) were canceled (£400.00).</p>');
    expect(html).toContain('<div id="headline-chart-revenue" class="vega-chart"></div>');
    expect(html).not.toContain("headline-note"); // the fixture's period covers whole months
    expect(html).toContain('<a href="notebooks/executed/01-eda.html#fig-revenue-month">More in Exploration →</a>');
    expect(html).toContain('<a href="notebooks/executed/01-eda.html#fig-order-status">More in Exploration →</a>');
    expect(html).not.toContain("02-segmentation.html#"); // that page has no fig-segment-sizes
    expect(qmd.match(/window\.vegaEmbed\(/g)).toHaveLength(3);
  });
  it("notes a partial month under the revenue chart when the data card's period says so", () => {
    const card = { ...fixtureDataCard(), period: { first: "2024-01-01", last: "2024-03-15", days: 75, months: 3 } };
    const q = htmlOf(overviewQmd(parseInsights({ ...fixtureInsights(), data_card: card }), pages, downloads, "S", data));
    expect(q).toContain('<p class="headline-note">March 2024 is partial: the data ends on 2024-03-15.</p>');
  });
  it("draws no chart whose finding is absent, and no 'In one minute' section when none is left", () => {
    const only = parseInsights({ ...fixtureInsights(), findings: fixtureInsights().findings.filter((f) => f.id !== "peak_month") });
    expect(htmlOf(overviewQmd(only, pages, downloads, "S", data))).not.toContain("Revenue over time");
    const none = parseInsights({ ...fixtureInsights(), findings: [fixtureInsights().findings[0]] });
    expect(overviewQmd(none, pages, downloads, "S", data)).not.toContain("## In one minute");
  });
  it("shows every finding's value, title and recommendation, escaped, and never a raw evidence key", () => {
    expect(html).toContain("&lt;script&gt;window.__xss=1&lt;/script&gt;Top customers");
    expect(html).toContain("&lt;img src=x onerror=window.__xss=2&gt; retain them");
    expect(html).not.toContain(HOSTILE_TITLE);
    expect(html).not.toContain(HOSTILE_RECOMMENDATION);
    expect(html).not.toContain(HOSTILE_SEGMENT);
    expect(html).not.toMatch(/<img|<script|<b /i);
    expect(html).toContain('<p class="finding-value">62.5%</p>');
    for (const key of ["mean_monthly_revenue", "lost_orders_without_lines", "top_revenue", "failed_share", "share_of_customers"]) {
      expect(html, key).not.toContain(`>${key}<`);
    }
    expect(html).toContain("<dt>Average monthly revenue</dt><dd>£2,000.00</dd>");
    expect(html).toContain("<dt>Top 20%&#39;s share of revenue</dt><dd>62.5%</dd>");
    expect(html).toContain("<dt>Lost orders without order lines</dt><dd>0</dd>");
  });
  it("no text from the data can close a raw block (fences are longer than any backtick run)", () => {
    const hostile = parseInsights({ dataset: "x", findings: [{ id: "a", title: "t\n````\n[x](javascript:alert(1))", value: 1, recommendation: "r" }] });
    const q = overviewQmd(hostile, [], [], "S");
    const fences = q.match(/^`{3,}/gm) ?? [];
    expect(fences.filter((f) => f.length === 5)).toHaveLength(2); // the findings block: longer than the 4 inside
    expect(htmlOf(q)).toContain("t\n````\n[x](javascript:alert(1))");
  });
  it("lists the downloads with sizes", () => {
    expect(html).toContain('<a href="downloads/segments.csv" download>segments.csv</a> <span class="size">(1.5 kB)</span>');
  });
});

describe("findings and evidence", () => {
  it("a finding card: value, title, recommendation, and the numbers behind it folded, under human labels", () => {
    const card = findingHtml({ id: "peak_month", title: "Peak", value: "2024-11", unit: "text", evidence: { peak_revenue: 5, peak_to_mean: 2.1 }, recommendation: "Plan." }, "GBP");
    expect(card).toBe(
      [
        '<article class="finding" id="finding-peak_month">',
        '<p class="finding-value">2024-11</p>',
        '<h3 class="finding-title">Peak</h3>',
        '<p class="finding-recommendation"><strong>Recommendation:</strong> Plan.</p>',
        '<details class="finding-evidence"><summary>The numbers behind it</summary><dl class="evidence"><div><dt>Revenue in the peak month</dt><dd>£5.00</dd></div><div><dt>Peak month ÷ average month</dt><dd>2.1</dd></div></dl></details>',
        "</article>",
      ].join("\n"),
    );
  });
  it("evidence: labels, units, not recorded, escaping; an unlabelled key reads as words, never as the key", () => {
    expect(evidenceHtml({ share: 0.5, "<b>_x": "y" })).toBe('<dl class="evidence"><div><dt>Share</dt><dd>50.0%</dd></div><div><dt>&lt;b&gt; x</dt><dd>y</dd></div></dl>');
    expect(evidenceHtml({ lost_value: null })).toBe('<dl class="evidence"><div><dt>Value not collected</dt><dd>not recorded</dd></div></dl>');
    expect(evidenceHtml({ brand_new_key: 3 })).toBe('<dl class="evidence"><div><dt>Brand new key</dt><dd>3</dd></div></dl>');
    expect(evidenceHtml(undefined)).toBe("");
    expect(Object.keys(EVIDENCE_LABELS).length).toBeGreaterThan(50);
  });
  it("a finding's value is formatted by its unit", () => {
    expect(formatFindingValue(0.9257, "share")).toBe("92.6%");
    expect(formatFindingValue(1234.5, "money", "GBP")).toBe("£1,234.50");
    expect(formatFindingValue(6261234.5, "money", "GBP")).toBe("£6.26M");
    expect(formatFindingValue(1234.5, "money", null)).toBe("1,234.50");
    expect(formatFindingValue(12345, "count")).toBe("12,345");
    expect(formatFindingValue(30, "days")).toBe("30 days");
    expect(formatFindingValue(1, "days")).toBe("1 day");
    expect(formatFindingValue("2011-11", "text")).toBe("2011-11");
    expect(formatFindingValue(0.9257, undefined)).toBe("0.9257");
  });
  it("evidence keys that make the unit obvious", () => {
    expect(["share", "repeat_share", "share_of_revenue", "lost_share_of_value", "conversion", "retention", "ratio_to_best"].map(evidenceUnit)).toEqual(Array(7).fill("share"));
    expect(["revenue", "lost_value", "aov", "revenue_per_customer", "predicted_total", "at_risk_historical_value"].map(evidenceUnit)).toEqual(Array(6).fill("money"));
    expect(["horizon_days", "days"].map(evidenceUnit)).toEqual(["days", "days"]);
    expect(["customers", "orders", "value_index", "peak_to_mean", "shared"].map(evidenceUnit)).toEqual(Array(5).fill(undefined));
  });
  it("formats numbers and sizes", () => {
    expect(formatValue(1234567.891)).toBe("1,234,567.891");
    expect(formatValue(0.123456)).toBe("0.1235");
    expect(formatBytes(999)).toBe("999 B");
    expect(formatBytes(1500)).toBe("1.5 kB");
    expect(formatBytes(2_500_000)).toBe("2.5 MB");
  });
  it("markdown escaping leaves letters alone and escapes punctuation", () => {
    expect(escapeMarkdown("a*b [c](d)")).toBe("a\\*b \\[c\\]\\(d\\)");
  });
});

describe("parseInsights", () => {
  it("rejects insights of the wrong shape with an InputError naming the file", () => {
    expect(() => parseInsights({ dataset: "x" }, "b.json")).toThrow(InputError);
    expect(() => parseInsights({ dataset: "x", findings: [{ id: "a", title: "t", value: {}, recommendation: "r" }] }, "b.json")).toThrow(/b\.json: findings\[0\]\.value/);
    expect(() => parseInsights({ dataset: "x", findings: [{ id: "a", title: "t", value: 1, unit: "kg", recommendation: "r" }] }, "b.json")).toThrow(/findings\[0\]\.unit is not one of/);
    expect(() => parseInsights({ dataset: "x", currency: 3, findings: [] }, "b.json")).toThrow(/"currency"/);
  });
  it("checks the data card's rendered fields when there is one", () => {
    const card = fixtureDataCard();
    expect(parseInsights({ dataset: "x", findings: [], data_card: card }).data_card?.records).toHaveLength(3);
    expect(() => parseInsights({ dataset: "x", findings: [], data_card: { ...card, summary: 3 } })).toThrow(/data_card\.summary/);
    expect(() => parseInsights({ dataset: "x", findings: [], data_card: { ...card, records: [{ ...card.records[0], status: "maybe" }] } })).toThrow(
      /data_card\.records\[0\]\.status is not one of recorded, partial, missing/,
    );
  });
});

describe("the overview's inputs and caveats", () => {
  it("reads orders without lines from order_status.csv (absent column: 0) and the caveated findings from sufficiency", async () => {
    const fs = await import("node:fs");
    const os = await import("node:os");
    const path = await import("node:path");
    const { readOverviewData } = await import("../../src/report/overview-data.js");
    const { findingCaveats } = await import("../../src/report/overview.js");
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "overview-data-"));
    fs.writeFileSync(path.join(dir, "order_status.csv"), "status,orders,share,value,value_is,orders_without_lines\ncompleted,3,0.75,30,lower bound,1\nfailed,1,0.25,,unknown,1\n");
    expect(readOverviewData(dir).orderStatus).toEqual([
      { status: "completed", orders: 3, share: 0.75, value: 30, ordersWithoutLines: 1 },
      { status: "failed", orders: 1, share: 0.25, value: null, ordersWithoutLines: 1 },
    ]);
    fs.writeFileSync(path.join(dir, "order_status.csv"), "status,orders,share,value\ncompleted,3,1,30\n");
    expect(readOverviewData(dir).orderStatus).toEqual([{ status: "completed", orders: 3, share: 1, value: 30, ordersWithoutLines: 0 }]);
    fs.rmSync(dir, { recursive: true });
    const insights = parseInsights({
      ...fixtureInsights(),
      sufficiency: [
        { finding: "most_valuable_segment", status: "caveat", reason: "the segmentation is weak" },
        { finding: "peak_month", status: "omitted", reason: "revenue covers 1 calendar month" },
        { finding: "revenue_overview", status: "shown", reason: null },
      ],
    });
    expect(findingCaveats(insights)).toEqual({ most_valuable_segment: "the segmentation is weak" });
    expect(() => parseInsights({ ...fixtureInsights(), sufficiency: {} })).toThrow(/"sufficiency" is not an array/);
  });
});
