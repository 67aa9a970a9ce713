/**
 * The synthetic store: the default dataset, seeded and deterministic (same seed and scale → same tables,
 * byte for byte when written). All five tables, built from typed arrays (no per-row objects):
 * - customers in 20 countries / 7 regions with signup dates, in five latent groups (bargain hunters, loyal
 *   regulars, tech enthusiasts, wholesale buyers, fashion fans) that differ in order rate, basket size,
 *   quantity, category mix and browsing, so clustering has structure to find; a log-normal activity
 *   multiplier gives heavy-tailed customer value; ~4% never order;
 * - 240 products in 8 categories with a wide price range (log-normal around each category's median), Zipf
 *   popularity, and one name with HTML in it (`Mug <b>"Best"</b> & co`) so escaping is always exercised;
 * - orders over 2023–2024 with ~88% completed, ~4% failed, ~3.5% canceled, ~1.5% returned, a promotion
 *   week each November (more orders, 20% off) and ~0.5% guest orders without a customer;
 * - order lines, with a few exact duplicate lines and free (zero-price) items for the cleaning rules;
 * - web interactions in sessions (visit, view, add_to_cart, remove_from_cart, checkout), spiking in the
 *   promotion weeks.
 * Scale 1 ≈ 2,000 customers / ~30k order lines; the size grows linearly with `scale` (33 ≈ 1M lines).
 * The result goes through the same cleaning rules as real data (see clean.ts).
 */
import pl from "nodejs-polars";
import { rng, randInt, randNormal, pickWeighted as pick, type Rng } from "../util/random.js";
import type { CleaningLog, Store } from "./model.js";
import { regionOf } from "./regions.js";
import { buildSalesTables } from "./sales-lines.js";
import { joinAccounting, keptAll } from "./clean.js";

/** Options of {@link syntheticStore}. */
export interface SyntheticOptions {
  /** Seed of the generator. Default 42. */
  seed?: number;
  /** Size multiplier: 1 ≈ 2,000 customers and ~30k order lines. Default 1. */
  scale?: number;
}

/** Defaults of {@link SyntheticOptions}. */
export const SYNTHETIC_DEFAULTS: Required<SyntheticOptions> = { seed: 42, scale: 1 };

const DAY = 86_400_000;
const START = Date.UTC(2023, 0, 1);
const END = Date.UTC(2025, 0, 1);
/** Promotion weeks (Black Friday), [start, end) in ms. */
export const PROMO_WEEKS: ReadonlyArray<[number, number]> = [
  [Date.UTC(2023, 10, 20), Date.UTC(2023, 10, 27)],
  [Date.UTC(2024, 10, 25), Date.UTC(2024, 11, 2)],
];

const COUNTRIES: ReadonlyArray<[string, number]> = [
  ["United Kingdom", 30], ["United States", 12], ["Germany", 8], ["France", 7], ["Netherlands", 4], ["Spain", 4],
  ["Canada", 3], ["Italy", 3], ["Australia", 4], ["Japan", 3], ["Brazil", 3], ["India", 3], ["Singapore", 2],
  ["South Africa", 2], ["Mexico", 2], ["Sweden", 2], ["Poland", 2], ["Ireland", 2], ["Nigeria", 2], ["New Zealand", 2],
];

const CATEGORIES: ReadonlyArray<{ name: string; median: number; nouns: string[] }> = [
  { name: "Home Decor", median: 18, nouns: ["Candle Holder", "Cushion", "Wall Clock", "Vase", "Photo Frame", "Lantern"] },
  { name: "Kitchen", median: 14, nouns: ["Mug", "Teapot", "Cake Tin", "Apron", "Bowl Set", "Lunch Box"] },
  { name: "Electronics", median: 120, nouns: ["Headphones", "Speaker", "Smartwatch", "Charger", "Tablet", "Camera"] },
  { name: "Clothing", median: 35, nouns: ["T-Shirt", "Jacket", "Scarf", "Sneakers", "Jeans", "Hoodie"] },
  { name: "Books", median: 12, nouns: ["Novel", "Cookbook", "Atlas", "Biography", "Guide", "Sketchbook"] },
  { name: "Beauty", median: 16, nouns: ["Face Cream", "Perfume", "Lip Balm", "Soap Set", "Shampoo", "Nail Kit"] },
  { name: "Toys", median: 22, nouns: ["Puzzle", "Robot", "Doll", "Kite", "Board Game", "Train Set"] },
  { name: "Garden", median: 40, nouns: ["Planter", "Hose", "Bird Feeder", "Seed Kit", "Trowel", "Lounger"] },
];
const ADJECTIVES = ["Vintage", "Classic", "Bright", "Rustic", "Modern", "Deluxe", "Mini", "Eco", "Retro", "Royal"];
const PRODUCTS_PER_CATEGORY = 30;

/** The latent customer groups: share of customers, orders per 2 years, lines per order, units per line, category weights, sessions per order. */
const GROUPS: ReadonlyArray<{ name: string; share: number; orders: number; lines: number; qty: number; cats: number[]; browse: number; cheap: boolean }> = [
  { name: "bargain", share: 0.35, orders: 2.8, lines: 2, qty: 1.5, cats: [3, 1, 0, 1, 4, 3, 4, 1], browse: 2.5, cheap: true },
  { name: "loyal", share: 0.3, orders: 8.5, lines: 3, qty: 2, cats: [4, 5, 1, 1, 1, 1, 1, 4], browse: 1.5, cheap: false },
  { name: "tech", share: 0.2, orders: 4, lines: 1.5, qty: 1, cats: [0.5, 0.5, 8, 0.5, 2, 0.2, 1, 0.2], browse: 5, cheap: false },
  { name: "wholesale", share: 0.05, orders: 22, lines: 8, qty: 12, cats: [5, 5, 0.3, 0.5, 0.5, 1, 4, 2], browse: 0.7, cheap: false },
  { name: "fashion", share: 0.1, orders: 5.5, lines: 2.5, qty: 1.5, cats: [0.5, 0.3, 0.5, 8, 0.5, 5, 0.2, 0.2], browse: 3, cheap: false },
];

const STATUS_NAMES = ["completed", "failed", "canceled", "returned"] as const;
const EVENT_NAMES = ["visit", "view", "add_to_cart", "remove_from_cart", "checkout"] as const;

/** Poisson draw (Knuth for small means, rounded normal approximation above 30). */
function poisson(r: Rng, mean: number): number {
  if (mean <= 0) return 0;
  if (mean > 30) return Math.max(0, Math.round(mean + Math.sqrt(mean) * randNormal(r)));
  const l = Math.exp(-mean);
  let k = 0;
  let p = r();
  while (p > l) {
    k++;
    p *= r();
  }
  return k;
}


function cumulative(w: ArrayLike<number>): Float64Array {
  const c = new Float64Array(w.length);
  let s = 0;
  for (let i = 0; i < w.length; i++) c[i] = s += w[i];
  return c;
}

/** Growable typed column. */
class Col<T extends Float64Array | Int32Array | Int8Array> {
  data: T;
  n = 0;
  constructor(private readonly make: (n: number) => T, cap = 1024) {
    this.data = make(cap);
  }
  push(v: number): void {
    if (this.n === this.data.length) {
      const next = this.make(this.data.length * 2);
      next.set(this.data as never);
      this.data = next;
    }
    this.data[this.n++] = v;
  }
  get values(): T {
    return this.data.subarray(0, this.n) as T;
  }
}

const f64 = (n: number) => new Float64Array(n);
const i32 = (n: number) => new Int32Array(n);
const i8 = (n: number) => new Int8Array(n);

function idColumn(name: string, prefix: string, idx: Int32Array, width: number): pl.Expr {
  void name;
  return pl.concatString([pl.lit(prefix), pl.col("__i").cast(pl.Utf8).str.zFill(width)], "");
}

/** Ids like `C00042` from 0-based indexes (−1 → null), built by polars. */
function ids(name: string, prefix: string, idx: Int32Array, width: number): pl.Series {
  const df = pl.DataFrame({ __i: pl.Series("__i", idx, pl.Int32) });
  return df
    .select(
      pl
        .when(pl.col("__i").gtEq(0))
        .then(idColumn(name, prefix, idx, width))
        .otherwise(pl.lit(null).cast(pl.Utf8))
        .alias(name),
    )
    .getColumn(name);
}

/** Text column from small integer codes (`labels[code]`), built by polars. */
function codes(name: string, idx: Int8Array | Int32Array, labels: readonly string[]): pl.Series {
  const df = pl.DataFrame({ __c: pl.Series("__c", Int32Array.from(idx), pl.Int32) });
  let e: pl.Expr = pl.lit(null).cast(pl.Utf8);
  for (let i = labels.length - 1; i >= 0; i--) e = pl.when(pl.col("__c").eq(i)).then(pl.lit(labels[i])).otherwise(e);
  return df.select(e.alias(name)).getColumn(name);
}

function datetimes(name: string, ms: Float64Array): pl.Series {
  return pl.Series(name, ms, pl.Float64).cast(pl.Int64).cast(pl.Datetime("ms"));
}

function digits(n: number): number {
  return Math.max(String(Math.max(n - 1, 0)).length, 1);
}

/**
 * Builds the synthetic store and cleans it like any source. Deterministic in (seed, scale).
 * @example const { store, log } = syntheticStore({ seed: 42, scale: 1 }); store.order_lines.height; // ≈ 30k
 */
export function syntheticStore(options: SyntheticOptions = {}): { store: Store; log: CleaningLog } {
  const seed = options.seed ?? SYNTHETIC_DEFAULTS.seed;
  const scale = options.scale ?? SYNTHETIC_DEFAULTS.scale;
  const r = rng(seed);
  const nCustomers = Math.max(10, Math.round(2000 * scale));

  // products
  const nProducts = CATEGORIES.length * PRODUCTS_PER_CATEGORY;
  const productNames: string[] = [];
  const productCategory = new Int32Array(nProducts);
  const listPrice = new Float64Array(nProducts);
  for (let c = 0; c < CATEGORIES.length; c++) {
    const cat = CATEGORIES[c];
    for (let j = 0; j < PRODUCTS_PER_CATEGORY; j++) {
      const p = c * PRODUCTS_PER_CATEGORY + j;
      productCategory[p] = c;
      const noun = cat.nouns[j % cat.nouns.length];
      const adj = ADJECTIVES[(j * 7 + c) % ADJECTIVES.length];
      productNames.push(c === 1 && j === 0 ? 'Mug <b>"Best"</b> & co' : `${adj} ${noun} ${String.fromCharCode(65 + Math.floor(j / cat.nouns.length))}`);
      const price = cat.median * Math.exp(0.6 * randNormal(r));
      listPrice[p] = Math.max(0.99, Math.round(price) - 0.01);
    }
  }
  // popularity within category: Zipf(0.9) by position
  const catCum: Float64Array[] = CATEGORIES.map(() => cumulative(Array.from({ length: PRODUCTS_PER_CATEGORY }, (_, j) => 1 / Math.pow(j + 1, 0.9))));
  const groupCatCum = GROUPS.map((g) => cumulative(g.cats));
  const groupCum = cumulative(GROUPS.map((g) => g.share));
  const countryCum = cumulative(COUNTRIES.map((c) => c[1]));

  // customers
  const custGroup = new Int32Array(nCustomers);
  const custCountry = new Int32Array(nCustomers);
  const custSignup = new Float64Array(nCustomers);
  const custActivity = new Float64Array(nCustomers);
  const signupStart = Date.UTC(2022, 0, 1);
  for (let i = 0; i < nCustomers; i++) {
    custGroup[i] = pick(r, groupCum);
    custCountry[i] = pick(r, countryCum);
    custSignup[i] = signupStart + Math.floor(r() * (END - 90 * DAY - signupStart) / DAY) * DAY;
    custActivity[i] = r() < 0.04 ? 0 : Math.exp(0.7 * randNormal(r) - 0.245);
  }

  // orders and lines
  const oCust = new Col(i32), oTime = new Col(f64), oStatus = new Col(i8);
  const lOrder = new Col(i32), lProduct = new Col(i32), lQty = new Col(i32), lPrice = new Col(f64);
  const iCust = new Col(i32), iProduct = new Col(i32), iTime = new Col(f64), iType = new Col(i8), iSession = new Col(i32);
  let nSessions = 0;
  const statusCum = cumulative([88, 4, 3.5, 1.5]);
  const promoSpan = PROMO_WEEKS.map(([a, b]) => b - a);

  const session = (c: number, at: number, g: number, boughtProducts: number[]): void => {
    const s = nSessions++;
    let t = at;
    iCust.push(c); iProduct.push(-1); iTime.push(t); iType.push(0); iSession.push(s);
    const views = 1 + poisson(r, 2.5);
    for (let v = 0; v < views; v++) {
      t += (20 + randInt(r, 280)) * 1000;
      const cat = pick(r, groupCatCum[g]);
      const p = cat * PRODUCTS_PER_CATEGORY + pick(r, catCum[cat]);
      iCust.push(c); iProduct.push(p); iTime.push(t); iType.push(1); iSession.push(s);
      if (r() < 0.25) {
        t += (10 + randInt(r, 60)) * 1000;
        iCust.push(c); iProduct.push(p); iTime.push(t); iType.push(2); iSession.push(s);
        if (r() < 0.3) {
          t += (5 + randInt(r, 60)) * 1000;
          iCust.push(c); iProduct.push(p); iTime.push(t); iType.push(3); iSession.push(s);
        }
      }
    }
    for (const p of boughtProducts) {
      t += (10 + randInt(r, 40)) * 1000;
      iCust.push(c); iProduct.push(p); iTime.push(t); iType.push(2); iSession.push(s);
    }
    if (boughtProducts.length) {
      t += (30 + randInt(r, 120)) * 1000;
      iCust.push(c); iProduct.push(-1); iTime.push(t); iType.push(4); iSession.push(s);
    }
  };

  const randomTime = (from: number): number => {
    if (r() < 0.1) {
      const w = randInt(r, PROMO_WEEKS.length);
      const t = PROMO_WEEKS[w][0] + r() * promoSpan[w];
      if (t >= from) return t;
    }
    return from + r() * (END - from);
  };
  const atHour = (t: number): number => Math.floor(t / DAY) * DAY + (8 + randInt(r, 14)) * 3_600_000 + randInt(r, 3600) * 1000;

  for (let c = 0; c < nCustomers; c++) {
    const g = GROUPS[custGroup[c]];
    const from = Math.max(START, custSignup[c]);
    const nOrders = custActivity[c] === 0 ? 0 : Math.max(1, poisson(r, g.orders * custActivity[c] * ((END - from) / (END - START))));
    for (let k = 0; k < nOrders; k++) {
      const o = oCust.n;
      const t = atHour(randomTime(from));
      const promo = PROMO_WEEKS.some(([a, b]) => t >= a && t < b);
      oCust.push(r() < 0.005 ? -1 : c);
      oTime.push(t);
      oStatus.push(pick(r, statusCum));
      const nLines = 1 + poisson(r, g.lines - 1);
      const bought: number[] = [];
      for (let l = 0; l < nLines; l++) {
        const cat = pick(r, groupCatCum[custGroup[c]]);
        let p = cat * PRODUCTS_PER_CATEGORY + pick(r, catCum[cat]);
        if (g.cheap) {
          const q = cat * PRODUCTS_PER_CATEGORY + pick(r, catCum[cat]);
          if (listPrice[q] < listPrice[p]) p = q;
        }
        bought.push(p);
        const qty = g.qty >= 6 ? Math.max(1, Math.round(g.qty * Math.exp(0.5 * randNormal(r)))) : 1 + poisson(r, g.qty - 1);
        const free = r() < 0.002;
        const price = free ? 0 : Math.round(listPrice[p] * (promo ? 0.8 : 1) * 100) / 100;
        lOrder.push(o); lProduct.push(p); lQty.push(qty); lPrice.push(price);
      }
      if (r() < 0.7) session(c, t - (60 + randInt(r, 900)) * 1000, custGroup[c], bought);
    }
    const browse = poisson(r, g.browse * (0.5 + custActivity[c]));
    for (let b = 0; b < browse; b++) session(c, atHour(randomTime(custSignup[c] > START ? custSignup[c] : START)), custGroup[c], []);
  }
  // a few exact duplicate lines (double-submitted baskets) for the cleaning log
  const nDup = Math.round(lOrder.n * 0.002);
  for (let d = 0; d < nDup; d++) {
    const i = randInt(r, lOrder.n);
    lOrder.push(lOrder.data[i]); lProduct.push(lProduct.data[i]); lQty.push(lQty.data[i]); lPrice.push(lPrice.data[i]);
  }

  // frames
  const cw = digits(nCustomers), ow = digits(oCust.n), sw = digits(nSessions);
  const custIdx = Int32Array.from({ length: nCustomers }, (_, i) => i);
  const countryNames = COUNTRIES.map((c) => c[0]);
  const customers = pl.DataFrame([
    ids("customer_id", "C", custIdx, cw),
    pl.Series("customer_name", Array.from(custIdx, (i) => `Customer ${i + 1}`), pl.Utf8),
    pl.Series("country", Array.from(custCountry, (i) => countryNames[i]), pl.Utf8),
    pl.Series("region", Array.from(custCountry, (i) => regionOf(countryNames[i])), pl.Utf8),
    datetimes("signup_date", custSignup).cast(pl.Date),
  ]);
  const prodIdx = Int32Array.from({ length: nProducts }, (_, i) => i);
  const products = pl.DataFrame([
    ids("product_id", "P", prodIdx, 4),
    pl.Series("product_name", productNames, pl.Utf8),
    pl.Series("category", Array.from(productCategory, (c) => CATEGORIES[c].name), pl.Utf8),
    pl.Series("list_price", listPrice, pl.Float64),
    pl.Series("is_product", Array.from(prodIdx, () => true), pl.Bool),
  ]);
  const orderIdx = Int32Array.from({ length: oCust.n }, (_, i) => i);
  const ordersRaw = pl.DataFrame([
    ids("order_id", "O", orderIdx, ow),
    ids("customer_id", "C", oCust.values, cw),
    datetimes("ordered_at", oTime.values),
    codes("status", oStatus.values, STATUS_NAMES),
    pl.Series("country", Array.from(oCust.values, (c) => (c < 0 ? null : countryNames[custCountry[c]])), pl.Utf8),
  ]).withRowIndex("__o");
  const linesRaw = pl.DataFrame([
    pl.Series("__o", lOrder.values, pl.Int32).cast(pl.UInt32),
    ids("product_id", "P", lProduct.values, 4),
    pl.Series("quantity", lQty.values, pl.Int32),
    pl.Series("unit_price", lPrice.values, pl.Float64),
  ]).withRowIndex("__record");
  const staged = linesRaw
    .join(ordersRaw, { on: "__o", how: "left" })
    .sort("__record")
    .select(
      pl.col("__record").cast(pl.Int64),
      pl.lit(null).cast(pl.Utf8).alias("__bad"),
      "order_id",
      "customer_id",
      "ordered_at",
      "status",
      "country",
      "product_id",
      "quantity",
      "unit_price",
    );
  const sales = buildSalesTables(staged, {
    dedupeColumns: ["order_id", "product_id", "quantity", "unit_price", "customer_id", "ordered_at", "status", "country"],
  });
  const interactions = pl.DataFrame([
    ids("customer_id", "C", iCust.values, cw),
    ids("product_id", "P", iProduct.values, 4),
    datetimes("occurred_at", iTime.values),
    codes("event_type", iType.values, EVENT_NAMES),
    ids("session_id", "S", iSession.values, sw),
  ]);
  const store: Store = {
    dataset: "synthetic",
    label: `Synthetic store (seed ${seed}, scale ${scale})`,
    currency: "GBP",
    customers,
    products,
    orders: sales.orders,
    order_lines: sales.order_lines,
    interactions,
  };
  const log: CleaningLog = {
    tables: {
      customers: keptAll(customers.height),
      products: keptAll(products.height),
      orders: sales.logs.orders,
      order_lines: sales.logs.order_lines,
      interactions: keptAll(interactions.height),
    },
    joins: joinAccounting(store),
  };
  return { store, log };
}
