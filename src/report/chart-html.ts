/**
 * The publishing step for charts: a notebook output that holds a Vega-Lite spec but no HTML (what `display()`
 * stores, so JupyterLab draws it natively) gets the HTML embed of `chartHtml`, which pandoc and Quarto keep
 * as raw HTML and the site's local vega-embed draws. Pure; outputs that already have HTML are left alone.
 */
import type { TopLevelSpec } from "vega-lite";
import { VEGALITE_MIME, chartHtml } from "../charts/bundle.js";
import type { Notebook } from "./notebook.js";

interface DisplayOutput {
  output_type?: string;
  data?: Record<string, unknown>;
  [key: string]: unknown;
}

/** A copy of `nb` in which every Vega-Lite output without `text/html` carries the chart's HTML embed. */
export function withChartHtml(nb: Notebook): Notebook {
  return {
    ...nb,
    cells: nb.cells.map((cell) => {
      if (!Array.isArray(cell.outputs)) return cell;
      return {
        ...cell,
        outputs: cell.outputs.map((o) => {
          const out = o as DisplayOutput;
          const spec = out.data?.[VEGALITE_MIME];
          if (!out.data || spec === undefined || out.data["text/html"] !== undefined) return o;
          return { ...out, data: { ...out.data, "text/html": chartHtml(spec as TopLevelSpec) } };
        }),
      };
    }),
  };
}

/** True when `withChartHtml` would change the notebook. */
export function needsChartHtml(nb: Notebook): boolean {
  return nb.cells.some((cell) =>
    (cell.outputs ?? []).some((o) => {
      const data = (o as DisplayOutput).data;
      return data !== undefined && data[VEGALITE_MIME] !== undefined && data["text/html"] === undefined;
    }),
  );
}
