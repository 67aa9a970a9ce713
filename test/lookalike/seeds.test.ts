import { describe, expect, it } from "vitest";
import { topKForSeeds } from "../../src/lookalike/index.js";

// Four customers in the plane: 0 = (1,0), 1 = (0,1), 2 = (1,1), 3 = (−1,0); 4 is all zeros.
const x = { n: 5, d: 2, data: new Float64Array([1, 0, 0, 1, 1, 1, -1, 0, 0, 0]) };

describe("topKForSeeds", () => {
  it("scores candidates by cosine with the seeds' mean direction and never returns a seed", () => {
    // Seeds 0 and 1: mean direction (1,1)/√2. Candidates: 2 → 1, 4 → 0, 3 → −1/√2.
    const r = topKForSeeds(x, [0, 1], { k: 10 });
    expect(Array.from(r.rows)).toEqual([2, 4, 3]);
    expect(r.scores[0]).toBeCloseTo(1, 12);
    expect(r.scores[1]).toBe(0);
    expect(r.scores[2]).toBeCloseTo(-Math.SQRT1_2, 12);
  });

  it("with max scoring, takes each candidate's best seed", () => {
    // Seeds 0 and 3 (opposite): candidate 2 → max(1/√2, −1/√2) = 1/√2; 1 → 0; 4 → 0 (ties by lower index).
    const r = topKForSeeds(x, [0, 3], { k: 3, scoring: "max" });
    expect(Array.from(r.rows)).toEqual([2, 1, 4]);
    expect(r.scores[0]).toBeCloseTo(Math.SQRT1_2, 12);
  });

  it("returns at most k rows, best first", () => {
    const r = topKForSeeds(x, [2], { k: 2 });
    expect(r.rows.length).toBe(2);
    expect(Array.from(r.rows)).toEqual([0, 1]);
    expect(r.scores[0]).toBeGreaterThanOrEqual(r.scores[1]);
  });

  it("rejects a seed row outside the matrix", () => {
    expect(() => topKForSeeds(x, [5])).toThrow(/outside/);
  });
});
