/**
 * Running pandoc (2.17 or newer) on one prepared notebook: `pandoc -f ipynb -t html5` keeps each `text/html`
 * output raw with its scripts and drops the Vega-Lite JSON and `text/plain` alternatives of the same bundle;
 * a Lua filter folds the code (templates/fold.lua) and a fragment template returns the toc and the body.
 */
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { Notebook } from "./notebook.js";

/** What pandoc produced for one notebook. */
export interface PandocFragment {
  /** Table of contents (a `<ul>`), empty when the notebook has no headings. */
  tocHtml: string;
  bodyHtml: string;
}

/** Options of `pandocNotebook`. */
export interface PandocOptions {
  /** Folder of fold.lua and fragment.html. */
  templatesDir: string;
  /** Folder pandoc runs in: images of the notebook are extracted below it, linked relative to it. */
  cwd: string;
  /** Folder for extracted images, relative to `cwd` (default: none; notebooks without images need none). */
  mediaDir?: string;
  /** Heading levels in the toc (default 3). */
  tocDepth?: number;
  /** The pandoc executable (default "pandoc"). */
  pandoc?: string;
}

/** The installed pandoc's version as [major, minor, patch], or undefined when pandoc is not on PATH. */
export function pandocVersion(pandoc = "pandoc"): number[] | undefined {
  const r = spawnSync(pandoc, ["--version"], { encoding: "utf8" });
  if (r.status !== 0 || !r.stdout) return undefined;
  const m = /pandoc(?:\.exe)?\s+(\d+)\.(\d+)(?:\.(\d+))?/.exec(r.stdout);
  return m ? [Number(m[1]), Number(m[2]), Number(m[3] ?? 0)] : undefined;
}

const BODY_MARK = "<!--casestudy:body-->";

/** Converts a (prepared) notebook to an HTML fragment with pandoc; throws with pandoc's stderr on failure. */
export function pandocNotebook(nb: Notebook, title: string, options: PandocOptions): PandocFragment {
  const pandoc = options.pandoc ?? "pandoc";
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "casestudy-pandoc-"));
  try {
    const input = path.join(tmp, "notebook.ipynb");
    fs.writeFileSync(input, JSON.stringify(nb));
    const args = [
      "-f", "ipynb",
      "-t", "html5",
      "--toc", `--toc-depth=${options.tocDepth ?? 3}`,
      "--mathml", // as _quarto.yml: math needs no script from a CDN
      "--lua-filter", path.join(options.templatesDir, "fold.lua"),
      "--template", path.join(options.templatesDir, "fragment.html"),
      "--metadata", `pagetitle=${title}`,
    ];
    if (options.mediaDir) args.push(`--extract-media=${options.mediaDir}`);
    args.push(input);
    const r = spawnSync(pandoc, args, { cwd: options.cwd, encoding: "utf8", maxBuffer: 512 * 1024 * 1024 });
    if (r.error) throw new Error(`could not run ${pandoc}: ${r.error.message} (install pandoc ≥ 2.17, e.g. apt-get install pandoc)`);
    if (r.status !== 0) throw new Error(`pandoc failed on "${title}": ${(r.stderr || "").trim().split("\n")[0]}`);
    const out = r.stdout;
    const at = out.indexOf(BODY_MARK);
    if (at < 0) throw new Error("pandoc output lacks the body marker of templates/fragment.html");
    return { tocHtml: out.slice(0, at).trim(), bodyHtml: out.slice(at + BODY_MARK.length).trim() };
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}
