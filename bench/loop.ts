/**
 * `npm run bench:loop`: the analyst's loop, timed (issue 16). For this checkout and optionally a baseline
 * checkout (`--base DIR`, e.g. a worktree of main before a change), alternating round by round:
 *
 * - `runAnalysis` in-process on the default synthetic store (the product's own function, imported from the
 *   checkout's src/, one warm-up run then `--runs` timed runs; the stage timings of the median run);
 * - each notebook's headless run as a whole process (`.venv/bin/python scripts/run_notebooks.py NB`), cold (the
 *   analysis cache data/cache/analysis and tslab's transpile cache node_modules/.cache/tslab-casestudy emptied
 *   first) and warm (run again right after), plus where a warm run's time went (bench/loop_notebook.py: kernel
 *   start, setup cell, other cells);
 * - tslab compiling the setup cell's imports, in-process with the checkout's own (patched) tslab: CPU seconds for
 *   the kernel's compiler host plus the cell, cold (tslab's transpile cache emptied) and warm;
 * - `npm run build` as a whole process, warm (caches filled by the notebook runs) and, with `--cold-build`, after
 *   emptying both caches.
 *
 * Every record is appended to bench/results/loop.jsonl with the load average before it; `--write` regenerates
 * the table in bench/LOOP.md from the records of the latest session (medians over rounds). The cache is never
 * used for the `runAnalysis` timing: it calls runAnalysis itself, not cachedAnalysis.
 *
 *   npm run bench:loop -- --base /work/wt-base --rounds 2 --write
 */
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { Command } from "commander";
import { projectRoot } from "../src/paths.js";

const NOTEBOOKS = ["01-eda", "02-segmentation", "03-lookalike", "04-insights"];
const here = projectRoot();
const resultsFile = path.join(here, "bench", "results", "loop.jsonl");
const notesFile = path.join(here, "bench", "LOOP.md");

interface Rec {
  session: string;
  label: string;
  commit: string;
  kind: string;
  notebook?: string;
  seconds: number;
  detail?: Record<string, number>;
  load: number[];
}

function git(root: string, ...args: string[]): string {
  return spawnSync("git", ["-C", root, ...args], { encoding: "utf8" }).stdout.trim();
}

/** Runs `cmd args` in `root`; returns wall seconds and stdout; throws with stderr on failure. */
function timed(root: string, cmd: string, args: string[], env: NodeJS.ProcessEnv = {}): { seconds: number; stdout: string } {
  const t0 = performance.now();
  const r = spawnSync(cmd, args, { cwd: root, encoding: "utf8", env: { ...process.env, CASESTUDY_NO_CACHE: "", ...env }, maxBuffer: 1 << 26 });
  const seconds = (performance.now() - t0) / 1000;
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(" ")} in ${root} failed (${r.status}):\n${r.stderr.slice(-3000)}`);
  return { seconds, stdout: r.stdout };
}

function clearCaches(root: string): void {
  fs.rmSync(path.join(root, "data", "cache", "analysis"), { recursive: true, force: true });
  fs.rmSync(path.join(root, "node_modules", ".cache", "tslab-casestudy"), { recursive: true, force: true });
}

/** runAnalysis in-process in `root`: seconds of each timed run and the stages of the median one. */
function analysisRuns(root: string, runs: number): { seconds: number[]; cpu: number[]; stages: Record<string, number> } {
  const script = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "loop-analysis-")), "run.mts");
  fs.writeFileSync(
    script,
    `import { runAnalysis } from ${JSON.stringify(path.join(root, "src", "pipeline", "index.js"))};
import { stageTimer } from ${JSON.stringify(path.join(root, "src", "util", "progress.js"))};
const out = [];
const cpu = () => { const u = process.cpuUsage(); return (u.user + u.system) / 1e6; };
for (let i = 0; i <= ${runs}; i++) {
  const t = stageTimer();
  const t0 = performance.now(), c0 = cpu();
  await runAnalysis({ dataset: "synthetic", seed: 42 }, {}, t);
  if (i > 0) out.push({ seconds: (performance.now() - t0) / 1000, cpu: cpu() - c0, stages: t.times.seconds });
}
console.log(JSON.stringify(out));
`,
  );
  try {
    const { stdout } = timed(root, "node", ["--import", "tsx", script]);
    const out = JSON.parse(stdout.trim().split("\n").pop()!) as { seconds: number; cpu: number; stages: Record<string, number> }[];
    const sorted = [...out].sort((a, b) => a.seconds - b.seconds);
    return { seconds: out.map((o) => o.seconds), cpu: out.map((o) => o.cpu), stages: sorted[Math.floor((sorted.length - 1) / 2)].stages };
  } finally {
    fs.rmSync(path.dirname(script), { recursive: true, force: true });
  }
}

/**
 * tslab compiling the notebooks' setup-cell imports, in-process with the checkout's own tslab converter: CPU
 * milliseconds (less sensitive to the shared machine's load than wall time) to create the converter (what every
 * kernel start pays) and to convert the cell (type-check and compile the imported src/ files), cold (tslab's
 * transpile cache emptied; the same as warm where there is none) and warm.
 */
function tslabImportCpu(root: string, cold: boolean): Record<string, number> {
  if (cold) fs.rmSync(path.join(root, "node_modules", ".cache", "tslab-casestudy"), { recursive: true, force: true });
  const script = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "loop-tslab-")), "convert.cjs");
  fs.writeFileSync(
    script,
    `const cpu = () => { const u = process.cpuUsage(); return (u.user + u.system) / 1000; };
const c0 = cpu(), w0 = performance.now();
const { createConverter } = require(${JSON.stringify(path.join(root, "node_modules", "tslab", "dist", "converter.js"))});
const conv = createConverter({ isJS: false, isBrowser: false });
const c1 = cpu(), w1 = performance.now();
const r = conv.convert("", ${JSON.stringify(SETUP_IMPORTS)});
const c2 = cpu(), w2 = performance.now();
if (r.diagnostics.length) { console.error(JSON.stringify(r.diagnostics)); process.exit(1); }
console.log(JSON.stringify({ converter_cpu_ms: c1 - c0, convert_cpu_ms: c2 - c1, converter_wall_ms: w1 - w0, convert_wall_ms: w2 - w1 }));
process.exit(0);
`,
  );
  try {
    return JSON.parse(timed(root, "node", [script]).stdout.trim().split("\n").pop()!);
  } finally {
    fs.rmSync(path.dirname(script), { recursive: true, force: true });
  }
}

/** The imports of the notebooks' setup cell. */
const SETUP_IMPORTS = `import * as tslab from "tslab";
import { datasetFromEnv } from "./src/data/index.js";
import * as pipeline from "./src/pipeline/index.js";
import * as fig from "./src/pipeline/figures.js";
import * as view from "./src/pipeline/views.js";
import { display, showTable } from "./src/charts/display.js";
`;

function record(rec: Omit<Rec, "load">): void {
  const full: Rec = { ...rec, load: os.loadavg().map((x) => Math.round(x * 100) / 100) };
  fs.mkdirSync(path.dirname(resultsFile), { recursive: true });
  fs.appendFileSync(resultsFile, JSON.stringify(full) + "\n");
  process.stderr.write(`loop: ${rec.label} ${rec.kind}${rec.notebook ? " " + rec.notebook : ""}: ${rec.seconds.toFixed(2)} s (load ${full.load[0]})\n`);
}

function measure(root: string, label: string, session: string, o: { runs: number; build: boolean; coldBuild: boolean; parts: string[] }): void {
  const commit = git(root, "rev-parse", "--short", "HEAD");
  const python = path.join(root, ".venv", "bin", "python");
  if (o.parts.includes("tslab")) {
    for (const cold of [true, false]) {
      const t = tslabImportCpu(root, cold);
      record({ session, label, commit, kind: `tslab import cpu ${cold ? "cold" : "warm"}`, seconds: (t.converter_cpu_ms + t.convert_cpu_ms) / 1000, detail: t });
    }
  }
  if (o.parts.includes("analysis")) {
    const a = analysisRuns(root, o.runs);
    for (const s of a.seconds) record({ session, label, commit, kind: "runAnalysis", seconds: s, detail: a.stages });
    for (const c of a.cpu) record({ session, label, commit, kind: "runAnalysis cpu", seconds: c });
  }
  if (!o.parts.includes("notebooks")) return void (o.build && record({ session, label, commit, kind: "build warm", seconds: timed(root, "npm", ["run", "build"]).seconds }));
  const out = fs.mkdtempSync(path.join(os.tmpdir(), "loop-nb-"));
  try {
    for (const nb of NOTEBOOKS) {
      const file = `notebooks/${nb}.ipynb`;
      clearCaches(root);
      record({ session, label, commit, kind: "notebook cold", notebook: nb, seconds: timed(root, python, ["scripts/run_notebooks.py", file, "--out", out]).seconds });
      record({ session, label, commit, kind: "notebook warm", notebook: nb, seconds: timed(root, python, ["scripts/run_notebooks.py", file, "--out", out]).seconds });
      const parts = JSON.parse(timed(root, python, [path.join(here, "bench", "loop_notebook.py"), root, file]).stdout.trim().split("\n").pop()!);
      record({ session, label, commit, kind: "notebook warm parts", notebook: nb, seconds: parts.total, detail: parts });
    }
  } finally {
    fs.rmSync(out, { recursive: true, force: true });
  }
  if (o.build) record({ session, label, commit, kind: "build warm", seconds: timed(root, "npm", ["run", "build"]).seconds });
  if (o.coldBuild) {
    clearCaches(root);
    record({ session, label, commit, kind: "build cold caches", seconds: timed(root, "npm", ["run", "build"]).seconds });
  }
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const f = (x: number | undefined, d = 1) => (x === undefined ? "not measured" : x.toFixed(d));

/** The tables of bench/LOOP.md from the records of `session`. */
export function loopTables(recs: Rec[]): string {
  const labels = [...new Set(recs.map((r) => r.label))];
  const pick = (label: string, kind: string, nb?: string) => recs.filter((r) => r.label === label && r.kind === kind && r.notebook === nb);
  const med = (label: string, kind: string, nb?: string) => {
    const xs = pick(label, kind, nb).map((r) => r.seconds);
    return xs.length ? median(xs) : undefined;
  };
  const loads = recs.map((r) => r.load[0]);
  const lines = [
    `Session ${recs[0].session}; ${labels.map((l) => `${l} = ${[...new Set(recs.filter((r) => r.label === l).map((r) => r.commit))].join(", ")}`).join("; ")}; medians of ` +
      `${Math.max(...labels.map((l) => pick(l, "notebook cold", NOTEBOOKS[0]).length))} alternating round(s); 1-minute load average ` +
      `${Math.min(...loads).toFixed(1)}–${Math.max(...loads).toFixed(1)} on 2 cores (seconds, wall clock).`,
    "",
    `| what | ${labels.join(" | ")} |`,
    `|---|${labels.map(() => "---:").join("|")}|`,
    `| runAnalysis, default store, in-process | ${labels.map((l) => f(med(l, "runAnalysis"), 2)).join(" | ")} |`,
    `| runAnalysis, CPU s (all threads; less sensitive to the load) | ${labels.map((l) => f(med(l, "runAnalysis cpu"), 2)).join(" | ")} |`,
  ];
  for (const nb of NOTEBOOKS) {
    lines.push(`| ${nb}: cold (caches empty) | ${labels.map((l) => f(med(l, "notebook cold", nb))).join(" | ")} |`);
    lines.push(`| ${nb}: warm | ${labels.map((l) => f(med(l, "notebook warm", nb))).join(" | ")} |`);
  }
  for (const c of ["cold", "warm"]) {
    lines.push(`| tslab: kernel's compiler + the setup cell's imports, CPU s, ${c} | ${labels.map((l) => f(med(l, `tslab import cpu ${c}`), 2)).join(" | ")} |`);
  }
  lines.push(`| npm run build, warm | ${labels.map((l) => f(med(l, "build warm"))).join(" | ")} |`);
  lines.push(`| npm run build, caches emptied | ${labels.map((l) => f(med(l, "build cold caches"))).join(" | ")} |`);
  lines.push("", "Where a warm notebook run's time went (bench/loop_notebook.py; seconds: kernel start / setup cell / other cells):", "");
  lines.push(`| notebook | ${labels.join(" | ")} |`, `|---|${labels.map(() => "---").join("|")}|`);
  for (const nb of NOTEBOOKS) {
    const cell = (l: string) => {
      const ps = pick(l, "notebook warm parts", nb).map((r) => r.detail!);
      return ps.length ? `${f(median(ps.map((p) => p.kernel)))} / ${f(median(ps.map((p) => p.setup)))} / ${f(median(ps.map((p) => p.cells)))}` : "not measured";
    };
    lines.push(`| ${nb} | ${labels.map(cell).join(" | ")} |`);
  }
  lines.push("", "runAnalysis stages of the median run (seconds):", "");
  const stages = [...new Set(recs.filter((r) => r.kind === "runAnalysis").flatMap((r) => Object.keys(r.detail ?? {})))];
  lines.push(`| stage | ${labels.join(" | ")} |`, `|---|${labels.map(() => "---:").join("|")}|`);
  for (const s of stages) {
    lines.push(`| ${s} | ${labels.map((l) => {
      const rs = pick(l, "runAnalysis");
      const mid = [...rs].sort((a, b) => a.seconds - b.seconds)[Math.floor((rs.length - 1) / 2)];
      return f(mid?.detail?.[s], 2);
    }).join(" | ")} |`);
  }
  return lines.join("\n");
}

function writeNotes(only?: string): void {
  const recs = fs.readFileSync(resultsFile, "utf8").trim().split("\n").map((l) => JSON.parse(l) as Rec);
  const session = only ?? recs[recs.length - 1].session;
  const table = loopTables(recs.filter((r) => r.session === session));
  const text = fs.readFileSync(notesFile, "utf8");
  const begin = "<!-- loop-table:begin (npm run bench:loop -- --write) -->";
  const end = "<!-- loop-table:end -->";
  const i = text.indexOf(begin);
  const j = text.indexOf(end);
  if (i < 0 || j < i) throw new Error(`${notesFile}: the loop-table markers are missing`);
  fs.writeFileSync(notesFile, text.slice(0, i + begin.length) + "\n" + table + "\n" + text.slice(j));
  process.stderr.write(`loop: wrote the table into ${path.relative(here, notesFile)}\n`);
}

const program = new Command("bench:loop")
  .option("--base <dir>", "also measure this checkout (e.g. a worktree of main before the change), labelled 'before'")
  .option("--base-only", "measure only the --base checkout (this session's 'after' runs come from a later command with --session)")
  .option("--session <id>", "add the records to this session (default: a new one named by the start time)")
  .option("--rounds <n>", "alternating rounds", "1")
  .option("--runs <n>", "timed runAnalysis runs per round (after one warm-up)", "3")
  .option("--no-build", "do not time npm run build")
  .option("--cold-build", "also time npm run build after emptying the caches")
  .option("--parts <list>", "what to time, comma-separated: tslab, analysis, notebooks (and the build unless --no-build)", "tslab,analysis,notebooks")
  .option("--write", "regenerate the table in bench/LOOP.md from this session's records")
  .option("--write-only", "only regenerate the table from the recorded session (--session, default the latest)")
  .action((o: { parts: string; base?: string; baseOnly?: boolean; session?: string; rounds: string; runs: string; build: boolean; coldBuild?: boolean; write?: boolean; writeOnly?: boolean }) => {
    if (!o.writeOnly) {
      const session = o.session ?? new Date().toISOString().slice(0, 16);
      const roots: [string, string][] = [];
      if (o.base) roots.push([path.resolve(o.base), "before"]);
      if (!o.baseOnly) roots.push([here, "after"]);
      for (let r = 0; r < Number(o.rounds); r++) {
        for (const [root, label] of r % 2 ? [...roots].reverse() : roots) {
          measure(root, label, session, { runs: Number(o.runs), build: o.build, coldBuild: !!o.coldBuild, parts: o.parts.split(",") });
        }
      }
    }
    if (o.write || o.writeOnly) writeNotes(o.session);
  });
program.parse();
