/** `casestudy serve`: serves the built site on this machine (src/report/serve.ts), since file:// cannot run it. */
import fs from "node:fs";
import path from "node:path";
import type { Command } from "commander";
import { projectPaths } from "../paths.js";
import { serveSite, serverUrl } from "../report/serve.js";
import { parseNumberOption } from "../data/index.js";
import { InputError } from "../util/errors.js";

/** Registers `casestudy serve [--dir report/_site] [--port 4173] [--host 127.0.0.1]`. */
export function registerServe(program: Command): void {
  program
    .command("serve")
    .description("serve the built website at http://127.0.0.1:4173/ until Ctrl-C (Quarto's pages do not run from file://)")
    .option("--dir <dir>", "the site folder (the default is relative to the project root)", "report/_site")
    .option("--port <n>", "port; 0 picks a free one", "4173")
    .option("--host <address>", "interface to listen on", "127.0.0.1")
    .action(async (opts: { dir: string; port: string; host: string }, cmd: Command) => {
      const paths = projectPaths();
      const dir = cmd.getOptionValueSource("dir") === "default" ? path.join(paths.root, opts.dir) : path.resolve(opts.dir);
      const shownDir = path.relative(process.cwd(), dir) || ".";
      if (!fs.existsSync(path.join(dir, "index.html"))) {
        throw new InputError(`no built site in ${shownDir} (no index.html): run \`npm run build\` (or \`npm run render\`) first`);
      }
      const port = parseNumberOption("--port", opts.port, true);
      if (port > 65535) throw new InputError(`--port must be at most 65535, got "${opts.port}"`);
      const server = await serveSite(dir, { port, host: opts.host }).catch((e: NodeJS.ErrnoException) => {
        if (e.code === "EADDRINUSE") throw new InputError(`port ${port} on ${opts.host} is in use: choose another with --port (0 picks a free one)`);
        throw e;
      });
      process.stdout.write(`serving ${shownDir} at ${serverUrl(server)} (Ctrl-C to stop)\n`);
      await new Promise<void>((resolve) => {
        const stop = () => server.close(() => resolve());
        process.once("SIGINT", stop);
        process.once("SIGTERM", stop);
      });
    });
}
