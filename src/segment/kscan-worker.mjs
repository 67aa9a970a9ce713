// Worker-thread entry of kmeansScan: registers tsx so the TypeScript kernel loads under node, tsx, vitest
// and tslab alike, then answers { k-task } messages with scan rows. Started by src/segment/kscan.ts.
import { parentPort, workerData } from "node:worker_threads";
import { register } from "tsx/esm/api";

register();
const { scanOneK } = await import("./kscan-kernel.ts");
const x = { n: workerData.n, d: workerData.d, data: workerData.data, columns: workerData.columns };
parentPort.on("message", (task) => {
  try {
    parentPort.postMessage({ ok: true, row: scanOneK(x, task) });
  } catch (e) {
    parentPort.postMessage({ ok: false, error: String(e && e.stack ? e.stack : e) });
  }
});
parentPort.postMessage({ ready: true });
