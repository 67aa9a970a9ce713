/**
 * What every store's findings must satisfy, checked against the pandas referee
 * (scripts/referee/insights_bounds.py): unknown is never 0, partial sums are lower bounds with their coverage,
 * predictions refuse on short histories, markets follow the minimum-size rule, every evidence key has a label.
 */
import { execFile, spawnSync } from "node:child_process";
import { promisify } from "node:util";
import fs from "node:fs";
import path from "node:path";
import Ajv from "ajv";
import { expect } from "vitest";
import { EVIDENCE_LABELS, SUFFICIENCY_THRESHOLDS, type Finding } from "../../src/insights/index.js";
import { exportFiles, caseStudyFigures, type AnalysisResult } from "../../src/pipeline/index.js";
import { projectPaths } from "../../src/paths.js";

const root = projectPaths().root;
const execFileAsync = promisify(execFile);
const python = "/usr/bin/python3";

/** True when Debian's python3 with pandas is present (the referee's interpreter). */
export const hasPandas = fs.existsSync(python) && spawnSync(python, ["-c", "import pandas"]).status === 0;
if (!hasPandas) console.warn("skipped: referee checks of the findings (Debian /usr/bin/python3 with pandas not present)");

/** A market's numbers from the referee. */
export interface RefMarket {
  revenue: number;
  customers: number;
  orders: number;
  share_of_revenue: number;
  share_of_customers: number;
}

/** The referee's output (see scripts/referee/insights_bounds.py). */
export interface Referee {
  orders: number;
  orders_with_lines: number;
  statuses: Record<string, number>;
  completed_orders: number;
  completed_orders_with_lines: number;
  completed_revenue_known: number;
  lost_orders: number;
  lost_orders_with_lines: number;
  lost_value_known: number;
  customers: number;
  customers_with_unknown_spend: number;
  repeat_buyers: number;
  /** Days from the first to the last completed order. */
  span_days: number;
  /** Days from the first to the last order, any status. */
  order_span_days: number;
  revenue_months: number;
  by_country?: Record<string, RefMarket>;
  by_region?: Record<string, RefMarket>;
  currency_tags?: Record<string, number>;
}

/**
 * Runs the referee on a source file or folder in `format` (shopsmart, three-file, online-retail, canonical), as
 * a child process that does not block the test worker while pandas works.
 */
export async function referee(format: "shopsmart" | "three-file" | "online-retail" | "canonical", input: string): Promise<Referee> {
  const script = path.join(root, "scripts", "referee", "insights_bounds.py");
  try {
    const { stdout } = await execFileAsync(python, [script, format, input], { encoding: "utf8", maxBuffer: 1 << 26 });
    return JSON.parse(stdout) as Referee;
  } catch (e) {
    throw new Error(`referee failed: ${(e as { stderr?: string }).stderr ?? String(e)}`);
  }
}

const schema = JSON.parse(fs.readFileSync(path.join(root, "schemas", "business_insights.schema.json"), "utf8"));

/** Parses a CSV export (no quoted commas in these tables) into header and rows of cells. */
export function csvRows(text: string): { header: string[]; rows: string[][] } {
  const [head, ...body] = text.trimEnd().split("\n");
  return { header: head.split(","), rows: body.map((l) => l.split(",")) };
}

/** The cells of one column of a CSV export. */
export function csvColumn(text: string, name: string): string[] {
  const { header, rows } = csvRows(text);
  const j = header.indexOf(name);
  expect(j, `column ${name}`).toBeGreaterThanOrEqual(0);
  return rows.map((r) => r[j]);
}

/** The finding with `id`, or undefined. */
export function finding(result: AnalysisResult, id: string): Finding | undefined {
  return result.insights.findings.find((f) => f.id === id);
}

/** The sufficiency entry of `id`. */
export function entry(result: AnalysisResult, id: string) {
  const e = result.insights.sufficiency.find((x) => x.finding === id);
  expect(e, `sufficiency entry ${id}`).toBeDefined();
  return e!;
}

/**
 * The points every store must satisfy (schema, labels, unknown never 0, bounds and coverage equal to the
 * referee's, prediction refusal, geography rule); `ref` from `referee` when pandas is present.
 */
export function assertHonest(result: AnalysisResult, ref: Referee | null): void {
  const files = exportFiles(result);
  const insights = JSON.parse(files["business_insights.json"]);
  const ajv = new Ajv({ allErrors: true, allowUnionTypes: true });
  expect(ajv.validate(schema, insights), JSON.stringify(ajv.errors)).toBe(true);

  // every evidence key a reader can see has a human label
  for (const f of result.insights.findings) for (const key of Object.keys(f.evidence)) expect(EVIDENCE_LABELS[key], `label of ${f.id}.${key}`).toBeDefined();

  // a finding is shown, or has a sufficiency entry saying why not; "cannot tell" findings say why in the title
  const ids = new Set(result.insights.findings.map((f) => f.id));
  for (const e of result.insights.sufficiency) {
    expect(ids.has(e.finding), `${e.finding} is ${e.status}`).toBe(e.status !== "omitted");
    if (e.status === "cannot_tell") {
      const f = finding(result, e.finding)!;
      expect(f.value).toBe("cannot tell");
      expect(f.title).toContain(e.reason!);
    }
    if (e.status === "omitted" || e.status === "cannot_tell") expect(e.reason, e.finding).toBeTruthy();
  }

  const card = result.insights.data_card;
  const record = (key: string) => card.records.find((r) => r.key === key)!;
  const c = result.store;
  const hasInteractions = c.interactions !== undefined && c.interactions.height > 0;

  // unknown is never 0: interactions not recorded → empty cells, no engagement finding, data card says so
  if (!hasInteractions) {
    expect(record("interactions").status).toBe("missing");
    for (const name of ["revenue_by_country.csv", "revenue_by_region.csv", "top_products.csv"])
      expect(new Set(csvColumn(files[name], "interactions")), name).toEqual(new Set([""]));
    expect(ids.has("engagement_spikes")).toBe(false);
    expect(ids.has("interaction_conversion")).toBe(false);
  }
  const outcome = record("order_statuses").status === "recorded";
  if (!outcome) {
    const f = finding(result, "order_failures")!;
    expect(f.value).toBe("cannot tell");
    expect(f.title).not.toMatch(/\d+\.\d%/);
    const statusCsv = csvRows(files["order_status.csv"]);
    for (const r of statusCsv.rows.filter((x) => x[0] !== "completed")) expect(r[1], `order_status.csv ${r[0]} orders`).toBe("");
    expect(caseStudyFigures(result)["order-status"]).toBeUndefined();
  }

  // predictions: refused below the documented span and repeat buyers, with null per-customer predictions
  const T = SUFFICIENCY_THRESHOLDS;
  const clv = finding(result, "predicted_clv");
  const clvCsv = files["customer_clv.csv"];
  if (clv && clv.value === "cannot tell") {
    for (const col of ["p_alive", "expected_orders", "expected_value", "predicted_clv"]) expect(new Set(csvColumn(clvCsv, col)), col).toEqual(new Set([""]));
  }

  if (!ref) return;
  // coverage and bounds against the referee
  const cov = {
    completed: ref.completed_orders,
    withLines: ref.completed_orders_with_lines,
  };
  expect(card.counts.orders).toBe(ref.orders);
  expect(outcome).toBe(Object.keys(ref.statuses).some((s) => s !== "completed"));
  expect(card.period.days!).toBeCloseTo(ref.order_span_days, 3);
  expect(record("order_lines").status).toBe(ref.orders_with_lines === ref.orders ? "recorded" : ref.orders_with_lines === 0 ? "missing" : "partial");
  const rev = finding(result, "revenue_overview");
  if (ref.completed_orders === 0) expect(rev!.value).toBe("cannot tell");
  else {
    expect(rev!.value).toBeCloseTo(ref.completed_revenue_known, 2);
    expect(rev!.evidence.completed_orders).toBe(ref.completed_orders);
    if (cov.withLines < cov.completed) {
      expect(rev!.bound).toBe("lower");
      expect(rev!.title).toMatch(/^At least /);
      expect(rev!.evidence.completed_orders_with_lines).toBe(cov.withLines);
      expect(rev!.title).toContain(`(${cov.withLines.toLocaleString("en-US")} of ${cov.completed.toLocaleString("en-US")} completed orders have lines)`);
    } else {
      expect(rev!.bound).toBeUndefined();
      expect(rev!.title).not.toMatch(/at least/i);
    }
    // the monthly table adds up to the same revenue and counts every completed order without lines
    expect(csvColumn(files["revenue_by_month.csv"], "revenue").reduce((s, v) => s + (v === "" ? 0 : Number(v)), 0)).toBeCloseTo(ref.completed_revenue_known, 1);
    expect(csvColumn(files["revenue_by_month.csv"], "orders_without_lines").reduce((s, v) => s + Number(v), 0)).toBe(cov.completed - cov.withLines);
    for (const name of ["revenue_by_country.csv", "revenue_by_region.csv"])
      expect(csvColumn(files[name], "orders_without_lines").reduce((s, v) => s + Number(v), 0), name).toBe(cov.completed - cov.withLines);
    // segments.csv says which customers' spend is a lower bound; it is never written as 0 when wholly unknown
    const segments = csvRows(files["segments.csv"]);
    if (ref.customers_with_unknown_spend > 0) {
      const j = segments.header.indexOf("orders_without_lines");
      const f = segments.header.indexOf("frequency");
      const m = segments.header.indexOf("monetary");
      expect(j).toBeGreaterThan(0);
      expect(segments.rows.filter((r) => Number(r[j]) > 0).length).toBe(ref.customers_with_unknown_spend);
      for (const r of segments.rows) expect(r[m] === "", `monetary of ${r[0]}`).toBe(Number(r[j]) >= Number(r[f]));
    } else expect(segments.header).not.toContain("orders_without_lines");
  }
  const failures = finding(result, "order_failures");
  if (outcome && failures && failures.value !== "cannot tell") {
    if (ref.lost_orders === ref.lost_orders_with_lines) expect(failures.evidence.lost_value).toBeCloseTo(ref.lost_value_known, 2);
    else expect(failures.evidence.lost_value).toBeNull();
    if (ref.lost_orders_with_lines > 0 && ref.lost_orders_with_lines < ref.lost_orders) {
      expect(failures.evidence.known_lost_value).toBeCloseTo(ref.lost_value_known, 2);
      expect(failures.title).toContain(`(${ref.lost_orders_with_lines.toLocaleString("en-US")} of ${ref.lost_orders.toLocaleString("en-US")} failed or canceled orders have lines)`);
      expect(entry(result, "order_failures").status).toBe("bound");
    }
    if (ref.lost_orders > 0 && ref.lost_orders_with_lines === 0) expect(failures.title).toContain("value not recorded");
  }
  const repeat = finding(result, "repeat_buyers");
  if (repeat && repeat.value !== "cannot tell") expect(repeat.evidence.repeat).toBe(ref.repeat_buyers);
  if (ref.span_days < T.clvMinSpanDays || ref.repeat_buyers < T.clvMinRepeatBuyers || ref.customers < T.clvMinCustomers) {
    expect(clv!.value, "predicted_clv refuses").toBe("cannot tell");
  } else if (clv && typeof clv.value === "number") {
    // no prediction above the plausibility rule goes unflagged
    const ratio = clv.evidence.predicted_to_recent_ratio as number;
    if (ratio > T.clvMaxToRecentRevenue) expect(clv.title).toContain("flagged");
  }

  // geography: the level recorded, the minimum-size rule, the top market by revenue and its share
  const level = card.records.find((r) => r.key === "geography")!.detail.startsWith("region") ? "region" : "country";
  const markets = level === "region" ? ref.by_region : ref.by_country;
  const eligible = Object.entries(markets ?? {}).filter(
    ([name, m]) => name !== "Unknown" && (m.share_of_customers >= T.marketMinCustomerShare || m.orders >= T.marketMinOrders) && m.customers >= T.marketMinCustomers,
  );
  const top = finding(result, "top_market");
  if (eligible.length >= T.minEligibleMarkets && record("geography").status !== "missing") {
    expect(top, "top_market shown").toBeDefined();
    const [name, m] = eligible.sort((a, b) => b[1].revenue - a[1].revenue || (a[0] < b[0] ? -1 : 1))[0];
    expect(top!.value).toBe(name);
    expect(top!.evidence.level).toBe(level);
    expect(top!.evidence.share_of_revenue).toBeCloseTo(m.share_of_revenue, 4);
  } else {
    expect(top, "top_market omitted").toBeUndefined();
    expect(finding(result, "best_market")).toBeUndefined();
    expect(finding(result, "worst_market")).toBeUndefined();
  }
  if (ref.currency_tags && Object.keys(ref.currency_tags).length > 1) {
    expect(card.currency.mixed).toBe(true);
    for (const f of result.insights.findings.filter((x) => x.unit === "money" && typeof x.value === "number")) expect(f.title).toContain("(mixed currencies)");
  }
}
