/**
 * `casestudy`: the command-line front end. Each subcommand lives in its own file and is a thin wrapper over
 * the library; this file only wires them up and turns errors into one `error:` line and an exit code.
 */
import { Command, CommanderError } from "commander";
import { InputError } from "../util/errors.js";
import { registerData } from "./data.js";
import { registerAnalyze } from "./analyze.js";
import { registerGenerate } from "./generate.js";
import { registerRender } from "./render.js";
import { registerServe } from "./serve.js";
import { registerFigures } from "./figures.js";

/** Builds the `casestudy` program with every subcommand registered. */
export function buildProgram(): Command {
  const program = new Command("casestudy")
    .description("Customer segmentation case-study kit: data, analysis, figures and the published site")
    .showHelpAfterError(false)
    .exitOverride();
  registerData(program);
  registerAnalyze(program);
  registerGenerate(program);
  registerRender(program);
  registerServe(program);
  registerFigures(program);
  return program;
}

/** Runs the CLI; returns the process exit code (0 ok, 2 bad input or usage, 1 unexpected failure). */
export async function main(argv: string[] = process.argv): Promise<number> {
  const program = buildProgram();
  program.configureOutput({ writeErr: (s) => process.stderr.write(s.startsWith("error:") ? s : s) });
  try {
    await program.parseAsync(argv);
    return 0;
  } catch (e) {
    if (e instanceof CommanderError) {
      if (e.exitCode === 0) return 0; // --help, --version
      return 2; // commander already printed "error: …"
    }
    if (e instanceof InputError) {
      process.stderr.write(`error: ${e.message}\n`);
      return 2;
    }
    const msg = e instanceof Error ? e.message : String(e);
    process.stderr.write(`error: ${msg.split("\n")[0]}\n`);
    return 1;
  }
}

const invokedDirectly = process.argv[1] !== undefined && /cli[\\/]main\.[tj]s$/.test(process.argv[1]);
if (invokedDirectly) {
  main().then((code) => process.exit(code));
}
