/**
 * The analyst's loop through a real tslab kernel (test/notebooks/kernel_edit.py, jupyter_client from .venv): in
 * a scratch copy of the project, a cell imports a helper through two re-exporting modules and prints its
 * output; the helper's file is edited; re-running the same cell at once (no kernel restart, no wait for
 * TypeScript's file polling) prints the edited helper's output. Needs the project's .venv; skipped without it.
 */
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { projectRoot } from "../../src/paths.js";

const root = projectRoot();
const python = path.join(root, ".venv", "bin", "python");
const hasVenv = fs.existsSync(python);
if (!hasVenv) console.warn("skipped: .venv not present: run 'bash scripts/setup-jupyter.sh' to test the kernel");

const scratch = fs.mkdtempSync(path.join(os.tmpdir(), "casestudy-kernel-edit-"));
afterAll(() => fs.rmSync(scratch, { recursive: true, force: true }));

describe.skipIf(!hasVenv)("a running tslab kernel picks up an edited src/ helper", () => {
  it("prints the edited helper's output when the cell is re-run", () => {
    const project = path.join(scratch, "project");
    fs.mkdirSync(path.join(project, "scripts"), { recursive: true });
    for (const f of ["package.json", "tsconfig.json"]) fs.copyFileSync(path.join(root, f), path.join(project, f));
    fs.cpSync(path.join(root, "src"), path.join(project, "src"), { recursive: true });
    fs.cpSync(path.join(root, "scripts", "jupyter"), path.join(project, "scripts", "jupyter"), { recursive: true });
    // node_modules: the project's packages linked one by one, so tslab's transpile cache (node_modules/.cache)
    // of the scratch copy is its own and goes with it
    fs.mkdirSync(path.join(project, "node_modules"));
    for (const entry of fs.readdirSync(path.join(root, "node_modules"))) {
      if (entry !== ".cache") fs.symlinkSync(path.join(root, "node_modules", entry), path.join(project, "node_modules", entry));
    }
    const r = spawnSync(python, [path.join(root, "test", "notebooks", "kernel_edit.py"), project], { encoding: "utf8", timeout: 280_000 });
    expect(r.status, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout.trim().split("\n").pop()!) as { before: string; after: string; errors: string[] };
    expect(out.errors).toEqual([]);
    expect(out.before.trim()).toBe("25.0%");
    expect(out.after.trim()).toBe("25.0 percent");
    // the project's own helper is untouched
    expect(fs.readFileSync(path.join(root, "src", "util", "format.ts"), "utf8")).toContain('"n/a") + "%";');
  }, 300_000);
});
