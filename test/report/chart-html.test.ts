import { describe, expect, it } from "vitest";
import { VEGALITE_MIME, chartHtml, notebookBundle } from "../../src/charts/bundle.js";
import { needsChartHtml, withChartHtml } from "../../src/report/chart-html.js";
import type { Notebook } from "../../src/report/notebook.js";
import type { TopLevelSpec } from "vega-lite";

const spec: TopLevelSpec = { title: "Sales", data: { values: [{ a: 1 }] }, mark: "bar", encoding: { x: { field: "a", type: "quantitative" } } };

function nbWith(outputs: unknown[]): Notebook {
  return { cells: [{ cell_type: "code", source: "display(x)", outputs }], metadata: {}, nbformat: 4, nbformat_minor: 5 };
}

describe("withChartHtml", () => {
  it("a notebook chart (spec and title only) gets the HTML embed of its spec", () => {
    const nb = nbWith([{ output_type: "display_data", metadata: {}, data: notebookBundle(spec) }]);
    expect(needsChartHtml(nb)).toBe(true);
    const out = withChartHtml(nb);
    const data = (out.cells[0].outputs![0] as { data: Record<string, unknown> }).data;
    expect(data["text/html"]).toBe(chartHtml(spec));
    expect(data[VEGALITE_MIME]).toEqual(spec);
    expect(needsChartHtml(out)).toBe(false);
    expect((nb.cells[0].outputs![0] as { data: Record<string, unknown> }).data["text/html"]).toBeUndefined();
  });

  it("leaves outputs that already have HTML, and non-chart outputs, untouched", () => {
    const table = { output_type: "display_data", data: { "text/html": "<table></table>" } };
    const stream = { output_type: "stream", name: "stdout", text: "hi" };
    const both = { output_type: "display_data", data: { [VEGALITE_MIME]: spec, "text/html": "<p>mine</p>" } };
    const nb = nbWith([table, stream, both]);
    expect(needsChartHtml(nb)).toBe(false);
    expect(withChartHtml(nb).cells[0].outputs).toEqual([table, stream, both]);
  });
});
