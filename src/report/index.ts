/** The published site, rendered by Quarto (see render.ts), and its overview page for stakeholders (overview.ts). */
export { renderSite, findQuarto, quartoVersion, isSupportedQuarto, readInsights, readNotebooks, downloadFiles, MIN_QUARTO, LOCAL_QUARTO, QUARTO_HELP } from "./render.js";
export type { RenderSiteOptions, RenderSiteResult, QuartoFound } from "./render.js";
export { quartoNotebook, quartoOutput, rawHtmlBlock, splitCellOptions, parseFrontMatter, headingText, cellSource } from "./notebook.js";
export type { Notebook, NotebookCell, CellOptions, QuartoNotebook } from "./notebook.js";
export { overviewQmd, parseInsights, findingHtml, findingsHtml, evidenceHtml, evidenceUnit, dataCardHtml, headlinesHtml, formatValue, formatFindingValue, formatBytes, escapeMarkdown } from "./overview.js";
export type { BusinessInsights, Finding, DataCard, DataCardRecord, PageLink, DownloadLink } from "./overview.js";
export { headlineCharts, revenueTakeaway, segmentsTakeaway, outcomesTakeaway, monthLabel, HEADLINE_FINDINGS, HEADLINE_DETAILS } from "./headlines.js";
export type { HeadlineChart, HeadlineId } from "./headlines.js";
export { readOverviewData } from "./overview-data.js";
export type { OverviewData, MonthRevenue, OutcomeRow, SegmentShare } from "./overview-data.js";
export { serveSite } from "./serve.js";
export * from "./site.js";
