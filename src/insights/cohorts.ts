/** Cohort retention by month of first completed order. */
import pl from "nodejs-polars";
import type { Store } from "../data/model.js";
import { completedOrders, monthIndex, monthLabel, strs } from "./base.js";
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
  const orders = completedOrders(store).filter(pl.col("customer_id").isNotNull());
  const ids = strs(orders, "customer_id") as string[];
  const months = monthIndex(orders, "ordered_at");
  const first = new Map<string, number>();
  let lastMonth = -Infinity;
  let firstMonth = Infinity;
  for (let i = 0; i < ids.length; i++) {
    const f = first.get(ids[i]);
    if (f === undefined || months[i] < f) first.set(ids[i], months[i]);
    if (months[i] > lastMonth) lastMonth = months[i];
    if (months[i] < firstMonth) firstMonth = months[i];
  }
  const seen = new Set<string>();
  const active = new Map<string, number>();
  for (let i = 0; i < ids.length; i++) {
    const key = ids[i] + "\u0000" + months[i];
    if (seen.has(key)) continue;
    seen.add(key);
    const cell = first.get(ids[i])! + ":" + (months[i] - first.get(ids[i])!);
    active.set(cell, (active.get(cell) ?? 0) + 1);
  }
  const size = new Map<number, number>();
  for (const m of first.values()) size.set(m, (size.get(m) ?? 0) + 1);
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
