/** Per-store memo of derived tables, so views shared by many insights are computed once per store. */
import type { Store } from "../data/model.js";

interface MemoEntry {
  /** The store's tables when the entry was made; any replaced table invalidates the entry. */
  tables: readonly unknown[];
  values: Map<string, unknown>;
}

const MEMO = new WeakMap<Store, MemoEntry>();

function storeTables(store: Store): unknown[] {
  return [store.orders, store.order_lines, store.customers, store.products, store.interactions];
}

/**
 * `compute()` once per store object and `key`; later calls with the same store return the same value. The memo is
 * a WeakMap keyed by the Store (dropped with it) and is reset when any of the store's tables (orders, order_lines,
 * customers, products, interactions) has been replaced by another DataFrame. `compute` must be a pure function of
 * the store and whatever `key` encodes (e.g. options). Cached values are shared: callers must not mutate them
 * (polars operations return new frames, so ordinary use is safe).
 * @example memoByStore(store, "ordersEnriched", () => buildOrders(store)); // computed on the first call only
 */
export function memoByStore<T>(store: Store, key: string, compute: () => T): T {
  const tables = storeTables(store);
  let entry = MEMO.get(store);
  if (!entry || entry.tables.some((t, i) => t !== tables[i])) {
    entry = { tables, values: new Map() };
    MEMO.set(store, entry);
  }
  if (entry.values.has(key)) return entry.values.get(key) as T;
  const value = compute();
  entry.values.set(key, value);
  return value;
}
