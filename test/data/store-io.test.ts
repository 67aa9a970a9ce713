import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import pl from "nodejs-polars";
import { projectPaths } from "../../src/paths.js";
import { loadStore, readStoreDir, writeStore } from "../../src/data/index.js";
import { syntheticStore } from "../../src/data/synthetic.js";
import { OPTIONAL_COLUMNS, TABLE_COLUMNS, TABLE_NAMES, type CleaningLog, type Store } from "../../src/data/model.js";
import { currencyFacts } from "../../src/insights/data-card.js";

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "store-io-"));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

/** Writes `store`, reads it back, and checks every table frame-equal (columns, dtypes, values, order). */
async function roundTrip(store: Store, log: CleaningLog, name: string): Promise<Store> {
  const dir = path.join(tmp, name);
  const logBefore = JSON.stringify(log);
  await writeStore(store, log, dir);
  expect(JSON.stringify(log)).toBe(logBefore);
  expect(fs.readFileSync(path.join(dir, "cleaning-log.json"), "utf8")).toBe(JSON.stringify(log, null, 2) + "\n");
  const { store: back } = await readStoreDir(dir);
  for (const t of TABLE_NAMES) {
    const a = t === "order_lines" ? store.order_lines : store[t];
    const b = t === "order_lines" ? back.order_lines : back[t];
    if (!a) {
      expect(b, t).toBeUndefined();
      continue;
    }
    expect(b!.columns, t).toEqual(a.columns);
    expect(b!.frameEqual(a, true), t).toBe(true);
  }
  expect(back.currency).toBe(store.currency);
  expect(back.label).toBe(store.label);
  return back;
}

describe("writeStore → readStoreDir keeps every column of the model", () => {
  it("synthetic store: every table equal", async () => {
    const { store, log } = syntheticStore({ seed: 42, scale: 0.2 });
    await roundTrip(store, log, "synthetic");
  });

  it("a customers table with the optional currency column keeps it (Parquet and CSV copies)", async () => {
    const customers = pl.DataFrame({
      customer_id: pl.Series("customer_id", ["a", "b", "c"], pl.Utf8),
      customer_name: pl.Series("customer_name", [null, null, null], pl.Utf8),
      country: pl.Series("country", ["Oman", "Korea", null], pl.Utf8),
      region: pl.Series("region", ["Middle East", "Asia", null], pl.Utf8),
      signup_date: pl.Series("signup_date", [null, null, null], pl.Utf8).cast(pl.Date),
      currency: pl.Series("currency", ["USD", "NGN", null], pl.Utf8),
    });
    const orders = pl.DataFrame({
      order_id: ["o1", "o2"],
      customer_id: ["a", "b"],
      ordered_at: pl.Series("ordered_at", [Date.UTC(2024, 0, 1), Date.UTC(2024, 0, 2)], pl.Float64).cast(pl.Int64).cast(pl.Datetime("ms")),
      status: ["completed", "failed"],
      country: pl.Series("country", [null, null], pl.Utf8),
    });
    const order_lines = pl.DataFrame({
      order_id: ["o1", "o2"],
      product_id: ["p1", "p1"],
      quantity: pl.Series("quantity", [2, 1], pl.Int32),
      unit_price: [1.5, 1.5],
      revenue: [3, 1.5],
    });
    const store: Store = { dataset: "shopsmart", label: "tiny", currency: null, customers, orders, order_lines };
    const log: CleaningLog = { tables: {} };
    const back = await roundTrip(store, log, "tiny");
    expect(back.customers!.columns).toEqual([...TABLE_COLUMNS.customers, ...OPTIONAL_COLUMNS.customers]);
    expect(back.customers!.getColumn("currency").toArray()).toEqual(["USD", "NGN", null]);
    // The CSV copy of the same folder reads back the same, currency included.
    const csvDir = path.join(tmp, "tiny-csv");
    fs.mkdirSync(csvDir);
    fs.writeFileSync(
      path.join(csvDir, "customers.csv"),
      "customer_id,customer_name,country,region,signup_date,currency\na,,Oman,Middle East,,USD\nb,,Korea,Asia,,NGN\nc,,,,,\n",
    );
    fs.writeFileSync(path.join(csvDir, "orders.csv"), "order_id,customer_id,ordered_at,status,country\no1,a,2024-01-01 00:00:00,completed,\no2,b,2024-01-02 00:00:00,failed,\n");
    fs.writeFileSync(path.join(csvDir, "order_lines.csv"), "order_id,product_id,quantity,unit_price,revenue\no1,p1,2,1.5,3\no2,p1,1,1.5,1.5\n");
    const { store: fromCsv } = await readStoreDir(csvDir);
    expect(fromCsv.customers!.frameEqual(customers, true)).toBe(true);
    // A table without the optional column reads back without it (no column of nulls appears).
    fs.writeFileSync(path.join(csvDir, "customers.csv"), "customer_id,country\na,Oman\n");
    const { store: noCurrency } = await readStoreDir(csvDir);
    expect(noCurrency.customers!.columns).toEqual([...TABLE_COLUMNS.customers]);
  });

  const shop = path.join(projectPaths().sharedData, "shopsmart");
  if (!fs.existsSync(shop)) console.warn(`skipped: Shop Smart round trip (${shop} not present)`);
  it.skipIf(!fs.existsSync(shop))("Shop Smart: every table equal, currency tags and the data card's currency note kept", async () => {
    const { store, log } = await loadStore({ dataset: "shopsmart", input: shop });
    expect(store.customers!.columns).toContain("currency");
    const back = await roundTrip(store, log, "shopsmart");
    const tags = (s: Store) =>
      s.customers!.groupBy("currency").agg(pl.len().alias("n")).sort("currency").toRecords();
    // PROVENANCE.md: USD 3,405 / NGN 3,322 / GBP 3,273.
    expect(tags(back)).toEqual([
      { currency: "GBP", n: 3273 },
      { currency: "NGN", n: 3322 },
      { currency: "USD", n: 3405 },
    ]);
    expect(currencyFacts(back)).toEqual(currencyFacts(store));
    expect(currencyFacts(back).mixed).toBe(true);
  });
});
