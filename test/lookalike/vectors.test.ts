import pl from "nodejs-polars";
import { describe, expect, it } from "vitest";
import { lookalikeVectors, topKCosine } from "../../src/lookalike/index.js";

const col = (m: { n: number; d: number; data: Float64Array }, t: number) => Array.from({ length: m.n }, (_, i) => m.data[i * m.d + t]);
const sumSq = (v: number[]) => v.reduce((a, b) => a + b * b, 0);

describe("lookalikeVectors", () => {
  it("z-scores an unskewed numeric column (population sd)", () => {
    // frequency 1, 2, 3: mean 2, sd √(2/3).
    const m = lookalikeVectors(pl.DataFrame({ customer_id: ["a", "b", "c"], frequency: [1, 2, 3] }));
    expect(m.columns).toEqual(["z:frequency"]);
    const s = Math.sqrt(2 / 3);
    col(m, 0).forEach((v, i) => expect(v).toBeCloseTo([-1 / s, 0, 1 / s][i], 12));
  });

  it("takes log1p of a skewed non-negative column before z-scoring", () => {
    const monetary = [0, 0, 0, 0, 0, 0, 0, 0, 0, 1000];
    const m = lookalikeVectors(pl.DataFrame({ monetary }));
    expect(m.columns).toEqual(["z:log1p(monetary)"]);
    // Nine equal values (log1p 0 = 0) and one log1p(1000): z = −1/3 for the nine and 3 for the last.
    expect(col(m, 0)[0]).toBeCloseTo(-1 / 3, 12);
    expect(col(m, 0)[9]).toBeCloseTo(3, 12);
  });

  it("weights the category and region blocks to their share of the numeric variance", () => {
    const df = pl.DataFrame({
      frequency: [1, 2, 3, 4],
      monetary: [10, 20, 30, 45],
      cat_share_toys: [1, 0.5, 0, 0.25],
      cat_share_home: [0, 0.5, 1, 0.75],
      region: ["Europe", "Europe", "Asia", null],
    });
    const m = lookalikeVectors(df, { categoryWeight: 0.5, regionWeight: 0.25 });
    expect(m.columns).toEqual(["z:frequency", "z:monetary", "cat:cat_share_home", "cat:cat_share_toys", "region=(unknown)", "region=Asia", "region=Europe"]);
    // p = 2 numeric columns: category block variance 0.5·2 = 1, region block 0.25·2 = 0.5 (population variance).
    expect((sumSq(col(m, 2)) + sumSq(col(m, 3))) / 4).toBeCloseTo(1, 12);
    expect((sumSq(col(m, 4)) + sumSq(col(m, 5)) + sumSq(col(m, 6))) / 4).toBeCloseTo(0.5, 12);
    // Every column is centred, so no block adds a common positive component to all customers.
    for (let t = 0; t < m.d; t++) expect(col(m, t).reduce((a, b) => a + b, 0)).toBeCloseTo(0, 12);
  });

  it("keeps lookalike scores spread out instead of all near 1", async () => {
    const n = 200;
    const df = pl.DataFrame({
      frequency: Array.from({ length: n }, (_, i) => 1 + (i % 7)),
      monetary: Array.from({ length: n }, (_, i) => 50 + ((i * 37) % 101)),
      region: Array.from({ length: n }, (_, i) => (i % 10 === 0 ? "Asia" : "Europe")),
    });
    const r = await topKCosine(lookalikeVectors(df), { k: 3, workers: 0 });
    const third = Array.from({ length: n }, (_, i) => r.scores[i * 3 + 2]);
    expect(Math.min(...third)).toBeLessThan(0.99);
  });
});
