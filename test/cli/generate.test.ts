import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import pl from "nodejs-polars";
import { runCli } from "./harness.js";
import { loadStore } from "../../src/data/index.js";

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "cli-generate-"));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

describe("casestudy generate --format uci", () => {
  it("writes a UCI-schema CSV with the promised proportions, readable by the online-retail adapter", async () => {
    const file = path.join(tmp, "uci.csv");
    const r = await runCli(["generate", "--format", "uci", "--rows", "20000", "--seed", "1", "--out", file]);
    expect(r.code).toBe(0);
    const df = pl.readCSV(file, { inferSchemaLength: 0 });
    expect(df.height).toBe(20_000);
    expect(df.columns).toEqual(["InvoiceNo", "StockCode", "Description", "Quantity", "InvoiceDate", "UnitPrice", "CustomerID", "Country"]);
    const noCustomer = df.filter(pl.col("CustomerID").isNull()).height / df.height;
    expect(noCustomer).toBeGreaterThan(0.15);
    expect(noCustomer).toBeLessThan(0.35);
    const canceled = df.filter(pl.col("InvoiceNo").str.startsWith("C")).height / df.height;
    expect(canceled).toBeGreaterThan(0);
    expect(canceled).toBeLessThan(0.01 * 5);
    const { store, log } = await loadStore({ dataset: "online-retail", input: file });
    expect(log.tables.order_lines!.rows_in).toBe(20_000);
    expect(log.tables.order_lines!.dropped.exact_duplicate).toBeGreaterThan(0);
    expect(log.tables.order_lines!.dropped.non_positive_price).toBeGreaterThan(0);
    const uk = store.customers!.filter(pl.col("country").eq(pl.lit("United Kingdom"))).height / store.customers!.height;
    expect(uk).toBeGreaterThan(0.7);
  });
  it("the same seed gives the same bytes", async () => {
    const a = path.join(tmp, "a.csv");
    const b = path.join(tmp, "b.csv");
    await runCli(["generate", "--rows", "3000", "--seed", "5", "--out", a]);
    await runCli(["generate", "--rows", "3000", "--seed", "5", "--out", b]);
    expect(fs.readFileSync(a).equals(fs.readFileSync(b))).toBe(true);
  });
  it("rejects a bad row count", async () => {
    const r = await runCli(["generate", "--rows", "many", "--out", path.join(tmp, "c.csv")]);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('error: --rows must be a positive integer, got "many"\n');
  });
});
