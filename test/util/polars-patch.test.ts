/**
 * patches/nodejs-polars+0.26.1.patch (applied by `postinstall`): an Expr's and a Series' getters (`str`, `dt`,
 * `list`, `dtype`, `name`, `length`, …) and symbol-keyed methods live on a shared prototype instead of in each
 * wrapper's object literal, which made every wrapper slow to build (the largest fixed cost of a load, in the
 * profiles of bench/README.md). Behaviour must be the same; this checks both that the patch is applied and that
 * the moved members still work.
 */
import { inspect } from "node:util";
import { describe, expect, it } from "vitest";
import pl from "nodejs-polars";

describe("nodejs-polars wrappers with shared getters (patch)", () => {
  it("is applied: the getters are on the prototype, not copied into every wrapper", () => {
    const e = pl.col("a");
    expect(Object.getOwnPropertyDescriptor(e, "str")).toBeUndefined();
    expect(Object.getOwnPropertyDescriptor(Object.getPrototypeOf(e), "str")?.get).toBeTypeOf("function");
    const s = pl.Series("a", [1, 2]);
    expect(Object.getOwnPropertyDescriptor(s, "dtype")).toBeUndefined();
  });
  it("Expr: namespaces, type checks and printing work as before", () => {
    const df = pl.DataFrame({ a: [" x ", "y"], t: ["2011-12-09", "2011-12-10"] });
    const out = df.select(pl.col("a").str.strip().alias("a"), pl.col("t").str.strptime(pl.Date, "%Y-%m-%d").dt.day().alias("d"));
    expect(out.getColumn("a").toArray()).toEqual(["x", "y"]);
    expect(out.getColumn("d").toArray()).toEqual([9, 10]);
    expect(pl.Expr.isExpr(pl.col("a"))).toBe(true);
    expect(pl.Expr.isExpr({})).toBe(false);
    expect(String(pl.col("a").alias("b"))).toContain("col(\"a\")");
    expect(inspect(pl.col("a"))).toContain("col(\"a\")");
    expect(df.select(pl.concatList([pl.col("a"), pl.col("a")]).list.lengths().alias("n")).getColumn("n").toArray()).toEqual([2, 2]);
  });
  it("Series: dtype, name, length, iteration, indexing and namespaces work as before", () => {
    const s = pl.Series("a", [3, 1, 2]);
    expect(s.dtype.equals(pl.Float64)).toBe(true);
    expect(s.name).toBe("a");
    expect(s.length).toBe(3);
    expect([...s]).toEqual([3, 1, 2]);
    expect(s[1]).toBe(1);
    expect(pl.Series.isSeries(s)).toBe(true);
    expect(pl.Series("t", ["A", "b"]).str.toLowerCase().toArray()).toEqual(["a", "b"]);
    expect(inspect(s)).toContain("shape: (3,)");
  });
});
