/** The export contract of `casestudy analyze`: file names, headers, and the invariants of each table. */
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { exportFiles, runAnalysis, type AnalysisResult } from "../../src/pipeline/index.js";

let result: AnalysisResult;
let files: Record<string, string>;
const root = path.resolve(__dirname, "..", "..");

beforeAll(async () => {
  result = await runAnalysis({ dataset: "synthetic", seed: 11, scale: 0.2 }, { kMax: 5 });
  files = exportFiles(result);
});

const rows = (csv: string) => csv.trimEnd().split("\n").map((l) => l.split(","));

describe("analysis exports", () => {
  it("segments.csv starts customer_id,segment,segment_name and has one row per segmented customer", () => {
    const [header, ...body] = rows(files["segments.csv"]);
    expect(header.slice(0, 3)).toEqual(["customer_id", "segment", "segment_name"]);
    expect(header).toContain("monetary");
    expect(body).toHaveLength(result.customers.height);
    const k = result.model.k;
    for (const r of body) expect(Number(r[1]) >= 1 && Number(r[1]) <= k).toBe(true);
    expect(new Set(body.map((r) => r[2])).size).toBe(k);
  });

  it("lookalike.csv has the exact header, ranks 1..3, no self match, scores in [-1, 1] sorted per customer", () => {
    const [header, ...body] = rows(files["lookalike.csv"]);
    expect(header).toEqual(["customer_id", "rank", "similar_customer_id", "score"]);
    expect(body).toHaveLength(result.customers.height * 3);
    for (let i = 0; i < body.length; i += 3) {
      const group = body.slice(i, i + 3);
      expect(group.map((r) => r[1])).toEqual(["1", "2", "3"]);
      for (const r of group) {
        expect(r[2]).not.toBe(r[0]);
        expect(Math.abs(Number(r[3]))).toBeLessThanOrEqual(1);
      }
      expect(Number(group[0][3])).toBeGreaterThanOrEqual(Number(group[1][3]));
      expect(Number(group[1][3])).toBeGreaterThanOrEqual(Number(group[2][3]));
    }
  });

  it("kscan.csv has one row per k with the four metrics and stability", () => {
    const [header, ...body] = rows(files["kscan.csv"]);
    expect(header).toEqual(["k", "inertia", "silhouette", "davies_bouldin", "calinski_harabasz", "stability_ari"]);
    expect(body.map((r) => Number(r[0]))).toEqual([2, 3, 4, 5]);
    const inertia = body.map((r) => Number(r[1]));
    for (let i = 1; i < inertia.length; i++) expect(inertia[i]).toBeLessThan(inertia[i - 1]);
  });

  it("business_insights.json names the dataset and every finding has id, title, value, evidence, recommendation", () => {
    const insights = JSON.parse(files["business_insights.json"]);
    expect(insights.dataset).toBe("synthetic");
    expect(insights.findings.length).toBeGreaterThan(5);
    for (const f of insights.findings) for (const key of ["id", "title", "value", "evidence", "recommendation"]) expect(f).toHaveProperty(key);
  });

  it("writes the chart tables behind the figures", () => {
    for (const name of ["revenue_by_country.csv", "revenue_by_month.csv", "top_products.csv", "model.json", "cleaning-log.json"]) {
      expect(files[name], name).toBeDefined();
    }
  });
});

describe("casestudy analyze on bad input", () => {
  it("prints one error line, exits non-zero, and leaves the output folder as it was", () => {
    const out = fs.mkdtempSync(path.join(os.tmpdir(), "casestudy-analyze-"));
    fs.writeFileSync(path.join(out, "segments.csv"), "previous\n");
    const empty = path.join(out, "..", `${path.basename(out)}-empty.csv`);
    fs.writeFileSync(empty, "");
    const r = spawnSync("node", [path.join(root, "bin", "casestudy.js"), "analyze", "--dataset", "online-retail", "--input", empty, "--out", out], {
      cwd: root,
      encoding: "utf8",
    });
    expect(r.status).not.toBe(0);
    const lines = r.stderr.trim().split("\n");
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^error: .*-empty\.csv/);
    expect(fs.readdirSync(out)).toEqual(["segments.csv"]);
    expect(fs.readFileSync(path.join(out, "segments.csv"), "utf8")).toBe("previous\n");
    fs.rmSync(out, { recursive: true, force: true });
    fs.rmSync(empty, { force: true });
  });
});
