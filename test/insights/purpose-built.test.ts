/**
 * `runAnalysis` on small purpose-built stores (test/insights/stores.ts), each lacking one thing: one month of
 * orders, no statuses, no repeat buyers, half the orders without lines, a single region; plus a rich store
 * that has everything. Each store's findings pass `assertHonest` (bounds and coverage against the pandas
 * referee on the same CSV files) and the points specific to what it lacks.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runAnalysis, exportFiles, caseStudyFigures, type AnalysisResult } from "../../src/pipeline/index.js";
import { kChoiceHtml } from "../../src/pipeline/views.js";
import { assertHonest, csvColumn, entry, finding, hasPandas, referee, type Referee } from "./honest.js";
import { STORES, writeStoreDir, type StoreSpec } from "./stores.js";

const parent = fs.mkdtempSync(path.join(os.tmpdir(), "purpose-built-"));
afterAll(() => fs.rmSync(parent, { recursive: true, force: true }));

/** Writes the store, runs the analysis (k scanned 2…6) and, with pandas, the referee. */
function setup(spec: StoreSpec): { get: () => { result: AnalysisResult; ref: Referee | null } } {
  let value: { result: AnalysisResult; ref: Referee | null };
  beforeAll(async () => {
    const dir = writeStoreDir(spec, parent);
    const result = await runAnalysis({ dataset: "canonical", input: dir }, { kMax: 6 });
    value = { result, ref: hasPandas ? await referee("canonical", dir) : null };
  }, 120_000);
  return { get: () => value };
}

describe("a rich store: every finding is shown as computed", () => {
  const s = setup(STORES.rich);
  it("passes every rule, with exact numbers equal to the referee's", () => {
    const { result, ref } = s.get();
    assertHonest(result, ref);
    for (const e of result.insights.sufficiency) expect(`${e.finding}: ${e.status}`).toBe(`${e.finding}: shown`);
    expect(result.insights.data_card.records.every((r) => r.status === "recorded" || r.key === "signup_dates")).toBe(true);
    expect(finding(result, "predicted_clv")!.evidence.model).toBe("bgnbd-gamma-gamma");
  });
});

describe("one month of orders", () => {
  const s = setup(STORES.oneMonth);
  it("has no peak month, no month-1 retention, cannot tell repeat buying and will not predict", () => {
    const { result, ref } = s.get();
    assertHonest(result, ref);
    expect(entry(result, "peak_month")).toMatchObject({ status: "omitted", failed: "revenue_months", reason: "revenue covers 1 calendar month; a peak needs at least 3" });
    expect(entry(result, "month1_retention")).toMatchObject({ status: "omitted", failed: "retention_customers" });
    expect(entry(result, "repeat_buyers")).toMatchObject({ status: "cannot_tell", failed: "span_days" });
    expect(finding(result, "repeat_buyers")!.title).toMatch(/^Cannot tell whether customers come back: the completed orders span 2\d days \(2024-03-0\d to 2024-03-\d\d\); at least 90 days are needed$/);
    expect(entry(result, "predicted_clv")).toMatchObject({ status: "cannot_tell", failed: "span_days" });
    const time = result.insights.data_card.records.find((r) => r.key === "time_span")!;
    expect(time.status).toBe("partial");
    expect(time.detail).toContain("1 calendar month");
    expect(time.detail).toContain("too short to judge repeat buying (90 days), predicted lifetime value (180 days), seasonality (12 months)");
    expect(result.insights.data_card.period.months).toBe(1);
    // the revenue baseline does not pretend a monthly rate exists in under 28 days… but 28 days are a month
    expect(finding(result, "revenue_overview")!.recommendation).toMatch(/orders a month|too short for a monthly rate/);
  });
});

describe("no order statuses: every order is completed", () => {
  const s = setup(STORES.noStatuses);
  it("cannot tell failures (not 0.0%), exports unknown status counts as empty, draws no status chart", () => {
    const { result, ref } = s.get();
    assertHonest(result, ref);
    const f = finding(result, "order_failures")!;
    expect(f.title).toBe(
      "Cannot tell how many orders failed or were canceled: the store records no order outcome: every order is marked completed, so failed and canceled orders are not in the data",
    );
    expect(f.unit).toBe("text");
    expect(f.recommendation).toMatch(/^Export failed and canceled orders/);
    const status = exportFiles(result)["order_status.csv"];
    expect(csvColumn(status, "orders")).toEqual([String(ref?.orders ?? csvColumn(status, "orders")[0]), "", "", ""]);
    expect(csvColumn(status, "value_is")).toEqual(["exact", "unknown", "unknown", "unknown"]);
    expect(caseStudyFigures(result)["order-status"]).toBeUndefined();
    expect(result.insights.data_card.records.find((r) => r.key === "order_statuses")!.status).toBe("missing");
  });
});

describe("no repeat buyers over 400 days", () => {
  const s = setup(STORES.noRepeat);
  it("shows 0% repeat buying over a long enough window and refuses to predict CLV, saying why", () => {
    const { result, ref } = s.get();
    assertHonest(result, ref);
    expect(finding(result, "repeat_buyers")!.value).toBe(0);
    const clv = finding(result, "predicted_clv")!;
    expect(entry(result, "predicted_clv")).toMatchObject({ status: "cannot_tell", failed: "repeat_buyers" });
    expect(clv.title).toBe("Cannot predict customer lifetime value: no customer has a second completed order");
    expect(clv.evidence.repeat_buyers).toBe(0);
  });
});

describe("half the orders without lines", () => {
  const s = setup(STORES.halfLines);
  it("gives revenue and lost value as lower bounds with their coverage, shares over known spend, and a weak segmentation", () => {
    const { result, ref } = s.get();
    assertHonest(result, ref);
    const rev = finding(result, "revenue_overview")!;
    expect(rev.bound).toBe("lower");
    expect(rev.evidence.revenue_is).toBe("lower bound");
    expect(rev.evidence.aov_over).toBe("completed orders with lines");
    if (ref) expect(rev.evidence.aov).toBeCloseTo(ref.completed_revenue_known / ref.completed_orders_with_lines, 2);
    expect(entry(result, "order_failures").status).toBe("bound");
    expect(finding(result, "order_failures")!.title).toMatch(/: at least €[\d,]+ not collected \(\d+ of \d+ failed or canceled orders have lines\)$/);
    const top = finding(result, "top_customer_share")!;
    expect(top.title).toMatch(/\(among the [\d,]+ customers whose orders all have lines\)$/);
    if (ref) expect(top.evidence.customers).toBe(ref.customers - ref.customers_with_unknown_spend);
    const q = finding(result, "segment_quality")!;
    expect(q.value).toBe("weak");
    expect(String(q.evidence.weaknesses)).toContain("unknown_spend");
    expect(entry(result, "most_valuable_segment")).toMatchObject({ status: "omitted", failed: "known_spend_share" });
    expect(entry(result, "most_valuable_segment").reason).toMatch(/^spend is unknown for [\d,]+ of [\d,]+ customers \([\d.]+%: completed orders without lines\), so no segment's share of revenue is known/);
    expect(kChoiceHtml(result)).toContain("Segments are weak:");
  });
});

describe("a single region, no country", () => {
  const s = setup(STORES.singleRegion);
  it("uses the region level, and with one region leaves out top, best and worst market with the reason", () => {
    const { result, ref } = s.get();
    assertHonest(result, ref);
    for (const id of ["top_market", "best_market", "worst_market"])
      expect(entry(result, id)).toMatchObject({
        status: "omitted",
        failed: "eligible_markets",
        reason: "only 1 region passes the minimum-size rule (at least 1% of customers or 50 completed orders, and 10 customers); at least 2 are needed to compare",
      });
    const geo = result.insights.data_card.records.find((r) => r.key === "geography")!;
    expect(geo).toMatchObject({ status: "partial", detail: "region for 100.0% of completed orders (1 region); no country, so markets are regions" });
    expect(caseStudyFigures(result).geography).toBeDefined();
  });
});

describe("recent lines missing: a prediction above the store's own history is flagged", () => {
  const s = setup(STORES.recentLinesMissing);
  it("flags predicted CLV above 1.5× the last year's recorded revenue", () => {
    const { result, ref } = s.get();
    assertHonest(result, ref);
    const clv = finding(result, "predicted_clv")!;
    expect(clv.evidence.predicted_to_recent_ratio as number).toBeGreaterThan(1.5);
    expect(clv.title).toMatch(/; flagged: [\d.]+× the store's own revenue over the last 365 days \(€[\d,]+\), above the 1\.5× plausibility rule$/);
    expect(clv.recommendation).toMatch(/^Treat this prediction as implausible/);
    expect(entry(result, "predicted_clv").status).toBe("caveat");
  });
});
