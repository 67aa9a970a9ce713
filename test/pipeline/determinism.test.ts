/**
 * Determinism of the exports (issue: robust under bad input, deterministic): the same input and seed give
 * byte-identical segments.csv, lookalike.csv, kscan.csv, model.json and business_insights.json, across runs
 * and across the row order of the input file.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { writeUciCsv } from "../../src/data/uci-generator.js";
import { exportFiles, runAnalysis } from "../../src/pipeline/index.js";
import { rng } from "../../src/util/random.js";

/** The same CSV with its data lines in a seeded random order (header first). */
function shuffledCopy(file: string, out: string, seed: number): void {
  const [header, ...lines] = fs.readFileSync(file, "utf8").trimEnd().split("\n");
  const r = rng(seed);
  for (let i = lines.length - 1; i > 0; i--) {
    const j = Math.floor(r() * (i + 1));
    [lines[i], lines[j]] = [lines[j], lines[i]];
  }
  fs.writeFileSync(out, [header, ...lines].join("\n") + "\n");
}

describe("exports are deterministic", () => {
  it("two runs, the second on shuffled input rows, give byte-identical exports", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "casestudy-det-"));
    const original = path.join(dir, "retail.csv");
    const shuffled = path.join(dir, "retail-shuffled.csv");
    writeUciCsv(original, { rows: 20_000, seed: 3 });
    shuffledCopy(original, shuffled, 99);
    expect(fs.readFileSync(shuffled, "utf8")).not.toEqual(fs.readFileSync(original, "utf8"));

    const a = exportFiles(await runAnalysis({ dataset: "online-retail", input: original, seed: 42 }, { kMax: 6 }));
    const b = exportFiles(await runAnalysis({ dataset: "online-retail", input: shuffled, seed: 42 }, { kMax: 6 }));
    for (const name of ["segments.csv", "lookalike.csv", "kscan.csv", "model.json", "business_insights.json"]) {
      expect(a[name], name).toBeDefined();
      expect(b[name], name).toBe(a[name]);
    }
    // Every other export (the chart tables) too; the cleaning log may differ only in the example line numbers.
    for (const name of Object.keys(a)) if (name !== "cleaning-log.json") expect(b[name], name).toBe(a[name]);
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it("exports contain no absolute path and no timestamp of the run", async () => {
    const files = exportFiles(await runAnalysis({ dataset: "synthetic", seed: 5, scale: 0.2 }, { kMax: 4 }));
    const year = String(new Date().getFullYear());
    for (const [name, content] of Object.entries(files)) {
      expect(content.includes(os.tmpdir()) || content.includes(process.cwd()), name).toBe(false);
      if (name.endsWith(".json")) expect(content.includes(`${year}-`) && /T\d\d:\d\d:\d\d/.test(content), name).toBe(false);
    }
  });
});
