/**
 * Worker threads that run the project's TypeScript without a loader. A worker started from a `.ts` file needs
 * tsx registered inside it, and that costs each worker a module-hooks thread and a compile of every imported
 * file (0.3–0.6 s per worker on 2 cores, more than the work for a store of a few thousand customers). Instead
 * the entry runs from an esbuild bundle cached on disk (`cachedBundle`: the project's files in one CommonJS
 * file, packages left as `require`s), rebuilt when any file in it changes, so a notebook kernel that reloads an
 * edited helper also runs the edited code in its workers. A worker then starts in about 30 ms.
 */
import { Worker, type WorkerOptions } from "node:worker_threads";
import { projectRoot } from "../paths.js";
import { cachedBundle } from "./bundle-cache.cjs";

/** A worker thread running `entry` (absolute path of a `.ts` file of `src/`) from its cached bundle. */
export function startWorker(entry: string, options: WorkerOptions = {}): Worker {
  return new Worker(cachedBundle(projectRoot(), entry, "cjs"), options);
}
