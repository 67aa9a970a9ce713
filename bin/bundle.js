// Runs the project's TypeScript from cached esbuild bundles (src/util/bundle-cache.cjs; used by bin/casestudy.js
// and bin/run-ts.js): a bundle starts in about a third of the time tsx needs to compile and resolve ~130 modules
// one by one, and is rebuilt whenever a file in it changed. When it cannot be built or written, tsx compiles the
// files on the fly instead (CASESTUDY_TSX=1 forces that).
import path from "node:path";
import { createRequire } from "node:module";
import { fileURLToPath, pathToFileURL } from "node:url";

/** The project root (this file is in bin/). */
export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");

/** Imports the project's TypeScript module `entry` (absolute path): from its bundle, else through tsx. */
export async function importTs(entry) {
  let bundle = null;
  if (process.env.CASESTUDY_TSX !== "1") {
    try {
      const { cachedBundle } = createRequire(import.meta.url)("../src/util/bundle-cache.cjs");
      bundle = cachedBundle(root, entry, "esm");
    } catch {
      /* fall back to tsx */
    }
  }
  if (bundle) return import(pathToFileURL(bundle).href);
  const { register } = await import("tsx/esm/api");
  register();
  return import(pathToFileURL(entry).href);
}
