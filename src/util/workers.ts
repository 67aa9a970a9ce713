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

/**
 * A worker thread running `entry` (absolute path of a `.ts` file of `src/`) from its cached bundle. Throws when
 * no bundle can be had (esbuild missing, or node_modules/.cache not writable): callers then compute in-process.
 */
export function startWorker(entry: string, options: WorkerOptions = {}): Worker {
  return new Worker(workerBundle(entry), options);
}

/** Path of the cached CommonJS bundle of `entry` (built now if missing or stale); throws as `startWorker`. */
export function workerBundle(entry: string): string {
  return cachedBundle(projectRoot(), entry, "cjs");
}

/** `start()`, or null when it throws (no worker can be started here): the caller works in-process instead. */
export function tryStart<T>(start: () => T): T | null {
  try {
    return start();
  } catch {
    return null;
  }
}
