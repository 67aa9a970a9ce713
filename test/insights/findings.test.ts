import fs from "node:fs";
import path from "node:path";
import Ajv from "ajv";
import { describe, expect, it } from "vitest";
import pl from "nodejs-polars";
import { buildInsights, exportTables, formatCount, formatMoney, formatPct, getMarketingStrategies, insightsToJson, type SegmentSummary } from "../../src/insights/index.js";
import { toCsv } from "../../src/util/csv.js";
import { fixtureStore, relaxedSufficiency } from "./fixture.js";

const schema = JSON.parse(fs.readFileSync(path.join(process.cwd(), "schemas", "business_insights.schema.json"), "utf8"));
const segments: SegmentSummary[] = [
  { segment: 0, name: "Occasional", customers: 2, shareOfCustomers: 2 / 3, shareOfRevenue: 42 / 117, medians: { recency_days: 200, frequency: 1 } },
  { segment: 1, name: "Champions", customers: 1, shareOfCustomers: 1 / 3, shareOfRevenue: 75 / 117, medians: { recency_days: 22, frequency: 2 } },
];

describe("format helpers", () => {
  it("money, percentages and counts", () => {
    expect(formatMoney(1234.5, "GBP")).toBe("£1,234.50");
    expect(formatMoney(2500000, "USD")).toBe("$2.50M");
    expect(formatMoney(12345.67, null)).toBe("12,346");
    expect(formatMoney(-3.5, "GBP")).toBe("-£3.50");
    expect(formatMoney(10, "CHF")).toBe("10.00 CHF");
    expect(formatPct(0.4567)).toBe("45.7%");
    expect(formatCount(12345)).toBe("12,345");
  });
});

describe("buildInsights", () => {
  const ins = buildInsights({ store: fixtureStore(), segments, sufficiency: relaxedSufficiency() });
  const byId = Object.fromEntries(ins.findings.map((f) => [f.id, f]));
  it("validates against the JSON schema", () => {
    const ajv = new Ajv({ allErrors: true, allowUnionTypes: true });
    const ok = ajv.validate(schema, JSON.parse(insightsToJson(ins)));
    expect(ajv.errors ?? []).toEqual([]);
    expect(ok).toBe(true);
  });
  it("states the store's currency and a unit per finding that matches its value's type", () => {
    expect(ins.currency).toBe(fixtureStore().currency);
    const units = Object.fromEntries(ins.findings.map((f) => [f.id, f.unit]));
    expect(units).toMatchObject({
      revenue_overview: "money",
      peak_month: "text",
      top_customer_share: "share",
      repeat_buyers: "share",
      order_failures: "share",
      engagement_spikes: "count",
      most_valuable_segment: "text",
    });
    for (const f of ins.findings) expect(typeof f.value, f.id).toBe(f.unit === "text" ? "string" : "number");
    for (const f of ins.findings.filter((x) => x.unit === "share")) expect(f.value as number, f.id).toBeGreaterThanOrEqual(0);
    for (const f of ins.findings.filter((x) => x.unit === "share")) expect(f.value as number, f.id).toBeLessThanOrEqual(1);
  });
  it("the schema rejects a missing unit, an unknown unit and a text unit on a number", () => {
    const ajv = new Ajv({ allErrors: true, allowUnionTypes: true });
    const doc = JSON.parse(insightsToJson(ins));
    const withFinding = (patch: Record<string, unknown>) => ({ ...doc, findings: [{ ...doc.findings[0], ...patch }] });
    const { unit: _unit, ...noUnit } = doc.findings[0];
    expect(ajv.validate(schema, { ...doc, findings: [noUnit] })).toBe(false);
    expect(ajv.validate(schema, withFinding({ unit: "kg" }))).toBe(false);
    expect(ajv.validate(schema, withFinding({ unit: "text", value: 12 }))).toBe(false);
    const { currency: _c, ...noCurrency } = doc;
    expect(ajv.validate(schema, noCurrency)).toBe(false);
  });
  it("is byte-identical across runs", () => {
    expect(insightsToJson(buildInsights({ store: fixtureStore(), segments, sufficiency: relaxedSufficiency() }))).toBe(insightsToJson(ins));
  });
  it("top 20% share 75/117 = 64.1% > 60% → retention programme, numbers interpolated", () => {
    const f = byId.top_customer_share;
    expect(f.value).toBe(0.641);
    expect(f.title).toBe("The top 20% of customers bring 64.1% of revenue");
    expect(f.recommendation).toContain("retention programme for the top 1 customers (£75.00)");
  });
  it("failed share 1/6 > 5% → fix the payment flow; canceled 1/6 → review cancellations", () => {
    const f = byId.order_failures;
    expect(f.evidence.failed_share).toBe(0.1667);
    expect(f.evidence.lost_value).toBe(130);
    expect(f.recommendation).toMatch(/^Fix the payment flow: 16\.7% of orders failed/);
    expect(f.recommendation).toContain("Review cancellations");
  });
  it("repeat share 1/3 ≥ 30% → healthy repeat buying", () => {
    expect(byId.repeat_buyers.value).toBe(0.3333);
    expect(byId.repeat_buyers.recommendation).toMatch(/^Repeat buying is healthy/);
  });
  it("revenue overview and the segment with the highest value index", () => {
    expect(byId.revenue_overview.value).toBe(117);
    expect(byId.revenue_overview.evidence.aov).toBe(29.25);
    expect(byId.most_valuable_segment.value).toBe("Champions");
    expect(byId.best_market).toBeUndefined(); // no fixture market has the 10 customers the rule asks for
    expect(byId.interaction_conversion.value).toBe(1);
  });
  it("skips engagement findings without interactions", () => {
    const ids = buildInsights({ store: fixtureStore(false), sufficiency: relaxedSufficiency() }).findings.map((f) => f.id);
    expect(ids).not.toContain("engagement_spikes");
    expect(ids).not.toContain("most_valuable_segment");
  });
});

describe("getMarketingStrategies", () => {
  it("a lapsed single-order segment gets win-back and second purchase", () => {
    expect(getMarketingStrategies(segments[0]).map((s) => s.id)).toEqual(["win_back", "second_purchase"]);
  });
  it("a segment with 64% of revenue from 33% of customers (index 1.92 < 2) gets nurture", () => {
    expect(getMarketingStrategies(segments[1]).map((s) => s.id)).toEqual(["nurture"]);
  });
  it("value index ≥ 2 → VIP retention, with the numbers in the text", () => {
    const s = getMarketingStrategies({ segment: 3, name: "VIP", customers: 100, shareOfCustomers: 0.1, shareOfRevenue: 0.5, medians: {} });
    expect(s[0].id).toBe("vip_retention");
    expect(s[0].action).toContain("VIP (100 customers, 10.0% of customers, 50.0% of revenue) brings 5× its share");
  });
});

describe("exportTables", () => {
  it("has the chart tables with equal-length columns, rounded", () => {
    const t = exportTables({ store: fixtureStore() });
    for (const name of ["revenue_by_country.csv", "revenue_by_month.csv", "top_products.csv", "order_status.csv", "cohort_retention.csv", "pareto.csv", "interactions_by_day.csv"])
      expect(Object.keys(t)).toContain(name);
    for (const [name, table] of Object.entries(t)) {
      expect(table.header.length, name).toBe(table.columns.length);
      const n = table.columns[0]?.length ?? 0;
      for (const c of table.columns) expect(c.length, name).toBe(n);
    }
    expect(toCsv(t["order_status.csv"].header, t["order_status.csv"].columns)).toBe(
      "status,orders,share,value,value_is,share_of_value,orders_without_lines\ncompleted,4,0.6667,117,exact,0.4737,0\nfailed,1,0.1667,100,exact,0.4049,0\ncanceled,1,0.1667,30,exact,0.1215,0\nreturned,0,0,0,exact,0,0\n",
    );
  });
});

describe("order_failures when failed or canceled orders have no lines", () => {
  const validate = (ins: ReturnType<typeof buildInsights>) => {
    const ajv = new Ajv({ allErrors: true, allowUnionTypes: true });
    expect(ajv.validate(schema, JSON.parse(insightsToJson(ins))), JSON.stringify(ajv.errors)).toBe(true);
  };
  it("canceled order o6 without lines: lost value at least the failed o4's £100 (1 of 2 have lines), exact value null (not £0)", () => {
    const s = fixtureStore();
    const store = { ...s, order_lines: s.order_lines.filter(pl.col("order_id").neq(pl.lit("o6"))) };
    const ins = buildInsights({ store, sufficiency: relaxedSufficiency() });
    validate(ins);
    const f = ins.findings.find((x) => x.id === "order_failures")!;
    expect(f.title).toBe("16.7% of orders failed and 16.7% were canceled: at least £100.00 not collected (1 of 2 failed or canceled orders have lines)");
    expect(f.evidence.lost_value).toBeNull();
    expect(f.evidence.known_lost_value).toBe(100);
    expect(f.evidence.lost_orders).toBe(2);
    expect(f.evidence.lost_orders_with_lines).toBe(1);
    expect(f.evidence.lost_share_of_value).toBeNull();
    expect(f.evidence.lost_orders_without_lines).toBe(1);
    expect(ins.sufficiency.find((e) => e.finding === "order_failures")).toEqual({
      finding: "order_failures",
      status: "bound",
      failed: null,
      reason: "1 of 2 failed or canceled orders have lines",
    });
    expect(f.evidence.completed_revenue).toBe(117);
    expect(f.recommendation).toContain("Review cancellations: 16.7% of orders were canceled");
  });
  it("UCI credit notes (C invoice, no lines): 1 of 5 orders → 20.0% canceled or returned, recommendation about returns", () => {
    const s = fixtureStore();
    const rename = pl.when(pl.col("order_id").eq(pl.lit("o6"))).then(pl.lit("C536379")).otherwise(pl.col("order_id")).alias("order_id");
    const store = {
      ...s,
      dataset: "online-retail",
      orders: s.orders.filter(pl.col("order_id").neq(pl.lit("o4"))).withColumns(rename),
      order_lines: s.order_lines.filter(pl.col("order_id").neq(pl.lit("o4")).and(pl.col("order_id").neq(pl.lit("o6")))),
    };
    const ins = buildInsights({ store, sufficiency: relaxedSufficiency() });
    validate(ins);
    const f = ins.findings.find((x) => x.id === "order_failures")!;
    expect(f.title).toBe("20.0% of orders were canceled or returned (value not recorded)");
    expect(f.title).not.toContain("£");
    expect(f.value).toBe(0.2);
    expect(f.evidence.lost_value).toBeNull();
    expect(f.recommendation).toMatch(/^Review cancellations and returns: 20\.0% of invoices are credit notes/);
  });
});

describe("customers whose spend is unknown (completed orders without lines)", () => {
  // o2 (c1's £50) and o5 (c3's only completed order) without lines: 2 of 3 customers have unknown spend
  const s = fixtureStore();
  const store = { ...s, order_lines: s.order_lines.filter(pl.col("order_id").neq(pl.lit("o2")).and(pl.col("order_id").neq(pl.lit("o5")))) };
  const assignments = pl.DataFrame({ customer_id: ["c1", "c2", "c3"], segment: pl.Series("segment", [1, 0, 0], pl.Int32) });
  const ins = buildInsights({ store, segments, assignments, sufficiency: relaxedSufficiency() });
  it("the most valuable segment is left out with the reason: no segment's share of revenue is known", () => {
    expect(ins.findings.map((f) => f.id)).not.toContain("most_valuable_segment");
    expect(ins.sufficiency.find((e) => e.finding === "most_valuable_segment")).toEqual({
      finding: "most_valuable_segment",
      status: "omitted",
      failed: "known_spend_share",
      reason: "spend is unknown for 2 of 3 customers (66.7%: completed orders without lines), so no segment's share of revenue is known (at most 1% may be unknown)",
    });
  });
  it("the top-customer share is the Pareto curve's, among the customers whose orders all have lines (c2 alone)", () => {
    const f = ins.findings.find((x) => x.id === "top_customer_share")!;
    expect(f.title).toBe("The top 20% of customers bring 100.0% of revenue (among the 1 customers whose orders all have lines)");
    const t = exportTables({ store, assignments });
    expect(toCsv(t["pareto.csv"].header, t["pareto.csv"].columns)).toBe(
      "rank,customer_id,revenue,cumulative_customer_share,cumulative_revenue_share,orders_without_lines,revenue_is\n1,c2,22,1,1,0,exact\n,c1,25,,,1,lower bound\n,c3,,,,1,unknown\n",
    );
    expect(toCsv(t["clv_by_segment.csv"].header, t["clv_by_segment.csv"].columns)).toBe(
      "segment,customers,revenue,mean_clv,median_clv,share_of_revenue,customers_with_unknown_spend,orders_without_lines,revenue_is,share_of_known_spend_revenue\n0,2,22,11,11,,1,1,lower bound,1\n1,1,25,25,25,,1,1,lower bound,0\n",
    );
  });
});
