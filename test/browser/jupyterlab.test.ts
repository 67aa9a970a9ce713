/**
 * JupyterLab as an analyst uses it: starts `scripts/lab.sh` (what `npm run lab` runs) on a free localhost port
 * with a random token, opens notebooks/02-segmentation.ipynb (the smoke notebook until that exists) in
 * /usr/bin/chromium through playwright-core, runs every cell through JupyterLab's own menu (Run → Run All
 * Cells), waits for the kernel to go idle, and checks: no cell shows an error or stderr, a Vega chart is drawn
 * (`.vega-embed` with an svg or canvas), an HTML table is shown, no request leaves localhost, the server offers
 * the project's tslab kernel only. Saves report/screenshots/jupyterlab-segmentation.png. The server, its
 * kernels and the browser are stopped in `finally` blocks; the notebook file is never saved (autosave off).
 * Run with `npm run test:browser` (vitest.browser.config.ts).
 */
import { type ChildProcess, spawn } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { type BrowserContext, chromium, type Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { projectPaths } from "../../src/paths.js";
import { stopLab } from "./harness.js";

const CHROMIUM = "/usr/bin/chromium";
const ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"];
const paths = projectPaths();
const hasVenv = fs.existsSync(path.join(paths.root, ".venv", "bin", "python"));
const hasChromium = fs.existsSync(CHROMIUM);
if (!hasVenv) console.warn("skipped: .venv not present: run 'bash scripts/setup-jupyter.sh' to test JupyterLab");
if (!hasChromium) console.warn(`skipped: ${CHROMIUM} not present`);

const SEGMENTATION = "notebooks/02-segmentation.ipynb";
// CASESTUDY_LAB_NOTEBOOK=path (relative to the project root) tests another notebook.
const SMOKE = "test/notebooks/fixtures/00-smoke.ipynb";
/** Seconds the notebook may take to run all its cells in the browser. */
const RUN_TIMEOUT_MS = Number(process.env.CASESTUDY_LAB_RUN_TIMEOUT_S ?? 420) * 1000;

/** A free TCP port on 127.0.0.1 (asked from the OS, then released). */
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

/**
 * JupyterLab settings for the test only (a temporary JUPYTERLAB_SETTINGS_DIR): no autosave, so running the
 * notebook never rewrites it; no cell virtualization, so every cell is in the DOM. (A settings dir replaces
 * the user's settings whole, so the project's autoStartDefaultKernel is repeated; news stay off through the
 * venv's overrides.json.)
 */
function writeTestSettings(dir: string): void {
  const put = (plugin: string, value: object) => {
    const file = path.join(dir, `${plugin}.jupyterlab-settings`);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, JSON.stringify(value));
  };
  put("@jupyterlab/docmanager-extension/plugin", { autosave: false });
  put("@jupyterlab/notebook-extension/tracker", { windowingMode: "none", autoStartDefaultKernel: true });
}

/** Starts scripts/lab.sh; resolves when /api/status answers, rejects with the server log if it exits first. */
async function startLab(port: number, token: string, env: NodeJS.ProcessEnv): Promise<{ proc: ChildProcess; log: () => string }> {
  const args = ["scripts/lab.sh", "--port", String(port), "--no-browser", `--IdentityProvider.token=${token}`, "--ServerApp.port_retries=0"];
  const proc = spawn("bash", args, { cwd: paths.root, env, detached: true, stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  proc.stdout?.on("data", (b: Buffer) => (output += b.toString()));
  proc.stderr?.on("data", (b: Buffer) => (output += b.toString()));
  const log = () => output;
  const deadline = Date.now() + 90_000;
  while (Date.now() < deadline) {
    if (proc.exitCode !== null) throw new Error(`jupyter lab exited with ${proc.exitCode}:\n${output}`);
    try {
      const r = await fetch(`http://127.0.0.1:${port}/api/status`, { headers: { Authorization: `token ${token}` } });
      if (r.ok) return { proc, log };
    } catch {
      /* not listening yet */
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(`jupyter lab did not answer within 90 s:\n${output}`);
}


/** Is `url` served from this machine (or not a network request at all)? */
function isLocal(url: string): boolean {
  const u = new URL(url);
  if (["data:", "blob:", "about:"].includes(u.protocol)) return true;
  return ["127.0.0.1", "localhost", "[::1]"].includes(u.hostname);
}

/** Waits until the notebook's kernel is idle with every started cell finished (no `[*]` prompt), twice in a row. */
async function waitForIdle(page: Page, base: string, token: string): Promise<void> {
  const deadline = Date.now() + RUN_TIMEOUT_MS;
  let calm = 0;
  let seen = "";
  while (Date.now() < deadline) {
    const sessions = (await (await fetch(`${base}/api/sessions`, { headers: { Authorization: `token ${token}` } })).json()) as Array<{
      kernel: { execution_state: string };
    }>;
    const kernelIdle = sessions.length > 0 && sessions.every((s) => s.kernel.execution_state === "idle");
    const prompts = await page.locator(".jp-CodeCell .jp-InputPrompt").allInnerTexts();
    const running = prompts.some((p) => p.includes("*"));
    const started = prompts.some((p) => /\[\d+\]/.test(p));
    calm = kernelIdle && started && !running ? calm + 1 : 0;
    seen = `kernels ${sessions.map((s) => s.kernel.execution_state).join(",") || "none"}, prompts ${prompts.join(" ")}`;
    if (calm >= 2) return;
    await page.waitForTimeout(1_000);
  }
  throw new Error(`the notebook did not finish within ${RUN_TIMEOUT_MS / 1000} s (${seen})`);
}

describe.skipIf(!hasVenv || !hasChromium)("JupyterLab (npm run lab) in Chromium", () => {
  it("runs the segmentation notebook through the UI: charts and tables, no errors, nothing leaves localhost", async () => {
    const target = process.env.CASESTUDY_LAB_NOTEBOOK ?? (fs.existsSync(path.join(paths.root, SEGMENTATION)) ? SEGMENTATION : SMOKE);
    if (!process.env.CASESTUDY_LAB_NOTEBOOK && target === SMOKE) console.warn(`${SEGMENTATION} does not exist yet: testing JupyterLab on ${SMOKE} instead`);
    const notebookBefore = fs.readFileSync(path.join(paths.root, target));

    const scratch = fs.mkdtempSync(path.join(os.tmpdir(), "casestudy-lab-"));
    const settings = path.join(scratch, "settings");
    writeTestSettings(settings);
    const env = { ...process.env, JUPYTERLAB_SETTINGS_DIR: settings, JUPYTERLAB_WORKSPACES_DIR: path.join(scratch, "workspaces") };
    const port = await freePort();
    const token = crypto.randomBytes(24).toString("hex");
    const base = `http://127.0.0.1:${port}`;
    const { proc, log } = await startLab(port, token, env);
    let context: BrowserContext | undefined;
    try {
      // The server offers the project's kernel, and only that one.
      const specs = (await (await fetch(`${base}/api/kernelspecs`, { headers: { Authorization: `token ${token}` } })).json()) as {
        default: string;
        kernelspecs: Record<string, { spec: { display_name: string; language: string; argv: string[] } }>;
      };
      expect(Object.keys(specs.kernelspecs)).toEqual(["tslab"]);
      expect(specs.default).toBe("tslab");
      expect(specs.kernelspecs.tslab.spec.display_name).toBe("TypeScript (casestudy)");
      expect(specs.kernelspecs.tslab.spec.argv[1]).toBe(path.join(paths.root, "scripts", "jupyter", "tslab-kernel.sh"));

      context = await chromium.launchPersistentContext(path.join(scratch, "chromium-profile"), {
        executablePath: CHROMIUM,
        args: ARGS,
        headless: true,
        viewport: { width: 1440, height: 1000 },
      });
      const requests: string[] = [];
      context.on("request", (req) => requests.push(req.url()));
      const page = context.pages()[0] ?? (await context.newPage());
      page.on("websocket", (ws) => requests.push(ws.url()));

      await page.goto(`${base}/lab/tree/${target}?token=${token}`, { waitUntil: "domcontentloaded" });
      await page.locator(".jp-NotebookPanel .jp-Cell").first().waitFor({ timeout: 120_000 });
      // The kernel starts with the notebook; wait until the status bar says it is ready ("No Kernel",
      // "Connecting" come first; the toolbar's indicator already says idle before there is a kernel).
      await page.locator(".jp-StatusBar-Widget", { hasText: "TypeScript (casestudy) | Idle" }).first().waitFor({ timeout: 120_000 });

      // With one kernel and autoStartDefaultKernel there must be no "Select Kernel" (or any other) dialog.
      await page.waitForTimeout(1_000);
      const dialogs = await page.locator(".jp-Dialog").allInnerTexts();
      expect(dialogs, "dialogs open after loading the notebook").toEqual([]);

      // Run → Run All Cells, through JupyterLab's own menu.
      await page.locator(".lm-MenuBar-item", { hasText: /^Run$/ }).click();
      await page.locator(".lm-Menu-item", { hasText: /^Run All Cells/ }).first().click();
      await waitForIdle(page, base, token);

      const errors = await page
        .locator(".jp-OutputArea-output[data-mime-type='application/vnd.jupyter.stderr'], .jp-OutputArea-output[data-mime-type='application/vnd.jupyter.error']")
        .allInnerTexts();
      expect(errors, "cells showing errors or stderr").toEqual([]);
      const notRun = await page.locator(".jp-CodeCell .jp-InputPrompt").evaluateAll((els) => els.filter((e) => /\[\s*\]/.test(e.textContent ?? "")).length);
      expect(notRun, "code cells left unexecuted").toBe(0);
      const chart = page.locator(".jp-OutputArea-output .vega-embed").first();
      await chart.locator("svg, canvas").first().waitFor({ timeout: 60_000 }).catch(async (e: Error) => {
        const html = await page.locator(".jp-OutputArea-output[data-mime-type='text/html']").count();
        throw new Error(
          `no chart drawn by JupyterLab's Vega-Lite renderer (${html} outputs rendered as text/html instead; JupyterLab ` +
            "ranks text/html (50) above application/vnd.vegalite.v5+json (57), so a bundle carrying both shows its HTML): " +
            e.message,
        );
      });
      await chart.scrollIntoViewIfNeeded();
      fs.mkdirSync(paths.screenshots, { recursive: true });
      await page.screenshot({ path: path.join(paths.screenshots, "jupyterlab-segmentation.png") });
      expect(await page.locator(".jp-OutputArea-output .vega-embed :is(svg, canvas)").count()).toBeGreaterThan(0);
      expect(await page.locator(".jp-OutputArea-output table").count()).toBeGreaterThan(0);

      const external = requests.filter((u) => !isLocal(u));
      expect(external, "requests that left localhost").toEqual([]);
      expect(requests.length).toBeGreaterThan(0);
    } catch (e) {
      const page = context?.pages()[0];
      if (page) await page.screenshot({ path: path.join(paths.screenshots, "jupyterlab-failure.png") }).catch(() => undefined);
      throw new Error(`${(e as Error).message}\n--- jupyter lab log (tail) ---\n${log().slice(-4000)}`, { cause: e });
    } finally {
      await context?.close().catch(() => undefined);
      await stopLab(proc);
      fs.rmSync(scratch, { recursive: true, force: true });
    }
    expect(fs.readFileSync(path.join(paths.root, target)).equals(notebookBefore), `${target} was modified`).toBe(true);
  });
});
