import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import {
  adjustedRandIndex,
  calinskiHarabasz,
  daviesBouldin,
  inertiaOf,
  matrixFromRows,
  silhouette,
  silhouetteSamples,
  clusterMeans,
  type Matrix,
} from "../../src/segment/index.js";
import { projectRoot } from "../../src/paths.js";
import { randNormal, rng } from "../../src/util/random.js";

// Six points on a line in two clusters: {0, 1, 2} and {10, 11, 12}; means 1 and 11, overall mean 6.
const line = matrixFromRows([[0], [1], [2], [10], [11], [12]]);
const lineLabels = Int32Array.from([0, 0, 0, 1, 1, 1]);

describe("cluster validity indices on six points on a line", () => {
  it("inertia is the sum of squared distances to the cluster means: (1 + 0 + 1) × 2 = 4", () => {
    const { means } = clusterMeans(line, lineLabels, 2);
    expect(Array.from(means)).toEqual([1, 11]);
    expect(inertiaOf(line, lineLabels, means)).toBe(4);
  });

  it("silhouette: point 0 has a = (1+2)/2, b = (10+11+12)/3, s = 9.5/11; point 1 s = 9/10; point 2 s = 7.5/9", () => {
    const s = silhouetteSamples(line, lineLabels, 2);
    expect(s[0]).toBeCloseTo(9.5 / 11, 15);
    expect(s[1]).toBeCloseTo(9 / 10, 15);
    expect(s[2]).toBeCloseTo(7.5 / 9, 15);
    expect(s[5]).toBeCloseTo(9.5 / 11, 15); // mirror image of point 0
    expect(silhouette(line, lineLabels, 2)).toBeCloseTo((9.5 / 11 + 0.9 + 7.5 / 9) / 3, 15);
  });

  it("Davies–Bouldin: s_i = mean distance to the mean = 2/3, centroid distance 10, DB = (2/3 + 2/3)/10 = 2/15", () => {
    expect(daviesBouldin(line, lineLabels, 2)).toBeCloseTo(2 / 15, 15);
  });

  it("Calinski–Harabasz: B = 3·5² + 3·5² = 150, W = 4, CH = (150/1)/(4/4) = 150", () => {
    expect(calinskiHarabasz(line, lineLabels, 2)).toBeCloseTo(150, 12);
  });

  it("a point alone in its cluster has silhouette 0", () => {
    const x = matrixFromRows([[0], [1], [5]]);
    const s = silhouetteSamples(x, Int32Array.from([0, 0, 1]), 2);
    expect(s[2]).toBe(0);
  });

  it("identical partitions have ARI 1 whatever the label names; a crossed one is below 0", () => {
    expect(adjustedRandIndex([0, 0, 1, 1, 2, 2], [2, 2, 0, 0, 1, 1])).toBe(1);
    // contingency [[1,1],[1,1]]: Σ C(n_ij,2) = 0, expected = (2·2)/6 = 2/3, max = 2 → ARI = (0 − 2/3)/(2 − 2/3) = −0.5
    expect(adjustedRandIndex([0, 0, 1, 1], [0, 1, 0, 1])).toBeCloseTo(-0.5, 15);
  });
});

function randomCase(seed: number, n: number, d: number, k: number): { x: Matrix; labels: Int32Array } {
  const r = rng(seed);
  const rows: number[][] = [];
  const labels = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    labels[i] = i % k;
    rows.push(Array.from({ length: d }, (_, t) => randNormal(r) + (labels[i] * (t + 1)) / 2));
  }
  return { x: matrixFromRows(rows), labels };
}

const python = "/usr/bin/python3";
const referee = path.join(projectRoot(), "scripts", "referee", "sklearn_metrics.py");
const hasSklearn = fs.existsSync(python) && spawnSync(python, ["-c", "import sklearn"]).status === 0;
if (!hasSklearn) console.warn("skipped: scikit-learn referee (/usr/bin/python3 with sklearn) not present");

describe.skipIf(!hasSklearn)("agreement with scikit-learn 1.2 (scripts/referee/sklearn_metrics.py)", () => {
  it("silhouette, Davies–Bouldin, Calinski–Harabasz and inertia agree to 1e-6 on seeded random fixtures", () => {
    const cases = [randomCase(1, 60, 2, 3), randomCase(2, 150, 4, 5), randomCase(3, 97, 3, 2), randomCase(4, 200, 6, 7)];
    const input = cases.map(({ x, labels }) => ({
      X: Array.from({ length: x.n }, (_, i) => Array.from(x.data.subarray(i * x.d, i * x.d + x.d))),
      labels: Array.from(labels),
    }));
    const run = spawnSync(python, [referee], { input: JSON.stringify(input), encoding: "utf8" });
    expect(run.status, run.stderr).toBe(0);
    const ref = JSON.parse(run.stdout) as { silhouette: number; davies_bouldin: number; calinski_harabasz: number; inertia: number }[];
    cases.forEach(({ x, labels }, c) => {
      const k = Math.max(...labels) + 1;
      expect(silhouette(x, labels, k)).toBeCloseTo(ref[c].silhouette, 6);
      expect(daviesBouldin(x, labels, k)).toBeCloseTo(ref[c].davies_bouldin, 6);
      expect(Math.abs(calinskiHarabasz(x, labels, k) - ref[c].calinski_harabasz) / ref[c].calinski_harabasz).toBeLessThan(1e-6);
      expect(inertiaOf(x, labels, clusterMeans(x, labels, k).means)).toBeCloseTo(ref[c].inertia, 6);
    });
  });
});
