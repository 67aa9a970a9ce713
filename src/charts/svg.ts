/**
 * Static rendering in Node: vega-lite → vega → SVG text, with no browser. vega and vega-lite are ES modules
 * with top-level await, so they are loaded through src/util/esm.cjs (works under tslab's CommonJS and in ESM).
 */
import type { TopLevelSpec } from "vega-lite";
import importEsm from "../util/esm.cjs";
import { type MimeBundle, bundle } from "./bundle.js";

/** The vega module namespace. */
export type VegaModule = typeof import("vega");
/** The vega-lite module namespace. */
export type VegaLiteModule = typeof import("vega-lite");

/** Loads vega (once per process; the module system caches it). */
export async function loadVega(): Promise<VegaModule> {
  return (await importEsm("vega")) as VegaModule;
}

/** Loads vega-lite (once per process; the module system caches it). */
export async function loadVegaLite(): Promise<VegaLiteModule> {
  return (await importEsm("vega-lite")) as VegaLiteModule;
}

/** Options of `renderSvg`. */
export interface RenderSvgOptions {
  /** Throw on any vega-lite compile warning instead of ignoring it. Default false. */
  strict?: boolean;
}

/** Compiles a vega-lite spec to a Vega spec, collecting every compile warning as text. */
export async function compileWithWarnings(spec: TopLevelSpec): Promise<{ vgSpec: Parameters<VegaModule["parse"]>[0]; warnings: string[] }> {
  const [vega, vl] = await Promise.all([loadVega(), loadVegaLite()]);
  const warnings: string[] = [];
  const logger = vega.logger(vega.Warn);
  logger.warn = (...args: readonly unknown[]) => {
    warnings.push(args.map(String).join(" "));
    return logger;
  };
  return { vgSpec: vl.compile(spec, { logger }).spec, warnings };
}

/**
 * Renders a vega-lite spec to a standalone SVG document (text), headless (`renderer: "none"`). Same spec →
 * same bytes, whatever was rendered before (gradient and clip ids start at 0 in every document). Text from the data is escaped by vega's SVG renderer. Compile warnings are ignored unless
 * `strict`, in which case the first one is thrown as an Error.
 */
export async function renderSvg(spec: TopLevelSpec, options: RenderSvgOptions = {}): Promise<string> {
  const vega = await loadVega();
  const { vgSpec, warnings } = await compileWithWarnings(spec);
  if (options.strict && warnings.length > 0) throw new Error(`vega-lite warning: ${warnings[0]}`);
  const view = new vega.View(vega.parse(vgSpec), { renderer: "none", logLevel: vega.Error });
  try {
    // vega numbers gradient and clip ids with process-wide counters: start them afresh so that the SVG does not
    // depend on what this process (or this worker thread) rendered before.
    vega.resetSVGDefIds();
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}

/** The mime bundle of a chart with its static SVG (`image/svg+xml`) added; see `bundle`. */
export async function bundleWithSvg(spec: TopLevelSpec, options: { id?: string } = {}): Promise<MimeBundle> {
  return bundle(spec, { id: options.id, svg: await renderSvg(spec) });
}
