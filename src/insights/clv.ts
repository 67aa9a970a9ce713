/**
 * Customer lifetime value: historical (revenue to date) per customer and per segment, and a predictive CLV
 * (BG/NBD + Gamma–Gamma, undiscounted) with a documented simpler fallback for small data.
 */
import pl from "nodejs-polars";
import type { Store } from "../data/model.js";
import { completedOrders, epochDays, f64, strs } from "./base.js";
import { bgnbdExpectedPurchases, bgnbdPAlive, fitBgNbd, type BgNbdFit } from "./bgnbd.js";
import { customerRevenue } from "./customers.js";
import { memoByStore } from "./memo.js";
import { fitGammaGamma, gammaGammaExpectedValue, type GammaGammaFit } from "./gamma-gamma.js";

/**
 * Historical CLV per customer = revenue from completed orders to date (money): `customer_id`, `historical_clv`,
 * `orders`, `aov` (money), `tenure_days` (first to last completed order). Sorted by customer_id.
 */
export function historicalClv(store: Store): pl.DataFrame {
  return customerRevenue(store)
    .withColumns(
      pl.col("revenue").alias("historical_clv"),
      pl.col("revenue").div(pl.col("orders")).alias("aov"),
      pl.col("last_order_at").cast(pl.Date).cast(pl.Int32).sub(pl.col("first_order_at").cast(pl.Date).cast(pl.Int32)).cast(pl.Float64).alias("tenure_days"),
    )
    .select("customer_id", "historical_clv", "orders", "aov", "tenure_days");
}

/**
 * Historical CLV per segment, given assignments (`customer_id`, `segment`): `segment`, `customers`, `revenue`
 * (money), `mean_clv`, `median_clv` (money per customer; customers without completed orders count as 0) and
 * `share_of_revenue` (0..1). Sorted by segment.
 */
export function clvBySegment(store: Store, assignments: pl.DataFrame): pl.DataFrame {
  const clv = historicalClv(store).select("customer_id", "historical_clv");
  const df = assignments
    .select(pl.col("customer_id").cast(pl.Utf8), pl.col("segment").cast(pl.Int32))
    .join(clv, { on: "customer_id", how: "left" })
    .withColumns(pl.col("historical_clv").fillNull(0));
  const total = df.height ? (df.getColumn("historical_clv").sum() as number) : 0;
  return df
    .groupBy("segment")
    .agg(
      pl.col("customer_id").count().cast(pl.Float64).alias("customers"),
      pl.col("historical_clv").sum().alias("revenue"),
      pl.col("historical_clv").mean().alias("mean_clv"),
      pl.col("historical_clv").median().alias("median_clv"),
    )
    .withColumns(pl.col("revenue").div(pl.lit(total || 1)).alias("share_of_revenue"))
    .sort("segment");
}

/** Options of `predictiveClv`. */
export interface PredictiveClvOptions {
  /** Prediction horizon in days (default 365). */
  horizonDays?: number;
  /** Time unit of the BG/NBD fit in days (default 7: weeks). */
  unitDays?: number;
  /** Fewer customers than this, or fewer than `minRepeat` repeat customers, use the fallback (default 50). */
  minCustomers?: number;
  /** Minimum repeat customers for the probabilistic models (default 10). */
  minRepeat?: number;
}

/** Predictive CLV per customer and how it was obtained. */
export interface PredictiveClv {
  /**
   * "bgnbd-gamma-gamma": BG/NBD expected orders × Gamma–Gamma expected order value, undiscounted.
   * "historical-rate": fallback = (purchase days / days since first purchase + 1) × horizon × the customer's
   * mean order value.
   */
  model: "bgnbd-gamma-gamma" | "historical-rate";
  /** Human-readable label naming the model, horizon and that it is undiscounted. */
  label: string;
  horizonDays: number;
  bgnbd: BgNbdFit | null;
  gammaGamma: GammaGammaFit | null;
  /**
   * `customer_id`, `frequency` (repeat purchase days), `recency` and `T` (in `unitDays` units since the first
   * purchase), `monetary` (mean value of repeat purchase days, money; 0 when none), `p_alive` (0..1),
   * `expected_orders` (within the horizon), `expected_value` (money per order), `predicted_clv` (money).
   * Sorted by customer_id.
   */
  table: pl.DataFrame;
}

/**
 * Predictive CLV over `horizonDays` (default 365) from completed orders. Purchases are counted per calendar day
 * (several orders on one day = one purchase of their summed value), as `lifetimes` does; the observation end
 * is the day of the last completed order. Customers with one purchase day (frequency 0) get p_alive 1 and the
 * population mean order value. Small data (see options) use the documented "historical-rate" fallback.
 * Computed once per store and options (`memoByStore`): the result is shared, do not mutate it.
 */
export function predictiveClv(store: Store, options: PredictiveClvOptions = {}): PredictiveClv {
  const o = {
    horizonDays: options.horizonDays ?? 365,
    unitDays: options.unitDays ?? 7,
    minCustomers: options.minCustomers ?? 50,
    minRepeat: options.minRepeat ?? 10,
  };
  return memoByStore(store, `predictiveClv:${JSON.stringify(o)}`, () => computePredictiveClv(store, o));
}

function computePredictiveClv(store: Store, o: Required<PredictiveClvOptions>): PredictiveClv {
  const { horizonDays, minCustomers, minRepeat } = o;
  const unit = o.unitDays;
  const perDay = completedOrders(store)
    .filter(pl.col("customer_id").isNotNull())
    .withColumns(pl.col("ordered_at").cast(pl.Date).alias("day"))
    .groupBy(["customer_id", "day"])
    .agg(pl.col("value").sum().alias("value"))
    .sort(["customer_id", "day"]);
  const ids = strs(perDay, "customer_id") as string[];
  const days = epochDays(perDay, "day");
  const values = f64(perDay, "value");
  let end = -Infinity;
  for (const d of days) if (d > end) end = d;
  const cust: string[] = [];
  const xs: number[] = [], txs: number[] = [], Ts: number[] = [], ms: number[] = [], firstValue: number[] = [];
  for (let i = 0; i < ids.length; ) {
    let j = i;
    let repeatSum = 0;
    while (j < ids.length && ids[j] === ids[i]) {
      if (j > i) repeatSum += values[j];
      j++;
    }
    const x = j - i - 1;
    cust.push(ids[i]);
    xs.push(x);
    txs.push((days[j - 1] - days[i]) / unit);
    Ts.push((end - days[i]) / unit);
    ms.push(x > 0 ? repeatSum / x : 0);
    firstValue.push(values[i]);
    i = j;
  }
  const n = cust.length;
  const repeatCount = xs.filter((x) => x > 0).length;
  const pAlive = new Float64Array(n), expOrders = new Float64Array(n), expValue = new Float64Array(n), clv = new Float64Array(n);
  let bg: BgNbdFit | null = null;
  let gg: GammaGammaFit | null = null;
  let model: PredictiveClv["model"] = "historical-rate";
  if (n >= minCustomers && repeatCount >= minRepeat) {
    bg = fitBgNbd(xs, txs, Ts);
    gg = fitGammaGamma(xs, ms);
    if (bg.converged && gg.q > 1) model = "bgnbd-gamma-gamma";
  }
  const t = horizonDays / unit;
  for (let i = 0; i < n; i++) {
    if (model === "bgnbd-gamma-gamma") {
      pAlive[i] = bgnbdPAlive(bg!, xs[i], txs[i], Ts[i]);
      expOrders[i] = bgnbdExpectedPurchases(bg!, t, xs[i], txs[i], Ts[i]);
      expValue[i] = gammaGammaExpectedValue(gg!, xs[i], ms[i]);
    } else {
      const spanDays = Ts[i] * unit;
      pAlive[i] = 1;
      expOrders[i] = ((xs[i] + 1) / (spanDays + 1)) * horizonDays;
      expValue[i] = (firstValue[i] + ms[i] * xs[i]) / (xs[i] + 1);
    }
    clv[i] = expOrders[i] * expValue[i];
  }
  const years = horizonDays / 365;
  const horizon = Number.isInteger(years) ? `${years} year${years === 1 ? "" : "s"}` : `${horizonDays} days`;
  const label =
    model === "bgnbd-gamma-gamma"
      ? `Predicted CLV over ${horizon}: BG/NBD expected purchases × Gamma–Gamma expected value (undiscounted)`
      : `Predicted CLV over ${horizon}: historical purchase rate × mean order value (simple model; too little data for BG/NBD)`;
  return {
    model,
    label,
    horizonDays,
    bgnbd: model === "bgnbd-gamma-gamma" ? bg : null,
    gammaGamma: model === "bgnbd-gamma-gamma" ? gg : null,
    table: pl.DataFrame({
      customer_id: pl.Series("customer_id", cust, pl.Utf8),
      frequency: pl.Series("frequency", xs, pl.Float64),
      recency: pl.Series("recency", txs, pl.Float64),
      T: pl.Series("T", Ts, pl.Float64),
      monetary: pl.Series("monetary", ms, pl.Float64),
      p_alive: pl.Series("p_alive", pAlive, pl.Float64),
      expected_orders: pl.Series("expected_orders", expOrders, pl.Float64),
      expected_value: pl.Series("expected_value", expValue, pl.Float64),
      predicted_clv: pl.Series("predicted_clv", clv, pl.Float64),
    }),
  };
}
