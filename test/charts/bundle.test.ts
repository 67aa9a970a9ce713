import { describe, expect, it } from "vitest";
import { VEGALITE_MIME, bundle, chartHtml, chartId } from "../../src/charts/bundle.js";
import { rankedBars } from "../../src/charts/ranked-bars.js";
import { bundleWithSvg } from "../../src/charts/svg.js";

const spec = rankedBars([{ product: "Mug", units: 3 }], { category: "product", value: "units", title: "Units by product" });

describe("bundle", () => {
  it("has the vega-lite spec, the HTML embed and the title as plain text", () => {
    const b = bundle(spec);
    expect(Object.keys(b).sort()).toEqual([VEGALITE_MIME, "text/html", "text/plain"].sort());
    expect(b[VEGALITE_MIME]).toBe(spec);
    expect(b["text/plain"]).toBe("Units by product");
    expect(b["text/html"]).toMatch(/^<div id="vl-[0-9a-f]{12}" class="vega-chart"><\/div>\n<script>/);
    expect(b["text/html"]).toContain("window.vegaEmbed(e,spec,{actions:false})");
    expect(b["text/html"]).not.toMatch(/https?:\/\/(cdn|unpkg)/);
  });

  it("ids are deterministic: same spec, same id and bytes; another spec, another id", () => {
    const again = rankedBars([{ product: "Mug", units: 3 }], { category: "product", value: "units", title: "Units by product" });
    expect(chartId(again)).toBe(chartId(spec));
    expect(bundle(again)["text/html"]).toBe(bundle(spec)["text/html"]);
    const other = rankedBars([{ product: "Mug", units: 4 }], { category: "product", value: "units", title: "Units by product" });
    expect(chartId(other)).not.toBe(chartId(spec));
  });

  it("takes an explicit id, made safe for an attribute", () => {
    expect(bundle(spec, { id: 'x" onload="y' })["text/html"]).toContain('<div id="x__onload__y"');
  });

  it("adds the static SVG when asked", async () => {
    const b = await bundleWithSvg(spec);
    expect(b["image/svg+xml"]).toMatch(/^<svg /);
    expect(b["image/svg+xml"]).toContain(">Mug</text>");
  });

  it("the embed script runs in a page and calls vegaEmbed once with the spec", async () => {
    const html = chartHtml(spec);
    const script = html.slice(html.indexOf("<script>") + 8, html.lastIndexOf("</script>"));
    const calls: unknown[][] = [];
    const div = { attrs: {} as Record<string, string>, getAttribute(k: string) { return this.attrs[k] ?? null; }, setAttribute(k: string, v: string) { this.attrs[k] = v; } };
    const window = { vegaEmbed: (...args: unknown[]) => { calls.push(args); return Promise.resolve(); } };
    const document = { readyState: "complete", querySelectorAll: () => [div], addEventListener: () => undefined };
    new Function("window", "document", "setTimeout", script)(window, document, setTimeout);
    expect(calls.length).toBe(1);
    expect(calls[0][0]).toBe(div);
    expect(calls[0][1]).toEqual(JSON.parse(JSON.stringify(spec)));
    expect(calls[0][2]).toEqual({ actions: false });
  });
});
