import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { projectRoot } from "../../src/paths.js";
import { chooseRenderer, renderSite, type RenderSiteResult } from "../../src/report/render.js";
import { InputError } from "../../src/util/errors.js";
import { HOSTILE_PRODUCT, HOSTILE_TITLE, writeFixtureInputs } from "./fixtures.js";

const root = projectRoot();
const read = (dir: string, p: string) => fs.readFileSync(path.join(dir, p), "utf8");

/** Every src/href attribute value in an HTML document. */
function urls(html: string): string[] {
  return [...html.matchAll(/\s(?:src|href)\s*=\s*"([^"]*)"/gi)].map((m) => m[1]);
}

describe("preview renderer on fixture notebooks", () => {
  let f: ReturnType<typeof writeFixtureInputs>;
  let result: RenderSiteResult;
  const lines: string[] = [];
  beforeAll(async () => {
    f = writeFixtureInputs();
    result = await renderSite({ root, ...f, renderer: "preview", log: (l) => lines.push(l) });
  });
  afterAll(() => fs.rmSync(f.dir, { recursive: true, force: true }));

  it("says which renderer it used", () => {
    expect(result.renderer).toBe("preview");
    expect(lines[0]).toBe("render: using the preview renderer (preview renderer requested)");
  });

  it("writes the overview, one page per notebook at Quarto's paths, the assets and the downloads", () => {
    const rel = result.files.map((p) => path.relative(f.outDir, p));
    expect(rel).toEqual([
      ".casestudy-site",
      "assets/site.css",
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
    ]);
    expect(read(f.outDir, "assets/vega-embed.min.js")).toBe(fs.readFileSync(path.join(root, "node_modules/vega-embed/build/vega-embed.min.js"), "utf8"));
  });

  it("every page has the navbar with the overview and the four pages, marking the current one", () => {
    const page = read(f.outDir, "notebooks/executed/02-segmentation.html");
    expect(page).toContain('<li><a href="../../index.html">Overview</a></li>');
    expect(page).toContain('<li><a href="../../notebooks/executed/02-segmentation.html" aria-current="page">Segmentation</a></li>');
    for (const label of ["Exploration", "Lookalikes", "Insights"]) expect(page).toContain(`>${label}</a></li>`);
    const index = read(f.outDir, "index.html");
    expect(index).toContain('<li><a href="index.html" aria-current="page">Overview</a></li>');
    expect(index).toContain('<li><a href="notebooks/executed/01-eda.html">Exploration</a></li>');
  });

  it("titles come from the heading or the front matter, in <title> and <h1>", () => {
    const eda = read(f.outDir, "notebooks/executed/01-eda.html");
    expect(eda).toContain("<title>Exploring the orders – Customer segmentation case study</title>");
    expect(eda).toContain('<h1 class="title">Exploring the orders</h1>');
    expect(eda.match(/<h1/g)).toHaveLength(1);
    const seg = read(f.outDir, "notebooks/executed/02-segmentation.html");
    expect(seg).toContain('<h1 class="title">Customer segments</h1>\n<p class="subtitle">A fixture page</p>');
    expect(read(f.outDir, "notebooks/executed/04-insights.html")).toContain("<title>Insights &amp; recommendations –");
  });

  it("has a table of contents linking the page's sections", () => {
    const eda = read(f.outDir, "notebooks/executed/01-eda.html");
    expect(eda).toContain('<nav class="toc" aria-label="On this page">');
    expect(eda).toContain('<a href="#revenue-by-product">Revenue by product</a>');
    expect(eda).toContain('<section id="revenue-by-product"');
  });

  it("folds code into <details> with the cell options stripped, and applies echo/include/label/fig-cap", () => {
    const eda = read(f.outDir, "notebooks/executed/01-eda.html");
    expect(eda.match(/<details class="code-fold"><summary>Code<\/summary>/g)).toHaveLength(2);
    expect(eda).not.toContain("//|");
    expect(eda).not.toContain("fig-cap");
    expect(eda).not.toContain("console.log"); // echo: false
    expect(eda).toContain("rows: 3"); // …but its output stays
    expect(eda).not.toContain("const hidden"); // include: false
    expect(eda).toContain('<div id="fig-revenue" class="cell code">');
    expect(eda).toContain('<div class="figure-caption">\nRevenue by product\n</div>');
  });

  it("keeps the chart's text/html with its script and drops the Vega-Lite JSON and text/plain", () => {
    const eda = read(f.outDir, "notebooks/executed/01-eda.html");
    expect(eda).toContain('<div id="vl-fixture-1" class="vega-chart"></div>\n<script>');
    expect(eda).toContain("window.vegaEmbed(e,spec,{actions:false})");
    expect(eda.match(/<script>/g)).toHaveLength(1);
    expect(eda.split('"mark":{"type":"bar"')).toHaveLength(2); // only inside the script
    expect(eda).not.toMatch(/class="json"/);
  });

  it("loads the Vega scripts from the site's own assets, in order", () => {
    const eda = read(f.outDir, "notebooks/executed/01-eda.html");
    const scripts = [...eda.matchAll(/<script src="([^"]+)"/g)].map((m) => m[1]);
    expect(scripts).toEqual(["../../assets/vega.min.js", "../../assets/vega-lite.min.js", "../../assets/vega-embed.min.js"]);
    expect(urls(read(f.outDir, "index.html"))).toContain("assets/vega-embed.min.js");
  });

  it("links only within the site: no http(s) src or href except localhost, and every relative link resolves", () => {
    for (const file of result.files.filter((p) => p.endsWith(".html"))) {
      for (const u of urls(fs.readFileSync(file, "utf8"))) {
        if (/^(https?:)?\/\//i.test(u)) {
          expect(u, `${file}: ${u}`).toMatch(/^https?:\/\/(localhost|127\.0\.0\.1)[:/]/);
          continue;
        }
        expect(u.startsWith("/"), `${file}: absolute path ${u}`).toBe(false);
        if (u.startsWith("#")) continue;
        const target = path.resolve(path.dirname(file), u.split("#")[0]);
        expect(fs.existsSync(target), `${file} links to missing ${u}`).toBe(true);
      }
    }
  });

  it("escapes hostile text from the data everywhere it reaches HTML", () => {
    const index = read(f.outDir, "index.html");
    expect(index).not.toContain(HOSTILE_TITLE);
    expect(index).toContain("&lt;script&gt;window.__xss=1&lt;/script&gt;Top customers");
    expect(index).not.toMatch(/<img|<script>window/i);
    const eda = read(f.outDir, "notebooks/executed/01-eda.html");
    expect(eda).not.toContain(HOSTILE_PRODUCT);
    expect(eda).not.toMatch(/<img/i);
  });

  it("lists the downloads on the overview with their sizes", () => {
    const index = read(f.outDir, "index.html");
    expect(index).toContain('<a href="downloads/segments.csv" download>segments.csv</a> <span class="size">(44 B)</span>');
    expect(index).toContain('<a href="downloads/figures/revenue.svg" download>figures/revenue.svg</a>');
    expect(index).not.toContain("model.parquet");
  });

  it("is deterministic: a second render gives the same bytes", async () => {
    const before = result.files.map((p) => fs.readFileSync(p, "utf8"));
    const again = await renderSite({ root, ...f, renderer: "preview" });
    expect(again.files).toEqual(result.files);
    expect(again.files.map((p) => fs.readFileSync(p, "utf8"))).toEqual(before);
  });
});

describe("atomic output", () => {
  it("a failed render keeps the old site; a later render prunes pages that are gone", async () => {
    const f = writeFixtureInputs();
    try {
      await renderSite({ root, ...f, renderer: "preview" });
      const index = fs.readFileSync(path.join(f.outDir, "index.html"), "utf8");
      fs.writeFileSync(path.join(f.executedDir, "05-broken.ipynb"), JSON.stringify({ cells: [{ cell_type: "code", source: "x", outputs: [{ output_type: "display_data", data: "not a bundle" }] }], nbformat: 4, nbformat_minor: 5 }));
      await expect(renderSite({ root, ...f, renderer: "preview" })).rejects.toThrow(/pandoc failed/);
      expect(fs.readFileSync(path.join(f.outDir, "index.html"), "utf8")).toBe(index);
      expect(fs.readdirSync(path.dirname(f.outDir)).filter((n) => n.includes("staging"))).toEqual([]);
      fs.rmSync(path.join(f.executedDir, "05-broken.ipynb"));
      fs.rmSync(path.join(f.executedDir, "04-insights.ipynb"));
      await renderSite({ root, ...f, renderer: "preview" });
      expect(fs.existsSync(path.join(f.outDir, "notebooks/executed/04-insights.html"))).toBe(false);
      expect(fs.existsSync(path.join(f.outDir, "notebooks/executed/03-lookalike.html"))).toBe(true);
    } finally {
      fs.rmSync(f.dir, { recursive: true, force: true });
    }
  });

  it("refuses to write into a non-empty folder it did not create", async () => {
    const f = writeFixtureInputs();
    try {
      fs.mkdirSync(f.outDir);
      fs.writeFileSync(path.join(f.outDir, "precious.txt"), "keep me");
      await expect(renderSite({ root, ...f, renderer: "preview" })).rejects.toThrow(InputError);
      expect(fs.readFileSync(path.join(f.outDir, "precious.txt"), "utf8")).toBe("keep me");
    } finally {
      fs.rmSync(f.dir, { recursive: true, force: true });
    }
  });
});

describe("missing inputs", () => {
  it("names the command that creates business_insights.json", async () => {
    const f = writeFixtureInputs();
    try {
      fs.rmSync(path.join(f.exportsDir, "business_insights.json"));
      await expect(renderSite({ root, ...f, renderer: "preview" })).rejects.toThrow(/business_insights\.json not found: run `npm run analyze`/);
    } finally {
      fs.rmSync(f.dir, { recursive: true, force: true });
    }
  });
  it("names the command that executes the notebooks", async () => {
    const f = writeFixtureInputs();
    try {
      fs.rmSync(f.executedDir, { recursive: true });
      await expect(renderSite({ root, ...f, renderer: "preview" })).rejects.toThrow(/no executed notebooks .* run `npm run notebooks`/);
    } finally {
      fs.rmSync(f.dir, { recursive: true, force: true });
    }
  });
});

describe("chooseRenderer", () => {
  it("auto uses Quarto from 1.5 on, else the preview, and says why", () => {
    expect(chooseRenderer("auto", [1, 5, 57])).toEqual({ renderer: "quarto", reason: "quarto 1.5.57 found" });
    expect(chooseRenderer("auto", [2, 0, 0]).renderer).toBe("quarto");
    expect(chooseRenderer("auto", [1, 4, 550])).toEqual({ renderer: "preview", reason: "quarto 1.4.550 found, older than 1.5" });
    expect(chooseRenderer("auto", undefined)).toEqual({ renderer: "preview", reason: "quarto not found on PATH" });
  });
  it("an explicit quarto without Quarto ≥ 1.5 is an error; preview is always possible", () => {
    expect(() => chooseRenderer("quarto", undefined)).toThrow(InputError);
    expect(chooseRenderer("preview", [1, 6, 0]).renderer).toBe("preview");
  });
});
