import { describe, expect, it } from "vitest";
import { InputError } from "../../src/util/errors.js";
import {
  escapeMarkdown,
  evidenceHtml,
  evidenceUnit,
  formatBytes,
  formatFindingValue,
  formatValue,
  overviewHtml,
  overviewQmd,
  parseInsights,
} from "../../src/report/overview.js";
import { fixtureInsights, HOSTILE_RECOMMENDATION, HOSTILE_TITLE } from "./fixtures.js";

const pages = [{ href: "notebooks/executed/01-eda.html", source: "notebooks/executed/01-eda.ipynb", title: "Exploring [orders]" }];
const downloads = [{ href: "downloads/segments.csv", name: "segments.csv", bytes: 1530 }];

describe("overview", () => {
  const insights = parseInsights(fixtureInsights());
  const html = overviewHtml(insights, pages, downloads);

  it("shows every finding's title, value and recommendation, escaped", () => {
    expect(html).toContain("&lt;script&gt;window.__xss=1&lt;/script&gt;Top customers");
    expect(html).toContain("&lt;img src=x onerror=window.__xss=2&gt; retain them");
    expect(html).not.toContain(HOSTILE_TITLE);
    expect(html).not.toContain(HOSTILE_RECOMMENDATION);
    expect(html).not.toMatch(/<script|<img/i);
    expect(html).toContain('<p class="finding-value">62.5%</p>');
    expect(html).toContain('<p class="finding-value">7.1%</p>');
  });
  it("formats evidence whose key names a share or money, in the file's currency; other numbers with separators", () => {
    expect(html).toContain("<dt>share</dt><dd>62.5%</dd>");
    expect(html).toContain("<dt>top_revenue</dt><dd>£75,000</dd>");
    expect(html).toContain("<dt>customers</dt><dd>1,200</dd>");
    expect(html).toContain("<dt>failed_share</dt><dd>7.1%</dd>");
  });
  it("states the dataset and counts the findings", () => {
    expect(html).toContain("Dataset: <strong>synthetic</strong>. 2 findings");
  });
  it("links the pages and the downloads with sizes", () => {
    expect(html).toContain('<a href="notebooks/executed/01-eda.html">Exploring [orders]</a>');
    expect(html).toContain('<a href="downloads/segments.csv" download>segments.csv</a> <span class="size">(1.5 kB)</span>');
  });
  it("evidence objects become a definition list", () => {
    expect(evidenceHtml({ share: 0.5, "<b>": "x" })).toBe('<dl class="evidence"><div><dt>share</dt><dd>50.0%</dd></div><div><dt>&lt;b&gt;</dt><dd>x</dd></div></dl>');
    expect(evidenceHtml(undefined)).toBe("");
    expect(evidenceHtml({ lost_value: null })).toBe('<dl class="evidence"><div><dt>lost_value</dt><dd>not recorded</dd></div></dl>');
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
    // a file written before units existed: shown as before
    expect(formatFindingValue(0.9257, undefined)).toBe("0.9257");
  });
  it("evidence keys that make the unit obvious", () => {
    expect(["share", "repeat_share", "share_of_revenue", "lost_share_of_value", "conversion", "retention"].map(evidenceUnit)).toEqual(Array(6).fill("share"));
    expect(["revenue", "lost_value", "aov", "revenue_per_customer", "predicted_total", "at_risk_historical_value"].map(evidenceUnit)).toEqual(Array(6).fill("money"));
    expect(["horizon_days", "days"].map(evidenceUnit)).toEqual(["days", "days"]);
    expect(["customers", "orders", "value_index", "peak_to_mean", "shared"].map(evidenceUnit)).toEqual(Array(5).fill(undefined));
  });
  it("formats numbers and sizes", () => {
    expect(formatValue(1234567.891)).toBe("1,234,567.891");
    expect(formatValue(0.123456)).toBe("0.1235");
    expect(formatValue("12%")).toBe("12%");
    expect(formatBytes(999)).toBe("999 B");
    expect(formatBytes(1500)).toBe("1.5 kB");
    expect(formatBytes(2_500_000)).toBe("2.5 MB");
  });
  it("rejects insights of the wrong shape with an InputError naming the file", () => {
    expect(() => parseInsights({ dataset: "x" }, "b.json")).toThrow(InputError);
    expect(() => parseInsights({ dataset: "x", findings: [{ id: "a", title: "t", value: {}, recommendation: "r" }] }, "b.json")).toThrow(/b\.json: findings\[0\]\.value/);
    expect(() => parseInsights({ dataset: "x", findings: [{ id: "a", title: "t", value: 1, unit: "kg", recommendation: "r" }] }, "b.json")).toThrow(/findings\[0\]\.unit is not one of/);
    expect(() => parseInsights({ dataset: "x", currency: 3, findings: [] }, "b.json")).toThrow(/"currency"/);
  });
});

describe("index.qmd", () => {
  const qmd = overviewQmd(parseInsights(fixtureInsights()), pages, downloads, "Case study");
  it("has front matter, markdown headings for the toc and links to notebook sources", () => {
    expect(qmd.startsWith('---\ntitle: "Case study"\n')).toBe(true);
    expect(qmd).toContain("\n## Headline findings\n");
    expect(qmd).toContain("1. [Exploring \\[orders\\]](notebooks/executed/01-eda.ipynb)");
  });
  it("keeps data inside escaped raw HTML blocks that data cannot close", () => {
    const hostile = parseInsights({ dataset: "x", findings: [{ id: "a", title: "t\n```\n[x](javascript:alert(1))", value: 1, recommendation: "r" }] });
    const q = overviewQmd(hostile, [], [], "S");
    expect(q).toContain("t\n&#96;&#96;&#96;\n[x](javascript:alert(1))");
    expect(q.match(/^```$/gm)).toHaveLength(3);
  });
  it("markdown escaping leaves letters alone and escapes punctuation", () => {
    expect(escapeMarkdown("a*b [c](d)")).toBe("a\\*b \\[c\\]\\(d\\)");
  });
});
