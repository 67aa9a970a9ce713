/**
 * Runs ours (bench/bench.ts) and pandas + scikit-learn (bench/reference.py) on the same file, one after the
 * other, each as a whole process from start to exit, and checks that they agree.
 *
 *   node --import tsx bench/compare.ts --input bench/out/uci.csv [--kmax 10] [--workers N] [--record bench/results/uci.jsonl]
 *
 * Wall time and peak RSS come from `/usr/bin/time -v` when present (else from each program's own JSON).
 * Checks: same rows_clean, customers, revenue (to the cent), RFM checksums, best_k equal, best silhouette
 * within 0.01. Prints one JSON line per program and a verdict line; exits 1 when a check fails. --record
 * appends the three lines to a JSONL file (the source of the table in bench/README.md).
 */
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { Command } from "commander";

interface Run {
  tool: string;
  wall_seconds: number;
  /** User + system CPU seconds of the whole process (all threads): less sensitive to a busy machine. */
  cpu_seconds: number | null;
  max_rss_mb: number;
  result: Record<string, unknown> & { seconds: Record<string, number>; peak_rss_mb: number };
}

const TIME = "/usr/bin/time";

function run(tool: string, argv: string[]): Run {
  const hasTime = fs.existsSync(TIME);
  const t = performance.now();
  const p = hasTime
    ? spawnSync(TIME, ["-v", ...argv], { encoding: "utf8", maxBuffer: 1 << 28 })
    : spawnSync(argv[0], argv.slice(1), { encoding: "utf8", maxBuffer: 1 << 28 });
  const wallJs = (performance.now() - t) / 1000;
  if (p.status !== 0) throw new Error(`${tool} failed (${p.status}): ${p.stderr.slice(-2000)}`);
  const lines = p.stdout.trim().split("\n");
  const result = JSON.parse(lines[lines.length - 1]);
  let wall = wallJs;
  let rss = result.peak_rss_mb as number;
  let cpu: number | null = null;
  if (hasTime) {
    const m = /Elapsed \(wall clock\) time[^:]*: (?:(\d+):)?(\d+):([\d.]+)/.exec(p.stderr);
    if (m) wall = Number(m[1] ?? 0) * 3600 + Number(m[2]) * 60 + Number(m[3]);
    const r = /Maximum resident set size \(kbytes\): (\d+)/.exec(p.stderr);
    if (r) rss = Number(r[1]) / 1024;
    const u = /User time \(seconds\): ([\d.]+)/.exec(p.stderr);
    const sy = /System time \(seconds\): ([\d.]+)/.exec(p.stderr);
    if (u && sy) cpu = Math.round((Number(u[1]) + Number(sy[1])) * 100) / 100;
  }
  return { tool, wall_seconds: Math.round(wall * 100) / 100, cpu_seconds: cpu, max_rss_mb: Math.round(rss * 10) / 10, result };
}

function main() {
  const o = new Command()
    .requiredOption("--input <csv>")
    .option("--kmax <k>", "largest k", "10")
    .option("--workers <n>")
    .option("--record <jsonl>", "append the results to this JSONL file")
    .option("--label <name>", "label of the input in the record (default: file name)")
    .parse()
    .opts();
  const root = path.resolve(path.dirname(process.argv[1]), "..");
  const oursArgs = [process.execPath, "--import", "tsx", path.join(root, "bench", "bench.ts"), "--input", o.input, "--kmax", o.kmax];
  if (o.workers !== undefined) oursArgs.push("--workers", o.workers);
  const loadAvgBefore = os.loadavg()[0];
  const ours = run("ours", oursArgs);
  const ref = run("pandas+sklearn", ["/usr/bin/python3", path.join(root, "bench", "reference.py"), "--input", o.input, "--kmax", o.kmax]);
  const a = ours.result;
  const b = ref.result;
  const checks: Record<string, boolean> = {
    rows_in: a.rows_in === b.rows_in,
    rows_clean: a.rows_clean === b.rows_clean,
    customers: a.customers === b.customers,
    revenue_to_the_cent: Math.round((a.revenue as number) * 100) === Math.round((b.revenue as number) * 100),
    rfm_checksums: a.recency_days_sum === b.recency_days_sum && a.frequency_sum === b.frequency_sum,
    best_k: a.best_k === b.best_k,
    silhouette_within_0_01: Math.abs((a.best_silhouette as number) - (b.best_silhouette as number)) <= 0.01,
  };
  const label = o.label ?? path.basename(o.input);
  const verdict = {
    input: label,
    commit: spawnSync("git", ["rev-parse", "--short", "HEAD"], { encoding: "utf8", cwd: root }).stdout.trim(),
    ok: Object.values(checks).every(Boolean),
    checks,
    wall_ratio: Math.round((ours.wall_seconds / ref.wall_seconds) * 1000) / 1000,
    rss_ratio: Math.round((ours.max_rss_mb / ref.max_rss_mb) * 1000) / 1000,
    // The machine may be shared: 1-minute load average before and after both runs (2 cores here).
    load_avg: [Math.round(loadAvgBefore * 100) / 100, Math.round(os.loadavg()[0] * 100) / 100],
  };
  const commit = spawnSync("git", ["rev-parse", "--short", "HEAD"], { encoding: "utf8", cwd: root }).stdout.trim();
  const lines = [ours, ref].map((r) => JSON.stringify({ input: label, commit, tool: r.tool, wall_seconds: r.wall_seconds, cpu_seconds: r.cpu_seconds, max_rss_mb: r.max_rss_mb, ...r.result }));
  lines.push(JSON.stringify({ verdict }));
  if (o.record) fs.appendFileSync(o.record, lines.join("\n") + "\n");
  for (const l of lines) console.log(l);
  if (!verdict.ok) process.exit(1);
}

main();
