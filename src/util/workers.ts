/**
 * Worker threads that run the project's TypeScript without a loader. A worker started from a `.ts` file needs
 * tsx registered inside it, and that costs each worker a module-hooks thread and a compile of every imported
 * file (0.3–0.6 s per worker on 2 cores, more than the work for a store of a few thousand customers). Instead
 * the entry is bundled once per process by esbuild (the project's own files only; packages stay `require`s) and
 * each worker evaluates the bundle: about 30 ms per worker. The bundle is rebuilt when any file in it changes,
 * so a notebook kernel that reloads an edited helper also runs the edited code in its workers.
 * (No `import.meta` here: notebooks compile src/ to CommonJS through tslab.)
 */
import fs from "node:fs";
import { Worker, type WorkerOptions } from "node:worker_threads";
import { buildSync } from "esbuild";

interface Bundle {
  code: string;
  /** Files in the bundle and their modification times (ms) when it was built. */
  inputs: Array<[string, number]>;
}

const BUNDLES = new Map<string, Bundle>();

const mtime = (file: string) => {
  try {
    return fs.statSync(file).mtimeMs;
  } catch {
    return -1;
  }
};

/**
 * The CommonJS source of `entry` (an absolute path to a `.ts` file) bundled with the project files it imports;
 * npm packages and Node built-ins are left as `require` calls. Cached per process until one of its files changes.
 */
export function workerSource(entry: string): string {
  const cached = BUNDLES.get(entry);
  if (cached && cached.inputs.every(([file, t]) => mtime(file) === t)) return cached.code;
  const out = buildSync({
    entryPoints: [entry],
    bundle: true,
    platform: "node",
    format: "cjs",
    target: "node20",
    packages: "external",
    write: false,
    metafile: true,
    logLevel: "silent",
  });
  const cwd = process.cwd();
  const inputs = Object.keys(out.metafile!.inputs).map((f): [string, number] => {
    const file = f.startsWith("/") ? f : `${cwd}/${f}`;
    return [file, mtime(file)];
  });
  const bundle = { code: out.outputFiles![0].text, inputs };
  BUNDLES.set(entry, bundle);
  return bundle.code;
}

/** A worker thread running `entry` (a `.ts` file of `src/`, see `workerSource`) with the given options. */
export function startWorker(entry: string, options: Omit<WorkerOptions, "eval"> = {}): Worker {
  return new Worker(workerSource(entry), { ...options, eval: true });
}
