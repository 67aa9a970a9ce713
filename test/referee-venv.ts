/**
 * The test-only referee environment made by scripts/setup-referees.sh (.venv-referee: Python `lifetimes`, mpmath,
 * pyarrow). Tests that need it skip with a message naming the command that creates it.
 */
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { projectPaths } from "../src/paths.js";

/** The referee venv's python, or null with the reason it cannot be used. */
export function refereePython(modules: readonly string[]): { python: string | null; reason: string } {
  const python = path.join(projectPaths().root, ".venv-referee", "bin", "python");
  if (!fs.existsSync(python)) return { python: null, reason: ".venv-referee not present (run: bash scripts/setup-referees.sh)" };
  const r = spawnSync(python, ["-c", modules.map((m) => `import ${m}`).join("; ")], { encoding: "utf8" });
  if (r.status !== 0) return { python: null, reason: `.venv-referee lacks ${modules.join(", ")} (rerun: bash scripts/setup-referees.sh)` };
  return { python, reason: "" };
}

/** Runs a script in scripts/referee with the referee python; returns stdout parsed as JSON. */
export function runReferee<T>(python: string, script: string, args: readonly string[], input?: string): T {
  const file = path.join(projectPaths().root, "scripts", "referee", script);
  const r = spawnSync(python, [file, ...args], { encoding: "utf8", input, maxBuffer: 1 << 28 });
  if (r.status !== 0) throw new Error(`referee ${script} failed: ${r.stderr}`);
  return JSON.parse(r.stdout) as T;
}
