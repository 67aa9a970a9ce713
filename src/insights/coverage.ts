/**
 * What a store records and how completely: order statuses, order lines per order, the time span, geography,
 * interactions, currency tags. One pass of polars aggregates per store (memoized); the sufficiency rules
 * (sufficiency.ts), the bounds in the findings and the data card (data-card.ts) all read these numbers, so
 * they cannot disagree.
 */
import pl from "nodejs-polars";
import { lineFacts } from "../data/line-facts.js";
import { hasTable, ORDER_STATUSES, type Store } from "../data/model.js";
import { ordersEnriched, UNKNOWN } from "./base.js";
import { memoByStore } from "./memo.js";

/** Market level of the geography findings: the order's country (else the customer's), or the customer's region. */
export type GeographyLevel = "country" | "region";

/** Coverage of a store: counts, spans and which columns are recorded. Plain JSON values only. */
export interface StoreCoverage {
  /** All orders, any status. */
  orders: number;
  /** Orders per status (every status seen, plus every canonical status with 0). */
  statusCounts: Record<string, number>;
  /**
   * True when some order is not `completed`: the store records outcomes. A store whose every order is
   * `completed` either has no status column (the three-file store) or exported completed sales only; in both
   * cases failure rates cannot be told.
   */
  statusesRecorded: boolean;
  /** Orders with at least one row in `order_lines`. */
  ordersWithLines: number;
  completedOrders: number;
  completedOrdersWithLines: number;
  /** Σ line revenue of completed orders (money; a lower bound when some completed orders lack lines). */
  completedRevenueKnown: number;
  /** Failed plus canceled orders. */
  lostOrders: number;
  lostOrdersWithLines: number;
  /** Σ line value of failed and canceled orders that have lines (money; the lower bound of the value lost). */
  lostValueKnown: number;
  /** Customers with at least one completed order. */
  customers: number;
  /** Of those, customers with a completed order without lines: their spend is unknown (a lower bound). */
  customersWithUnknownSpend: number;
  /** Customers with two or more completed orders. */
  repeatBuyers: number;
  /** Rows of the customers table (null when the store has none). */
  customerTableRows: number | null;
  /** First and last order time (any status), "YYYY-MM-DDTHH:MM:SS" (naive local time), null without orders. */
  firstOrderAt: string | null;
  lastOrderAt: string | null;
  /** Days from the first to the last order (any status), fractional (14 minutes = 0.0097); null without orders. */
  spanDays: number | null;
  /** Days from the first to the last completed order, fractional; null without completed orders. */
  completedSpanDays: number | null;
  /** Calendar months from the first to the last order, inclusive (one month = 1). 0 without orders. */
  calendarMonths: number;
  /** Distinct calendar months with a completed order that has lines (months a monthly revenue series has). */
  revenueMonths: number;
  /** Products in the catalogue (null without a products table). */
  catalogueProducts: number | null;
  /** Distinct product ids on the lines of completed orders. */
  productsSold: number;
  /** Share of products in the catalogue with a category (null without a products table). */
  categoryCoverage: number | null;
  /** Share of completed orders whose country is known (order's or customer's). */
  countryCoverage: number;
  /** Distinct known countries among completed orders. */
  countries: number;
  /** Share of completed orders whose customer has a known region. */
  regionCoverage: number;
  /** Distinct known regions among completed orders. */
  regions: number;
  /** The level the geography findings use: country when recorded for most completed orders, else region, else null. */
  geographyLevel: GeographyLevel | null;
  /** Interaction events (0 without the table). */
  interactions: number;
  /** Distinct customers with interactions. */
  interactingCustomers: number;
  /** Calendar days from the first to the last interaction, inclusive (0 without interactions). */
  interactionDays: number;
  /** Share of customers-table rows with a signup date (null without the table or column). */
  signupCoverage: number | null;
  /** Distinct currency tags on customers (`customers.currency`, when the source has it), sorted. */
  currencyTags: { code: string; customers: number }[];
}

/** Geography is used at a level recorded for at least this share of completed orders (documented default 0.5). */
export const GEOGRAPHY_MIN_COVERAGE = 0.5;

const iso = (ms: number | null): string | null => (ms === null ? null : new Date(ms).toISOString().slice(0, 19));

function num(df: pl.DataFrame, col: string): number {
  const v = df.getColumn(col).toArray()[0] as number | bigint | null;
  return v === null || v === undefined ? 0 : Number(v);
}

function timeMs(v: unknown): number | null {
  if (v === null || v === undefined) return null;
  return v instanceof Date ? v.getTime() : Number(v);
}

/** The coverage of `store` (see `StoreCoverage`). Computed once per store (`memoByStore`); do not mutate. */
export function storeCoverage(store: Store): StoreCoverage {
  return memoByStore(store, "storeCoverage", () => computeCoverage(store));
}

function computeCoverage(store: Store): StoreCoverage {
  const withLines = lineFacts(store).orders.select(pl.col("order_id"), pl.lit(true).alias("has_lines"));
  const orders = ordersEnriched(store)
    .join(withLines, { on: "order_id", how: "left" })
    .withColumns(pl.col("has_lines").fillNull(false));
  const completed = pl.col("status").eq(pl.lit("completed"));
  const lost = pl.col("status").eq(pl.lit("failed")).or(pl.col("status").eq(pl.lit("canceled")));
  const head = orders.select(
    pl.col("order_id").count().cast(pl.Float64).alias("orders"),
    pl.col("has_lines").cast(pl.Float64).sum().alias("orders_with_lines"),
    completed.cast(pl.Float64).sum().alias("completed"),
    completed.and(pl.col("has_lines")).cast(pl.Float64).sum().alias("completed_with_lines"),
    pl.col("value").filter(completed).sum().alias("completed_revenue"),
    lost.cast(pl.Float64).sum().alias("lost"),
    lost.and(pl.col("has_lines")).cast(pl.Float64).sum().alias("lost_with_lines"),
    pl.col("value").filter(lost.and(pl.col("has_lines"))).sum().alias("lost_value"),
    pl.col("ordered_at").min().cast(pl.Int64).alias("first"),
    pl.col("ordered_at").max().cast(pl.Int64).alias("last"),
  );
  const statusRows = orders.groupBy("status").agg(pl.col("order_id").count().cast(pl.Float64).alias("n")).sort("status");
  const statusCounts: Record<string, number> = {};
  for (const s of ORDER_STATUSES) statusCounts[s] = 0;
  const sNames = statusRows.getColumn("status").toArray() as string[];
  const sCounts = statusRows.getColumn("n").toArray() as number[];
  sNames.forEach((s, i) => (statusCounts[s] = sCounts[i]));

  const done = orders.filter(completed);
  const perCustomer = done
    .filter(pl.col("customer_id").isNotNull())
    .groupBy("customer_id")
    .agg(pl.col("order_id").count().alias("n"), pl.col("has_lines").not().any().alias("unknown_spend"));
  const customers = perCustomer.height;
  const cust = customers
    ? perCustomer.select(
        pl.col("n").gtEq(2).cast(pl.Float64).sum().alias("repeat"),
        pl.col("unknown_spend").cast(pl.Float64).sum().alias("unknown"),
      )
    : null;

  const doneSpan = done.select(pl.col("ordered_at").min().cast(pl.Int64).alias("first"), pl.col("ordered_at").max().cast(pl.Int64).alias("last"));
  const first = timeMs(head.getColumn("first").toArray()[0]);
  const last = timeMs(head.getColumn("last").toArray()[0]);
  const dFirst = timeMs(doneSpan.getColumn("first").toArray()[0]);
  const dLast = timeMs(doneSpan.getColumn("last").toArray()[0]);
  const monthOf = (ms: number) => {
    const d = new Date(ms);
    return d.getUTCFullYear() * 12 + d.getUTCMonth();
  };
  const revenueMonths = done
    .filter(pl.col("has_lines"))
    .select(pl.col("ordered_at").dt.strftime("%Y-%m").nUnique().alias("n"));

  const n = done.height;
  const known = (c: string) => pl.col(c).neq(pl.lit(UNKNOWN)).and(pl.col(c).neq(pl.lit("")));
  const geo = n
    ? done.select(
        known("country").cast(pl.Float64).sum().alias("country_known"),
        pl.col("country").filter(known("country")).nUnique().alias("countries"),
        known("region").cast(pl.Float64).sum().alias("region_known"),
        pl.col("region").filter(known("region")).nUnique().alias("regions"),
      )
    : null;
  const countryCoverage = geo ? num(geo, "country_known") / n : 0;
  const regionCoverage = geo ? num(geo, "region_known") / n : 0;
  const countries = geo ? num(geo, "countries") : 0;
  const regions = geo ? num(geo, "regions") : 0;
  const geographyLevel: GeographyLevel | null =
    countryCoverage >= GEOGRAPHY_MIN_COVERAGE && countries > 0 ? "country" : regionCoverage >= GEOGRAPHY_MIN_COVERAGE && regions > 0 ? "region" : null;

  let interactions = 0, interactingCustomers = 0, interactionDays = 0;
  if (hasTable(store, "interactions")) {
    const i = store.interactions!.select(
      pl.col("event_type").count().cast(pl.Float64).alias("n"),
      pl.col("customer_id").dropNulls().nUnique().cast(pl.Float64).alias("customers"),
      pl.col("occurred_at").cast(pl.Date).cast(pl.Int32).min().alias("d0"),
      pl.col("occurred_at").cast(pl.Date).cast(pl.Int32).max().alias("d1"),
    );
    interactions = num(i, "n");
    interactingCustomers = num(i, "customers");
    interactionDays = num(i, "d1") - num(i, "d0") + 1;
  }

  const products = hasTable(store, "products") ? store.products! : undefined;
  const categoryCoverage =
    products && products.columns.includes("category") ? (products.height ? (products.height - products.getColumn("category").nullCount()) / products.height : 0) : products ? 0 : null;
  const custTable = hasTable(store, "customers") ? store.customers! : undefined;
  const signupCoverage =
    custTable && custTable.columns.includes("signup_date") && custTable.height ? (custTable.height - custTable.getColumn("signup_date").nullCount()) / custTable.height : null;
  let currencyTags: { code: string; customers: number }[] = [];
  if (custTable && custTable.columns.includes("currency")) {
    const t = custTable
      .select(pl.col("customer_id"), pl.col("currency").cast(pl.Utf8))
      .filter(pl.col("currency").isNotNull())
      .groupBy("currency")
      .agg(pl.col("customer_id").count().cast(pl.Float64).alias("n"))
      .sort("currency");
    const codes = t.getColumn("currency").toArray() as string[];
    const counts = t.getColumn("n").toArray() as number[];
    currencyTags = codes.map((code, i) => ({ code, customers: counts[i] }));
  }

  const lostOrders = num(head, "lost");
  return {
    orders: num(head, "orders"),
    statusCounts,
    statusesRecorded: num(head, "orders") > num(head, "completed"),
    ordersWithLines: num(head, "orders_with_lines"),
    completedOrders: num(head, "completed"),
    completedOrdersWithLines: num(head, "completed_with_lines"),
    completedRevenueKnown: num(head, "completed_revenue"),
    lostOrders,
    lostOrdersWithLines: num(head, "lost_with_lines"),
    lostValueKnown: num(head, "lost_value"),
    customers,
    customersWithUnknownSpend: cust ? num(cust, "unknown") : 0,
    repeatBuyers: cust ? num(cust, "repeat") : 0,
    customerTableRows: custTable ? custTable.height : null,
    firstOrderAt: iso(first),
    lastOrderAt: iso(last),
    spanDays: first === null || last === null ? null : (last - first) / 86_400_000,
    completedSpanDays: dFirst === null || dLast === null ? null : (dLast - dFirst) / 86_400_000,
    calendarMonths: first === null || last === null ? 0 : monthOf(last) - monthOf(first) + 1,
    revenueMonths: num(revenueMonths, "n"),
    catalogueProducts: products ? products.height : null,
    productsSold: lineFacts(store).products.filter(pl.col("orders").gt(0)).height,
    categoryCoverage,
    countryCoverage,
    countries,
    regionCoverage,
    regions,
    geographyLevel,
    interactions,
    interactingCustomers,
    interactionDays,
    signupCoverage,
    currencyTags,
  };
}

/**
 * A span of time in words, in the largest unit that keeps it readable: "14 minutes", "5.5 hours", "27 days",
 * "13 months", "2.0 years".
 * @example spanText(14 / 1440); // => "14 minutes"
 */
export function spanText(days: number): string {
  const minutes = days * 1440;
  if (minutes < 120) return `${Math.round(minutes)} minute${Math.round(minutes) === 1 ? "" : "s"}`;
  if (days < 2) return `${(days * 24).toFixed(1)} hours`;
  if (days < 90) return `${Math.round(days)} days`;
  if (days < 730) return `${Math.round(days / 30.44)} months`;
  return `${(days / 365.25).toFixed(1)} years`;
}
