/**
 * A tiny store to check the arithmetic by eye: three customers, three catalogue products and a postage fee,
 * six orders (four completed, one failed, one canceled), seven interactions in four sessions.
 *
 * | order | customer | date       | status    | lines (qty × price)        | value |
 * |-------|----------|------------|-----------|----------------------------|-------|
 * | o1    | c1 (UK)  | 2024-01-05 | completed | p1 2×10, POST 1×5          | 25    |
 * | o2    | c1       | 2024-02-10 | completed | p2 1×50                    | 50    |
 * | o3    | c2 (FR)  | 2024-01-20 | completed | p1 1×10, p3 3×4            | 22    |
 * | o4    | c3 (US)  | 2024-02-15 | failed    | p2 2×50                    | 100   |
 * | o5    | c3       | 2024-03-03 | completed | p3 5×4                     | 20    |
 * | o6    | c2       | 2024-03-20 | canceled  | p1 3×10                    | 30    |
 * Completed revenue 117 over 4 orders; customers c1 75, c2 22, c3 20.
 */
import pl from "nodejs-polars";
import type { Store } from "../../src/data/model.js";
import { SUFFICIENCY, type FindingId, type SufficiencyTable } from "../../src/insights/sufficiency.js";

const ts = (s: string) => new Date(s + "Z");
const dt = (name: string, values: string[]) => pl.Series(name, values.map(ts), pl.Datetime("ms"));

/** The fixture store; `withInteractions = false` drops the interactions table. */
export function fixtureStore(withInteractions = true): Store {
  const customers = pl.DataFrame({
    customer_id: ["c1", "c2", "c3"],
    customer_name: ["Ann", "Bob", "Cy"],
    country: ["United Kingdom", "France", "USA"],
    region: ["Europe", "Europe", "Americas"],
    signup_date: pl.Series("signup_date", [ts("2024-01-01T00:00:00"), ts("2024-01-15T00:00:00"), ts("2024-02-10T00:00:00")], pl.Date),
  });
  const products = pl.DataFrame({
    product_id: ["p1", "p2", "p3", "POST"],
    product_name: ["Mug", "Lamp", "Candle", "Postage"],
    category: ["Kitchen", "Home", "Home", null],
    list_price: [10, 50, 4, 5],
    is_product: [true, true, true, false],
  });
  const orders = pl.DataFrame({
    order_id: ["o1", "o2", "o3", "o4", "o5", "o6"],
    customer_id: ["c1", "c1", "c2", "c3", "c3", "c2"],
    ordered_at: dt("ordered_at", [
      "2024-01-05T10:00:00", "2024-02-10T12:00:00", "2024-01-20T09:00:00",
      "2024-02-15T15:00:00", "2024-03-03T08:00:00", "2024-03-20T11:00:00",
    ]),
    status: ["completed", "completed", "completed", "failed", "completed", "canceled"],
    country: ["United Kingdom", "United Kingdom", "France", "USA", "USA", "France"],
  });
  const lineRows: [string, string, number, number][] = [
    ["o1", "p1", 2, 10], ["o1", "POST", 1, 5], ["o2", "p2", 1, 50], ["o3", "p1", 1, 10], ["o3", "p3", 3, 4],
    ["o4", "p2", 2, 50], ["o5", "p3", 5, 4], ["o6", "p1", 3, 10],
  ];
  const order_lines = pl.DataFrame({
    order_id: lineRows.map((r) => r[0]),
    product_id: lineRows.map((r) => r[1]),
    quantity: pl.Series("quantity", lineRows.map((r) => r[2]), pl.Int32),
    unit_price: lineRows.map((r) => r[3]),
    revenue: lineRows.map((r) => r[2] * r[3]),
  });
  const interactions = pl.DataFrame({
    customer_id: ["c1", "c1", "c1", "c2", "c3", "c3", "c3"],
    product_id: ["p1", "p1", "p2", "p1", "p2", "p3", null],
    occurred_at: dt("occurred_at", [
      "2024-01-04T09:00:00", "2024-01-04T09:05:00", "2024-01-04T09:10:00", "2024-01-19T20:00:00",
      "2024-02-14T18:00:00", "2024-02-14T18:30:00", "2024-03-02T10:00:00",
    ]),
    event_type: ["view", "add_to_cart", "view", "view", "view", "view", "visit"],
    session_id: ["s1", "s1", "s1", "s2", "s3", "s3", "s4"],
  });
  return {
    dataset: "fixture",
    label: "Fixture store",
    currency: "GBP",
    customers,
    products,
    orders,
    order_lines,
    ...(withInteractions ? { interactions } : {}),
  };
}

/** A plain object of the named columns of a DataFrame, for whole-table comparisons. */
export function cols(df: pl.DataFrame, names: string[] = df.columns): Record<string, unknown[]> {
  const out: Record<string, unknown[]> = {};
  for (const n of names) out[n] = df.getColumn(n).toArray() as unknown[];
  return out;
}

/**
 * The sufficiency table with every minimum lowered to at most 1, so the three-customer fixture shows the
 * findings whose arithmetic the tests check by hand (the real minimums are tested on purpose-built stores).
 */
export function relaxedSufficiency(): SufficiencyTable {
  const out = {} as SufficiencyTable;
  for (const id of Object.keys(SUFFICIENCY) as FindingId[]) {
    out[id] = { ...SUFFICIENCY[id], checks: SUFFICIENCY[id].checks.map((c) => ({ ...c, min: Math.min(c.min, 1) })) };
  }
  return out;
}
