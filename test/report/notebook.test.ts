import { describe, expect, it } from "vitest";
import type { TopLevelSpec } from "vega-lite";
import { VEGALITE_MIME, chartHtml, chartId, notebookBundle } from "../../src/charts/bundle.js";
import { responsive } from "../../src/charts/common.js";
import {
  cellSource,
  headingText,
  parseFrontMatter,
  quartoNotebook,
  quartoOutput,
  rawHtmlBlock,
  sourceLines,
  splitCellOptions,
  type Notebook,
  type NotebookCell,
} from "../../src/report/notebook.js";

const nb = (cells: Notebook["cells"]): Notebook => ({ cells, metadata: {}, nbformat: 4, nbformat_minor: 5 });
const spec: TopLevelSpec = { title: "Sales", data: { values: [{ a: 1 }] }, mark: "bar", encoding: { x: { field: "a", type: "quantitative" } } };
const chart = { output_type: "display_data", metadata: {}, data: notebookBundle(spec) };
const table = { output_type: "display_data", metadata: {}, data: { "text/html": "<table><caption>Top</caption><tr><td>1</td></tr></table>", "text/plain": "t" } };
const stream = { output_type: "stream", name: "stdout", text: "rows: 3\n" };
const code = (source: string, outputs: unknown[]): NotebookCell => ({ cell_type: "code", source, outputs, metadata: {}, execution_count: null });
const markdownOf = (o: unknown) => cellSource({ cell_type: "markdown", source: (o as { data: Record<string, string[]> }).data["text/markdown"] });

describe("reading cell options and titles", () => {
  it("reads Quarto's #| and TypeScript's //| option lines and leaves the code", () => {
    const { options, code: c } = splitCellOptions('//| echo: false\n#| fig-cap: "Revenue: by month"\n//| width: 3\nconst x = 1;\n//| not an option');
    expect(options).toEqual({ echo: false, "fig-cap": "Revenue: by month", width: 3 });
    expect(c).toBe("const x = 1;\n//| not an option");
  });
  it("front matter gives title and subtitle", () => {
    expect(parseFrontMatter('---\ntitle: "Segments"\nsubtitle: Who buys\nauthor: x\n---\n')).toEqual({ title: "Segments", subtitle: "Who buys" });
    expect(parseFrontMatter("no front matter")).toBeUndefined();
  });
  it("heading text drops markdown marks", () => {
    expect(headingText("Revenue by `country` and [region](x.html) *now*")).toBe("Revenue by country and region now");
  });
  it("sources are written back as nbformat lines with their line breaks", () => {
    expect(sourceLines("a\nb\n")).toEqual(["a\n", "b\n"]);
    expect(sourceLines("a\nb")).toEqual(["a\n", "b"]);
    expect(sourceLines("")).toEqual([]);
  });
});

describe("rawHtmlBlock", () => {
  it("fences HTML for Pandoc with more backticks than any run inside", () => {
    expect(rawHtmlBlock("<p>x</p>")).toBe("```{=html}\n<p>x</p>\n```\n");
    expect(rawHtmlBlock("<p>```\n[x](javascript:1)\n````</p>")).toBe("`````{=html}\n<p>```\n[x](javascript:1)\n````</p>\n`````\n");
  });
});

describe("quartoOutput", () => {
  it("a chart becomes its HTML embed, filling the text column, in a raw HTML block, as text/markdown only (no text/html, no Vega-Lite JSON)", () => {
    const out = quartoOutput(chart) as { data: Record<string, unknown> };
    expect(Object.keys(out.data)).toEqual(["text/markdown"]);
    expect(markdownOf(out)).toBe(rawHtmlBlock(chartHtml(responsive(spec), chartId(spec))));
    expect(markdownOf(out)).toContain('"width":"container"');
  });
  it("HTML (tables, findings) is passed on the same way; streams and plain text are unchanged", () => {
    expect(markdownOf(quartoOutput(table))).toBe(rawHtmlBlock("<table><caption>Top</caption><tr><td>1</td></tr></table>"));
    expect(quartoOutput(stream)).toBe(stream);
    const text = { output_type: "display_data", data: { "text/plain": "hi" } };
    expect(quartoOutput(text)).toBe(text);
  });
});

describe("quartoNotebook", () => {
  const front: NotebookCell = { cell_type: "raw", source: ['---\n', 'title: "1 · Exploration"\n', 'subtitle: "What sells"\n', "---"] };
  const intro: NotebookCell = { cell_type: "markdown", source: ["# Exploration\n", "\n", "**Business question.** What sells,\n", "and where?"] };

  it("drops the level-1 heading that repeats the front-matter title, keeping the line breaks of the rest", () => {
    const q = quartoNotebook(nb([front, intro, { cell_type: "markdown", source: "# A later heading stays" }]));
    expect(q.title).toBe("1 · Exploration");
    expect(q.subtitle).toBe("What sells");
    expect(q.notebook.cells[0]).toEqual(front);
    expect(quartoNotebook(nb([{ cell_type: "markdown", source: "## A\n\nText" }])).notebook.cells[0].source).toEqual(["## A\n", "\n", "Text"]);
    expect(q.notebook.cells[1].source).toEqual(["**Business question.** What sells,\n", "and where?"]);
    expect(q.notebook.cells[2].source).toEqual(["# A later heading stays"]);
  });
  it("without front matter the heading is the title and stays for Quarto to lift", () => {
    const q = quartoNotebook(nb([intro]));
    expect(q.title).toBe("Exploration");
    expect(q.notebook.cells[0].source).toEqual(intro.source);
    expect(quartoNotebook(nb([{ cell_type: "markdown", source: "Intro." }]), "01-eda").title).toBe("01-eda");
  });
  it("rewrites TypeScript's //| options to Quarto's #| and records the labels", () => {
    const q = quartoNotebook(nb([code('//| label: fig-sales\n//| fig-cap: "Sales"\ndisplay(x); //| not an option', [chart]), code("plain();", [])]));
    expect(cellSource(q.notebook.cells[0])).toBe('#| label: fig-sales\n#| fig-cap: "Sales"\ndisplay(x); //| not an option');
    expect(cellSource(q.notebook.cells[1])).toBe("plain();");
    expect(q.labels).toEqual(["fig-sales"]);
  });
  it("leaves no text/html output anywhere (Quarto would add require.js and jQuery from a CDN)", () => {
    const q = quartoNotebook(nb([code("a", [chart, stream]), code("b", [table])]));
    const mimes = q.notebook.cells.flatMap((c) => (c.outputs ?? []).flatMap((o) => Object.keys((o as { data?: object }).data ?? {})));
    expect(mimes).toEqual(["text/markdown", "text/markdown"]);
    expect(JSON.stringify(q.notebook)).not.toContain(VEGALITE_MIME);
  });
  it("a figure cell that also shows a table: the figure keeps the chart, a cell without code shows table tbl-<name>", () => {
    const q = quartoNotebook(nb([code('//| label: fig-geo\n//| fig-cap: "Markets"\nshow();', [chart, table])]));
    expect(q.notebook.cells).toHaveLength(2);
    const [figure, more] = q.notebook.cells;
    expect(figure.outputs).toHaveLength(1);
    expect(markdownOf(figure.outputs![0])).toContain("vegaEmbed");
    expect(cellSource(more)).toBe("#| echo: false\n#| label: tbl-geo");
    expect(markdownOf(more.outputs![0])).toContain("<caption>Top</caption>");
    expect(q.labels).toEqual(["fig-geo", "tbl-geo"]);
  });
  it("a figure cell with a chart and text: the text follows without a table label", () => {
    const q = quartoNotebook(nb([code("//| label: fig-k\nshow();", [chart, stream])]));
    expect(cellSource(q.notebook.cells[1])).toBe("#| echo: false");
    expect(q.notebook.cells[1].outputs).toEqual([stream]);
  });
  it("a table cell with two tables: the first is the numbered table, the second follows with its own caption", () => {
    const second = { output_type: "display_data", data: { "text/html": "<table><caption>Models</caption><tr><td>2</td></tr></table>" } };
    const q = quartoNotebook(nb([code("//| label: tbl-holdout\nshow();", [table, stream, second])]));
    expect(q.notebook.cells).toHaveLength(2);
    expect(q.notebook.cells[0].outputs).toHaveLength(2);
    expect(markdownOf(q.notebook.cells[0].outputs![0])).toContain("<caption>Top</caption>");
    expect(cellSource(q.notebook.cells[1])).toBe("#| echo: false");
    expect(markdownOf(q.notebook.cells[1].outputs![0])).toContain("<caption>Models</caption>");
    expect(quartoNotebook(nb([code("//| label: tbl-one\nshow();", [table, stream])])).notebook.cells).toHaveLength(1);
  });
  it("a figure cell that drew no chart is not a figure: label without fig-, caption dropped", () => {
    const note = { output_type: "display_data", data: { "text/html": "<p>This dataset has no interaction events.</p>" } };
    const q = quartoNotebook(nb([code('//| label: fig-interactions\n//| fig-cap: "Interactions per day"\nshow();', [note])]));
    expect(cellSource(q.notebook.cells[0])).toBe("#| label: interactions\nshow();");
    expect(q.labels).toEqual(["interactions"]);
  });
  it("a chart of several panels (fixed width) gets the page's width to the right", () => {
    const panels = { hconcat: [spec, spec] } as unknown as TopLevelSpec;
    const q = quartoNotebook(nb([code('//| label: fig-p\n//| fig-cap: "P"\nshow();', [{ output_type: "display_data", data: notebookBundle(panels) }])]));
    expect(cellSource(q.notebook.cells[0])).toBe('#| label: fig-p\n#| fig-cap: "P"\n#| column: page-right\nshow();');
    const single = quartoNotebook(nb([code("//| label: fig-s\nshow();", [chart])]));
    expect(cellSource(single.notebook.cells[0])).toBe("#| label: fig-s\nshow();");
  });
  it("does not modify its input", () => {
    const cells = [front, intro, code('//| label: fig-a\nx', [chart, table])];
    const before = JSON.stringify(cells);
    quartoNotebook(nb(cells));
    expect(JSON.stringify(cells)).toBe(before);
  });
});
