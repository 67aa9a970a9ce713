import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { projectRoot } from "../../src/paths.js";
import { PAGE_LABELS, PAGES_DIR, QUARTO_DIR } from "../../src/report/site.js";

const root = projectRoot();
const yml = fs.readFileSync(path.join(root, "_quarto.yml"), "utf8");
const body = yml.replace(/^\s*#.*$/gm, ""); // without comments

describe("_quarto.yml", () => {
  it("is a website rendered into report/_site from index.qmd and the executed notebooks", () => {
    expect(body).toMatch(/^project:\n\s+type: website\n\s+output-dir: report\/_site\n/m);
    expect(body).toContain(`    - index.qmd\n    - ${PAGES_DIR}/*.ipynb\n`);
  });
  it("never executes the notebooks", () => {
    expect(body).toMatch(/^execute:\n\s+enabled: false\n\s+freeze: true\n/m);
  });
  it("folds code, shows a toc, searches, navigates between pages", () => {
    expect(body).toMatch(/^\s+code-fold: true$/m);
    expect(body).toMatch(/^\s+toc: true$/m);
    expect(body).toMatch(/^\s+search:\n\s+location: navbar\n/m);
    expect(body).toMatch(/^\s+page-navigation: true$/m);
  });
  it("needs nothing from another host: the default theme (no web fonts) plus our stylesheet, math without MathJax", () => {
    expect(body).toMatch(/^\s+theme:\n\s+- default\n\s+- src\/report\/quarto\/site\.scss\n/m);
    expect(body).toMatch(/^\s+html-math-method: mathml$/m);
    expect(body).not.toMatch(/https?:\/\//);
    const scss = fs.readFileSync(path.join(root, QUARTO_DIR, "site.scss"), "utf8");
    expect(scss).not.toMatch(/@import|url\(|https?:/);
  });
  it("lists the same pages, with the same navbar labels, as src/report/site.ts", () => {
    for (const [stem, label] of Object.entries(PAGE_LABELS)) {
      expect(body).toContain(`      - href: ${PAGES_DIR}/${stem}.ipynb\n        text: ${label}\n`);
      expect(body).toContain(`          - ${PAGES_DIR}/${stem}.ipynb\n`);
    }
  });
  it("adds Vega to chart pages with the filter in src/report/quarto, which names only local files", () => {
    expect(body).toMatch(/^filters:\n\s+- src\/report\/quarto\/vega\.lua\n/m);
    const lua = fs.readFileSync(path.join(root, QUARTO_DIR, "vega.lua"), "utf8").replace(/^\s*--.*$/gm, "");
    expect(lua).not.toMatch(/https?:|\/\/[a-z]/i);
    for (const f of ["vega.min.js", "vega-lite.min.js", "vega-embed.min.js"]) expect(lua).toContain(`"vega/${f}"`);
  });
  it("cites the Quarto documentation it follows", () => {
    expect(yml).toMatch(/documentation at quarto\.org for Quarto 1\.5\+/);
  });
});
