/**
 * Strict parsing of text columns into canonical values, as polars expressions (no per-row JS).
 *
 * Every parser returns null for text it does not accept, so that a caller can tell "missing in the source"
 * (the text was null or blank) from "present but unparseable" (text present, value null) and drop the row
 * under the `unparseable_value` cleaning rule. Parsers are strict on purpose: `1,234`, `£12`, `six`, `NaN` and
 * `Infinity` are not numbers here, and a date must match one of the accepted layouts completely.
 */
import pl, { DataType } from "nodejs-polars";

/** Plain decimal number: optional sign, digits with an optional fraction, optional exponent. */
const NUMBER_RE = "^[+-]?([0-9]+[.]?[0-9]*|[.][0-9]+)([eE][+-]?[0-9]+)?$";
/** Whole number, optionally written with a zero fraction (`6`, `-3`, `6.0`). */
const INTEGER_RE = "^[+-]?[0-9]+([.]0+)?$";

/** Accepted date-time layouts, tried in order; each is gated by a regex so that no layout matches a prefix. */
const DATETIME_LAYOUTS: ReadonlyArray<{ re: string; fmt: string; dateOnly?: boolean }> = [
  { re: "^[0-9]{4}-[0-9]{2}-[0-9]{2}[ T][0-9]{2}:[0-9]{2}:[0-9]{2}$", fmt: "%Y-%m-%d %H:%M:%S" },
  { re: "^[0-9]{4}-[0-9]{2}-[0-9]{2}[ T][0-9]{2}:[0-9]{2}:[0-9]{2}[.][0-9]+$", fmt: "%Y-%m-%d %H:%M:%S%.f" },
  { re: "^[0-9]{4}-[0-9]{2}-[0-9]{2}[ T][0-9]{2}:[0-9]{2}$", fmt: "%Y-%m-%d %H:%M" },
  { re: "^[0-9]{4}-[0-9]{2}-[0-9]{2}$", fmt: "%Y-%m-%d", dateOnly: true },
  { re: "^[0-9]{1,2}/[0-9]{1,2}/[0-9]{4} [0-9]{1,2}:[0-9]{2}:[0-9]{2}$", fmt: "%m/%d/%Y %H:%M:%S" },
  { re: "^[0-9]{1,2}/[0-9]{1,2}/[0-9]{4} [0-9]{1,2}:[0-9]{2}$", fmt: "%m/%d/%Y %H:%M" },
  { re: "^[0-9]{1,2}/[0-9]{1,2}/[0-9]{2} [0-9]{1,2}:[0-9]{2}$", fmt: "%m/%d/%y %H:%M" },
  { re: "^[0-9]{1,2}/[0-9]{1,2}/[0-9]{4}$", fmt: "%m/%d/%Y", dateOnly: true },
];

/** Human description of the accepted date layouts, for error messages. */
export const DATETIME_EXPECTED = "a date like 2011-12-09 12:50:00, 2011-12-09 or 12/9/2011 12:50 (month first)";

/** A column name or an expression. */
export type Column = string | pl.Expr;

const colOf = (c: Column): pl.Expr => (typeof c === "string" ? pl.col(c) : c);

/** Trimmed text, with blank text as null. */
export function text(column: Column): pl.Expr {
  const t = colOf(column).cast(pl.Utf8).str.strip();
  return pl.when(t.str.lengths().eq(0)).then(pl.lit(null).cast(pl.Utf8)).otherwise(t);
}

/** True where the source text is present (not null and not blank). */
export function present(column: Column): pl.Expr {
  return text(column).isNotNull();
}

/**
 * An identifier as canonical text: trimmed, blank → null, and a numeric id written as a float (`12346.0`)
 * → `12346`, so that ids read from Excel-era floats match ids written as integers.
 * @example parse `" 12346.0 "` → `"12346"`; `"C0001"` → `"C0001"`
 */
export function parseId(column: Column): pl.Expr {
  return text(column).str.replaceAll("^([0-9]+)[.]0+$", "${1}");
}

/** A finite Float64 from plain decimal text (see NUMBER_RE), else null. */
export function parseNumber(column: Column): pl.Expr {
  const t = text(column);
  return pl.when(t.str.contains(NUMBER_RE)).then(t.cast(pl.Float64, false)).otherwise(pl.lit(null).cast(pl.Float64));
}

/** An Int32 from whole-number text (`6`, `-3`, `6.0`), else null (also null when out of Int32 range). */
export function parseInteger(column: Column): pl.Expr {
  const t = text(column);
  return pl
    .when(t.str.contains(INTEGER_RE))
    .then(t.str.replaceAll("[.]0+$", "").cast(pl.Int64, false).cast(pl.Int32, false))
    .otherwise(pl.lit(null).cast(pl.Int32));
}

/**
 * A naive wall-clock timestamp (`Datetime("ms")`) from text in one of the accepted layouts (ISO
 * `YYYY-MM-DD HH:MM[:SS[.ffffff]]`, ISO date, or the UCI `M/D/YYYY H:MM`, month first), else null.
 * Rows of one column may mix layouts.
 */
export function parseDatetime(column: Column, layouts?: readonly number[]): pl.Expr {
  const t = text(column).str.replace("T", " ");
  let out: pl.Expr = pl.lit(null).cast(pl.Datetime("ms"));
  const use = layouts ?? DATETIME_LAYOUTS.map((_, i) => i);
  for (let j = use.length - 1; j >= 0; j--) {
    const { re, fmt, dateOnly } = DATETIME_LAYOUTS[use[j]];
    const raw = dateOnly
      ? t.str.strptime(pl.Date, fmt).cast(pl.Datetime("ms"))
      : t.str.strptime(pl.Datetime("ms"), fmt).cast(pl.Datetime("ms"));
    // polars' strptime is lenient (`31/12/2010` under %m/%d parses): keep a value only when its month and
    // day are the ones written in the text.
    const iso = fmt.startsWith("%Y");
    const month = t.str.extract(iso ? "^[0-9]{4}-([0-9]{2})" : "^([0-9]{1,2})/", 1).cast(pl.Int32, false);
    const day = t.str.extract(iso ? "^[0-9]{4}-[0-9]{2}-([0-9]{2})" : "^[0-9]{1,2}/([0-9]{1,2})/", 1).cast(pl.Int32, false);
    const parsed = pl
      .when(raw.dt.month().cast(pl.Int32).eq(month).and(raw.dt.day().cast(pl.Int32).eq(day)))
      .then(raw)
      .otherwise(pl.lit(null).cast(pl.Datetime("ms")));
    out = pl.when(t.str.contains(re)).then(parsed).otherwise(out);
  }
  return out;
}

/** A calendar date (`Date`) from text in one of the accepted layouts (a time part, if any, is dropped). */
export function parseDate(column: Column, layouts?: readonly number[]): pl.Expr {
  return parseDatetime(column, layouts).cast(pl.Date);
}

/**
 * Indexes of the date layouts that occur in `df[column]` (one cheap regex scan each), so that
 * `parseDatetime` only runs the parsers a column needs (each strptime pass costs a full column scan).
 */
export function datetimeLayoutsIn(df: pl.DataFrame, column: string): number[] {
  const t = text(column).str.replace("T", " ");
  const probe = df.select(...DATETIME_LAYOUTS.map((l, i) => t.str.contains(l.re).any().alias(`l${i}`)));
  return DATETIME_LAYOUTS.map((_, i) => i).filter((i) => probe.getColumn(`l${i}`).toArray()[0] === true);
}

/** One check of {@link firstUnparseable}: a source column (as named in errors) and its "present but unparseable" test. */
export type UnparseableCheck =
  | { name: string; bad: pl.Expr }
  /** Raw text column and parsed column: bad where the text is present and the parsed value null. */
  | { name: string; raw: string; parsed: string };

/**
 * The `__bad` marker: the source name of the first column whose present text did not parse, else null.
 */
export function firstUnparseable(checks: ReadonlyArray<UnparseableCheck>): pl.Expr {
  let out: pl.Expr = pl.lit(null).cast(pl.Utf8);
  for (let i = checks.length - 1; i >= 0; i--) {
    const c = checks[i];
    const bad = "bad" in c ? c.bad : present(c.raw).and(pl.col(c.parsed).isNull());
    out = pl.when(bad.fillNull(false)).then(pl.lit(c.name)).otherwise(out);
  }
  // Categorical: four bytes a line for a column that is almost always null
  return out.cast(pl.Categorical).alias("__bad");
}

/** Above this many distinct values, dates are parsed row by row instead of through the distinct values. */
const MAX_DISTINCT_DATES = 400_000;

/**
 * `parseDatetime` for the text column `df[column]`, computed once per distinct text (dates repeat heavily in
 * sales data: the 541,909 UCI lines have 23,260 distinct InvoiceDate values) and mapped back with `replaceStrict`.
 */
export function parseDatetimeColumn(df: pl.DataFrame, column: string): pl.Expr {
  const uniq = df.select(text(column).unique().alias("u")).filter(pl.col("u").isNotNull());
  const layouts = datetimeLayoutsIn(uniq, "u");
  if (uniq.height > MAX_DISTINCT_DATES) return parseDatetime(column, layouts);
  const parsed = uniq
    .select(pl.col("u"), parseDatetime("u", layouts).cast(pl.Int64).cast(pl.Float64).alias("ms"))
    .filter(pl.col("ms").isNotNull());
  if (parsed.height === 0) return pl.lit(null).cast(pl.Datetime("ms"));
  const old = parsed.getColumn("u").toArray() as string[];
  const ms = parsed.getColumn("ms").toArray() as number[];
  return text(column)
    .replaceStrict(old, ms, pl.lit(null).cast(pl.Float64), pl.Float64)
    .cast(pl.Int64)
    .cast(pl.Datetime("ms"));
}

/** What a staged column should become. */
export type ValueKind = "text" | "id" | "integer" | "number" | "datetime" | "date";

/** True when `dtype` is text stored as strings. */
function isStringType(dtype: DataType): boolean {
  return dtype.equals(pl.Utf8) || dtype.equals(pl.String) || dtype.equals(pl.Null);
}

/** True when `dtype` is dictionary-encoded text. */
export function isCategorical(dtype: DataType): boolean {
  return dtype.variant === "Categorical";
}

/** The strict parse of a text expression into `kind` (see the parsers above); `layouts` for dates. */
function parseText(t: pl.Expr, kind: ValueKind, layouts?: readonly number[]): pl.Expr {
  switch (kind) {
    case "text":
      return text(t);
    case "id":
      return parseId(t);
    case "integer":
      return parseInteger(t);
    case "number":
      return parseNumber(t);
    case "datetime":
      return parseDatetime(t, layouts);
    case "date":
      return parseDate(t, layouts);
  }
}

/**
 * Above this many category codes per distinct value, a lookup table indexed by code would be mostly empty
 * (a long-lived process that has seen many other categoricals): values are then parsed row by row.
 */
const MAX_CODE_SPREAD = 64;

/** Distinct values of Categorical columns, per frame and column (computed once, shared by every parse). */
const distinctCache = new WeakMap<pl.DataFrame, Map<string, pl.DataFrame>>();

/** The distinct non-null values of the Categorical `df[column]`: `__code` (UInt32 category code) and `__t` (text). */
function distinctOf(df: pl.DataFrame, column: string): pl.DataFrame {
  let byColumn = distinctCache.get(df);
  if (!byColumn) distinctCache.set(df, (byColumn = new Map()));
  let d = byColumn.get(column);
  if (!d) {
    d = df
      .lazy()
      .select(pl.col(column).unique().alias("__u"))
      .filter(pl.col("__u").isNotNull())
      .select(pl.col("__u").toPhysical().cast(pl.UInt32).alias("__code"), pl.col("__u").cast(pl.Utf8).alias("__t"))
      .collectSync();
    byColumn.set(column, d);
  }
  return d;
}

/**
 * Computes the distinct values of several Categorical columns of `df` in one pass (polars runs the columns in
 * parallel) and keeps them for the parses that follow; columns already known or not Categorical are skipped.
 */
export function prefetchDistinct(df: pl.DataFrame, columns: readonly string[]): void {
  let byColumn = distinctCache.get(df);
  if (!byColumn) distinctCache.set(df, (byColumn = new Map()));
  const todo = columns.filter((c) => !byColumn!.has(c) && isCategorical(df.schema[c]));
  if (todo.length < 2) return;
  const lists = df
    .lazy()
    .select(...todo.map((c, i) => pl.col(c).unique().implode().alias(`__d${i}`)))
    .collectSync();
  todo.forEach((c, i) => {
    const d = lists
      .lazy()
      .select(pl.col(`__d${i}`).explode().alias("__u"))
      .filter(pl.col("__u").isNotNull())
      .select(pl.col("__u").toPhysical().cast(pl.UInt32).alias("__code"), pl.col("__u").cast(pl.Utf8).alias("__t"))
      .collectSync();
    byColumn!.set(c, d);
  });
}

/**
 * Evaluates each of `fns` once per distinct value of the Categorical column `df[column]` (a function receives
 * the value as a text expression) and returns the expressions that gather the results back to every row by
 * category code: the text of a large file is parsed as many times as it has distinct values, not once per
 * line. Nulls map to null.
 */
export function mapDistinct(df: pl.DataFrame, column: string, fns: ReadonlyArray<(t: pl.Expr) => pl.Expr>): pl.Expr[] {
  return gatherDistinct(df, column, (lf) => lf.select(pl.col("__code"), ...fns.map((f, i) => f(pl.col("__t")).alias(`__v${i}`))), fns.length);
}

/**
 * The engine of {@link mapDistinct}: `build` turns the lazy frame of distinct values (`__code`, `__t`) into
 * one with `__code` and the columns `__v0` … `__v{n-1}`; each is gathered back to every row by code.
 */
function gatherDistinct(df: pl.DataFrame, column: string, build: (distinct: pl.LazyDataFrame) => pl.LazyDataFrame, n: number): pl.Expr[] {
  const distinct = distinctOf(df, column);
  const maxCode = distinct.height === 0 ? -1 : Number(distinct.getColumn("__code").max());
  if (maxCode + 1 > MAX_CODE_SPREAD * Math.max(distinct.height, 1024)) {
    // codes too sparse for a lookup table: evaluate on the text of every row instead
    const rows = df.lazy().select(pl.col(column).cast(pl.Utf8).alias("__t"), pl.lit(0).cast(pl.UInt32).alias("__code"));
    const cols = build(rows).collectSync();
    return Array.from({ length: n }, (_, i) => pl.lit(cols.getColumn(`__v${i}`)).explode());
  }
  // A lookup table indexed by category code: row c holds the values of the category whose code is c.
  const lookup = pl
    .DataFrame({ __n: [0] })
    .lazy()
    .select(pl.intRange(0, maxCode + 2).cast(pl.UInt32).alias("__code"))
    .join(build(distinct.lazy()), { on: "__code", how: "left" })
    .sort("__code")
    .collectSync();
  const index = pl.col(column).toPhysical().cast(pl.UInt32);
  return Array.from({ length: n }, (_, i) => pl.lit(lookup.getColumn(`__v${i}`)).explode().gather(index));
}

/** A staged column: its canonical value and whether the source held text there that did not parse. */
export interface StagedColumn {
  value: pl.Expr;
  /** True where the source has a value (non-blank text) that did not parse as `kind`. */
  bad: pl.Expr;
}

/**
 * The value (`kind`) of source column `df[column]` and its unparseable marker, as expressions over `df`:
 * - Categorical text (the CSV reader's output): parsed once per distinct value (see {@link mapDistinct});
 *   text and ids stay Categorical, and a column the parse leaves unchanged is used as it is;
 * - plain text: the strict parsers row by row (dates through their distinct values);
 * - typed columns (Parquet): cast, with NaN/±Infinity as null.
 */
export function stageColumn(df: pl.DataFrame, column: string, kind: ValueKind): StagedColumn {
  const dtype: DataType = df.schema[column];
  if (isCategorical(dtype)) {
    const distinct = distinctOf(df, column);
    const layouts = kind === "datetime" || kind === "date" ? datetimeLayoutsIn(distinct, "__t") : undefined;
    const textual = kind === "text" || kind === "id";
    if (textual) {
      // the usual case: ids and names are already trimmed, non-blank and integral; then nothing to map
      const same = distinct.select(parseText(pl.col("__t"), kind).eq(pl.col("__t")).fillNull(false).all().alias("same"));
      if (same.getColumn("same").toArray()[0] === true) return { value: pl.col(column), bad: pl.lit(false) };
    }
    // each distinct text parsed once; "bad" = present but not parsed
    const [value, bad] = gatherDistinct(
      df,
      column,
      (d) =>
        d
          .select(pl.col("__code"), pl.col("__t"), parseText(pl.col("__t"), kind, layouts).alias("__v0"))
          .select(
            pl.col("__code"),
            textual ? pl.col("__v0").cast(pl.Categorical) : pl.col("__v0"),
            present(pl.col("__t")).and(pl.col("__v0").isNull()).alias("__v1"),
          ),
      2,
    );
    return { value, bad };
  }
  const value = stageValue(df, column, kind);
  const bad = isStringType(dtype) ? present(column).and(value.isNull()) : pl.col(column).isNotNull().and(value.isNull());
  return { value, bad };
}

/**
 * The expression turning source column `column` (of polars type `dtype`) into a value of `kind`: text goes
 * through the strict parsers above; typed columns (from Parquet) are cast, with NaN/±Infinity as null.
 * Categorical text is handled by {@link stageColumn}.
 */
export function stageValue(df: pl.DataFrame, column: string, kind: ValueKind): pl.Expr {
  const dtype: DataType = df.schema[column];
  if (isCategorical(dtype)) return stageColumn(df, column, kind).value;
  const isText = isStringType(dtype);
  if (isText) {
    switch (kind) {
      case "datetime":
        return parseDatetimeColumn(df, column);
      case "date":
        return parseDatetimeColumn(df, column).cast(pl.Date);
      default:
        return parseText(pl.col(column), kind);
    }
  }
  const c = pl.col(column);
  const isFloat = dtype.equals(pl.Float64) || dtype.equals(pl.Float32);
  const finite = isFloat ? pl.when(c.isFinite()).then(c).otherwise(pl.lit(null).cast(pl.Float64)) : c;
  switch (kind) {
    case "text":
      return text(column);
    case "id":
      return (isFloat ? finite.round(0).cast(pl.Int64) : c).cast(pl.Utf8).str.strip();
    case "integer":
      return finite.cast(pl.Int32, false);
    case "number":
      return finite.cast(pl.Float64);
    case "datetime":
      return c.cast(pl.Datetime("ms"));
    case "date":
      return c.cast(pl.Date);
  }
}
