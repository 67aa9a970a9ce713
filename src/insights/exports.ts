/** Chart tables for CSV export: header plus columns, money rounded to cents and shares to 4 decimals. */
import type pl from "nodejs-polars";
import { hasTable } from "../data/model.js";
import { cohortRetention } from "./cohorts.js";
import { clvBySegment, predictiveClv } from "./clv.js";
import { paretoCurve, signupCohorts } from "./customers.js";
import { interactionsPerDay, productConversion } from "./engagement.js";
import { marketSummary } from "./geography.js";
import { orderStatusSummary, orderStatusTrend } from "./orders.js";
import { abcClasses, categoryMix, salesOverTime, topProducts } from "./sales.js";
import { roundMoney, roundShare, roundTo } from "./format.js";
import type { InsightsContext } from "./types.js";

/** One exported table: column names and equal-length columns (for `toCsv` in src/util/csv.ts). */
export interface ExportTable {
  header: string[];
  columns: ArrayLike<unknown>[];
}

const MONEY = /(^|_)(revenue|value|aov|clv|monetary|revenue_per_customer|historical_clv|predicted_clv|mean_clv|median_clv|expected_value)$/;
const SHARE = /(share|retention|conversion|p_alive)/;

/**
 * Converts a DataFrame into an export table, rounding by column name: money columns (revenue, value, aov, …clv,
 * monetary) to cents, shares (…share…, retention, conversion, p_alive) to 4 decimals, other non-integer floats
 * to 4 decimals; booleans and strings as they are. Nulls and non-finite numbers (unknown) stay null, written as
 * empty cells, never 0.
 */
export function toExportTable(df: pl.DataFrame): ExportTable {
  const header = df.columns;
  const columns = header.map((name) => {
    const values = df.getColumn(name).toArray() as unknown[];
    return values.map((v) => {
      if (typeof v === "bigint") return Number(v);
      if (typeof v !== "number") return v;
      if (!Number.isFinite(v)) return null;
      if (SHARE.test(name)) return roundShare(v);
      if (MONEY.test(name)) return roundMoney(v);
      return Number.isInteger(v) ? v : roundTo(v, 4);
    });
  });
  return { header, columns };
}

/**
 * The chart tables, by file name: revenue_by_country, revenue_by_region, revenue_by_month, revenue_by_week,
 * top_products, category_mix, abc_classes, order_status, order_status_by_month, cohort_retention, pareto,
 * customer_clv; when present signup_cohorts, interactions_by_day, product_conversion, clv_by_segment.
 * Keys are sorted; each table is sorted deterministically by its function.
 */
export function exportTables(context: InsightsContext): Record<string, ExportTable> {
  const { store } = context;
  const t: Record<string, pl.DataFrame> = {
    "revenue_by_country.csv": marketSummary(store, { level: "country" }).rename({ market: "country" }),
    "revenue_by_region.csv": marketSummary(store, { level: "region" }).rename({ market: "region" }),
    "revenue_by_month.csv": salesOverTime(store, { period: "month" }).rename({ period: "month" }),
    "revenue_by_week.csv": salesOverTime(store, { period: "week" }).rename({ period: "week_start" }),
    "top_products.csv": topProducts(store, { n: 10 }),
    "category_mix.csv": categoryMix(store),
    "abc_classes.csv": abcClasses(store),
    "order_status.csv": orderStatusSummary(store),
    "order_status_by_month.csv": orderStatusTrend(store),
    "cohort_retention.csv": cohortRetention(store),
    "pareto.csv": paretoCurve(store),
    "customer_clv.csv": predictiveClv(store, { horizonDays: context.horizonDays ?? 365 }).table,
  };
  const signup = signupCohorts(store);
  if (signup.height > 0) t["signup_cohorts.csv"] = signup;
  if (hasTable(store, "interactions")) {
    t["interactions_by_day.csv"] = interactionsPerDay(store);
    t["product_conversion.csv"] = productConversion(store);
  }
  if (context.assignments) t["clv_by_segment.csv"] = clvBySegment(store, context.assignments);
  const out: Record<string, ExportTable> = {};
  for (const k of Object.keys(t).sort()) out[k] = toExportTable(t[k]);
  return out;
}
