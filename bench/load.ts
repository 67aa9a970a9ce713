/**
 * Times `loadStore` alone on a UCI-schema file, as one process: the loader of whatever source tree this file
 * sits in (it imports only src/data, so it also runs in a checkout of an older commit, which is how the
 * "before" row of bench/README.md was recorded). The last stdout line is one JSON object.
 *
 *   node --import tsx bench/load.ts --input bench/out/uci-1m.csv [--label 1m] [--commit ID]
 */
import os from "node:os";
import { spawnSync } from "node:child_process";
import path from "node:path";
import { loadStore } from "../src/data/index.js";

const arg = (name: string) => {
  const i = process.argv.indexOf(name);
  return i > 0 ? process.argv[i + 1] : undefined;
};
const input = arg("--input");
if (!input) throw new Error("--input is required");
const loadAvg = os.loadavg()[0];
const t = performance.now();
const { store, log } = await loadStore({ dataset: "online-retail", input });
const seconds = (performance.now() - t) / 1000;
const root = path.resolve(path.dirname(process.argv[1]), "..");
console.log(
  JSON.stringify({
    mode: "load",
    input: arg("--label") ?? path.basename(input),
    commit: arg("--commit") ?? spawnSync("git", ["rev-parse", "--short", "HEAD"], { encoding: "utf8", cwd: root }).stdout.trim(),
    rows_in: log.tables.order_lines?.rows_in,
    order_lines: store.order_lines.height,
    seconds: Math.round(seconds * 1000) / 1000,
    peak_rss_mb: Math.round(process.resourceUsage().maxRSS / 102.4) / 10,
    load_avg_before: Math.round(loadAvg * 100) / 100,
  }),
);
