/**
 * The whole analysis once, in the order data flows: dataset → cleaned store → customer features + RFM →
 * segmentation (k-scan, model, PCA) → lookalikes → insights. `casestudy analyze` and the notebooks both call
 * `runAnalysis`, so they cannot disagree.
 */
import pl from "nodejs-polars";
import { loadStore, type DatasetSpec } from "../data/index.js";
import { count, stage, type StageListener } from "../util/progress.js";
import type { CleaningLog, Store } from "../data/model.js";
import { customerFeatures, rfmScores } from "../features/index.js";
import {
  applyTransform,
  fitSegmentation,
  segmentRules,
  type SegmentRules,
  pca2,
  predictSegments,
  type Pca2,
  type SegmentationModel,
  availableCores,
  KSCAN_THREADS_MIN_ROWS,
  ScanWorkers,
} from "../segment/index.js";
import { lookalikeTable, lookalikeVectors, topKCosine, type LookalikeTable, type TopK, type VectorMatrix } from "../lookalike/index.js";
import {
  buildInsights,
  exportTables,
  type BusinessInsights,
  type ExportTable,
  storeCoverage,
  type InsightsContext,
  type PredictionHoldout,
  type SegmentationDiagnostics,
  type SegmentSummary,
  predictionHoldout,
  predictiveClv,
  productPerformance,
  salesOverTime,
} from "../insights/index.js";

/** Options of `runAnalysis`; every default is the one the published case study uses. */
export interface AnalysisOptions {
  /** Number of segments, or "auto" to choose it from the k-scan (`recommendK`). Default "auto". */
  k?: number | "auto";
  /** Smallest and largest k scanned. Default 2 and 10. */
  kMin?: number;
  kMax?: number;
  /** Lookalikes per customer. Default 3. */
  top?: number;
  /** Seed of every randomized step (k-means++ starts, silhouette sample, stability). Default: the dataset's seed, else 42. */
  seed?: number;
  /** Adjusted-Rand stability per k in the scan (costs a few extra k-means runs per k). Default true. */
  stability?: boolean;
  /** Worker threads for the scan and the lookalikes; undefined lets each stage decide by size. */
  workers?: number;
  /**
   * Days held out at the end of the history to check the purchase predictions (`predictionHoldout`): the holdout
   * starts on the first of the month it would start in, so it is 90–120 days with the default. Default 90.
   */
  holdoutDays?: number;
}

/** Defaults of `AnalysisOptions`. */
export const ANALYSIS_DEFAULTS = { k: "auto", kMin: 2, kMax: 10, top: 3, seed: 42, stability: true, holdoutDays: 90 } as const;

/** Everything the case study reports, computed from one dataset. */
export interface AnalysisResult {
  spec: DatasetSpec;
  store: Store;
  log: CleaningLog;
  /** One row per customer with ≥ 1 completed order, sorted by customer_id: features, RFM scores, segment. */
  customers: pl.DataFrame;
  model: SegmentationModel;
  /** Segment number (1 = most valuable) per row of `customers`. */
  segments: Int32Array;
  /** PCA plane of the standardized features, per row of `customers`. */
  pca: Pca2;
  /** The lookalike profile vectors (standardized behaviour + category mix + region), per row of `customers`. */
  vectors: VectorMatrix;
  /** Top-`top` lookalikes per row of `customers`. */
  lookalike: TopK;
  lookalikeTable: LookalikeTable;
  /** Segment summaries in the shape insights use (same order as `model.profiles`). */
  segmentSummaries: SegmentSummary[];
  insights: BusinessInsights;
  /** Plain rules that reproduce the segments from the features, with held-out accuracy (`segment_rules.json`). */
  rules: SegmentRules;
  /** The purchase predictions checked on held-out time (`prediction_holdout.json`). */
  holdout: PredictionHoldout;
  /** The tables behind the charts, by CSV file name. */
  tables: Record<string, ExportTable>;
}

/** Converts the segmentation's profiles to the insights module's `SegmentSummary` (nulls dropped). */
export function toSegmentSummaries(model: SegmentationModel): SegmentSummary[] {
  return model.profiles.map((p) => {
    const medians: Record<string, number> = {};
    for (const [key, v] of Object.entries(p.medians)) if (v !== null && Number.isFinite(v)) medians[key] = v;
    return {
      segment: p.segment,
      name: p.name,
      customers: p.customers,
      shareOfCustomers: p.shareOfCustomers,
      shareOfRevenue: p.shareOfRevenue ?? 0,
      medians,
    };
  });
}

/**
 * The numbers the segmentation verdict reads: the chosen k's silhouette and stability from the scan, the 10th
 * and 90th percentile of recency (days), and how many segmented customers have unknown spend.
 */
export function segmentationDiagnostics(model: SegmentationModel, features: pl.DataFrame, store: Store): SegmentationDiagnostics {
  const row = model.scan?.rows.find((r) => r.k === model.k);
  const q = features.select(
    pl.col("recency_days").cast(pl.Float64).quantile(0.1, "linear").alias("p10"),
    pl.col("recency_days").cast(pl.Float64).quantile(0.9, "linear").alias("p90"),
  );
  const at = (c: string) => {
    const v = q.getColumn(c).toArray()[0] as number | null;
    return v === null || !Number.isFinite(v) ? null : v;
  };
  return {
    k: model.k,
    silhouette: row?.silhouette ?? null,
    stabilityAri: row?.stabilityAri ?? null,
    recencyP10Days: at("p10"),
    recencyP90Days: at("p90"),
    customers: features.height,
    unknownSpendCustomers: storeCoverage(store).customersWithUnknownSpend,
  };
}

/**
 * Runs the analysis on an already loaded store (used by tests and by `runAnalysis`). `stages` receives the
 * stages `features`, `lookalike`, `holdout`, `store views`, `segmentation` (the wait for the k-scan, which ran in
 * worker threads meanwhile when it had them), `rules`, `pca`, `insights` and `tables` with their timings.
 */
export async function analyzeStore(
  spec: DatasetSpec,
  store: Store,
  log: CleaningLog,
  options: AnalysisOptions = {},
  stages?: StageListener,
): Promise<AnalysisResult> {
  const o: Required<Omit<AnalysisOptions, "workers">> & Pick<AnalysisOptions, "workers"> = {
    ...ANALYSIS_DEFAULTS,
    seed: spec.seed ?? ANALYSIS_DEFAULTS.seed,
  };
  for (const [key, value] of Object.entries(options)) if (value !== undefined) (o as Record<string, unknown>)[key] = value;
  const features = await stage(stages, "features", () => rfmScores(customerFeatures(store)), (f) => `${count(f.height)} customers`);
  if (features.height < 3) {
    throw new Error(`${store.label}: only ${features.height} customers with a completed order; segmentation needs at least 3`);
  }
  const kMax = Math.min(o.kMax, features.height - 1);
  // From KSCAN_THREADS_MIN_ROWS customers the k-scan runs in worker threads while this thread computes what does
  // not depend on the segments: the lookalikes, the holdout check and the store-level views of the insights.
  // Otherwise, or with `workers: 0`, everything runs here, one after the other; the results are the same bytes.
  const cores = availableCores();
  const threads = o.workers ?? (features.height >= KSCAN_THREADS_MIN_ROWS ? cores : 0);
  const ownPool = threads > 0 && cores > 1 ? ScanWorkers.start(Math.min(threads, cores)) : null;
  const scanPool = ownPool && ownPool.size > 0 ? ownPool : undefined;
  try {
    const fit = () =>
      fitSegmentation(features, {
        k: o.k,
        scan: true,
        kMin: Math.min(o.kMin, kMax),
        kMax,
        seed: o.seed,
        stability: o.stability,
        workers: 0,
        pool: scanPool,
      });
    // In threads the fit starts now and is awaited after the work that does not need it; in-process it runs in
    // its own stage (where its time is counted).
    const fitting = scanPool ? fit() : undefined;
    fitting?.catch(() => {}); // awaited below; this only keeps a failure from being reported as unhandled meanwhile
    const vectors = lookalikeVectors(features);
    const lookalike = await stage(stages, "lookalike", () => topKCosine(vectors, { k: o.top, workers: o.workers }), () => `top ${o.top}`);
    const holdout = await stage(stages, "holdout", () => predictionHoldout(store, { holdoutDays: o.holdoutDays }));
    await stage(stages, "store views", () => prepareStoreViews(store));
    const model = await stage(stages, "segmentation", () => fitting ?? fit(), (m) => `k = ${m.k}`);
    return finish(spec, store, log, o, stages, features, model, vectors, lookalike, holdout);
  } finally {
    await ownPool?.close();
  }
}

/**
 * The store-level tables the insights and the export tables read, computed ahead (they are memoized per store,
 * `memoByStore`): revenue by month and week, product performance, the store's coverage and the predicted CLV
 * over the default 365-day horizon. Each is computed later anyway; this only moves the work to when the
 * segmentation's workers are busy.
 */
export function prepareStoreViews(store: Store): void {
  storeCoverage(store);
  salesOverTime(store, { period: "month" });
  salesOverTime(store, { period: "week" });
  productPerformance(store);
  predictiveClv(store, { horizonDays: 365 });
}

async function finish(
  spec: DatasetSpec,
  store: Store,
  log: CleaningLog,
  o: Required<Omit<AnalysisOptions, "workers">> & Pick<AnalysisOptions, "workers">,
  stages: StageListener | undefined,
  features: pl.DataFrame,
  model: SegmentationModel,
  vectors: VectorMatrix,
  lookalike: TopK,
  holdout: PredictionHoldout,
): Promise<AnalysisResult> {
  const segments = predictSegments(model, features);
  const names = Array.from(segments, (s) => model.names[s - 1]);
  const customers = features.withColumns(
    pl.Series("segment", segments, pl.Int32),
    pl.Series("segment_name", names, pl.Utf8),
  );
  const rules = await stage(stages, "rules", () => {
    const ruleColumns: Record<string, Float64Array> = {};
    for (const c of model.columns) ruleColumns[c] = Float64Array.from(features.getColumn(c).cast(pl.Float64).toArray() as number[]);
    return segmentRules(ruleColumns, segments, model.names, { seed: o.seed, currency: store.currency });
  });
  const pca = await stage(stages, "pca", () => pca2(applyTransform(model.transform, features)));
  const ids = features.getColumn("customer_id").toArray() as string[];
  const segmentSummaries = toSegmentSummaries(model);
  const context: InsightsContext = {
    store,
    segments: segmentSummaries,
    assignments: customers.select("customer_id", "segment"),
    holdoutDays: o.holdoutDays,
    segmentation: segmentationDiagnostics(model, features, store),
  };
  const insights = await stage(stages, "insights", () => buildInsights(context), (r) => `${r.findings.length} findings`);
  const tables = await stage(stages, "tables", () => exportTables(context));
  return {
    spec,
    store,
    log,
    customers,
    model,
    segments,
    pca,
    vectors,
    lookalike,
    lookalikeTable: lookalikeTable(ids, lookalike),
    segmentSummaries,
    insights,
    rules,
    holdout,
    tables,
  };
}

/**
 * Loads and cleans the dataset, then runs the whole analysis. `stages` (optional) receives every stage with
 * its timing: `load` (with `read` and `clean` inside for large sources), then those of `analyzeStore`.
 */
export async function runAnalysis(spec: DatasetSpec, options: AnalysisOptions = {}, stages?: StageListener): Promise<AnalysisResult> {
  const { store, log } = await loadStore(spec, { stages });
  return analyzeStore(spec, store, log, options, stages);
}
