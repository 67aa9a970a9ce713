import { describe, expect, it } from "vitest";
import { detectSpikes, interactionConversion, interactionsPerDay, productConversion, robustZ, sessionDurations } from "../../src/insights/index.js";
import { rng } from "../../src/util/random.js";
import { cols, fixtureStore } from "./fixture.js";

describe("robust z and spikes", () => {
  it("(x − median) / (1.4826 · MAD)", () => {
    // median 3, deviations 2 1 0 1 97 → MAD 1
    const z = robustZ(Float64Array.of(1, 2, 3, 4, 100));
    expect(z[4]).toBeCloseTo(97 / 1.4826, 10);
    expect(z[0]).toBeCloseTo(-2 / 1.4826, 10);
  });
  it("fires on a planted spike and not on noisy flat data", () => {
    const r = rng(7);
    const x = Float64Array.from({ length: 60 }, () => 100 + Math.round((r() - 0.5) * 10));
    expect(Array.from(detectSpikes(x)).reduce((s, v) => s + v, 0)).toBe(0);
    x[30] = 300;
    const flags = detectSpikes(x);
    expect(Array.from(flags).map((v, i) => (v ? i : -1)).filter((i) => i >= 0)).toEqual([30]);
  });
  it("constant data has no spikes", () => {
    expect(Array.from(detectSpikes(new Float64Array(30).fill(5)))).toEqual(new Array(30).fill(0));
  });
});

describe("engagement", () => {
  it("one row per calendar day from first to last interaction, zeros included", () => {
    const d = interactionsPerDay(fixtureStore());
    expect(d.height).toBe(59); // 2024-01-04 … 2024-03-02 (leap year)
    expect(d.getColumn("interactions").sum()).toBe(7);
    const busy = d.filter(d.getColumn("interactions").gt(0));
    expect(cols(busy, ["day", "interactions", "customers", "sessions"])).toEqual({
      day: ["2024-01-04", "2024-01-19", "2024-02-14", "2024-03-02"],
      interactions: [3, 1, 2, 1],
      customers: [1, 1, 1, 1],
      sessions: [1, 1, 1, 1],
    });
  });
  it("is empty without interactions", () => {
    expect(interactionsPerDay(fixtureStore(false)).height).toBe(0);
    expect(sessionDurations(fixtureStore(false))).toBeNull();
  });
  it("session durations: 600 s, 0 s, 1800 s, 0 s", () => {
    expect(sessionDurations(fixtureStore())).toEqual({
      sessions: 4, meanSeconds: 600, medianSeconds: 300, meanSecondsMultiEvent: 1200, singleEventShare: 0.5, eventsPerSession: 7 / 4,
    });
  });
  it("conversion per product: customers who interacted and then bought it", () => {
    expect(cols(productConversion(fixtureStore()))).toEqual({
      product_id: ["p1", "p2", "p3"],
      interactions: [3, 2, 1],
      interacting_customers: [2, 2, 1],
      buying_customers: [2, 1, 1],
      conversion: [1, 0.5, 1],
      orders: [2, 1, 2],
    });
    expect(interactionConversion(fixtureStore())).toEqual({ interactingCustomers: 3, buyingCustomers: 3, conversion: 1 });
  });
});
