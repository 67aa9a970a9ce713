// Runs the project's TypeScript from esbuild bundles cached in node_modules/.cache/casestudy-cli/ (used by
// bin/casestudy.js and bin/run-ts.js). A bundle holds the project files an entry imports (packages stay imports)
// and starts in about a third of the time tsx needs to compile and resolve ~130 modules one by one. Its manifest
// lists every bundled file with its size and modification time; any difference at start (an edit, a checkout)
// rebuilds it first, so it always runs the current src/. When the bundle cannot be built or written, tsx compiles
// the files on the fly instead (CASESTUDY_TSX=1 forces that).
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

/** The project root (this file is in bin/). */
export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");

const stamp = (f) => {
  const s = fs.statSync(f);
  return `${s.size}:${s.mtimeMs}`;
};

/** Path of an up-to-date bundle of `entry` (absolute .ts path), rebuilding it when needed; null when it cannot be had. */
async function bundleOf(entry) {
  const key = crypto.createHash("sha256").update(entry).digest("hex").slice(0, 16);
  const dir = path.join(root, "node_modules", ".cache", "casestudy-cli");
  const base = path.join(dir, `${path.basename(entry, ".ts")}-${key}`);
  const file = `${base}.mjs`;
  const manifestFile = `${base}.json`;
  try {
    const manifest = JSON.parse(fs.readFileSync(manifestFile, "utf8"));
    if (fs.existsSync(file) && Object.entries(manifest).every(([f, s]) => stamp(f) === s)) return file;
  } catch {
    /* no bundle yet, or a bundled file is gone: build it */
  }
  try {
    const started = Date.now();
    const { build } = await import("esbuild");
    const out = await build({
      entryPoints: [entry],
      absWorkingDir: root,
      bundle: true,
      platform: "node",
      format: "esm",
      target: "node20",
      packages: "external",
      write: false,
      metafile: true,
      logLevel: "silent",
    });
    const manifest = {};
    let editedDuringBuild = false;
    for (const f of Object.keys(out.metafile.inputs)) {
      const abs = path.resolve(root, f);
      manifest[abs] = stamp(abs);
      if (fs.statSync(abs).mtimeMs >= started) editedDuringBuild = true;
    }
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(`${file}.${process.pid}.tmp`, out.outputFiles[0].contents);
    fs.renameSync(`${file}.${process.pid}.tmp`, file);
    // A file edited while bundling: use this bundle once, but leave no manifest, so the next start rebuilds.
    if (editedDuringBuild) fs.rmSync(manifestFile, { force: true });
    else {
      fs.writeFileSync(`${manifestFile}.${process.pid}.tmp`, JSON.stringify(manifest));
      fs.renameSync(`${manifestFile}.${process.pid}.tmp`, manifestFile);
    }
    return file;
  } catch {
    return null;
  }
}

/** Imports the project's TypeScript module `entry` (absolute path): from its bundle, else through tsx. */
export async function importTs(entry) {
  const bundle = process.env.CASESTUDY_TSX === "1" ? null : await bundleOf(entry);
  if (bundle) return import(pathToFileURL(bundle).href);
  const { register } = await import("tsx/esm/api");
  register();
  return import(pathToFileURL(entry).href);
}
