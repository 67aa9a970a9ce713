import { describe, expect, it } from "vitest";
import {
  nameFacts,
  ruleMatches,
  SEGMENT_NAME_RULES,
  segmentName,
  uniqueNames,
  type NameFacts,
  type ValueLevel,
} from "../../src/segment/index.js";

const overall = { monetary: 100, recency_days: 30, frequency: 2, tenure_days: 200 };

/** Every combination of the four facts (3 × 2 × 2 × 2 = 24). */
function allFacts(): NameFacts[] {
  const out: NameFacts[] = [];
  for (const value of ["top", "high", "low"] as ValueLevel[])
    for (const recent of [true, false]) for (const frequent of [true, false]) for (const isNew of [true, false]) out.push({ value, recent, frequent, isNew });
  return out;
}

describe("segment names", () => {
  it("follow the documented table, one hand-made profile per row", () => {
    // monetary: 900 = 9× overall → top; 250 = 2.5× → high (below the 3× top level); 50 → low.
    // recency 5 < 30 → recent; frequency 10 > 2 → frequent; tenure 10 < 200 → new.
    const cases: [Record<string, number>, string][] = [
      [{ monetary: 900, recency_days: 5, frequency: 1, tenure_days: 300 }, "Top spenders / VIP"],
      [{ monetary: 900, recency_days: 90, frequency: 10, tenure_days: 300 }, "At-risk VIPs"],
      [{ monetary: 250, recency_days: 5, frequency: 10, tenure_days: 300 }, "Regular loyal"],
      [{ monetary: 250, recency_days: 5, frequency: 1, tenure_days: 10 }, "New big spenders"],
      [{ monetary: 250, recency_days: 5, frequency: 1, tenure_days: 300 }, "Recent big spenders"],
      [{ monetary: 250, recency_days: 90, frequency: 10, tenure_days: 10 }, "At-risk big spenders"],
      [{ monetary: 50, recency_days: 5, frequency: 10, tenure_days: 300 }, "Frequent small spenders"],
      [{ monetary: 50, recency_days: 5, frequency: 1, tenure_days: 10 }, "Promising new"],
      [{ monetary: 50, recency_days: 5, frequency: 1, tenure_days: 300 }, "Occasional low spenders"],
      [{ monetary: 50, recency_days: 90, frequency: 10, tenure_days: 300 }, "Fading regulars"],
      [{ monetary: 50, recency_days: 90, frequency: 1, tenure_days: 10 }, "Lapsed low spenders"],
    ];
    expect(cases.map(([m]) => segmentName(m, overall))).toEqual(cases.map(([, name]) => name));
    expect(new Set(cases.map(([, name]) => name)).size).toBe(SEGMENT_NAME_RULES.length);
  });

  it("the top level starts at vipRatio × the overall median (3 by default), inclusive", () => {
    expect(nameFacts({ monetary: 300 }, overall).value).toBe("top");
    expect(nameFacts({ monetary: 299.99 }, overall).value).toBe("high");
    expect(nameFacts({ monetary: 100 }, overall).value).toBe("low");
    expect(nameFacts({ monetary: 299.99 }, overall, { vipRatio: 2 }).value).toBe("top");
  });

  it("the rules are mutually exclusive and exhaustive: every combination of facts matches exactly one row", () => {
    for (const f of allFacts()) expect(SEGMENT_NAME_RULES.filter((r) => ruleMatches(r, f)).length, JSON.stringify(f)).toBe(1);
  });

  it("every rule is reachable and the names are distinct", () => {
    const used = new Set(allFacts().map((f) => SEGMENT_NAME_RULES.findIndex((r) => ruleMatches(r, f))));
    expect([...used].sort((a, b) => a - b)).toEqual(SEGMENT_NAME_RULES.map((_, i) => i));
    expect(new Set(SEGMENT_NAME_RULES.map((r) => r.name)).size).toBe(SEGMENT_NAME_RULES.length);
  });

  it("missing columns count as no (and low value): an empty profile is lapsed", () => {
    expect(nameFacts({}, overall)).toEqual({ value: "low", recent: false, frequent: false, isNew: false });
    expect(segmentName({ monetary: 900, recency_days: null }, { monetary: 100 })).toBe("At-risk VIPs");
    // a non-positive overall median has no top level
    expect(nameFacts({ monetary: 5 }, { monetary: 0 }).value).toBe("high");
  });

  it("a typical 4-segment shape (VIP, regulars, new one-timers, lapsed) gets four distinct names without suffix", () => {
    const overallMed = { monetary: 270, recency_days: 86, frequency: 2, tenure_days: 405 };
    const segs = [
      { monetary: 3800, recency_days: 25, frequency: 11, tenure_days: 636 },
      { monetary: 664, recency_days: 55, frequency: 4, tenure_days: 491 },
      { monetary: 88, recency_days: 273, frequency: 1, tenure_days: 369 },
      { monetary: 86, recency_days: 52, frequency: 1, tenure_days: 67 },
    ];
    expect(uniqueNames(segs.map((s) => segmentName(s, overallMed)))).toEqual(["Top spenders / VIP", "Regular loyal", "Lapsed low spenders", "Promising new"]);
  });

  it("are made unique with a suffix as a last resort", () => {
    expect(uniqueNames(["A", "B", "A", "A"])).toEqual(["A", "B", "A (2)", "A (3)"]);
  });
});
