import { describe, expect, it } from "vitest";
import pl from "nodejs-polars";
import { parseDatetime, parseId, parseInteger, parseNumber, stageColumn, stageValue, type ValueKind } from "../../src/data/parse.js";

const col = (values: Array<string | null>, e: (c: string) => pl.Expr) =>
  pl.DataFrame({ x: pl.Series("x", values, pl.Utf8) }).select(e("x").alias("y")).getColumn("y").toArray();

describe("strict parsers", () => {
  it("ids written as floats become integers; blank is missing", () => {
    expect(col([" 12346.0 ", "12346", "C0001", "", null, "12.5"], parseId)).toEqual(["12346", "12346", "C0001", null, null, "12.5"]);
  });
  it("numbers are plain decimals only", () => {
    expect(col(["2.55", " -3 ", "1e3", "1,234.00", "£3", "NaN", "Infinity", "six", ""], parseNumber)).toEqual([2.55, -3, 1000, null, null, null, null, null, null]);
  });
  it("quantities are whole numbers (a zero fraction is allowed)", () => {
    expect(col(["6", "-2", "6.0", "6.5", "six"], parseInteger)).toEqual([6, -2, 6, null, null]);
  });
  it("dates: ISO, ISO with fraction, ISO date, UCI month-first; day-first and impossible dates are rejected", () => {
    const out = pl
      .DataFrame({ x: ["2011-12-09 12:50:00", "2024-03-30 04:12:10.394413", "2011-12-09", "12/9/2011 12:50", "12/9/11 12:50", "31/12/2010 8:26", "2/30/2011 10:00", "yesterday"] })
      .select(parseDatetime("x").cast(pl.Utf8).alias("y"))
      .getColumn("y")
      .toArray();
    expect(out).toEqual([
      "2011-12-09 12:50:00.000",
      "2024-03-30 04:12:10.394",
      "2011-12-09 00:00:00.000",
      "2011-12-09 12:50:00.000",
      "2011-12-09 12:50:00.000",
      null,
      null,
      null,
    ]);
  });
  it("the distinct-value date path agrees with the row-by-row path", () => {
    const df = pl.DataFrame({ x: ["12/1/2010 8:26", "12/1/2010 8:26", "bad", null, "2010-12-02 09:00:00"] });
    const a = df.select(stageValue(df, "x", "datetime").alias("y"));
    const b = df.select(parseDatetime("x").alias("y"));
    expect(a.frameEqual(b, true)).toBe(true);
  });
});

describe("Categorical text is parsed once per distinct value", () => {
  const values = [" 12346.0 ", "12346", "C0001", "", "  ", null, "12.5", "6", "6.0", "-2", "six", "2.55", "1,234", "NaN", "1e3",
    "12/9/2011 12:50", "2011-12-09", "2011-12-09 12:50:00", "31/12/2010 8:26", "12346", "6", "12/9/2011 12:50"];
  const df = pl.DataFrame({ t: pl.Series("t", values, pl.Utf8) }).withColumns(pl.col("t").cast(pl.Categorical).alias("c"));
  for (const kind of ["text", "id", "integer", "number", "datetime", "date"] as ValueKind[]) {
    it(`${kind}: the same values and the same unparseable marks as the row-by-row parse`, () => {
      const row = stageColumn(df, "t", kind);
      const cat = stageColumn(df, "c", kind);
      const out = df.select(
        row.value.cast(pl.Utf8).alias("rv"),
        cat.value.cast(pl.Utf8).alias("cv"),
        row.bad.fillNull(false).alias("rb"),
        cat.bad.fillNull(false).alias("cb"),
      );
      expect(out.getColumn("cv").toArray()).toEqual(out.getColumn("rv").toArray());
      expect(out.getColumn("cb").toArray()).toEqual(out.getColumn("rb").toArray());
    });
  }
  it("text and ids stay Categorical; a column the parse leaves unchanged is used as it is", () => {
    const clean = pl.DataFrame({ c: ["A", "B", "A"] }).withColumns(pl.col("c").cast(pl.Categorical));
    const s = stageColumn(clean, "c", "id");
    expect(clean.select(s.value.alias("v")).schema.v.equals(pl.Categorical)).toBe(true);
    const padded = pl.DataFrame({ c: [" A", "B "] }).withColumns(pl.col("c").cast(pl.Categorical));
    const p = stageColumn(padded, "c", "text");
    const out = padded.select(p.value.alias("v"));
    expect(out.schema.v.equals(pl.Categorical)).toBe(true);
    expect(out.select(pl.col("v").cast(pl.Utf8)).getColumn("v").toArray()).toEqual(["A", "B"]);
  });
});
