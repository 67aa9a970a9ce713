/**
 * The overview page (site root), generated from `business_insights.json`: headline findings with their values,
 * evidence and recommendations, links to the notebook pages and the downloads. Every number on it comes from
 * the data or from the files (counts, sizes); every string from the data is escaped with `escapeHtml`.
 * Pure functions; the same fragment is the body of the preview's `index.html` and a raw HTML block of the
 * Quarto `index.qmd`.
 */
import { escapeHtml } from "../util/html.js";
import { InputError } from "../util/errors.js";
import { formatCount, formatMoney, formatPct } from "../insights/format.js";
import { FINDING_UNITS, type FindingUnit } from "../insights/types.js";

/** One finding of `business_insights.json` (schema: schemas/business_insights.schema.json). */
export interface Finding {
  id: string;
  title: string;
  value: number | string;
  /** "lower" when value is a lower bound (shown as "at least …"). */
  bound?: "lower";
  /** What `value` measures; required by the schema, absent only in files written before it existed (shown unformatted). */
  unit?: FindingUnit;
  evidence?: unknown;
  recommendation: string;
}

/** The data card of `business_insights.json` (see `dataCard` in src/insights/data-card.ts); only the rendered fields. */
export interface DataCardView {
  summary: string;
  records: { key: string; label: string; status: "recorded" | "partial" | "missing"; detail: string }[];
}

/** The content of `business_insights.json`. */
export interface BusinessInsights {
  dataset: string;
  /** ISO code of the money values; null (or absent in older files) when unknown. */
  currency?: string | null;
  /** What the store records and lacks; absent in files written before it existed. */
  data_card?: DataCardView;
  findings: Finding[];
}

/** A notebook page as the overview links to it. */
export interface PageLink {
  /** Site-relative path, e.g. `notebooks/executed/01-eda.html`. */
  href: string;
  /** The notebook's source path relative to the project root (Quarto links to sources), e.g. `notebooks/executed/01-eda.ipynb`. */
  source: string;
  title: string;
}

/** A downloadable file as the overview lists it. */
export interface DownloadLink {
  /** Site-relative path, e.g. `downloads/segments.csv`. */
  href: string;
  name: string;
  /** Size in bytes. */
  bytes: number;
}

const NUMBER = new Intl.NumberFormat("en-US", { maximumFractionDigits: 4 });

/**
 * Checks the shape of parsed `business_insights.json` and returns it typed; throws `InputError` naming the file
 * and the first problem.
 */
export function parseInsights(value: unknown, file = "business_insights.json"): BusinessInsights {
  const fail = (what: string): never => {
    throw new InputError(`${what} (expected {"dataset": string, "findings": [{"id","title","value","evidence","recommendation"}]})`, { file });
  };
  if (typeof value !== "object" || value === null) return fail("not a JSON object");
  const v = value as Record<string, unknown>;
  if (typeof v.dataset !== "string") fail(`"dataset" is not a string`);
  if (v.currency !== undefined && v.currency !== null && typeof v.currency !== "string") fail(`"currency" is neither a string nor null`);
  if (!Array.isArray(v.findings)) return fail(`"findings" is not an array`);
  v.findings.forEach((f, i) => {
    if (typeof f !== "object" || f === null) fail(`findings[${i}] is not an object`);
    const r = f as Record<string, unknown>;
    for (const key of ["id", "title", "recommendation"]) {
      if (typeof r[key] !== "string") fail(`findings[${i}].${key} is not a string`);
    }
    if (typeof r.value !== "string" && typeof r.value !== "number") fail(`findings[${i}].value is neither a number nor a string`);
    if (r.unit !== undefined && !FINDING_UNITS.includes(r.unit as FindingUnit)) fail(`findings[${i}].unit is not one of ${FINDING_UNITS.join(", ")}`);
  });
  return value as BusinessInsights;
}

/** A value as text: numbers with en-US separators and at most 4 decimals, anything else as a string. */
export function formatValue(value: unknown): string {
  if (typeof value === "number") return Number.isFinite(value) ? NUMBER.format(value) : String(value);
  if (value === null || value === undefined) return "";
  return typeof value === "object" ? JSON.stringify(value) : String(value);
}

/**
 * A finding's value as text by its unit: money with the currency's symbol or code (`formatMoney`), a share as a
 * percentage with one decimal, a count with thousands separators, days as "N days"; text, string values and a
 * missing unit as `formatValue` shows them.
 * @example formatFindingValue(0.9257, "share"); // => "92.6%"
 * @example formatFindingValue(1234.5, "money", "GBP"); // => "£1,234.50"
 */
export function formatFindingValue(value: unknown, unit: FindingUnit | undefined, currency: string | null = null): string {
  if (typeof value !== "number" || !Number.isFinite(value)) return formatValue(value);
  const digits = Number.isInteger(value) ? 0 : 1;
  switch (unit) {
    case "money":
      return formatMoney(value, currency);
    case "share":
      return formatPct(value);
    case "count":
      return formatCount(value, digits);
    case "days":
      return `${formatCount(value, digits)} ${value === 1 ? "day" : "days"}`;
    default:
      return formatValue(value);
  }
}

/**
 * The unit an evidence key makes obvious: "share" for keys with a `share` word or named `conversion` /
 * `retention`; "money" for keys ending in `revenue`, `value`, `aov` or `clv` or starting with `revenue_` /
 * `predicted_`; "days" for keys ending in `_days`; undefined otherwise (shown as a plain number).
 */
export function evidenceUnit(key: string): FindingUnit | undefined {
  if (/(^|_)share(_|$)/.test(key) || key === "conversion" || key === "retention") return "share";
  if (/(^|_)(revenue|value|aov|clv)$/.test(key) || /^(revenue|predicted)_/.test(key)) return "money";
  if (/(^|_)days$/.test(key)) return "days";
  return undefined;
}

/** File size for people: bytes, kB or MB (base 1000, one decimal). */
export function formatBytes(bytes: number): string {
  if (bytes < 1000) return `${bytes} B`;
  if (bytes < 1_000_000) return `${(bytes / 1000).toFixed(1)} kB`;
  return `${(bytes / 1_000_000).toFixed(1)} MB`;
}

/**
 * Evidence as escaped HTML: an object becomes a `<dl>` of its keys and values (numbers formatted by the unit
 * their key makes obvious, see `evidenceUnit`; money in `currency`; null as "not recorded"), a list a `<ul>`,
 * anything else text.
 */
export function evidenceHtml(evidence: unknown, currency: string | null = null): string {
  if (evidence === null || evidence === undefined) return "";
  if (Array.isArray(evidence)) {
    return `<ul class="evidence">${evidence.map((e) => `<li>${escapeHtml(formatValue(e))}</li>`).join("")}</ul>`;
  }
  if (typeof evidence === "object") {
    const rows = Object.entries(evidence as Record<string, unknown>)
      .map(([k, v]) => `<div><dt>${escapeHtml(k)}</dt><dd>${escapeHtml(v === null ? "not recorded" : formatFindingValue(v, evidenceUnit(k), currency))}</dd></div>`)
      .join("");
    return `<dl class="evidence">${rows}</dl>`;
  }
  return `<p class="evidence">${escapeHtml(formatValue(evidence))}</p>`;
}

/** One finding as an escaped `<article>` card; value and evidence formatted by unit, money in `currency`. */
export function findingHtml(f: Finding, currency: string | null = null): string {
  return [
    `<article class="finding" id="finding-${escapeHtml(f.id)}">`,
    `<h3 class="finding-title">${escapeHtml(f.title)}</h3>`,
    `<p class="finding-value">${f.bound === "lower" ? "at least " : ""}${escapeHtml(formatFindingValue(f.value, f.unit, currency))}</p>`,
    evidenceHtml(f.evidence, currency),
    `<p class="finding-recommendation"><strong>Recommendation:</strong> ${escapeHtml(f.recommendation)}</p>`,
    `</article>`,
  ].join("\n");
}

/** The lead paragraph: dataset and number of findings. */
export function overviewLeadHtml(insights: BusinessInsights): string {
  const n = insights.findings.length;
  return `<p class="lead">Dataset: <strong>${escapeHtml(insights.dataset)}</strong>. ${NUMBER.format(n)} finding${n === 1 ? "" : "s"}, each with the numbers behind it and a recommendation.</p>`;
}

/** The findings as a grid of cards. */
export function findingsHtml(insights: BusinessInsights): string {
  const currency = insights.currency ?? null;
  return `<div class="findings">\n${insights.findings.map((f) => findingHtml(f, currency)).join("\n")}\n</div>`;
}

const RECORD_WORDS = { recorded: "recorded", partial: "partly recorded", missing: "not recorded" } as const;

/** The data card (summary and what is recorded, partly recorded or not recorded), escaped; "" without one. */
export function dataCardHtml(insights: BusinessInsights): string {
  const card = insights.data_card;
  if (!card || typeof card.summary !== "string" || !Array.isArray(card.records)) return "";
  const items = card.records.map(
    (r) => `<li class="record record-${escapeHtml(r.status)}"><strong>${escapeHtml(r.label)}</strong> (${escapeHtml(RECORD_WORDS[r.status] ?? r.status)}): ${escapeHtml(r.detail)}</li>`,
  );
  return `<div class="data-card"><p>${escapeHtml(card.summary)}</p>\n<ul class="data-card-records">\n${items.join("\n")}\n</ul></div>`;
}

/** The notebook pages as a list of links (`prefix` is prepended to each href). */
export function pagesHtml(pages: PageLink[], prefix = ""): string {
  const items = pages.map((p) => `<li><a href="${escapeHtml(prefix + p.href)}">${escapeHtml(p.title)}</a></li>`);
  return `<ol class="pages">\n${items.join("\n")}\n</ol>`;
}

/** The downloads as a list of links with sizes. */
export function downloadsHtml(downloads: DownloadLink[], prefix = ""): string {
  if (downloads.length === 0) return `<p>No exports were found to download.</p>`;
  const items = downloads.map(
    (d) =>
      `<li><a href="${escapeHtml(prefix + d.href)}" download>${escapeHtml(d.name)}</a> <span class="size">(${formatBytes(d.bytes)})</span></li>`,
  );
  return `<ul class="downloads">\n${items.join("\n")}\n</ul>`;
}

/** The overview's sections, as (heading, HTML) pairs, in page order. */
export function overviewSections(insights: BusinessInsights, pages: PageLink[], downloads: DownloadLink[]) {
  const card = dataCardHtml(insights);
  return [
    ...(card ? [{ id: "data-card", heading: "What the data record", html: card }] : []),
    { id: "headline-findings", heading: "Headline findings", html: findingsHtml(insights) },
    { id: "pages", heading: "The analysis, page by page", html: pagesHtml(pages) },
    { id: "downloads", heading: "Downloads", html: downloadsHtml(downloads) },
  ];
}

/** The overview body for the preview renderer: lead paragraph and sections with `<h2>` headings. */
export function overviewHtml(insights: BusinessInsights, pages: PageLink[], downloads: DownloadLink[]): string {
  const sections = overviewSections(insights, pages, downloads).map(
    (s) => `<section id="${s.id}">\n<h2>${escapeHtml(s.heading)}</h2>\n${s.html}\n</section>`,
  );
  return [overviewLeadHtml(insights), ...sections].join("\n");
}

/** The overview's table of contents (links to its sections), as a `<ul>`. */
export function overviewTocHtml(insights?: BusinessInsights): string {
  const items = [
    ...(insights && dataCardHtml(insights) ? [["data-card", "What the data record"]] : []),
    ["headline-findings", "Headline findings"],
    ["pages", "The analysis, page by page"],
    ["downloads", "Downloads"],
  ].map(([id, text]) => `<li><a href="#${id}">${escapeHtml(text)}</a></li>`);
  return `<ul>\n${items.join("\n")}\n</ul>`;
}

/** Text escaped for Pandoc/Quarto markdown: every ASCII punctuation character backslash-escaped. */
export function escapeMarkdown(text: string): string {
  return text.replace(/[\\`*_{}[\]()#+\-.!<>|~"'$&@:;=?^%,/]/g, (c) => "\\" + c);
}

/**
 * The Quarto source of the overview (`index.qmd`): front matter, markdown headings (so Quarto's toc lists them),
 * the page links as markdown links to the notebook sources (Quarto rewrites them to the rendered pages), and the
 * data-driven parts as raw HTML blocks (```` ```{=html} ````), escaped like the preview's.
 */
export function overviewQmd(insights: BusinessInsights, pages: PageLink[], downloads: DownloadLink[], siteTitle: string): string {
  // Backticks as entities too, so no text from the data can close the raw block.
  const raw = (html: string) => "```{=html}\n" + html.replace(/`/g, "&#96;") + "\n```";
  const yamlString = (s: string) => JSON.stringify(escapeMarkdown(s));
  const pageLinks = pages.map((p, i) => `${i + 1}. [${escapeMarkdown(p.title)}](${encodeURI(p.source)})`).join("\n");
  return [
    "---",
    `title: ${yamlString(siteTitle)}`,
    `subtitle: ${yamlString(`Overview of the ${insights.dataset} dataset`)}`,
    "# Generated by `casestudy render` from report/exports/business_insights.json: edit the code, not this file.",
    "---",
    "",
    raw(overviewLeadHtml(insights)),
    "",
    ...(dataCardHtml(insights) ? ["## What the data record", "", raw(dataCardHtml(insights)), ""] : []),
    "## Headline findings",
    "",
    raw(findingsHtml(insights)),
    "",
    "## The analysis, page by page",
    "",
    pageLinks,
    "",
    "## Downloads",
    "",
    raw(downloadsHtml(downloads)),
    "",
  ].join("\n");
}
