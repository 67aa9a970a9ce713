/**
 * Reading an executed notebook the way Quarto does, for the preview renderer: the page title (from a raw
 * front-matter cell, else the first level-1 heading, which then leaves the body), and Quarto's cell options
 * (`#| echo: false` or, for TypeScript cells, `//| echo: false`) stripped from the code and applied.
 * Pure functions over notebook JSON (nbformat 4); no I/O.
 */

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

/** Metadata keys the preview renderer's Lua filter reads from a code cell (pandoc turns cell metadata into attributes). */
export const FOLD_ATTR = "casestudy-fold";
export const SUMMARY_ATTR = "casestudy-summary";
export const CAPTION_ATTR = "casestudy-caption";

/** A notebook prepared for `pandoc -f ipynb`: title lifted out, cell options applied. */
export interface PreparedNotebook {
  title: string;
  subtitle?: string;
  notebook: Notebook;
  /** Number of code cells whose chart/table/text outputs remain. */
  codeCells: number;
}

/** Options of `prepareNotebook`. */
export interface PrepareOptions {
  /** Title when the notebook has neither front matter nor a level-1 heading (default: "Untitled"). */
  fallbackTitle?: string;
  /** Code folding unless a cell says otherwise: `true` folded, `"show"` foldable and open, `false` plain (default true). */
  codeFold?: boolean | "show";
  /** Summary text of folded code (default "Code", as Quarto). */
  codeSummary?: string;
}

const CELL_OPTION = /^\s*(?:#|\/\/)\|\s?(.*)$/;

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
    const kv = /^([A-Za-z][\w-]*)\s*:\s*(.*)$/.exec(m[1]);
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
 * Prepares an executed notebook for the preview renderer: lifts the title out (front matter, else first `# `
 * heading, else `fallbackTitle`), drops cells with `include: false`, empties the code of `echo: false` cells,
 * drops outputs of `output: false` cells, uses `label` as the cell id, and records fold/summary/caption in cell
 * metadata for the Lua filter. The input is not modified.
 */
export function prepareNotebook(nb: Notebook, options: PrepareOptions = {}): PreparedNotebook {
  const fallbackTitle = options.fallbackTitle ?? "Untitled";
  const codeFold = options.codeFold ?? true;
  const codeSummary = options.codeSummary ?? "Code";
  let title: string | undefined;
  let subtitle: string | undefined;
  const cells: NotebookCell[] = [];
  let codeCells = 0;
  let seenMarkdown = false;
  nb.cells.forEach((original, index) => {
    const cell: NotebookCell = { ...original, metadata: { ...(original.metadata ?? {}) } };
    const source = cellSource(cell);
    if (cell.cell_type === "raw" && index === 0) {
      const fm = parseFrontMatter(source);
      if (fm) {
        title = fm.title;
        subtitle = fm.subtitle;
        return;
      }
    }
    if (cell.cell_type === "markdown" && !seenMarkdown && title === undefined) {
      seenMarkdown = true;
      const lines = source.split("\n");
      const h = lines.findIndex((l) => /^#\s+\S/.test(l));
      if (h >= 0 && lines.slice(0, h).every((l) => l.trim() === "")) {
        title = headingText(lines[h].replace(/^#\s+/, ""));
        const rest = lines.slice(h + 1).join("\n");
        if (rest.trim() === "") return;
        cell.source = rest;
      }
    }
    if (cell.cell_type === "markdown") seenMarkdown = true;
    if (cell.cell_type === "code") {
      const { options: opts, code } = splitCellOptions(source);
      if (opts.include === false) return;
      cell.source = opts.echo === false ? "" : code;
      if (opts.output === false) cell.outputs = [];
      if (typeof opts.label === "string") cell.id = opts.label;
      const fold = opts["code-fold"] ?? codeFold;
      const meta = cell.metadata as Record<string, unknown>;
      if (opts.echo !== false && code.trim() !== "" && fold !== false) {
        meta[FOLD_ATTR] = fold === "show" ? "show" : "true";
        meta[SUMMARY_ATTR] = String(opts["code-summary"] ?? codeSummary);
      }
      if (opts["fig-cap"] !== undefined) meta[CAPTION_ATTR] = String(opts["fig-cap"]);
      if ((cell.outputs ?? []).length > 0) codeCells++;
    }
    cells.push(cell);
  });
  return {
    title: title ?? fallbackTitle,
    subtitle,
    notebook: { ...nb, cells },
    codeCells,
  };
}
