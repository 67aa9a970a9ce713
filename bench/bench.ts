/**
 * The benchmark command: the core pipeline once on a UCI-schema CSV, timed per stage.
 *
 *   npm run bench -- --input bench/out/uci.csv [--kmax 10] [--workers N]
 *   npm run bench -- --lookalike-only --customers 100000 [--structure segments|none] [--workers N]
 *   npm run bench -- --library-load --input bench/out/uci.csv     (times src/data's loadStore on the file)
 *
 * The LAST line of stdout is one JSON object: {"rows_in", "rows_clean", "customers", "best_k",
 * "best_silhouette", "revenue", "seconds": {"load", "clean", "rfm", "kmeans_scan", "pca", "lookalike",
 * "aggregates", "total"}, "peak_rss_mb"}. bench/reference.py does the same work in pandas + scikit-learn.
 */
import os from "node:os";
import { Command } from "commander";
import { topKCosine } from "../src/lookalike/index.js";
import { kmeansScan, pca2, preprocess } from "../src/segment/index.js";
import { randNormal, rng } from "../src/util/random.js";
import { cleanUci, loadUciCsv, revenueAggregates, rfmTable } from "./stages.js";

const RFM_COLUMNS = ["recency_days", "frequency", "monetary", "aov"];

const round = (v: number, digits: number) => Math.round(v * 10 ** digits) / 10 ** digits;
const peakRssMb = () => round(process.resourceUsage().maxRSS / 1024, 1);

async function timed<T>(seconds: Record<string, number>, stage: string, f: () => Promise<T> | T): Promise<T> {
  const t = performance.now();
  const out = await f();
  seconds[stage] = round((performance.now() - t) / 1000, 3);
  return out;
}

async function pipeline(input: string, kmax: number, workers: number | undefined) {
  const seconds: Record<string, number> = {};
  const t0 = performance.now();
  const raw = await timed(seconds, "load", () => loadUciCsv(input));
  const clean = await timed(seconds, "clean", () => cleanUci(raw));
  const { rfm, matrix } = await timed(seconds, "rfm", async () => {
    const rfm = await rfmTable(clean);
    return { rfm, matrix: preprocess(rfm, { columns: RFM_COLUMNS, log1p: true }).matrix };
  });
  // kmeansScan's own default stays in-process below 5,000 customers. Measured here: at 4,338 customers (UCI)
  // two workers cut the scan from ~4 s to ~1.3 s; at 1,597 (0.1 M lines) starting them (~0.3 s each, plus
  // ~30 MB each for tsx) costs more than it saves. So the benchmark uses one worker per core from 2,000.
  const scanWorkers = workers ?? (matrix.n >= 2_000 ? Math.min(os.availableParallelism(), kmax - 1) : 0);
  const scan = await timed(seconds, "kmeans_scan", () => kmeansScan(matrix, { kMin: 2, kMax: kmax, inits: 10, seed: 42, workers: scanWorkers }));
  await timed(seconds, "pca", () => pca2(matrix));
  await timed(seconds, "lookalike", () => topKCosine(matrix, { k: 3, workers }));
  const agg = await timed(seconds, "aggregates", () => revenueAggregates(clean));
  seconds.total = round((performance.now() - t0) / 1000, 3);
  let best = scan.rows[0];
  for (const r of scan.rows) if ((r.silhouette ?? -Infinity) > (best.silhouette ?? -Infinity)) best = r;
  return {
    tool: "ours",
    rows_in: raw.height,
    rows_clean: clean.height,
    customers: rfm.height,
    best_k: best.k,
    best_silhouette: round(best.silhouette ?? NaN, 6),
    revenue: round(clean.getColumn("revenue").sum() as number, 2),
    seconds,
    peak_rss_mb: peakRssMb(),
    scan: scan.rows.map((r) => ({
      k: r.k,
      inertia: round(r.inertia, 6),
      silhouette: r.silhouette === null ? null : round(r.silhouette, 6),
      daviesBouldin: round(r.daviesBouldin, 6),
      calinskiHarabasz: round(r.calinskiHarabasz, 6),
    })),
    recency_days_sum: rfm.getColumn("recency_days").sum() as number,
    frequency_sum: rfm.getColumn("frequency").sum() as number,
    countries: agg.byCountry.height,
    months: agg.byMonth.height,
    top_product: agg.topProducts.getColumn("StockCode").get(0) as string,
  };
}

/**
 * Seeded customer vectors for the lookalike-only run, 12 dims. `segments`: 6 numeric z-score-like dims drawn
 * around 8 segment centres plus a weighted, centred one-hot of 6 regions (the shape of `lookalikeVectors`
 * output). `none`: i.i.d. standard normal (no structure, the worst case for the ball tree).
 */
function syntheticVectors(n: number, structure: string, seed = 42) {
  const d = 12;
  const r = rng(seed);
  const data = new Float64Array(n * d);
  if (structure === "none") {
    for (let i = 0; i < data.length; i++) data[i] = randNormal(r);
    return { n, d, data };
  }
  const centres = Array.from({ length: 8 }, () => Array.from({ length: 6 }, () => 1.5 * randNormal(r)));
  const regionShare = [0.6, 0.15, 0.1, 0.07, 0.05, 0.03];
  const w = Math.sqrt(0.5 * 6); // region block variance ≈ half of the numeric block's (see lookalikeVectors)
  for (let i = 0; i < n; i++) {
    const c = centres[Math.floor(r() * 8)];
    for (let t = 0; t < 6; t++) data[i * d + t] = c[t] + 0.7 * randNormal(r);
    let u = r();
    let g = 0;
    while (g < 5 && u >= regionShare[g]) u -= regionShare[g++];
    for (let t = 0; t < 6; t++) data[i * d + 6 + t] = w * ((t === g ? 1 : 0) - regionShare[t]);
  }
  return { n, d, data };
}

async function main() {
  const program = new Command()
    .option("--input <csv>", "UCI-schema CSV")
    .option("--kmax <k>", "largest k of the scan", "10")
    .option("--workers <n>", "worker threads for the k-scan and the lookalike (default: one per core for the k-scan from 2,000 customers, topKCosine's own choice for the lookalike)")
    .option("--lookalike-only", "time topKCosine alone on seeded synthetic customers")
    .option("--customers <n>", "customers for --lookalike-only", "100000")
    .option("--structure <s>", "segments | none (for --lookalike-only)", "segments")
    .option("--library-load", "time src/data's loadStore (online-retail adapter) on --input")
    .parse();
  const o = program.opts();
  const workers = o.workers === undefined ? undefined : Number(o.workers);
  let result: object;
  if (o.lookalikeOnly) {
    const x = syntheticVectors(Number(o.customers), o.structure);
    const t = performance.now();
    const cpu0 = process.cpuUsage();
    const r = await topKCosine(x, { k: 3, workers });
    const cpu = process.cpuUsage(cpu0);
    let sum = 0;
    for (let i = 0; i < r.scores.length; i += 3) sum += r.scores[i];
    result = {
      mode: "lookalike-only",
      customers: x.n,
      d: x.d,
      structure: o.structure,
      workers: workers ?? (x.n >= 20_000 ? os.availableParallelism() : 0),
      mean_top1_score: round(sum / x.n, 6),
      seconds: { lookalike: round((performance.now() - t) / 1000, 3) },
      // User + system CPU seconds of all threads during the search (wall ≈ this / workers on an idle machine).
      cpu_seconds: round((cpu.user + cpu.system) / 1e6, 2),
      peak_rss_mb: peakRssMb(),
      load_avg: Math.round(os.loadavg()[0] * 100) / 100,
    };
  } else if (o.libraryLoad) {
    if (!o.input) throw new Error("--input is required");
    const { loadStore } = await import("../src/data/index.js");
    const t = performance.now();
    const { store } = await loadStore({ dataset: "online-retail", input: o.input });
    result = {
      mode: "library-load",
      orders: store.orders.height,
      order_lines: store.order_lines.height,
      seconds: { load_store: round((performance.now() - t) / 1000, 3) },
      peak_rss_mb: peakRssMb(),
    };
  } else {
    if (!o.input) throw new Error("--input is required");
    result = await pipeline(o.input, Number(o.kmax), workers);
  }
  console.log(JSON.stringify(result));
}

main().catch((e) => {
  console.error(`error: ${e instanceof Error ? e.message : String(e)}`);
  process.exit(1);
});
