import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { Command } from "commander";
import { describe, expect, it } from "vitest";
import { registerRender } from "../../src/cli/render.js";
import { registerServe } from "../../src/cli/serve.js";
import { InputError } from "../../src/util/errors.js";

function program(): Command {
  const p = new Command("casestudy").exitOverride().configureOutput({ writeErr: () => undefined, writeOut: () => undefined });
  registerRender(p);
  registerServe(p);
  return p;
}

describe("casestudy render", () => {
  it("documents its option and where it finds Quarto in --help", () => {
    const help = program().commands[0].helpInformation().replace(/\s+/g, " ");
    expect(help).toContain("--out <dir>");
    expect(help).toContain("CASESTUDY_QUARTO, else quarto on PATH, else .tools/quarto");
    expect(help).not.toContain("--renderer");
  });
});

describe("casestudy serve", () => {
  it("without a built site: one error naming the command that builds it", async () => {
    const empty = fs.mkdtempSync(path.join(os.tmpdir(), "casestudy-serve-"));
    try {
      await expect(program().parseAsync(["node", "casestudy", "serve", "--dir", empty])).rejects.toThrow(InputError);
      await expect(program().parseAsync(["node", "casestudy", "serve", "--dir", empty])).rejects.toThrow(/no built site in .* run `npm run build`/);
    } finally {
      fs.rmSync(empty, { recursive: true, force: true });
    }
  });
  it("rejects a port that is not one", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "casestudy-serve-"));
    fs.writeFileSync(path.join(dir, "index.html"), "<p>x</p>");
    try {
      await expect(program().parseAsync(["node", "casestudy", "serve", "--dir", dir, "--port", "http"])).rejects.toThrow(/--port must be a non-negative integer, got "http"/);
      await expect(program().parseAsync(["node", "casestudy", "serve", "--dir", dir, "--port", "70000"])).rejects.toThrow(/at most 65535/);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
