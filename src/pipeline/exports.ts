/**
 * The exports of `casestudy analyze`: everything a reader can download next to the site. Same input and seed
 * → the same bytes (no timestamps, no absolute paths), written atomically: a failure leaves the old exports.
 */
import fs from "node:fs";
import path from "node:path";
import { writeOutputsAtomic } from "../util/atomic.js";
import { toCsv } from "../util/csv.js";
import { PROFILE_COLUMNS, modelToJson } from "../segment/index.js";
import pl from "nodejs-polars";
import { customerRevenue, insightsToJson, storeCoverage } from "../insights/index.js";
import type { AnalysisResult } from "./analysis.js";

/**
 * Columns of `segments.csv` after `customer_id,segment,segment_name`, in this order when present: the profiled
 * features (PROFILE_COLUMNS of src/segment), then the RFM baseline, then geography; category shares last.
 */
export const SEGMENT_EXPORT_COLUMNS: readonly string[] = [
  ...PROFILE_COLUMNS,
  "interaction_span_days",
  "r_score",
  "f_score",
  "m_score",
  "rfm_segment",
  "country",
  "region",
];

/**
 * `segments.csv`: header `customer_id,segment,segment_name,` then the features, one row per customer. When some
 * completed orders have no lines, an `orders_without_lines` column follows: a customer's `monetary` and `aov`
 * are then lower bounds, and empty (unknown, not 0) when none of the customer's completed orders has lines.
 */
export function segmentsCsv(result: AnalysisResult): string {
  let df = result.customers;
  const names = new Set(df.columns);
  const featureCols: string[] = SEGMENT_EXPORT_COLUMNS.filter((c) => names.has(c));
  for (const c of df.columns) if (c.startsWith("cat_share_")) featureCols.push(c);
  const header = ["customer_id", "segment", "segment_name", ...featureCols];
  if (storeCoverage(result.store).customersWithUnknownSpend > 0) {
    df = df
      .join(customerRevenue(result.store).select("customer_id", "orders_without_lines"), { on: "customer_id", how: "left" })
      .withColumns(pl.col("orders_without_lines").fillNull(0));
    const unknown = pl.col("orders_without_lines").gtEq(pl.col("frequency").cast(pl.Float64));
    df = df.withColumns(
      ...["monetary", "aov"].filter((c) => names.has(c)).map((c) => pl.when(unknown).then(pl.lit(null).cast(pl.Float64)).otherwise(pl.col(c)).alias(c)),
    );
    header.push("orders_without_lines");
  }
  const columns = header.map((c) => roundColumn(df.getColumn(c).toArray() as unknown[]));
  return toCsv(header, columns);
}

/** `lookalike.csv`: header exactly `customer_id,rank,similar_customer_id,score` (score to 6 decimals). */
export function lookalikeCsv(result: AnalysisResult): string {
  const t = result.lookalikeTable;
  const score = Array.from(t.score, (s) => Math.round(s * 1e6) / 1e6);
  return toCsv(["customer_id", "rank", "similar_customer_id", "score"], [t.customer_id, t.rank, t.similar_customer_id, score]);
}

/** `kscan.csv`: one row per k with inertia, silhouette, davies_bouldin, calinski_harabasz, stability_ari. */
export function kscanCsv(result: AnalysisResult): string {
  const rows = result.model.scan?.rows ?? [];
  const r6 = (v: number | null | undefined) => (v === null || v === undefined ? null : Math.round(v * 1e6) / 1e6);
  return toCsv(
    ["k", "inertia", "silhouette", "davies_bouldin", "calinski_harabasz", "stability_ari"],
    [
      rows.map((r) => r.k),
      rows.map((r) => r6(r.inertia)),
      rows.map((r) => r6(r.silhouette)),
      rows.map((r) => r6(r.daviesBouldin)),
      rows.map((r) => r6(r.calinskiHarabasz)),
      rows.map((r) => r6(r.stabilityAri)),
    ],
  );
}

/** Rounds float cells to 6 significant decimals so exports do not carry floating-point noise. */
function roundColumn(values: unknown[]): unknown[] {
  return values.map((v) => (typeof v === "number" && !Number.isInteger(v) ? Math.round(v * 1e6) / 1e6 : v));
}

/**
 * Pretty JSON of a result object with every non-integer number rounded to 10 significant digits (no
 * floating-point noise in the bytes) and NaN/Infinity written as null; typed arrays as lists.
 */
export function roundedJson(value: unknown): string {
  return (
    JSON.stringify(
      value,
      (_k, v) => {
        if (ArrayBuffer.isView(v) && !(v instanceof DataView)) return Array.from(v as unknown as ArrayLike<number>);
        if (typeof v !== "number") return v;
        if (!Number.isFinite(v)) return null;
        return Number.isInteger(v) ? v : Number(v.toPrecision(10));
      },
      2,
    ) + "\n"
  );
}

/** `segment_rules.json`: the segment rules and their held-out accuracy (schemas/segment_rules.schema.json). */
export function segmentRulesJson(result: AnalysisResult): string {
  return roundedJson({ dataset: result.store.dataset, currency: result.store.currency ?? null, ...result.rules });
}

/** `prediction_holdout.json`: the holdout validation of the purchase predictions (schemas/prediction_holdout.schema.json). */
export function predictionHoldoutJson(result: AnalysisResult): string {
  return roundedJson({ dataset: result.store.dataset, currency: result.store.currency ?? null, ...result.holdout });
}

/** All export files by name → content. */
export function exportFiles(result: AnalysisResult): Record<string, string> {
  const files: Record<string, string> = {
    "segments.csv": segmentsCsv(result),
    "lookalike.csv": lookalikeCsv(result),
    "kscan.csv": kscanCsv(result),
    "model.json": modelToJson(result.model),
    "business_insights.json": insightsToJson(result.insights),
    "segment_rules.json": segmentRulesJson(result),
    "prediction_holdout.json": predictionHoldoutJson(result),
    "cleaning-log.json": JSON.stringify(result.log, null, 2) + "\n",
  };
  for (const [name, table] of Object.entries(result.tables)) files[name] = toCsv(table.header, table.columns);
  return files;
}

/**
 * Writes every export into `dir` atomically (staged, then renamed in), removing stale files of an earlier run
 * that this run did not produce (e.g. `interactions_by_day.csv` after switching to a dataset without
 * interactions). Returns the written paths.
 */
export async function writeExports(result: AnalysisResult, dir: string): Promise<string[]> {
  const files = exportFiles(result);
  const written = await writeOutputsAtomic(dir, (staging) => {
    for (const [name, content] of Object.entries(files)) fs.writeFileSync(path.join(staging, name), content);
  });
  for (const entry of fs.readdirSync(dir)) {
    if (!(entry in files) && /\.(csv|json)$/.test(entry)) fs.rmSync(path.join(dir, entry));
  }
  return written;
}
