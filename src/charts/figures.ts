/** Writing charts to disk: `<name>.vl.json` (the spec) and `<name>.svg` (static render) per chart. */
import fs from "node:fs";
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
 * file, in name order; same specs → same bytes. Figures of an earlier run that this run did not produce (e.g.
 * `order-status` after switching to a store that records no order status) are removed, so a site never
 * publishes a chart of another dataset. The SVGs are rendered here, one after the other: measured on 2 cores, vega
 * worker threads rendering side by side were no faster (they load vega once each while the analysis needs the
 * cores) and held ~130 MB more. Returns the written paths, sorted.
 */
export async function writeFigures(
  specs: Readonly<Record<string, TopLevelSpec>>,
  dir: string,
): Promise<string[]> {
  const written: string[] = [];
  const names = Object.keys(specs).sort();
  for (const name of names) {
    const spec = specs[name];
    const base = path.join(dir, figureFileName(name));
    const svg = await renderSvg(spec);
    writeFileAtomic(`${base}.vl.json`, `${JSON.stringify(spec, null, 2)}\n`);
    writeFileAtomic(`${base}.svg`, svg.endsWith("\n") ? svg : `${svg}\n`);
    written.push(`${base}.vl.json`, `${base}.svg`);
  }
  const keep = new Set(written.map((f) => path.basename(f)));
  for (const entry of fs.existsSync(dir) ? fs.readdirSync(dir) : []) {
    if (/\.(vl\.json|svg)$/.test(entry) && !keep.has(entry)) fs.rmSync(path.join(dir, entry), { force: true });
  }
  return written.sort();
}
