/**
 * The preview renderer's page template: navbar (overview + notebook pages), page title, table of contents,
 * the body, one stylesheet and the local Vega scripts, all linked relative to the page so the site works from
 * `file://` and from any static host. Pure string building; titles are escaped here, bodies arrive as HTML.
 */
import { escapeHtml } from "../util/html.js";
import { ASSETS_DIR, SITE_TITLE, VEGA_BUILDS, rootPrefix } from "./site.js";

/** A navbar entry: site-relative href and label. */
export interface NavItem {
  href: string;
  label: string;
}

/** What one page shows. */
export interface PageContent {
  /** Site-relative path of this page, e.g. `index.html` or `notebooks/executed/01-eda.html`. */
  path: string;
  title: string;
  subtitle?: string;
  /** Body HTML (from pandoc, or the overview builder). */
  bodyHtml: string;
  /** Table of contents as a `<ul>`, or empty for none. */
  tocHtml: string;
  /** Footer note, plain text (escaped here). */
  footer?: string;
}

/** The file name a Vega build is copied to under `assets/` (its basename). */
export function assetName(file: string): string {
  return file.slice(file.lastIndexOf("/") + 1);
}

/** Builds a complete HTML page; every link is relative to `page.path`. */
export function pageShell(page: PageContent, nav: NavItem[], siteTitle: string = SITE_TITLE): string {
  const root = rootPrefix(page.path);
  const navItems = nav
    .map((item) => {
      const current = item.href === page.path ? ' aria-current="page"' : "";
      return `<li><a href="${escapeHtml(root + item.href)}"${current}>${escapeHtml(item.label)}</a></li>`;
    })
    .join("\n");
  const scripts = VEGA_BUILDS.map(([, file]) => `<script src="${root}${ASSETS_DIR}/${assetName(file)}"></script>`).join("\n");
  const toc = page.tocHtml.trim()
    ? `<nav class="toc" aria-label="On this page">\n<h2 class="toc-title">On this page</h2>\n${page.tocHtml}\n</nav>`
    : "";
  const subtitle = page.subtitle ? `\n<p class="subtitle">${escapeHtml(page.subtitle)}</p>` : "";
  const footer = page.footer ? `<footer class="site-footer"><p>${escapeHtml(page.footer)}</p></footer>` : "";
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(page.title)} – ${escapeHtml(siteTitle)}</title>
<link rel="stylesheet" href="${root}${ASSETS_DIR}/site.css">
${scripts}
</head>
<body>
<header class="site-header">
<nav class="navbar" aria-label="Site">
<a class="brand" href="${root}index.html">${escapeHtml(siteTitle)}</a>
<ul class="nav-links">
${navItems}
</ul>
</nav>
</header>
<header class="page-header">
<h1 class="title">${escapeHtml(page.title)}</h1>${subtitle}
</header>
<div class="layout${toc ? " has-toc" : ""}">
${toc}
<main id="content">
${page.bodyHtml}
</main>
</div>
${footer}
</body>
</html>
`;
}
