import { describe, expect, it } from "vitest";
import pl from "nodejs-polars";
import { parseDatetime, parseId, parseInteger, parseNumber, stageValue } from "../../src/data/parse.js";

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
