/**
 * The sufficiency table: every rule's every check fails on some purpose-built store and passes on another
 * (no rule that can never fire, none that always fires); the segmentation verdict's every weakness is
 * reachable; the plausibility check of predictions by hand.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadStore } from "../../src/data/index.js";
import {
  buildInsights,
  clvPlausibility,
  segmentQuality,
  SUFFICIENCY,
  SUFFICIENCY_THRESHOLDS,
  type BusinessInsights,
  type FindingId,
  type SegmentationDiagnostics,
  type SegmentSummary,
} from "../../src/insights/index.js";
import { fixtureStore } from "./fixture.js";
import { STORES, writeStoreDir } from "./stores.js";

const parent = fs.mkdtempSync(path.join(os.tmpdir(), "sufficiency-"));
afterAll(() => fs.rmSync(parent, { recursive: true, force: true }));

const twoSegments: SegmentSummary[] = [
  { segment: 1, name: "High", customers: 60, shareOfCustomers: 0.3, shareOfRevenue: 0.7, medians: { recency_days: 30, frequency: 4 } },
  { segment: 2, name: "Low", customers: 140, shareOfCustomers: 0.7 - 1e-9, shareOfRevenue: 0.3, medians: { recency_days: 200, frequency: 1 } },
];

describe("the sufficiency table", () => {
  const results = new Map<string, BusinessInsights>();
  beforeAll(async () => {
    for (const [name, spec] of Object.entries(STORES)) {
      const { store } = await loadStore({ dataset: "canonical", input: writeStoreDir(spec, parent) });
      results.set(name, buildInsights({ store, segments: twoSegments }));
      if (name === "rich") results.set("rich without segmentation", buildInsights({ store }));
    }
  }, 120_000);

  it("covers every finding, with positive minimums and a remedy for every 'cannot tell'", () => {
    for (const [id, rule] of Object.entries(SUFFICIENCY)) {
      expect(rule.checks.length, id).toBeGreaterThan(0);
      for (const c of rule.checks) expect(c.min, `${id}.${c.measure}`).toBeGreaterThan(0);
      if (rule.whenInsufficient === "cannot_tell") expect(rule.remedy, id).toBeTruthy();
    }
  });

  it("every check of every rule fails on some purpose-built store, and every rule passes on another", () => {
    const failed = new Map<string, Set<string>>();
    const passed = new Map<string, Set<string>>();
    for (const [store, ins] of results) {
      for (const e of ins.sufficiency) {
        if (e.status === "omitted" || e.status === "cannot_tell") {
          const key = `${e.finding}.${e.failed}`;
          failed.set(key, (failed.get(key) ?? new Set()).add(store));
          // the status matches the rule's documented outcome
          expect(e.status, key).toBe(SUFFICIENCY[e.finding as FindingId].whenInsufficient === "omit" ? "omitted" : "cannot_tell");
        } else passed.set(e.finding, (passed.get(e.finding) ?? new Set()).add(store));
      }
    }
    for (const [id, rule] of Object.entries(SUFFICIENCY)) {
      expect(passed.get(id)?.size ?? 0, `${id} passes somewhere`).toBeGreaterThan(0);
      for (const c of rule.checks) expect([...(failed.get(`${id}.${c.measure}`) ?? [])], `${id}.${c.measure} fails somewhere`).not.toEqual([]);
    }
  });

  it("the stores fail for the documented reasons", () => {
    const reason = (store: string, id: string) => results.get(store)!.sufficiency.find((e) => e.finding === id)!.reason;
    expect(reason("tiny", "top_customer_share")).toBe("only 10 customers have a completed order (at least 20 needed)");
    expect(reason("tiny", "product_concentration")).toBe("only 5 products sold (at least 10 needed)");
    expect(reason("tiny", "engagement_spikes")).toBe("interactions cover 10 days (at least 28 needed)");
    expect(reason("fewInteractors", "interaction_conversion")).toBe("only 10 customers interacted (at least 20 needed)");
    expect(reason("noGeography", "top_market")).toBe("neither country nor region is recorded for at least 50% of completed orders");
    expect(reason("noCompleted", "revenue_overview")).toBe("the store has no completed orders");
    expect(reason("fourMonths", "predicted_clv")).toMatch(/^the completed orders span 4 months \(2024-01-0\d to 2024-04-\d\d\); at least 180 days are needed$/);
    expect(reason("rich without segmentation", "segment_quality")).toBe("no segmentation with at least two segments ran");
    expect(reason("noStatuses", "order_failures")).toBe("the store records no order outcome: every order is marked completed, so failed and canceled orders are not in the data");
  });
});

describe("segmentation verdict", () => {
  const healthy: SegmentationDiagnostics = { k: 2, silhouette: 0.4, stabilityAri: 0.9, recencyP10Days: 5, recencyP90Days: 200, customers: 200, unknownSpendCustomers: 0 };
  const T = SUFFICIENCY_THRESHOLDS;
  it("holds up when no rule fires", () => {
    const q = segmentQuality(twoSegments, healthy);
    expect(q.weak).toBe(false);
    expect(q.sentence).toBe(
      "Segments hold up: silhouette 0.40, stability 0.90, largest segment 70.0% of customers (rules: silhouette ≥ 0.25, stability ≥ 0.75, no segment with ≥ 70% of customers or ≥ 95% of revenue).",
    );
  });
  it("each weakness is reachable, with its number and rule in the sentence", () => {
    const cases: [Partial<SegmentationDiagnostics>, SegmentSummary[], string, string][] = [
      [{ silhouette: T.segmentMinSilhouette - 0.01 }, twoSegments, "silhouette", "mean silhouette 0.24 is below 0.25 (no substantial structure)"],
      [{ stabilityAri: 0.65 }, twoSegments, "stability", "stability 0.65 (adjusted Rand across bootstrap fits) is below 0.75"],
      [{}, [{ ...twoSegments[0], shareOfCustomers: 0.23 }, { ...twoSegments[1], shareOfCustomers: 0.77 }], "customer_share", "one segment (Low) holds 77.0% of the customers (rule: 70%)"],
      [{}, [{ ...twoSegments[0], shareOfRevenue: 1 }, { ...twoSegments[1], shareOfRevenue: 0 }], "revenue_share", "one segment (High) holds 100.0% of the revenue (rule: 95%)"],
      [{ recencyP10Days: 1, recencyP90Days: 1 }, twoSegments, "recency_spread", "recency has no spread (10th to 90th percentile within 0 days, rule: 7)"],
      [{ unknownSpendCustomers: 97 }, twoSegments, "unknown_spend", "spend is unknown for 97 of 200 customers (48.5%: completed orders without lines)"],
    ];
    for (const [patch, segs, check, text] of cases) {
      const q = segmentQuality(segs, { ...healthy, ...patch });
      expect(q.weaknesses.map((w) => w.check), check).toEqual([check]);
      expect(q.sentence).toMatch(/^Segments are weak: /);
      expect(q.sentence).toContain(text);
    }
  });
  it("with spend unknown for some customers, a segment's share is of the recorded revenue", () => {
    const q = segmentQuality([{ ...twoSegments[0], shareOfRevenue: 1 }, { ...twoSegments[1], shareOfRevenue: 0 }], { ...healthy, unknownSpendCustomers: 97 });
    expect(q.sentence).toContain("one segment (High) holds 100.0% of the recorded revenue (rule: 95%)");
    expect(q.headline).toContain("one segment holds 100.0% of recorded revenue");
  });
});

describe("plausibility of a prediction", () => {
  it("compares with the store's revenue over the last horizon, scaled up when the history is shorter", () => {
    // fixture: completed orders Jan 5 (25), Jan 20 (22), Feb 10 (50), Mar 3 (20): 58 days + 1 = 59-day window, 117 earned
    const p = clvPlausibility(fixtureStore(), 1000, 365);
    expect(p.windowDays).toBe(59);
    expect(p.recentRevenue).toBe(117);
    expect(p.recentRevenuePerHorizon).toBeCloseTo((117 * 365) / 59, 10);
    expect(p.ratio).toBeCloseTo(1000 / ((117 * 365) / 59), 10);
    expect(p.plausible).toBe(true);
    // a 30-day horizon: only orders after Feb 2 (50 + 20) count
    const q = clvPlausibility(fixtureStore(), 200, 30);
    expect(q.recentRevenue).toBe(70);
    expect(q.ratio).toBeCloseTo(200 / 70, 10);
    expect(q.plausible).toBe(false);
  });
});
