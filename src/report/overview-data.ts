/**
 * The exports the overview's headline charts are drawn from, read from the exports folder: monthly revenue
 * (`revenue_by_month.csv`), orders by outcome (`order_status.csv`) and the segment profiles (`model.json`).
 * A missing file leaves its part null (that chart is not drawn); a file that is present but unreadable is an
 * InputError naming it.
 */
import fs from "node:fs";
import path from "node:path";
import pl from "nodejs-polars";
import { InputError } from "../util/errors.js";

/** One month of `revenue_by_month.csv`. */
export interface MonthRevenue {
  /** `YYYY-MM`. */
  month: string;
  /** Revenue of completed orders, in the store's currency. */
  revenue: number;
}

/** One outcome of `order_status.csv`. */
export interface OutcomeRow {
  status: string;
  orders: number;
  /** Share of all orders, 0..1. */
  share: number | null;
  /** Value of those orders in the store's currency; null when the data does not record it. */
  value: number | null;
  /**
   * Orders of this outcome that have no line items (order_status.csv `orders_without_lines`): when > 0, `value`
   * is a lower bound (the value of the orders that have lines). 0 or absent: `value` is exact.
   */
  ordersWithoutLines?: number;
}

/** One segment of `model.json`'s profiles. */
export interface SegmentShare {
  segment: number;
  name: string;
  customers: number;
  /** 0..1. */
  shareOfCustomers: number;
  /** 0..1. */
  shareOfRevenue: number;
}

/** What the overview's charts need; null where the export is absent. */
export interface OverviewData {
  revenueByMonth: MonthRevenue[] | null;
  orderStatus: OutcomeRow[] | null;
  segments: SegmentShare[] | null;
}

const finite = (v: unknown): number | null => (typeof v === "number" && Number.isFinite(v) ? v : typeof v === "bigint" ? Number(v) : null);

/** The `columns` (required) and the `optional` columns present of a CSV export, as text records; null when the file is absent. */
function readCsv(file: string, columns: string[], optional: string[] = []): Record<string, unknown>[] | null {
  if (!fs.existsSync(file)) return null;
  let df: pl.DataFrame;
  try {
    df = pl.readCSV(file, { inferSchemaLength: 0 });
  } catch (e) {
    throw new InputError(`not a readable CSV: ${(e as Error).message.split("\n")[0]}`, { file });
  }
  const missing = columns.filter((c) => !df.columns.includes(c));
  if (missing.length > 0) throw new InputError(`missing column(s) ${missing.join(", ")} (expected ${columns.join(", ")})`, { file });
  return df.select(...columns, ...optional.filter((c) => df.columns.includes(c))).toRecords() as Record<string, unknown>[];
}

/** A CSV cell read as text (`inferSchemaLength: 0`) as a finite number, or null when empty. */
function cellNumber(v: unknown, file: string, column: string): number | null {
  if (v === null || v === undefined || v === "") return null;
  const n = Number(v);
  if (!Number.isFinite(n)) throw new InputError(`column ${column}: "${String(v)}" is not a number`, { file });
  return n;
}

/** Reads the overview's inputs from `exportsDir` (see the module comment). */
export function readOverviewData(exportsDir: string): OverviewData {
  const revFile = path.join(exportsDir, "revenue_by_month.csv");
  const rev = readCsv(revFile, ["month", "revenue"]);
  const statusFile = path.join(exportsDir, "order_status.csv");
  const status = readCsv(statusFile, ["status", "orders", "share", "value"], ["orders_without_lines"]);
  const modelFile = path.join(exportsDir, "model.json");
  let segments: SegmentShare[] | null = null;
  if (fs.existsSync(modelFile)) {
    let model: { profiles?: unknown };
    try {
      model = JSON.parse(fs.readFileSync(modelFile, "utf8"));
    } catch (e) {
      throw new InputError(`not valid JSON: ${(e as Error).message}`, { file: modelFile });
    }
    if (Array.isArray(model.profiles)) {
      segments = [];
      for (const p of model.profiles as Record<string, unknown>[]) {
        const segment = finite(p.segment);
        const customers = finite(p.customers);
        const shareOfCustomers = finite(p.shareOfCustomers);
        const shareOfRevenue = finite(p.shareOfRevenue);
        if (segment === null || customers === null || shareOfCustomers === null || shareOfRevenue === null || typeof p.name !== "string") {
          throw new InputError(`profiles: each needs segment, name, customers, shareOfCustomers, shareOfRevenue`, { file: modelFile });
        }
        segments.push({ segment, name: p.name, customers, shareOfCustomers, shareOfRevenue });
      }
    }
  }
  return {
    revenueByMonth:
      rev?.map((r) => ({ month: String(r.month), revenue: cellNumber(r.revenue, revFile, "revenue") ?? 0 })) ?? null,
    orderStatus:
      status?.map((r) => ({
        status: String(r.status),
        orders: cellNumber(r.orders, statusFile, "orders") ?? 0,
        share: cellNumber(r.share, statusFile, "share"),
        value: cellNumber(r.value, statusFile, "value"),
        ordersWithoutLines: cellNumber(r.orders_without_lines, statusFile, "orders_without_lines") ?? 0,
      })) ?? null,
    segments,
  };
}
