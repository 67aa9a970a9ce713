/**
 * `casestudy figures [dataset options] --out DIR`: runs the analysis and writes every chart of the case study
 * as `<name>.vl.json` and `<name>.svg` (static, rendered in Node by vega).
 */
import path from "node:path";
import type { Command } from "commander";
import { projectPaths } from "../paths.js";
import { writeFigures } from "../charts/index.js";
import { cachedAnalysis, caseStudyFigures } from "../pipeline/index.js";
import { datasetSpecFrom, withDatasetOptions, withEngineOptions, type DatasetFlags } from "./dataset-options.js";

/** Registers `casestudy figures`. */
export function registerFigures(program: Command): void {
  withEngineOptions(withDatasetOptions(program.command("figures")))
    .description("write every chart as .vl.json and .svg")
    .option("--out <dir>", "output folder (default report/figures)")
    .action(async (flags: DatasetFlags & { out?: string }) => {
      const spec = datasetSpecFrom(flags);
      const dir = flags.out ?? projectPaths().figures;
      const result = await cachedAnalysis(spec); // from data/cache when nothing changed (CASESTUDY_NO_CACHE=1 to bypass)
      const written = await writeFigures(caseStudyFigures(result), dir);
      process.stdout.write(`wrote ${written.length} files to ${dir}${path.sep}\n`);
    });
}
