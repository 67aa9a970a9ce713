import pl from "nodejs-polars";
import { describe, expect, it } from "vitest";
import { fmScore, RFM_RULES, rfmScores, rfmSegment } from "../../src/features/index.js";

describe("RFM segment rules", () => {
  it("every cell of the R × FM grid matches exactly one rule", () => {
    for (let r = 1; r <= 5; r++) {
      for (let fm = 1; fm <= 5; fm++) {
        const hits = RFM_RULES.filter((x) => r >= x.r[0] && r <= x.r[1] && fm >= x.fm[0] && fm <= x.fm[1]);
        expect(hits.map((h) => h.name), `R=${r} FM=${fm}`).toHaveLength(1);
      }
    }
  });

  it("every rule is reachable from some (r, f, m) score triple", () => {
    const reached = new Set<string>();
    for (let r = 1; r <= 5; r++) for (let f = 1; f <= 5; f++) for (let m = 1; m <= 5; m++) reached.add(rfmSegment(r, f, m));
    expect([...reached].sort()).toEqual(RFM_RULES.map((x) => x.name).sort());
  });

  it("FM rounds the mean of F and M half up", () => {
    expect(fmScore(1, 2)).toBe(2);
    expect(fmScore(4, 5)).toBe(5);
    expect(fmScore(3, 3)).toBe(3);
  });

  it("names the classic cells", () => {
    expect(rfmSegment(5, 5, 5)).toBe("Champions");
    expect(rfmSegment(1, 5, 5)).toBe("Can't Lose Them");
    expect(rfmSegment(2, 4, 3)).toBe("At Risk");
    expect(rfmSegment(5, 1, 1)).toBe("New");
    expect(rfmSegment(1, 1, 1)).toBe("Lost");
  });
});

describe("rfmScores", () => {
  it("five customers with distinct recency get R scores 5..1 from most to least recent", () => {
    const f = pl.DataFrame({ customer_id: ["a", "b", "c", "d", "e"], recency_days: [1, 5, 10, 20, 40], frequency: [1, 1, 1, 1, 1], monetary: [5, 4, 3, 2, 1] });
    const s = rfmScores(f);
    expect(s.getColumn("r_score").toArray()).toEqual([5, 4, 3, 2, 1]);
    expect(s.getColumn("m_score").toArray()).toEqual([5, 4, 3, 2, 1]);
  });

  it("many customers with frequency 1 do not break the quintiles: each F score holds 2 of 10 customers, ties ordered by spend", () => {
    // six one-order customers (spend 1..6), then frequencies 2, 3, 4, 5
    const f = pl.DataFrame({
      customer_id: ["c01", "c02", "c03", "c04", "c05", "c06", "c07", "c08", "c09", "c10"],
      recency_days: [3, 3, 3, 3, 3, 3, 3, 3, 3, 3],
      frequency: [1, 1, 1, 1, 1, 1, 2, 3, 4, 5],
      monetary: [1, 2, 3, 4, 5, 6, 10, 20, 30, 40],
    });
    const fs = rfmScores(f).getColumn("f_score").toArray();
    expect(fs).toEqual([1, 1, 2, 2, 3, 3, 4, 4, 5, 5]);
  });

  it("inactive customers (null recency) get null scores and 'No purchase'", () => {
    const f = pl.DataFrame({ customer_id: ["a", "b", "c"], recency_days: pl.Series("recency_days", [3, null, 8], pl.Int32), frequency: [1, 0, 1], monetary: [5, 0, 5] });
    const s = rfmScores(f);
    // two active customers: positions 0, 1 of 2 → scores ⌊0·5/2⌋ + 1 = 1 and ⌊1·5/2⌋ + 1 = 3
    expect(s.getColumn("r_score").toArray()).toEqual([3, null, 1]);
    expect(s.getColumn("rfm_segment").toArray()[1]).toBe("No purchase");
  });

  it("does not depend on row order", () => {
    const f = pl.DataFrame({ customer_id: ["a", "b", "c", "d", "e", "f"], recency_days: [1, 1, 9, 9, 30, 2], frequency: [1, 3, 1, 2, 1, 1], monetary: [5, 50, 5, 9, 2, 5] });
    const a = rfmScores(f).sort("customer_id").toRecords();
    const b = rfmScores(f.reverse()).sort("customer_id").toRecords();
    expect(b).toEqual(a);
  });
});
