/**
 * Customers' purchase histories in the form the probabilistic CLV models read (as `lifetimes`'
 * `summary_data_from_transaction_data` and `calibration_and_holdout_data` build them): a purchase is a calendar day
 * with completed orders (several orders on one day = one purchase of their summed value), summarized up to a cut-off
 * day as x (repeat purchases), tx (first to last purchase) and T (first purchase to the cut-off), in a time unit.
 */
import pl from "nodejs-polars";
import type { Store } from "../data/model.js";
import { completedOrders, epochDays, f64, strs } from "./base.js";
import { memoByStore } from "./memo.js";

/** Every customer's purchase days, in typed arrays (customer i owns rows start[i] … start[i+1] − 1, by day). */
export interface PurchaseDays {
  /** Customers with at least one completed order, sorted by id. */
  customerIds: string[];
  /** Row offsets per customer (length customers + 1). */
  start: Int32Array;
  /** Day number since 1970-01-01 of each purchase day, ascending within a customer. */
  day: Int32Array;
  /** Summed value of the completed orders of that day (money). */
  value: Float64Array;
  /** First and last purchase day in the store (day numbers; NaN when there are none). */
  firstDay: number;
  lastDay: number;
}

/**
 * The purchase days of every customer from the store's completed orders with a customer id. Computed once per store
 * (`memoByStore`): the result is shared, do not mutate it.
 */
export function purchaseDays(store: Store): PurchaseDays {
  return memoByStore(store, "purchaseDays", () => {
    const perDay = completedOrders(store)
      .filter(pl.col("customer_id").isNotNull())
      .withColumns(pl.col("ordered_at").cast(pl.Date).alias("day"))
      .groupBy(["customer_id", "day"])
      .agg(pl.col("value").sum().alias("value"))
      .sort(["customer_id", "day"]);
    const ids = strs(perDay, "customer_id") as string[];
    const day = epochDays(perDay, "day");
    const value = f64(perDay, "value");
    const customerIds: string[] = [];
    const start: number[] = [];
    let firstDay = Infinity, lastDay = -Infinity;
    for (let i = 0; i < ids.length; i++) {
      if (i === 0 || ids[i] !== ids[i - 1]) {
        customerIds.push(ids[i]);
        start.push(i);
      }
      if (day[i] < firstDay) firstDay = day[i];
      if (day[i] > lastDay) lastDay = day[i];
    }
    start.push(ids.length);
    return {
      customerIds,
      start: Int32Array.from(start),
      day,
      value,
      firstDay: ids.length ? firstDay : NaN,
      lastDay: ids.length ? lastDay : NaN,
    };
  });
}

/** Per-customer summary up to a cut-off day, over the customers whose first purchase is on or before it. */
export interface PurchaseSummary {
  /** Index of each summarized customer in `PurchaseDays.customerIds`. */
  customer: Int32Array;
  /** Repeat purchases (purchase days after the first) up to the cut-off. */
  x: Float64Array;
  /** First to last purchase up to the cut-off, in `unitDays` units. */
  tx: Float64Array;
  /** First purchase to the cut-off, in `unitDays` units. */
  T: Float64Array;
  /** Mean value of the repeat purchase days (money; 0 without repeats): Gamma–Gamma's m. */
  m: Float64Array;
  /** Mean value of all purchase days up to the cut-off, the first included (money). */
  meanValue: Float64Array;
  /** Days from the last purchase to the cut-off. */
  recencyDays: Float64Array;
  unitDays: number;
  /** The cut-off day (day number, inclusive). */
  end: number;
}

/**
 * Summarizes every customer's purchases on or before `end` (a day number; default the last purchase day) in units
 * of `unitDays` days (default 7: weeks), as `lifetimes`' `summary_data_from_transaction_data(freq="D",
 * freq_multiplier=unitDays)` with the observation end at `end`.
 * @example summarizePurchases(purchaseDays(store), { end: 15217 }).x; // repeat purchase days up to 2011-08-31
 */
export function summarizePurchases(history: PurchaseDays, options: { end?: number; unitDays?: number } = {}): PurchaseSummary {
  const end = options.end ?? history.lastDay;
  const unit = options.unitDays ?? 7;
  const { start, day, value } = history;
  const n = history.customerIds.length;
  const customer: number[] = [];
  const x: number[] = [], tx: number[] = [], T: number[] = [], m: number[] = [], mean: number[] = [], rec: number[] = [];
  for (let c = 0; c < n; c++) {
    const first = start[c];
    if (day[first] > end) continue;
    let last = first;
    let repeatSum = 0;
    let total = value[first];
    for (let j = first + 1; j < start[c + 1] && day[j] <= end; j++) {
      last = j;
      repeatSum += value[j];
      total += value[j];
    }
    const repeats = last - first;
    customer.push(c);
    x.push(repeats);
    tx.push((day[last] - day[first]) / unit);
    T.push((end - day[first]) / unit);
    m.push(repeats > 0 ? repeatSum / repeats : 0);
    mean.push(total / (repeats + 1));
    rec.push(end - day[last]);
  }
  return {
    customer: Int32Array.from(customer),
    x: Float64Array.from(x),
    tx: Float64Array.from(tx),
    T: Float64Array.from(T),
    m: Float64Array.from(m),
    meanValue: Float64Array.from(mean),
    recencyDays: Float64Array.from(rec),
    unitDays: unit,
    end,
  };
}

/**
 * Purchases of the given customers (indices into `customerIds`) in the window after `from` up to and including
 * `to` (day numbers): purchase days and their summed value (money) per customer.
 */
export function purchasesInWindow(history: PurchaseDays, customers: Int32Array, from: number, to: number): { purchases: Float64Array; value: Float64Array } {
  const purchases = new Float64Array(customers.length);
  const value = new Float64Array(customers.length);
  const { start, day } = history;
  for (let i = 0; i < customers.length; i++) {
    const c = customers[i];
    for (let j = start[c]; j < start[c + 1]; j++) {
      if (day[j] > from && day[j] <= to) {
        purchases[i] += 1;
        value[i] += history.value[j];
      }
    }
  }
  return { purchases, value };
}
