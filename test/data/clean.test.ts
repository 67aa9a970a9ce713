import { describe, expect, it } from "vitest";
import pl from "nodejs-polars";
import { cleanTable, exactDuplicate, duplicateKey, missingValue, nonPositive, orderNotCompleted, outlierFlag, unparseableValue, unmatchedKeys } from "../../src/data/clean.js";
import { buildSalesTables } from "../../src/data/sales-lines.js";

/** Five lines of three orders: one duplicate, one without customer, one canceled, one free. */
function lines() {
  return pl.DataFrame({
    __record: [0, 1, 2, 3, 4, 5],
    __bad: pl.Series("__bad", [null, null, null, null, null, "Quantity"], pl.Utf8),
    order_id: ["1", "1", "2", "C3", "4", "5"],
    customer_id: pl.Series("customer_id", ["A", "A", null, "B", "B", "B"], pl.Utf8),
    ordered_at: pl.Series("t", [0, 0, 1, 2, 3, 4].map((d) => d * 86_400_000), pl.Float64).cast(pl.Int64).cast(pl.Datetime("ms")),
    status: ["completed", "completed", "completed", "canceled", "completed", "completed"],
    country: ["UK", "UK", "UK", "UK", "UK", "UK"],
    product_id: ["P1", "P1", "P2", "P1", "P3", "P1"],
    quantity: pl.Series("quantity", [2, 2, 1, 1, 3, null], pl.Int32),
    unit_price: [1.5, 1.5, 4, 1.5, 0, 1],
  });
}

describe("cleaning rules", () => {
  it("every row is accounted for: rows_in = rows_kept + Σ dropped", () => {
    const { df, log } = cleanTable(lines(), [unparseableValue(), exactDuplicate(["order_id", "product_id", "quantity"]), missingValue("missing_customer", "customer_id"), nonPositive("non_positive_price", "unit_price")]);
    expect(log).toEqual({
      rows_in: 6,
      rows_kept: 2,
      dropped: { unparseable_value: 1, exact_duplicate: 1, missing_customer: 1, non_positive_price: 1 },
      examples: { unparseable_value: [7] },
    });
    expect(df.getColumn("order_id").toArray()).toEqual(["1", "C3"]);
  });
  it("a repeated key keeps its first row", () => {
    const { df, log } = cleanTable(pl.DataFrame({ id: ["a", "b", "a"], v: [1, 2, 3] }), [duplicateKey("id")]);
    expect(df.getColumn("v").toArray()).toEqual([1, 2]);
    expect(log.dropped).toEqual({ duplicate_key: 1 });
  });
  it("flags count rows without dropping them", () => {
    const { df, log } = cleanTable(lines(), [orderNotCompleted()]);
    expect(df.height).toBe(6);
    expect(log.flagged).toEqual({ order_not_completed: 1 });
  });
  it("outliers lie above Q3 + 3·IQR", () => {
    // values 1..8 and 100: Q1 = 3, Q3 = 7 (polars' default nearest interpolation), fence = 19
    const df = pl.DataFrame({ q: [1, 2, 3, 4, 5, 6, 7, 8, 100] });
    expect(cleanTable(df, [outlierFlag("outlier_q", "q")]).log.flagged).toEqual({ outlier_q: 1 });
  });
  it("exact duplicates: the fast path over __record (candidates by two columns) equals the expression over all rows", () => {
    // rows 1 and 4 repeat row 0; row 3 repeats row 2, which an earlier rule drops, so row 3 is kept
    const df = pl.DataFrame({
      __record: [0, 1, 2, 3, 4, 5, 6],
      a: ["x", "x", "y", "y", "x", "x", "z"],
      b: [1, 1, 2, 2, 1, 1, 1],
      c: pl.Series("c", [5, 5, null, null, 5, 6, 5], pl.Int32),
      gone: [false, false, true, false, false, false, false],
    });
    const rules = [missingValue("gone_rule", "g"), exactDuplicate(["a", "b", "c"])];
    const withG = (d: pl.DataFrame) => d.withColumns(pl.when(pl.col("gone")).then(pl.lit(null)).otherwise(pl.lit(1)).alias("g"));
    const fast = cleanTable(withG(df), rules);
    const slow = cleanTable(withG(df.drop("__record")), rules);
    expect(fast.log).toEqual(slow.log);
    expect(fast.log.dropped).toEqual({ gone_rule: 1, exact_duplicate: 2 });
    expect(fast.df.drop("__record").toRecords()).toEqual(slow.df.toRecords());
    expect(fast.df.getColumn("__record").toArray()).toEqual([0, 3, 5, 6]);
  });
  it("a row is counted under the first rule that drops it, once", () => {
    const df = pl.DataFrame({ q: pl.Series("q", [null, -1, 0, 2], pl.Int32), p: pl.Series("p", [0, 0, 1, 0], pl.Float64) });
    const { log } = cleanTable(df, [nonPositive("non_positive_quantity", "q"), nonPositive("non_positive_price", "p")]);
    expect(log).toEqual({ rows_in: 4, rows_kept: 0, dropped: { non_positive_quantity: 3, non_positive_price: 1 } });
  });
  it("unmatched keys are counted, nulls are not unmatched", () => {
    const left = pl.DataFrame({ k: pl.Series("k", ["a", "x", null, "x"], pl.Utf8) });
    const right = pl.DataFrame({ k: ["a", "b"] });
    expect(unmatchedKeys(left, "k", right, "k")).toEqual({ rows: 4, unmatched: 2 });
  });
});

describe("sales lines → orders and order lines", () => {
  it("orders keep their status; their lines stay but only completed ones are revenue", () => {
    const { orders, order_lines, logs } = buildSalesTables(lines(), { dedupeColumns: ["order_id", "product_id", "quantity", "unit_price"] });
    // line 2 dropped (missing customer) → order 2 has no valid lines; line 5 unparseable → order 5 gone too
    expect(orders.getColumn("order_id").toArray()).toEqual(["1", "C3", "4"]);
    expect(orders.getColumn("status").toArray()).toEqual(["completed", "canceled", "completed"]);
    expect(logs.orders).toEqual({ rows_in: 5, rows_kept: 3, dropped: { no_valid_lines: 2 } });
    // line 4 has price 0 → dropped; canceled C3 line kept and flagged
    expect(order_lines.getColumn("order_id").toArray()).toEqual(["1", "C3"]);
    expect(order_lines.getColumn("revenue").toArray()).toEqual([3, 1.5]);
    expect(logs.order_lines.flagged!.order_not_completed).toBe(1);
    const t = logs.order_lines;
    expect(t.rows_kept + Object.values(t.dropped).reduce((a, b) => a + b, 0)).toBe(t.rows_in);
  });
});
