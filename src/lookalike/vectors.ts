/**
 * Customer vectors for lookalike search: the numeric profile (log1p where skewed, then z-scores), the category
 * mix, and a region (or country) one-hot, each block weighted so that no block dominates the cosine.
 *
 * Why the weighting: a raw one-hot or share vector is non-negative, so it adds a common positive component
 * to every customer and pushes every cosine towards 1 (PRIOR-ART: "lookalike scores that all sit near 1.0").
 * Here every column is centred on its mean, and each block is scaled to a set share of the total variance:
 * the numeric block has variance p (p z-scored columns), the category block `categoryWeight · p` and the
 * region block `regionWeight · p`.
 */
import pl from "nodejs-polars";
import type { Matrix } from "../segment/matrix.js";

/** Options of `lookalikeVectors`. */
export interface LookalikeVectorOptions {
  /**
   * Numeric profile columns (those absent from the frame are skipped). Default: recency_days, frequency,
   * monetary, aov, tenure_days, distinct_products.
   */
  numericColumns?: string[];
  /** Sample skewness above which a column with no value below 0 is log1p-transformed first. Default 1. */
  skewThreshold?: number;
  /** Total variance of the category-mix block (`cat_share_*` columns) relative to the numeric block. Default 0.5. */
  categoryWeight?: number;
  /** Total variance of the region one-hot block relative to the numeric block. Default 0.5. */
  regionWeight?: number;
  /** Column for the one-hot block. Default `region`, else `country` when the frame has no `region`. */
  regionColumn?: string;
}

/** Defaults of `lookalikeVectors`. */
export const LOOKALIKE_VECTOR_DEFAULTS = {
  numericColumns: ["recency_days", "frequency", "monetary", "aov", "tenure_days", "distinct_products"],
  skewThreshold: 1,
  categoryWeight: 0.5,
  regionWeight: 0.5,
} as const;

/**
 * Builds one row per customer (in the frame's row order) of a features frame (`customerFeatures`):
 * numeric columns as z-scores (log1p first when skewed; missing values → 0, the mean; constant columns → 0),
 * then `cat_share_*` columns centred and scaled to `categoryWeight`, then a centred one-hot of the region
 * column (missing → "(unknown)") scaled to `regionWeight`. Blocks without variance are left out. Columns are
 * named `z:<col>` / `z:log1p(<col>)`, `cat:<col>`, `<regionColumn>=<value>`.
 */
export function lookalikeVectors(features: pl.DataFrame, options: LookalikeVectorOptions = {}): Matrix {
  const n = features.height;
  const present = new Set(features.columns);
  const numericWanted: readonly string[] = options.numericColumns ?? LOOKALIKE_VECTOR_DEFAULTS.numericColumns;
  const numeric = numericWanted.filter((c) => present.has(c));
  const skewThreshold = options.skewThreshold ?? LOOKALIKE_VECTOR_DEFAULTS.skewThreshold;
  const categoryWeight = options.categoryWeight ?? LOOKALIKE_VECTOR_DEFAULTS.categoryWeight;
  const regionWeight = options.regionWeight ?? LOOKALIKE_VECTOR_DEFAULTS.regionWeight;
  const regionColumn = options.regionColumn ?? (present.has("region") ? "region" : present.has("country") ? "country" : undefined);

  const blocks: { columns: string[]; values: Float64Array[] }[] = [];
  // Numeric profile.
  const numCols: string[] = [];
  const numVals: Float64Array[] = [];
  for (const c of numeric) {
    const v = floatColumn(features, c);
    let name = `z:${c}`;
    if (skewness(v) > skewThreshold && minOf(v) >= 0) {
      for (let i = 0; i < n; i++) v[i] = Math.log1p(v[i]);
      name = `z:log1p(${c})`;
    }
    const { mean, sd } = meanSd(v);
    for (let i = 0; i < n; i++) v[i] = Number.isNaN(v[i]) || sd === 0 ? 0 : (v[i] - mean) / sd;
    numCols.push(name);
    numVals.push(v);
  }
  const p = Math.max(1, numCols.length);
  if (numCols.length) blocks.push({ columns: numCols, values: numVals });
  // Category mix.
  const catCols = features.columns.filter((c) => c.startsWith("cat_share_")).sort();
  if (catCols.length && categoryWeight > 0) {
    const vals = catCols.map((c) => centred(floatColumn(features, c)));
    if (scaleBlock(vals, categoryWeight * p)) blocks.push({ columns: catCols.map((c) => `cat:${c}`), values: vals });
  }
  // Region one-hot.
  if (regionColumn && present.has(regionColumn) && regionWeight > 0) {
    const labels = (features.getColumn(regionColumn).cast(pl.Utf8).toArray() as (string | null)[]).map((l) => l ?? "(unknown)");
    const levels = [...new Set(labels)].sort();
    const code = new Map(levels.map((l, i) => [l, i]));
    const vals = levels.map(() => new Float64Array(n));
    for (let i = 0; i < n; i++) vals[code.get(labels[i])!][i] = 1;
    for (const v of vals) centred(v);
    if (scaleBlock(vals, regionWeight * p)) blocks.push({ columns: levels.map((l) => `${regionColumn}=${l}`), values: vals });
  }
  const columns = blocks.flatMap((b) => b.columns);
  const cols = blocks.flatMap((b) => b.values);
  const d = cols.length;
  const data = new Float64Array(n * d);
  for (let t = 0; t < d; t++) {
    const v = cols[t];
    for (let i = 0; i < n; i++) data[i * d + t] = v[i];
  }
  return { n, d, data, columns };
}

function floatColumn(df: pl.DataFrame, name: string): Float64Array {
  const s = df.getColumn(name).cast(pl.Float64);
  const out = new Float64Array(s.length);
  const vals = s.toArray() as (number | null)[];
  for (let i = 0; i < out.length; i++) out[i] = vals[i] ?? NaN;
  return out;
}

function meanSd(v: Float64Array): { mean: number; sd: number } {
  let m = 0;
  let c = 0;
  for (const x of v) if (!Number.isNaN(x)) (m += x), c++;
  m = c ? m / c : 0;
  let ss = 0;
  for (const x of v) if (!Number.isNaN(x)) ss += (x - m) * (x - m);
  return { mean: m, sd: c ? Math.sqrt(ss / c) : 0 };
}

function skewness(v: Float64Array): number {
  const { mean, sd } = meanSd(v);
  if (sd === 0) return 0;
  let s3 = 0;
  let c = 0;
  for (const x of v) if (!Number.isNaN(x)) (s3 += ((x - mean) / sd) ** 3), c++;
  return s3 / c;
}

function minOf(v: Float64Array): number {
  let m = Infinity;
  for (const x of v) if (x < m) m = x;
  return m;
}

/** Centres a column on its mean in place (missing → 0); returns it. */
function centred(v: Float64Array): Float64Array {
  const { mean } = meanSd(v);
  for (let i = 0; i < v.length; i++) v[i] = Number.isNaN(v[i]) ? 0 : v[i] - mean;
  return v;
}

/** Scales centred columns so their variances sum to `total`; false when the block has no variance. */
function scaleBlock(vals: Float64Array[], total: number): boolean {
  let ss = 0;
  let n = 0;
  for (const v of vals) {
    n = v.length;
    for (const x of v) ss += x * x;
  }
  const variance = n ? ss / n : 0;
  if (variance === 0) return false;
  const f = Math.sqrt(total / variance);
  for (const v of vals) for (let i = 0; i < v.length; i++) v[i] *= f;
  return true;
}
