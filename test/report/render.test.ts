/**
 * renderSite with the real Quarto (found as `casestudy render` finds it: CASESTUDY_QUARTO, PATH, .tools/quarto)
 * on the fixture project: what the site holds, what Quarto makes of the prepared notebooks (titles, toc, cell
 * options, captions and cross-references, charts), that nothing is loaded from another host, and that nothing
 * outside the output folder is written. Skips, saying so, when no Quarto ≥ 1.5 is found.
 */
import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { projectRoot } from "../../src/paths.js";
import { findQuarto, quartoError, renderSite, LOCAL_QUARTO, type QuartoFound, type RenderSiteResult } from "../../src/report/render.js";
import { InputError } from "../../src/util/errors.js";
import { HOSTILE_PRODUCT, HOSTILE_SEGMENT, HOSTILE_TITLE, writeFixtureInputs } from "./fixtures.js";

const root = projectRoot();
const read = (dir: string, p: string) => fs.readFileSync(path.join(dir, p), "utf8");
let quarto: QuartoFound | undefined;
try {
  quarto = findQuarto(root);
} catch (e) {
  console.warn(`skipped: the Quarto render tests (${(e as Error).message})`);
}

/** Every src/href attribute value in an HTML document. */
function urls(html: string): string[] {
  return [...html.matchAll(/\s(?:src|href)\s*=\s*"([^"]*)"/gi)].map((m) => m[1]);
}

/** Files under `dir` with their bytes, relative paths sorted. */
function snapshot(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (d: string) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else out[path.relative(dir, p)] = fs.readFileSync(p, "latin1");
    }
  };
  walk(dir);
  return out;
}

describe("quartoError", () => {
  it("names the notebook Quarto was rendering and keeps its ERROR lines, without colours", () => {
    const stdout = "[1/2] index.qmd\n[2/2] notebooks/executed/05-broken.ipynb\n";
    const stderr = "\x1b[31mERROR: Cell label names must be unique (found duplicate '#tbl-top')\x1b[39m\n\nStack trace:\n  at x\n";
    expect(quartoError({ stdout, stderr })).toBe("notebooks/executed/05-broken.ipynb: ERROR: Cell label names must be unique (found duplicate '#tbl-top')");
    expect(quartoError({ stdout: "", stderr: "a\nb\nc\nd\n" })).toBe("b | c | d");
  });
});

describe("findQuarto", () => {
  const probe = (versions: Record<string, number[]>) => (cmd: string) => versions[cmd];
  const local = path.join("/p", LOCAL_QUARTO);
  it("prefers CASESTUDY_QUARTO, then quarto on PATH, then the project's offline install", () => {
    expect(findQuarto("/p", { CASESTUDY_QUARTO: "/x/quarto" }, probe({ "/x/quarto": [1, 6, 0], quarto: [1, 9, 0] }))).toEqual({ command: "/x/quarto", version: [1, 6, 0], from: "CASESTUDY_QUARTO" });
    expect(findQuarto("/p", {}, probe({ quarto: [1, 5, 57], [local]: [1, 10, 18] }))).toEqual({ command: "quarto", version: [1, 5, 57], from: "PATH" });
    expect(findQuarto("/p", {}, probe({ quarto: [1, 4, 550], [local]: [1, 10, 18] })).from).toBe(".tools/quarto");
  });
  it("none found: one error line saying what was seen and how to get Quarto", () => {
    expect(() => findQuarto("/p", {}, probe({ quarto: [1, 4, 550] }))).toThrow(InputError);
    expect(() => findQuarto("/p", {}, probe({ quarto: [1, 4, 550] }))).toThrow(
      /^Quarto ≥ 1\.5 is needed to build the site \(quarto on PATH: version 1\.4\.550; \.tools\/quarto\/bin\/quarto: not found\): install Quarto ≥ 1\.5 from https:\/\/quarto\.org\/docs\/get-started\/ or with `pip install quarto-cli`.*npm run quarto:install/,
    );
    expect(() => findQuarto("/p", { CASESTUDY_QUARTO: "/nope" }, probe({ quarto: [1, 9, 0] }))).toThrow(/CASESTUDY_QUARTO=\/nope: not found/);
  });
});

describe.skipIf(!quarto)("renderSite with Quarto on the fixture project", () => {
  let f: ReturnType<typeof writeFixtureInputs>;
  let result: RenderSiteResult;
  let executedBefore: Record<string, string>;
  let rootBefore: string[];
  const lines: string[] = [];
  beforeAll(async () => {
    f = writeFixtureInputs();
    executedBefore = snapshot(f.executedDir);
    rootBefore = fs.readdirSync(root).sort();
    result = await renderSite({ root, ...f, log: (l) => lines.push(l) });
  }, 180_000);
  afterAll(() => fs.rmSync(f.dir, { recursive: true, force: true }));

  it("says which Quarto rendered", () => {
    expect(lines[0]).toMatch(/^render: quarto \d+\.\d+\.\d+ \((on PATH|\.tools\/quarto|CASESTUDY_QUARTO)\)$/);
    expect(lines[1]).toMatch(/^render: 4 notebook pages \+ overview, 8 downloads in \d+\.\d s → /);
    expect(result.quarto.version[0] * 100 + result.quarto.version[1]).toBeGreaterThanOrEqual(105);
  });

  it("writes the overview, a page per notebook at the notebooks' paths, the search index, Quarto's libraries, Vega and the downloads", () => {
    const rel = result.files.map((p) => path.relative(f.outDir, p));
    const pages = rel.filter((p) => p.endsWith(".html"));
    expect(pages).toEqual(["index.html", ...["01-eda", "02-segmentation", "03-lookalike", "04-insights"].map((s) => `notebooks/executed/${s}.html`)]);
    expect(rel).toContain("search.json");
    expect(rel).toContain("site_libs/quarto-search/quarto-search.js");
    expect(rel).toContain("site_libs/bootstrap/bootstrap-icons.woff");
    expect(rel.filter((p) => p.includes("/vega/"))).toEqual(["site_libs/quarto-contrib/vega/vega-embed.min.js", "site_libs/quarto-contrib/vega/vega-lite.min.js", "site_libs/quarto-contrib/vega/vega.min.js"]);
    expect(read(f.outDir, "site_libs/quarto-contrib/vega/vega-embed.min.js")).toBe(fs.readFileSync(path.join(root, "node_modules/vega-embed/build/vega-embed.min.js"), "utf8"));
    expect(rel.filter((p) => p.startsWith("downloads/"))).toEqual([
      "downloads/business_insights.json",
      "downloads/chart_revenue_by_product.csv",
      "downloads/figures/revenue.svg",
      "downloads/lookalike.csv",
      "downloads/model.json",
      "downloads/order_status.csv",
      "downloads/revenue_by_month.csv",
      "downloads/segments.csv",
    ]);
    expect(rel.filter((p) => p.startsWith("src/"))).toEqual(["src/report/quarto/favicon.svg"]);
    expect(rel.some((p) => p.endsWith(".ipynb") || p.endsWith(".qmd") || p.endsWith(".lua"))).toBe(false);
  });

  it("renders from a staging copy: the executed notebooks, the project root and the output's parent are left as they were", () => {
    expect(snapshot(f.executedDir)).toEqual(executedBefore);
    expect(fs.readdirSync(root).sort()).toEqual(rootBefore);
    expect(fs.readdirSync(f.dir).sort()).toEqual(["_site", "exports", "figures", "notebooks"]);
  });

  it("titles come from the front matter or the first heading, each shown once; the toc lists the sections", () => {
    const eda = read(f.outDir, "notebooks/executed/01-eda.html");
    expect(eda).toMatch(/<title>Exploring the orders – Customer segmentation case study<\/title>/);
    expect(eda.match(/<h1[\s>]/g)).toHaveLength(1);
    expect(eda).toContain('<h1 class="title">Exploring the orders</h1>');
    const seg = read(f.outDir, "notebooks/executed/02-segmentation.html");
    expect(seg.match(/<h1[\s>]/g)).toHaveLength(1);
    expect(seg).toContain('<p class="subtitle lead">A fixture page</p>');
    const toc = /<nav id="TOC"[\s\S]*?<\/nav>/.exec(eda)?.[0] ?? "";
    expect([...toc.matchAll(/<a href="#([^"]+)"/g)].map((m) => m[1])).toEqual(["revenue-by-product", "the-table-behind-it"]);
  });

  it("applies the TypeScript cell options: folded code without the option lines, echo and include", () => {
    const eda = read(f.outDir, "notebooks/executed/01-eda.html");
    expect(eda).not.toMatch(/\/\/\||#\|/);
    expect(eda.match(/<details class="code-fold">/g)?.length).toBe(2);
    expect(eda).not.toContain("console.log"); // echo: false…
    expect(eda).toContain("rows: 3"); // …keeps the output
    expect(eda).not.toContain("const hidden"); // include: false
  });

  it("numbers captioned figures and tables from the cells' label, fig-cap and tbl-cap, and resolves cross-references", () => {
    const eda = read(f.outDir, "notebooks/executed/01-eda.html");
    expect(eda).toMatch(/<div id="fig-revenue" class="[^"]*quarto-float/);
    expect(eda).toMatch(/Figure&nbsp;1: Revenue by product/);
    expect(eda).toMatch(/<div id="tbl-top" class="[^"]*quarto-float/);
    expect(eda).toMatch(/Table&nbsp;1: Top products by revenue/);
    expect(eda).toMatch(/<a href="#fig-revenue" class="quarto-xref">Figure&nbsp;1<\/a>/);
    expect(eda).toMatch(/<a href="#tbl-top" class="quarto-xref">Table&nbsp;1<\/a>/);
  });

  it("charts are HTML embeds that load the site's own Vega in <head>, before any chart script", () => {
    for (const page of ["index.html", "notebooks/executed/01-eda.html"]) {
      const html = read(f.outDir, page);
      const prefix = page === "index.html" ? "" : "../../";
      const head = html.slice(0, html.indexOf("</head>"));
      const scripts = [...head.matchAll(/<script src="([^"]*vega[^"]*)"/g)].map((m) => m[1]);
      expect(scripts, page).toEqual(["vega.min.js", "vega-lite.min.js", "vega-embed.min.js"].map((s) => `${prefix}site_libs/quarto-contrib/vega/${s}`));
      expect(html).toContain("window.vegaEmbed(e,spec,{actions:false})");
      expect(html).not.toMatch(/class="json"|application\/vnd\.vegalite/);
    }
  });

  it("loads nothing from another host: no CDN script (require.js, jQuery), no web font, no absolute URL in src or href", () => {
    for (const file of result.files.filter((p) => p.endsWith(".html"))) {
      const html = fs.readFileSync(file, "utf8");
      expect(html, file).not.toMatch(/cdn\.jsdelivr|require(\.min)?\.js|jquery|fonts\.googleapis|define\(/i);
      for (const u of urls(html)) {
        expect(u, `${file}: ${u}`).not.toMatch(/^(https?:)?\/\//i);
        expect(u.startsWith("/"), `${file}: absolute path ${u}`).toBe(false);
        if (u.startsWith("#") || u.startsWith("mailto:")) continue;
        const target = path.resolve(path.dirname(file), decodeURI(u.split("#")[0]));
        expect(fs.existsSync(target), `${file} links to missing ${u}`).toBe(true);
      }
    }
    for (const file of result.files.filter((p) => p.endsWith(".css"))) {
      expect(fs.readFileSync(file, "utf8"), file).not.toMatch(/@import|url\(\s*["']?(https?:)?\/\//i);
    }
  });

  it("the overview has the headline charts and escapes hostile text from the data everywhere it reaches HTML", () => {
    const index = read(f.outDir, "index.html");
    expect(index).toContain("Revenue peaked in February 2024 at £3,000.00, 1.5× the average month (£2,000.00), over 3 months.");
    expect(index.match(/<figure class="headline[ "]/g)).toHaveLength(3);
    for (const page of result.files.filter((p) => p.endsWith(".html"))) {
      const html = fs.readFileSync(page, "utf8");
      for (const hostile of [HOSTILE_TITLE, HOSTILE_PRODUCT, HOSTILE_SEGMENT]) expect(html, page).not.toContain(hostile);
      expect(html, page).not.toMatch(/<img src=x|<b onmouseover/i);
    }
    expect(index).toContain("&lt;script&gt;window.__xss=1&lt;/script&gt;Top customers");
  });

  it("search indexes every page's text", () => {
    const index = JSON.parse(read(f.outDir, "search.json")) as { href: string; text: string }[];
    const hrefs = new Set(index.map((e) => e.href.split("#")[0]));
    expect([...hrefs].sort()).toEqual(["index.html", ...["01-eda", "02-segmentation", "03-lookalike", "04-insights"].map((s) => `notebooks/executed/${s}.html`)]);
    expect(index.some((e) => e.text.includes("Regular"))).toBe(true);
  });

  it("is deterministic: a second render gives the same bytes", async () => {
    const before = snapshot(f.outDir);
    await renderSite({ root, ...f });
    expect(snapshot(f.outDir)).toEqual(before);
  }, 180_000);
});

describe.skipIf(!quarto)("atomic output", () => {
  it("a failed render keeps the old site and says what Quarto said; a later render prunes pages that are gone", async () => {
    const f = writeFixtureInputs();
    try {
      await renderSite({ root, ...f });
      const index = read(f.outDir, "index.html");
      // Two cells with one label: Quarto refuses the notebook.
      const nb = JSON.parse(read(f.executedDir, "03-lookalike.ipynb"));
      nb.cells.push({ cell_type: "code", execution_count: null, metadata: {}, outputs: [], source: "//| label: tbl-top\nx" });
      fs.writeFileSync(path.join(f.executedDir, "05-broken.ipynb"), JSON.stringify(nb));
      await expect(renderSite({ root, ...f })).rejects.toThrow(/^quarto render failed: .*tbl-top/);
      expect(read(f.outDir, "index.html")).toBe(index);
      expect(fs.readdirSync(f.dir).sort()).toEqual(["_site", "exports", "figures", "notebooks"]);
      fs.rmSync(path.join(f.executedDir, "05-broken.ipynb"));
      fs.rmSync(path.join(f.executedDir, "04-insights.ipynb"));
      await renderSite({ root, ...f });
      expect(fs.existsSync(path.join(f.outDir, "notebooks/executed/04-insights.html"))).toBe(false);
      expect(fs.existsSync(path.join(f.outDir, "notebooks/executed/03-lookalike.html"))).toBe(true);
    } finally {
      fs.rmSync(f.dir, { recursive: true, force: true });
    }
  }, 300_000);

  it("refuses to write into a non-empty folder it did not create", async () => {
    const f = writeFixtureInputs();
    try {
      fs.mkdirSync(f.outDir);
      fs.writeFileSync(path.join(f.outDir, "precious.txt"), "keep me");
      await expect(renderSite({ root, ...f })).rejects.toThrow(InputError);
      expect(read(f.outDir, "precious.txt")).toBe("keep me");
    } finally {
      fs.rmSync(f.dir, { recursive: true, force: true });
    }
  });
});

describe.skipIf(!quarto)("missing inputs", () => {
  it("names the command that creates business_insights.json", async () => {
    const f = writeFixtureInputs();
    try {
      fs.rmSync(path.join(f.exportsDir, "business_insights.json"));
      await expect(renderSite({ root, ...f })).rejects.toThrow(/business_insights\.json not found: run `npm run analyze`/);
    } finally {
      fs.rmSync(f.dir, { recursive: true, force: true });
    }
  });
  it("names the command that executes the notebooks", async () => {
    const f = writeFixtureInputs();
    try {
      fs.rmSync(f.executedDir, { recursive: true });
      await expect(renderSite({ root, ...f })).rejects.toThrow(/no executed notebooks .* run `npm run notebooks`/);
    } finally {
      fs.rmSync(f.dir, { recursive: true, force: true });
    }
  });
});
