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

/** Trimmed text, with blank text as null. */
export function text(column: string): pl.Expr {
  const t = pl.col(column).cast(pl.Utf8).str.strip();
  return pl.when(t.str.lengths().eq(0)).then(pl.lit(null).cast(pl.Utf8)).otherwise(t);
}

/** True where the source text is present (not null and not blank). */
export function present(column: string): pl.Expr {
  return text(column).isNotNull();
}

/**
 * An identifier as canonical text: trimmed, blank → null, and a numeric id written as a float (`12346.0`)
 * → `12346`, so that ids read from Excel-era floats match ids written as integers.
 * @example parse `" 12346.0 "` → `"12346"`; `"C0001"` → `"C0001"`
 */
export function parseId(column: string): pl.Expr {
  return text(column).str.replaceAll("^([0-9]+)[.]0+$", "${1}");
}

/** A finite Float64 from plain decimal text (see NUMBER_RE), else null. */
export function parseNumber(column: string): pl.Expr {
  const t = text(column);
  return pl.when(t.str.contains(NUMBER_RE)).then(t.cast(pl.Float64, false)).otherwise(pl.lit(null).cast(pl.Float64));
}

/** An Int32 from whole-number text (`6`, `-3`, `6.0`), else null (also null when out of Int32 range). */
export function parseInteger(column: string): pl.Expr {
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
export function parseDatetime(column: string, layouts?: readonly number[]): pl.Expr {
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
export function parseDate(column: string, layouts?: readonly number[]): pl.Expr {
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

/**
 * The `__bad` marker: the source name of the first column whose present text did not parse, else null.
 * `checks` pairs a source column name (as shown in errors) with the raw and parsed column names.
 */
export function firstUnparseable(checks: ReadonlyArray<{ name: string; raw: string; parsed: string }>): pl.Expr {
  let out: pl.Expr = pl.lit(null).cast(pl.Utf8);
  for (let i = checks.length - 1; i >= 0; i--) {
    const c = checks[i];
    out = pl
      .when(present(c.raw).and(pl.col(c.parsed).isNull()))
      .then(pl.lit(c.name))
      .otherwise(out);
  }
  return out.alias("__bad");
}

/** Above this many distinct values, dates are parsed row by row instead of through the distinct values. */
const MAX_DISTINCT_DATES = 400_000;

/**
 * `parseDatetime` for `df[column]`, computed once per distinct text (dates repeat heavily in sales data:
 * the 541,909 UCI lines have 23,260 distinct InvoiceDate values) and mapped back with `replaceStrict`.
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

/**
 * The expression turning source column `column` (of polars type `dtype`) into a value of `kind`: text goes
 * through the strict parsers above; typed columns (from Parquet) are cast, with NaN/±Infinity as null.
 */
export function stageValue(df: pl.DataFrame, column: string, kind: ValueKind): pl.Expr {
  const dtype: DataType = df.schema[column];
  const isText = dtype.equals(pl.Utf8) || dtype.equals(pl.String) || dtype.equals(pl.Null);
  if (isText) {
    switch (kind) {
      case "text":
        return text(column);
      case "id":
        return parseId(column);
      case "integer":
        return parseInteger(column);
      case "number":
        return parseNumber(column);
      case "datetime":
        return parseDatetimeColumn(df, column);
      case "date":
        return parseDatetimeColumn(df, column).cast(pl.Date);
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
