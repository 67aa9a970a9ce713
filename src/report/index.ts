/** The published site: Quarto when present, else the pandoc preview renderer (see render.ts). */
export { renderSite, chooseRenderer, quartoVersion, readInsights, readNotebooks, downloadFiles, MIN_QUARTO } from "./render.js";
export type { RendererChoice, RenderSiteOptions, RenderSiteResult } from "./render.js";
export { prepareNotebook, splitCellOptions, parseFrontMatter, headingText, cellSource } from "./notebook.js";
export type { Notebook, NotebookCell, CellOptions, PreparedNotebook, PrepareOptions } from "./notebook.js";
export { overviewHtml, overviewQmd, parseInsights, findingHtml, evidenceHtml, formatValue, formatBytes, escapeMarkdown } from "./overview.js";
export type { BusinessInsights, Finding, PageLink, DownloadLink } from "./overview.js";
export { pageShell } from "./page.js";
export type { NavItem, PageContent } from "./page.js";
export { pandocNotebook, pandocVersion } from "./pandoc.js";
export * from "./site.js";
