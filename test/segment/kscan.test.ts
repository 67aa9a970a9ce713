import { describe, expect, it } from "vitest";
import { inertiaKnee, kmeans, kmeansScan, kmeansScanSync, matrixFromRows, recommendK, stability, type KScanRow, type Matrix } from "../../src/segment/index.js";
import { randNormal, rng } from "../../src/util/random.js";

function blobs(seed: number, n: number, centers: number[][], spread = 0.3): Matrix {
  const r = rng(seed);
  const rows: number[][] = [];
  for (let i = 0; i < n; i++) {
    const c = centers[i % centers.length];
    rows.push(c.map((v) => v + spread * randNormal(r)));
  }
  return matrixFromRows(rows);
}

const row = (k: number, inertia: number, silhouette: number | null): KScanRow => ({ k, inertia, silhouette, daviesBouldin: 0, calinskiHarabasz: 0, stabilityAri: null, iterations: 1, sizes: [] });

describe("kmeansScan", () => {
  const x = blobs(1, 600, [[0, 0, 0, 0], [5, 5, 0, 0], [0, 5, 5, 0], [5, 0, 0, 5]]);

  it("gives identical rows with and without worker threads, and each row equals kmeans(x, k, { seed })", async () => {
    const inProcess = await kmeansScan(x, { kMin: 2, kMax: 6, inits: 3, workers: 0 });
    const threaded = await kmeansScan(x, { kMin: 2, kMax: 6, inits: 3, workers: 2 });
    expect(threaded).toEqual(inProcess);
    expect(kmeansScanSync(x, { kMin: 2, kMax: 6, inits: 3 })).toEqual(inProcess);
    expect(inProcess.rows.map((r) => r.k)).toEqual([2, 3, 4, 5, 6]);
    expect(inProcess.rows[2].inertia).toBe(kmeans(x, 4, { inits: 3, seed: 42 }).inertia);
    expect(inProcess.silhouetteSampled).toBe(false);
  });

  it("says when the silhouette was computed on a sample", async () => {
    const s = await kmeansScan(x, { kMin: 2, kMax: 3, inits: 2, silhouetteMaxN: 100, workers: 0 });
    expect(s.silhouetteSampled).toBe(true);
    expect(s.silhouetteN).toBe(100);
  });

  it("finds k = 4 on four well-separated blobs, by knee and silhouette alike", async () => {
    const s = await kmeansScan(x, { kMin: 2, kMax: 8, inits: 5, workers: 0 });
    const rec = recommendK(s);
    expect(rec.silhouetteK).toBe(4);
    expect(rec.kneeK).toBe(4);
    expect(rec.chosenK).toBe(4);
    expect(rec.agree).toBe(true);
  });

  it("adds a stability ARI when asked: near 1 for well-separated blobs", async () => {
    const s = await kmeansScan(x, { kMin: 4, kMax: 4, inits: 3, workers: 0, stability: { runs: 3 } });
    expect(s.rows[0].stabilityAri).toBeGreaterThan(0.99);
    expect(stability(x, 4, { runs: 3 })).toBe(s.rows[0].stabilityAri);
  });
});

describe("recommendK", () => {
  it("a straight inertia line has no clear knee; the best silhouette decides", () => {
    const rows = [row(2, 100, 0.3), row(3, 90, 0.5), row(4, 80, 0.4), row(5, 70, 0.35), row(6, 60, 0.3)];
    expect(inertiaKnee(rows).k).toBeNull();
    const rec = recommendK(rows);
    expect(rec.kneeK).toBeNull();
    expect(rec.chosenK).toBe(3);
    expect(rec.reason).toMatch(/no clear knee/);
  });

  it("a sharp elbow at k = 4 is the knee: normalized gap 1 − 0.5 − 0.1 = 0.4", () => {
    // k 2..6 → x 0, .25, .5, .75, 1; inertia 100, 60, 28, 24, 20 → y 1, .5, .1, .05, 0
    const rows = [row(2, 100, 0.5), row(3, 60, 0.45), row(4, 28, 0.48), row(5, 24, 0.4), row(6, 20, 0.38)];
    const knee = inertiaKnee(rows);
    expect(knee.k).toBe(4);
    expect(knee.strength).toBeCloseTo(0.4, 12);
    const rec = recommendK(rows);
    expect(rec.silhouetteK).toBe(2);
    expect(rec.chosenK).toBe(4); // 0.48 is within 0.05 of 0.5
    expect(rec.agree).toBe(false);
    expect(rec.reason).toMatch(/disagree/);
    const strict = recommendK(rows, { silhouetteTolerance: 0.01 });
    expect(strict.chosenK).toBe(2);
    expect(strict.reason).toMatch(/disagrees with the inertia knee at k = 4/);
  });
});
