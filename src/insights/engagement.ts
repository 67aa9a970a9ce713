/** Engagement from interactions: daily volume with spikes, session duration, and conversion per product. */
import pl from "nodejs-polars";
import { hasTable, type Store } from "../data/model.js";
import { dayLabel, f64, strs } from "./base.js";
import { lineFacts } from "../data/line-facts.js";
import { detectSpikes, robustZ, type SpikeOptions } from "./robust-z.js";

/**
 * Interactions per calendar day, every day from the first to the last interaction (days without any = 0):
 * `day` ("YYYY-MM-DD"), `interactions` (events), `customers` and `sessions` (distinct), `robust_z` (see
 * `robustZ`) and `is_spike` (robust z > threshold, default 3.5). Empty when the store has no interactions.
 */
export function interactionsPerDay(store: Store, options: SpikeOptions = {}): pl.DataFrame {
  const empty = pl.DataFrame({
    day: pl.Series("day", [], pl.Utf8),
    interactions: pl.Series("interactions", [], pl.Float64),
    customers: pl.Series("customers", [], pl.Float64),
    sessions: pl.Series("sessions", [], pl.Float64),
    robust_z: pl.Series("robust_z", [], pl.Float64),
    is_spike: pl.Series("is_spike", [], pl.Bool),
  });
  if (!hasTable(store, "interactions")) return empty;
  const daily = store
    .interactions!.withColumns(pl.col("occurred_at").cast(pl.Date).cast(pl.Int32).alias("_day"))
    .groupBy("_day")
    .agg(
      pl.col("event_type").count().cast(pl.Float64).alias("interactions"),
      pl.col("customer_id").dropNulls().nUnique().cast(pl.Float64).alias("customers"),
      pl.col("session_id").dropNulls().nUnique().cast(pl.Float64).alias("sessions"),
    )
    .sort("_day");
  const days = Int32Array.from(daily.getColumn("_day").toArray() as number[]);
  const first = days[0];
  const span = days[days.length - 1] - first + 1;
  const cols = ["interactions", "customers", "sessions"].map((c) => ({ c, v: f64(daily, c), out: new Float64Array(span) }));
  for (let i = 0; i < days.length; i++) for (const k of cols) k.out[days[i] - first] = k.v[i];
  const labels = Array.from({ length: span }, (_, i) => dayLabel(first + i));
  const counts = cols[0].out;
  return pl.DataFrame({
    day: pl.Series("day", labels, pl.Utf8),
    interactions: pl.Series("interactions", counts, pl.Float64),
    customers: pl.Series("customers", cols[1].out, pl.Float64),
    sessions: pl.Series("sessions", cols[2].out, pl.Float64),
    robust_z: pl.Series("robust_z", robustZ(counts), pl.Float64),
    is_spike: pl.Series("is_spike", Array.from(detectSpikes(counts, options), (b) => b === 1), pl.Bool),
  });
}

/** Session (visit) duration statistics, in seconds. */
export interface SessionDurations {
  sessions: number;
  /** Mean of (last − first event time) over all sessions, seconds. */
  meanSeconds: number;
  medianSeconds: number;
  /** Mean over sessions with at least two events (single-event sessions have no measurable duration). */
  meanSecondsMultiEvent: number;
  /** Share of sessions with a single event, 0..1. */
  singleEventShare: number;
  /** Mean events per session. */
  eventsPerSession: number;
}

/** Duration of each session = last − first event (seconds), summarized; null without interactions. */
export function sessionDurations(store: Store): SessionDurations | null {
  if (!hasTable(store, "interactions")) return null;
  const s = store
    .interactions!.filter(pl.col("session_id").isNotNull())
    .groupBy("session_id")
    .agg(
      pl.col("occurred_at").max().sub(pl.col("occurred_at").min()).cast(pl.Int64).cast(pl.Float64).alias("ms"),
      pl.col("event_type").count().cast(pl.Float64).alias("events"),
    );
  const ms = f64(s, "ms");
  const events = f64(s, "events");
  const n = ms.length;
  if (n === 0) return null;
  const secs = ms.map((v) => v / 1000);
  const sorted = Float64Array.from(secs).sort();
  const median = n % 2 ? sorted[n >> 1] : (sorted[(n >> 1) - 1] + sorted[n >> 1]) / 2;
  let sum = 0, multi = 0, multiSum = 0, totalEvents = 0;
  for (let i = 0; i < n; i++) {
    sum += secs[i];
    totalEvents += events[i];
    if (events[i] >= 2) {
      multi += 1;
      multiSum += secs[i];
    }
  }
  return {
    sessions: n,
    meanSeconds: sum / n,
    medianSeconds: median,
    meanSecondsMultiEvent: multi ? multiSum / multi : 0,
    singleEventShare: (n - multi) / n,
    eventsPerSession: totalEvents / n,
  };
}

/**
 * Conversion from interactions to orders per product: `product_id`, `interactions` (events naming it),
 * `interacting_customers` (distinct), `buying_customers` (of those, customers with a completed order line for
 * it, at any time), `conversion` = buying / interacting (0..1), `orders` (completed orders containing it, from
 * any customer). Products never interacted with are absent. Sorted by interactions descending, then product_id.
 */
export function productConversion(store: Store): pl.DataFrame {
  const empty = pl.DataFrame({
    product_id: pl.Series("product_id", [], pl.Utf8),
    interactions: pl.Series("interactions", [], pl.Float64),
    interacting_customers: pl.Series("interacting_customers", [], pl.Float64),
    buying_customers: pl.Series("buying_customers", [], pl.Float64),
    conversion: pl.Series("conversion", [], pl.Float64),
    orders: pl.Series("orders", [], pl.Float64),
  });
  if (!hasTable(store, "interactions")) return empty;
  const inter = store.interactions!.filter(pl.col("product_id").isNotNull());
  const facts = lineFacts(store);
  if (!facts.customerProducts) throw new Error("productConversion needs the line facts' customer-product pairs (computed for stores with interactions)");
  const bought = facts.customerProducts.withColumns(pl.lit(1).cast(pl.Float64).alias("_bought"));
  const pairs = inter.select("customer_id", "product_id").unique().join(bought, { on: ["customer_id", "product_id"], how: "left" });
  const perProduct = pairs
    .groupBy("product_id")
    .agg(pl.col("customer_id").count().cast(pl.Float64).alias("interacting_customers"), pl.col("_bought").fillNull(0).sum().alias("buying_customers"));
  const events = inter.groupBy("product_id").agg(pl.col("event_type").count().cast(pl.Float64).alias("interactions"));
  const orders = facts.products.filter(pl.col("orders").gt(0)).select("product_id", "orders");
  return events
    .join(perProduct, { on: "product_id", how: "left" })
    .join(orders, { on: "product_id", how: "left" })
    .withColumns(pl.col("orders").fillNull(0), pl.col("buying_customers").div(pl.col("interacting_customers")).alias("conversion"))
    .select("product_id", "interactions", "interacting_customers", "buying_customers", "conversion", "orders")
    .sort(["interactions", "product_id"], [true, false]);
}

/** Overall conversion: share of customers with interactions who have at least one completed order (0..1). */
export function interactionConversion(store: Store): { interactingCustomers: number; buyingCustomers: number; conversion: number } | null {
  if (!hasTable(store, "interactions")) return null;
  const interacting = new Set(strs(store.interactions!.select("customer_id").unique(), "customer_id").filter((x): x is string => x !== null));
  const buyers = new Set(strs(lineFacts(store).customers.select("customer_id"), "customer_id"));
  let b = 0;
  for (const c of interacting) if (buyers.has(c)) b += 1;
  return { interactingCustomers: interacting.size, buyingCustomers: b, conversion: interacting.size ? b / interacting.size : 0 };
}

