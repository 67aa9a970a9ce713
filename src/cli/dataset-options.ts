/**
 * The dataset options shared by `casestudy data`, `analyze` and `figures`: flags win, then the environment
 * (CASESTUDY_DATASET, CASESTUDY_INPUT, CASESTUDY_SEED, CASESTUDY_SCALE), then the defaults.
 */
import type { Command } from "commander";
import { datasetFromEnv, parseDatasetName, parseEngineName, parseNumberOption, DATASET_NAMES, ENGINE_NAMES, type DatasetSpec } from "../data/index.js";
import { parseMemoryLimit } from "../data/engines/duckdb-session.js";

/** Raw option values as commander hands them over. */
export interface DatasetFlags {
  dataset?: string;
  input?: string;
  seed?: string;
  scale?: string;
  engine?: string;
  memoryLimit?: string;
  sparkMaster?: string;
}

/** Adds `--dataset`, `--input`, `--seed`, `--scale` to a command. */
export function withDatasetOptions(cmd: Command): Command {
  return cmd
    .option("--dataset <name>", `one of: ${DATASET_NAMES.join(", ")} (default: $CASESTUDY_DATASET or synthetic)`)
    .option("--input <path>", "source file (online-retail) or folder (three-file, shopsmart, canonical)")
    .option("--seed <n>", "seed of the synthetic store and of every randomized step (default 42)")
    .option("--scale <n>", "synthetic store size (1 ≈ 2,000 customers, 30k order lines)");
}

/** Adds the line-level engine options `--engine`, `--memory-limit`, `--spark-master` to a command. */
export function withEngineOptions(cmd: Command): Command {
  return cmd
    .option("--engine <name>", `line-level engine: ${ENGINE_NAMES.join(", ")} (default: $CASESTUDY_ENGINE or polars)`)
    .option("--memory-limit <size>", "memory limit of the duckdb engine, driver memory of the spark engine, e.g. 4GB (default: $CASESTUDY_MEMORY_LIMIT or the engine's)")
    .option("--spark-master <url>", "Spark master URL of the spark engine (default: $CASESTUDY_SPARK_MASTER or local[*])");
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
  if (flags.engine !== undefined) spec.engine = parseEngineName(flags.engine);
  if (flags.memoryLimit !== undefined) spec.memoryLimit = parseMemoryLimit(flags.memoryLimit);
  if (flags.sparkMaster !== undefined) spec.sparkMaster = flags.sparkMaster;
  return spec;
}
