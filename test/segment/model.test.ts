import pl from "nodejs-polars";
import { describe, expect, it } from "vitest";
import {
  applyTransform,
  fitSegmentation,
  matrixFromRows,
  modelFromJson,
  modelToJson,
  pca2,
  predictSegments,
  preprocess,
} from "../../src/segment/index.js";
import { randNormal, rng } from "../../src/util/random.js";

/** 300 synthetic customers in three behaviour groups: loyal big spenders, recent one-timers, lapsed small buyers. */
function syntheticFeatures(seed = 1, n = 300): pl.DataFrame {
  const r = rng(seed);
  const ids: string[] = [];
  const rec: number[] = [];
  const freq: number[] = [];
  const mon: number[] = [];
  const ten: number[] = [];
  for (let i = 0; i < n; i++) {
    const g = i % 3;
    const jitter = () => Math.exp(0.15 * randNormal(r));
    ids.push(`c${String(i).padStart(4, "0")}`);
    rec.push(Math.round([5, 10, 200][g] * jitter()));
    freq.push(Math.max(1, Math.round([20, 1, 2][g] * jitter())));
    mon.push([5000, 80, 60][g] * jitter());
    ten.push(Math.round([300, 15, 320][g] * jitter()));
  }
  return pl.DataFrame({ customer_id: ids, recency_days: rec, frequency: freq, monetary: mon, tenure_days: ten }).withColumns(pl.col("monetary").div(pl.col("frequency")).alias("aov"));
}

describe("preprocess", () => {
  it("log1p then z-scores with the population std: log1p([0, e−1, e²−1]) = [0, 1, 2] → mean 1, std √(2/3)", () => {
    const df = pl.DataFrame({ m: [0, Math.E - 1, Math.E ** 2 - 1] });
    const { matrix, transform } = preprocess(df, { columns: ["m"], log1p: true });
    expect(transform.columns[0].mean).toBeCloseTo(1, 14);
    expect(transform.columns[0].std).toBeCloseTo(Math.sqrt(2 / 3), 14);
    expect(Array.from(matrix.data).map((v) => +v.toFixed(12))).toEqual([-1.224744871392, 0, 1.224744871392]);
    expect(Array.from(applyTransform(transform, pl.DataFrame({ m: [Math.E - 1] })).data)[0]).toBeCloseTo(0, 14);
  });

  it("a constant column gets std 1, not a division by zero", () => {
    const { transform, matrix } = preprocess(pl.DataFrame({ a: [3, 3, 3] }), { columns: ["a"], log1p: false });
    expect(transform.columns[0].std).toBe(1);
    expect(Array.from(matrix.data)).toEqual([0, 0, 0]);
  });
});

describe("pca2", () => {
  it("points on the line y = x project on PC1 only, with the largest loading positive", () => {
    const p = pca2(matrixFromRows([[-1, -1], [0, 0], [1, 1], [2, 2]]));
    expect(p.explained[0]).toBeCloseTo(1, 12);
    expect(p.explained[1]).toBeCloseTo(0, 12);
    expect(p.loadings[0]).toBeGreaterThan(0);
    // centred at (0.5, 0.5); PC1 = (1, 1)/√2 → first point at −1.5·√2
    expect(p.coords[0]).toBeCloseTo(-1.5 * Math.SQRT2, 12);
    expect(Math.abs(p.coords[1])).toBeLessThan(1e-12);
  });
});

describe("fitSegmentation", () => {
  const features = syntheticFeatures();

  it("finds the three groups, numbers them by value and names them from their profiles", async () => {
    const model = await fitSegmentation(features, { kMin: 2, kMax: 6, inits: 5, workers: 0 });
    expect(model.k).toBe(3);
    expect(model.recommendation?.chosenK).toBe(3);
    expect(model.names[0]).toBe("Top spenders / VIP");
    const med = model.profiles.map((p) => p.medians.monetary!);
    expect(med[0]).toBeGreaterThan(med[1]);
    expect(new Set(model.names).size).toBe(model.k);
    const shares = model.profiles.reduce((s, p) => s + p.shareOfCustomers, 0);
    expect(shares).toBeCloseTo(1, 12);
    expect(model.profiles.reduce((s, p) => s + p.shareOfRevenue!, 0)).toBeCloseTo(1, 12);
    expect(model.profiles.map((p) => p.customers)).toEqual([100, 100, 100]);
  });

  it("predictSegments on the training data reproduces the fitted labels (also after a JSON round trip)", async () => {
    const model = await fitSegmentation(features, { k: 3, inits: 5 });
    const labels = predictSegments(model, features);
    expect(Array.from({ length: 3 }, (_, s) => labels.filter((v) => v === s + 1).length)).toEqual(model.profiles.map((p) => p.customers));
    const again = predictSegments(modelFromJson(modelToJson(model)), features);
    expect(Array.from(again)).toEqual(Array.from(labels));
    // the high-value group (rows 0, 3, 6, …) is segment 1
    expect(labels[0]).toBe(1);
  });

  it("same seed → byte-identical model JSON", async () => {
    const a = modelToJson(await fitSegmentation(features, { kMin: 2, kMax: 5, inits: 3, workers: 0 }));
    const b = modelToJson(await fitSegmentation(features, { kMin: 2, kMax: 5, inits: 3, workers: 2 }));
    expect(b).toBe(a);
  });

  it("permuting the input rows changes no customer's segment", async () => {
    const model = await fitSegmentation(features, { k: 4, inits: 3 });
    const shuffled = features.sample(features.height, undefined, false, 7);
    const model2 = await fitSegmentation(shuffled, { k: 4, inits: 3 });
    expect(modelToJson(model2)).toBe(modelToJson(model));
    const byId = (df: pl.DataFrame, labels: Int32Array) => {
      const ids = df.getColumn("customer_id").toArray() as string[];
      return Object.fromEntries(ids.map((id, i) => [id, labels[i]]));
    };
    expect(byId(shuffled, predictSegments(model2, shuffled))).toEqual(byId(features, predictSegments(model, features)));
  });

  it("rejects JSON that is not a model", () => {
    expect(() => modelFromJson("{}")).toThrow(/not a segmentation model/);
  });
});
