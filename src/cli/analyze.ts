/**
 * `casestudy analyze --dataset NAME [--input PATH] [--k K] [--top N] [--holdout-days N] --out DIR [--figures DIR]
 * [--no-cache]`: runs the whole analysis (or reads it from data/cache/analysis when nothing it depends on changed) and writes segments.csv, lookalike.csv, kscan.csv, model.json, business_insights.json,
 * segment_rules.json, prediction_holdout.json, the chart tables and cleaning-log.json into DIR (atomically), the
 * figures into report/figures, and prints a summary.
 */
import path from "node:path";
import type { Command } from "commander";
import { projectPaths } from "../paths.js";
import { writeFigures } from "../charts/index.js";
import { cacheDisabledByEnv, cachedAnalysis, caseStudyFigures, writeExports, type AnalysisResult } from "../pipeline/index.js";
import { HOLDOUT_DEFAULTS, formatPct } from "../insights/index.js";
import { InputError } from "../util/errors.js";
import { datasetSpecFrom, intFlag, withDatasetOptions, withEngineOptions, type DatasetFlags } from "./dataset-options.js";
import { count, stage, type StageListener } from "../util/progress.js";
import { cliProgress } from "./progress.js";

/** The flags of `casestudy analyze`, as commander hands them over (unset ones take the command's defaults). */
export interface AnalyzeFlags extends DatasetFlags {
  k?: string;
  top?: string;
  holdoutDays?: string;
  out?: string;
  figures?: string | false;
  quiet?: boolean;
  /** false (`--no-cache`): compute afresh, neither reading nor writing data/cache (also CASESTUDY_NO_CACHE=1). */
  cache?: boolean;
}

/** The summary printed after an analysis: chosen k and why, segment names and sizes. */
export function analysisSummary(result: AnalysisResult): string {
  const { model } = result;
  const lines = [
    `${result.store.label}: ${result.customers.height} customers segmented into k = ${model.k}`,
    `  ${model.recommendation?.reason ?? `k = ${model.k} was given`}`,
  ];
  const verdict = result.insights.findings.find((f) => f.id === "segment_quality");
  if (verdict) lines.push(`  ${verdict.title}.`);
  for (const p of model.profiles) {
    const rev = p.shareOfRevenue === null ? "" : `, ${formatPct(p.shareOfRevenue)} of revenue`;
    lines.push(`  ${p.segment}. ${p.name}: ${p.customers} customers (${formatPct(p.shareOfCustomers)})${rev}`);
  }
  lines.push(`Segment rules: ${result.rules.summary}`);
  lines.push(`Holdout: ${result.holdout.summary}`);
  return lines.join("\n");
}

/**
 * What `casestudy analyze` does, from flags to written files and the printed summary; `stages` receives every
 * stage (those of `runAnalysis`, then `exports` and `figures`). The benchmark calls this too, so it measures
 * exactly the command users run.
 */
export async function analyzeCommand(flags: AnalyzeFlags, stages?: StageListener): Promise<AnalysisResult> {
  const spec = datasetSpecFrom(flags);
  const paths = projectPaths();
  const out = flags.out ?? paths.exports;
  const k = flags.k === undefined ? "auto" : intFlag("--k", flags.k);
  const top = intFlag("--top", flags.top ?? "3");
  const holdoutText = flags.holdoutDays ?? String(HOLDOUT_DEFAULTS.holdoutDays);
  const holdoutDays = intFlag("--holdout-days", holdoutText);
  if (holdoutDays < 1) throw new InputError(`--holdout-days must be at least 1, got "${holdoutText}"`);
  const enabled = flags.cache !== false && !cacheDisabledByEnv();
  const result = await cachedAnalysis(spec, { k, top: Math.max(1, top), holdoutDays }, stages, { enabled });
  await stage(stages, "exports", () => writeExports(result, out), (files) => `${count(files.length)} files`);
  process.stdout.write(`wrote exports to ${out}${path.sep}\n`);
  if (flags.figures !== false) {
    const dir = flags.figures ?? paths.figures;
    await stage(stages, "figures", async () => writeFigures(caseStudyFigures(result), dir), (files) => `${count(files.length)} files`);
    process.stdout.write(`wrote figures to ${dir}${path.sep}\n`);
  }
  process.stdout.write(analysisSummary(result) + "\n");
  return result;
}

/** Registers `casestudy analyze`. */
export function registerAnalyze(program: Command): void {
  withEngineOptions(withDatasetOptions(program.command("analyze")))
    .description("segment customers, find lookalikes, compute the insights, and write every export")
    .option("--k <k>", "number of segments (default: chosen from the k-scan)")
    .option("--top <n>", "lookalikes per customer", "3")
    .option(
      "--holdout-days <n>",
      "days at the end of the history held out to check the purchase predictions (moved back to the start of their month)",
      String(HOLDOUT_DEFAULTS.holdoutDays),
    )
    .option("--out <dir>", "exports folder (default report/exports)")
    .option("--figures <dir>", "where the figures (.vl.json + .svg) go (default report/figures)")
    .option("--no-figures", "do not write figures")
    .option("--quiet", "no progress on stderr")
    .option("--no-cache", "compute the analysis afresh: neither read nor write data/cache/analysis (also CASESTUDY_NO_CACHE=1)")
    .action(async (flags: AnalyzeFlags) => {
      const progress = cliProgress("casestudy analyze", { quiet: flags.quiet });
      try {
        await analyzeCommand(flags, progress);
      } finally {
        progress.stop();
      }
    });
}
