/**
 * The site's fixed layout, shared by the Quarto config (`_quarto.yml`, kept in step by a test) and the render
 * step: page paths mirror Quarto's (an input `notebooks/executed/01-eda.ipynb` becomes
 * `notebooks/executed/01-eda.html` under the output folder).
 */

/** Site title shown in the navbar and in every page's `<title>`. */
export const SITE_TITLE = "Customer segmentation case study";

/** Folder of the executed notebooks relative to the project root, which is also their folder in the site. */
export const PAGES_DIR = "notebooks/executed";

/** Short navbar labels of the planned notebooks by file stem; `_quarto.yml` lists the same (checked by a test). */
export const PAGE_LABELS: Readonly<Record<string, string>> = {
  "01-eda": "Exploration",
  "02-segmentation": "Segmentation",
  "03-lookalike": "Lookalikes",
  "04-insights": "Insights",
};

/** Folder of the Quarto filter and stylesheet that `_quarto.yml` references, relative to the project root. */
export const QUARTO_DIR = "src/report/quarto";

/**
 * The Vega builds the chart pages load, as `[package, file inside the package]`; copied to `vega/` beside the
 * filter (QUARTO_DIR/vega.lua), which makes them a Quarto HTML dependency (`site_libs/vega/` in the site).
 */
export const VEGA_BUILDS: ReadonlyArray<readonly [string, string]> = [
  ["vega", "build/vega.min.js"],
  ["vega-lite", "build/vega-lite.min.js"],
  ["vega-embed", "build/vega-embed.min.js"],
];

/** Folder of downloadable exports under the site root. */
export const DOWNLOADS_DIR = "downloads";

/** File under the site root that marks a folder as written by `renderSite` (so a re-render may prune it). */
export const SITE_MARKER = ".casestudy-site";

/** Site-relative path of the page rendered from a notebook with this file stem, e.g. `notebooks/executed/01-eda.html`. */
export function pagePath(stem: string): string {
  return `${PAGES_DIR}/${stem}.html`;
}
