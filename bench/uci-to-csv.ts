/**
 * Writes the UCI Online Retail parquet (../shared/data) as a CSV in the UCI schema, InvoiceDate as M/D/YYYY H:MM:
 *   node --import tsx bench/uci-to-csv.ts bench/out/uci.csv
 * (Debian's pandas has no parquet engine, so bench/make_uci_csv.py starts from this CSV.)
 */
import path from "node:path";
import pl from "nodejs-polars";
import { projectPaths } from "../src/paths.js";

const out = process.argv[2] ?? "bench/out/uci.csv";
const src = path.join(projectPaths().sharedData, "uci-online-retail", "online_retail.parquet");
const d = pl.col("InvoiceDate");
const df = pl
  .readParquet(src)
  .withColumns(
    pl
      .concatString(
        [d.dt.month().cast(pl.Utf8), pl.lit("/"), d.dt.day().cast(pl.Utf8), pl.lit("/"), d.dt.year().cast(pl.Utf8), pl.lit(" "),
          d.dt.hour().cast(pl.Utf8), pl.lit(":"), d.dt.minute().cast(pl.Utf8).str.padStart(2, "0")],
        "",
      )
      .alias("InvoiceDate"),
  );
df.writeCSV(out);
console.log(`${out}: ${df.height} lines`);
