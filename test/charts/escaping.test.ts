/** Text from the data (HTML, quotes, script tags) is shown as text: in SVG, in the bundle's HTML, in tooltips. */
import { describe, expect, it } from "vitest";
import { bundle } from "../../src/charts/bundle.js";
import { rankedBars } from "../../src/charts/ranked-bars.js";
import { topProductsComparison } from "../../src/charts/top-products.js";
import { renderChecked } from "./helpers.js";

const evil = `<img src=x onerror=alert(1)>"quoted"`;
const script = "</script><script>alert(2)</script>";
const rows = [
  { product_name: evil, interactions: 10, revenue: 5, units: 1 },
  { product_name: script, interactions: 5, revenue: 50, units: 2 },
  { product_name: "<b>bold</b> & 'single'", interactions: 1, revenue: 1, units: 3 },
];

describe("text from the data", () => {
  it("appears escaped in the SVG, never as markup", async () => {
    const { svg } = await renderChecked(topProductsComparison(rows));
    expect(svg).not.toContain("<img");
    expect(svg).not.toContain("<b>");
    expect(svg).not.toContain("<script");
    expect(svg).toContain("&lt;img src=x onerror=alert(1)&gt;");
  });

  it("cannot break out of the bundle's script element", () => {
    const html = bundle(rankedBars(rows, { category: "product_name", value: "units", title: evil }))["text/html"];
    expect(html).not.toContain("<img");
    expect(html).not.toContain("<b>");
    expect(html.match(/<script>/g)?.length).toBe(1);
    expect(html.match(/<\/script>/g)?.length).toBe(1);
    expect(html).toContain("\\u003cimg src=x onerror=alert(1)\\u003e\\\"quoted\\\"");
  });

  it("no spec asks for HTML tooltips or a custom tooltip handler", () => {
    const json = JSON.stringify(topProductsComparison(rows));
    expect(json).not.toMatch(/"usermeta"|"embedOptions"|"sanitize"|"tooltip":\{"content"/);
    expect(bundle(topProductsComparison(rows))["text/html"]).not.toMatch(/sanitize|tooltip:/);
  });
});
