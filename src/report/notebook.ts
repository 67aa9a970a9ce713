/**
 * The copy of an executed notebook that Quarto renders (the executed notebook itself is never modified):
 * - the title comes from the raw front-matter cell; a level-1 heading that opens the body repeats it, so it is
 *   dropped (Quarto itself only lifts that heading when the front matter has no title);
 * - TypeScript cell options (`//| label: fig-x`) are rewritten to Quarto's `#|` form, because Quarto 1.10 knows
 *   no comment syntax for TypeScript and would otherwise show them as code and ignore them;
 * - every chart (a Vega-Lite output, see `notebookBundle` in src/charts) becomes its HTML embed (`chartHtml`),
 *   and every HTML output (tables, findings) is passed on as a raw HTML block in a `text/markdown` output.
 *   Quarto treats a notebook with any `text/html` output as a "JavaScript widget" page and adds require.js and
 *   jQuery from a CDN to its head; require.js then captures the UMD Vega builds (`define` is global), so the
 *   charts would depend on the network and on load order. A `text/markdown` output holding a raw HTML block is
 *   what Quarto makes of `text/html` anyway, minus that widget detection, and it stays captionable, so a cell's
 *   `fig-cap` / `tbl-cap` become a numbered, cross-referenceable figure or table.
 * Pure functions over notebook JSON (nbformat 4); no I/O.
 */
import type { TopLevelSpec } from "vega-lite";
import { VEGALITE_MIME, chartHtml, chartId } from "../charts/bundle.js";
import { responsive } from "../charts/common.js";

/** A notebook cell as nbformat 4 stores it (only the fields used here are typed). */
export interface NotebookCell {
  cell_type: "code" | "markdown" | "raw";
  source: string | string[];
  metadata?: Record<string, unknown>;
  outputs?: unknown[];
  id?: string;
  [key: string]: unknown;
}

/** A notebook as nbformat 4 stores it. */
export interface Notebook {
  cells: NotebookCell[];
  metadata?: Record<string, unknown>;
  nbformat: number;
  nbformat_minor: number;
}

/** Quarto cell options read from the leading `#|` / `//|` comment lines of a code cell. */
export type CellOptions = Record<string, string | number | boolean>;

/** A notebook prepared for Quarto, with the title the site shows for it. */
export interface QuartoNotebook {
  /** Page title: front matter `title`, else the first level-1 heading, else the fallback. */
  title: string;
  subtitle?: string;
  notebook: Notebook;
  /** Labels (`label:` cell options) of the cells, in order, e.g. `["setup", "fig-revenue-month"]`. */
  labels: string[];
}

const CELL_OPTION = /^(\s*)(?:#|\/\/)\|\s?(.*)$/;

/**
 * Text as nbformat's list of lines, each but the last ending in "\n" (Quarto reads a string source as lines
 * and would join them without their line breaks).
 * @example sourceLines("a\nb"); // => ["a\n", "b"]
 */
export function sourceLines(text: string): string[] {
  return text === "" ? [] : text.split(/(?<=\n)/);
}

/** The cell's source as one string (nbformat allows a string or a list of lines). */
export function cellSource(cell: NotebookCell): string {
  return Array.isArray(cell.source) ? cell.source.join("") : cell.source;
}

function parseScalar(raw: string): string | number | boolean {
  const v = raw.trim();
  if (v === "true") return true;
  if (v === "false") return false;
  if (/^-?\d+(\.\d+)?$/.test(v)) return Number(v);
  const quoted = /^"(.*)"$|^'(.*)'$/.exec(v);
  if (quoted) return quoted[1] ?? quoted[2] ?? "";
  return v;
}

/**
 * Splits a code cell's leading option comments (`#| key: value` or `//| key: value`, Quarto's syntax) from its
 * code. Values are YAML scalars: true/false, numbers, quoted or bare strings.
 * @example splitCellOptions('//| echo: false\nx'); // => { options: { echo: false }, code: 'x' }
 */
export function splitCellOptions(source: string): { options: CellOptions; code: string } {
  const lines = source.split("\n");
  const options: CellOptions = {};
  let i = 0;
  for (; i < lines.length; i++) {
    const m = CELL_OPTION.exec(lines[i]);
    if (!m) break;
    const kv = /^([A-Za-z][\w-]*)\s*:\s*(.*)$/.exec(m[2]);
    if (kv) options[kv[1]] = parseScalar(kv[2]);
  }
  return { options, code: lines.slice(i).join("\n") };
}

/** Reads `title:` and `subtitle:` from a YAML front-matter block (`---` … `---`); other keys are ignored. */
export function parseFrontMatter(text: string): { title?: string; subtitle?: string } | undefined {
  const m = /^\s*---\s*\n([\s\S]*?)\n---\s*$/.exec(text);
  if (!m) return undefined;
  const out: { title?: string; subtitle?: string } = {};
  for (const line of m[1].split("\n")) {
    const kv = /^(title|subtitle)\s*:\s*(.+)$/.exec(line);
    if (kv) out[kv[1] as "title" | "subtitle"] = String(parseScalar(kv[2]));
  }
  return out;
}

/** Plain text of a markdown heading line's content: inline code ticks, emphasis marks and link targets dropped. */
export function headingText(markdown: string): string {
  return markdown
    .replace(/\[([^\]]*)\]\([^)]*\)/g, "$1")
    .replace(/[`*_]/g, "")
    .replace(/\s+#+\s*$/, "")
    .trim();
}

/**
 * A raw HTML block for Pandoc markdown (```` ```{=html} ````), fenced with more backticks than the longest run
 * inside `html`, so no content can close it early.
 */
export function rawHtmlBlock(html: string): string {
  const longest = Math.max(0, ...(html.match(/`+/g) ?? []).map((run) => run.length));
  const fence = "`".repeat(Math.max(3, longest + 1));
  return `${fence}{=html}\n${html}\n${fence}\n`;
}

interface DisplayOutput {
  output_type?: string;
  data?: Record<string, unknown>;
  metadata?: Record<string, unknown>;
  [key: string]: unknown;
}

const asText = (v: unknown): string => (Array.isArray(v) ? v.join("") : String(v));

/** True for an HTML output holding a table with a caption (what `showTable(…, { caption })` displays). */
function isTableOutput(output: unknown): boolean {
  const html = (output as DisplayOutput).data?.["text/html"];
  return html !== undefined && /<table[\s>][\s\S]*<caption[\s>]/.test(asText(html));
}

/** True for a chart whose spec cannot fill its container's width (concatenated, faceted or repeated panels). */
function isPanelledChart(output: unknown): boolean {
  const spec = (output as DisplayOutput).data?.[VEGALITE_MIME] as TopLevelSpec | undefined;
  return spec !== undefined && responsive(spec) === spec;
}

/** True for an output that is a picture: a Vega-Lite chart or an image. */
function isFigureOutput(output: unknown): boolean {
  const data = (output as DisplayOutput).data;
  return data !== undefined && [VEGALITE_MIME, "image/png", "image/svg+xml", "image/jpeg"].some((m) => data[m] !== undefined);
}

/**
 * One output as Quarto should see it: a chart (Vega-Lite spec) as its HTML embed and any HTML as a raw HTML
 * block, both in a `text/markdown` output (see the module comment); every other output unchanged.
 */
export function quartoOutput(output: unknown): unknown {
  const o = output as DisplayOutput;
  if (!o.data || (o.output_type !== "display_data" && o.output_type !== "execute_result")) return output;
  const spec = o.data[VEGALITE_MIME];
  const html =
    spec !== undefined ? chartHtml(responsive(spec as TopLevelSpec), chartId(spec as TopLevelSpec)) : o.data["text/html"] !== undefined ? asText(o.data["text/html"]) : undefined;
  if (html === undefined) return output;
  return { ...o, data: { "text/markdown": sourceLines(rawHtmlBlock(html)) }, metadata: {} };
}

/**
 * A code cell's source with its leading `//|` options in Quarto's `#|` form; with `notFigure`, a `fig-` label
 * loses its prefix and the `fig-cap` option is dropped.
 */
function quartoCellSource(source: string, notFigure: boolean, extra: readonly string[] = []): string {
  const lines = source.split("\n");
  const kept: string[] = [];
  let i = 0;
  for (; i < lines.length; i++) {
    const m = CELL_OPTION.exec(lines[i]);
    if (!m) break;
    let option = m[2];
    if (notFigure && /^fig-cap\s*:/.test(option)) continue;
    if (notFigure && /^label\s*:/.test(option)) option = option.replace(/fig-/, "");
    kept.push(`${m[1]}#| ${option}`);
  }
  return [...kept, ...extra.map((o) => `#| ${o}`), ...lines.slice(i)].join("\n");
}

/**
 * Prepares an executed notebook for `quarto render` (see the module comment). The input is not modified.
 * `fallbackTitle` is the title when the notebook has neither front matter nor a leading level-1 heading.
 */
export function quartoNotebook(nb: Notebook, fallbackTitle = "Untitled"): QuartoNotebook {
  let title: string | undefined;
  let subtitle: string | undefined;
  let frontMatterAt = -1;
  nb.cells.forEach((cell, i) => {
    if (frontMatterAt >= 0 || (cell.cell_type !== "raw" && cell.cell_type !== "markdown")) return;
    const fm = parseFrontMatter(cellSource(cell));
    if (fm) {
      frontMatterAt = i;
      title = fm.title;
      subtitle = fm.subtitle;
    }
  });
  const firstMarkdown = nb.cells.findIndex((c, i) => c.cell_type === "markdown" && i !== frontMatterAt);
  const taken = new Set(nb.cells.map((c) => (c.cell_type === "code" ? splitCellOptions(cellSource(c)).options.label : undefined)));
  const labels: string[] = [];
  const cells = nb.cells.flatMap((original, index): NotebookCell[] => {
    const source = cellSource(original);
    // nbformat allows a source as one string; Quarto would join its lines without their breaks.
    const cell: NotebookCell = { ...original, source: sourceLines(source) };
    if (index === firstMarkdown) {
      const lines = source.split("\n");
      const h = lines.findIndex((l) => l.trim() !== "");
      if (h >= 0 && /^#\s+\S/.test(lines[h])) {
        if (title === undefined) {
          // Quarto lifts this heading into the title itself; only record it.
          title = headingText(lines[h].replace(/^#\s+/, ""));
        } else {
          cell.source = sourceLines(lines.slice(h + 1).join("\n").replace(/^\n+/, ""));
        }
      }
    }
    if (cell.cell_type !== "code") return [cell];
    const label = splitCellOptions(source).options.label;
    const outputs = cell.outputs ?? [];
    const isFig = typeof label === "string" && label.startsWith("fig-");
    // A `fig-` cell that drew nothing (e.g. "this dataset has no interaction events") is not a figure: without
    // its prefix and caption Quarto shows the output plainly instead of as "Figure n".
    const notFigure = isFig && !outputs.some(isFigureOutput);
    // A chart of several panels keeps its fixed width (see `responsive`): give it the page's width to the right,
    // over the table of contents' margin, instead of a scroll bar in the text column.
    const wide = outputs.some(isPanelledChart) && splitCellOptions(source).options.column === undefined;
    cell.source = sourceLines(quartoCellSource(source, notFigure, wide ? ["column: page-right"] : []));
    if (typeof label === "string") labels.push(notFigure ? label.slice("fig-".length) : label);
    cell.outputs = outputs.map(quartoOutput);
    const more = (rest: unknown[], options: string[]): NotebookCell => ({
      ...cell,
      id: `${String(cell.id ?? index)}-more`,
      source: sourceLines(["#| echo: false", ...options].join("\n")),
      outputs: rest.map(quartoOutput),
    });
    // A table cell that shows several tables: Quarto would caption the float with the last table's caption and
    // drop the others'. The first table is the numbered one; the rest follow, each with its own caption.
    if (typeof label === "string" && label.startsWith("tbl-")) {
      const second = outputs.findIndex((o, i) => i > outputs.findIndex(isTableOutput) && isTableOutput(o));
      if (outputs.findIndex(isTableOutput) < 0 || second < 0) return [cell];
      cell.outputs = outputs.slice(0, second).map(quartoOutput);
      return [cell, more(outputs.slice(second), [])];
    }
    // A figure cell that also shows a table or text: the figure keeps the charts, and the rest follows in a cell
    // without code (a table with a caption becomes table `tbl-<name>`), so the caption is the figure's own.
    const rest = outputs.filter((o) => !isFigureOutput(o));
    if (!isFig || notFigure || rest.length === 0) return [cell];
    cell.outputs = outputs.filter(isFigureOutput).map(quartoOutput);
    const tableLabel = `tbl-${(label as string).slice("fig-".length)}`;
    const tables = rest.filter(isTableOutput);
    if (tables.length === 1 && rest.length === tables.length && !taken.has(tableLabel)) {
      labels.push(tableLabel);
      return [cell, more(rest, [`#| label: ${tableLabel}`])];
    }
    return [cell, more(rest, [])];
  });
  return { title: title ?? fallbackTitle, subtitle, notebook: { ...nb, cells }, labels };
}
