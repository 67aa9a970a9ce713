/** The segmentation model: fit (scan → choose k → k-means → canonical labels → profiles), predict, JSON. */
import type pl from "nodejs-polars";
import { InputError } from "../util/errors.js";
import { assignNearest, kmeans, KMEANS_DEFAULTS } from "./kmeans.js";
import { kmeansScanWithFits, type KScan, type KScanFit, type KScanOptions } from "./kscan.js";
import type { Matrix } from "./matrix.js";
import { applyTransform, preprocess, type PreprocessOptions, type Transform } from "./preprocess.js";
import { canonicalOrder, segmentProfiles, type SegmentProfile } from "./profiles.js";
import { recommendK, type KRecommendation, type RecommendOptions } from "./recommend.js";

/** A fitted segmentation, JSON-serializable (`modelToJson` / `modelFromJson`). */
export interface SegmentationModel {
  version: 1;
  /** Feature columns, in matrix order. */
  columns: string[];
  transform: Transform;
  k: number;
  /** Centroids in the transformed (log1p + z-score) space; row s − 1 is segment s (1 = most valuable). */
  centroids: number[][];
  /** Segment names, index s − 1. */
  names: string[];
  profiles: SegmentProfile[];
  /** Medians over all customers the names were judged against. */
  overallMedians: Record<string, number | null>;
  /** Inertia of the final fit in the transformed space. */
  inertia: number;
  seed: number;
  inits: number;
  /** The k-scan, when k was chosen by it (null when k was given and no scan was asked). */
  scan: KScan | null;
  recommendation: KRecommendation | null;
}

/** Options of `fitSegmentation`. */
export interface FitOptions extends PreprocessOptions, Omit<KScanOptions, "seed" | "inits"> {
  /** Number of segments, or "auto" = `recommendK(scan).chosenK`. Default "auto". */
  k?: number | "auto";
  /** Run the scan even when k is given (for the report). Default false. */
  scan?: boolean;
  /** Seed of every k-means run. Default 42. */
  seed?: number;
  /** k-means initializations. Default 10. */
  inits?: number;
  recommend?: RecommendOptions;
  /**
   * Column that names the row's value for the canonical order: segments are numbered by descending centroid
   * value in this column (must be a feature column). Default "monetary", else the first feature column.
   */
  valueColumn?: string;
}

/** Rows sorted by customer_id when the column exists, so that the fit does not depend on input row order. */
function canonicalRows(features: pl.DataFrame): pl.DataFrame {
  return features.columns.includes("customer_id") ? features.sort("customer_id") : features;
}

/**
 * Fits the segmentation on per-customer features (`customerFeatures` output): preprocess (log1p + z-score),
 * optionally scan k and choose it with `recommendK`, run k-means with k, renumber clusters by descending centroid
 * value (segment 1 = most valuable), label every customer by its nearest final centroid, and profile and name
 * the segments. Rows are sorted by customer_id first, so shuffled input gives the same model. Deterministic.
 */
export async function fitSegmentation(features: pl.DataFrame, options: FitOptions = {}): Promise<SegmentationModel> {
  const df = canonicalRows(features);
  const seed = options.seed ?? KMEANS_DEFAULTS.seed;
  const inits = options.inits ?? KMEANS_DEFAULTS.inits;
  const { matrix, transform } = preprocess(df, options);
  const kOpt = options.k ?? "auto";
  let scan: KScan | null = null;
  let fits = new Map<number, KScanFit>();
  let recommendation: KRecommendation | null = null;
  if (kOpt === "auto" || options.scan) {
    ({ scan, fits } = await kmeansScanWithFits(matrix, { ...options, seed, inits }));
    recommendation = recommendK(scan, options.recommend);
  }
  const k = kOpt === "auto" ? recommendation!.chosenK : kOpt;
  if (!Number.isInteger(k) || k < 1 || k > matrix.n) throw new InputError(`fitSegmentation: k = ${k} is not in 1..${matrix.n}`);
  // The scan ran k-means with the same data, seed, inits, maxIter and tol: its kept run for k is the final fit.
  const fit = fits.get(k) ?? kmeans(matrix, k, { seed, inits, maxIter: options.maxIter, tol: options.tol });
  return finishFit(df, matrix, transform, k, fit, options.valueColumn, { seed, inits }, scan, recommendation);
}

function finishFit(
  df: pl.DataFrame,
  matrix: Matrix,
  transform: Transform,
  k: number,
  fit: KScanFit,
  valueColumn: string | undefined,
  o: { seed: number; inits: number },
  scan: KScan | null,
  recommendation: KRecommendation | null,
): SegmentationModel {
  const d = matrix.d;
  const valueName = valueColumn ?? (matrix.columns.includes("monetary") ? "monetary" : matrix.columns[0]);
  const valueCol = matrix.columns.indexOf(valueName);
  if (valueCol < 0) throw new InputError(`fitSegmentation: valueColumn "${valueName}" is not a feature column (${matrix.columns.join(", ")})`);
  const rank = canonicalOrder(fit.centroids, d, fit.sizes, valueCol);
  const centroids: number[][] = new Array(k);
  const flat = new Float64Array(k * d);
  for (let c = 0; c < k; c++) {
    const s = rank[c] - 1;
    centroids[s] = Array.from(fit.centroids.subarray(c * d, c * d + d));
    flat.set(fit.centroids.subarray(c * d, c * d + d), s * d);
  }
  const labels = new Int32Array(matrix.n);
  const inertia = assignNearest(matrix, flat, k, labels);
  for (let i = 0; i < labels.length; i++) labels[i] += 1;
  const { profiles, overall } = segmentProfiles(df, labels, k);
  return {
    version: 1,
    columns: [...matrix.columns],
    transform,
    k,
    centroids,
    names: profiles.map((p) => p.name),
    profiles,
    overallMedians: overall,
    inertia,
    seed: o.seed,
    inits: o.inits,
    scan,
    recommendation,
  };
}

/**
 * Segment number (1..k) of each row of `features` (input order): its nearest model centroid after the model's
 * transform. On the training features this reproduces the fitted labels.
 */
export function predictSegments(model: SegmentationModel, features: pl.DataFrame): Int32Array {
  const x = applyTransform(model.transform, features);
  const d = model.columns.length;
  const flat = new Float64Array(model.k * d);
  model.centroids.forEach((row, s) => flat.set(row, s * d));
  const labels = new Int32Array(x.n);
  assignNearest(x, flat, model.k, labels);
  for (let i = 0; i < labels.length; i++) labels[i] += 1;
  return labels;
}

/** Serializes a model as pretty JSON (deterministic: same model → same bytes; NaN/Infinity written as null). */
export function modelToJson(model: SegmentationModel): string {
  return JSON.stringify(model, (_k, v) => (typeof v === "number" && !Number.isFinite(v) ? null : v), 2) + "\n";
}

/** Parses a model written by `modelToJson`; throws `InputError` when it is not one. */
export function modelFromJson(json: string): SegmentationModel {
  let m: SegmentationModel;
  try {
    m = JSON.parse(json) as SegmentationModel;
  } catch (e) {
    throw new InputError(`model JSON does not parse: ${(e as Error).message}`);
  }
  if (!m || m.version !== 1 || !Array.isArray(m.columns) || !Array.isArray(m.centroids) || m.centroids.length !== m.k || !m.transform) {
    throw new InputError("model JSON is not a segmentation model (version 1 with columns, transform, k centroids)");
  }
  return m;
}
