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

/** Thresholds of the naming rules (documented defaults). */
export const NAME_RULES = {
  /** Median monetary at or above this multiple of the overall median (> 0) makes a segment "top" value (default 3). */
  vipRatio: 3,
} as const;

/** Options of `segmentName`. */
export interface SegmentNameOptions {
  /** See `NAME_RULES.vipRatio`. Default 3. */
  vipRatio?: number;
}

/** A segment's value level relative to the overall median monetary: top (≥ vipRatio ×), high (>), low (≤). */
export type ValueLevel = "top" | "high" | "low";

/** The four facts a segment name is derived from (see `segmentName`). */
export interface NameFacts {
  value: ValueLevel;
  recent: boolean;
  frequent: boolean;
  isNew: boolean;
}

/** One row of the naming table; `null` means "any". */
export interface NameRule {
  value: ValueLevel;
  recent: boolean | null;
  frequent: boolean | null;
  isNew: boolean | null;
  name: string;
}

/**
 * The naming table (see `segmentName`): rows are mutually exclusive and together cover every combination of
 * `NameFacts`, so exactly one row matches any segment.
 */
export const SEGMENT_NAME_RULES: readonly NameRule[] = [
  { value: "top", recent: true, frequent: null, isNew: null, name: "Top spenders / VIP" },
  { value: "top", recent: false, frequent: null, isNew: null, name: "At-risk VIPs" },
  { value: "high", recent: true, frequent: true, isNew: null, name: "Regular loyal" },
  { value: "high", recent: true, frequent: false, isNew: true, name: "New big spenders" },
  { value: "high", recent: true, frequent: false, isNew: false, name: "Recent big spenders" },
  { value: "high", recent: false, frequent: null, isNew: null, name: "At-risk big spenders" },
  { value: "low", recent: true, frequent: true, isNew: null, name: "Frequent small spenders" },
  { value: "low", recent: true, frequent: false, isNew: true, name: "Promising new" },
  { value: "low", recent: true, frequent: false, isNew: false, name: "Occasional low spenders" },
  { value: "low", recent: false, frequent: true, isNew: null, name: "Fading regulars" },
  { value: "low", recent: false, frequent: false, isNew: null, name: "Lapsed low spenders" },
];

/** Whether `rule` applies to a segment with these facts. */
export function ruleMatches(rule: NameRule, f: NameFacts): boolean {
  return rule.value === f.value && (rule.recent === null || rule.recent === f.recent) && (rule.frequent === null || rule.frequent === f.frequent) && (rule.isNew === null || rule.isNew === f.isNew);
}

/**
 * The facts a name is derived from, comparing a segment's medians with the medians over all customers:
 * value = "top" when median monetary ≥ vipRatio × overall (overall > 0), "high" when > overall, else "low";
 * recent = median recency_days < overall; frequent = median frequency > overall; new = median tenure_days <
 * overall. A missing column counts as "no" (and as "low" value).
 */
export function nameFacts(segment: Record<string, number | null>, overall: Record<string, number | null>, options: SegmentNameOptions = {}): NameFacts {
  const vipRatio = options.vipRatio ?? NAME_RULES.vipRatio;
  const has = (c: string) => segment[c] != null && overall[c] != null && Number.isFinite(segment[c]!) && Number.isFinite(overall[c]!);
  const gt = (c: string) => has(c) && segment[c]! > overall[c]!;
  const lt = (c: string) => has(c) && segment[c]! < overall[c]!;
  const top = has("monetary") && overall.monetary! > 0 && segment.monetary! >= vipRatio * overall.monetary!;
  return { value: top ? "top" : gt("monetary") ? "high" : "low", recent: lt("recency_days"), frequent: gt("frequency"), isNew: lt("tenure_days") };
}

/**
 * A segment's name from its medians relative to the medians over all customers (never from its cluster index),
 * by the first (and only) matching row of `SEGMENT_NAME_RULES`; facts as in `nameFacts` (default vipRatio 3):
 *
 * | value | recent | frequent | new | name                      |
 * |-------|--------|----------|-----|---------------------------|
 * | top   | yes    | any      | any | Top spenders / VIP        |
 * | top   | no     | any      | any | At-risk VIPs              |
 * | high  | yes    | yes      | any | Regular loyal             |
 * | high  | yes    | no       | yes | New big spenders          |
 * | high  | yes    | no       | no  | Recent big spenders       |
 * | high  | no     | any      | any | At-risk big spenders      |
 * | low   | yes    | yes      | any | Frequent small spenders   |
 * | low   | yes    | no       | yes | Promising new             |
 * | low   | yes    | no       | no  | Occasional low spenders   |
 * | low   | no     | yes      | any | Fading regulars           |
 * | low   | no     | no       | any | Lapsed low spenders       |
 *
 * top = median monetary ≥ 3 × overall; high = > overall (but below top); low = the rest. Two segments in the
 * same row get the same name here; `segmentProfiles` then adds " (2)", … as a last resort (`uniqueNames`).
 *
 * @example segmentName({ monetary: 900, recency_days: 5 }, { monetary: 100, recency_days: 30 }); // => "Top spenders / VIP"
 */
export function segmentName(segment: Record<string, number | null>, overall: Record<string, number | null>, options: SegmentNameOptions = {}): string {
  const facts = nameFacts(segment, overall, options);
  const rule = SEGMENT_NAME_RULES.find((r) => ruleMatches(r, facts));
  if (!rule) throw new Error(`segmentName: no rule for ${JSON.stringify(facts)}`);
  return rule.name;
}

/** Makes names unique in order: a repeated name gets " (2)", " (3)", … (the last resort when two segments share a naming-table row). */
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
