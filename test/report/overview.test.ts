import { describe, expect, it } from "vitest";
import { InputError } from "../../src/util/errors.js";
import { escapeMarkdown, evidenceHtml, formatBytes, formatValue, overviewHtml, overviewQmd, parseInsights } from "../../src/report/overview.js";
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
    expect(html).toContain('<p class="finding-value">0.0712</p>');
  });
  it("states the dataset and counts the findings", () => {
    expect(html).toContain("Dataset: <strong>synthetic</strong>. 2 findings");
  });
  it("links the pages and the downloads with sizes", () => {
    expect(html).toContain('<a href="notebooks/executed/01-eda.html">Exploring [orders]</a>');
    expect(html).toContain('<a href="downloads/segments.csv" download>segments.csv</a> <span class="size">(1.5 kB)</span>');
  });
  it("evidence objects become a definition list", () => {
    expect(evidenceHtml({ share: 0.5, "<b>": "x" })).toBe('<dl class="evidence"><div><dt>share</dt><dd>0.5</dd></div><div><dt>&lt;b&gt;</dt><dd>x</dd></div></dl>');
    expect(evidenceHtml(undefined)).toBe("");
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
