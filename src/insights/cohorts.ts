/** Cohort retention by month of first completed order. */
import pl from "nodejs-polars";
import type { Store } from "../data/model.js";
import { completedOrders, monthLabel } from "./base.js";
import { memoByStore } from "./memo.js";

/**
 * Cohort retention matrix in long form: customers grouped by the month of their first completed order
 * (`cohort`, "YYYY-MM"); for each month since (`months_since` 0, 1, …, up to the last month of data) the
 * number of those customers with a completed order in that month (`active_customers`), the cohort size
 * (`cohort_size`) and `retention` = active / size (0..1; 1 at months_since 0 by construction).
 * `left_censored` is true for the first cohort: the data start there, so it also holds customers who had
 * bought before, and its retention is not comparable with later cohorts'. Later months are right-censored
 * (absent), not zero. Sorted by cohort, then months_since. Computed once per store (`memoByStore`): the
 * findings and the exported table both read it.
 */
export function cohortRetention(store: Store): pl.DataFrame {
  return memoByStore(store, "cohortRetention", () => computeCohortRetention(store));
}

function computeCohortRetention(store: Store): pl.DataFrame {
  // month index (year × 12 + month − 1) of every completed order of a known customer, as in monthIndex
  const month = pl.col("ordered_at").dt.year().cast(pl.Int32).mul(pl.lit(12)).add(pl.col("ordered_at").dt.month().cast(pl.Int32)).sub(pl.lit(1)).cast(pl.Int32);
  const orders = completedOrders(store).lazy().filter(pl.col("customer_id").isNotNull()).select(pl.col("customer_id"), month.alias("month"));
  const firstOf = orders.groupBy("customer_id").agg(pl.col("month").min().alias("cohort"));
  // customers active per (cohort, months since): one per distinct (customer, month)
  const cells = orders
    .unique({ subset: ["customer_id", "month"] })
    .join(firstOf, { on: "customer_id", how: "inner" })
    .withColumns(pl.col("month").sub(pl.col("cohort")).alias("since"))
    .groupBy(["cohort", "since"])
    .agg(pl.len().cast(pl.Float64).alias("n"))
    .collectSync();
  const cohortSizes = firstOf.groupBy("cohort").agg(pl.len().cast(pl.Float64).alias("n")).collectSync();
  const span = orders.select(pl.col("month").min().alias("first"), pl.col("month").max().alias("last")).collectSync();
  const firstMonth = (span.getColumn("first").get(0) as number | null) ?? Infinity;
  const lastMonth = (span.getColumn("last").get(0) as number | null) ?? -Infinity;
  const active = new Map<string, number>();
  const cc = cells.getColumn("cohort").toArray() as number[];
  const ck = cells.getColumn("since").toArray() as number[];
  const cn = cells.getColumn("n").toArray() as number[];
  for (let i = 0; i < cc.length; i++) active.set(cc[i] + ":" + ck[i], cn[i]);
  const size = new Map<number, number>();
  const sc = cohortSizes.getColumn("cohort").toArray() as number[];
  const sn = cohortSizes.getColumn("n").toArray() as number[];
  for (let i = 0; i < sc.length; i++) size.set(sc[i], sn[i]);
  const cohorts = [...size.keys()].sort((a, b) => a - b);
  const cohort: string[] = [];
  const since: number[] = [];
  const sizes: number[] = [];
  const act: number[] = [];
  const ret: number[] = [];
  const censored: boolean[] = [];
  for (const c of cohorts) {
    for (let k = 0; c + k <= lastMonth; k++) {
      const a = active.get(c + ":" + k) ?? 0;
      cohort.push(monthLabel(c));
      since.push(k);
      sizes.push(size.get(c)!);
      act.push(a);
      ret.push(a / size.get(c)!);
      censored.push(c === firstMonth);
    }
  }
  return pl.DataFrame({
    cohort: pl.Series("cohort", cohort, pl.Utf8),
    months_since: pl.Series("months_since", since, pl.Int32),
    cohort_size: pl.Series("cohort_size", sizes, pl.Float64),
    active_customers: pl.Series("active_customers", act, pl.Float64),
    retention: pl.Series("retention", ret, pl.Float64),
    left_censored: pl.Series("left_censored", censored, pl.Bool),
  });
}

/**
 * Mean retention at `monthsSince` (default 1) over cohorts that have reached it, weighted by cohort size and
 * excluding the left-censored first cohort when another cohort has reached that month (0..1; NaN when none).
 */
export function meanRetention(retention: pl.DataFrame, monthsSince = 1): { retention: number; cohorts: number; customers: number } {
  let rows = retention.filter(pl.col("months_since").eq(monthsSince));
  const uncensored = rows.filter(pl.col("left_censored").not());
  if (uncensored.height > 0) rows = uncensored;
  const size = rows.getColumn("cohort_size").toArray() as number[];
  const act = rows.getColumn("active_customers").toArray() as number[];
  const n = size.reduce((s, v) => s + v, 0);
  const a = act.reduce((s, v) => s + v, 0);
  return { retention: n > 0 ? a / n : NaN, cohorts: rows.height, customers: n };
}
