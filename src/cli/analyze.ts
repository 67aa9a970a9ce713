/** `casestudy analyze`: placeholder until its issue lands. */
import type { Command } from "commander";

export function registerAnalyze(program: Command): void {
  program.command("analyze").description("(not built yet)").action(() => {
    throw new Error("casestudy analyze is not built yet");
  });
}
