/** Writing charts to disk: `<name>.vl.json` (the spec) and `<name>.svg` (static render) per chart. */
import fs from "node:fs";
import path from "node:path";
import type { TopLevelSpec } from "vega-lite";
import { writeFileAtomic } from "../util/atomic.js";
import { renderSvg } from "./svg.js";
import type { SvgRenderers } from "./svg-renderers.js";

/** A figure name usable as a file name: letters, digits, `-`, `_` (anything else becomes `-`). */
export function figureFileName(name: string): string {
  const s = name.replace(/[^A-Za-z0-9_-]+/g, "-").replace(/^-+|-+$/g, "");
  return s === "" ? "figure" : s;
}

/**
 * Writes each spec as `<dir>/<name>.vl.json` (2-space JSON + newline) and `<dir>/<name>.svg`, atomically per
 * file, in name order; same specs → same bytes. Figures of an earlier run that this run did not produce (e.g.
 * `order-status` after switching to a store that records no order status) are removed, so a site never
 * publishes a chart of another dataset. `renderers`: worker threads to render the SVGs side by side (same bytes).
 * Returns the written paths, sorted.
 */
export async function writeFigures(
  specs: Readonly<Record<string, TopLevelSpec>>,
  dir: string,
  options: { renderers?: SvgRenderers } = {},
): Promise<string[]> {
  const written: string[] = [];
  const names = Object.keys(specs).sort();
  // With worker threads every SVG is rendered side by side (each file is still written whole, in name order).
  const svgs = options.renderers ? names.map((name) => options.renderers!.render(specs[name])) : null;
  svgs?.forEach((p) => p.catch(() => {})); // awaited in order below
  for (const [i, name] of names.entries()) {
    const spec = specs[name];
    const base = path.join(dir, figureFileName(name));
    const svg = svgs ? await svgs[i] : await renderSvg(spec);
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
