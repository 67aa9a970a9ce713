/**
 * Builds the measured tables of bench/README.md and of the README's Benchmark section from bench/results/*.jsonl
 * (the lines bench/compare.ts, bench/bench.ts and bench/baseline.sh recorded), so every number there comes from
 * a recorded run:
 *   node --import tsx bench/table.ts            (prints the tables)
 *   node --import tsx bench/table.ts --write    (replaces the blocks between the markers in both READMEs)
 * Per input the latest recorded comparison counts (one `compare.ts` invocation: every tool ran in it, in
 * alternating order, and per tool its fastest round is shown); a check must pass in every round to show
 * "all pass". Targets: bench/targets.ts; a missed target is shown as **missed**.
 */
import fs from "node:fs";
import path from "node:path";
import { loadTarget, timeTarget } from "./targets.js";

const dir = path.resolve(path.dirname(process.argv[1]));
const results = path.join(dir, "results");
const INPUTS = [
  ["uci", "UCI file"],
  ["0.1m", "0.1 M"],
  ["1m", "1 M"],
  ["5m", "5 M"],
] as const;
const TOOLS = ["casestudy analyze", "core", "pandas+sklearn", "polars+sklearn"] as const;
// In run order: since the parallel analysis, lookalike, holdout and store views run while the k-scan's threads
// work, and `segmentation` is the wait left after them.
const ANALYZE_STAGES = ["read", "clean", "features", "lookalike", "holdout", "store views", "segmentation", "rules", "pca", "insights", "tables", "exports", "figures", "total"];
const CORE_STAGES = ["load", "rfm", "kmeans_scan", "pca", "lookalike", "aggregates", "total"];

type Row = Record<string, any>;
const readJsonl = (f: string): Row[] =>
  fs.existsSync(f) ? fs.readFileSync(f, "utf8").trim().split("\n").filter(Boolean).map((l) => JSON.parse(l)) : [];
const fmt = (v: number | undefined | null, digits = 2) => (v === undefined || v === null || Number.isNaN(v) ? "–" : v.toFixed(digits));
const int = (v: number) => v.toLocaleString("en-US");
const met = (ok: boolean | null | undefined) => (ok === null || ok === undefined ? "no target" : ok ? "met" : "**missed**");

interface Comparison {
  label: string;
  runs: Row[];
  verdict: Row;
  best: Partial<Record<(typeof TOOLS)[number], Row>>;
}

/** The latest recorded comparison of each input. */
function comparisons(): Comparison[] {
  return INPUTS.flatMap(([key, label]) => {
    const rows = readJsonl(path.join(results, `${key}.jsonl`));
    const verdicts = rows.filter((r) => r.verdict?.run_id);
    if (verdicts.length === 0) return [];
    const verdict = verdicts[verdicts.length - 1].verdict;
    const runs = rows.filter((r) => r.run_id === verdict.run_id && !r.verdict);
    const best: Comparison["best"] = {};
    for (const t of TOOLS) {
      const mine = runs.filter((r) => r.tool === t).sort((a, b) => a.wall_seconds - b.wall_seconds);
      if (mine.length) best[t] = mine[0];
    }
    return [{ label, runs, verdict, best }];
  });
}

function tables(): string {
  const out: string[] = [];
  const cs = comparisons();
  const ratio = (a?: Row, b?: Row, k = "wall_seconds") => (a && b ? a[k] / b[k] : undefined);

  out.push("Whole processes, wall seconds (fastest of the alternating rounds) and the time target for `casestudy analyze`:");
  out.push("");
  out.push("| input | lines | clean lines | customers | `casestudy analyze` | core | pandas + sklearn | polars + sklearn | analyze ÷ pandas | target | result | core ÷ pandas | core ÷ polars | checks | rounds | load avg before each process |");
  out.push("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|---:|---:|---|---:|---|");
  for (const c of cs) {
    const a = c.best["casestudy analyze"];
    const core = c.best.core;
    const pd = c.best["pandas+sklearn"];
    const po = c.best["polars+sklearn"];
    const lines = Number(pd?.rows_in ?? a?.rows_in);
    const target = timeTarget(lines);
    const r = ratio(a, pd);
    const checks = c.verdict.ok ? "all pass" : "FAIL " + JSON.stringify(Object.fromEntries(Object.entries(c.verdict.checks as Record<string, Row>).map(([k, v]) => [k, Object.keys(v).filter((x) => !v[x])])));
    out.push(
      `| ${c.label} | ${int(lines)} | ${int(Number(core?.rows_clean ?? a?.rows_clean))} | ${int(Number(core?.customers ?? a?.customers))} | ${fmt(a?.wall_seconds)} | ${fmt(core?.wall_seconds)} | ${fmt(pd?.wall_seconds)} | ${fmt(po?.wall_seconds)} | ${fmt(r, 3)} | ${target === null ? "–" : `≤ ${target}`} | ${target === null ? "no target" : met(r !== undefined && r <= target)} | ${fmt(ratio(core, pd), 3)} | ${fmt(ratio(core, po), 3)} | ${checks} | ${c.verdict.rounds} | ${c.runs.map((x) => fmt(x.load_avg_before)).join(", ")} |`,
    );
  }
  out.push("");
  out.push("Peak memory of the same processes (MB, maximum resident set size) and the memory target (`casestudy analyze` ≤ pandas + sklearn at every size):");
  out.push("");
  out.push("| input | `casestudy analyze` | core | pandas + sklearn | polars + sklearn | analyze ÷ pandas | target ≤ 1 | CPU s: analyze / core / pandas / polars |");
  out.push("|---|---:|---:|---:|---:|---:|---|---|");
  for (const c of cs) {
    const a = c.best["casestudy analyze"];
    const pd = c.best["pandas+sklearn"];
    const r = ratio(a, pd, "max_rss_mb");
    out.push(
      `| ${c.label} | ${fmt(a?.max_rss_mb, 0)} | ${fmt(c.best.core?.max_rss_mb, 0)} | ${fmt(pd?.max_rss_mb, 0)} | ${fmt(c.best["polars+sklearn"]?.max_rss_mb, 0)} | ${fmt(r, 3)} | ${met(r !== undefined && r <= 1)} | ${TOOLS.map((t) => fmt(c.best[t]?.cpu_seconds)).join(" / ")} |`,
    );
  }
  out.push("");
  out.push("`loadStore` (the product's loader: read, then cleaning rules, log and canonical tables), inside the core process:");
  out.push("");
  out.push("| input | lines | read s | clean s | loadStore s | target | result |");
  out.push("|---|---:|---:|---:|---:|---:|---|");
  for (const c of cs) {
    const core = c.best.core;
    if (!core) continue;
    const lines = Number(core.rows_in);
    const target = loadTarget(lines);
    out.push(
      `| ${c.label} | ${int(lines)} | ${fmt(core.seconds.read)} | ${fmt(core.seconds.clean)} | ${fmt(core.seconds.load)} | ${target === null ? "–" : `≤ ${target}`} | ${target === null ? "no target" : met(core.seconds.load <= target)} |`,
    );
  }
  out.push("");
  out.push(
    "Seconds per stage of `casestudy analyze`, inside the process (the rest of the wall time is starting Node and importing). The k-scan runs in worker threads from the end of `features`, beside `lookalike`, `holdout` and `store views`; `segmentation` is the wait left after them (runs recorded before that change have no `store views` and a sequential `segmentation`):",
  );
  out.push("");
  out.push(`| stage | ${cs.map((c) => c.label).join(" | ")} |`);
  out.push(`|---|${cs.map(() => "---:").join("|")}|`);
  for (const s of ANALYZE_STAGES) out.push(`| ${s} | ${cs.map((c) => fmt(c.best["casestudy analyze"]?.seconds?.[s])).join(" | ")} |`);
  out.push(`| process (wall) | ${cs.map((c) => fmt(c.best["casestudy analyze"]?.wall_seconds)).join(" | ")} |`);
  out.push("");
  out.push("Peak memory of `casestudy analyze` by the end of each stage (MB; where memory goes):");
  out.push("");
  out.push(`| stage | ${cs.map((c) => c.label).join(" | ")} |`);
  out.push(`|---|${cs.map(() => "---:").join("|")}|`);
  for (const s of ANALYZE_STAGES.filter((x) => x !== "total")) {
    out.push(`| ${s} | ${cs.map((c) => fmt(c.best["casestudy analyze"]?.peak_rss_mb_by_stage?.[s], 0)).join(" | ")} |`);
  }
  out.push(`| process | ${cs.map((c) => fmt(c.best["casestudy analyze"]?.max_rss_mb, 0)).join(" | ")} |`);
  out.push("");
  out.push("Seconds per stage of the core work (core / pandas + sklearn / polars + sklearn; for the peers `load` is their read + clean):");
  out.push("");
  out.push(`| stage | ${cs.map((c) => c.label).join(" | ")} |`);
  out.push(`|---|${cs.map(() => "---:").join("|")}|`);
  for (const s of CORE_STAGES) {
    const peer = (r: Row | undefined) => (s === "load" && r ? (r.seconds.load ?? 0) + (r.seconds.clean ?? 0) : r?.seconds?.[s]);
    out.push(`| ${s} | ${cs.map((c) => `${fmt(c.best.core?.seconds?.[s])} / ${fmt(peer(c.best["pandas+sklearn"]))} / ${fmt(peer(c.best["polars+sklearn"]))}`).join(" | ")} |`);
  }
  out.push("");
  out.push("Agreement (core / pandas + sklearn / polars + sklearn; `casestudy analyze` reads, keeps and sums the same lines):");
  out.push("");
  out.push("| input | revenue | analyze revenue | best k | best silhouette |");
  out.push("|---|---:|---:|---:|---:|");
  for (const c of cs) {
    const t = [c.best.core, c.best["pandas+sklearn"], c.best["polars+sklearn"]];
    out.push(
      `| ${c.label} | ${t.map((r) => r?.revenue ?? "–").join(" / ")} | ${c.best["casestudy analyze"]?.revenue ?? "–"} | ${t.map((r) => r?.best_k ?? "–").join(" / ")} | ${t.map((r) => r?.best_silhouette ?? "–").join(" / ")} |`,
    );
  }
  const versions = cs.map((c) => c.best["polars+sklearn"]?.versions).find(Boolean);
  if (versions) {
    out.push("");
    out.push(`polars + sklearn peer: ${Object.entries(versions).map(([k, v]) => `${k} ${v}`).join(", ")} (bench/requirements-peer.txt).`);
  }

  const loads = readJsonl(path.join(results, "load.jsonl"));
  if (loads.length) {
    const commits = [...new Set(loads.map((r) => r.commit))];
    const before = "339b3e1";
    const now = commits.find((c) => c !== before);
    out.push("");
    out.push(`\`loadStore\` alone (\`bench/load.ts\`, \`bench/load-compare.sh\`), the loader before issue 15 (commit ${before}, with the published nodejs-polars) and now${now ? ` (${now})` : ""}, alternating; fastest of the rounds, seconds inside the process / peak MB of the process:`);
    out.push("");
    out.push("| input | lines | before s | before MB | now s | now MB | time ÷ before | memory ÷ before | load avg before each run |");
    out.push("|---|---:|---:|---:|---:|---:|---:|---:|---|");
    for (const [key, label] of INPUTS) {
      const mine = loads.filter((r) => r.input === key);
      const best = (f: (r: Row) => boolean) => mine.filter(f).sort((a, b) => a.seconds - b.seconds)[0];
      const b = best((r) => r.commit === before);
      const n = best((r) => r.commit !== before);
      if (!b || !n) continue;
      out.push(
        `| ${label} | ${int(n.rows_in)} | ${fmt(b.seconds)} | ${fmt(b.peak_rss_mb, 0)} | ${fmt(n.seconds)} | ${fmt(n.peak_rss_mb, 0)} | ${fmt(n.seconds / b.seconds, 3)} | ${fmt(n.peak_rss_mb / b.peak_rss_mb, 3)} | ${mine.map((r) => fmt(r.load_avg_before)).join(", ")} |`,
      );
    }
  }
  const lk = readJsonl(path.join(results, "lookalike.jsonl"));
  if (lk.length) {
    out.push("");
    out.push("Lookalike alone (`--lookalike-only --customers N`), exact top-3 cosine:");
    out.push("");
    out.push("| customers | dims | vectors | workers | wall s | CPU s (all threads) | peak MB | mean top-1 score | load avg before |");
    out.push("|---:|---:|---|---:|---:|---:|---:|---:|---:|");
    for (const r of lk) out.push(`| ${int(r.customers)} | ${r.d} | ${r.structure} | ${r.workers} | ${fmt(r.seconds.lookalike)} | ${fmt(r.cpu_seconds)} | ${fmt(r.peak_rss_mb, 0)} | ${r.mean_top1_score} | ${fmt(r.load_avg)} |`);
  }
  const engines = readJsonl(path.join(results, "engines.jsonl"));
  if (engines.length) {
    // per input and engine setting, the latest recorded run
    const latest = new Map<string, Row>();
    for (const r of engines) latest.set(`${r.label}|${r.engine}|${r.memory_limit ?? ""}`, r);
    const rows = [...latest.values()];
    const sizes = new Map(readJsonl(path.join(results, "engines-inputs.jsonl")).map((r) => [r.label, r]));
    const stages = ["read", "engine", "clean", "features", "segmentation", "lookalike", "insights", "tables", "exports", "figures"];
    out.push("");
    out.push(
      "Line-level engines (`bench/engines.ts`: `casestudy analyze --engine E [--memory-limit M]` as whole processes, exports and figures included; " +
        "data in memory = the input's columns in Arrow layout (text bytes + a 4-byte offset per text value, 8 bytes per number or timestamp: a lower bound of any in-memory frame of it); " +
        "seconds per stage from inside the process, `engine` = the SQL plan in DuckDB or Spark, `read` = the polars engine's reading; a run stopped at the benchmark's memory budget shows the budget; peak MB = \`time -v\`'s maximum resident set of one process, which misses Spark's JVM; the process tree's peak is the largest sum over the tree, sampled each second):",
    );
    out.push("");
    out.push(`| input | lines | Parquet file MB | data in memory MB | engine | memory limit | result | wall s | CPU s | peak MB | peak MB of the process tree | peak MB by the end of the line stage | ${stages.join(" | ")} | load avg before | commit |`);
    out.push(`|---|---:|---:|---:|---|---|---|---:|---:|---:|---:|---:|${stages.map(() => "---:").join("|")}|---:|---|`);
    for (const r of rows) {
      const sec = (r.result?.seconds ?? {}) as Record<string, number>;
      const result = r.ok ? "completed" : `**failed**: ${String(r.error ?? "").replace(/\|/g, "/").slice(0, 120)}`;
      out.push(
        `| ${r.label} | ${int(sizes.get(r.label)?.lines ?? r.lines)} | ${sizes.get(r.label) ? int(sizes.get(r.label)!.file_mb) : "–"} | ${sizes.get(r.label) ? int(sizes.get(r.label)!.columnar_mb) : "–"} | ${r.engine} | ${r.memory_limit ?? "–"} | ${result} | ${fmt(r.wall_seconds)} | ${fmt(r.cpu_seconds)} | ${r.max_rss_mb ?? "–"} | ${r.tree_peak_mb ?? "–"} | ${fmt(r.result?.peak_rss_mb_by_stage?.load, 0)} | ${stages.map((k) => fmt(sec[k])).join(" | ")} | ${fmt(r.load_avg_before)} | ${r.commit ?? "–"} |`,
      );
    }
  }
  const base = readJsonl(path.join(results, "baseline.jsonl"));
  if (base.length) {
    out.push("");
    out.push("Fixed cost before any data (`bash bench/baseline.sh`: a runtime starting, importing, exiting):");
    out.push("");
    out.push("| runtime | peak MB |");
    out.push("|---|---:|");
    for (const r of base) out.push(`| ${r.runtime} | ${fmt(r.peak_rss_mb, 0)} |`);
  }
  return out.join("\n");
}

/** Replaces the text between the measured markers of `file` with `text`. */
function writeBetweenMarkers(file: string, text: string): void {
  const start = "<!-- measured:start (generated by bench/table.ts from bench/results) -->";
  const end = "<!-- measured:end -->";
  const doc = fs.readFileSync(file, "utf8");
  const a = doc.indexOf(start);
  const b = doc.indexOf(end);
  if (a < 0 || b < 0) throw new Error(`${file} lacks the measured markers`);
  fs.writeFileSync(file, doc.slice(0, a + start.length) + "\n" + text + "\n" + doc.slice(b));
}

const text = tables();
if (process.argv.includes("--write")) {
  writeBetweenMarkers(path.join(dir, "README.md"), text);
  writeBetweenMarkers(path.join(dir, "..", "README.md"), text);
} else {
  console.log(text);
}
