/**
 * `casestudy generate --format uci --rows N [--seed S] --out FILE.csv`: a realistic UCI-schema CSV of any size
 * (streamed); `--out FILE.parquet` writes the same lines as Parquet with the UCI Parquet copy's column types
 * (converted by DuckDB within `--memory-limit`, default 2GB). `--format canonical [--scale N] --out DIR` writes the synthetic store's canonical tables.
 */
import type { Command } from "commander";
import { InputError } from "../util/errors.js";
import { writeUciCsv, writeUciParquet } from "../data/uci-generator.js";
import { syntheticStore } from "../data/synthetic.js";
import { writeStore } from "../data/store-io.js";
import { count, stage } from "../util/progress.js";
import { cliProgress } from "./progress.js";

/** Registers `casestudy generate`. */
export function registerGenerate(program: Command): void {
  program
    .command("generate")
    .description("generate test data: a UCI-schema CSV (--format uci) or the synthetic canonical store (--format canonical)")
    .option("--format <format>", "uci or canonical", "uci")
    .option("--rows <n>", "data lines (uci)", "100000")
    .option("--seed <n>", "seed", "42")
    .option("--scale <n>", "synthetic store size (canonical)", "1")
    .requiredOption("--out <path>", "output file (uci) or folder (canonical)")
    .option("--memory-limit <size>", "DuckDB memory limit when writing Parquet (uci, --out FILE.parquet)", "2GB")
    .option("--quiet", "no progress on stderr")
    .action(async (opts: { format: string; rows: string; seed: string; scale: string; out: string; memoryLimit: string; quiet?: boolean }) => {
      const seed = Number(opts.seed);
      if (!Number.isInteger(seed) || seed < 0) throw new InputError(`--seed must be a non-negative integer, got "${opts.seed}"`);
      if (opts.format === "uci") {
        const rows = Number(opts.rows.replace(/_/g, ""));
        if (!Number.isInteger(rows) || rows < 1) throw new InputError(`--rows must be a positive integer, got "${opts.rows}"`);
        const t0 = Date.now();
        const progress = cliProgress("casestudy generate", { quiet: opts.quiet });
        let n: number;
        try {
          n = await stage(
            progress,
            "write",
            () => {
              const o = { rows, seed, onProgress: (w: number) => progress.update?.(`${count(w)} of ${count(rows)} lines`) };
              return opts.out.toLowerCase().endsWith(".parquet") ? writeUciParquet(opts.out, { ...o, memoryLimit: opts.memoryLimit }) : writeUciCsv(opts.out, o);
            },
            (w) => `${count(w)} lines`,
          );
        } finally {
          progress.stop();
        }
        process.stdout.write(`wrote ${opts.out}: ${n.toLocaleString("en-GB")} lines in ${((Date.now() - t0) / 1000).toFixed(1)} s\n`);
      } else if (opts.format === "canonical") {
        const scale = Number(opts.scale);
        if (!Number.isFinite(scale) || scale <= 0) throw new InputError(`--scale must be a positive number, got "${opts.scale}"`);
        const progress = cliProgress("casestudy generate", { quiet: opts.quiet });
        try {
          const { store, log } = await stage(progress, "generate", () => syntheticStore({ seed, scale }), (s) => `${count(s.store.order_lines.height)} order lines`);
          await stage(progress, "write", () => writeStore(store, log, opts.out), (files) => `${count(files.length)} files`);
        } finally {
          progress.stop();
        }
        process.stdout.write(`wrote the synthetic store (seed ${seed}, scale ${scale}) to ${opts.out}\n`);
      } else {
        throw new InputError(`unknown --format "${opts.format}" (expected uci or canonical)`);
      }
    });
}
