/**
 * The site's fixed layout, shared by the Quarto config (`_quarto.yml`, kept in step by a test) and the pandoc
 * preview renderer: page paths mirror Quarto's (an input `notebooks/executed/01-eda.ipynb` becomes
 * `notebooks/executed/01-eda.html` under the output folder), so links are the same whichever renderer ran.
 */

/** Site title shown in the navbar and in every page's `<title>`. */
export const SITE_TITLE = "Customer segmentation case study";

/** Folder of the executed notebooks relative to the project root, which is also their folder in the site. */
export const PAGES_DIR = "notebooks/executed";

/** Short navbar labels of the planned notebooks by file stem; other notebooks are labeled by their title. */
export const PAGE_LABELS: Readonly<Record<string, string>> = {
  "01-eda": "Exploration",
  "02-segmentation": "Segmentation",
  "03-lookalike": "Lookalikes",
  "04-insights": "Insights",
};

/** The Vega builds the pages load, as `[package, file inside the package]`; copied to `assets/` under the site. */
export const VEGA_BUILDS: ReadonlyArray<readonly [string, string]> = [
  ["vega", "build/vega.min.js"],
  ["vega-lite", "build/vega-lite.min.js"],
  ["vega-embed", "build/vega-embed.min.js"],
];

/** Folder of scripts and styles under the site root. */
export const ASSETS_DIR = "assets";

/** Folder of downloadable exports under the site root. */
export const DOWNLOADS_DIR = "downloads";

/** File under the site root that marks a folder as written by `renderSite` (so a re-render may prune it). */
export const SITE_MARKER = ".casestudy-site";

/** Site-relative path of the page rendered from a notebook with this file stem, e.g. `notebooks/executed/01-eda.html`. */
export function pagePath(stem: string): string {
  return `${PAGES_DIR}/${stem}.html`;
}

/** Relative prefix from a site-relative page path back to the site root (`""` for `index.html`, `"../../"` for a notebook page). */
export function rootPrefix(sitePath: string): string {
  const depth = sitePath.split("/").length - 1;
  return "../".repeat(depth);
}
