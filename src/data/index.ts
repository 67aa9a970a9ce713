/**
 * The data module's public face: choose a dataset, load it as a cleaned canonical store, write it out.
 * Adapters (one file per source format), the synthetic store and the cleaning rules live beside this file.
 */
import path from "node:path";
import fs from "node:fs";
import { InputError } from "../util/errors.js";
import { projectPaths, projectRoot } from "../paths.js";
import type { CleaningLog, Store } from "./model.js";
import { readOnlineRetail } from "./online-retail.js";
import { readThreeFile } from "./three-file.js";
import { readShopSmart } from "./shopsmart.js";
import { readStoreDir } from "./store-io.js";
import { syntheticStore } from "./synthetic.js";
import { stage, type StageListener } from "../util/progress.js";
import { loadSummary } from "./clean.js";
import { engineFromEnv, type EngineOptions } from "./engines/index.js";
import type { SqlEngineRunner } from "./engines/sql-store.js";

export { writeStore, readStoreDir } from "./store-io.js";
export { loadSummary } from "./clean.js";
export * from "./model.js";
export { ENGINE_NAMES, engineFromEnv, parseEngineName, type EngineName, type EngineOptions } from "./engines/index.js";
export { lineFacts, type LineFacts } from "./line-facts.js";

/** Names accepted by `--dataset` and `CASESTUDY_DATASET`. */
export const DATASET_NAMES = ["synthetic", "online-retail", "three-file", "shopsmart", "canonical"] as const;
export type DatasetName = (typeof DATASET_NAMES)[number];

/**
 * Which data to load: a dataset name, its input (file or folder), for `synthetic` a seed and scale, and the
 * line-level engine (`engine`, `memoryLimit`, `sparkMaster`; see engines/index.ts, default polars).
 */
export interface DatasetSpec extends EngineOptions {
  dataset: DatasetName;
  /** File (online-retail) or folder (three-file, shopsmart, canonical). Default: the copy in ../shared/data. */
  input?: string;
  /** Synthetic store seed. Default 42. */
  seed?: number;
  /** Synthetic store size: 1 ≈ 2,000 customers / 30k order lines. Default 1. */
  scale?: number;
}

/** Default spec: the synthetic store, seed 42, scale 1. */
export const DEFAULT_DATASET: Readonly<DatasetSpec> = { dataset: "synthetic", seed: 42 };

/** The copy of each real dataset under ../shared/data, used when no input is given. */
export function defaultInput(dataset: DatasetName, root?: string): string | undefined {
  let shared: string;
  try {
    shared = projectPaths(root ?? projectRoot()).sharedData;
  } catch {
    return undefined;
  }
  switch (dataset) {
    case "online-retail":
      return path.join(shared, "uci-online-retail", "online_retail.parquet");
    case "three-file":
      return path.join(shared, "zeotap-ecommerce");
    case "shopsmart":
      return path.join(shared, "shopsmart");
    default:
      return undefined;
  }
}

/** Throws `InputError` unless `name` is a dataset name. */
export function parseDatasetName(name: string): DatasetName {
  if ((DATASET_NAMES as readonly string[]).includes(name)) return name as DatasetName;
  throw new InputError(`unknown dataset "${name}" (expected one of: ${DATASET_NAMES.join(", ")})`);
}

/**
 * A numeric option (flag or environment variable): a non-negative integer when `integer`, else a positive
 * number; anything else is one `InputError` line naming the option and the value.
 */
export function parseNumberOption(name: string, value: string, integer: boolean): number {
  const n = Number(value);
  if (value.trim() === "" || !Number.isFinite(n) || (integer && !Number.isInteger(n)) || n < 0 || (!integer && n <= 0)) {
    throw new InputError(`${name} must be a ${integer ? "non-negative integer" : "positive number"}, got "${value}"`);
  }
  return n;
}

/**
 * The dataset chosen by the environment (how notebooks pick data): `CASESTUDY_DATASET` (default
 * `synthetic`), `CASESTUDY_INPUT` (a relative path is relative to the project root), `CASESTUDY_SEED`
 * (default 42), `CASESTUDY_SCALE` (default 1), and the engine: `CASESTUDY_ENGINE` (default polars),
 * `CASESTUDY_MEMORY_LIMIT`, `CASESTUDY_SPARK_MASTER`.
 */
export function datasetFromEnv(env: Record<string, string | undefined> = process.env): DatasetSpec {
  const spec: DatasetSpec = { dataset: parseDatasetName(env.CASESTUDY_DATASET?.trim() || "synthetic"), seed: 42 };
  const input = env.CASESTUDY_INPUT?.trim();
  if (input) spec.input = path.isAbsolute(input) ? input : path.resolve(projectRoot(), input);
  if (env.CASESTUDY_SEED?.trim()) spec.seed = parseNumberOption("CASESTUDY_SEED", env.CASESTUDY_SEED, true);
  if (env.CASESTUDY_SCALE?.trim()) spec.scale = parseNumberOption("CASESTUDY_SCALE", env.CASESTUDY_SCALE, false);
  Object.assign(spec, engineFromEnv(env));
  return spec;
}

/** Options of {@link loadStore}. */
export interface LoadOptions {
  /** Receives the stages (`load`, and inside it `read` and `clean` for large sources) with their timings. */
  stages?: StageListener;
}

/**
 * Reads, converts and cleans a dataset into the canonical store (see model.ts) and its cleaning log: the
 * line-level stage of the case study. Every adapter ends in the same contract, whatever reads the source:
 * canonical tables with the documented dtypes (plain text ids) and a log in which every source row is counted
 * once, under the first cleaning rule that dropped it (the rule table in clean.ts).
 * Throws `InputError` with one line naming file, line, column and what was expected.
 */
export async function loadStore(spec: DatasetSpec, options: LoadOptions = {}): Promise<{ store: Store; log: CleaningLog }> {
  const dataset = parseDatasetName(spec.dataset);
  return stage(
    options.stages,
    "load",
    async () => {
      const engine = spec.engine ?? "polars";
      if (engine !== "polars" && dataset !== "online-retail") {
        throw new InputError(
          `the ${engine} engine runs the line-level stage of UCI Online Retail files (--dataset online-retail); the ${dataset} dataset is read with --engine polars`,
        );
      }
      if (dataset === "synthetic") return syntheticStore({ seed: spec.seed ?? 42, scale: spec.scale ?? 1 });
      const input = spec.input ?? defaultInput(dataset);
      if (!input) throw new InputError(`dataset "${dataset}" needs an input (--input PATH or CASESTUDY_INPUT)`);
      if (engine !== "polars") return loadWithSqlEngine(input, spec, options);
      if (!fs.existsSync(input)) throw new InputError("file not found", { file: input });
      switch (dataset) {
        case "online-retail":
          return readOnlineRetail(input, { displayName: input, stages: options.stages });
        case "three-file":
          return readThreeFile(input, { displayName: input });
        case "shopsmart":
          return readShopSmart(input, { displayName: input });
        case "canonical":
          return readStoreDir(input, { displayName: input });
      }
    },
    ({ log }) => loadSummary(log),
  );
}

/** The line-level stage of a UCI source in DuckDB or Spark (engines/): the store with line facts, no lines. */
async function loadWithSqlEngine(input: string, spec: DatasetSpec, options: LoadOptions): Promise<{ store: Store; log: CleaningLog }> {
  const { loadUciWithSql } = await import("./engines/sql-store.js");
  let runner: SqlEngineRunner;
  if (spec.engine === "duckdb") {
    const { duckDbRunner } = await import("./engines/duckdb.js");
    runner = await duckDbRunner({ memoryLimit: spec.memoryLimit });
  } else {
    const { sparkRunner } = await import("./engines/spark.js");
    runner = sparkRunner({ master: spec.sparkMaster, driverMemory: spec.memoryLimit });
  }
  try {
    return await loadUciWithSql(input, runner, { displayName: input, stages: options.stages });
  } finally {
    await runner.close();
  }
}
