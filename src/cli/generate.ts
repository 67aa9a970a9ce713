/** `casestudy generate`: placeholder until its issue lands. */
import type { Command } from "commander";

export function registerGenerate(program: Command): void {
  program.command("generate").description("(not built yet)").action(() => {
    throw new Error("casestudy generate is not built yet");
  });
}
