/**
 * `runAnalysis` on every transactional store in ../shared/data (UCI Online Retail I and II, the three-file
 * store, Shop Smart): the findings pass `assertHonest` against the pandas referee run on the source files,
 * and the points the issue saw on each store. Each store skips with a plain message when absent.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import pl from "nodejs-polars";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DatasetSpec } from "../../src/data/index.js";
import { projectPaths } from "../../src/paths.js";
import { caseStudyFigures, exportFiles, runAnalysis, type AnalysisResult } from "../../src/pipeline/index.js";
import { kChoiceHtml } from "../../src/pipeline/views.js";
import { assertHonest, csvColumn, entry, finding, hasPandas, referee, type Referee } from "./honest.js";

const data = projectPaths().sharedData;
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "real-stores-"));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

interface Case {
  name: string;
  spec: DatasetSpec;
  /** The file or folder that must exist. */
  input: string;
  /** The referee's format and input (a parquet is converted to CSV first: Debian's pandas reads no parquet). */
  referee: { format: "shopsmart" | "three-file" | "online-retail"; input: string };
}

const uci = (dir: string, file: string): Case => {
  const input = path.join(data, dir, file);
  return { name: file, spec: { dataset: "online-retail", input }, input, referee: { format: "online-retail", input } };
};
const CASES: Record<string, Case> = {
  shopsmart: {
    name: "Shop Smart",
    spec: { dataset: "shopsmart", input: path.join(data, "shopsmart") },
    input: path.join(data, "shopsmart", "orders.csv"),
    referee: { format: "shopsmart", input: path.join(data, "shopsmart") },
  },
  threeFile: {
    name: "three-file",
    spec: { dataset: "three-file", input: path.join(data, "zeotap-ecommerce") },
    input: path.join(data, "zeotap-ecommerce", "Transactions.csv"),
    referee: { format: "three-file", input: path.join(data, "zeotap-ecommerce") },
  },
  uci1: uci("uci-online-retail", "online_retail.parquet"),
  uci2: uci("uci-online-retail-ii-2009-2010", "online_retail_II_2009-2010.parquet"),
};

/** Runs the analysis and the referee once for a case (skipped when its data are absent). */
function setup(c: Case): { present: boolean; get: () => { result: AnalysisResult; ref: Referee | null } } {
  const present = fs.existsSync(c.input);
  if (!present) console.warn(`skipped: ${c.name} findings test (${c.input} not present)`);
  let value: { result: AnalysisResult; ref: Referee | null };
  beforeAll(async () => {
    if (!present) return;
    const result = await runAnalysis(c.spec);
    let ref: Referee | null = null;
    if (hasPandas) {
      let input = c.referee.input;
      if (input.endsWith(".parquet")) {
        input = path.join(tmp, path.basename(input).replace(/\.parquet$/, ".csv"));
        pl.readParquet(c.referee.input).writeCSV(input);
      }
      ref = await referee(c.referee.format, input);
    }
    value = { result, ref };
  }, 300_000);
  return { present, get: () => value };
}

const shop = setup(CASES.shopsmart);
describe.skipIf(!shop.present)("Shop Smart: 14 minutes of orders, half without lines, three currency tags", () => {
  it("passes every point against the referee", () => assertHonest(shop.get().result, shop.get().ref));
  it("states lost value as a lower bound with its coverage: at least 44.68M (3,046 of 6,167 have lines)", () => {
    const { result, ref } = shop.get();
    const f = finding(result, "order_failures")!;
    expect(f.title).toBe(
      "33.6% of orders failed and 33.7% were canceled: at least 44.68M (mixed currencies) not collected (3,046 of 6,167 failed or canceled orders have lines)",
    );
    expect(f.evidence.known_lost_value).toBe(44682020.5);
    if (ref) expect(f.evidence.known_lost_value).toBeCloseTo(ref.lost_value_known, 2);
    const rev = finding(result, "revenue_overview")!;
    expect(rev.title).toBe("At least 22.76M (mixed currencies) revenue from 2,998 completed orders by 2,998 customers (1,548 of 2,998 completed orders have lines)");
    expect(rev.bound).toBe("lower");
  });
  it("does not predict from 14 minutes, has no peak month, cannot tell repeat buying, and calls the segments weak", () => {
    const { result } = shop.get();
    expect(finding(result, "predicted_clv")!.title).toBe(
      "Cannot predict customer lifetime value: the completed orders span 14 minutes (2024-03-30); at least 180 days are needed",
    );
    expect(new Set(csvColumn(exportFiles(result)["customer_clv.csv"], "predicted_clv"))).toEqual(new Set([""]));
    expect(entry(result, "peak_month").status).toBe("omitted");
    expect(entry(result, "repeat_buyers").status).toBe("cannot_tell");
    const q = finding(result, "segment_quality")!;
    expect(q.value).toBe("weak");
    expect(String(q.evidence.weaknesses).split(", ")).toEqual(expect.arrayContaining(["revenue_share", "recency_spread", "unknown_spend"]));
    expect(entry(result, "most_valuable_segment")).toMatchObject({ status: "omitted", failed: "known_spend_share" });
  });
  it("never counts the 1,450 customers without recorded spend as 0: the Pareto curve ranks the 1,548 with lines (pandas: top 310 bring 40.8%)", () => {
    const { result } = shop.get();
    const files = exportFiles(result);
    const rank = csvColumn(files["pareto.csv"], "rank");
    const revenueIs = csvColumn(files["pareto.csv"], "revenue_is");
    expect(rank.filter((v) => v !== "").length).toBe(1548);
    expect(revenueIs.filter((v) => v === "unknown").length).toBe(1450);
    expect(new Set(csvColumn(files["pareto.csv"], "revenue").filter((_, i) => revenueIs[i] === "unknown"))).toEqual(new Set([""]));
    expect(csvColumn(files["pareto.csv"], "cumulative_revenue_share")[309]).toBe("0.408");
    const top = finding(result, "top_customer_share")!;
    expect(top.evidence).toMatchObject({ customers: 1548, top_customers: 310, top_revenue: 9287307.99, share: 0.408 });
    // clv_by_segment: the segment holding the unknown spends is a lower bound, and no share of all revenue is claimed
    expect(new Set(csvColumn(files["clv_by_segment.csv"], "share_of_revenue"))).toEqual(new Set([""]));
    expect(csvColumn(files["clv_by_segment.csv"], "customers_with_unknown_spend").map(Number).reduce((a, b) => a + b, 0)).toBe(1450);
  });
  it("has a data card with the 14-minute span, partial lines and mixed currencies from the store", () => {
    const { result, ref } = shop.get();
    const card = result.insights.data_card;
    expect(card.period.label).toBe("14 minutes");
    expect(card.currency).toMatchObject({ code: null, mixed: true });
    if (ref) for (const [code, n] of Object.entries(ref.currency_tags!)) expect(card.currency.note).toContain(`${code} ${n.toLocaleString("en-US")}`);
    expect(card.records.find((r) => r.key === "order_lines")!.detail).toMatch(/^4,594 of 9,165 orders have line items \(completed orders: 1,548 of 2,998\)/);
    expect(card.summary).toContain("Amounts are summed across currencies (customers tagged GBP, NGN, USD).");
  });
});

const three = setup(CASES.threeFile);
describe.skipIf(!three.present)("three-file store: no statuses, no interactions, region only", () => {
  it("passes every point against the referee", () => assertHonest(three.get().result, three.get().ref));
  it("cannot tell failures, exports unknown interactions as empty, and says South America is the top region", () => {
    const { result, ref } = three.get();
    expect(finding(result, "order_failures")!.value).toBe("cannot tell");
    expect(new Set(csvColumn(exportFiles(result)["revenue_by_region.csv"], "interactions"))).toEqual(new Set([""]));
    const top = finding(result, "top_market")!;
    expect(top.title).toBe("South America is the largest region: 31.8% of revenue from 29.6% of customers");
    if (ref) expect(top.evidence.share_of_revenue).toBeCloseTo(ref.by_region!["South America"].share_of_revenue, 4);
    expect(finding(result, "best_market")!.title).toMatch(/^Best region: /);
    expect(caseStudyFigures(result)["order-status"]).toBeUndefined();
  });
  it("tells the reader the k = 2 segmentation is weak: stability 0.65 and one segment with 77% of customers", () => {
    const { result } = three.get();
    const q = finding(result, "segment_quality")!;
    expect(q.title).toBe("Segments are weak: stability 0.65 < 0.75; one segment holds 76.9% of customers");
    expect(q.recommendation).toMatch(
      /^Segments are weak: stability 0\.65 \(adjusted Rand across bootstrap fits\) is below 0\.75, so the split changes with the sample; one segment \(Recent big spenders\) holds 76\.9% of the customers \(rule: 70%\)\. Treat the segments as a rough split/,
    );
    expect(kChoiceHtml(result)).toContain("<strong>Segments are weak: stability 0.65 (adjusted Rand across bootstrap fits) is below 0.75");
  });
});

for (const key of ["uci1", "uci2"] as const) {
  const c = CASES[key];
  const s = setup(c);
  describe.skipIf(!s.present)(`UCI ${c.name}: credit notes without lines, one currency, a year of history`, () => {
    it("passes every point against the referee", () => assertHonest(s.get().result, s.get().ref));
    it("keeps exact revenue, leaves the credit notes' value unrecorded, and predicts within the store's history", () => {
      const { result } = s.get();
      expect(finding(result, "revenue_overview")!.bound).toBeUndefined();
      expect(finding(result, "order_failures")!.title).toMatch(/ of orders were canceled or returned \(value not recorded\)$/);
      const clv = finding(result, "predicted_clv")!;
      expect(clv.evidence.model).toBe("bgnbd-gamma-gamma");
      expect(clv.evidence.plausibility).toBe("within the store's history");
      expect(finding(result, "top_market")!.value).toBe("United Kingdom");
      expect(finding(result, "segment_quality")!.value).toBe("holds up");
      expect(result.insights.data_card.currency).toEqual({ code: "GBP", mixed: false, note: null });
    });
  });
}

describe("the default synthetic store", () => {
  let result: AnalysisResult;
  let ref: Referee | null = null;
  beforeAll(async () => {
    result = await runAnalysis({ dataset: "synthetic", seed: 42 });
    if (hasPandas) {
      // the referee reads the cleaned tables as canonical CSV (the synthetic store has no source files)
      const dir = fs.mkdtempSync(path.join(tmp, "synthetic-"));
      const s = result.store;
      s.orders.writeCSV(path.join(dir, "orders.csv"));
      s.order_lines.writeCSV(path.join(dir, "order_lines.csv"));
      s.customers!.select("customer_id", "country", "region").writeCSV(path.join(dir, "customers.csv"));
      ref = await referee("canonical", dir);
    }
  }, 300_000);
  it("passes every point against the referee; 2 of 7,804 completed orders lost their lines to cleaning, so revenue is a lower bound", () => {
    assertHonest(result, ref);
    expect(finding(result, "revenue_overview")!.title).toBe(
      "At least £6.26M revenue from 7,804 completed orders by 1,831 customers (7,802 of 7,804 completed orders have lines)",
    );
    // below the 1% materiality share the derived numbers stay over all orders (the average order value, the shares)
    expect(finding(result, "revenue_overview")!.evidence.aov).toBe(802.72);
    expect(finding(result, "top_customer_share")!.value).toBe(0.9257);
    expect(finding(result, "segment_quality")!.value).toBe("holds up");
    expect(caseStudyFigures(result)["order-status"]).toBeDefined();
  });
});
