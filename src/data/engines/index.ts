/**
 * Line-level engines: where the line-level stage (reading, the cleaning rules with their log, the line facts)
 * runs. `polars` (the default) reads the lines into this process; `duckdb` (embedded) and `spark` (PySpark,
 * local or a cluster) run one SQL plan compiled from the same rule table (sql.ts) where the lines live and
 * return only tables that grow with orders, products and customers (see line-facts.ts). Every engine hands
 * the rest of the analysis the same store, so the outputs are the same bytes.
 */
import { InputError } from "../../util/errors.js";
import { parseMemoryLimit } from "./duckdb-session.js";

/** Names accepted by `--engine` and `CASESTUDY_ENGINE`. */
export const ENGINE_NAMES = ["polars", "duckdb", "spark"] as const;
export type EngineName = (typeof ENGINE_NAMES)[number];

/** How the line-level stage runs. Every field has a default; part of the dataset spec (and the cache key). */
export interface EngineOptions {
  /** Default "polars". */
  engine?: EngineName;
  /** DuckDB's memory limit (`4GB`), or Spark's driver memory. Default: the engine's own. */
  memoryLimit?: string;
  /** Spark master URL. Default `local[*]`. */
  sparkMaster?: string;
}

/** Throws `InputError` unless `name` is an engine name. */
export function parseEngineName(name: string): EngineName {
  const n = name.trim();
  if ((ENGINE_NAMES as readonly string[]).includes(n)) return n as EngineName;
  throw new InputError(`unknown engine "${name}" (expected one of: ${ENGINE_NAMES.join(", ")})`);
}

/**
 * The engine chosen by the environment (notebooks, `npm run build`): `CASESTUDY_ENGINE` (default polars),
 * `CASESTUDY_MEMORY_LIMIT`, `CASESTUDY_SPARK_MASTER`. Unset variables leave the fields undefined.
 */
export function engineFromEnv(env: Record<string, string | undefined> = process.env): EngineOptions {
  const out: EngineOptions = {};
  if (env.CASESTUDY_ENGINE?.trim()) out.engine = parseEngineName(env.CASESTUDY_ENGINE);
  if (env.CASESTUDY_MEMORY_LIMIT?.trim()) out.memoryLimit = parseMemoryLimit(env.CASESTUDY_MEMORY_LIMIT);
  if (env.CASESTUDY_SPARK_MASTER?.trim()) out.sparkMaster = env.CASESTUDY_SPARK_MASTER.trim();
  return out;
}
