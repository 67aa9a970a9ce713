/**
 * `renderSite`: builds the published site from the executed notebooks and the exports. With Quarto ≥ 1.5 on
 * PATH it runs `quarto render` on the project (`_quarto.yml`); otherwise the pandoc preview renderer builds the
 * same pages at the same paths. Either way the output is staged and moved into place only when complete
 * (src/util/atomic.ts), so a failed render keeps the previous site; files of the previous site that the new one
 * lacks are removed afterwards.
 */
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { projectPaths, projectRoot } from "../paths.js";
import { writeFileAtomic, writeOutputsAtomic } from "../util/atomic.js";
import { InputError } from "../util/errors.js";
import { prepareNotebook, type Notebook } from "./notebook.js";
import { needsChartHtml, withChartHtml } from "./chart-html.js";
import {
  overviewHtml,
  overviewQmd,
  overviewTocHtml,
  parseInsights,
  type BusinessInsights,
  type DownloadLink,
  type PageLink,
} from "./overview.js";
import { assetName, pageShell, type NavItem } from "./page.js";
import { pandocNotebook, pandocVersion } from "./pandoc.js";
import { ASSETS_DIR, DOWNLOADS_DIR, PAGE_LABELS, PAGES_DIR, SITE_MARKER, SITE_TITLE, VEGA_BUILDS, pagePath } from "./site.js";

/** Which renderer to use: `auto` picks Quarto when `quarto --version` is ≥ 1.5, else the preview. */
export type RendererChoice = "auto" | "quarto" | "preview";

/** Options of `renderSite`; every path defaults to the standard location of `projectPaths(root)`. */
export interface RenderSiteOptions {
  /** Project root (default: found from the working directory). */
  root?: string;
  /** Executed notebooks (default `notebooks/executed`). */
  executedDir?: string;
  /** Exports: business_insights.json, CSVs (default `report/exports`). */
  exportsDir?: string;
  /** Static figures to offer as downloads (default `report/figures`; absent is fine). */
  figuresDir?: string;
  /** Output folder (default `report/_site`). */
  outDir?: string;
  /** Default "auto". */
  renderer?: RendererChoice;
  /** Receives one line per step (default: ignore). */
  log?: (line: string) => void;
}

/** What `renderSite` did. */
export interface RenderSiteResult {
  renderer: "quarto" | "preview";
  /** Why this renderer, e.g. "quarto 1.6.39 found" or "quarto not found on PATH". */
  reason: string;
  outDir: string;
  pages: PageLink[];
  downloads: DownloadLink[];
  /** Every file of the new site, absolute, sorted. */
  files: string[];
}

/** Minimum Quarto version for `auto` to use it. */
export const MIN_QUARTO: readonly [number, number] = [1, 5];

/** File extensions of exports offered as downloads. */
const DOWNLOAD_EXTENSIONS = new Set([".csv", ".json", ".xlsx", ".png", ".svg", ".pdf"]);

/** The version printed by `quarto --version` as [major, minor, patch], or undefined when Quarto is not on PATH. */
export function quartoVersion(quarto = "quarto"): number[] | undefined {
  const r = spawnSync(quarto, ["--version"], { encoding: "utf8" });
  if (r.status !== 0 || !r.stdout) return undefined;
  const m = /(\d+)\.(\d+)(?:\.(\d+))?/.exec(r.stdout);
  return m ? [Number(m[1]), Number(m[2]), Number(m[3] ?? 0)] : undefined;
}

/** Picks the renderer: an explicit choice is kept (Quarto must then be ≥ 1.5); `auto` prefers Quarto ≥ 1.5. */
export function chooseRenderer(choice: RendererChoice, version: number[] | undefined): { renderer: "quarto" | "preview"; reason: string } {
  const ok = version !== undefined && (version[0] > MIN_QUARTO[0] || (version[0] === MIN_QUARTO[0] && version[1] >= MIN_QUARTO[1]));
  const found = version ? `quarto ${version.join(".")} found` : "quarto not found on PATH";
  if (choice === "preview") return { renderer: "preview", reason: "preview renderer requested" };
  if (choice === "quarto") {
    if (!ok) throw new InputError(`--renderer quarto needs Quarto ≥ ${MIN_QUARTO.join(".")} (${found}); use --renderer preview`);
    return { renderer: "quarto", reason: `${found}, quarto requested` };
  }
  return ok
    ? { renderer: "quarto", reason: found }
    : { renderer: "preview", reason: version ? `${found}, older than ${MIN_QUARTO.join(".")}` : found };
}

/** A path as messages show it: relative to the working directory when inside it. */
function shown(p: string): string {
  const rel = path.relative(process.cwd(), p);
  return rel && !rel.startsWith("..") ? rel : p;
}

/** Reads and checks `business_insights.json`; a missing file is an InputError naming the command that writes it. */
export function readInsights(exportsDir: string): BusinessInsights {
  const file = path.join(exportsDir, "business_insights.json");
  if (!fs.existsSync(file)) {
    throw new InputError(`${shown(file)} not found: run \`npm run analyze\` (casestudy analyze) to create the exports first`);
  }
  let json: unknown;
  try {
    json = JSON.parse(fs.readFileSync(file, "utf8"));
  } catch (e) {
    throw new InputError(`not valid JSON: ${(e as Error).message}`, { file: shown(file) });
  }
  return parseInsights(json, shown(file));
}

/** The executed notebooks (`*.ipynb`, sorted by name), parsed; none is an InputError naming the command that writes them. */
export function readNotebooks(executedDir: string): { stem: string; file: string; notebook: Notebook }[] {
  const names = fs.existsSync(executedDir) ? fs.readdirSync(executedDir).filter((n) => n.endsWith(".ipynb") && !n.startsWith(".")).sort() : [];
  if (names.length === 0) {
    throw new InputError(`no executed notebooks in ${shown(executedDir)}: run \`npm run notebooks\` to execute notebooks/*.ipynb first`);
  }
  return names.map((name) => {
    const file = path.join(executedDir, name);
    let notebook: Notebook;
    try {
      notebook = JSON.parse(fs.readFileSync(file, "utf8")) as Notebook;
    } catch (e) {
      throw new InputError(`not a notebook (invalid JSON): ${(e as Error).message}`, { file: shown(file) });
    }
    if (!Array.isArray(notebook.cells)) throw new InputError(`not a notebook (no "cells" list)`, { file: shown(file) });
    return { stem: name.slice(0, -".ipynb".length), file, notebook };
  });
}

/** Export files to publish: `[source path, site-relative path]`, exports first then figures, each sorted by name. */
export function downloadFiles(exportsDir: string, figuresDir: string | undefined): [string, string][] {
  const list = (dir: string | undefined, prefix: string): [string, string][] => {
    if (!dir || !fs.existsSync(dir)) return [];
    return fs
      .readdirSync(dir, { withFileTypes: true })
      .filter((e) => e.isFile() && !e.name.startsWith(".") && DOWNLOAD_EXTENSIONS.has(path.extname(e.name).toLowerCase()))
      .map((e) => e.name)
      .sort()
      .map((name): [string, string] => [path.join(dir, name), `${prefix}${name}`]);
  };
  return [...list(exportsDir, `${DOWNLOADS_DIR}/`), ...list(figuresDir, `${DOWNLOADS_DIR}/figures/`)];
}

function copyInto(staging: string, sitePath: string, source: string): void {
  const dst = path.join(staging, sitePath);
  fs.mkdirSync(path.dirname(dst), { recursive: true });
  fs.copyFileSync(source, dst);
}

/** Copies the Vega builds from node_modules into `<site>/assets/`; a missing build is an error naming it. */
function copyVegaAssets(staging: string, nodeModules: string): void {
  for (const [pkg, file] of VEGA_BUILDS) {
    const src = path.join(nodeModules, pkg, file);
    if (!fs.existsSync(src)) throw new Error(`missing ${pkg}/${file} in ${nodeModules}: run npm install`);
    copyInto(staging, `${ASSETS_DIR}/${assetName(file)}`, src);
  }
}

function listFiles(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  const out: string[] = [];
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) out.push(...listFiles(p));
    else out.push(p);
  }
  return out;
}

function removeEmptyDirs(dir: string): void {
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    if (!e.isDirectory()) continue;
    const p = path.join(dir, e.name);
    removeEmptyDirs(p);
    if (fs.readdirSync(p).length === 0) fs.rmdirSync(p);
  }
}

/** Refuses to write into a non-empty folder that a previous render did not create (it would be pruned). */
function checkOutDir(outDir: string): void {
  if (!fs.existsSync(outDir)) return;
  if (!fs.statSync(outDir).isDirectory()) throw new InputError(`${shown(outDir)} exists and is not a folder`);
  const entries = fs.readdirSync(outDir);
  if (entries.length > 0 && !entries.includes(SITE_MARKER)) {
    throw new InputError(`${shown(outDir)} is not empty and was not written by casestudy render (no ${SITE_MARKER}): choose another --out or empty it`);
  }
}

/** Builds the site with the preview renderer into `staging`. */
function buildPreview(
  staging: string,
  ctx: { insights: BusinessInsights; notebooks: ReturnType<typeof readNotebooks>; downloads: [string, string][]; templatesDir: string; nodeModules: string },
): PageLink[] {
  const version = pandocVersion();
  if (!version) throw new Error("pandoc not found on PATH: the preview renderer needs pandoc ≥ 2.17 (Debian: apt-get install pandoc)");
  const pagesDir = path.join(staging, PAGES_DIR);
  fs.mkdirSync(pagesDir, { recursive: true });
  const prepared = ctx.notebooks.map((nb) => ({ ...nb, ...prepareNotebook(withChartHtml(nb.notebook), { fallbackTitle: nb.stem }) }));
  const pages: PageLink[] = prepared.map((p) => ({ href: pagePath(p.stem), source: `${PAGES_DIR}/${p.stem}.ipynb`, title: p.title }));
  const nav: NavItem[] = [
    { href: "index.html", label: "Overview" },
    ...prepared.map((p) => ({ href: pagePath(p.stem), label: PAGE_LABELS[p.stem] ?? p.title })),
  ];
  const footer = `Built from the executed notebooks and the exports of the ${ctx.insights.dataset} dataset by the pandoc preview renderer.`;
  for (const p of prepared) {
    const fragment = pandocNotebook(p.notebook, p.title, { templatesDir: ctx.templatesDir, cwd: pagesDir, mediaDir: `${p.stem}_files` });
    const html = pageShell({ path: pagePath(p.stem), title: p.title, subtitle: p.subtitle, bodyHtml: fragment.bodyHtml, tocHtml: fragment.tocHtml, footer }, nav);
    fs.writeFileSync(path.join(staging, pagePath(p.stem)), html);
  }
  const downloads = downloadLinks(ctx.downloads);
  const index = pageShell(
    { path: "index.html", title: SITE_TITLE, subtitle: `Overview of the ${ctx.insights.dataset} dataset`, bodyHtml: overviewHtml(ctx.insights, pages, downloads), tocHtml: overviewTocHtml(ctx.insights), footer },
    nav,
  );
  fs.writeFileSync(path.join(staging, "index.html"), index);
  copyInto(staging, `${ASSETS_DIR}/site.css`, path.join(ctx.templatesDir, "site.css"));
  return pages;
}

function downloadLinks(files: [string, string][]): DownloadLink[] {
  return files.map(([src, href]) => ({ href, name: href.slice(DOWNLOADS_DIR.length + 1), bytes: fs.statSync(src).size }));
}

/** Builds the site with `quarto render` into `staging` (after writing the generated `index.qmd`). */
function buildQuarto(
  staging: string,
  ctx: { root: string; insights: BusinessInsights; notebooks: ReturnType<typeof readNotebooks>; downloads: [string, string][]; executedDir: string },
): PageLink[] {
  if (!fs.existsSync(path.join(ctx.root, "_quarto.yml"))) throw new Error(`no _quarto.yml in ${ctx.root}`);
  const expected = path.join(ctx.root, PAGES_DIR);
  if (path.resolve(ctx.executedDir) !== path.resolve(expected)) {
    throw new InputError(`the Quarto renderer reads the notebooks listed in _quarto.yml (${PAGES_DIR}); use --renderer preview for ${ctx.executedDir}`);
  }
  // Quarto renders the files listed in _quarto.yml: give their charts the HTML embed in place (idempotent).
  for (const nb of ctx.notebooks) {
    if (needsChartHtml(nb.notebook)) {
      writeFileAtomic(nb.file, JSON.stringify(withChartHtml(nb.notebook), null, 1) + "\n");
    }
  }
  const pages: PageLink[] = ctx.notebooks.map((nb) => {
    const title = prepareNotebook(nb.notebook, { fallbackTitle: nb.stem }).title;
    return { href: pagePath(nb.stem), source: `${PAGES_DIR}/${nb.stem}.ipynb`, title };
  });
  writeFileAtomic(path.join(ctx.root, "index.qmd"), overviewQmd(ctx.insights, pages, downloadLinks(ctx.downloads), SITE_TITLE));
  const r = spawnSync("quarto", ["render", "--output-dir", path.relative(ctx.root, staging)], { cwd: ctx.root, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
  if (r.status !== 0) throw new Error(`quarto render failed: ${(r.stderr || r.stdout || "").trim().split("\n").slice(-3).join(" | ")}`);
  if (!fs.existsSync(path.join(staging, "index.html"))) throw new Error("quarto render wrote no index.html");
  return pages;
}

/**
 * Renders the site into `outDir` (default report/_site) with Quarto or the pandoc preview renderer, copies the
 * Vega builds into `assets/` and the exports into `downloads/`, and reports which renderer ran and why.
 * Throws InputError when the insights or the executed notebooks are missing (naming the command that makes them).
 */
export async function renderSite(options: RenderSiteOptions = {}): Promise<RenderSiteResult> {
  const root = options.root ?? projectRoot();
  const paths = projectPaths(root);
  const executedDir = options.executedDir ?? paths.executed;
  const exportsDir = options.exportsDir ?? paths.exports;
  const figuresDir = options.figuresDir ?? paths.figures;
  const outDir = path.resolve(options.outDir ?? paths.site);
  const log = options.log ?? (() => undefined);
  const templatesDir = path.join(root, "src", "report", "templates");

  const choice = options.renderer ?? "auto";
  const { renderer, reason } = chooseRenderer(choice, choice === "preview" ? undefined : quartoVersion());
  const insights = readInsights(exportsDir);
  const notebooks = readNotebooks(executedDir);
  const downloads = downloadFiles(exportsDir, figuresDir);
  log(`render: using the ${renderer} renderer (${reason})`);
  checkOutDir(outDir);

  let pages: PageLink[] = [];
  const files = await writeOutputsAtomic(outDir, (staging) => {
    pages =
      renderer === "quarto"
        ? buildQuarto(staging, { root, insights, notebooks, downloads, executedDir })
        : buildPreview(staging, { insights, notebooks, downloads, templatesDir, nodeModules: paths.nodeModules });
    copyVegaAssets(staging, paths.nodeModules);
    for (const [src, sitePath] of downloads) copyInto(staging, sitePath, src);
    fs.writeFileSync(path.join(staging, SITE_MARKER), `written by casestudy render (${renderer})\n`);
  });
  const keep = new Set(files);
  for (const f of listFiles(outDir)) if (!keep.has(f)) fs.rmSync(f, { force: true });
  removeEmptyDirs(outDir);
  log(`render: ${pages.length} notebook pages + overview, ${downloads.length} downloads → ${outDir}`);
  return { renderer, reason, outDir, pages, downloads: downloadLinks(downloads), files };
}
