/**
 * The notebooks and the CLI must agree: 04-insights, executed headless by the project's Jupyter on a small
 * synthetic store, shows exactly the findings (titles and recommendations) that `casestudy analyze` writes to
 * business_insights.json for the same dataset and seed.
 */
import { execFileSync, spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { escapeHtml } from "../../src/util/html.js";

const root = path.resolve(__dirname, "..", "..");
const python = path.join(root, ".venv", "bin", "python");
const hasVenv = fs.existsSync(python);
if (!hasVenv) console.warn("skipped: notebooks vs CLI test needs the project's Jupyter (.venv): run `npm run setup`");

const env = { ...process.env, CASESTUDY_DATASET: "synthetic", CASESTUDY_SEED: "7", CASESTUDY_SCALE: "0.3" };

describe.skipIf(!hasVenv)("notebooks agree with the CLI", () => {
  it("04-insights shows the findings of business_insights.json, byte for byte", { timeout: 900_000 }, () => {
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "casestudy-nb-"));
    execFileSync("node", [path.join(root, "bin", "casestudy.js"), "analyze", "--out", path.join(tmp, "exports"), "--no-figures"], {
      cwd: root,
      env,
      stdio: "pipe",
    });
    const run = spawnSync(python, [path.join(root, "scripts", "run_notebooks.py"), "notebooks/04-insights.ipynb", "--out", path.join(tmp, "nb")], {
      cwd: root,
      env,
      encoding: "utf8",
    });
    expect(run.stderr + run.stdout).not.toMatch(/^error:/m);
    expect(run.status).toBe(0);

    const insights = JSON.parse(fs.readFileSync(path.join(tmp, "exports", "business_insights.json"), "utf8")) as {
      findings: { title: string; recommendation: string }[];
    };
    const nb = JSON.parse(fs.readFileSync(path.join(tmp, "nb", "04-insights.ipynb"), "utf8")) as {
      cells: { cell_type: string; source: string[] | string; outputs?: { data?: Record<string, string | string[]> }[] }[];
    };
    const cell = nb.cells.find((c) => [c.source].flat().join("").includes("label: findings-all"));
    const html = [cell?.outputs?.[0]?.data?.["text/html"] ?? ""].flat().join("");
    const shown = [...html.matchAll(/<li><strong>(.*?)<\/strong><br><span class="cs-recommendation">→ (.*?)<\/span><\/li>/g)].map((m) => [m[1], m[2]]);
    expect(insights.findings.length).toBeGreaterThan(5);
    expect(shown).toEqual(insights.findings.map((f) => [escapeHtml(f.title), escapeHtml(f.recommendation)]));
    fs.rmSync(tmp, { recursive: true, force: true });
  });
});
