import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import pl from "nodejs-polars";
import { syntheticStore, PROMO_WEEKS } from "../../src/data/synthetic.js";
import { writeStore, readStoreDir, datasetFromEnv } from "../../src/data/index.js";
import { TABLE_COLUMNS } from "../../src/data/model.js";

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "synthetic-"));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));
const { store, log } = syntheticStore({ seed: 42, scale: 1 });

describe("synthetic store", () => {
  it("has all five tables with the canonical columns", () => {
    for (const t of ["customers", "products", "orders", "order_lines", "interactions"] as const) {
      const df = t === "order_lines" ? store.order_lines : store[t]!;
      expect(df.columns).toEqual([...TABLE_COLUMNS[t]]);
    }
    expect(String(store.orders.schema.ordered_at)).toBe("DataType(Datetime(ms,))");
    expect(store.order_lines.schema.quantity.equals(pl.Int32)).toBe(true);
  });
  it("scale 1 is about 2,000 customers and 30k order lines", () => {
    expect(store.customers!.height).toBe(2000);
    expect(store.order_lines.height).toBeGreaterThan(24_000);
    expect(store.order_lines.height).toBeLessThan(36_000);
  });
  it("5–10% of orders failed or canceled, a few returned", () => {
    const n = store.orders.height;
    const share = (s: string) => store.orders.filter(pl.col("status").eq(pl.lit(s))).height / n;
    expect(share("failed") + share("canceled")).toBeGreaterThan(0.05);
    expect(share("failed") + share("canceled")).toBeLessThan(0.1);
    expect(share("returned")).toBeGreaterThan(0);
  });
  it("includes a product name with HTML in it", () => {
    expect(store.products!.getColumn("product_name").toArray()).toContain('Mug <b>"Best"</b> & co');
  });
  it("interactions spike in the promotion week", () => {
    const ms = store.interactions!.select(pl.col("occurred_at").cast(pl.Int64).cast(pl.Float64)).getColumn("occurred_at").toArray() as number[];
    const [a, b] = PROMO_WEEKS[1];
    const inPromo = ms.filter((t) => t >= a && t < b).length;
    const weekBefore = ms.filter((t) => t >= a - 7 * 86_400_000 && t < a).length;
    expect(inPromo).toBeGreaterThan(2 * weekBefore);
  });
  it("customer value is heavy-tailed: the top 10% of customers bring over a third of revenue", () => {
    const rev = store.order_lines
      .join(store.orders.filter(pl.col("status").eq(pl.lit("completed"))), { on: "order_id" })
      .groupBy("customer_id")
      .agg(pl.col("revenue").sum().alias("r"))
      .sort("r", true);
    const r = rev.getColumn("r").toArray() as number[];
    const top = r.slice(0, Math.ceil(r.length / 10)).reduce((x, y) => x + y, 0);
    expect(top / r.reduce((x, y) => x + y, 0)).toBeGreaterThan(1 / 3);
  });
  it("the log accounts for every line", () => {
    const t = log.tables.order_lines!;
    expect(t.rows_kept + Object.values(t.dropped).reduce((a, b) => a + b, 0)).toBe(t.rows_in);
    expect(t.dropped.exact_duplicate).toBeGreaterThan(0);
  });
  it("the same seed writes the same bytes; another seed does not", async () => {
    await writeStore(store, log, path.join(tmp, "a"));
    const again = syntheticStore({ seed: 42, scale: 1 });
    await writeStore(again.store, again.log, path.join(tmp, "b"));
    const other = syntheticStore({ seed: 7, scale: 1 });
    await writeStore(other.store, other.log, path.join(tmp, "c"));
    for (const f of fs.readdirSync(path.join(tmp, "a"))) {
      expect(fs.readFileSync(path.join(tmp, "b", f)).equals(fs.readFileSync(path.join(tmp, "a", f)))).toBe(true);
    }
    expect(fs.readFileSync(path.join(tmp, "c", "order_lines.parquet")).equals(fs.readFileSync(path.join(tmp, "a", "order_lines.parquet")))).toBe(false);
  });
  it("reads back as the canonical dataset unchanged", async () => {
    const { store: back, log: backLog } = await readStoreDir(path.join(tmp, "a"));
    expect(back.label).toBe(store.label);
    expect(back.order_lines.frameEqual(store.order_lines)).toBe(true);
    expect(back.orders.frameEqual(store.orders)).toBe(true);
    expect(back.interactions!.height).toBe(store.interactions!.height);
    expect(backLog.tables.order_lines!.rows_kept).toBe(store.order_lines.height);
  });
});

describe("datasetFromEnv", () => {
  it("defaults to the synthetic store with seed 42", () => {
    expect(datasetFromEnv({})).toEqual({ dataset: "synthetic", seed: 42 });
  });
  it("reads dataset, seed and scale; rejects an unknown dataset", () => {
    expect(datasetFromEnv({ CASESTUDY_DATASET: "synthetic", CASESTUDY_SEED: "7", CASESTUDY_SCALE: "0.5" })).toEqual({ dataset: "synthetic", seed: 7, scale: 0.5 });
    expect(() => datasetFromEnv({ CASESTUDY_DATASET: "nope" })).toThrow('unknown dataset "nope"');
  });
});
