import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { projectRoot } from "../../src/paths.js";
import { renderSite, type RenderSiteResult } from "../../src/report/render.js";
import { writeFixtureInputs } from "./fixtures.js";

/**
 * The Quarto path of renderSite, with a stand-in `quarto` on PATH (Quarto itself cannot be installed here): it
 * reports version 1.6.40 and, for `render --output-dir D`, records its arguments and writes the pages Quarto would.
 */
const FAKE_QUARTO = `#!/bin/sh
if [ "$1" = "--version" ]; then echo "1.6.40"; exit 0; fi
if [ "$1" = "render" ] && [ "$2" = "--output-dir" ]; then
  echo "$@" > "$PWD/quarto-args.txt"
  test -f index.qmd || { echo "no index.qmd" >&2; exit 1; }
  mkdir -p "$3/notebooks/executed" "$3/site_libs"
  echo "<html><title>Overview</title></html>" > "$3/index.html"
  for nb in notebooks/executed/*.ipynb; do s=$(basename "$nb" .ipynb); echo "<html>$s</html>" > "$3/notebooks/executed/$s.html"; done
  echo "/* quarto */" > "$3/site_libs/quarto.js"
  exit 0
fi
echo "unexpected: $@" >&2; exit 2
`;

describe("renderSite with Quarto ≥ 1.5 on PATH", () => {
  const realRoot = projectRoot();
  let tmp: string;
  let result: RenderSiteResult;
  const oldPath = process.env.PATH;
  const lines: string[] = [];

  beforeAll(async () => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), "casestudy-quarto-"));
    fs.mkdirSync(path.join(tmp, "bin"));
    fs.writeFileSync(path.join(tmp, "bin", "quarto"), FAKE_QUARTO, { mode: 0o755 });
    fs.copyFileSync(path.join(realRoot, "_quarto.yml"), path.join(tmp, "_quarto.yml"));
    fs.symlinkSync(path.join(realRoot, "node_modules"), path.join(tmp, "node_modules"));
    const f = writeFixtureInputs(tmp);
    process.env.PATH = `${path.join(tmp, "bin")}${path.delimiter}${oldPath}`;
    result = await renderSite({ root: tmp, executedDir: f.executedDir, exportsDir: f.exportsDir, figuresDir: f.figuresDir, outDir: path.join(tmp, "report", "_site"), log: (l) => lines.push(l) });
  });
  afterAll(() => {
    process.env.PATH = oldPath;
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  it("auto picks Quarto and says so", () => {
    expect(result.renderer).toBe("quarto");
    expect(lines[0]).toBe("render: using the quarto renderer (quarto 1.6.40 found)");
  });
  it("writes index.qmd from the insights before rendering, and renders into a staging folder", () => {
    const qmd = fs.readFileSync(path.join(tmp, "index.qmd"), "utf8");
    expect(qmd).toContain('title: "Customer segmentation case study"');
    expect(qmd).toContain("&lt;script&gt;window.__xss=1&lt;/script&gt;Top customers");
    expect(qmd).toContain("4. [Insights \\& recommendations](notebooks/executed/04-insights.ipynb)");
    const args = fs.readFileSync(path.join(tmp, "quarto-args.txt"), "utf8").trim();
    expect(args).toMatch(/^render --output-dir report\/\._site\.staging-\w+$/);
  });
  it("adds the Vega assets, the downloads and the marker to Quarto's output", () => {
    const rel = result.files.map((p) => path.relative(result.outDir, p));
    expect(rel).toEqual([
      ".casestudy-site",
      "assets/vega-embed.min.js",
      "assets/vega-lite.min.js",
      "assets/vega.min.js",
      "downloads/business_insights.json",
      "downloads/chart_revenue_by_product.csv",
      "downloads/figures/revenue.svg",
      "downloads/lookalike.csv",
      "downloads/segments.csv",
      "index.html",
      "notebooks/executed/01-eda.html",
      "notebooks/executed/02-segmentation.html",
      "notebooks/executed/03-lookalike.html",
      "notebooks/executed/04-insights.html",
      "site_libs/quarto.js",
    ]);
  });
});
