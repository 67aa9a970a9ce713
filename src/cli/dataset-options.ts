/**
 * The dataset options shared by `casestudy data`, `analyze` and `figures`: flags win, then the environment
 * (CASESTUDY_DATASET, CASESTUDY_INPUT, CASESTUDY_SEED, CASESTUDY_SCALE), then the defaults.
 */
import type { Command } from "commander";
import { datasetFromEnv, parseDatasetName, parseNumberOption, DATASET_NAMES, type DatasetSpec } from "../data/index.js";

/** Raw option values as commander hands them over. */
export interface DatasetFlags {
  dataset?: string;
  input?: string;
  seed?: string;
  scale?: string;
}

/** Adds `--dataset`, `--input`, `--seed`, `--scale` to a command. */
export function withDatasetOptions(cmd: Command): Command {
  return cmd
    .option("--dataset <name>", `one of: ${DATASET_NAMES.join(", ")} (default: $CASESTUDY_DATASET or synthetic)`)
    .option("--input <path>", "source file (online-retail) or folder (three-file, shopsmart, canonical)")
    .option("--seed <n>", "seed of the synthetic store and of every randomized step (default 42)")
    .option("--scale <n>", "synthetic store size (1 ≈ 2,000 customers, 30k order lines)");
}

/** A whole number ≥ 0 from a flag, or a one-line usage error. */
export function intFlag(name: string, v: string): number {
  return parseNumberOption(name, v, true);
}

/** The dataset chosen by flags and environment. */
export function datasetSpecFrom(flags: DatasetFlags, env: Record<string, string | undefined> = process.env): DatasetSpec {
  const spec = datasetFromEnv(env);
  if (flags.dataset !== undefined) {
    const dataset = parseDatasetName(flags.dataset);
    if (dataset !== spec.dataset) delete spec.input;
    spec.dataset = dataset;
  }
  if (flags.input !== undefined) spec.input = flags.input;
  if (flags.seed !== undefined) spec.seed = intFlag("--seed", flags.seed);
  if (flags.scale !== undefined) spec.scale = parseNumberOption("--scale", flags.scale, false);
  return spec;
}
