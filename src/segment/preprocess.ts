/** Feature preprocessing for k-means: signed log1p on heavy-tailed columns, then z-scores; a JSON transform. */
import pl from "nodejs-polars";
import { InputError } from "../util/errors.js";
import type { Matrix } from "./matrix.js";

/**
 * Copies the named numeric columns of `df` into a row-major Float64 `Matrix` (ints and BigInts are cast).
 * Throws `InputError` for a missing column or a null / non-finite value (features must be complete).
 * @example toMatrix(pl.DataFrame({ a: [1, 2], b: [3, 4] }), ["a", "b"]).data; // => Float64Array [1, 3, 2, 4]
 */
export function toMatrix(df: pl.DataFrame, columns: readonly string[]): Matrix {
  const n = df.height;
  const d = columns.length;
  const data = new Float64Array(n * d);
  const have = new Set(df.columns);
  for (let j = 0; j < d; j++) {
    const name = columns[j];
    if (!have.has(name)) throw new InputError(`toMatrix: no column "${name}" (have ${df.columns.join(", ")})`);
    const s = df.getColumn(name).cast(pl.Float64);
    if (s.nullCount() > 0) throw new InputError(`toMatrix: column "${name}" has ${s.nullCount()} null value(s)`);
    const col = s.toTypedArray() as Float64Array;
    for (let i = 0; i < n; i++) {
      const v = col[i];
      if (!Number.isFinite(v)) throw new InputError(`toMatrix: column "${name}" row ${i} is not finite (${v})`);
      data[i * d + j] = v;
    }
  }
  return { n, d, data, columns: [...columns] };
}

/** Per-column preprocessing, JSON-serializable, applied again to new customers by `applyTransform`. */
export interface ColumnTransform {
  column: string;
  /** Whether sign(v)·log1p(|v|) was applied before standardizing. */
  log1p: boolean;
  /** Mean of the (logged) column on the training rows. */
  mean: number;
  /** Population standard deviation (ddof 0, as scikit-learn's StandardScaler) of the (logged) column; 1 if 0 or when not standardizing. */
  std: number;
}

/** The fitted transform: columns in matrix order. */
export interface Transform {
  columns: ColumnTransform[];
  standardize: boolean;
}

/** Options of `preprocess`. */
export interface PreprocessOptions {
  /** Feature columns, in matrix order. Default `DEFAULT_SEGMENT_COLUMNS`. */
  columns?: readonly string[];
  /**
   * Columns to log-transform: `true` = all, `false` = none, or a list. Default `DEFAULT_LOG1P_COLUMNS` ∩ columns.
   * The transform is sign(v)·log1p(|v|), equal to log1p for the usual non-negative values and defined for
   * negative net revenue.
   */
  log1p?: boolean | readonly string[];
  /** Subtract the mean and divide by the standard deviation. Default true. */
  standardize?: boolean;
}

/** Default clustering features: recency, frequency, monetary value and tenure (all in days / counts / money). */
export const DEFAULT_SEGMENT_COLUMNS = ["recency_days", "frequency", "monetary", "tenure_days"] as const;

/** Columns log-transformed by default: right-skewed counts, money and day spans. */
export const DEFAULT_LOG1P_COLUMNS = [
  "recency_days",
  "frequency",
  "monetary",
  "aov",
  "tenure_days",
  "distinct_products",
  "interactions",
  "sessions",
  "interaction_span_days",
] as const;

/** sign(v)·log1p(|v|). */
export function signedLog1p(v: number): number {
  return v < 0 ? -Math.log1p(-v) : Math.log1p(v);
}

/**
 * Fits and applies the preprocessing: takes the feature columns of `df` (one row per customer) into a Matrix,
 * log-transforms the chosen columns and z-scores every column; returns the matrix and the JSON transform.
 * @example preprocess(df, { columns: ["monetary"], log1p: false }).transform.columns[0].mean; // => mean monetary
 */
export function preprocess(df: pl.DataFrame, options: PreprocessOptions = {}): { matrix: Matrix; transform: Transform } {
  const columns = [...(options.columns ?? DEFAULT_SEGMENT_COLUMNS)];
  const logOpt = options.log1p ?? DEFAULT_LOG1P_COLUMNS;
  const logSet = new Set<string>(logOpt === true ? columns : logOpt === false ? [] : logOpt);
  const standardize = options.standardize ?? true;
  const raw = toMatrix(df, columns);
  const { n, d } = raw;
  const transform: Transform = { columns: [], standardize };
  for (let j = 0; j < d; j++) {
    const log = logSet.has(columns[j]);
    let sum = 0;
    for (let i = 0; i < n; i++) sum += log ? signedLog1p(raw.data[i * d + j]) : raw.data[i * d + j];
    const mean = n ? sum / n : 0;
    let ss = 0;
    for (let i = 0; i < n; i++) {
      const z = (log ? signedLog1p(raw.data[i * d + j]) : raw.data[i * d + j]) - mean;
      ss += z * z;
    }
    const std = n ? Math.sqrt(ss / n) : 0;
    transform.columns.push({ column: columns[j], log1p: log, mean: standardize ? mean : 0, std: standardize && std > 0 ? std : 1 });
  }
  return { matrix: applyTransformToMatrix(transform, raw), transform };
}

/** Applies a fitted transform to raw feature values already in a Matrix (columns in transform order). */
export function applyTransformToMatrix(transform: Transform, raw: Matrix): Matrix {
  const { n, d } = raw;
  const out = new Float64Array(n * d);
  for (let j = 0; j < d; j++) {
    const t = transform.columns[j];
    for (let i = 0; i < n; i++) {
      const v = t.log1p ? signedLog1p(raw.data[i * d + j]) : raw.data[i * d + j];
      out[i * d + j] = (v - t.mean) / t.std;
    }
  }
  return { n, d, data: out, columns: transform.columns.map((c) => c.column) };
}

/** Applies a fitted transform to the feature columns of new customers (`df` must hold those columns). */
export function applyTransform(transform: Transform, df: pl.DataFrame): Matrix {
  return applyTransformToMatrix(transform, toMatrix(df, transform.columns.map((c) => c.column)));
}
