/**
 * The data card: what this store records and what it lacks (order statuses, line items for every order,
 * interactions, geography, time span, currency), generated from the store, so the reader knows what the
 * numbers can say before reading them. Shown at the top of the overview and of 01-eda, and written as
 * `data_card` in business_insights.json.
 */
import pl from "nodejs-polars";
import { lineFacts } from "../data/line-facts.js";
import { ORDER_STATUSES, type Store } from "../data/model.js";
import { formatCount, formatPct } from "./format.js";
import { spanText, storeCoverage, type StoreCoverage } from "./coverage.js";
import { SUFFICIENCY_THRESHOLDS } from "./sufficiency.js";

/** Whether the store records something: fully, in part, or not at all. */
export type RecordStatus = "recorded" | "partial" | "missing";

/** One line of the data card. */
export interface DataCardRecord {
  /** Stable key: order_statuses, order_lines, time_span, customers, geography, interactions, product_categories, signup_dates, currency. */
  key: string;
  label: string;
  status: RecordStatus;
  /** What exactly is recorded or missing, with the numbers. */
  detail: string;
}

/** The data card (business_insights.json `data_card`; schema in schemas/business_insights.schema.json). */
export interface DataCard {
  /** One paragraph: size, period, what is missing or partial, currency. */
  summary: string;
  period: {
    /** First and last order (any status), "YYYY-MM-DDTHH:MM:SS" in the store's local time; null without orders. */
    first: string | null;
    last: string | null;
    /** Days from the first to the last order, fractional (4 decimals); null without orders. */
    days: number | null;
    /** Calendar months from the first to the last order, inclusive. */
    months: number;
    /** The span in words ("14 minutes", "13 months"); null without orders. */
    label: string | null;
  };
  currency: {
    /** ISO code of the money values when the source states one, else null. */
    code: string | null;
    /** True when customers carry more than one currency tag: totals then add amounts across currencies. */
    mixed: boolean;
    /** What the reader must know about the currency, or null when it is simply `code`. */
    note: string | null;
  };
  counts: { customers: number; orders: number; order_lines: number; products: number | null };
  records: DataCardRecord[];
}

const n = (v: number) => formatCount(v);
const day = (iso: string | null) => (iso ? iso.slice(0, 10) : "");
const minute = (iso: string | null) => (iso ? iso.slice(0, 16).replace("T", " ") : "");

function statusList(c: StoreCoverage, reversals: boolean): string {
  const names = [...ORDER_STATUSES, ...Object.keys(c.statusCounts).filter((s) => !(ORDER_STATUSES as readonly string[]).includes(s)).sort()];
  return names
    .filter((s) => (c.statusCounts[s] ?? 0) > 0)
    .map((s) => `${s} ${n(c.statusCounts[s])}${s === "canceled" && reversals ? " (credit notes: cancellations and returns)" : ""}`)
    .join(", ");
}

/** The currency part of the card, from `Store.currency` and the customers' currency tags. */
export function currencyFacts(store: Store): DataCard["currency"] {
  const tags = storeCoverage(store).currencyTags;
  const mixed = tags.length > 1;
  const tagText = tags.map((t) => `${t.code} ${n(t.customers)}`).join(", ");
  let note: string | null = null;
  if (mixed)
    note = `Customers carry ${tags.length} currency tags (${tagText}) while prices ${store.currency ? `are stated in ${store.currency}` : "name no currency"}: every total adds amounts across the ${tags.length} currencies, so sums are labelled "mixed currencies".`;
  else if (!store.currency) note = tags.length === 1 ? `Prices name no currency; every customer is tagged ${tags[0].code}.` : "The source does not state the currency: amounts are shown without a symbol.";
  return { code: store.currency ?? null, mixed, note };
}

/** Builds the data card of `store` (see `DataCard`). Deterministic; every number comes from the store. */
export function dataCard(store: Store): DataCard {
  const c = storeCoverage(store);
  const T = SUFFICIENCY_THRESHOLDS;
  const records: DataCardRecord[] = [];
  const reversals = store.dataset === "online-retail";

  records.push(
    c.statusesRecorded
      ? { key: "order_statuses", label: "Order statuses", status: "recorded", detail: statusList(c, reversals) }
      : {
          key: "order_statuses",
          label: "Order statuses",
          status: "missing",
          detail: `every one of the ${n(c.orders)} orders is marked completed: failed and canceled orders are not in the data, so failure rates and lost value cannot be told`,
        },
  );

  const withoutLines = c.orders - c.ordersWithLines;
  const completedWithout = c.completedOrders - c.completedOrdersWithLines;
  records.push({
    key: "order_lines",
    label: "Line items for every order",
    status: withoutLines === 0 ? "recorded" : c.ordersWithLines === 0 ? "missing" : "partial",
    detail:
      withoutLines === 0
        ? `all ${n(c.orders)} orders have line items`
        : `${n(c.ordersWithLines)} of ${n(c.orders)} orders have line items` +
          (completedWithout > 0
            ? ` (completed orders: ${n(c.completedOrdersWithLines)} of ${n(c.completedOrders)}): revenue, order values and anything summed over orders are lower bounds`
            : `; every completed order has them, so revenue is complete` +
              (c.lostOrders > c.lostOrdersWithLines ? `, but the value of ${n(c.lostOrders - c.lostOrdersWithLines)} failed or canceled orders is not recorded` : "")),
  });

  const span = c.completedSpanDays ?? c.spanDays;
  const shortFor: string[] = [];
  if (span !== null && span < T.repeatMinSpanDays) shortFor.push(`repeat buying (${T.repeatMinSpanDays} days)`);
  if (span !== null && span < T.clvMinSpanDays) shortFor.push(`predicted lifetime value (${T.clvMinSpanDays} days)`);
  if (c.revenueMonths < T.seasonalityMinMonths) shortFor.push(`seasonality (${T.seasonalityMinMonths} months)`);
  records.push({
    key: "time_span",
    label: "Time span",
    status: c.spanDays === null ? "missing" : shortFor.length ? "partial" : "recorded",
    detail:
      c.spanDays === null
        ? "no orders"
        : `orders from ${c.spanDays < 2 ? minute(c.firstOrderAt) : day(c.firstOrderAt)} to ${c.spanDays < 2 ? minute(c.lastOrderAt) : day(c.lastOrderAt)} (${spanText(c.spanDays)}, ${n(c.calendarMonths)} calendar month${c.calendarMonths === 1 ? "" : "s"})` +
          (shortFor.length ? `; too short to judge ${shortFor.join(", ")}` : ""),
  });

  const noCustomer = store.orders.filter(pl.col("customer_id").isNull()).height;
  records.push({
    key: "customers",
    label: "Customer on every order",
    status: noCustomer === 0 ? "recorded" : noCustomer === c.orders ? "missing" : "partial",
    detail:
      (c.customerTableRows !== null ? `customer table of ${n(c.customerTableRows)}; ` : "no customer table; ") +
      `${n(c.customers)} customers with a completed order` +
      (noCustomer > 0 ? `; ${n(noCustomer)} orders have no customer id` : ""),
  });

  const geoDetail =
    c.geographyLevel === "country"
      ? `country for ${formatPct(c.countryCoverage)} of completed orders (${n(c.countries)} ${c.countries === 1 ? "country" : "countries"})` +
        (c.regions > 0 ? `; region for ${formatPct(c.regionCoverage)}` : "")
      : c.geographyLevel === "region"
        ? `region for ${formatPct(c.regionCoverage)} of completed orders (${n(c.regions)} region${c.regions === 1 ? "" : "s"}); no country, so markets are regions`
        : "neither country nor region is recorded for most orders";
  records.push({
    key: "geography",
    label: "Country or region",
    status: c.geographyLevel === null ? "missing" : c.geographyLevel === "region" || c.countryCoverage < 1 ? "partial" : "recorded",
    detail: geoDetail,
  });

  records.push(
    c.interactions > 0
      ? {
          key: "interactions",
          label: "Interactions (views, carts, sessions)",
          status: "recorded",
          detail: `${n(c.interactions)} events by ${n(c.interactingCustomers)} customers over ${n(c.interactionDays)} days`,
        }
      : {
          key: "interactions",
          label: "Interactions (views, carts, sessions)",
          status: "missing",
          detail: "engagement, browsing and conversion cannot be analysed; interaction counts are unknown (not 0)",
        },
  );

  records.push({
    key: "product_categories",
    label: "Product categories",
    status: c.categoryCoverage === null || c.categoryCoverage === 0 ? "missing" : c.categoryCoverage < 1 ? "partial" : "recorded",
    detail:
      c.categoryCoverage === null
        ? "no product catalogue"
        : c.categoryCoverage === 0
          ? `catalogue of ${n(c.catalogueProducts ?? 0)} products without categories`
          : `category for ${formatPct(c.categoryCoverage)} of ${n(c.catalogueProducts ?? 0)} catalogue products`,
  });

  records.push({
    key: "signup_dates",
    label: "Signup dates",
    status: c.signupCoverage === null || c.signupCoverage === 0 ? "missing" : c.signupCoverage < 1 ? "partial" : "recorded",
    detail:
      c.customerTableRows === null
        ? "no customer table"
        : c.signupCoverage === null || c.signupCoverage === 0
          ? "the customer table has no signup date"
          : `for ${formatPct(c.signupCoverage)} of customers`,
  });

  const currency = currencyFacts(store);
  records.push({
    key: "currency",
    label: "Currency",
    status: currency.mixed ? "partial" : currency.code ? "recorded" : "missing",
    detail: currency.mixed ? currency.note! : currency.code ? `all amounts in ${currency.code}` : currency.note ?? "not stated",
  });

  const customers = c.customerTableRows ?? store.orders.select(pl.col("customer_id").dropNulls().nUnique().alias("n")).getColumn("n").toArray()[0] as number;
  const counts = { customers, orders: c.orders, order_lines: lineFacts(store).lines, products: c.catalogueProducts ?? c.productsSold };
  const missing = records.filter((r) => r.status === "missing" && r.key !== "currency").map((r) => r.label.toLowerCase());
  const partial: string[] = [];
  if (withoutLines > 0 && c.ordersWithLines > 0) partial.push(`line items for ${n(c.ordersWithLines)} of ${n(c.orders)} orders`);
  if (noCustomer > 0 && noCustomer < c.orders) partial.push(`a customer id on ${n(c.orders - noCustomer)} of ${n(c.orders)} orders`);
  if (c.geographyLevel === "region") partial.push("region but no country");
  else if (c.geographyLevel === "country" && c.countryCoverage < 1) partial.push(`country for ${formatPct(c.countryCoverage)} of completed orders`);
  if (c.categoryCoverage !== null && c.categoryCoverage > 0 && c.categoryCoverage < 1) partial.push(`categories for ${formatPct(c.categoryCoverage)} of products`);
  if (c.signupCoverage !== null && c.signupCoverage > 0 && c.signupCoverage < 1) partial.push(`signup dates for ${formatPct(c.signupCoverage)} of customers`);
  const periodText =
    c.spanDays === null
      ? "no orders"
      : (c.spanDays < 2 ? `${spanText(c.spanDays)} on ${day(c.firstOrderAt)}` : `${spanText(c.spanDays)}, ${day(c.firstOrderAt)} to ${day(c.lastOrderAt)}`) +
        (shortFor.length ? ` (too short to judge ${shortFor.map((x) => x.replace(/ \(.*\)$/, "")).join(", ")})` : "");
  const summary = [
    `${n(c.orders)} orders (${n(c.completedOrders)} completed) by ${n(c.customers)} customers with a completed order, over ${periodText}.`,
    missing.length ? `Not recorded: ${missing.join(", ")}.` : "",
    partial.length ? `Partly recorded: ${partial.join("; ")}.` : "",
    currency.mixed
      ? `Amounts are summed across currencies (customers tagged ${storeCoverage(store).currencyTags.map((t) => t.code).join(", ")}).`
      : currency.code
        ? `Amounts in ${currency.code}.`
        : "The currency is not stated.",
  ]
    .filter(Boolean)
    .join(" ");
  return {
    summary,
    period: {
      first: c.firstOrderAt,
      last: c.lastOrderAt,
      days: c.spanDays === null ? null : Math.round(c.spanDays * 10000) / 10000,
      months: c.calendarMonths,
      label: c.spanDays === null ? null : spanText(c.spanDays),
    },
    currency,
    counts,
    records,
  };
}
