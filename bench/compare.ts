/**
 * Runs, on one file, each as a whole process from start to exit and alternating their order round by round:
 * - `casestudy analyze` (bench/bench.ts --mode analyze: runAnalysis, exports, figures),
 * - the core mode (bench/bench.ts --mode core: the product's loader, then the peers' work),
 * - pandas 1.5 + scikit-learn 1.2 (bench/reference.py, Debian's /usr/bin/python3),
 * - polars + current scikit-learn (bench/reference_polars.py in bench/.venv-peer; `bash bench/setup-peer.sh`),
 * and checks that they agree.
 *
 *   node --import tsx bench/compare.ts --input bench/out/uci.csv --label uci [--rounds 2] [--record bench/results/uci.jsonl]
 *
 * Wall time, CPU time and peak RSS come from `/usr/bin/time -v`; the 1-minute load average is taken before
 * every process (the machine may be shared). Per tool the fastest round counts. Checks (every round):
 * core and analyze read the same lines, keep the same clean lines and customers and the same revenue to the
 * cent as each peer; core also has the peers' best k and best silhouette within 0.01. Prints one JSON line per
 * process and a verdict line (ratios, targets, checks); exits 1 when a check fails. --record appends them.
 */
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { Command } from "commander";
import { loadTarget, timeTarget } from "./targets.js";

/** One process run and what it printed. */
interface Run {
  tool: string;
  round: number;
  load_avg_before: number;
  wall_seconds: number;
  /** User + system CPU seconds of the whole process (all threads): less sensitive to a busy machine. */
  cpu_seconds: number | null;
  max_rss_mb: number;
  result: Record<string, unknown> & { seconds: Record<string, number> };
}

const TIME = "/usr/bin/time";
const round2 = (v: number) => Math.round(v * 100) / 100;
const round3 = (v: number) => Math.round(v * 1000) / 1000;

function run(tool: string, argv: string[], roundNo: number): Run {
  const hasTime = fs.existsSync(TIME);
  const loadAvg = os.loadavg()[0];
  const t = performance.now();
  const p = hasTime
    ? spawnSync(TIME, ["-v", ...argv], { encoding: "utf8", maxBuffer: 1 << 28 })
    : spawnSync(argv[0], argv.slice(1), { encoding: "utf8", maxBuffer: 1 << 28 });
  const wallJs = (performance.now() - t) / 1000;
  if (p.status !== 0) throw new Error(`${tool} failed (${p.status}): ${p.stderr.slice(-2000)}`);
  const lines = p.stdout.trim().split("\n");
  const result = JSON.parse(lines[lines.length - 1]);
  let wall = wallJs;
  let rss = Number(result.peak_rss_mb);
  let cpu: number | null = null;
  if (hasTime) {
    const m = /Elapsed \(wall clock\) time[^:]*: (?:(\d+):)?(\d+):([\d.]+)/.exec(p.stderr);
    if (m) wall = Number(m[1] ?? 0) * 3600 + Number(m[2]) * 60 + Number(m[3]);
    const r = /Maximum resident set size \(kbytes\): (\d+)/.exec(p.stderr);
    if (r) rss = Number(r[1]) / 1024;
    const u = /User time \(seconds\): ([\d.]+)/.exec(p.stderr);
    const sy = /System time \(seconds\): ([\d.]+)/.exec(p.stderr);
    if (u && sy) cpu = round2(Number(u[1]) + Number(sy[1]));
  }
  return { tool, round: roundNo, load_avg_before: round2(loadAvg), wall_seconds: round2(wall), cpu_seconds: cpu, max_rss_mb: Math.round(rss * 10) / 10, result };
}

/** Agreement of `a` (ours) with peer `b`; `model` adds best k and silhouette (the core mode only). */
function checks(a: Record<string, unknown>, b: Record<string, unknown>, model: boolean): Record<string, boolean> {
  const c: Record<string, boolean> = {
    rows_in: a.rows_in === b.rows_in,
    rows_clean: a.rows_clean === b.rows_clean,
    customers: a.customers === b.customers,
    revenue_to_the_cent: Math.round((a.revenue as number) * 100) === Math.round((b.revenue as number) * 100),
  };
  if (model) {
    c.best_k = a.best_k === b.best_k;
    c.silhouette_within_0_01 = Math.abs((a.best_silhouette as number) - (b.best_silhouette as number)) <= 0.01;
  }
  return c;
}

function main() {
  const o = new Command()
    .requiredOption("--input <csv>")
    .option("--label <name>", "label of the input in the record (default: file name)")
    .option("--rounds <n>", "rounds; the order of the tools rotates every round", "2")
    .option("--kmax <k>", "largest k", "10")
    .option("--workers <n>")
    .option("--record <jsonl>", "append the results to this JSONL file")
    .parse()
    .opts();
  const root = path.resolve(path.dirname(process.argv[1]), "..");
  const bench = (mode: string) => {
    const a = [process.execPath, path.join(root, "bin", "run-ts.js"), path.join(root, "bench", "bench.ts"), "--input", o.input, "--mode", mode, "--kmax", o.kmax, "--quiet"];
    if (o.workers !== undefined) a.push("--workers", o.workers);
    return a;
  };
  const peerPython = path.join(root, "bench", ".venv-peer", "bin", "python");
  const tools: Array<[string, string[]]> = [
    ["casestudy analyze", bench("analyze")],
    ["core", bench("core")],
    ["pandas+sklearn", ["/usr/bin/python3", path.join(root, "bench", "reference.py"), "--input", o.input, "--kmax", o.kmax]],
  ];
  if (fs.existsSync(peerPython)) {
    tools.push(["polars+sklearn", [peerPython, path.join(root, "bench", "reference_polars.py"), "--input", o.input, "--kmax", o.kmax]]);
  } else {
    console.error(`note: ${peerPython} is missing (bash bench/setup-peer.sh creates it): the polars peer is left out`);
  }
  const rounds = Math.max(1, Number(o.rounds));
  const runs: Run[] = [];
  for (let r = 0; r < rounds; r++) {
    for (let i = 0; i < tools.length; i++) {
      const [tool, argv] = tools[(i + r) % tools.length];
      runs.push(run(tool, argv, r + 1));
    }
  }
  const best = (tool: string) => runs.filter((x) => x.tool === tool).sort((a, b) => a.wall_seconds - b.wall_seconds)[0];
  const allChecks: Record<string, Record<string, boolean>> = {};
  for (const peer of ["pandas+sklearn", "polars+sklearn"]) {
    const p = best(peer);
    if (!p) continue;
    for (const ours of ["core", "casestudy analyze"]) {
      const model = ours === "core";
      const merged: Record<string, boolean> = {};
      for (const x of runs.filter((y) => y.tool === ours)) {
        for (const [k, v] of Object.entries(checks(x.result, p.result, model))) merged[k] = (merged[k] ?? true) && v;
      }
      allChecks[`${ours} vs ${peer}`] = merged;
    }
  }
  const ok = Object.values(allChecks).every((c) => Object.values(c).every(Boolean));
  const analyze = best("casestudy analyze");
  const core = best("core");
  const pandas = best("pandas+sklearn");
  const polars = best("polars+sklearn");
  const lines = Number(pandas.result.rows_in);
  const target = timeTarget(lines);
  const ratio = (a?: Run, b?: Run, k: "wall_seconds" | "max_rss_mb" = "wall_seconds") => (a && b ? round3(a[k] / b[k]) : null);
  const label = o.label ?? path.basename(o.input);
  const commit = spawnSync("git", ["rev-parse", "--short", "HEAD"], { encoding: "utf8", cwd: root }).stdout.trim();
  const runId = `${label}@${new Date().toISOString()}`;
  const verdict = {
    run_id: runId,
    input: label,
    commit,
    rounds,
    ok,
    checks: allChecks,
    ratios: {
      analyze_vs_pandas_time: ratio(analyze, pandas),
      core_vs_pandas_time: ratio(core, pandas),
      analyze_vs_polars_time: ratio(analyze, polars),
      core_vs_polars_time: ratio(core, polars),
      analyze_vs_pandas_rss: ratio(analyze, pandas, "max_rss_mb"),
      core_vs_pandas_rss: ratio(core, pandas, "max_rss_mb"),
    },
    targets: {
      analyze_time_vs_pandas_max: target,
      analyze_time_met: target === null ? null : (ratio(analyze, pandas) ?? Infinity) <= target,
      analyze_rss_met: analyze.max_rss_mb <= pandas.max_rss_mb,
      load_store_max_seconds: loadTarget(lines),
      load_store_seconds: core.result.seconds.load,
      load_store_met: loadTarget(lines) === null ? null : core.result.seconds.load <= loadTarget(lines)!,
    },
    load_avg: runs.map((x) => x.load_avg_before),
  };
  const out = runs.map((r) =>
    JSON.stringify({ run_id: runId, input: label, commit, tool: r.tool, round: r.round, load_avg_before: r.load_avg_before, wall_seconds: r.wall_seconds, cpu_seconds: r.cpu_seconds, max_rss_mb: r.max_rss_mb, ...r.result }),
  );
  out.push(JSON.stringify({ verdict }));
  if (o.record) {
    fs.mkdirSync(path.dirname(o.record), { recursive: true });
    fs.appendFileSync(o.record, out.join("\n") + "\n");
  }
  for (const l of out) console.log(l);
  if (!ok) process.exit(1);
}

main();
