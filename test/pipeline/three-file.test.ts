/**
 * The three-file store in ../shared/data (the Zeotap assignment): the lookalikes of C0001–C0020 and the k-scan
 * with Davies–Bouldin for k = 2…10, as the assignment asks, checked by their invariants.
 */
import fs from "node:fs";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { projectPaths } from "../../src/paths.js";
import { exportFiles, runAnalysis, type AnalysisResult } from "../../src/pipeline/index.js";

const input = path.join(projectPaths().sharedData, "zeotap-ecommerce");
const present = fs.existsSync(path.join(input, "Transactions.csv"));
if (!present) console.warn(`skipped: ${input} not present (the three-file store from ../shared/data)`);

describe.skipIf(!present)("three-file store from ../shared/data", () => {
  let result: AnalysisResult;
  beforeAll(async () => {
    result = await runAnalysis({ dataset: "three-file", input, seed: 42 });
  });

  it("has a Davies–Bouldin index for every k from 2 to 10", () => {
    const rows = result.model.scan!.rows;
    expect(rows.map((r) => r.k)).toEqual([2, 3, 4, 5, 6, 7, 8, 9, 10]);
    for (const r of rows) expect(Number.isFinite(r.daviesBouldin) && r.daviesBouldin > 0).toBe(true);
  });

  it("gives C0001–C0020 three lookalikes each: never themselves, scores sorted, the same on a second run", async () => {
    const t = result.lookalikeTable;
    const wanted = Array.from({ length: 20 }, (_, i) => `C${String(i + 1).padStart(4, "0")}`);
    const again = (await runAnalysis({ dataset: "three-file", input, seed: 42 })).lookalikeTable;
    for (const id of wanted) {
      const at = t.customer_id.map((c, i) => (c === id ? i : -1)).filter((i) => i >= 0);
      expect(at, id).toHaveLength(3);
      const scores = at.map((i) => t.score[i]);
      expect(at.map((i) => t.rank[i])).toEqual([1, 2, 3]);
      for (const i of at) expect(t.similar_customer_id[i]).not.toBe(id);
      expect(scores[0]).toBeGreaterThanOrEqual(scores[1]);
      expect(scores[1]).toBeGreaterThanOrEqual(scores[2]);
      for (const i of at) {
        expect(again.similar_customer_id[i]).toBe(t.similar_customer_id[i]);
        expect(again.score[i]).toBe(t.score[i]);
      }
    }
    expect(exportFiles(result)["lookalike.csv"].startsWith("customer_id,rank,similar_customer_id,score\n")).toBe(true);
  });
});
