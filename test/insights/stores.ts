/**
 * Purpose-built stores for the sufficiency tests: small seeded stores written as the canonical CSV tables
 * (the `canonical` dataset reads them; the pandas referee reads the same files), each lacking one thing a
 * finding needs: one month of orders, no statuses, no repeat buyers, half the orders without lines, a single
 * region, too few customers, no geography, short or thin interactions.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { randInt, rng } from "../../src/util/random.js";

/** What a purpose-built store looks like. Every field has a default that gives a "rich" store passing every rule. */
export interface StoreSpec {
  /** Label (store.json) and folder name. */
  name: string;
  seed?: number;
  /** Customers (default 200). */
  customers?: number;
  /** First order day, "YYYY-MM-DD" (default 2023-01-01). */
  start?: string;
  /** Orders fall uniformly in [start, start + days) (default 730). */
  days?: number;
  /** Orders per customer, inclusive range (default [1, 8]; [1, 1] = no repeat buyers). */
  ordersPerCustomer?: [number, number];
  /** Share of customers who are frequent buyers with 3× the orders (default 0.2), so segments have structure. */
  heavyShare?: number;
  /** When false every order is `completed` (no outcome recorded); else 10% failed, 5% canceled (default true). */
  statuses?: boolean;
  /** Share of orders that have lines (default 1). */
  linesShare?: number;
  /** Share of orders with lines after `linesAfterDay` (default: linesShare throughout). */
  linesAfter?: { day: number; share: number };
  /** Regions cycled over customers (default five); [] = none. */
  regions?: string[];
  /** Countries cycled over customers (default six); [] = none. */
  countries?: string[];
  /** Catalogue products (default 40). */
  products?: number;
  /** Interaction events: over `days` days by the first `customers` customers (default none). */
  interactions?: { days: number; customers: number };
  /** Force every order to this status (e.g. "failed": no completed order). */
  allStatus?: string;
}

const DAY_MS = 86_400_000;
const COUNTRIES = ["France", "Germany", "Italy", "Spain", "Japan", "Brazil"];
const REGIONS = ["Europe", "Asia", "South America", "North America", "Africa"];

const stamp = (ms: number) => new Date(ms).toISOString().slice(0, 19).replace("T", " ");
const csv = (header: string[], rows: (string | number)[][]) => [header.join(","), ...rows.map((r) => r.join(","))].join("\n") + "\n";

/** Writes the store described by `spec` as canonical CSV tables into a new temporary folder; returns the folder. */
export function writeStoreDir(spec: StoreSpec, parent = os.tmpdir()): string {
  const r = rng(spec.seed ?? 7);
  const nCustomers = spec.customers ?? 200;
  const start = Date.parse((spec.start ?? "2023-01-01") + "T00:00:00Z");
  const days = spec.days ?? 730;
  const [lo, hi] = spec.ordersPerCustomer ?? [1, 8];
  const heavyShare = spec.heavyShare ?? 0.2;
  const statuses = spec.statuses ?? true;
  const linesShare = spec.linesShare ?? 1;
  const regions = spec.regions ?? REGIONS;
  const countries = spec.countries ?? COUNTRIES;
  const nProducts = spec.products ?? 40;
  const dir = fs.mkdtempSync(path.join(parent, `store-${spec.name}-`));

  const customers: (string | number)[][] = [];
  for (let c = 0; c < nCustomers; c++) {
    const id = `C${String(c + 1).padStart(4, "0")}`;
    customers.push([id, `Customer ${c + 1}`, countries.length ? countries[c % countries.length] : "", regions.length ? regions[c % regions.length] : "", ""]);
  }
  const prices: number[] = [];
  const products: (string | number)[][] = [];
  for (let p = 0; p < nProducts; p++) {
    const price = 5 + randInt(r, 196);
    prices.push(price);
    products.push([`P${String(p + 1).padStart(3, "0")}`, `Product ${p + 1}`, `Category ${(p % 4) + 1}`, price, "true"]);
  }
  const orders: (string | number)[][] = [];
  const lines: (string | number)[][] = [];
  let o = 0;
  for (let c = 0; c < nCustomers; c++) {
    const heavy = r() < heavyShare;
    const base = lo + randInt(r, hi - lo + 1);
    const k = heavy && hi > lo ? Math.min(3 * base, 3 * hi) : base;
    for (let j = 0; j < k; j++) {
      const offset = r() * days * DAY_MS;
      const u = r();
      const status = spec.allStatus ?? (!statuses ? "completed" : u < 0.1 ? "failed" : u < 0.15 ? "canceled" : "completed");
      const id = `O${String(++o).padStart(6, "0")}`;
      orders.push([id, customers[c][0], stamp(start + offset), status, ""]);
      const share = spec.linesAfter && offset >= spec.linesAfter.day * DAY_MS ? spec.linesAfter.share : linesShare;
      if (r() < share) {
        const n = 1 + randInt(r, 3);
        const used = new Set<number>();
        for (let l = 0; l < n; l++) {
          const p = randInt(r, nProducts);
          if (used.has(p)) continue;
          used.add(p);
          const q = (heavy ? 3 : 1) + randInt(r, 4);
          lines.push([id, products[p][0], q, prices[p], q * prices[p]]);
        }
      }
    }
  }
  fs.writeFileSync(path.join(dir, "customers.csv"), csv(["customer_id", "customer_name", "country", "region", "signup_date"], customers));
  fs.writeFileSync(path.join(dir, "products.csv"), csv(["product_id", "product_name", "category", "list_price", "is_product"], products));
  fs.writeFileSync(path.join(dir, "orders.csv"), csv(["order_id", "customer_id", "ordered_at", "status", "country"], orders));
  fs.writeFileSync(path.join(dir, "order_lines.csv"), csv(["order_id", "product_id", "quantity", "unit_price", "revenue"], lines));
  if (spec.interactions) {
    const rows: (string | number)[][] = [];
    const { days: iDays, customers: iCustomers } = spec.interactions;
    for (let d = 0; d < iDays; d++) {
      for (let c = 0; c < iCustomers; c++) {
        if (r() < 0.3) rows.push([customers[c][0], products[randInt(r, nProducts)][0], stamp(start + d * DAY_MS + 3_600_000), "view", `S${d}-${c}`]);
      }
    }
    fs.writeFileSync(path.join(dir, "interactions.csv"), csv(["customer_id", "product_id", "occurred_at", "event_type", "session_id"], rows));
  }
  fs.writeFileSync(path.join(dir, "store.json"), JSON.stringify({ dataset: "canonical", label: `Purpose-built store (${spec.name})`, currency: "EUR" }, null, 2) + "\n");
  return dir;
}

/** The purpose-built stores of the tests, by name. */
export const STORES: Record<string, StoreSpec> = {
  /** Passes every rule: two years, statuses, lines for every order, six countries, interactions. */
  rich: { name: "rich", interactions: { days: 120, customers: 100 } },
  /** Every order in one calendar month (March 2024). */
  oneMonth: { name: "one-month", start: "2024-03-01", days: 28, ordersPerCustomer: [1, 4] },
  /** No order outcome recorded: every order is completed. */
  noStatuses: { name: "no-statuses", statuses: false },
  /** Every customer buys once, over 400 days. */
  noRepeat: { name: "no-repeat", customers: 300, days: 400, ordersPerCustomer: [1, 1], heavyShare: 0 },
  /** Half the orders have no lines. */
  halfLines: { name: "half-lines", linesShare: 0.5 },
  /** Every customer in one region, no country. */
  singleRegion: { name: "single-region", regions: ["Europe"], countries: [] },
  /** Ten customers, fifteen-odd orders, five products, ten days of interactions. */
  tiny: { name: "tiny", customers: 10, ordersPerCustomer: [1, 2], heavyShare: 0, products: 5, interactions: { days: 10, customers: 10 } },
  /** Neither country nor region. */
  noGeography: { name: "no-geography", regions: [], countries: [] },
  /** Interactions for 60 days, by 10 customers only. */
  fewInteractors: { name: "few-interactors", interactions: { days: 60, customers: 10 } },
  /** Four months of orders: enough for repeat buying (90 days), not for predicted CLV (180 days). */
  fourMonths: { name: "four-months", start: "2024-01-01", days: 120 },
  /** No completed order at all. */
  noCompleted: { name: "no-completed", allStatus: "failed", customers: 30 },
  /** Lines only for 10% of the orders of the last year: the recent revenue on record collapses. */
  recentLinesMissing: { name: "recent-lines-missing", linesAfter: { day: 365, share: 0.1 } },
};
