/**
 * The line-level engines side by side: `casestudy analyze` (bench/bench.ts, analyze mode: the CLI's own
 * command, exports and figures included) as whole processes, one per engine setting, measured by
 * `/usr/bin/time -v` (wall, CPU, peak RSS), with each stage's seconds from inside the process. A run that
 * fails (e.g. out of memory) is recorded as failed, with its last error line, peak RSS and wall time.
 *
 *   node --import tsx bench/engines.ts --input FILE.parquet --label 50m \
 *     --run polars --run duckdb:2GB [--run spark:6GB] [--record bench/results/engines.jsonl] [--timeout 3600]
 *     [--max-rss-gb 12]
 *
 * `--max-rss-gb` stops a run whose processes together hold more than that much memory (the machine is shared:
 * a run that would exhaust it is recorded as failed at the budget instead of meeting the kernel's OOM killer).
 *
 * Also recorded, in bench/results/engines-inputs.jsonl: the input's lines, its file size and its size as
 * columns in memory (Arrow layout, a lower bound of any in-memory frame of it: the text bytes plus a 4-byte
 * offset per text value, 8 bytes per number or timestamp), so that a memory limit can be compared with the
 * data. `--size-only` records just that.
 */
import { execFileSync, spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { Command } from "commander";
import { openDuckDb, sqlString } from "../src/data/engines/duckdb-session.js";

const TIME = "/usr/bin/time";
const round2 = (v: number) => Math.round(v * 100) / 100;

/** Lines, file size and columnar in-memory size (see the module comment) of a Parquet file (or glob). */
async function parquetSize(input: string): Promise<{ lines: number; columnar_mb: number; file_mb: number }> {
  const db = await openDuckDb({ memoryLimit: "1GB" });
  try {
    const cols = await db.rows(`DESCRIBE SELECT * FROM read_parquet(${sqlString(input)})`);
    const bytes = cols.map((c) => {
      const name = `"${String(c.column_name).replace(/"/g, '""')}"`;
      return /CHAR|STRING|TEXT/i.test(String(c.column_type)) ? `SUM(COALESCE(strlen(${name}), 0) + 4)` : "COUNT(*) * 8";
    });
    const [m] = await db.rows(`SELECT COUNT(*) AS n, ${bytes.join(" + ")} AS b FROM read_parquet(${sqlString(input)})`);
    return { lines: Number(m.n), columnar_mb: Math.round(Number(m.b) / 2 ** 20), file_mb: Math.round(fs.statSync(input).size / 2 ** 20) };
  } finally {
    db.close();
  }
}

const o = new Command("bench/engines.ts")
  .requiredOption("--input <file>", "UCI-schema Parquet file")
  .requiredOption("--label <label>", "name of the input in the tables, e.g. 50m")
  .option("--run <engine[:limit]>", "an engine setting (repeatable): polars, duckdb:2GB, spark:6GB (Spark: its driver memory)", (v: string, a: string[]) => [...a, v], [] as string[])
  .option("--record <file>", "append one JSON line per run", "bench/results/engines.jsonl")
  .option("--timeout <s>", "seconds before a run is stopped and recorded as failed", "3600")
  .option("--max-rss-gb <n>", "memory budget of a run (its process tree's resident memory), GB", "12")
  .option("--size-only", "record the input's size only")
  .parse()
  .opts<{ input: string; label: string; run: string[]; record: string; timeout: string; maxRssGb: string; sizeOnly?: boolean }>();

/** Resident memory (KB) of `pid` and all its descendants. */
function treeRssKb(pid: number): number {
  const rows = execFileSync("ps", ["-eo", "pid=,ppid=,rss="], { encoding: "utf8" })
    .trim()
    .split("\n")
    .map((l) => l.trim().split(/\s+/).map(Number));
  const tree = new Set([pid]);
  let grew = true;
  while (grew) {
    grew = false;
    for (const [p, pp] of rows) if (tree.has(pp) && !tree.has(p)) (tree.add(p), (grew = true));
  }
  return rows.filter(([p]) => tree.has(p)).reduce((s, r) => s + r[2], 0);
}

/** Runs argv under /usr/bin/time -v; stops it past the timeout or the memory budget. */
function timed(argv: string[], cwd: string): Promise<{ status: number | null; stdout: string; stderr: string; stopped: string | null; peakKb: number }> {
  return new Promise((resolve) => {
    const child = spawn(TIME, ["-v", ...argv], { cwd, stdio: ["ignore", "pipe", "pipe"], detached: true });
    let stdout = "";
    let stderr = "";
    let stopped: string | null = null;
    let peakKb = 0;
    child.stdout.on("data", (b: Buffer) => (stdout += b.toString("utf8")));
    child.stderr.on("data", (b: Buffer) => (stderr += b.toString("utf8")));
    const budgetKb = Number(o.maxRssGb) * 2 ** 20;
    const stop = (why: string) => {
      stopped = why;
      try {
        process.kill(-child.pid!, "SIGKILL");
      } catch {
        /* already gone */
      }
    };
    const watch = setInterval(() => {
      const kb = treeRssKb(child.pid!);
      peakKb = Math.max(peakKb, kb);
      if (!stopped && kb > budgetKb) stop(`stopped at the memory budget of ${o.maxRssGb} GB`);
    }, 1000);
    const timer = setTimeout(() => stop(`stopped after ${o.timeout} s`), Number(o.timeout) * 1000);
    child.on("close", (status) => {
      clearInterval(watch);
      clearTimeout(timer);
      resolve({ status, stdout, stderr, stopped, peakKb });
    });
  });
}

const size = await parquetSize(o.input);
const root = path.resolve(path.dirname(process.argv[1]), "..");
const inputs = path.join(path.dirname(path.resolve(root, o.record)), "engines-inputs.jsonl");
fs.mkdirSync(path.dirname(inputs), { recursive: true });
fs.appendFileSync(inputs, JSON.stringify({ label: o.label, input: path.basename(o.input), ...size }) + "\n");
for (const setting of o.sizeOnly ? [] : o.run.length ? o.run : ["polars", "duckdb:2GB"]) {
  const [engine, limit] = setting.split(":");
  const argv = ["node", path.join(root, "bin", "run-ts.js"), path.join(root, "bench", "bench.ts"), "--input", o.input, "--engine", engine, "--quiet"];
  if (limit) argv.push("--memory-limit", limit);
  const load = os.loadavg()[0];
  const t0 = performance.now();
  const p = await timed(argv, root);
  const wallJs = (performance.now() - t0) / 1000;
  const m = /Elapsed \(wall clock\) time[^:]*: (?:(\d+):)?(\d+):([\d.]+)/.exec(p.stderr ?? "");
  const rss = /Maximum resident set size \(kbytes\): (\d+)/.exec(p.stderr ?? "");
  const u = /User time \(seconds\): ([\d.]+)/.exec(p.stderr ?? "");
  const sy = /System time \(seconds\): ([\d.]+)/.exec(p.stderr ?? "");
  const status = /Exit status: (\d+)/.exec(p.stderr ?? "");
  const signal = /Command terminated by signal (\d+)/.exec(p.stderr ?? "");
  const ok = p.status === 0 && !p.stopped;
  const lines = (p.stdout ?? "").trim().split("\n");
  let result: Record<string, unknown> | null = null;
  if (ok) result = JSON.parse(lines[lines.length - 1]);
  const errorLine = ok
    ? null
    : (p.stopped ?? (p.stderr ?? "").split("\n").find((l) => /^error:|Error|out of memory|heap/i.test(l) && !/^\s*Command being timed/.test(l)) ??
      (p.stopped ?? (signal ? `terminated by signal ${signal[1]}` : `exit status ${status?.[1] ?? p.status}`)));
  const row = {
    label: o.label,
    commit: execFileSync("git", ["rev-parse", "--short", "HEAD"], { cwd: root, encoding: "utf8" }).trim(),
    input: path.basename(o.input),
    ...size,
    engine,
    memory_limit: limit ?? null,
    ok,
    error: errorLine,
    load_avg_before: round2(load),
    cores: os.availableParallelism(),
    wall_seconds: m ? round2(Number(m[1] ?? 0) * 3600 + Number(m[2]) * 60 + Number(m[3])) : round2(wallJs),
    cpu_seconds: u && sy ? round2(Number(u[1]) + Number(sy[1])) : null,
    // time -v's maximum RSS; for a stopped run (time killed with it) the watcher's largest sample of the tree
    max_rss_mb: rss ? Math.round(Number(rss[1]) / 1024) : Math.round(p.peakKb / 1024),
    // the largest sum over the whole process tree, sampled each second (Spark's JVM is a grandchild that time -v misses)
    tree_peak_mb: Math.round(p.peakKb / 1024),
    result,
    recorded_at: new Date().toISOString(),
  };
  fs.mkdirSync(path.dirname(path.resolve(root, o.record)), { recursive: true });
  fs.appendFileSync(path.resolve(root, o.record), JSON.stringify(row) + "\n");
  process.stdout.write(`${o.label} ${setting}: ${ok ? "ok" : `FAILED (${errorLine})`} ${row.wall_seconds} s, ${row.max_rss_mb} MB\n`);
}
