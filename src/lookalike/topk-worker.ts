/**
 * Worker entry of topKCosine (bundled and started by src/util/workers.ts): runs the own-leaf pass over all
 * leaves, then claims chunks of leaves from a shared counter for the leaf-pair pass. The tree, the counter and
 * this worker's candidate state live in SharedArrayBuffers; the main thread merges the states.
 */
import { parentPort, workerData } from "node:worker_threads";
import { type BallTree, scanLeafPairs, scanOwnLeaves, scanScratch, type TopKState } from "./kernel.js";

const { tree, k, counter, chunk, state } = workerData as { tree: BallTree; k: number; counter: Int32Array; chunk: number; state: TopKState };
const leaves = tree.leafStart.length - 1;
const sc = scanScratch(tree);
scanOwnLeaves(tree, k, state, 0, leaves, sc);
for (;;) {
  const from = Atomics.add(counter, 0, chunk);
  if (from >= leaves) break;
  scanLeafPairs(tree, k, state, from, Math.min(leaves, from + chunk), sc);
}
parentPort!.postMessage("done");
