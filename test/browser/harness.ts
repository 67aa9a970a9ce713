/** Shared by the browser tests: Debian's Chromium with the flags this machine needs, and the site's own server. */
import type { ChildProcess } from "node:child_process";
import fs from "node:fs";
import type http from "node:http";
import { serveSite } from "../../src/report/serve.js";

export const CHROMIUM = "/usr/bin/chromium";
/** Headless, as root, and with no background requests (the machine's network is closed). */
export const CHROMIUM_ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--no-first-run",
];
export const hasChromium = fs.existsSync(CHROMIUM);

/** Serves `dir` on 127.0.0.1 and a free port with `casestudy serve`'s server (src/report/serve.ts). */
export function serveDir(dir: string): Promise<http.Server> {
  return serveSite(dir);
}

/** Stops the server's process group (JupyterLab shuts its kernels down on SIGTERM), SIGKILL after 15 s. */
export async function stopLab(proc: ChildProcess): Promise<void> {
  if (proc.exitCode !== null || proc.pid === undefined) return;
  const exited = new Promise<void>((resolve) => proc.once("exit", () => resolve()));
  try {
    process.kill(-proc.pid, "SIGTERM");
  } catch {
    return;
  }
  const timer = new Promise<string>((resolve) => setTimeout(() => resolve("timeout"), 15_000));
  if ((await Promise.race([exited.then(() => "exited"), timer])) === "timeout") {
    try {
      process.kill(-proc.pid, "SIGKILL");
    } catch {
      /* already gone */
    }
  }
}
