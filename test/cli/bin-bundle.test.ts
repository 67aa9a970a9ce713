// bin/casestudy.js runs the CLI from an esbuild bundle of src/ cached in node_modules/.cache/casestudy-bundles/: an
// edit to any bundled file must be picked up by the next start, and the bundle must give what tsx gives.
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";

const root = path.resolve(__dirname, "../..");

function scratchProject(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "casestudy-bin-"));
  for (const f of ["bin", "src", "package.json", "tsconfig.json"]) fs.cpSync(path.join(root, f), path.join(dir, f), { recursive: true });
  // a node_modules of its own (links to the packages), so the scratch bundle cache stays in the scratch folder
  fs.mkdirSync(path.join(dir, "node_modules"));
  for (const entry of fs.readdirSync(path.join(root, "node_modules"))) {
    if (entry !== ".cache") fs.symlinkSync(path.join(root, "node_modules", entry), path.join(dir, "node_modules", entry));
  }
  return dir;
}

const help = (dir: string, env: NodeJS.ProcessEnv = {}) =>
  execFileSync(process.execPath, [path.join(dir, "bin", "casestudy.js"), "--help"], { cwd: dir, encoding: "utf8", env: { ...process.env, ...env } });

describe("bin/casestudy.js", () => {
  it("runs from a bundle that follows edits to src/, and says what tsx says", () => {
    const dir = scratchProject();
    try {
      const first = help(dir);
      expect(first).toContain("Customer segmentation case-study kit");
      const cache = path.join(dir, "node_modules", ".cache", "casestudy-bundles");
      expect(fs.readdirSync(cache).some((f) => f.endsWith(".mjs"))).toBe(true);
      expect(help(dir, { CASESTUDY_TSX: "1" })).toBe(first);
      // an edit in a file the CLI imports: the next start shows it
      const main = path.join(dir, "src", "cli", "main.ts");
      fs.writeFileSync(main, fs.readFileSync(main, "utf8").replace("Customer segmentation case-study kit", "Edited kit"));
      const second = help(dir);
      expect(second).toContain("Edited kit");
      expect(second).not.toContain("Customer segmentation case-study kit");
      expect(help(dir, { CASESTUDY_TSX: "1" })).toBe(second);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);
});
