/**
 * The duckdb engine reads CSV files, globs and folders of CSV or Parquet parts, and DuckDB database files as
 * the polars loader reads the same lines: the same cleaning log (ragged lines, blank lines, quoted newlines,
 * float ids, latin-1, gzip) and the same orders, products and customers, on small files built here. Over
 * several files, the log's examples and the error lines name the file and the line within it.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import zlib from "node:zlib";
import pl from "nodejs-polars";
import { afterAll, describe, expect, it } from "vitest";
import { loadStore, type DatasetSpec, type Store } from "../../src/data/index.js";
import type { CleaningLog } from "../../src/data/model.js";
import { openDuckDb, sqlString } from "../../src/data/engines/duckdb-session.js";
import { InputError } from "../../src/util/errors.js";

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "sql-sources-"));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const HEADER = "InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country";
const LINES = [
  "536365,85123A,WHITE HANGING HEART,6,12/1/2010 8:26,2.55,17850.0,United Kingdom",
  "536365,71053,WHITE METAL LANTERN,6,12/1/2010 8:26,3.39,17850.0,United Kingdom",
  "536366,22633,HAND WARMER UNION JACK,6,12/1/2010 8:28,1.85,,United Kingdom",
  "536367,84879,ASSORTED COLOUR BIRD ORNAMENT,32,12/1/2010 8:34,1.69,13047.0,United Kingdom",
  "536367,22745,POPPY'S PLAYHOUSE BEDROOM,6,12/1/2010 8:34,2.1,13047.0,United Kingdom",
  "536368,22960,JAM MAKING SET WITH JARS,6,12/1/2010 8:34,4.25,12583.0,France",
  "C536379,D,Discount,-1,12/1/2010 9:41,27.5,14527.0,United Kingdom",
  "536370,22728,ALARM CLOCK,24,12/1/2010 8:45,0,12583.0,France",
];

function write(name: string, text: string | Buffer): string {
  const f = path.join(dir, name);
  fs.mkdirSync(path.dirname(f), { recursive: true });
  fs.writeFileSync(f, text);
  return f;
}

async function both(input: string, polarsInput = input): Promise<{ polars: { store: Store; log: CleaningLog }; duckdb: { store: Store; log: CleaningLog } }> {
  const spec: DatasetSpec = { dataset: "online-retail", input: polarsInput };
  const polars = await loadStore(spec);
  const duckdb = await loadStore({ dataset: "online-retail", input, engine: "duckdb", memoryLimit: "512MB" });
  return { polars, duckdb };
}

function expectSameTables(a: Store, b: Store) {
  for (const t of ["orders", "products", "customers"] as const) {
    expect(b[t]!.schema, t).toEqual(a[t]!.schema);
    expect(b[t]!.frameEqual(a[t]!, true), t).toBe(true);
  }
}

/** The CSV cases of the polars loader's tests (csv-robustness, bad-input fixtures) that it reads. */
const CASES: Record<string, string | Buffer> = {
  "float ids, a guest line, a cancellation and a zero price": [HEADER, ...LINES].join("\n") + "\n",
  "CRLF line ends, a short line, a long line, a blank line, a file cut inside a quoted field":
    [HEADER, LINES[0], LINES[1].replace("WHITE METAL LANTERN", "WHITE METAL, LANTERN"), "", LINES[2], LINES[3].replace(",United Kingdom", ""), LINES[4]].join("\r\n") +
    '\r\n536369,21730,"GLASS STAR FROSTED T-LIGHT HOL',
  "an empty last field, quoted fields with newlines, doubled quotes and stray quotes":
    [HEADER, '536365,85123A,"WHITE ""HANGING""\nHEART",6,12/1/2010 8:26,2.55,17850,', 'x,y,WHITE "METAL" LANTERN,6,12/1/2010 8:26,3.39,17850,UK', LINES[2], "536366,22633,HAND WARMER,6", LINES[5]].join("\n") + "\n\n",
  "unparseable values and a header in another order":
    ["Country,CustomerID,UnitPrice,InvoiceDate,Quantity,Description,StockCode,InvoiceNo", "UK,17850,2.55,12/1/2010 8:26,six,A,85123A,536365", "UK,17850,£3,31/12/2010 10:00,6,B,71053,536366", "UK,17850,3.39,2010-12-01 08:26:00,6,C,71053,536366"].join("\n"),
  "latin-1 bytes": Buffer.from([HEADER, LINES[0].replace("WHITE", "CAFÉ"), LINES[1]].join("\n") + "\n", "latin1"),
};
for (const f of fs.readdirSync("test/fixtures/bad").filter((n) => n.endsWith(".csv"))) CASES[`fixture ${f}`] = fs.readFileSync(path.join("test/fixtures/bad", f));

describe("a CSV file gives the duckdb engine the polars loader's log and tables", () => {
  Object.entries(CASES).forEach(([name, text], i) => {
    it(name, async () => {
      const file = write(`case-${i}.csv`, text);
      const polars = await loadStore({ dataset: "online-retail", input: file }).catch((e: unknown) => e as Error);
      const duckdb = await loadStore({ dataset: "online-retail", input: file, engine: "duckdb", memoryLimit: "512MB" }).catch((e: unknown) => e as Error);
      if (polars instanceof Error) {
        // a file the polars loader refuses is one InputError line from the duckdb engine too, naming the file
        expect(duckdb, polars.message).toBeInstanceOf(InputError);
        expect((duckdb as Error).message.startsWith(file)).toBe(true);
        return;
      }
      if (duckdb instanceof Error) throw duckdb;
      expect(duckdb.log).toEqual(polars.log);
      expectSameTables(polars.store, duckdb.store);
    });
  });

  it("the cut, blank, short and long lines are counted by hand under ragged_line, with their source lines", async () => {
    const file = write("ragged.csv", CASES["CRLF line ends, a short line, a long line, a blank line, a file cut inside a quoted field"]);
    const { duckdb } = await both(file);
    const t = duckdb.log.tables.order_lines!;
    expect(t.rows_in).toBe(7);
    expect(t.dropped.ragged_line).toBe(4);
    expect(t.examples!.ragged_line).toEqual([3, 4, 6, 8]);
  });

  it("a .csv.gz file reads as the same CSV", async () => {
    const text = [HEADER, ...LINES].join("\n") + "\n";
    const plain = write("plain.csv", text);
    const gz = write("plain.csv.gz", zlib.gzipSync(text));
    const a = await loadStore({ dataset: "online-retail", input: plain });
    const b = await loadStore({ dataset: "online-retail", input: gz, engine: "duckdb" });
    expect(b.log).toEqual(a.log);
    expectSameTables(a.store, b.store);
  });
});

describe("several files: a glob or a folder", () => {
  const part1 = [HEADER, ...LINES.slice(0, 4)].join("\n") + "\n";
  const part2 = [HEADER, LINES[4], "536371,22728,ALARM CLOCK PINK,six,12/2/2010 9:45,3.75,12583.0,France", ...LINES.slice(5)].join("\n") + "\n";

  it("two CSV parts give the lines of one file; a bad value is logged with the part's name and its line", async () => {
    write("parts/part-1.csv", part1);
    write("parts/part-2.csv", part2);
    const whole = write("whole.csv", part1 + part2.split("\n").slice(1).join("\n"));
    const { polars, duckdb } = await both(path.join(dir, "parts", "part-*.csv"), whole);
    expectSameTables(polars.store, duckdb.store);
    const [a, b] = [polars.log.tables.order_lines!, duckdb.log.tables.order_lines!];
    expect(b.rows_in).toBe(a.rows_in);
    expect(b.dropped).toEqual(a.dropped);
    expect(a.examples!.unparseable_value).toEqual([7]);
    expect(b.examples!.unparseable_value).toEqual([`${path.join(dir, "parts", "part-2.csv")}:3`]);
    // a folder of the same parts reads the same
    const folder = await loadStore({ dataset: "online-retail", input: path.join(dir, "parts"), engine: "duckdb" });
    expect(folder.log).toEqual(duckdb.log);
  });

  it("a broken quote in the second part is one error line naming that part, its line and column", async () => {
    write("broken/part-1.csv", part1);
    const bad = write("broken/part-2.csv", part2.replace("ALARM CLOCK PINK", 'ALARM "CLOCK\nPINK'));
    const load = loadStore({ dataset: "online-retail", input: path.join(dir, "broken", "*.csv"), engine: "duckdb" });
    await expect(load).rejects.toThrow(InputError);
    await expect(load).rejects.toThrow(new RegExp(`^${bad.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}:3: column "Description": could not be read as CSV: a quote inside an unquoted field`));
  });

  it("every file with unusable values: the error names the first file's line", async () => {
    write("allbad/a.csv", [HEADER, "1,A,x,six,12/1/2010 8:26,1,1,UK"].join("\n"));
    write("allbad/b.csv", [HEADER, "2,B,y,seven,12/1/2010 8:26,1,1,UK"].join("\n"));
    const load = loadStore({ dataset: "online-retail", input: path.join(dir, "allbad", "*.csv"), engine: "duckdb" });
    await expect(load).rejects.toThrow(new RegExp(`allbad/a\\.csv:2: column "Quantity": no line has usable values`));
  });

  it("Parquet parts: line numbers count within each file", async () => {
    const frame = pl.readCSV([HEADER, ...LINES.slice(0, 5), "536371,22728,ALARM CLOCK PINK,6,31/12/2010 9:45,3.75,12583,France", ...LINES.slice(5)].join("\n"), {
      dtypes: { CustomerID: pl.Utf8, Quantity: pl.Utf8, InvoiceDate: pl.Utf8, UnitPrice: pl.Utf8 },
    });
    frame.slice(0, 4).writeParquet(write("pq/part-1.parquet", ""));
    frame.slice(4, 100).writeParquet(write("pq/part-2.parquet", ""));
    frame.writeParquet(write("pq-whole.parquet", ""));
    const { polars, duckdb } = await both(path.join(dir, "pq", "*.parquet"), path.join(dir, "pq-whole.parquet"));
    expectSameTables(polars.store, duckdb.store);
    expect(polars.log.tables.order_lines!.examples!.unparseable_value).toEqual([6]);
    expect(duckdb.log.tables.order_lines!.examples!.unparseable_value).toEqual([`${path.join(dir, "pq", "part-2.parquet")}:2`]);
  });

  it("a glob of CSV and Parquet files is refused", async () => {
    write("mixed/a.csv", part1);
    pl.DataFrame({ InvoiceNo: ["1"] }).writeParquet(write("mixed/b.parquet", ""));
    await expect(loadStore({ dataset: "online-retail", input: path.join(dir, "mixed", "*"), engine: "duckdb" })).rejects.toThrow(/files of different formats/);
  });
});

describe("a DuckDB database file", () => {
  it("its one table, or the table named after #, gives the lines of the Parquet file it was made from", async () => {
    const csv = write("db-source.csv", [HEADER, ...LINES, "536371,22728,ALARM CLOCK PINK,6,31/12/2010 9:45,3.75,12583,France"].join("\n") + "\n");
    const parquet = path.join(dir, "db-source.parquet");
    pl.readCSV(csv, { dtypes: { CustomerID: pl.Utf8, InvoiceDate: pl.Utf8 } }).writeParquet(parquet);
    const one = path.join(dir, "one.duckdb");
    const two = path.join(dir, "two.db");
    const db = await openDuckDb();
    try {
      await db.run(`ATTACH ${sqlString(one)} AS one`);
      await db.run(`CREATE TABLE one.lines AS SELECT * FROM read_parquet(${sqlString(parquet)})`);
      await db.run(`ATTACH ${sqlString(two)} AS two`);
      await db.run(`CREATE TABLE two.lines AS SELECT * FROM read_parquet(${sqlString(parquet)})`);
      await db.run(`CREATE TABLE two.customers AS SELECT 1 AS id`);
      await db.run("DETACH one");
      await db.run("DETACH two");
    } finally {
      db.close();
    }
    for (const input of [one, `${two}#lines`]) {
      const { polars, duckdb } = await both(input, parquet);
      expect(duckdb.log).toEqual(polars.log);
      expect(duckdb.log.tables.order_lines!.examples!.unparseable_value).toEqual([9]);
      expectSameTables(polars.store, duckdb.store);
    }
    const load = (input: string, engine: "duckdb" | "spark" = "duckdb") => loadStore({ dataset: "online-retail", input, engine });
    await expect(load(two)).rejects.toThrow(/two\.db: the database holds 2 tables \(customers, lines\): name the one with the lines as FILE#table$/);
    await expect(load(`${two}#orders`)).rejects.toThrow(/two\.db: no table "orders" in this database \(its tables: customers, lines\)$/);
    await expect(load(one, "spark")).rejects.toThrow(/one\.duckdb: the spark engine reads Parquet and CSV files; a DuckDB database file is read by --engine duckdb$/);
  });
});
