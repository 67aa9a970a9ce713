import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { projectRoot } from "../../src/paths.js";
import { PAGE_LABELS, PAGES_DIR } from "../../src/report/site.js";

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
  it("folds code, shows a toc, uses one theme", () => {
    expect(body).toMatch(/^\s+code-fold: true$/m);
    expect(body).toMatch(/^\s+toc: true$/m);
    expect(body.match(/^\s+theme: /gm)).toHaveLength(1);
  });
  it("needs nothing from another host: a theme without web fonts, math without MathJax", () => {
    expect(body).toMatch(/^\s+theme: default$/m);
    expect(body).toMatch(/^\s+html-math-method: mathml$/m);
    expect(body).not.toMatch(/https?:\/\//);
  });
  it("lists the same pages, with the same navbar labels, as the preview renderer", () => {
    for (const [stem, label] of Object.entries(PAGE_LABELS)) {
      expect(body).toContain(`      - href: ${PAGES_DIR}/${stem}.ipynb\n        text: ${label}\n`);
      expect(body).toContain(`          - ${PAGES_DIR}/${stem}.ipynb\n`);
    }
  });
  it("includes the local Vega loader, which loads nothing from another host", () => {
    const include = /include-in-header: (\S+)/.exec(body)?.[1];
    expect(include).toBe("src/report/templates/vega-header.html");
    const header = fs.readFileSync(path.join(root, include!), "utf8");
    expect(header).not.toMatch(/https?:|\/\/[a-z]/i);
    for (const f of ["vega.min.js", "vega-lite.min.js", "vega-embed.min.js"]) expect(header).toContain(`"${f}"`);
  });
  it("cites the Quarto documentation it follows", () => {
    expect(yml).toMatch(/documentation at quarto\.org for Quarto 1\.5\+/);
  });
});
