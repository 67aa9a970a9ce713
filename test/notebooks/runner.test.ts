/**
 * scripts/run_notebooks.py end to end: real tslab kernels through nbclient, on fixture notebooks written to a
 * temporary folder. Needs the project's Jupyter environment (.venv, made by scripts/setup-jupyter.sh).
 */
import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { projectRoot } from "../../src/paths.js";

const root = projectRoot();
const python = path.join(root, ".venv", "bin", "python");
const hasVenv = fs.existsSync(python);
if (!hasVenv) console.warn("skipped: .venv not present: run 'bash scripts/setup-jupyter.sh' to test the notebook runner");

/** A minimal nbformat 4.5 notebook for the tslab kernel; the first cell is markdown, the rest are code. */
function notebook(codeCells: string[]): object {
  const cells = [
    { cell_type: "markdown", id: "c1", metadata: {}, source: "# fixture" },
    ...codeCells.map((source, i) => ({
      cell_type: "code",
      id: `c${i + 2}`,
      metadata: {},
      execution_count: null,
      outputs: [],
      source,
    })),
  ];
  return {
    cells,
    metadata: { kernelspec: { name: "tslab", display_name: "TypeScript (casestudy)", language: "typescript" } },
    nbformat: 4,
    nbformat_minor: 5,
  };
}

interface RunResult {
  status: number | null;
  stderr: string;
}

/** Runs the runner on `files` (paths) with executed copies going to `out`; resolves when it exits. */
function runNotebooks(files: string[], out: string, extra: string[] = []): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const args = ["scripts/run_notebooks.py", ...files, "--out", out, "--timeout", "120", ...extra];
    const child = spawn(python, args, { cwd: root, env: process.env, stdio: ["ignore", "ignore", "pipe"] });
    let stderr = "";
    child.stderr.on("data", (b: Buffer) => (stderr += b.toString()));
    child.on("error", reject);
    child.on("close", (status) => resolve({ status, stderr }));
  });
}

// A cell that imports a src/ helper and shows a chart through src/charts/display.ts.
const SPEC = `{
  $schema: "https://vega.github.io/schema/vega-lite/v6.json",
  data: { values: [{ segment: "A", spend: 30 }, { segment: "B", spend: 210 }] },
  mark: "bar",
  encoding: { x: { field: "segment", type: "nominal" }, y: { field: "spend", type: "quantitative" } },
}`;
const DISPLAY_CELL = `import { display } from "./src/charts/display.js";\ndisplay(${SPEC});`;
const GOOD = notebook([
  `import { escapeHtml } from "./src/util/html.js";\nconsole.log(escapeHtml("<b>"), process.cwd());`,
  DISPLAY_CELL,
]);

describe.skipIf(!hasVenv)("run_notebooks.py", () => {
  let dir = "";
  // The three runs start together (each is a kernel start plus tslab compiling src/), then the tests read them.
  let good: Promise<RunResult>;
  let again: Promise<RunResult>;
  let bad: Promise<RunResult>;
  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "casestudy-notebooks-"));
    fs.writeFileSync(path.join(dir, "good.ipynb"), JSON.stringify(GOOD));
    fs.writeFileSync(
      path.join(dir, "throws.ipynb"),
      JSON.stringify(notebook(["const ok: number = 1;", 'throw new RangeError("planned failure");', "console.log(ok);"])),
    );
    fs.writeFileSync(path.join(dir, "stderr.ipynb"), JSON.stringify(notebook(['console.error("a warning");'])));
    good = runNotebooks([path.join(dir, "good.ipynb")], path.join(dir, "out1"));
    again = runNotebooks([path.join(dir, "good.ipynb")], path.join(dir, "out2"));
    bad = runNotebooks([path.join(dir, "throws.ipynb"), path.join(dir, "stderr.ipynb")], path.join(dir, "out-bad"), ["--keep-going"]);
  });
  afterAll(async () => {
    await Promise.allSettled([good, again, bad]);
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  it("executes a notebook in the project root and keeps the chart as native Vega-Lite (no HTML for JupyterLab to prefer)", async () => {
    const r = await good;
    expect(r.stderr).not.toMatch(/^error:/m);
    expect(r.status).toBe(0);
    const nb = JSON.parse(fs.readFileSync(path.join(dir, "out1", "good.ipynb"), "utf8"));
    const outputs = nb.cells.flatMap((c: { outputs?: unknown[] }) => c.outputs ?? []) as Array<Record<string, any>>;
    const stdout = outputs.filter((o) => o.output_type === "stream").map((o) => [o.text].flat().join(""));
    expect(stdout.join("")).toBe(`&lt;b&gt; ${root}\n`);
    const charts = outputs.filter((o) => o.output_type === "display_data");
    expect(charts).toHaveLength(1);
    expect(Object.keys(charts[0].data).sort()).toEqual(["application/vnd.vegalite.v5+json", "text/plain"]);
    expect(charts[0].data["application/vnd.vegalite.v5+json"]).toMatchObject({ encoding: { x: { field: "segment" } } });
    // volatile fields are gone: no timings, counts renumbered from 1, the kernel spec is ours
    expect(nb.cells.every((c: { metadata: object }) => !("execution" in c.metadata))).toBe(true);
    expect(nb.cells.filter((c: { cell_type: string }) => c.cell_type === "code").map((c: any) => c.execution_count)).toEqual([1, 2]);
    expect(nb.metadata.kernelspec.name).toBe("tslab");
  });

  it("fails loudly on a throwing cell and on stderr output, naming notebook and cell", async () => {
    const out = path.join(dir, "out-bad");
    const r = await bad;
    expect(r.status).toBe(1);
    const errors = r.stderr.split("\n").filter((l) => l.startsWith("error:"));
    expect(errors).toEqual([
      `error: ${path.join(dir, "throws.ipynb")} cell 3: RangeError: planned failure`,
      `error: ${path.join(dir, "stderr.ipynb")} cell 2: a warning`,
    ]);
    expect(fs.existsSync(path.join(out, "throws.ipynb"))).toBe(false);
    expect(fs.existsSync(path.join(out, "stderr.ipynb"))).toBe(false);
  });

  it("writes byte-identical executed notebooks on a second run", async () => {
    expect((await good).status).toBe(0);
    expect((await again).status).toBe(0);
    const first = fs.readFileSync(path.join(dir, "out1", "good.ipynb"));
    expect(fs.readFileSync(path.join(dir, "out2", "good.ipynb")).equals(first)).toBe(true);
  });
});
