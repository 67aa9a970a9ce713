import { describe, expect, it } from "vitest";
import { donut } from "../../src/charts/donut.js";
import { segmentScatter } from "../../src/charts/scatter.js";
import { SEGMENT_PALETTE, segmentColorScale, segmentNames } from "../../src/charts/theme.js";
import { renderChecked } from "./helpers.js";

/** The fill colour of the first SVG element whose aria-label mentions `segment`. */
function fillOf(svg: string, segment: string): string | undefined {
  const re = new RegExp(`aria-label="[^"]*Segment: ${segment}[^"]*"[^>]*fill="(#[0-9a-f]{6})"`);
  return svg.match(re)?.[1];
}

describe("segment colours", () => {
  it("the i-th ordered name gets the i-th palette colour", () => {
    expect(segmentColorScale(["B", "A", "B"])).toEqual({ domain: ["B", "A"], range: [SEGMENT_PALETTE[0], SEGMENT_PALETTE[1]] });
  });

  it("names default to the sorted distinct names; explicit names come first, others after, sorted", () => {
    expect(segmentNames(["b", "a", null, "", "b"])).toEqual(["a", "b"]);
    expect(segmentNames(["z", "a", "m"], ["m"])).toEqual(["m", "a", "z"]);
  });

  it("the same segment name gets the same colour in two different charts", async () => {
    const sizes = [
      { segment: "Loyal", customers: 5 },
      { segment: "Champions", customers: 3 },
      { segment: "At risk", customers: 2 },
    ];
    const points = [
      { pc1: 0, pc2: 1, segment: "At risk" },
      { pc1: 1, pc2: 0, segment: "Champions" },
      { pc1: 2, pc2: 2, segment: "Loyal" },
    ];
    const a = (await renderChecked(donut(sizes))).svg;
    const b = (await renderChecked(segmentScatter(points))).svg;
    for (const s of ["Loyal", "Champions", "At risk"]) {
      expect(fillOf(a, s)).toBeDefined();
      expect(fillOf(a, s)).toBe(fillOf(b, s));
    }
    // sorted names: At risk, Champions, Loyal
    expect(fillOf(a, "At risk")).toBe(SEGMENT_PALETTE[0]);
    expect(fillOf(b, "Loyal")).toBe(SEGMENT_PALETTE[2]);
  });
});
