/** Canonical segment numbering (by value) and segment profiles with names derived from them. */
import pl from "nodejs-polars";

/**
 * Canonical order of k clusters: by descending centroid value in column `valueColumn` (index into the centroid
 * rows, k×d), ties by larger size, then by lower original index. Returns `rank[c]` = segment number (1 = most
 * valuable) of cluster c. K-means' own cluster ids are arbitrary; this makes labels stable and meaningful.
 */
export function canonicalOrder(centroids: Float64Array, d: number, sizes: ArrayLike<number>, valueColumn: number): Int32Array {
  const k = sizes.length;
  const order = Array.from({ length: k }, (_, c) => c).sort((a, b) => {
    const va = centroids[a * d + valueColumn];
    const vb = centroids[b * d + valueColumn];
    if (va !== vb) return vb - va;
    if (sizes[a] !== sizes[b]) return sizes[b] - sizes[a];
    return a - b;
  });
  const rank = new Int32Array(k);
  order.forEach((c, i) => (rank[c] = i + 1));
  return rank;
}

/** One segment's profile; medians are in the features' own units (days, orders, money). */
export interface SegmentProfile {
  segment: number;
  name: string;
  customers: number;
  /** Share of customers, 0..1. */
  shareOfCustomers: number;
  /** Share of total monetary value (revenue), 0..1; null when there is no `monetary` column. */
  shareOfRevenue: number | null;
  /** Median of each numeric profile column within the segment. */
  medians: Record<string, number | null>;
}

/** Numeric columns profiled when present (in this order). */
export const PROFILE_COLUMNS = [
  "recency_days",
  "frequency",
  "monetary",
  "aov",
  "tenure_days",
  "distinct_products",
  "interactions",
  "sessions",
  "failed_share",
] as const;

/**
 * The naming rules, applied to a segment's medians relative to the medians over all customers:
 * high value = median monetary > overall; recent = median recency_days < overall; frequent = median frequency
 * > overall; new = median tenure_days < overall. (A missing column counts as "no".)
 *
 * | value | recent | frequent | new | name                      |
 * |-------|--------|----------|-----|---------------------------|
 * | high  | yes    | yes      | any | High-value loyal          |
 * | high  | yes    | no       | any | Recent big spenders       |
 * | high  | no     | any      | any | At-risk big spenders      |
 * | low   | yes    | yes      | any | Frequent small spenders   |
 * | low   | yes    | no       | yes | New / low engagement      |
 * | low   | yes    | no       | no  | Occasional low spenders   |
 * | low   | no     | yes      | any | Fading regulars           |
 * | low   | no     | no       | any | Lapsed low spenders       |
 */
export function segmentName(segment: Record<string, number | null>, overall: Record<string, number | null>): string {
  const gt = (c: string) => segment[c] != null && overall[c] != null && segment[c]! > overall[c]!;
  const lt = (c: string) => segment[c] != null && overall[c] != null && segment[c]! < overall[c]!;
  const high = gt("monetary");
  const recent = lt("recency_days");
  const frequent = gt("frequency");
  const isNew = lt("tenure_days");
  if (high) return recent ? (frequent ? "High-value loyal" : "Recent big spenders") : "At-risk big spenders";
  if (recent) return frequent ? "Frequent small spenders" : isNew ? "New / low engagement" : "Occasional low spenders";
  return frequent ? "Fading regulars" : "Lapsed low spenders";
}

/** Makes names unique in order: a repeated name gets " (2)", " (3)", … */
export function uniqueNames(names: readonly string[]): string[] {
  const seen = new Map<string, number>();
  return names.map((nm) => {
    const c = (seen.get(nm) ?? 0) + 1;
    seen.set(nm, c);
    return c === 1 ? nm : `${nm} (${c})`;
  });
}

/**
 * Profiles of segments 1..k of the customers in `features` (one row per customer, `segments[i]` the segment
 * of row i): size, share of customers, share of revenue (Σ monetary), medians of `PROFILE_COLUMNS` present, and
 * a unique name from `segmentName`. Polars group-by; output sorted by segment.
 */
export function segmentProfiles(features: pl.DataFrame, segments: Int32Array, k: number): { profiles: SegmentProfile[]; overall: Record<string, number | null> } {
  if (segments.length !== features.height) throw new Error(`segmentProfiles: ${segments.length} labels for ${features.height} rows`);
  const cols = PROFILE_COLUMNS.filter((c) => features.columns.includes(c));
  const df = features.select(...cols).withColumns(...cols.map((c) => pl.col(c).cast(pl.Float64))).withColumns(pl.Series("segment", segments, pl.Int32));
  const overallRow = df.select(...cols.map((c) => pl.col(c).median().alias(c))).toRecords()[0] ?? {};
  const overall: Record<string, number | null> = {};
  for (const c of cols) overall[c] = (overallRow[c] as number | null) ?? null;
  const hasMoney = cols.includes("monetary" as (typeof cols)[number]);
  const totalRevenue = hasMoney ? (df.getColumn("monetary").sum() as number) : 0;
  const grouped = df
    .groupBy("segment")
    .agg(pl.len().alias("__n"), ...(hasMoney ? [pl.col("monetary").sum().alias("__rev")] : []), ...cols.map((c) => pl.col(c).median().alias(c)))
    .sort("segment")
    .toRecords();
  const bySeg = new Map<number, Record<string, unknown>>(grouped.map((r) => [Number(r.segment), r]));
  const n = features.height;
  const raw: SegmentProfile[] = [];
  for (let s = 1; s <= k; s++) {
    const r = bySeg.get(s);
    const medians: Record<string, number | null> = {};
    for (const c of cols) medians[c] = r ? ((r[c] as number | null) ?? null) : null;
    const customers = r ? Number(r.__n) : 0;
    raw.push({
      segment: s,
      name: segmentName(medians, overall),
      customers,
      shareOfCustomers: n ? customers / n : 0,
      shareOfRevenue: hasMoney ? (totalRevenue !== 0 && r ? Number(r.__rev) / totalRevenue : 0) : null,
      medians,
    });
  }
  const names = uniqueNames(raw.map((p) => p.name));
  raw.forEach((p, i) => (p.name = names[i]));
  return { profiles: raw, overall };
}
