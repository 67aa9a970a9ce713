/**
 * A realistic UCI Online Retail CSV of any size, for benchmarks and load tests: the UCI header and date
 * format (`M/D/YYYY H:MM`), invoices of several lines (mean ≈ 20), ~25% of lines without CustomerID (guest
 * invoices), ~2% cancellations (`C` invoices with negative quantities), ~0.5% exact duplicate lines, ~0.3%
 * zero prices, a few fee lines (POST, M, DOT), Zipf-like product popularity, 37 countries with the UK at
 * ~88% of customers, and about one customer per 125 lines. Streamed to disk in chunks (bounded memory),
 * seeded and deterministic.
 */
import fs from "node:fs";
import path from "node:path";
import { rng, randInt, randNormal, pickWeighted as pick, type Rng } from "../util/random.js";

/** Options of {@link writeUciCsv}. */
export interface UciGeneratorOptions {
  /** Number of data lines. */
  rows: number;
  /** Seed. Default 42. */
  seed?: number;
  /** Lines per write. Default 50,000. */
  chunkLines?: number;
  /** Called after each write with the number of lines written so far (for progress displays). */
  onProgress?: (written: number) => void;
}

export const UCI_HEADER = "InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country";

const OTHER_COUNTRIES = [
  "Germany", "France", "EIRE", "Spain", "Netherlands", "Belgium", "Switzerland", "Portugal", "Australia", "Norway",
  "Italy", "Channel Islands", "Finland", "Cyprus", "Sweden", "Austria", "Denmark", "Japan", "Poland", "Israel", "USA",
  "Hong Kong", "Singapore", "Iceland", "Canada", "Greece", "Malta", "United Arab Emirates", "European Community",
  "RSA", "Lebanon", "Lithuania", "Brazil", "Czech Republic", "Bahrain", "Saudi Arabia",
];
const WORDS_A = ["WHITE", "RED", "PINK", "BLUE", "VINTAGE", "REGENCY", "JUMBO", "SET OF 3", "GLASS", "WOODEN", "RETRO", "HEART"];
const WORDS_B = ["HANGING", "CERAMIC", "PAPER", "METAL", "FELT", "POLKADOT", "SPOTTY", "FLORAL", "STAR", "CHRISTMAS"];
const WORDS_C = ["T-LIGHT HOLDER", "LANTERN", "MUG", "BAG", "CAKE TIN", "NAPKINS", "BUNTING", "CANDLE", "TEACUP", "ALARM CLOCK", "LUNCH BOX", "DOORMAT"];
const QUANTITIES = [1, 1, 2, 2, 3, 4, 6, 6, 8, 10, 12, 12, 12, 24, 24, 36, 48];

function cumZipf(n: number, s: number): Float64Array {
  const c = new Float64Array(n);
  let t = 0;
  for (let i = 0; i < n; i++) c[i] = t += 1 / Math.pow(i + 1, s);
  return c;
}


/**
 * Writes `rows` UCI-schema lines (plus the header) to `file`, atomically (a temporary sibling renamed into
 * place). Returns the number of data lines written.
 * @example writeUciCsv("bench/out/uci.csv", { rows: 1_000_000, seed: 42 });
 */
export function writeUciCsv(file: string, options: UciGeneratorOptions): number {
  const rows = Math.max(0, Math.floor(options.rows));
  const r = rng(options.seed ?? 42);
  const chunkLines = options.chunkLines ?? 50_000;
  const nProducts = Math.max(50, Math.min(4000, Math.round(rows / 100)));
  const codes: string[] = [];
  const names: string[] = [];
  const prices = new Float64Array(nProducts);
  for (let i = 0; i < nProducts; i++) {
    const base = 10000 + ((i * 7919) % 90000);
    codes.push(r() < 0.15 ? `${base}${String.fromCharCode(65 + randInt(r, 6))}` : String(base));
    names.push(`${WORDS_A[randInt(r, WORDS_A.length)]} ${WORDS_B[randInt(r, WORDS_B.length)]} ${WORDS_C[randInt(r, WORDS_C.length)]}`);
    prices[i] = Math.max(0.1, Math.round(2.5 * Math.exp(0.8 * randNormal(r)) * 100) / 100);
  }
  const priceText = Array.from(prices, (p) => String(p));
  const popularity = cumZipf(nProducts, 1.0);
  const nCustomers = Math.max(1, Math.round(rows / 125));
  const custCountry = new Int32Array(nCustomers);
  for (let c = 0; c < nCustomers; c++) custCountry[c] = r() < 0.88 ? -1 : randInt(r, OTHER_COUNTRIES.length);
  const custCum = cumZipf(nCustomers, 0.6);
  const start = Date.UTC(2010, 11, 1, 8, 0);
  const span = 373 * 86_400_000;

  fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  const tmp = path.join(path.dirname(path.resolve(file)), `.${path.basename(file)}.tmp-${process.pid}`);
  const fd = fs.openSync(tmp, "w");
  let written = 0;
  try {
    fs.writeSync(fd, UCI_HEADER + "\n");
    let invoice = 536365;
    let buf: string[] = [];
    let prevLine = "";
    while (written < rows) {
      const canceled = r() < 0.02;
      const guest = r() < 0.25;
      const cust = guest ? -1 : pick(r, custCum);
      const country = cust < 0 || custCountry[cust] < 0 ? "United Kingdom" : OTHER_COUNTRIES[custCountry[cust]];
      const t = new Date(start + Math.floor(((written / Math.max(rows, 1)) * span) / 60_000) * 60_000 + randInt(r, 600) * 60_000);
      const date = `${t.getUTCMonth() + 1}/${t.getUTCDate()}/${t.getUTCFullYear()} ${t.getUTCHours()}:${String(t.getUTCMinutes()).padStart(2, "0")}`;
      const inv = canceled ? `C${invoice}` : String(invoice);
      invoice++;
      const nLines = canceled ? 1 + randInt(r, 3) : 1 + Math.floor(-Math.log(1 - r()) * 19);
      const custText = cust < 0 ? "" : String(12346 + cust);
      const seen = new Set<number>();
      for (let l = 0; l < nLines && written < rows; l++) {
        let line: string;
        if (l > 0 && r() < 0.005) {
          line = prevLine; // exact duplicate of the previous line
        } else if (r() < 0.01) {
          const fee = ["POST", "M", "DOT"][randInt(r, 3)];
          const feeName = fee === "POST" ? "POSTAGE" : fee === "M" ? "Manual" : "DOTCOM POSTAGE";
          line = `${inv},${fee},${feeName},${canceled ? -1 : 1},${date},${(5 + randInt(r, 40)).toFixed(2)},${custText},${country}`;
        } else {
          let p = pick(r, popularity);
          if (seen.size >= nProducts) seen.clear(); // an invoice longer than the catalogue repeats products
          while (seen.has(p)) p = (p + 1) % nProducts; // otherwise one line per product per invoice
          seen.add(p);
          const q = QUANTITIES[randInt(r, QUANTITIES.length)] * (canceled ? -1 : 1);
          const price = r() < 0.003 ? 0 : prices[p];
          line = `${inv},${codes[p]},${names[p]},${q},${date},${price === 0 ? "0" : priceText[p]},${custText},${country}`;
        }
        buf.push(line);
        prevLine = line;
        written++;
        if (buf.length >= chunkLines) {
          fs.writeSync(fd, buf.join("\n") + "\n");
          buf = [];
          options.onProgress?.(written);
        }
      }
    }
    if (buf.length) fs.writeSync(fd, buf.join("\n") + "\n");
    fs.closeSync(fd);
    fs.renameSync(tmp, file);
  } catch (e) {
    try {
      fs.closeSync(fd);
    } catch {
      /* already closed */
    }
    fs.rmSync(tmp, { force: true });
    throw e;
  }
  return written;
}

/**
 * Writes `rows` UCI-schema lines as Parquet with the column types of the UCI Parquet copy in ../shared/data
 * (InvoiceNo, StockCode, Description, Country text; Quantity and CustomerID BIGINT; InvoiceDate TIMESTAMP;
 * UnitPrice DOUBLE): the same seeded lines as {@link writeUciCsv}, written as CSV to a temporary sibling and
 * converted by DuckDB (streamed, within `memoryLimit`). Atomic: the file appears complete or not at all.
 */
export async function writeUciParquet(file: string, options: UciGeneratorOptions & { memoryLimit?: string }): Promise<number> {
  const { openDuckDb, sqlString } = await import("./engines/duckdb-session.js");
  const dir = path.dirname(path.resolve(file));
  fs.mkdirSync(dir, { recursive: true });
  const csv = path.join(dir, `.${path.basename(file)}.csv-${process.pid}`);
  const tmp = path.join(dir, `.${path.basename(file)}.tmp-${process.pid}.parquet`);
  try {
    const written = writeUciCsv(csv, options);
    const db = await openDuckDb({ memoryLimit: options.memoryLimit ?? "2GB", tempDirectory: dir });
    try {
      await db.run(
        `COPY (SELECT InvoiceNo, StockCode, Description, Quantity, strptime(InvoiceDate, '%m/%d/%Y %H:%M') AS InvoiceDate, UnitPrice, CustomerID, Country ` +
          `FROM read_csv(${sqlString(csv)}, header = true, delim = ',', quote = '"', escape = '"', columns = {'InvoiceNo': 'VARCHAR', 'StockCode': 'VARCHAR', ` +
          `'Description': 'VARCHAR', 'Quantity': 'BIGINT', 'InvoiceDate': 'VARCHAR', 'UnitPrice': 'DOUBLE', 'CustomerID': 'BIGINT', 'Country': 'VARCHAR'})) ` +
          `TO ${sqlString(tmp)} (FORMAT parquet, COMPRESSION snappy)`,
      );
    } finally {
      db.close();
    }
    fs.renameSync(tmp, file);
    return written;
  } finally {
    fs.rmSync(csv, { force: true });
    fs.rmSync(tmp, { force: true });
  }
}
