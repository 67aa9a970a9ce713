/** `casestudy render`: builds the published site with Quarto (src/report/render.ts). */
import path from "node:path";
import type { Command } from "commander";
import { projectPaths } from "../paths.js";
import { renderSite } from "../report/render.js";

/** Registers `casestudy render [--out report/_site]`. */
export function registerRender(program: Command): void {
  program
    .command("render")
    .description(
      "build the case-study website with Quarto ≥ 1.5 (CASESTUDY_QUARTO, else quarto on PATH, else .tools/quarto) " +
        "from notebooks/executed and report/exports into report/_site",
    )
    .option("--out <dir>", "output folder (the default is relative to the project root)", "report/_site")
    .action(async (opts: { out: string }, cmd: Command) => {
      const paths = projectPaths();
      const fromDefault = cmd.getOptionValueSource("out") === "default";
      const result = await renderSite({
        root: paths.root,
        outDir: fromDefault ? path.join(paths.root, opts.out) : path.resolve(opts.out),
        log: (line) => process.stderr.write(line + "\n"),
      });
      const index = path.relative(process.cwd(), path.join(result.outDir, "index.html")) || "index.html";
      process.stdout.write(`site: ${index} (rendered by quarto ${result.quarto.version.join(".")}); read it with \`npm run serve\`\n`);
    });
}
