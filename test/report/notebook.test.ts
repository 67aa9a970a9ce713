import { describe, expect, it } from "vitest";
import { headingText, parseFrontMatter, prepareNotebook, splitCellOptions, type Notebook } from "../../src/report/notebook.js";

const nb = (cells: Notebook["cells"]): Notebook => ({ cells, metadata: {}, nbformat: 4, nbformat_minor: 5 });

describe("splitCellOptions", () => {
  it("reads Quarto's #| and TypeScript's //| option lines and leaves the code", () => {
    const { options, code } = splitCellOptions('//| echo: false\n#| fig-cap: "Revenue: by month"\n//| width: 3\nconst x = 1;\n//| not an option');
    expect(options).toEqual({ echo: false, "fig-cap": "Revenue: by month", width: 3 });
    expect(code).toBe("const x = 1;\n//| not an option");
  });
  it("a cell without options is unchanged", () => {
    expect(splitCellOptions("a\nb")).toEqual({ options: {}, code: "a\nb" });
  });
});

describe("titles", () => {
  it("front matter gives title and subtitle", () => {
    expect(parseFrontMatter('---\ntitle: "Segments"\nsubtitle: Who buys\nauthor: x\n---\n')).toEqual({ title: "Segments", subtitle: "Who buys" });
    expect(parseFrontMatter("no front matter")).toBeUndefined();
  });
  it("heading text drops markdown marks", () => {
    expect(headingText("Revenue by `country` and [region](x.html) *now*")).toBe("Revenue by country and region now");
  });
  it("the first level-1 heading becomes the title and leaves the body", () => {
    const p = prepareNotebook(nb([{ cell_type: "markdown", source: ["# Exploring orders\n", "\n", "Intro."] }]));
    expect(p.title).toBe("Exploring orders");
    expect(p.notebook.cells[0].source).toBe("\nIntro.");
  });
  it("a heading in a later markdown cell is not the title", () => {
    const p = prepareNotebook(nb([{ cell_type: "markdown", source: "Intro." }, { cell_type: "markdown", source: "# Late" }]), { fallbackTitle: "01-eda" });
    expect(p.title).toBe("01-eda");
    expect(p.notebook.cells).toHaveLength(2);
  });
  it("a raw front-matter cell gives the title and is dropped", () => {
    const p = prepareNotebook(nb([{ cell_type: "raw", source: "---\ntitle: Segments\n---" }, { cell_type: "markdown", source: "# Heading stays" }]));
    expect(p.title).toBe("Segments");
    expect(p.notebook.cells).toHaveLength(1);
    expect(p.notebook.cells[0].source).toBe("# Heading stays");
  });
});

describe("cell options applied", () => {
  const cells: Notebook["cells"] = [
    { cell_type: "code", source: "//| include: false\nsetup();", outputs: [] },
    { cell_type: "code", source: "//| echo: false\nshow();", outputs: [{ output_type: "stream" }] },
    { cell_type: "code", source: "//| output: false\nquiet();", outputs: [{ output_type: "stream" }] },
    { cell_type: "code", source: '//| label: fig-a\n//| fig-cap: "A"\n//| code-fold: show\n//| code-summary: Source\nchart();', outputs: [{ output_type: "display_data" }] },
    { cell_type: "code", source: "//| code-fold: false\nplain();", outputs: [] },
  ];
  const p = prepareNotebook(nb(cells));
  it("include: false drops the cell", () => {
    expect(p.notebook.cells).toHaveLength(4);
  });
  it("echo: false keeps the outputs and empties the code, with nothing to fold", () => {
    expect(p.notebook.cells[0].source).toBe("");
    expect(p.notebook.cells[0].outputs).toHaveLength(1);
    expect(p.notebook.cells[0].metadata).toEqual({});
  });
  it("output: false drops the outputs and folds the code", () => {
    expect(p.notebook.cells[1].outputs).toEqual([]);
    expect(p.notebook.cells[1].metadata).toEqual({ "casestudy-fold": "true", "casestudy-summary": "Code" });
  });
  it("label becomes the id; fig-cap, code-fold and code-summary go to the filter", () => {
    const c = p.notebook.cells[2];
    expect(c.id).toBe("fig-a");
    expect(c.source).toBe("chart();");
    expect(c.metadata).toEqual({ "casestudy-fold": "show", "casestudy-summary": "Source", "casestudy-caption": "A" });
  });
  it("code-fold: false leaves the code unfolded", () => {
    expect(p.notebook.cells[3].metadata).toEqual({});
  });
  it("counts the code cells that still show output", () => {
    expect(p.codeCells).toBe(2);
  });
  it("does not modify its input", () => {
    expect(cells[0].source).toBe("//| include: false\nsetup();");
    expect(cells[3].metadata).toBeUndefined();
  });
});
