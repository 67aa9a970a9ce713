/** Writing charts to disk: `<name>.vl.json` (the spec) and `<name>.svg` (static render) per chart. */
import path from "node:path";
import type { TopLevelSpec } from "vega-lite";
import { writeFileAtomic } from "../util/atomic.js";
import { renderSvg } from "./svg.js";

/** A figure name usable as a file name: letters, digits, `-`, `_` (anything else becomes `-`). */
export function figureFileName(name: string): string {
  const s = name.replace(/[^A-Za-z0-9_-]+/g, "-").replace(/^-+|-+$/g, "");
  return s === "" ? "figure" : s;
}

/**
 * Writes each spec as `<dir>/<name>.vl.json` (2-space JSON + newline) and `<dir>/<name>.svg`, atomically per
 * file, in name order; same specs → same bytes. Returns the written paths, sorted.
 */
export async function writeFigures(specs: Readonly<Record<string, TopLevelSpec>>, dir: string): Promise<string[]> {
  const written: string[] = [];
  for (const name of Object.keys(specs).sort()) {
    const spec = specs[name];
    const base = path.join(dir, figureFileName(name));
    const svg = await renderSvg(spec);
    writeFileAtomic(`${base}.vl.json`, `${JSON.stringify(spec, null, 2)}\n`);
    writeFileAtomic(`${base}.svg`, svg.endsWith("\n") ? svg : `${svg}\n`);
    written.push(`${base}.vl.json`, `${base}.svg`);
  }
  return written.sort();
}
