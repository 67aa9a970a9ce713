/** `casestudy render`: builds the published site (Quarto when available, else the pandoc preview renderer). */
import path from "node:path";
import { Option, type Command } from "commander";
import { projectPaths } from "../paths.js";
import { renderSite, type RendererChoice } from "../report/render.js";

/** Registers `casestudy render [--renderer auto|quarto|preview] [--out report/_site]`. */
export function registerRender(program: Command): void {
  program
    .command("render")
    .description("build the case-study website from notebooks/executed and report/exports into report/_site")
    .addOption(
      new Option("--renderer <name>", "quarto (needs Quarto ≥ 1.5), preview (pandoc), or auto")
        .choices(["auto", "quarto", "preview"])
        .default("auto"),
    )
    .option("--out <dir>", "output folder (the default is relative to the project root)", "report/_site")
    .action(async (opts: { renderer: RendererChoice; out: string }, cmd: Command) => {
      const paths = projectPaths();
      const fromDefault = cmd.getOptionValueSource("out") === "default";
      const result = await renderSite({
        root: paths.root,
        renderer: opts.renderer,
        outDir: fromDefault ? path.join(paths.root, opts.out) : path.resolve(opts.out),
        log: (line) => process.stderr.write(line + "\n"),
      });
      process.stdout.write(
        `site: ${path.relative(process.cwd(), path.join(result.outDir, "index.html")) || "index.html"} (${result.renderer} renderer: ${result.reason})\n`,
      );
    });
}
