/**
 * `casestudy analyze --engine duckdb` on the UCI files in ../shared/data writes the same bytes as the default
 * (polars) engine: segments.csv, lookalike.csv, cleaning-log.json, business_insights.json and every other
 * export; also when the UCI file is read as CSV (written here from the Parquet copy, InvoiceDate as M/D/YYYY H:MM,
 * CustomerID as 17850.0 the way pandas writes it), as a glob of two CSV parts, and as a DuckDB database file
 * made here. Skips, saying so, when the files are absent.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it, vi } from "vitest";
import pl from "nodejs-polars";
import { analyzeCommand } from "../../src/cli/analyze.js";
import { openDuckDb, sqlString } from "../../src/data/engines/duckdb-session.js";
import { defaultInput } from "../../src/data/index.js";

const uci = defaultInput("online-retail");
const ii = uci && path.join(path.dirname(path.dirname(uci)), "uci-online-retail-ii-2009-2010", "online_retail_II_2009-2010.parquet");
const inputs = [uci, ii].filter((f): f is string => !!f && fs.existsSync(f));
if (inputs.length < 2) console.warn("skipped: engine agreement on the UCI files (needs ../shared/data/uci-online-retail and uci-online-retail-ii-2009-2010)");

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "uci-engines-"));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

let runs = 0;
async function analyze(input: string, engine: string): Promise<string> {
  const out = path.join(dir, `${path.basename(input).replace(/[^A-Za-z0-9_-]/g, "_")}-${engine}-${runs++}`);
  const write = vi.spyOn(process.stdout, "write").mockImplementation(() => true);
  try {
    await analyzeCommand({ dataset: "online-retail", input, engine, memoryLimit: engine === "duckdb" ? "1GB" : undefined, out, figures: false });
  } finally {
    write.mockRestore();
  }
  return out;
}

describe.skipIf(inputs.length < 2)("the duckdb engine writes the polars engine's exports on the UCI files", () => {
  for (const input of inputs) {
    it(path.basename(input), async () => {
      const a = await analyze(input, "polars");
      const b = await analyze(input, "duckdb");
      const files = fs.readdirSync(a).sort();
      expect(files).toEqual(expect.arrayContaining(["segments.csv", "lookalike.csv", "cleaning-log.json", "business_insights.json"]));
      expect(fs.readdirSync(b).sort()).toEqual(files);
      for (const f of files) expect(fs.readFileSync(path.join(b, f)).equals(fs.readFileSync(path.join(a, f))), f).toBe(true);
    }, 600_000);
  }
});

/** Every export of `b` has the bytes of the same export of `a`. */
function expectSameExports(a: string, b: string) {
  const files = fs.readdirSync(a).sort();
  expect(files).toEqual(expect.arrayContaining(["segments.csv", "lookalike.csv", "cleaning-log.json", "business_insights.json"]));
  expect(fs.readdirSync(b).sort()).toEqual(files);
  for (const f of files) expect(fs.readFileSync(path.join(b, f)).equals(fs.readFileSync(path.join(a, f))), f).toBe(true);
}

describe.skipIf(!uci || !fs.existsSync(uci))("the duckdb engine reads the UCI file as CSV, CSV parts and a DuckDB database", () => {
  const csv = path.join(dir, "uci.csv");
  let polarsCsv: string;
  it("one CSV file (as pandas writes it)", async () => {
    const d = pl.col("InvoiceDate");
    const month = pl.concatString([d.dt.month().cast(pl.Utf8), pl.lit("/"), d.dt.day().cast(pl.Utf8), pl.lit("/"), d.dt.year().cast(pl.Utf8), pl.lit(" "),
      d.dt.hour().cast(pl.Utf8), pl.lit(":"), d.dt.minute().cast(pl.Utf8).str.padStart(2, "0")], "");
    pl.readParquet(uci!)
      .withColumns(month.alias("InvoiceDate"), pl.concatString([pl.col("CustomerID").cast(pl.Utf8), pl.lit(".0")], "").alias("CustomerID"))
      .writeCSV(csv);
    polarsCsv = await analyze(csv, "polars");
    expectSameExports(polarsCsv, await analyze(csv, "duckdb"));
  }, 600_000);

  it("a glob of two CSV parts", async () => {
    const text = fs.readFileSync(csv, "utf8");
    const lines = text.split("\n");
    const cut = 270_001; // a line boundary near the middle (the file has no quoted newlines)
    fs.mkdirSync(path.join(dir, "parts"));
    fs.writeFileSync(path.join(dir, "parts", "part-1.csv"), lines.slice(0, cut).join("\n") + "\n");
    fs.writeFileSync(path.join(dir, "parts", "part-2.csv"), [lines[0], ...lines.slice(cut)].join("\n"));
    expectSameExports(polarsCsv, await analyze(path.join(dir, "parts", "part-*.csv"), "duckdb"));
  }, 600_000);

  it("a DuckDB database file with the lines in a table", async () => {
    const file = path.join(dir, "uci.duckdb");
    const db = await openDuckDb();
    try {
      await db.run(`ATTACH ${sqlString(file)} AS store`);
      await db.run(`CREATE TABLE store.order_lines AS SELECT * FROM read_parquet(${sqlString(uci!)})`);
      await db.run("DETACH store");
    } finally {
      db.close();
    }
    const polars = await analyze(uci!, "polars");
    expectSameExports(polars, await analyze(file, "duckdb"));
  }, 600_000);
});
