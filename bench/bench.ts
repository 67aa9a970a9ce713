/**
 * The benchmark command: the product on a UCI-schema file, as one process, timed per stage.
 *
 *   npm run bench -- --input FILE                 what `casestudy analyze` does (runAnalysis, exports, figures)
 *   npm run bench -- --input FILE --mode core     the product's loader, then exactly the peers' work
 *   npm run bench -- --lookalike-only --customers 100000 [--structure segments|none] [--workers N]
 *
 * `--mode analyze` (the default) calls the CLI's own `analyzeCommand` (exports and figures go to a temporary
 * folder, removed at the end). `--mode core` runs `loadStore` (the same loader), then RFM, the k-scan (k = 2…10,
 * 10 k-means++ starts each, silhouette / Davies–Bouldin / Calinski–Harabasz), PCA, top-3 cosine lookalikes and
 * revenue aggregates: what bench/reference.py (pandas + scikit-learn) and bench/reference_polars.py (polars +
 * scikit-learn) do, for the side-by-side table. Progress goes to stderr (`--quiet` for none); the LAST line of
 * stdout is one JSON object with the counts, `seconds` per stage and `peak_rss_mb`.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { Command } from "commander";
import { loadStore } from "../src/data/index.js";
import { completedRevenue } from "../src/data/summary.js";
import { topKCosine } from "../src/lookalike/index.js";
import { kmeansScan, pca2, preprocess } from "../src/segment/index.js";
import { randNormal, rng } from "../src/util/random.js";
import { stage, stageTimer, type StageListener } from "../src/util/progress.js";
import { analyzeCommand } from "../src/cli/analyze.js";
import { cliProgress } from "../src/cli/progress.js";
import { revenueAggregates, rfmTable } from "./core.js";

const RFM_COLUMNS = ["recency_days", "frequency", "monetary", "aov"];

const round = (v: number, digits: number) => Math.round(v * 10 ** digits) / 10 ** digits;
const peakRssMb = () => round(process.resourceUsage().maxRSS / 1024, 1);
const roundAll = (seconds: Record<string, number>) => Object.fromEntries(Object.entries(seconds).map(([k, v]) => [k, round(v, 3)]));

/** Peak RSS (MB) of the process by the end of each stage: where memory goes, stage by stage. */
function memoryByStage(next: StageListener): StageListener & { peaks: Record<string, number> } {
  const peaks: Record<string, number> = {};
  return {
    peaks,
    start: (n) => next.start?.(n),
    update: (d) => next.update?.(d),
    end: (n, s, d) => {
      peaks[n] = peakRssMb();
      next.end?.(n, s, d);
    },
  };
}

/** `casestudy analyze` on the file: every stage of runAnalysis, then the exports and the figures. */
async function analyzeMode(
  input: string,
  stages: StageListener & { times: { seconds: Record<string, number> }; peaks: Record<string, number> },
  engine: { engine?: string; memoryLimit?: string; sparkMaster?: string } = {},
) {
  const out = fs.mkdtempSync(path.join(os.tmpdir(), "casestudy-bench-"));
  const t0 = performance.now();
  try {
    // cache: false: the benchmark times the analysis itself, never a read of data/cache
    const result = await analyzeCommand({ dataset: "online-retail", input, out: path.join(out, "exports"), figures: path.join(out, "figures"), ...engine, cache: false }, stages);
    const seconds = { ...stages.times.seconds, total: (performance.now() - t0) / 1000 };
    const lines = result.log.tables.order_lines!;
    return {
      tool: "casestudy analyze",
      mode: "analyze",
      engine: engine.engine ?? "polars",
      memory_limit: engine.memoryLimit ?? null,
      rows_in: lines.rows_in,
      rows_clean: lines.rows_kept,
      orders: result.store.orders.height,
      customers: result.customers.height,
      revenue: round(completedRevenue(result.store), 2),
      k: result.model.k,
      seconds: roundAll(seconds),
      peak_rss_mb: peakRssMb(),
      peak_rss_mb_by_stage: stages.peaks,
    };
  } finally {
    fs.rmSync(out, { recursive: true, force: true });
  }
}

/** The product's loader, then the peers' work (see the module comment). */
async function coreMode(
  input: string,
  kmax: number,
  workers: number | undefined,
  stages: StageListener & { times: { seconds: Record<string, number> }; peaks: Record<string, number> },
) {
  const t0 = performance.now();
  const { store, log } = await loadStore({ dataset: "online-retail", input }, { stages });
  const { rfm, matrix } = await stage(stages, "rfm", async () => {
    const rfm = await rfmTable(store);
    return { rfm, matrix: preprocess(rfm, { columns: RFM_COLUMNS, log1p: true }).matrix };
  });
  // kmeansScan's own default stays in-process below 5,000 customers. Measured: at 4,338 customers (UCI) two
  // workers cut the scan from ~4 s to ~1.3 s; at 1,597 (0.1 M lines) starting them costs more than it saves.
  const scanWorkers = workers ?? (matrix.n >= 2_000 ? Math.min(os.availableParallelism(), kmax - 1) : 0);
  const scan = await stage(stages, "kmeans_scan", () => kmeansScan(matrix, { kMin: 2, kMax: kmax, inits: 10, seed: 42, workers: scanWorkers }));
  await stage(stages, "pca", () => pca2(matrix));
  await stage(stages, "lookalike", () => topKCosine(matrix, { k: 3, workers }));
  const agg = await stage(stages, "aggregates", () => revenueAggregates(store));
  const seconds = { ...stages.times.seconds, total: (performance.now() - t0) / 1000 };
  let best = scan.rows[0];
  for (const r of scan.rows) if ((r.silhouette ?? -Infinity) > (best.silhouette ?? -Infinity)) best = r;
  const lines = log.tables.order_lines!;
  return {
    tool: "core",
    mode: "core",
    rows_in: lines.rows_in,
    rows_clean: lines.rows_kept,
    customers: rfm.height,
    best_k: best.k,
    best_silhouette: round(best.silhouette ?? NaN, 6),
    revenue: round(completedRevenue(store), 2),
    seconds: roundAll(seconds),
    peak_rss_mb: peakRssMb(),
    peak_rss_mb_by_stage: stages.peaks,
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
    top_product: agg.topProducts.getColumn("product_id").get(0) as string,
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

async function lookalikeOnly(customers: number, structure: string, workers: number | undefined) {
  const x = syntheticVectors(customers, structure);
  const t = performance.now();
  const cpu0 = process.cpuUsage();
  const r = await topKCosine(x, { k: 3, workers });
  const cpu = process.cpuUsage(cpu0);
  let sum = 0;
  for (let i = 0; i < r.scores.length; i += 3) sum += r.scores[i];
  return {
    mode: "lookalike-only",
    customers: x.n,
    d: x.d,
    structure,
    workers: workers ?? (x.n >= 20_000 ? os.availableParallelism() : 0),
    mean_top1_score: round(sum / x.n, 6),
    seconds: { lookalike: round((performance.now() - t) / 1000, 3) },
    // User + system CPU seconds of all threads during the search (wall ≈ this / workers on an idle machine).
    cpu_seconds: round((cpu.user + cpu.system) / 1e6, 2),
    peak_rss_mb: peakRssMb(),
    load_avg: Math.round(os.loadavg()[0] * 100) / 100,
  };
}

async function main() {
  const o = new Command("npm run bench --")
    .option("--input <file>", "UCI-schema file (.csv, .csv.gz, .parquet, .xlsx)")
    .option("--mode <mode>", "analyze (what `casestudy analyze` does) or core (the peers' work)", "analyze")
    .option("--kmax <k>", "largest k of the core k-scan", "10")
    .option("--workers <n>", "worker threads for the core k-scan and the lookalike (default: one per core for the k-scan from 2,000 customers, topKCosine's own choice for the lookalike)")
    .option("--lookalike-only", "time topKCosine alone on seeded synthetic customers")
    .option("--customers <n>", "customers for --lookalike-only", "100000")
    .option("--structure <s>", "segments | none (for --lookalike-only)", "segments")
    .option("--engine <name>", "line-level engine of the analyze mode: polars, duckdb, spark (default polars)")
    .option("--memory-limit <size>", "the engine's memory limit (duckdb) or driver memory (spark), e.g. 2GB")
    .option("--spark-master <url>", "Spark master URL (spark engine)")
    .option("--quiet", "no progress on stderr")
    .parse()
    .opts();
  const workers = o.workers === undefined ? undefined : Number(o.workers);
  let result: object;
  if (o.lookalikeOnly) {
    result = await lookalikeOnly(Number(o.customers), o.structure, workers);
  } else {
    if (!o.input) throw new Error("--input is required (a UCI-schema file; see bench/README.md)");
    if (o.mode !== "analyze" && o.mode !== "core") throw new Error(`--mode must be analyze or core, got "${o.mode}"`);
    const progress = cliProgress(`bench ${o.mode}`, { quiet: o.quiet });
    const memory = memoryByStage(progress);
    const timer = Object.assign(stageTimer(memory), { peaks: memory.peaks });
    try {
      result = o.mode === "analyze" ? await analyzeMode(o.input, timer, { engine: o.engine, memoryLimit: o.memoryLimit, sparkMaster: o.sparkMaster }) : await coreMode(o.input, Number(o.kmax), workers, timer);
    } finally {
      progress.stop();
    }
  }
  console.log(JSON.stringify(result));
}

main().catch((e) => {
  console.error(`error: ${(e instanceof Error ? e.message : String(e)).split("\n")[0]}`);
  process.exit(e?.name === "InputError" ? 2 : 1);
});
