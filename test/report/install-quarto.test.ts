/**
 * scripts/install-quarto.sh, the parts that need no download: an explicit CASESTUDY_QUARTO is used or refused
 * with one error line (never silently replaced), and bad usage is one error line. The install itself (from
 * ../shared/tools/quarto) is exercised by `npm run build` and `.ci/run` on a fresh clone.
 */
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { projectRoot } from "../../src/paths.js";

const script = path.join(projectRoot(), "scripts", "install-quarto.sh");
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "casestudy-quarto-"));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

/** A stand-in `quarto` that prints `version` for --version. */
function fakeQuarto(version: string): string {
  const dir = fs.mkdtempSync(path.join(tmp, "bin-"));
  fs.writeFileSync(path.join(dir, "quarto"), `#!/bin/sh\n[ "$1" = "--version" ] && echo "${version}"\n`, { mode: 0o755 });
  return path.join(dir, "quarto");
}
const run = (args: string[], env: Record<string, string> = {}) => spawnSync("bash", [script, ...args], { encoding: "utf8", env: { ...process.env, ...env } });

describe("scripts/install-quarto.sh --if-missing", () => {
  it("uses CASESTUDY_QUARTO when it is Quarto ≥ 1.5, printing its folder for PATH", () => {
    const q = fakeQuarto("1.6.40");
    const r = run(["--if-missing"], { CASESTUDY_QUARTO: q });
    expect(r.status).toBe(0);
    expect(r.stdout).toBe(path.dirname(q) + "\n");
    expect(r.stderr).toBe(`quarto: 1.6.40 (${q})\n`);
  });
  it("refuses a CASESTUDY_QUARTO that is too old or does not run, with one error line", () => {
    const old = run(["--if-missing"], { CASESTUDY_QUARTO: fakeQuarto("1.4.550") });
    expect(old.status).toBe(1);
    expect(old.stderr).toMatch(/^error: CASESTUDY_QUARTO=.* is not Quarto ≥ 1\.5 \(1\.4\.550\): install Quarto ≥ 1\.5 from https:\/\/quarto\.org/);
    expect(old.stderr.trim().split("\n")).toHaveLength(1);
    const none = run(["--if-missing"], { CASESTUDY_QUARTO: path.join(tmp, "nothing") });
    expect(none.stderr).toMatch(/^error: .* \(does not run\)/);
  });
  it("rejects unknown arguments", () => {
    const r = run(["--bogus"]);
    expect(r.status).toBe(1);
    expect(r.stderr).toBe("error: usage: bash scripts/install-quarto.sh [--if-missing]\n");
  });
});
