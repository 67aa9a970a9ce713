import { describe, expect, it } from "vitest";
import { lookalikeTable } from "../../src/lookalike/index.js";

describe("lookalikeTable", () => {
  it("lists each customer's neighbors by id with ranks from 1, leaving out empty slots", () => {
    const t = lookalikeTable(["c1", "c2"], { k: 2, neighbors: new Int32Array([1, -1, 0, -1]), scores: new Float64Array([0.25, NaN, 0.25, NaN]) });
    expect(t.customer_id).toEqual(["c1", "c2"]);
    expect(Array.from(t.rank)).toEqual([1, 1]);
    expect(t.similar_customer_id).toEqual(["c2", "c1"]);
    expect(Array.from(t.score)).toEqual([0.25, 0.25]);
  });

  it("rejects ids that do not match the result", () => {
    expect(() => lookalikeTable(["a"], { k: 1, neighbors: new Int32Array([1, 0]), scores: new Float64Array(2) })).toThrow();
  });
});
