/**
 * `npm run lab` takes any Jupyter flag: the project's defaults live in scripts/jupyter/config (a Jupyter config
 * file on JUPYTER_CONFIG_PATH), so the user's arguments win. Starts scripts/lab.sh (what `npm run lab` runs)
 * with `--ip 127.0.0.1 --port P` (aliases), with `--ServerApp.ip=127.0.0.1 --ServerApp.port=P` (the long form,
 * which used to fail with "Error loading argument ServerApp.ip=[…]"), and with `--ServerApp.root_dir=` a scratch
 * folder; each time asks the server over HTTP what it serves. No browser needed; skipped without the .venv.
 */
import { type ChildProcess, spawn } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { projectPaths } from "../../src/paths.js";
import { stopLab } from "./harness.js";

const paths = projectPaths();
const hasVenv = fs.existsSync(path.join(paths.root, ".venv", "bin", "python"));
if (!hasVenv) console.warn("skipped: .venv not present: run 'bash scripts/setup-jupyter.sh' to test npm run lab");

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once("error", reject);
    s.listen(0, "127.0.0.1", () => {
      const { port } = s.address() as net.AddressInfo;
      s.close(() => resolve(port));
    });
  });
}

/** Runs `bash scripts/lab.sh ARGS` until /api/status answers on `port`; returns the process and its log. */
async function startLab(args: string[], port: number, token: string): Promise<{ proc: ChildProcess; log: () => string }> {
  const proc = spawn("bash", ["scripts/lab.sh", ...args], { cwd: paths.root, detached: true, stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  proc.stdout?.on("data", (b: Buffer) => (output += b.toString()));
  proc.stderr?.on("data", (b: Buffer) => (output += b.toString()));
  const deadline = Date.now() + 90_000;
  while (Date.now() < deadline) {
    if (proc.exitCode !== null) throw new Error(`jupyter lab exited with ${proc.exitCode}:\n${output}`);
    try {
      const r = await fetch(`http://127.0.0.1:${port}/api/status`, { headers: { Authorization: `token ${token}` } });
      if (r.ok) return { proc, log: () => output };
    } catch {
      /* not listening yet */
    }
    await new Promise((r) => setTimeout(r, 300));
  }
  await stopLab(proc);
  throw new Error(`jupyter lab did not answer on port ${port} within 90 s:\n${output}`);
}


async function api(port: number, token: string, route: string): Promise<any> {
  const r = await fetch(`http://127.0.0.1:${port}${route}`, { headers: { Authorization: `token ${token}` } });
  expect(r.status, route).toBe(200);
  return r.json();
}

describe.skipIf(!hasVenv)("npm run lab takes Jupyter's flags", () => {
  const forms: Array<[string, (port: number) => string[]]> = [
    ["--ip 127.0.0.1 --port P", (port) => ["--ip", "127.0.0.1", "--port", String(port)]],
    ["--ServerApp.ip=127.0.0.1 --ServerApp.port=P", (port) => ["--ServerApp.ip=127.0.0.1", `--ServerApp.port=${port}`]],
  ];
  for (const [name, flags] of forms) {
    it(`starts with ${name}, keeping the project's other defaults`, async () => {
      const port = await freePort();
      const token = crypto.randomBytes(16).toString("hex");
      const { proc, log } = await startLab([...flags(port), "--no-browser", `--IdentityProvider.token=${token}`, "--ServerApp.port_retries=0"], port, token);
      try {
        // the project's defaults from the config file still apply: the tslab kernel only, the project root served
        const specs = await api(port, token, "/api/kernelspecs");
        expect(Object.keys(specs.kernelspecs)).toEqual(["tslab"]);
        expect(specs.default).toBe("tslab");
        const root = await api(port, token, "/api/contents/");
        expect(root.content.map((e: { name: string }) => e.name)).toEqual(expect.arrayContaining(["notebooks", "src", "package.json"]));
        expect(log()).not.toMatch(/Bad config|Error loading argument/);
      } finally {
        await stopLab(proc);
      }
    });
  }

  it("lets --ServerApp.root_dir override the project root", async () => {
    const scratch = fs.mkdtempSync(path.join(os.tmpdir(), "casestudy-labroot-"));
    fs.writeFileSync(path.join(scratch, "only-here.txt"), "x");
    const port = await freePort();
    const token = crypto.randomBytes(16).toString("hex");
    const { proc } = await startLab(
      [`--ServerApp.root_dir=${scratch}`, "--port", String(port), "--no-browser", `--IdentityProvider.token=${token}`, "--ServerApp.port_retries=0"],
      port,
      token,
    );
    try {
      const root = await api(port, token, "/api/contents/");
      expect(root.content.map((e: { name: string }) => e.name)).toEqual(["only-here.txt"]);
    } finally {
      await stopLab(proc);
      fs.rmSync(scratch, { recursive: true, force: true });
    }
  });
});
