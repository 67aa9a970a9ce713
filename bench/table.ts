/**
 * Builds the measured tables of bench/README.md from bench/results/*.jsonl (the lines bench/compare.ts and
 * bench/bench.ts printed), so every number in the README comes from a recorded run:
 *   node --import tsx bench/table.ts            (prints the tables)
 *   node --import tsx bench/table.ts --write    (replaces the block between the markers in bench/README.md)
 * The machine may be shared with other work, so each input may have several recorded runs: the table shows,
 * per tool, the run with the lowest wall time (best of N, the usual way to read timings on a noisy machine),
 * and the number of runs; a check must pass in every recorded run to show "all pass".
 */
import fs from "node:fs";
import path from "node:path";

const dir = path.resolve(path.dirname(process.argv[1]));
const results = path.join(dir, "results");
const STAGES = ["load", "clean", "rfm", "kmeans_scan", "pca", "lookalike", "aggregates", "total"];
const INPUTS = [
  ["uci", "UCI file"],
  ["0.1m", "0.1 M"],
  ["1m", "1 M"],
  ["5m", "5 M"],
] as const;

type Row = Record<string, any>;
const readJsonl = (f: string): Row[] =>
  fs.existsSync(f) ? fs.readFileSync(f, "utf8").trim().split("\n").filter(Boolean).map((l) => JSON.parse(l)) : [];
const last = (rows: Row[], pred: (r: Row) => boolean) => [...rows].reverse().find(pred);
const fmt = (v: number | undefined, digits = 2) => (v === undefined || v === null ? "–" : v.toFixed(digits));
const int = (v: number) => v.toLocaleString("en-US");

function tables(): string {
  const out: string[] = [];
  const runs = INPUTS.flatMap(([key, label]) => {
    const rows = readJsonl(path.join(results, `${key}.jsonl`));
    const best = (tool: string) => rows.filter((r) => r.tool === tool).sort((a, b) => a.wall_seconds - b.wall_seconds)[0];
    const ours = best("ours");
    const ref = best("pandas+sklearn");
    const verdicts = rows.filter((r) => r.verdict).map((r) => r.verdict as Row);
    if (!ours || !ref) return [];
    const verdict = {
      ok: verdicts.length > 0 && verdicts.every((v) => v.ok),
      checks: verdicts.find((v) => !v.ok)?.checks,
      wall_ratio: ours.wall_seconds / ref.wall_seconds,
      rss_ratio: ours.max_rss_mb / ref.max_rss_mb,
      runs: verdicts.length,
      load_avg: verdicts.map((v) => v.load_avg?.[0]).filter((x) => x !== undefined),
    };
    return [{ label, ours, ref, verdict }];
  });

  out.push("| input | lines | clean lines | customers | ours s | pandas+sklearn s | time ratio | ours CPU s | pandas+sklearn CPU s | CPU ratio | ours MB | pandas+sklearn MB | memory ratio | checks | runs | load avg before each run |");
  out.push("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|---:|---|");
  for (const r of runs) {
    const v = r.verdict;
    out.push(
      `| ${r.label} | ${int(r.ours.rows_in)} | ${int(r.ours.rows_clean)} | ${int(r.ours.customers)} | ${fmt(r.ours.wall_seconds)} | ${fmt(r.ref.wall_seconds)} | ${fmt(v.wall_ratio, 3)} | ${fmt(r.ours.cpu_seconds ?? undefined)} | ${fmt(r.ref.cpu_seconds ?? undefined)} | ${r.ours.cpu_seconds && r.ref.cpu_seconds ? fmt(r.ours.cpu_seconds / r.ref.cpu_seconds, 3) : "–"} | ${fmt(r.ours.max_rss_mb, 0)} | ${fmt(r.ref.max_rss_mb, 0)} | ${fmt(v.rss_ratio, 3)} | ${v.ok ? "all pass" : "FAIL " + JSON.stringify(v.checks)} | ${v.runs} | ${v.load_avg.join(", ")} |`,
    );
  }
  out.push("");
  out.push("Seconds per stage inside each process, from the same best runs (ours / pandas+sklearn):");
  out.push("");
  out.push(`| stage | ${runs.map((r) => r.label).join(" | ")} |`);
  out.push(`|---|${runs.map(() => "---:").join("|")}|`);
  for (const s of STAGES) out.push(`| ${s} | ${runs.map((r) => `${fmt(r.ours.seconds[s])} / ${fmt(r.ref.seconds[s])}`).join(" | ")} |`);
  out.push("");
  out.push("Agreement (ours / pandas+sklearn):");
  out.push("");
  out.push("| input | revenue | best k | best silhouette |");
  out.push("|---|---:|---:|---:|");
  for (const r of runs) out.push(`| ${r.label} | ${r.ours.revenue} / ${r.ref.revenue} | ${r.ours.best_k} / ${r.ref.best_k} | ${r.ours.best_silhouette} / ${r.ref.best_silhouette} |`);

  const lk = readJsonl(path.join(results, "lookalike.jsonl"));
  if (lk.length) {
    out.push("");
    out.push("Lookalike alone (`--lookalike-only --customers N`), exact top-3 cosine:");
    out.push("");
    out.push("| customers | dims | vectors | workers | wall s | CPU s (all threads) | peak MB | mean top-1 score | load avg before |");
    out.push("|---:|---:|---|---:|---:|---:|---:|---:|---:|");
    for (const r of lk) out.push(`| ${int(r.customers)} | ${r.d} | ${r.structure} | ${r.workers} | ${fmt(r.seconds.lookalike)} | ${fmt(r.cpu_seconds)} | ${fmt(r.peak_rss_mb, 0)} | ${r.mean_top1_score} | ${fmt(r.load_avg)} |`);
  }
  const lib = readJsonl(path.join(results, "library-load.jsonl"));
  if (lib.length) {
    out.push("");
    out.push("`src/data`'s `loadStore` (online-retail adapter) on the same CSV vs the lean polars load + clean:");
    out.push("");
    out.push("| input | loadStore s | loadStore peak MB | lean load + clean s (same input, table above) |");
    out.push("|---|---:|---:|---:|");
    for (const r of lib) {
      const run = runs.find((x) => x.label === INPUTS.find(([k]) => k === String(r.input).toLowerCase())?.[1]);
      const lean = run ? run.ours.seconds.load + run.ours.seconds.clean : undefined;
      out.push(`| ${r.input} | ${fmt(r.seconds.load_store)} | ${fmt(r.peak_rss_mb, 0)} | ${fmt(lean)} |`);
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

const text = tables();
if (process.argv.includes("--write")) {
  const readme = path.join(dir, "README.md");
  const doc = fs.readFileSync(readme, "utf8");
  const start = "<!-- measured:start (generated by bench/table.ts from bench/results) -->";
  const end = "<!-- measured:end -->";
  const a = doc.indexOf(start);
  const b = doc.indexOf(end);
  if (a < 0 || b < 0) throw new Error("bench/README.md lacks the measured markers");
  fs.writeFileSync(readme, doc.slice(0, a + start.length) + "\n" + text + "\n" + doc.slice(b));
  // The project README carries the same tables between the same markers.
  const rootReadme = path.join(dir, "..", "README.md");
  const top = fs.readFileSync(rootReadme, "utf8");
  const ra = top.indexOf(start);
  const rb = top.indexOf(end);
  if (ra < 0 || rb < 0) throw new Error("README.md lacks the measured markers");
  fs.writeFileSync(rootReadme, top.slice(0, ra + start.length) + "\n" + text + "\n" + top.slice(rb));
} else {
  console.log(text);
}
