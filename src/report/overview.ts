/**
 * The overview page (site root, `index.qmd`), written for a stakeholder who reads it in one minute: the data
 * card's summary, the headline charts with their one-sentence takeaways (headlines.ts), what the data records,
 * the findings with their recommendations and, folded, the numbers behind them under human labels
 * (src/insights/labels.ts), then links to the notebook pages and the downloads. Generated from `business_insights.json` and the
 * exports; every number comes from them, every string from the data is escaped with `escapeHtml`, and the
 * data-driven parts are raw HTML blocks that no text can close. Pure functions.
 */
import { chartHtml } from "../charts/bundle.js";
import { formatCount, formatMoney, formatPct } from "../insights/format.js";
import { evidenceLabel } from "../insights/labels.js";
import { FINDING_UNITS, type FindingUnit } from "../insights/types.js";
import { escapeHtml } from "../util/html.js";
import { InputError } from "../util/errors.js";
import { HEADLINE_DETAILS, headlineCharts, type HeadlineChart } from "./headlines.js";
import { rawHtmlBlock } from "./notebook.js";
import type { OverviewData } from "./overview-data.js";
import { PAGE_LABELS } from "./site.js";

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

/** One line of the data card: what the data records about one thing (e.g. prices, countries, order status). */
export interface DataCardRecord {
  key: string;
  label: string;
  status: "recorded" | "partial" | "missing";
  detail: string;
}

/** The data card of `business_insights.json` (computed by `dataCard` in src/insights/data-card.ts); only the rendered fields are typed. */
export interface DataCard {
  summary: string;
  records: DataCardRecord[];
  /** First and last day the data records (ISO), when known. */
  period?: { first: string | null; last: string | null };
  [key: string]: unknown;
}

/** The content of `business_insights.json`. */
export interface BusinessInsights {
  dataset: string;
  /** ISO code of the money values; null (or absent in older files) when unknown. */
  currency?: string | null;
  findings: Finding[];
  /** What the data is and records; absent in files written before the data card existed. */
  data_card?: DataCard;
  /** Each finding's sufficiency verdict (src/insights/sufficiency.ts); absent in files written before it existed. */
  sufficiency?: { finding: string; status: string; reason: string | null }[];
}

/** Finding id → the reason it is shown with a caveat (sufficiency status "caveat"), for the headline charts' notes. */
export function findingCaveats(insights: BusinessInsights): Record<string, string> {
  const out: Record<string, string> = {};
  for (const s of insights.sufficiency ?? []) if (s.status === "caveat" && s.reason) out[s.finding] = s.reason;
  return out;
}

/** A notebook page as the overview links to it. */
export interface PageLink {
  /** Site-relative path, e.g. `notebooks/executed/01-eda.html`. */
  href: string;
  /** The notebook's source path relative to the project root (Quarto links to sources), e.g. `notebooks/executed/01-eda.ipynb`. */
  source: string;
  title: string;
  /** Cell labels of the notebook (e.g. `fig-revenue-month`), which are anchors on its page. Default none. */
  labels?: string[];
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
const RECORD_STATUSES = ["recorded", "partial", "missing"] as const;

/**
 * Checks the shape of parsed `business_insights.json` (including the fields of `data_card` that are rendered,
 * when present) and returns it typed; throws `InputError` naming the file and the first problem.
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
  if (v.sufficiency !== undefined) {
    if (!Array.isArray(v.sufficiency)) return fail(`"sufficiency" is not an array`);
    v.sufficiency.forEach((x, i) => {
      const r = x as Record<string, unknown>;
      if (typeof x !== "object" || x === null || typeof r.finding !== "string" || typeof r.status !== "string") fail(`sufficiency[${i}] has no "finding" and "status" strings`);
      if (r.reason !== null && r.reason !== undefined && typeof r.reason !== "string") fail(`sufficiency[${i}].reason is neither a string nor null`);
    });
  }
  if (v.data_card !== undefined && v.data_card !== null) {
    const card = v.data_card as Record<string, unknown>;
    if (typeof card !== "object") fail(`"data_card" is not an object`);
    if (typeof card.summary !== "string") fail(`data_card.summary is not a string`);
    if (!Array.isArray(card.records)) return fail(`data_card.records is not an array`);
    card.records.forEach((r, i) => {
      const rec = r as Record<string, unknown>;
      if (typeof r !== "object" || r === null || ["key", "label", "detail"].some((k) => typeof rec[k] !== "string")) {
        fail(`data_card.records[${i}] needs string key, label and detail`);
      }
      if (!RECORD_STATUSES.includes(rec.status as DataCardRecord["status"])) fail(`data_card.records[${i}].status is not one of ${RECORD_STATUSES.join(", ")}`);
    });
  }
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
 * The unit an evidence key makes obvious: "share" for keys with a `share` word, named `conversion` / `retention`
 * or `ratio_to_best`; "money" for keys ending in `revenue`, `value`, `aov` or `clv` or starting with `revenue_` /
 * `predicted_`; "days" for keys ending in `_days`; undefined otherwise (shown as a plain number).
 */
export function evidenceUnit(key: string): FindingUnit | undefined {
  if (/(^|_)share(_|$)/.test(key) || key === "conversion" || key === "retention" || key === "ratio_to_best") return "share";
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
 * Evidence as escaped HTML: an object becomes a `<dl>` of human labels (`evidenceLabel`, scoped to `findingId`
 * when given) and values (numbers formatted by the unit their key makes obvious, see `evidenceUnit`; money in
 * `currency`; null as "not recorded"), a list a `<ul>`, anything else text. Raw keys never appear.
 */
export function evidenceHtml(evidence: unknown, currency: string | null = null, findingId?: string): string {
  if (evidence === null || evidence === undefined) return "";
  if (Array.isArray(evidence)) {
    return `<ul class="evidence">${evidence.map((e) => `<li>${escapeHtml(formatValue(e))}</li>`).join("")}</ul>`;
  }
  if (typeof evidence === "object") {
    const rows = Object.entries(evidence as Record<string, unknown>)
      .map(([k, v]) => {
        const value = v === null ? "not recorded" : formatFindingValue(v, evidenceUnit(k), currency);
        return `<div><dt>${escapeHtml(evidenceLabel(k, findingId))}</dt><dd>${escapeHtml(value)}</dd></div>`;
      })
      .join("");
    return `<dl class="evidence">${rows}</dl>`;
  }
  return `<p class="evidence">${escapeHtml(formatValue(evidence))}</p>`;
}

/**
 * One finding as an escaped `<article>` card: title, value (formatted by unit, money in `currency`; "at least …"
 * when it is a lower bound), the recommendation, and the evidence folded under "The numbers behind it".
 */
export function findingHtml(f: Finding, currency: string | null = null): string {
  const evidence = evidenceHtml(f.evidence, currency, f.id);
  return [
    `<article class="finding" id="finding-${escapeHtml(f.id)}">`,
    `<p class="finding-value">${f.bound === "lower" ? "at least " : ""}${escapeHtml(formatFindingValue(f.value, f.unit, currency))}</p>`,
    `<h3 class="finding-title">${escapeHtml(f.title)}</h3>`,
    `<p class="finding-recommendation"><strong>Recommendation:</strong> ${escapeHtml(f.recommendation)}</p>`,
    evidence ? `<details class="finding-evidence"><summary>The numbers behind it</summary>${evidence}</details>` : "",
    `</article>`,
  ]
    .filter(Boolean)
    .join("\n");
}

/** The findings as a grid of cards. */
export function findingsHtml(insights: BusinessInsights): string {
  const currency = insights.currency ?? null;
  return `<div class="findings">\n${insights.findings.map((f) => findingHtml(f, currency)).join("\n")}\n</div>`;
}

/** The lead paragraph: the data card's summary when there is one, else the dataset's name and the number of findings. */
export function overviewLeadHtml(insights: BusinessInsights): string {
  if (insights.data_card) return `<p class="lead data-card-summary">${escapeHtml(insights.data_card.summary)}</p>`;
  const n = insights.findings.length;
  return `<p class="lead">Dataset: <strong>${escapeHtml(insights.dataset)}</strong>. ${NUMBER.format(n)} finding${n === 1 ? "" : "s"}, each with the numbers behind it and a recommendation.</p>`;
}

const STATUS_TEXT: Record<DataCardRecord["status"], string> = { recorded: "Recorded", partial: "In part", missing: "Not recorded" };

/** The data card's records as a list: status badge, label and detail, escaped. Empty when there is no data card. */
export function dataCardHtml(card: DataCard | undefined): string {
  if (!card) return "";
  const items = card.records.map(
    (r) =>
      `<li class="record record-${r.status}"><span class="record-status">${STATUS_TEXT[r.status]}</span> ` +
      `<strong class="record-label">${escapeHtml(r.label)}</strong> <span class="record-detail">${escapeHtml(r.detail)}</span></li>`,
  );
  return `<ul class="data-card-records">\n${items.join("\n")}\n</ul>`;
}

/** The link from a headline chart to the notebook figure it summarizes, when that page and label exist; else "". */
export function headlineDetailsHtml(chart: HeadlineChart, pages: readonly PageLink[]): string {
  const target = HEADLINE_DETAILS[chart.id];
  const page = pages.find((p) => p.href.endsWith(`/${target.stem}.html`));
  if (!page || !(page.labels ?? []).includes(target.label)) return "";
  const name = PAGE_LABELS[target.stem] ?? page.title;
  return `<p class="headline-more"><a href="${escapeHtml(`${page.href}#${target.label}`)}">More in ${escapeHtml(name)} →</a></p>`;
}

/** The headline charts as cards: heading, takeaway, chart, link to the details. Empty when there are none. */
export function headlinesHtml(charts: readonly HeadlineChart[], pages: readonly PageLink[]): string {
  if (charts.length === 0) return "";
  const cards = charts.map((c) =>
    [
      `<figure class="headline" id="headline-${c.id}">`,
      `<h3 class="headline-heading">${escapeHtml(c.heading)}</h3>`,
      `<p class="headline-takeaway">${escapeHtml(c.takeaway)}</p>`,
      chartHtml(c.spec, `headline-chart-${c.id}`),
      c.note ? `<p class="headline-note">${escapeHtml(c.note)}</p>` : "",
      headlineDetailsHtml(c, pages),
      `</figure>`,
    ]
      .filter(Boolean)
      .join("\n"),
  );
  return `<div class="headlines">\n${cards.join("\n")}\n</div>`;
}

/** The downloads as a list of links with sizes. */
export function downloadsHtml(downloads: readonly DownloadLink[], prefix = ""): string {
  if (downloads.length === 0) return `<p>No exports were found to download.</p>`;
  const items = downloads.map(
    (d) =>
      `<li><a href="${escapeHtml(prefix + d.href)}" download>${escapeHtml(d.name)}</a> <span class="size">(${formatBytes(d.bytes)})</span></li>`,
  );
  return `<ul class="downloads">\n${items.join("\n")}\n</ul>`;
}

/** Text escaped for Pandoc/Quarto markdown: every ASCII punctuation character backslash-escaped. */
export function escapeMarkdown(text: string): string {
  return text.replace(/[\\`*_{}[\]()#+\-.!<>|~"'$&@:;=?^%,/]/g, (c) => "\\" + c);
}

/**
 * The Quarto source of the overview (`index.qmd`): front matter, markdown headings (so Quarto's toc lists them),
 * the page links as markdown links to the notebook sources (Quarto rewrites them to the rendered pages), and the
 * data-driven parts as raw HTML blocks (`rawHtmlBlock`). Sections without content (no headline chart the data
 * supports, no data card) are left out.
 */
export function overviewQmd(
  insights: BusinessInsights,
  pages: readonly PageLink[],
  downloads: readonly DownloadLink[],
  siteTitle: string,
  data: OverviewData = { revenueByMonth: null, orderStatus: null, segments: null },
): string {
  const yamlString = (s: string) => JSON.stringify(escapeMarkdown(s));
  const pageLinks = pages.map((p, i) => `${i + 1}. [${escapeMarkdown(p.title)}](${encodeURI(p.source)})`).join("\n");
  const charts = headlineCharts(
    insights.findings.map((f) => f.id),
    data,
    insights.currency ?? null,
    insights.data_card?.period,
    findingCaveats(insights),
  );
  const section = (heading: string, body: string) => (body ? [`## ${heading}`, "", body, ""] : []);
  return [
    "---",
    `title: ${yamlString(siteTitle)}`,
    `subtitle: ${yamlString(`What the ${insights.dataset} data says, in one minute`)}`,
    "# Generated by `casestudy render` from report/exports: edit the code (src/report/overview.ts), not this file.",
    "---",
    "",
    rawHtmlBlock(overviewLeadHtml(insights)),
    ...section("In one minute", charts.length > 0 ? rawHtmlBlock(headlinesHtml(charts, pages)) : ""),
    ...section("What the data records", insights.data_card ? rawHtmlBlock(dataCardHtml(insights.data_card)) : ""),
    ...section("Headline findings", rawHtmlBlock(findingsHtml(insights))),
    ...section("The analysis, page by page", pageLinks),
    ...section("Downloads", rawHtmlBlock(downloadsHtml(downloads))),
  ].join("\n");
}
