import { describe, expect, it } from "vitest";
import { pickWeighted, rng, sampleIndices } from "../../src/util/random.js";

describe("seeded randomness", () => {
  it("the same seed gives the same sequence", () => {
    const a = rng(42);
    const b = rng(42);
    for (let i = 0; i < 5; i++) expect(a()).toBe(b());
  });

  it("pickWeighted never picks a zero-weight index and follows the weights", () => {
    const cum = new Float64Array([1, 1, 4]); // weights 1, 0, 3
    const r = rng(7);
    const counts = [0, 0, 0];
    for (let i = 0; i < 20_000; i++) counts[pickWeighted(r, cum)]++;
    expect(counts[1]).toBe(0);
    expect(counts[2] / 20_000).toBeCloseTo(0.75, 1);
  });

  it("sampleIndices gives m distinct sorted indices, the same for the same seed", () => {
    const s = sampleIndices(100, 10, 3);
    expect(new Set(s).size).toBe(10);
    expect([...s]).toEqual([...s].sort((x, y) => x - y));
    expect([...sampleIndices(100, 10, 3)]).toEqual([...s]);
  });
});
