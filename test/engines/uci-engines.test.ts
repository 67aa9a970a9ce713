/**
 * `casestudy analyze --engine duckdb` on the UCI files in ../shared/data writes the same bytes as the default
 * (polars) engine: segments.csv, lookalike.csv, cleaning-log.json, business_insights.json and every other
 * export. Skips, saying so, when the files are absent.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it, vi } from "vitest";
import { analyzeCommand } from "../../src/cli/analyze.js";
import { defaultInput } from "../../src/data/index.js";

const uci = defaultInput("online-retail");
const ii = uci && path.join(path.dirname(path.dirname(uci)), "uci-online-retail-ii-2009-2010", "online_retail_II_2009-2010.parquet");
const inputs = [uci, ii].filter((f): f is string => !!f && fs.existsSync(f));
if (inputs.length < 2) console.warn("skipped: engine agreement on the UCI files (needs ../shared/data/uci-online-retail and uci-online-retail-ii-2009-2010)");

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "uci-engines-"));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

async function analyze(input: string, engine: string): Promise<string> {
  const out = path.join(dir, `${path.basename(input, ".parquet")}-${engine}`);
  const write = vi.spyOn(process.stdout, "write").mockImplementation(() => true);
  try {
    await analyzeCommand({ dataset: "online-retail", input, engine, memoryLimit: engine === "duckdb" ? "1GB" : undefined, out, figures: false });
  } finally {
    write.mockRestore();
  }
  return out;
}

describe.skipIf(inputs.length < 2)("the duckdb engine writes the polars engine's exports on the UCI files", () => {
  for (const input of inputs) {
    it(path.basename(input), async () => {
      const a = await analyze(input, "polars");
      const b = await analyze(input, "duckdb");
      const files = fs.readdirSync(a).sort();
      expect(files).toEqual(expect.arrayContaining(["segments.csv", "lookalike.csv", "cleaning-log.json", "business_insights.json"]));
      expect(fs.readdirSync(b).sort()).toEqual(files);
      for (const f of files) expect(fs.readFileSync(path.join(b, f)).equals(fs.readFileSync(path.join(a, f))), f).toBe(true);
    }, 600_000);
  }
});
