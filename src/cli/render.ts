/** `casestudy render`: placeholder until its issue lands. */
import type { Command } from "commander";

export function registerRender(program: Command): void {
  program.command("render").description("(not built yet)").action(() => {
    throw new Error("casestudy render is not built yet");
  });
}
