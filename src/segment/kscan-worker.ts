/**
 * Worker-thread entry of the k-scan (started by `ScanWorkers` in kscan.ts, bundled by src/util/workers.ts): takes
 * `{ matrix }` (the rows to cluster) and then `{ task }` messages, and answers each task with its scan row and
 * the kept run's centers, or with the error.
 */
import { parentPort } from "node:worker_threads";
import { scanOneKWithFit, type KTask } from "./kscan-kernel.js";
import type { Matrix } from "./matrix.js";

let x: Matrix | null = null;
parentPort!.on("message", (msg: { matrix?: Matrix; task?: KTask }) => {
  if (msg.matrix) {
    x = msg.matrix;
    return;
  }
  try {
    if (!x) throw new Error("k-scan worker: a task came before the matrix");
    const { row, fit } = scanOneKWithFit(x, msg.task!);
    parentPort!.postMessage({ ok: true, row, fit });
  } catch (e) {
    parentPort!.postMessage({ ok: false, error: String(e instanceof Error && e.stack ? e.stack : e) });
  }
});
