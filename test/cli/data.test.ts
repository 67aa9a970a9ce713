import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { runCli } from "./harness.js";

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "cli-data-"));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

describe("casestudy data", () => {
  it("writes the canonical tables and the cleaning log, and prints a summary", async () => {
    const out = path.join(tmp, "processed");
    const r = await runCli(["data", "--dataset", "synthetic", "--seed", "42", "--scale", "0.2", "--out", out]);
    expect(r.code).toBe(0);
    expect(fs.readdirSync(out).sort()).toEqual(["cleaning-log.json", "customers.parquet", "interactions.parquet", "order_lines.parquet", "orders.parquet", "products.parquet", "store.json"]);
    expect(r.stdout).toContain("Synthetic store (seed 42, scale 0.2)");
    expect(r.stdout).toMatch(/revenue: [0-9,.]+ GBP/);
    const log = JSON.parse(fs.readFileSync(path.join(out, "cleaning-log.json"), "utf8"));
    expect(Object.keys(log.tables)).toEqual(["customers", "products", "orders", "order_lines", "interactions"]);
  });
  it("a bad option is one error line and exit 2", async () => {
    const r = await runCli(["data", "--scale", "big", "--out", path.join(tmp, "x")]);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('error: --scale must be a positive number, got "big"\n');
    expect(fs.existsSync(path.join(tmp, "x"))).toBe(false);
  });
});
