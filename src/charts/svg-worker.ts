/**
 * Worker-thread entry of `SvgRenderers` (bundled and started by src/util/workers.ts): loads vega and vega-lite at
 * once, then answers `{ id, spec }` messages with `{ id, svg }` (or the error), rendered by `renderSvg`.
 */
import { parentPort } from "node:worker_threads";
import type { TopLevelSpec } from "vega-lite";
import { loadVega, loadVegaLite, renderSvg } from "./svg.js";

const warm = Promise.all([loadVega(), loadVegaLite()]);
warm.catch(() => {}); // reported with the first spec
parentPort!.on("message", async (msg: { id: number; spec: TopLevelSpec }) => {
  try {
    await warm;
    parentPort!.postMessage({ id: msg.id, ok: true, svg: await renderSvg(msg.spec) });
  } catch (e) {
    parentPort!.postMessage({ id: msg.id, ok: false, error: String(e instanceof Error && e.stack ? e.stack : e) });
  }
});
