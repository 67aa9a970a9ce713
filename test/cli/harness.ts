/**
 * Runs the data-layer subcommands in-process the way src/cli/main.ts does (InputError → one `error:` line,
 * exit 2), without importing main.ts and therefore every other subcommand.
 */
import { Command, CommanderError } from "commander";
import { vi } from "vitest";
import { InputError } from "../../src/util/errors.js";
import { registerData } from "../../src/cli/data.js";
import { registerGenerate } from "../../src/cli/generate.js";

/** Runs `casestudy <args>` with only `data` and `generate` registered; captures stdout and stderr. */
export async function runCli(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = "";
  let stderr = "";
  const err = vi.spyOn(process.stderr, "write").mockImplementation((s: string | Uint8Array) => {
    stderr += String(s);
    return true;
  });
  const out = vi.spyOn(process.stdout, "write").mockImplementation((s: string | Uint8Array) => {
    stdout += String(s);
    return true;
  });
  const program = new Command("casestudy").exitOverride();
  registerData(program);
  registerGenerate(program);
  try {
    await program.parseAsync(["node", "casestudy", ...args]);
    return { code: 0, stdout, stderr };
  } catch (e) {
    if (e instanceof CommanderError) return { code: e.exitCode === 0 ? 0 : 2, stdout, stderr };
    if (e instanceof InputError) {
      process.stderr.write(`error: ${e.message}\n`);
      return { code: 2, stdout, stderr };
    }
    process.stderr.write(`error: ${(e instanceof Error ? e.message : String(e)).split("\n")[0]}\n`);
    return { code: 1, stdout, stderr };
  } finally {
    err.mockRestore();
    out.mockRestore();
  }
}
