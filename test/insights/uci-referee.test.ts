/**
 * Compares the insights on UCI Online Retail with the pandas referee (scripts/referee/uci_insights.py) to the
 * cent. The parquet is converted to CSV with nodejs-polars (no cleaning) because Debian's pandas has no parquet
 * engine; the referee then cleans and aggregates on its own.
 */
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import pl from "nodejs-polars";
import { beforeAll, describe, expect, it } from "vitest";
import type { Store } from "../../src/data/model.js";
import { customerRevenue, marketSummary, productPerformance, salesOverTime } from "../../src/insights/index.js";
import { projectPaths } from "../../src/paths.js";

const input = path.join(projectPaths().sharedData, "uci-online-retail", "online_retail.parquet");
const python = "/usr/bin/python3";
const hasData = fs.existsSync(input);
const hasPandas = fs.existsSync(python) && spawnSync(python, ["-c", "import pandas"]).status === 0;
let hasLoadStore = true;
try {
  hasLoadStore = fs.existsSync(path.join(projectPaths().root, "src", "data", "index.ts"));
} catch {
  hasLoadStore = false;
}
const skip = !hasData || !hasPandas || !hasLoadStore;
if (skip)
  console.warn(
    `skipped: UCI referee test (${!hasData ? input + " not present" : !hasPandas ? "Debian /usr/bin/python3 with pandas not present" : "src/data loadStore not present"})`,
  );

interface Referee {
  customers: number;
  orders: number;
  revenue: number;
  revenue_by_country: Record<string, number>;
  revenue_by_month: Record<string, number>;
  top_products_by_revenue: [string, number][];
}

describe.skipIf(skip)("UCI Online Retail against the pandas referee", () => {
  let store: Store;
  let ref: Referee;
  beforeAll(async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "uci-referee-"));
    try {
      const csv = path.join(dir, "online_retail.csv");
      pl.readParquet(input).writeCSV(csv);
      const script = path.join(projectPaths().root, "scripts", "referee", "uci_insights.py");
      const r = spawnSync(python, [script, csv, "--top", "40"], { encoding: "utf8", maxBuffer: 1 << 26 });
      if (r.status !== 0) throw new Error(`referee failed: ${r.stderr}`);
      ref = JSON.parse(r.stdout);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
    const { loadStore } = await import("../../src/data/index.js");
    store = (await loadStore({ dataset: "online-retail", input })).store;
  }, 60_000);

  it("total revenue and customers with revenue", () => {
    const cr = customerRevenue(store);
    expect(cr.getColumn("revenue").sum()).toBeCloseTo(ref.revenue, 2);
    // customers with a completed order that has lines (an order kept without lines has no UCI counterpart)
    expect(cr.filter(pl.col("revenue").gt(0)).height).toBe(ref.customers);
  });

  it("revenue by country", () => {
    const m = marketSummary(store, { level: "country" });
    const ours = Object.fromEntries((m.getColumn("market").toArray() as string[]).map((k, i) => [k, m.getColumn("revenue").toArray()[i] as number]));
    const nonzero = Object.keys(ours).filter((k) => ours[k] !== 0).sort();
    expect(nonzero).toEqual(Object.keys(ref.revenue_by_country).sort());
    for (const [k, v] of Object.entries(ref.revenue_by_country)) expect(ours[k], k).toBeCloseTo(v, 2);
  });

  it("monthly revenue", () => {
    const s = salesOverTime(store, { period: "month" });
    expect(s.getColumn("period").toArray()).toEqual(Object.keys(ref.revenue_by_month).sort());
    const rev = s.getColumn("revenue").toArray() as number[];
    Object.keys(ref.revenue_by_month).sort().forEach((k, i) => expect(rev[i], k).toBeCloseTo(ref.revenue_by_month[k], 2));
  });

  it("top 10 products by revenue (fees such as POST and DOT left out of the ranking)", () => {
    const fees = new Set(store.products!.filter(pl.col("is_product").not()).getColumn("product_id").toArray() as string[]);
    const expected = ref.top_products_by_revenue.filter(([id]) => !fees.has(id)).slice(0, 10);
    const ours = productPerformance(store).head(10);
    expect(ours.getColumn("product_id").toArray()).toEqual(expected.map((r) => r[0]));
    const rev = ours.getColumn("revenue").toArray() as number[];
    expected.forEach(([id, v], i) => expect(rev[i], id).toBeCloseTo(v, 2));
  });
});
