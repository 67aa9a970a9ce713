/**
 * Worker threads that render Vega-Lite specs to SVG (`renderSvg`) side by side. Started ahead of the figures
 * (`casestudy analyze` starts them before loading the store), they load vega and vega-lite while the analysis
 * runs, and the figures then take about 1/threads of the time. Same spec → same SVG bytes as `renderSvg` here.
 */
import path from "node:path";
import type { Worker } from "node:worker_threads";
import type { TopLevelSpec } from "vega-lite";
import { projectRoot } from "../paths.js";
import { startWorker, tryStart } from "../util/workers.js";

type Reply = { id: number; ok: boolean; svg?: string; error?: string };

/** A pool of SVG-rendering worker threads; `close()` ends them (they are unref'd, so a forgotten pool does not keep the process alive). */
export class SvgRenderers {
  private readonly workers: Worker[];
  private readonly pending = new Map<number, { resolve: (svg: string) => void; reject: (e: Error) => void }>();
  private nextId = 0;
  private turn = 0;

  private constructor(workers: Worker[]) {
    this.workers = workers;
    for (const w of workers) {
      w.unref();
      w.on("message", (m: Reply) => {
        const p = this.pending.get(m.id);
        if (!p) return;
        this.pending.delete(m.id);
        if (m.ok) p.resolve(m.svg!);
        else p.reject(new Error(`SVG render failed: ${m.error}`));
      });
      const failAll = (e: Error) => {
        for (const p of this.pending.values()) p.reject(e);
        this.pending.clear();
      };
      w.on("error", (e) => failAll(e instanceof Error ? e : new Error(String(e))));
      w.on("exit", (code) => failAll(new Error(`SVG render worker exited with code ${code}`)));
    }
  }

  /**
   * Starts `count` threads (default 2), each loading vega and vega-lite at once; undefined when no worker can be
   * started here (see `startWorker`): render in the calling thread then.
   */
  static start(count = 2): SvgRenderers | undefined {
    const entry = path.join(projectRoot(), "src", "charts", "svg-worker.ts");
    const workers = tryStart(() => Array.from({ length: Math.max(1, count) }, () => startWorker(entry)));
    return workers ? new SvgRenderers(workers) : undefined;
  }

  /** The SVG document of `spec` (as `renderSvg` gives it), rendered by the next thread in turn. */
  render(spec: TopLevelSpec): Promise<string> {
    const id = this.nextId++;
    const worker = this.workers[this.turn++ % this.workers.length];
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      worker.postMessage({ id, spec });
    });
  }

  /** Ends the threads. */
  async close(): Promise<void> {
    await Promise.all(this.workers.map((w) => w.terminate()));
  }
}
