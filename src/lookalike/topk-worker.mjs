// Worker entry of topKCosine: registers tsx so the TypeScript kernel loads, then claims chunks of query
// leaves from a shared counter until none are left. All arrays live in SharedArrayBuffers.
import { parentPort, workerData } from "node:worker_threads";
import { register } from "tsx/esm/api";

register();
const { scanLeaves } = await import("./kernel.ts");
const { tree, k, counter, chunk, neighbors, scores } = workerData;
const leaves = tree.leafStart.length - 1;
for (;;) {
  const from = Atomics.add(counter, 0, chunk);
  if (from >= leaves) break;
  scanLeaves(tree, k, from, Math.min(leaves, from + chunk), neighbors, scores);
}
parentPort.postMessage("done");
