/**
 * The benchmark runs on a CSV as pandas writes it (CustomerID 17850.0 because the column has missing values):
 * both modes of bench/bench.ts succeed, and bench/compare.ts finds them in agreement with the peers. Small
 * input: this checks that the benchmark works, not how fast anything is (that is `bash bench/run-all.sh`).
 */
import { execFileSync, spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { writeUciCsv } from "../../src/data/uci-generator.js";

const root = path.resolve(__dirname, "..", "..");
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "bench-test-"));
const input = path.join(tmp, "pandas-style.csv");
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

beforeAll(() => {
  // the generator writes integer ids; rewrite them the way pandas writes a float column (17850 → 17850.0)
  const plain = path.join(tmp, "plain.csv");
  writeUciCsv(plain, { rows: 6000, seed: 7 });
  const lines = fs.readFileSync(plain, "utf8").trimEnd().split("\n");
  const out = [lines[0], ...lines.slice(1).map((l) => l.replace(/,(\d+),([^,]*)$/, ",$1.0,$2"))];
  fs.writeFileSync(input, out.join("\n") + "\n");
});

function bench(args: string[]) {
  const p = spawnSync(process.execPath, ["--import", "tsx", path.join(root, "bench", "bench.ts"), "--input", input, "--quiet", ...args], { cwd: root, encoding: "utf8" });
  expect(p.status, p.stderr).toBe(0);
  const lines = p.stdout.trim().split("\n");
  return JSON.parse(lines[lines.length - 1]);
}

function pandasAvailable(): boolean {
  try {
    execFileSync("/usr/bin/python3", ["-c", "import pandas, sklearn"], { stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
}

describe("npm run bench on a CSV written by pandas (float CustomerID)", () => {
  it("analyze mode (what `casestudy analyze` does) times every stage of the product", () => {
    expect(fs.readFileSync(input, "utf8").split("\n")[1]).toMatch(/,\d+\.0,[^,]*$|,,[^,]*$/);
    const r = bench([]);
    expect(r.mode).toBe("analyze");
    expect(r.rows_in).toBe(6000);
    for (const s of ["read", "clean", "load", "features", "segmentation", "rules", "pca", "lookalike", "insights", "holdout", "tables", "exports", "figures", "total"]) {
      expect(r.seconds[s], s).toBeGreaterThanOrEqual(0);
    }
    expect(r.customers).toBeGreaterThan(10);
    expect(r.peak_rss_mb).toBeGreaterThan(0);
  });
  it("core mode: the product's loader, then the peers' work", () => {
    const r = bench(["--mode", "core", "--kmax", "4"]);
    expect(r.mode).toBe("core");
    expect(r.scan.map((x: { k: number }) => x.k)).toEqual([2, 3, 4]);
    expect(Object.keys(r.seconds)).toEqual(["read", "clean", "load", "rfm", "kmeans_scan", "pca", "lookalike", "aggregates", "total"]);
  });
  const ready = pandasAvailable();
  if (!ready) console.warn("skipped: bench/compare.ts agreement test (needs /usr/bin/python3 with pandas and scikit-learn)");
  it.skipIf(!ready)("compare.ts: core and analyze agree with pandas + scikit-learn (rows, customers, revenue to the cent, best k, silhouette)", () => {
    const p = spawnSync(process.execPath, ["--import", "tsx", path.join(root, "bench", "compare.ts"), "--input", input, "--rounds", "1", "--kmax", "4"], {
      cwd: root,
      encoding: "utf8",
    });
    expect(p.status, p.stderr + p.stdout.slice(-2000)).toBe(0);
    const lines = p.stdout.trim().split("\n").map((l) => JSON.parse(l));
    const verdict = lines[lines.length - 1].verdict;
    expect(verdict.ok).toBe(true);
    expect(Object.keys(verdict.checks)).toContain("core vs pandas+sklearn");
    expect(verdict.checks["core vs pandas+sklearn"]).toEqual({
      rows_in: true,
      rows_clean: true,
      customers: true,
      revenue_to_the_cent: true,
      best_k: true,
      silhouette_within_0_01: true,
    });
  });
});
