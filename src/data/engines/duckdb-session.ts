/**
 * A DuckDB session through the official Node bindings (`@duckdb/node-api`), loaded only when an engine or
 * command needs it, so the default polars path never pays for it. One in-memory database per session; a
 * memory limit and a spill folder make DuckDB work out of core on data larger than the limit.
 */
import os from "node:os";
import { InputError } from "../../util/errors.js";

/** Options of {@link openDuckDb}. */
export interface DuckDbSessionOptions {
  /** DuckDB `memory_limit`, e.g. "2GB". Default: DuckDB's own (80% of RAM). */
  memoryLimit?: string;
  /** DuckDB `threads`. Default: DuckDB's own (all cores). */
  threads?: number;
  /** Folder for spilled intermediate data. Default: the system's temporary folder. */
  tempDirectory?: string;
}

/** The part of a DuckDB connection the engines use. */
export interface DuckDbSession {
  /** Runs one statement; returns its rows as objects (BIGINT as bigint, TIMESTAMP as DuckDB values). */
  rows(sql: string): Promise<Record<string, unknown>[]>;
  /** Runs one statement and discards its result. */
  run(sql: string): Promise<void>;
  /** Closes the connection and the database. */
  close(): void;
}

/** A memory limit as DuckDB accepts it: a number and a unit (`512MB`, `2GB`, `1.5GiB`); else one InputError line. */
export function parseMemoryLimit(value: string): string {
  const v = value.trim();
  if (!/^[0-9]+(\.[0-9]+)?\s*(B|KB|MB|GB|TB|KiB|MiB|GiB|TiB)$/i.test(v)) {
    throw new InputError(`--memory-limit must be a size like 512MB or 4GB, got "${value}"`);
  }
  return v.replace(/\s+/g, "");
}

/** Opens an in-memory DuckDB with the given limits. Throws one InputError line when the bindings are missing. */
export async function openDuckDb(options: DuckDbSessionOptions = {}): Promise<DuckDbSession> {
  let api: typeof import("@duckdb/node-api");
  try {
    api = await import("@duckdb/node-api");
  } catch (e) {
    throw new InputError(
      `the duckdb engine needs the package @duckdb/node-api: run 'npm install' (${(e instanceof Error ? e.message : String(e)).split("\n")[0]})`,
    );
  }
  const config: Record<string, string> = { temp_directory: options.tempDirectory ?? os.tmpdir() };
  if (options.memoryLimit) config.memory_limit = parseMemoryLimit(options.memoryLimit);
  if (options.threads) config.threads = String(options.threads);
  const instance = await api.DuckDBInstance.create(":memory:", config);
  const connection = await instance.connect();
  return {
    async rows(sql: string) {
      const reader = await connection.runAndReadAll(sql);
      return reader.getRowObjects() as Record<string, unknown>[];
    },
    async run(sql: string) {
      await connection.run(sql);
    },
    close() {
      connection.closeSync();
      instance.closeSync();
    },
  };
}

/** A SQL string literal (single quotes doubled). */
export function sqlString(s: string): string {
  return `'${s.replace(/'/g, "''")}'`;
}

/** A quoted SQL identifier (double quotes doubled). */
export function sqlIdent(s: string): string {
  return `"${s.replace(/"/g, '""')}"`;
}
