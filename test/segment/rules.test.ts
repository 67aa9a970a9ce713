import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import pl from "nodejs-polars";
import { beforeAll, describe, expect, it } from "vitest";
import { analyzeStore, type AnalysisResult } from "../../src/pipeline/index.js";
import { loadStore } from "../../src/data/index.js";
import { projectPaths } from "../../src/paths.js";
import { fitDecisionTree, predictTree, roundCut, treePaths } from "../../src/segment/decision-tree.js";
import { conditionText, heldOutSplit, segmentRules, type RuleFeature } from "../../src/segment/rules.js";

describe("roundCut", () => {
  it("is the roundest number above the lower value and at most the upper one", () => {
    expect(roundCut(1948.615, 1951.2)).toBe(1950);
    expect(roundCut(3, 4)).toBe(4);
    expect(roundCut(90, 91)).toBe(91);
    expect(roundCut(0.12, 0.13)).toBe(0.13);
    expect(roundCut(0.121, 0.1234)).toBe(0.122);
    expect(roundCut(950, 1200)).toBe(1000);
    expect(roundCut(-5, -2)).toBe(-4);
  });
});

describe("decision tree", () => {
  // six customers: orders and revenue; class 1 = orders ≥ 4 and revenue ≥ 1,950
  const orders = [1, 3, 5, 6, 4, 7];
  const revenue = [100, 3000, 1948.2, 2500, 1951.1, 4000];
  const labels = [0, 0, 0, 1, 1, 1];
  it("finds the split a reader would: orders ≥ 4, then revenue ≥ 1,950 (ties go to the first feature)", () => {
    const tree = fitDecisionTree({ columns: [orders, revenue], labels, classes: 2 });
    const paths = treePaths(tree);
    expect(paths.map((p) => [p.conditions.map((c) => `${c.feature}${c.op}${c.cut}`).join(","), p.leaf.predicted])).toEqual([
      ["0<4", 0],
      ["0>=4,1<1950", 0],
      ["0>=4,1>=1950", 1],
    ]);
    expect(Array.from(predictTree(tree, [orders, revenue], 6))).toEqual(labels);
  });
  it("keeps minLeaf rows in every leaf, and stops at maxDepth", () => {
    const tree = fitDecisionTree({ columns: [orders, revenue], labels, classes: 2 }, { minLeaf: 3 });
    for (const p of treePaths(tree)) expect(p.leaf.counts.reduce((a, b) => a + b, 0)).toBeGreaterThanOrEqual(3);
    const stump = fitDecisionTree({ columns: [orders, revenue], labels, classes: 2 }, { maxDepth: 1 });
    expect(treePaths(stump).every((p) => p.conditions.length <= 1)).toBe(true);
  });
  it("merges sibling leaves that predict the same class", () => {
    // a split on x separates 3 rows of class 0 from 3 rows of mostly class 0: no prediction changes
    const tree = fitDecisionTree({ columns: [[1, 2, 3, 4, 5, 6]], labels: [0, 0, 0, 0, 0, 1], classes: 2 }, { minLeaf: 3 });
    expect(treePaths(tree)).toHaveLength(1);
    expect(tree.predicted).toBe(0);
  });
});

describe("rule text", () => {
  const orders: RuleFeature = { column: "frequency", label: "orders", kind: "count", integer: true };
  const revenue: RuleFeature = { column: "monetary", label: "revenue", kind: "money", integer: false };
  it("reads integer bounds as ≤ and money with the currency", () => {
    expect(conditionText(orders, 4, null)).toBe("orders ≥ 4");
    expect(conditionText(orders, null, 4)).toBe("orders ≤ 3");
    expect(conditionText(orders, 2, 4)).toBe("orders 2–3");
    expect(conditionText(orders, 3, 4)).toBe("orders = 3");
    expect(conditionText(revenue, 1950, null, "GBP")).toBe("revenue ≥ £1,950");
    expect(conditionText(revenue, null, 12345.65, "GBP")).toBe("revenue < £12,345.65");
    expect(conditionText(revenue, 500, 1950, null)).toBe("revenue 500 to under 1,950");
  });
});

describe("segmentRules on hand-made customers", () => {
  // 160 customers on a grid: orders 1..8 × revenue {500, 1,000, 1,948, 1,952, 3,000} × recency {20, 150} (noise).
  // Segment 1 = orders ≥ 4 and revenue ≥ 1,950; 2 = orders ≥ 4 and less revenue; 3 = orders ≤ 3.
  const n = 160;
  const frequency = Float64Array.from({ length: n }, (_, i) => 1 + (i % 8));
  const monetary = Float64Array.from({ length: n }, (_, i) => [500, 1000, 1948, 1952, 3000][Math.floor(i / 8) % 5]);
  const recency = Float64Array.from({ length: n }, (_, i) => (Math.floor(i / 40) % 2 ? 150 : 20));
  const segments = Int32Array.from({ length: n }, (_, i) => (frequency[i] >= 4 ? (monetary[i] >= 1950 ? 1 : 2) : 3));
  const names = ["Top spenders / VIP", "Regular loyal", "Occasional"];
  const r = segmentRules({ recency_days: recency, frequency, monetary }, segments, names, { currency: "GBP", minLeafShare: 0 });
  it("reproduces segments that are rules, on held-out customers, far above the majority baseline", () => {
    expect(r.status).toBe("ok");
    expect(r.heldOutAccuracy).toBe(1);
    expect(r.trainingAccuracy).toBe(1);
    expect(r.heldOutCustomers).toBe(40);
    expect(r.baselineAccuracy!).toBeLessThan(0.5);
    expect(r.rules.map((x) => [x.text, x.name, x.customers])).toEqual([
      ["orders ≥ 4 and revenue ≥ £1,950", "Top spenders / VIP", 40],
      ["orders ≥ 4 and revenue < £1,950", "Regular loyal", 60],
      ["orders ≤ 3", "Occasional", 60],
    ]);
  });
  it("rules are mutually exclusive and together cover every customer", () => {
    expect(r.rules.reduce((s, x) => s + x.customers, 0)).toBe(n);
    expect(r.rules.reduce((s, x) => s + x.coverage, 0)).toBeCloseTo(1, 12);
    expect(r.rules.reduce((s, x) => s + x.heldOutCustomers, 0)).toBe(r.heldOutCustomers);
  });
  it("says that it explains and does not validate", () => {
    expect(r.summary).toContain("do not validate");
    expect(r.summary).toContain(`of 40 held-out customers`);
  });
  it("refuses with a reason when there is one segment or too few customers", () => {
    expect(segmentRules({ frequency }, new Int32Array(n).fill(1), ["All"]).reason).toMatch(/only one segment/);
    expect(segmentRules({ frequency: frequency.slice(0, 10) }, segments.slice(0, 10), names).reason).toMatch(/Only 10 customers/);
    expect(segmentRules({ frequency: frequency.slice(0, 10) }, segments.slice(0, 10), names).summary).toMatch(/^No segment rules: only 10/);
  });
  it("is deterministic: the same input and seed give the same rules", () => {
    const again = segmentRules({ recency_days: recency, frequency, monetary }, segments, names, { currency: "GBP", minLeafShare: 0 });
    expect(JSON.stringify(again)).toBe(JSON.stringify(r));
  });
});

const python = "/usr/bin/python3";
const hasSklearn = fs.existsSync(python) && spawnSync(python, ["-c", "import sklearn"]).status === 0;
const uci = path.join(projectPaths().sharedData, "uci-online-retail", "online_retail.parquet");
const hasUci = fs.existsSync(uci);
if (!hasSklearn) console.warn("skipped: segment rules against scikit-learn (Debian /usr/bin/python3 with scikit-learn not present)");
if (!hasUci) console.warn(`skipped: segment rules on UCI Online Retail (${uci} not present); the scikit-learn comparison runs on the synthetic store only`);

describe.skipIf(!hasSklearn)("the rules' tree against scikit-learn's DecisionTreeClassifier (scripts/referee/sklearn_tree.py)", () => {
  const results: [string, AnalysisResult][] = [];
  beforeAll(async () => {
    const specs = [{ dataset: "synthetic" as const, seed: 42 }, ...(hasUci ? [{ dataset: "online-retail" as const, input: uci }] : [])];
    for (const spec of specs) {
      const { store, log } = await loadStore(spec);
      results.push([spec.dataset, await analyzeStore(spec, store, log, { stability: false })]);
    }
  }, 300_000);

  it("same predictions on the training customers, ≥ 99% on held-out ones, same held-out accuracy to 1 point", () => {
    for (const [name, result] of results) {
      const rules = result.rules;
      expect(rules.status, name).toBe("ok");
      const cols = result.model.columns.map((c) => Float64Array.from(result.customers.getColumn(c).cast(pl.Float64).toArray() as number[]));
      const n = result.segments.length;
      const { train, test } = heldOutSplit(n, rules.options.testShare, rules.options.seed);
      const X = Array.from({ length: n }, (_, i) => cols.map((c) => c[i]));
      const y = Array.from(result.segments, (s) => s - 1);
      const minLeaf = Math.max(5, Math.ceil(rules.options.minLeafShare * train.length));
      const r = spawnSync(python, [path.join(projectPaths().root, "scripts", "referee", "sklearn_tree.py")], {
        input: JSON.stringify({ X, y, train: Array.from(train), max_depth: rules.options.maxDepth, min_samples_leaf: minLeaf }),
        encoding: "utf8",
        maxBuffer: 1 << 26,
      });
      expect(r.status, r.stderr).toBe(0);
      const ref = JSON.parse(r.stdout) as { predicted: number[]; accuracy_train: number };
      const ours = predictTree(rules.tree!, cols, n);
      for (const i of train) expect(ours[i], `${name}: training customer ${i}`).toBe(ref.predicted[i]);
      let agree = 0, refHits = 0;
      for (const i of test) (agree += +(ours[i] === ref.predicted[i])), (refHits += +(ref.predicted[i] === y[i]));
      expect(agree / test.length, name).toBeGreaterThanOrEqual(0.99);
      expect(Math.abs(rules.heldOutAccuracy! - refHits / test.length), name).toBeLessThanOrEqual(0.01);
      expect(rules.trainingAccuracy!, name).toBeCloseTo(ref.accuracy_train, 12);
      expect(rules.heldOutAccuracy!, name).toBeGreaterThan(rules.baselineAccuracy! + 0.2);
    }
  });
});
