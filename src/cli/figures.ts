/** `casestudy figures`: placeholder until its issue lands. */
import type { Command } from "commander";

export function registerFigures(program: Command): void {
  program.command("figures").description("(not built yet)").action(() => {
    throw new Error("casestudy figures is not built yet");
  });
}
