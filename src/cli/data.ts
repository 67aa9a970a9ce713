/**
 * `casestudy data --dataset NAME [--input PATH] [--seed N] [--scale N] --out DIR`: loads and cleans a dataset
 * and writes the canonical tables and `cleaning-log.json` into DIR (atomically), then prints a summary.
 */
import path from "node:path";
import type { Command } from "commander";
import { projectPaths } from "../paths.js";
import { loadStore, parseDatasetName, parseNumberOption, writeStore, DATASET_NAMES, type DatasetSpec } from "../data/index.js";
import { formatSummary, summarizeStore } from "../data/summary.js";
import { count, stage } from "../util/progress.js";
import { cliProgress } from "./progress.js";

/** Registers `casestudy data`. */
export function registerData(program: Command): void {
  program
    .command("data")
    .description("load a dataset, clean it and write the canonical tables + cleaning-log.json")
    .option("--dataset <name>", `one of: ${DATASET_NAMES.join(", ")}`, "synthetic")
    .option("--input <path>", "source file (online-retail) or folder (three-file, shopsmart, canonical)")
    .option("--seed <n>", "synthetic store seed", "42")
    .option("--scale <n>", "synthetic store size (1 ≈ 2,000 customers, 30k order lines)", "1")
    .option("--out <dir>", "output folder (default data/processed)")
    .option("--quiet", "no progress on stderr")
    .action(async (opts: { dataset: string; input?: string; seed: string; scale: string; out?: string; quiet?: boolean }) => {
      const spec: DatasetSpec = {
        dataset: parseDatasetName(opts.dataset),
        input: opts.input,
        seed: parseNumberOption("--seed", opts.seed, true),
        scale: parseNumberOption("--scale", opts.scale, false),
      };
      const out = opts.out ?? projectPaths().processed;
      const progress = cliProgress("casestudy data", { quiet: opts.quiet });
      let loaded;
      try {
        loaded = await loadStore(spec, { stages: progress });
        const { store, log } = loaded;
        await stage(progress, "write", () => writeStore(store, log, out), (files) => `${count(files.length)} files`);
      } finally {
        progress.stop();
      }
      const { store } = loaded;
      process.stdout.write(`wrote ${path.join(out, "*.parquet")} and ${path.join(out, "cleaning-log.json")}\n`);
      process.stdout.write(formatSummary(summarizeStore(store)) + "\n");
    });
}
