import { Command } from "commander";
import { describe, expect, it } from "vitest";
import { registerRender } from "../../src/cli/render.js";
import { quartoVersion } from "../../src/report/render.js";
import { InputError } from "../../src/util/errors.js";

function program(): Command {
  const p = new Command("casestudy").exitOverride().configureOutput({ writeErr: () => undefined, writeOut: () => undefined });
  registerRender(p);
  return p;
}

describe("casestudy render", () => {
  it("accepts only auto, quarto and preview as --renderer", async () => {
    await expect(program().parseAsync(["node", "casestudy", "render", "--renderer", "pdf"])).rejects.toThrow(/Allowed choices are auto, quarto, preview/);
  });
  it.skipIf(quartoVersion() !== undefined)("--renderer quarto without Quarto is a usage error that points to the preview", async () => {
    await expect(program().parseAsync(["node", "casestudy", "render", "--renderer", "quarto"])).rejects.toThrow(InputError);
    await expect(program().parseAsync(["node", "casestudy", "render", "--renderer", "quarto"])).rejects.toThrow(/use --renderer preview/);
  });
  it("documents its options in --help", () => {
    const help = program().commands[0].helpInformation();
    expect(help).toContain("--renderer <name>");
    expect(help).toContain('(choices: "auto", "quarto", "preview", default: "auto")');
    expect(help).toContain('--out <dir>');
  });
});
