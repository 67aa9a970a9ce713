import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { topKCosine } from "../../src/lookalike/index.js";
import { projectRoot } from "../../src/paths.js";
import { randNormal, rng } from "../../src/util/random.js";

const PY = "/usr/bin/python3";
const hasSklearn = fs.existsSync(PY) && spawnSync(PY, ["-c", "import sklearn"]).status === 0;
if (!hasSklearn) console.warn("skipped: /usr/bin/python3 with scikit-learn not present");

describe.skipIf(!hasSklearn)("topKCosine against scikit-learn's NearestNeighbors(metric='cosine')", () => {
  it("finds the same neighbors and scores (to 1e-12) on 800 clustered vectors", async () => {
    const n = 800;
    const d = 12;
    const k = 3;
    const r = rng(2024);
    const centres = Array.from({ length: 6 }, () => Array.from({ length: d }, () => 2 * randNormal(r)));
    const data = new Float64Array(n * d);
    for (let i = 0; i < n; i++) {
      const c = centres[Math.floor(r() * 6)];
      for (let t = 0; t < d; t++) data[i * d + t] = c[t] + randNormal(r);
    }
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "lookalike-ref-"));
    const inFile = path.join(dir, "x.csv");
    const outFile = path.join(dir, "ref.csv");
    const lines: string[] = [];
    for (let i = 0; i < n; i++) lines.push(Array.from(data.subarray(i * d, i * d + d), (v) => v.toPrecision(17)).join(","));
    fs.writeFileSync(inFile, lines.join("\n") + "\n");
    const script = path.join(projectRoot(), "test", "lookalike", "sklearn_topk.py");
    const p = spawnSync(PY, [script, inFile, String(k), outFile], { encoding: "utf8" });
    expect(p.stderr).toBe("");
    const ref = fs.readFileSync(outFile, "utf8").trim().split("\n").map((l) => l.split(",").map(Number));
    fs.rmSync(dir, { recursive: true, force: true });

    const got = await topKCosine({ n, d, data }, { k, workers: 0, blockSize: 16 });
    for (let i = 0; i < n; i++) {
      for (let s = 0; s < k; s++) {
        expect(Math.abs(got.scores[i * k + s] - ref[i][k + s])).toBeLessThan(1e-12);
        expect(got.neighbors[i * k + s]).toBe(ref[i][s]);
      }
    }
  });
});
