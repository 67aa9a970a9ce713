/**
 * The Jupyter mime bundle of a chart: the vega-lite JSON (rendered by JupyterLab), an HTML fallback that
 * embeds it with vega-embed (kept by pandoc and by the site), and the title as plain text. Pure and
 * deterministic: the same spec gives the same bytes.
 */
import { createHash } from "node:crypto";
import type { TopLevelSpec } from "vega-lite";
import { escapeHtml, jsonForScript } from "../util/html.js";
import { specTitle } from "./common.js";

/** Mime type JupyterLab renders vega-lite specs with. */
export const VEGALITE_MIME = "application/vnd.vegalite.v5+json";

/** A display_data mime bundle. */
export interface MimeBundle {
  "application/vnd.vegalite.v5+json": TopLevelSpec;
  "text/html": string;
  "text/plain": string;
  "image/svg+xml"?: string;
}

/** Options of `bundle`. */
export interface BundleOptions {
  /** Element id of the chart's div. Default `vl-` + the first 12 hex digits of the spec's SHA-256. */
  id?: string;
  /** Static SVG of the chart (from `renderSvg`), added as `image/svg+xml`. Default none. */
  svg?: string;
}

/** Deterministic element id of a spec: `vl-` + 12 hex digits of the SHA-256 of its JSON. */
export function chartId(spec: TopLevelSpec): string {
  return `vl-${createHash("sha256").update(JSON.stringify(spec)).digest("hex").slice(0, 12)}`;
}

/** How long the HTML waits for `window.vegaEmbed` before saying the chart libraries are missing (ms). */
const WAIT_MS = 15_000;

/**
 * The HTML that shows a chart in a page which loads vega, vega-lite and vega-embed from local files (in
 * <head> or later): a div plus a script that waits for `window.vegaEmbed`, then embeds with
 * `{actions: false}` (vega-embed's default tooltip handler, which sanitizes). The spec is serialized with
 * `jsonForScript`, so text from the data cannot close the script; errors are shown as plain text.
 */
export function chartHtml(spec: TopLevelSpec, id: string = chartId(spec)): string {
  const safeId = id.replace(/[^A-Za-z0-9_-]/g, "_");
  const script =
    "(function(){" +
    `var id=${jsonForScript(safeId)},spec=${jsonForScript(spec)},t0=Date.now();` +
    "function el(){var all=document.querySelectorAll('div[id=\"'+id+'\"]');" +
    "for(var i=0;i<all.length;i++){if(!all[i].getAttribute('data-vl-embedded'))return all[i];}return null;}" +
    "function say(e,m){e.textContent=m;e.style.color='#a00';}" +
    "function go(){var e=el();if(!e)return;" +
    "if(typeof window.vegaEmbed!=='function'){" +
    `if(Date.now()-t0<${WAIT_MS}){setTimeout(go,50);}else{say(e,'Chart not shown: vega-embed is not loaded on this page.');}return;}` +
    "e.setAttribute('data-vl-embedded','1');" +
    "window.vegaEmbed(e,spec,{actions:false}).catch(function(err){say(e,'Chart error: '+(err&&err.message?err.message:String(err)));});}" +
    "if(document.readyState==='loading'){document.addEventListener('DOMContentLoaded',go);}else{go();}" +
    "})();";
  return `<div id="${escapeHtml(safeId)}" class="vega-chart"></div>\n<script>${script}</script>`;
}

/** The bundle a notebook output stores: the chart without its HTML embed (see `notebookBundle`). */
export type NotebookBundle = Omit<MimeBundle, "text/html">;

/**
 * The bundle `display()` sends from a notebook: the vega-lite JSON, the title and optionally the SVG, but no
 * `text/html`. JupyterLab prefers `text/html` over its own Vega-Lite renderer when both are present, and the
 * HTML embed needs vega-embed on the page, which JupyterLab does not load; so the notebook keeps the native
 * chart, and the publishing step adds the HTML embed for Quarto (`quartoOutput` in src/report/notebook.ts).
 */
export function notebookBundle(spec: TopLevelSpec, options: { svg?: string } = {}): NotebookBundle {
  const out: NotebookBundle = { [VEGALITE_MIME]: spec, "text/plain": specTitle(spec, "Vega-Lite chart") };
  if (options.svg !== undefined) out["image/svg+xml"] = options.svg;
  return out;
}

/**
 * The mime bundle of a chart: `application/vnd.vegalite.v5+json` (the spec), `text/html` (chartHtml),
 * `text/plain` (the title) and, when `options.svg` is given, `image/svg+xml`.
 */
export function bundle(spec: TopLevelSpec, options: BundleOptions = {}): MimeBundle {
  const out: MimeBundle = {
    [VEGALITE_MIME]: spec,
    "text/html": chartHtml(spec, options.id),
    "text/plain": specTitle(spec, "Vega-Lite chart"),
  };
  if (options.svg !== undefined) out["image/svg+xml"] = options.svg;
  return out;
}
