/**
 * `renderSite`: builds the published site with Quarto (≥ 1.5) from the executed notebooks and the exports.
 * Quarto renders a staging project (a temporary folder beside the output): `_quarto.yml`, the filter and
 * stylesheet of src/report/quarto/ with the Vega builds beside the filter, the generated overview `index.qmd`,
 * and a copy of each executed notebook prepared by `quartoNotebook` (src/report/notebook.ts). The executed
 * notebooks, the project root and its .gitignore are never written. The site is then moved into place only when
 * complete (src/util/atomic.ts), so a failed render keeps the previous site; files of the previous site that the
 * new one lacks are removed afterwards.
 */
import { spawn, spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { projectPaths, projectRoot } from "../paths.js";
import { writeOutputsAtomic } from "../util/atomic.js";
import { InputError } from "../util/errors.js";
import { quartoNotebook, type Notebook } from "./notebook.js";
import { overviewQmd, parseInsights, type BusinessInsights, type DownloadLink, type PageLink } from "./overview.js";
import { readOverviewData } from "./overview-data.js";
import { DOWNLOADS_DIR, PAGES_DIR, QUARTO_DIR, SITE_MARKER, SITE_TITLE, VEGA_BUILDS, pagePath } from "./site.js";

/** Options of `renderSite`; every path defaults to the standard location of `projectPaths(root)`. */
export interface RenderSiteOptions {
  /** Project root (default: found from the working directory). */
  root?: string;
  /** Executed notebooks (default `notebooks/executed`). */
  executedDir?: string;
  /** Exports: business_insights.json, model.json, chart tables (default `report/exports`). */
  exportsDir?: string;
  /** Static figures to offer as downloads (default `report/figures`; absent is fine). */
  figuresDir?: string;
  /** Output folder (default `report/_site`). */
  outDir?: string;
  /** The Quarto executable (default: `findQuarto(root)`). */
  quarto?: string;
  /** Receives one line per step (default: ignore). */
  log?: (line: string) => void;
}

/** What `renderSite` did. */
export interface RenderSiteResult {
  /** The Quarto that rendered, e.g. `{ command: "quarto", version: [1, 10, 18], from: "PATH" }`. */
  quarto: QuartoFound;
  outDir: string;
  pages: PageLink[];
  downloads: DownloadLink[];
  /** Every file of the new site, absolute, sorted. */
  files: string[];
  /** Seconds `quarto render` took. */
  quartoSeconds: number;
}

/** A usable Quarto: the command to run, its version, and where it was found. */
export interface QuartoFound {
  command: string;
  version: number[];
  /** `CASESTUDY_QUARTO`, `PATH`, or the project's offline install `.tools/quarto`. */
  from: "CASESTUDY_QUARTO" | "PATH" | ".tools/quarto";
}

/** Minimum Quarto version. */
export const MIN_QUARTO: readonly [number, number] = [1, 5];

/** Where `npm run quarto:install` (scripts/install-quarto.sh) links the offline Quarto, relative to the project root. */
export const LOCAL_QUARTO = ".tools/quarto/bin/quarto";

/** How to get Quarto, appended to the error when none is found. */
export const QUARTO_HELP =
  "install Quarto ≥ 1.5 from https://quarto.org/docs/get-started/ or with `pip install quarto-cli` (both need internet), " +
  "or, with ../shared/tools/quarto beside the project, run `npm run quarto:install`";

/** File extensions of exports offered as downloads. */
const DOWNLOAD_EXTENSIONS = new Set([".csv", ".json", ".xlsx", ".png", ".svg", ".pdf"]);

/** The version printed by `quarto --version` as [major, minor, patch], or undefined when it does not run. */
export function quartoVersion(quarto = "quarto"): number[] | undefined {
  const r = spawnSync(quarto, ["--version"], { encoding: "utf8" });
  if (r.status !== 0 || !r.stdout) return undefined;
  const m = /(\d+)\.(\d+)(?:\.(\d+))?/.exec(r.stdout);
  return m ? [Number(m[1]), Number(m[2]), Number(m[3] ?? 0)] : undefined;
}

/** True when `version` is at least MIN_QUARTO. */
export function isSupportedQuarto(version: number[] | undefined): boolean {
  return version !== undefined && (version[0] > MIN_QUARTO[0] || (version[0] === MIN_QUARTO[0] && version[1] >= MIN_QUARTO[1]));
}

/**
 * Finds Quarto ≥ 1.5: `CASESTUDY_QUARTO` (a path) when set, else `quarto` on PATH, else the project's offline
 * install (`.tools/quarto/bin/quarto`, made by `npm run quarto:install`). Throws InputError saying what was
 * found and how to install Quarto. `probe` returns a command's version (default `quartoVersion`).
 */
export function findQuarto(root: string, env: NodeJS.ProcessEnv = process.env, probe: (cmd: string) => number[] | undefined = quartoVersion): QuartoFound {
  const candidates: [QuartoFound["from"], string][] = [];
  if (env.CASESTUDY_QUARTO) candidates.push(["CASESTUDY_QUARTO", env.CASESTUDY_QUARTO]);
  else candidates.push(["PATH", "quarto"], [".tools/quarto", path.join(root, LOCAL_QUARTO)]);
  const seen: string[] = [];
  for (const [from, command] of candidates) {
    const version = probe(command);
    if (version && isSupportedQuarto(version)) return { command, version, from };
    seen.push(`${from === "PATH" ? "quarto on PATH" : from === "CASESTUDY_QUARTO" ? `CASESTUDY_QUARTO=${command}` : LOCAL_QUARTO}: ${version ? `version ${version.join(".")}` : "not found"}`);
  }
  throw new InputError(`Quarto ≥ ${MIN_QUARTO.join(".")} is needed to build the site (${seen.join("; ")}): ${QUARTO_HELP}`);
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

function downloadLinks(files: [string, string][]): DownloadLink[] {
  return files.map(([src, href]) => ({ href, name: href.slice(DOWNLOADS_DIR.length + 1), bytes: fs.statSync(src).size }));
}

/**
 * What went wrong, from Quarto's output (ANSI colours removed): its ERROR lines (else its last three lines),
 * joined with " | ", after the file it was rendering (its last `[n/m] file` progress line), when there is one.
 */
export function quartoError(output: { stdout: string; stderr: string }): string {
  const lines = `${output.stdout}\n${output.stderr}`
    .replace(/\x1b\[[0-9;]*m/g, "")
    .split("\n")
    .map((l) => l.trim())
    .filter(Boolean);
  const errors = lines.filter((l) => /^(ERROR|Error)\b/.test(l));
  const message = (errors.length > 0 ? errors : lines.slice(-3)).slice(0, 3).join(" | ");
  const file = lines.map((l) => /^\[\s*\d+\/\d+\]\s+(\S+)/.exec(l)?.[1]).filter(Boolean).pop();
  return file ? `${file}: ${message}` : message;
}

/** Runs a command in `cwd` without blocking the event loop; resolves with its exit status and output. */
function run(command: string, args: string[], cwd: string): Promise<{ status: number | null; stdout: string; stderr: string; error?: Error }> {
  return new Promise((resolve) => {
    const child = spawn(command, args, { cwd, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.setEncoding("utf8").on("data", (d: string) => (stdout += d));
    child.stderr.setEncoding("utf8").on("data", (d: string) => (stderr += d));
    child.on("error", (error) => resolve({ status: null, stdout, stderr, error }));
    child.on("close", (status) => resolve({ status, stdout, stderr }));
  });
}

/**
 * Writes the staging Quarto project into `dir`: `_quarto.yml` from the root, QUARTO_DIR with the Vega builds in
 * `vega/`, `index.qmd`, and the prepared notebooks under PAGES_DIR. Returns the notebook pages.
 */
function stageProject(
  dir: string,
  ctx: { root: string; nodeModules: string; notebooks: ReturnType<typeof readNotebooks>; indexQmd: (pages: PageLink[]) => string },
): PageLink[] {
  const config = path.join(ctx.root, "_quarto.yml");
  if (!fs.existsSync(config)) throw new Error(`no _quarto.yml in ${ctx.root}`);
  fs.copyFileSync(config, path.join(dir, "_quarto.yml"));
  fs.cpSync(path.join(ctx.root, QUARTO_DIR), path.join(dir, QUARTO_DIR), { recursive: true });
  for (const [pkg, file] of VEGA_BUILDS) {
    const src = path.join(ctx.nodeModules, pkg, file);
    if (!fs.existsSync(src)) throw new Error(`missing ${pkg}/${file} in ${ctx.nodeModules}: run npm install`);
    copyInto(dir, `${QUARTO_DIR}/vega/${path.basename(file)}`, src);
  }
  const pagesDir = path.join(dir, PAGES_DIR);
  fs.mkdirSync(pagesDir, { recursive: true });
  const pages: PageLink[] = ctx.notebooks.map((nb) => {
    const prepared = quartoNotebook(nb.notebook, nb.stem);
    fs.writeFileSync(path.join(pagesDir, `${nb.stem}.ipynb`), JSON.stringify(prepared.notebook, null, 1) + "\n");
    return { href: pagePath(nb.stem), source: `${PAGES_DIR}/${nb.stem}.ipynb`, title: prepared.title, labels: prepared.labels };
  });
  fs.writeFileSync(path.join(dir, "index.qmd"), ctx.indexQmd(pages));
  return pages;
}

/**
 * Renders the site into `outDir` (default report/_site) with Quarto, from a staging project (see the module
 * comment), and copies the exports into `downloads/`. Throws InputError when Quarto, the insights or the executed
 * notebooks are missing (naming how to get them), Error when Quarto fails (with its error lines).
 */
export async function renderSite(options: RenderSiteOptions = {}): Promise<RenderSiteResult> {
  const root = options.root ?? projectRoot();
  const paths = projectPaths(root);
  const executedDir = options.executedDir ?? paths.executed;
  const exportsDir = options.exportsDir ?? paths.exports;
  const figuresDir = options.figuresDir ?? paths.figures;
  const outDir = path.resolve(options.outDir ?? paths.site);
  const log = options.log ?? (() => undefined);

  const quarto: QuartoFound = options.quarto
    ? (() => {
        const version = quartoVersion(options.quarto);
        if (!version || !isSupportedQuarto(version)) throw new InputError(`${options.quarto} is not Quarto ≥ ${MIN_QUARTO.join(".")}: ${QUARTO_HELP}`);
        return { command: options.quarto, version, from: "CASESTUDY_QUARTO" as const };
      })()
    : findQuarto(root);
  const insights = readInsights(exportsDir);
  const overviewData = readOverviewData(exportsDir);
  const notebooks = readNotebooks(executedDir);
  const downloads = downloadFiles(exportsDir, figuresDir);
  const links = downloadLinks(downloads);
  log(`render: quarto ${quarto.version.join(".")} (${quarto.from === "PATH" ? "on PATH" : quarto.from})`);
  checkOutDir(outDir);

  let pages: PageLink[] = [];
  let quartoSeconds = 0;
  const files = await writeOutputsAtomic(outDir, async (staging) => {
    const project = fs.mkdtempSync(path.join(path.dirname(outDir), ".quarto-project-"));
    try {
      pages = stageProject(project, {
        root,
        nodeModules: paths.nodeModules,
        notebooks,
        indexQmd: (p) => overviewQmd(insights, p, links, SITE_TITLE, overviewData),
      });
      const t0 = Date.now();
      const r = await run(quarto.command, ["render", "--output-dir", staging], project);
      quartoSeconds = (Date.now() - t0) / 1000;
      if (r.error) throw new Error(`could not run ${quarto.command}: ${r.error.message}`);
      if (r.status !== 0) throw new Error(`quarto render failed: ${quartoError(r)}`);
      if (!fs.existsSync(path.join(staging, "index.html"))) throw new Error("quarto render wrote no index.html");
    } finally {
      fs.rmSync(project, { recursive: true, force: true });
    }
    for (const [src, sitePath] of downloads) copyInto(staging, sitePath, src);
    fs.writeFileSync(path.join(staging, SITE_MARKER), `written by casestudy render (quarto ${quarto.version.join(".")})\n`);
  });
  const keep = new Set(files);
  for (const f of listFiles(outDir)) if (!keep.has(f)) fs.rmSync(f, { force: true });
  removeEmptyDirs(outDir);
  log(`render: ${pages.length} notebook pages + overview, ${downloads.length} downloads in ${quartoSeconds.toFixed(1)} s → ${shown(outDir)}`);
  return { quarto, outDir, pages, downloads: links, files, quartoSeconds };
}
