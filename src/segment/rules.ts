/**
 * Segment rules a stakeholder can read: a shallow decision tree (`decision-tree.ts`) trained on the customer
 * features the segmentation used, in their own units, to reproduce each customer's segment; its leaves turned into
 * plain rules ("orders ≥ 4 and revenue ≥ £1,950 → Top spenders"), with the accuracy on held-out customers beside
 * the majority-class baseline and the share of customers each rule covers. This explains the segmentation; it does
 * not validate it (the segments were made from the same features). The result is plain JSON (`segment_rules.json`).
 */
import { formatCount, formatMoney, formatPct } from "../util/format.js";
import { rng } from "../util/random.js";
import { fitDecisionTree, predictTree, treePaths, type TreeNode } from "./decision-tree.js";

/** Options of `segmentRules`; defaults in `SEGMENT_RULES_DEFAULTS`. */
export interface SegmentRulesOptions {
  /** Depth of the tree (default 3: at most 8 rules). */
  maxDepth?: number;
  /** Fewest customers per rule as a share of the training customers (default 0.01, and never fewer than 5). */
  minLeafShare?: number;
  /** Share of customers held out to measure accuracy (default 0.25). */
  testShare?: number;
  /** Seed of the held-out draw (default 42). */
  seed?: number;
  /** Fewest customers to learn rules from (default 40). */
  minCustomers?: number;
}

/** Defaults of `SegmentRulesOptions`. */
export const SEGMENT_RULES_DEFAULTS = { maxDepth: 3, minLeafShare: 0.01, testShare: 0.25, seed: 42, minCustomers: 40 } as const;

/** What the rules read: a feature column, its label in the rules, and its kind of value. */
export interface RuleFeature {
  column: string;
  label: string;
  kind: "money" | "count" | "days" | "number";
  /** Whether every value is a whole number and not money (then "< 4" reads "≤ 3"). */
  integer: boolean;
}

/** One condition of a rule on one feature: min ≤ value < max (either bound may be absent). */
export interface RuleCondition {
  column: string;
  min: number | null;
  max: number | null;
  text: string;
}

/** One rule: the conditions of a leaf, the segment it assigns, and how many customers it covers. */
export interface SegmentRule {
  segment: number;
  name: string;
  conditions: RuleCondition[];
  /** The conditions in words, e.g. "orders ≥ 4 and revenue ≥ £1,950" ("every customer" without conditions). */
  text: string;
  /** Customers (all, training and held out) the rule covers, and their share of all customers. */
  customers: number;
  coverage: number;
  /** Held-out customers it covers and the share of them really in its segment (null when it covers none). */
  heldOutCustomers: number;
  heldOutPrecision: number | null;
}

/** The rules and how well they reproduce the segments. */
export interface SegmentRules {
  status: "ok" | "insufficient";
  reason: string | null;
  options: Required<SegmentRulesOptions>;
  features: RuleFeature[];
  customers: number;
  trainingCustomers: number;
  heldOutCustomers: number;
  /** Share of held-out customers whose segment the rules give (0..1), and of training customers. */
  heldOutAccuracy: number | null;
  trainingAccuracy: number | null;
  /** Always answering the training set's largest segment: its accuracy on the held-out customers. */
  baselineAccuracy: number | null;
  baselineSegment: string | null;
  rules: SegmentRule[];
  /** Per segment: customers, held-out customers, the share of those the rules place there (recall), rules. */
  segments: { segment: number; name: string; customers: number; heldOutCustomers: number; heldOutRecall: number | null; rules: number }[];
  /** The fitted tree (feature = index into `features`), for reproducing the rules. */
  tree: TreeNode | null;
  /** What the rules show and what they do not, in plain words generated from the numbers. */
  summary: string;
}

const FEATURE_LABELS: Record<string, { label: string; kind: RuleFeature["kind"] }> = {
  recency_days: { label: "days since last order", kind: "days" },
  frequency: { label: "orders", kind: "count" },
  monetary: { label: "revenue", kind: "money" },
  aov: { label: "average order value", kind: "money" },
  tenure_days: { label: "days since first order", kind: "days" },
  distinct_products: { label: "distinct products", kind: "count" },
  interactions: { label: "interactions", kind: "count" },
  sessions: { label: "sessions", kind: "count" },
  failed_share: { label: "share of failed orders", kind: "number" },
};

function formatValue(v: number, f: RuleFeature, currency: string | null): string {
  if (f.kind === "money") {
    const body = formatCount(v, Number.isInteger(v) ? 0 : 2);
    return formatMoney(1, currency).replace("1.00", body);
  }
  return formatCount(v, Number.isInteger(v) ? 0 : 2);
}

/** A condition in words: "orders ≥ 4", "revenue < £1,950", "orders 2–3". */
export function conditionText(f: RuleFeature, min: number | null, max: number | null, currency: string | null = null): string {
  const fmt = (v: number) => formatValue(v, f, currency);
  const intMax = f.integer && max !== null && Number.isInteger(max);
  if (min !== null && max !== null) {
    if (intMax) return max - 1 === min ? `${f.label} = ${fmt(min)}` : `${f.label} ${fmt(min)}–${fmt(max - 1)}`;
    return `${f.label} ${fmt(min)} to under ${fmt(max)}`;
  }
  if (min !== null) return `${f.label} ≥ ${fmt(min)}`;
  if (max !== null) return intMax ? `${f.label} ≤ ${fmt(max - 1)}` : `${f.label} < ${fmt(max)}`;
  return "";
}

/** A seeded split of 0..n−1 into held-out (`testShare` of n) and training rows, each sorted. */
export function heldOutSplit(n: number, testShare: number, seed: number): { train: Int32Array; test: Int32Array } {
  const order = Int32Array.from({ length: n }, (_, i) => i);
  const r = rng(seed);
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(r() * (i + 1));
    [order[i], order[j]] = [order[j], order[i]];
  }
  const m = Math.round(n * testShare);
  return { test: order.slice(0, m).sort(), train: order.slice(m).sort() };
}

/**
 * Learns the rules from the segmented customers: `columns` (feature name → values per customer, in the
 * segmentation's units), `segments` (1..k per customer) and `names` (name of segment s at s − 1).
 */
export function segmentRules(
  columns: Record<string, ArrayLike<number>>,
  segments: ArrayLike<number>,
  names: readonly string[],
  options: SegmentRulesOptions & { currency?: string | null } = {},
): SegmentRules {
  const o: Required<SegmentRulesOptions> = { ...SEGMENT_RULES_DEFAULTS };
  for (const [key, value] of Object.entries(options)) if (value !== undefined && key in o) (o as Record<string, unknown>)[key] = value;
  const currency = options.currency ?? null;
  const n = segments.length;
  const k = names.length;
  const featureNames = Object.keys(columns);
  const cols = featureNames.map((c) => columns[c]);
  const features: RuleFeature[] = featureNames.map((column, j) => {
    const known = FEATURE_LABELS[column] ?? { label: column.replace(/_/g, " "), kind: "number" as const };
    // money is continuous even when the values happen to be whole: only counts and days read "≤ 3" for "< 4"
    let integer = known.kind !== "money";
    for (let i = 0; i < n && integer; i++) integer = Number.isInteger(cols[j][i]);
    return { column, ...known, integer };
  });
  const base: SegmentRules = {
    status: "insufficient",
    reason: null,
    options: o,
    features,
    customers: n,
    trainingCustomers: 0,
    heldOutCustomers: 0,
    heldOutAccuracy: null,
    trainingAccuracy: null,
    baselineAccuracy: null,
    baselineSegment: null,
    rules: [],
    segments: [],
    tree: null,
    summary: "",
  };
  const refuse = (reason: string): SegmentRules => ({ ...base, reason, summary: `No segment rules: ${reason.charAt(0).toLowerCase()}${reason.slice(1)}` });
  if (k < 2) return refuse("There is only one segment, so there is nothing to tell apart.");
  if (n < o.minCustomers) return refuse(`Only ${formatCount(n)} customers were segmented; rules need at least ${formatCount(o.minCustomers)} to learn from and check on.`);

  const labels = Int32Array.from(segments, (s) => s - 1);
  const { train, test } = heldOutSplit(n, o.testShare, o.seed);
  const minLeaf = Math.max(5, Math.ceil(o.minLeafShare * train.length));
  const tree = fitDecisionTree({ columns: cols, labels, classes: k }, { maxDepth: o.maxDepth, minLeaf }, train);
  const predicted = predictTree(tree, cols, n);
  const accuracy = (rows: Int32Array) => {
    let ok = 0;
    for (const i of rows) if (predicted[i] === labels[i]) ok++;
    return rows.length ? ok / rows.length : null;
  };
  const trainCounts = new Array<number>(k).fill(0);
  for (const i of train) trainCounts[labels[i]]++;
  let majority = 0;
  for (let s = 1; s < k; s++) if (trainCounts[s] > trainCounts[majority]) majority = s;
  let baselineHits = 0;
  for (const i of test) if (labels[i] === majority) baselineHits++;

  const isTest = new Uint8Array(n);
  for (const i of test) isTest[i] = 1;
  const rules: SegmentRule[] = treePaths(tree).map((path) => {
    const bounds = new Map<number, { min: number | null; max: number | null }>();
    for (const c of path.conditions) {
      const b = bounds.get(c.feature) ?? { min: null, max: null };
      if (c.op === ">=") b.min = b.min === null ? c.cut : Math.max(b.min, c.cut);
      else b.max = b.max === null ? c.cut : Math.min(b.max, c.cut);
      bounds.set(c.feature, b);
    }
    const conditions: RuleCondition[] = [...bounds.entries()]
      .sort((a, b) => a[0] - b[0])
      .map(([j, b]) => ({ column: features[j].column, min: b.min, max: b.max, text: conditionText(features[j], b.min, b.max, currency) }));
    let customers = 0, heldOut = 0, heldOutHits = 0;
    for (let i = 0; i < n; i++) {
      const inRule = conditions.every((c) => {
        const v = cols[featureNames.indexOf(c.column)][i];
        return (c.min === null || v >= c.min) && (c.max === null || v < c.max);
      });
      if (!inRule) continue;
      customers++;
      if (isTest[i]) (heldOut++, labels[i] === path.leaf.predicted && heldOutHits++);
    }
    return {
      segment: path.leaf.predicted + 1,
      name: names[path.leaf.predicted],
      conditions,
      text: conditions.length ? conditions.map((c) => c.text).join(" and ") : "every customer",
      customers,
      coverage: n ? customers / n : 0,
      heldOutCustomers: heldOut,
      heldOutPrecision: heldOut ? heldOutHits / heldOut : null,
    };
  });
  rules.sort((a, b) => a.segment - b.segment || b.customers - a.customers);

  const perSegment = names.map((name, s) => {
    let customers = 0, heldOut = 0, found = 0;
    for (let i = 0; i < n; i++) {
      if (labels[i] !== s) continue;
      customers++;
      if (isTest[i]) (heldOut++, predicted[i] === s && found++);
    }
    return { segment: s + 1, name, customers, heldOutCustomers: heldOut, heldOutRecall: heldOut ? found / heldOut : null, rules: rules.filter((r) => r.segment === s + 1).length };
  });
  const result: SegmentRules = {
    ...base,
    status: "ok",
    trainingCustomers: train.length,
    heldOutCustomers: test.length,
    heldOutAccuracy: accuracy(test),
    trainingAccuracy: accuracy(train),
    baselineAccuracy: test.length ? baselineHits / test.length : null,
    baselineSegment: names[majority],
    rules,
    segments: perSegment,
    tree,
  };
  result.summary = rulesSummary(result);
  return result;
}

/** Plain-words summary of the rules, every number from the result. */
export function rulesSummary(r: SegmentRules): string {
  if (r.status !== "ok") return r.summary;
  const parts = [
    `${formatCount(r.rules.length)} rules from a decision tree of depth ${r.options.maxDepth} on ${r.features.map((f) => f.label).join(", ")} give the right segment for ${formatPct(r.heldOutAccuracy ?? NaN)} of ${formatCount(r.heldOutCustomers)} held-out customers, against ${formatPct(r.baselineAccuracy ?? NaN)} for always answering the largest segment (${r.baselineSegment}).`,
  ];
  const missed = r.segments.filter((s) => s.rules === 0);
  if (missed.length) parts.push(`No rule of this depth singles out ${missed.map((s) => `${s.name} (${formatCount(s.customers)} customers)`).join(", ")}.`);
  parts.push(
    "The rules explain the segmentation in words a stakeholder can check; they do not validate it: the segments were made from these same features, so a high accuracy is expected and says nothing about whether the segments behave differently in future.",
  );
  return parts.join(" ");
}
