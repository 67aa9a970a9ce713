/**
 * Showing charts and tables in a tslab notebook. Imports tslab's kernel module: ONLY notebooks import this
 * file (unit tests use bundle.ts and table.ts, which build the same outputs without a kernel).
 *
 * From a cell (kernel started in the project root):
 *   import { display, showTable } from "./src/charts/display.js";
 */
import * as jupyter from "tslab/dist/jupyter.js";
import type { TopLevelSpec } from "vega-lite";
import { notebookBundle } from "./bundle.js";
import type { Row } from "./common.js";
import { renderSvg } from "./svg.js";
import { type FrameLike, type TableOptions, htmlTable } from "./table.js";

type Writer = (data: { data: Record<string, unknown>; metadata: Record<string, unknown>; transient: Record<string, unknown> }, update: boolean) => void;

/**
 * The kernel's display writer: tslab/dist/jupyter.js's `lastWriteDisplayData`, or, when the kernel runs a
 * different copy of tslab than node_modules', the one found among the loaded modules.
 */
function writer(): Writer {
  const direct = (jupyter as { lastWriteDisplayData?: unknown }).lastWriteDisplayData;
  if (typeof direct === "function") return direct as Writer;
  const cache = typeof require === "function" ? require.cache : undefined;
  for (const [file, mod] of Object.entries(cache ?? {})) {
    if (!/[\\/]tslab[\\/]dist[\\/]jupyter\.js$/.test(file)) continue;
    const w = (mod?.exports as { lastWriteDisplayData?: unknown } | undefined)?.lastWriteDisplayData;
    if (typeof w === "function") return w as Writer;
  }
  throw new Error("display() works only inside a running tslab kernel (no display writer found)");
}

/** Sends one display_data message with every mime type of `data`. */
function send(data: Record<string, unknown>): void {
  writer()({ data, metadata: {}, transient: {} }, false);
}

/** Options of `display`. */
export interface DisplayOptions {
  /** Also render a static SVG (`image/svg+xml`) in Node; then `display` returns a promise to await. */
  svg?: boolean;
}

/**
 * Shows a chart as ONE display_data with the vega-lite JSON and the title (plus the SVG when `{svg: true}`, in
 * which case the call returns a promise: `await display(spec, {svg: true})`). JupyterLab and VS Code draw it with
 * their own Vega-Lite renderer; the site adds the HTML embed when it publishes the notebook (`notebookBundle`).
 */
export function display(spec: TopLevelSpec, options?: DisplayOptions & { svg?: false }): void;
export function display(spec: TopLevelSpec, options: DisplayOptions & { svg: true }): Promise<void>;
export function display(spec: TopLevelSpec, options: DisplayOptions = {}): void | Promise<void> {
  if (options.svg) {
    return renderSvg(spec).then((svg) => send({ ...notebookBundle(spec, { svg }) }));
  }
  send({ ...notebookBundle(spec) });
}

/**
 * Shows a polars DataFrame or tidy rows as an HTML table (every cell escaped, numbers formatted, class
 * "cs-table"; at most `maxRows` rows, default 20), with the caption as plain text fallback.
 */
export function showTable(data: FrameLike | readonly Row[], options: TableOptions = {}): void {
  send({ "text/html": htmlTable(data, options), "text/plain": options.caption ?? "Table" });
}
